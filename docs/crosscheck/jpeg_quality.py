"""Were these CIFAR-10 images JPEG-compressed, and at which quality? Answered from the pixels.

Not part of the build. The shared archive's README says its images were taken from a public copy
that stores each image as a 32x32 JPEG, decoded and written back into the binary layout. A decoded
JPEG keeps a trace of its quantisation: the 8x8 DCT of each luminance block has coefficients near
whole multiples of the quantisation step of their frequency. This script measures that step for
each of the 64 frequencies and finds the IJG quality (the `-quality` of libjpeg, PIL and ImageIO)
whose standard luminance table (JPEG standard, Annex K, scaled as libjpeg does) matches it best.

Usage (numpy only; /usr/bin/python3 has it):
  /usr/bin/python3 docs/crosscheck/jpeg_quality.py ../shared/datasets/cifar-10/cifar-10-binary.tar.gz
Prints the measured steps, the nearest IJG quality and how many of the low frequencies agree.
With --self-test Q, the same estimate is run on images first re-encoded with PIL at quality Q, to
show that the method recovers a known quality.
"""
import argparse
import io
import math
import tarfile

import numpy as np

# Annex K.1 of the JPEG standard: the luminance table that quality 50 uses unscaled.
BASE_LUMINANCE = np.array([
    16, 11, 10, 16, 24, 40, 51, 61,
    12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77,
    24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101,
    72, 92, 95, 98, 112, 100, 103, 99]).reshape(8, 8)


def ijg_table(quality):
    """libjpeg's scaling of the base table for a quality from 1 to 100."""
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    return np.clip(np.floor((BASE_LUMINANCE * scale + 50) / 100), 1, 255)


def dct_matrix():
    """The orthonormal 8-point DCT-II; JPEG's 2D DCT of a block is D @ block @ D.T."""
    d = np.zeros((8, 8))
    for u in range(8):
        c = math.sqrt(1 / 8) if u == 0 else math.sqrt(2 / 8)
        for x in range(8):
            d[u, x] = c * math.cos((2 * x + 1) * u * math.pi / 16)
    return d


def test_images(path):
    with tarfile.open(path, "r:gz") as tar:
        for member in tar.getmembers():
            if member.name.endswith("test_batch.bin"):
                raw = np.frombuffer(tar.extractfile(member).read(), dtype=np.uint8)
                return raw.reshape(-1, 3073)[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    raise SystemExit(f"{path}: no test_batch.bin inside")


def luminance_coefficients(rgb):
    """DCT coefficients of every aligned 8x8 luminance block: shape (blocks, 8, 8)."""
    rgb = rgb.astype(np.float64)
    y = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2] - 128
    blocks = y.reshape(-1, 4, 8, 4, 8).transpose(0, 1, 3, 2, 4).reshape(-1, 8, 8)
    d = dct_matrix()
    return np.einsum("ux,bxy,vy->buv", d, blocks, d)


def measured_step(values, max_step=120, min_count=200):
    """The largest step whose multiples the coefficients sit on, or 0 when no step fits.

    A coefficient quantised with step q decodes to about k*q, off by the pixels' rounding.
    Coefficients within q/2 of zero say nothing (every step fits them), so only the others count;
    a step fits when their mean cos(2 pi c / q) is above 0.7 (1 for exact multiples, about 0 for
    values spread evenly).
    """
    best = 0
    for q in range(1, max_step + 1):
        far = values[np.abs(values) >= q / 2]
        if len(far) < min_count:
            break
        if np.mean(np.cos(2 * np.pi * far / q)) > 0.7:
            best = q
    return best


def reencode(rgb, quality):
    from PIL import Image
    out = np.empty_like(rgb)
    for i, image in enumerate(rgb):
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="JPEG", quality=quality)
        out[i] = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("archive")
    p.add_argument("--self-test", type=int, default=0, help="re-encode at this quality first")
    args = p.parse_args()
    rgb = test_images(args.archive)
    if args.self_test:
        rgb = reencode(rgb, args.self_test)
    coefficients = luminance_coefficients(rgb)
    steps = np.array([[measured_step(coefficients[:, u, v]) for v in range(8)] for u in range(8)])
    print("measured luminance steps (0: too few non-zero coefficients to tell):")
    print(steps)
    # Where almost every non-zero coefficient is +-1 step, a slightly larger candidate step fits
    # nearly as well (cos(2 pi q / (q + 1)) is close to 1), so the fit uses only the frequencies
    # with enough coefficients at 5 steps or more, where a wrong step shows.
    known = np.array([[steps[u, v] > 0 and np.sum(np.abs(coefficients[:, u, v]) >= 4.5 * steps[u, v]) >= 200
                       for v in range(8)] for u in range(8)])
    print(f"{known.sum()} frequencies have coefficients at 5 steps or more: the fit uses those")
    scores = []
    for quality in range(1, 101):
        table = ijg_table(quality)
        scores.append((np.sum(table[known] == steps[known]), quality))
    agree, quality = max(scores)
    print(f"nearest IJG quality: {quality} ({agree} of {known.sum()} measured steps equal)")
    print("IJG table at that quality:")
    print(ijg_table(quality).astype(int))


if __name__ == "__main__":
    main()
