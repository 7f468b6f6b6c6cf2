"""A copy of a CIFAR-10 binary archive with every image JPEG-compressed once more.

Not part of the build. It measures what JPEG compression costs a recipe: the shared archive's
images went through JPEG once (quality about 75, see jpeg_quality.py) before we got them, and the
lossless originals are not here, so the cost of that first pass cannot be measured directly. A
second pass of the same strength can: train on this copy and compare with the same run on the
shared archive.

Re-encoding on the same 8x8 grid at the same quality would change almost nothing (the
coefficients already sit on the quantisation steps), so each image is placed at an offset of
`--offset` rows and columns (odd by default, so the 2x2 colour subsampling is misaligned too) in a
40x40 canvas filled by reflection, encoded with PIL at `--quality`, decoded and cropped back:
fresh quantisation noise of the same kind and strength as the first pass.

Usage (numpy and PIL; /usr/bin/python3 has both):
  /usr/bin/python3 docs/crosscheck/jpeg_reencode.py ../shared/datasets/cifar-10/cifar-10-binary.tar.gz \
      target/cifar-10-jpeg-twice.tar.gz --quality 75
Prints the PSNR between the input and output images, for training and test sets.
"""
import argparse
import io
import os
import tarfile

import numpy as np
from PIL import Image


def reencode(records, quality, offset):
    """Records (n, 3073: label then CHW bytes) with every image compressed again."""
    out = records.copy()
    images = records[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    low = 40 - 32 - offset
    for i, image in enumerate(images):
        canvas = np.pad(image, ((offset, low), (offset, low), (0, 0)), mode="reflect")
        buffer = io.BytesIO()
        Image.fromarray(canvas).save(buffer, format="JPEG", quality=quality)
        decoded = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
        out[i, 1:] = decoded[offset:offset + 32, offset:offset + 32].transpose(2, 0, 1).reshape(-1)
    return out


def psnr(a, b):
    mse = np.mean((a[:, 1:].astype(np.float64) - b[:, 1:].astype(np.float64)) ** 2)
    return 10 * np.log10(255 ** 2 / mse)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("archive")
    p.add_argument("output")
    p.add_argument("--quality", type=int, default=75)
    p.add_argument("--offset", type=int, default=3)
    args = p.parse_args()
    if not 0 < args.offset < 8:
        raise SystemExit(f"--offset {args.offset}: must be 1 to 7")
    temporary = args.output + ".partial"
    with tarfile.open(args.archive, "r:gz") as source, tarfile.open(temporary, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if data is not None and member.name.endswith(".bin"):
                records = np.frombuffer(data, dtype=np.uint8).reshape(-1, 3073)
                again = reencode(records, args.quality, args.offset)
                print(f"{member.name}: {len(records)} images, PSNR {psnr(records, again):.2f} dB")
                data = again.tobytes()
            if data is not None:
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
            else:
                target.addfile(member)
    os.replace(temporary, args.output)


if __name__ == "__main__":
    main()
