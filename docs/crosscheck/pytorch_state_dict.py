"""Writes the fixture of PyTorchStateDictTest: a small CNN's state_dict as safetensors, and its outputs.

Not part of the build: the Java test reads the files this script wrote, committed under
nn/src/test/resources/pytorch/, so it runs without Python. To regenerate them (Debian's
python3-torch; the `safetensors` package is not needed, the format is written here by hand):

  python3 docs/crosscheck/pytorch_state_dict.py nn/src/test/resources/pytorch

The network, in PyTorch's names (an nn.Sequential, so modules are named 0, 1, ...), and the Tauon
model PyTorchStateDictTest builds to match it, layer for layer:

  Conv2d(3, 8, 3, padding=1)  Conv2D(8, 3).padding(Padding.SAME)
  BatchNorm2d(8)              BatchNorm2D()
  ReLU()                      ReLU()
  MaxPool2d(2)                MaxPool2D(2)
  Conv2d(8, 16, 3)            Conv2D(16, 3)
  ReLU()                      ReLU()
  Flatten()                   Flatten()        (both flatten NCHW channel-major)
  Linear(64, 32)              Dense(32)        (weight [32, 64] here, [64, 32] in Tauon)
  ReLU()                      ReLU()
  BatchNorm1d(32)             BatchNorm1D()
  Linear(32, 10)              Dense(10)

Three training-mode forward passes on random batches move the BatchNorm running statistics away
from 0 and 1, then the model is switched to eval() and run on a fixed batch of 2 images.

Files written:
  cnn_state_dict.safetensors  the state_dict, sorted by name as the safetensors package stores it,
                              every tensor as F32 (num_batches_tracked included, as a float)
  cnn_io.safetensors          "input" [2, 3, 8, 8] and "output" [2, 10], torch's eval-mode result
  cnn_state_dict_mixed.safetensors
                              the same state_dict in the dtypes torch saves when a model was cast:
                              the convolutions F16, the linears BF16, the BatchNorms F64, and
                              num_batches_tracked the int64 it is in every state_dict
  cnn_state_dict_mixed_as_float.safetensors
                              torch's own .float() of each tensor of the mixed file, as F32: what
                              PyTorchStateDict must read from it, bit for bit
"""
import json
import struct
import sys
from pathlib import Path

import torch
from torch import nn


DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.float16: ("F16", "<f2"),
          torch.int64: ("I64", "<i8"), torch.int32: ("I32", "<i4")}


def raw_bytes(t):
    """A tensor's little-endian bytes and its safetensors dtype (numpy has no bfloat16: its bits as int16)."""
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        return "BF16", t.view(torch.int16).numpy().astype("<i2").tobytes()
    dtype, numpy_type = DTYPES[t.dtype]
    return dtype, t.numpy().astype(numpy_type).tobytes()


def save_safetensors(tensors, path, metadata=None, keep_dtypes=False):
    """The safetensors layout: 8-byte little-endian header length, JSON header, raw little-endian data.
    Every tensor is written as F32 unless keep_dtypes, which writes each in its own dtype."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    blobs = []
    for name, t in tensors.items():
        dtype, data = raw_bytes(t if keep_dtypes else t.to(torch.float32))
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(2024)
    model = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3), nn.ReLU(), nn.Flatten(),
        nn.Linear(64, 32), nn.ReLU(), nn.BatchNorm1d(32), nn.Linear(32, 10))
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(torch.rand(4, 3, 8, 8) * 2 - 1)
    model.eval()
    x = torch.rand(2, 3, 8, 8) * 2 - 1
    with torch.no_grad():
        y = model(x)
    state = {k: v.float() for k, v in model.state_dict().items()}
    # the safetensors package stores tensors sorted by name ("10.bias" before "4.weight"), losing the
    # state_dict's order; do the same, so that the test sees what a real file holds
    state = dict(sorted(state.items()))
    save_safetensors(state, out / "cnn_state_dict.safetensors", {"format": "pt"})
    save_safetensors({"input": x, "output": y}, out / "cnn_io.safetensors")
    cast = {"0": torch.float16, "4": torch.float16, "7": torch.bfloat16, "10": torch.bfloat16,
            "1": torch.float64, "9": torch.float64}
    mixed = {k: v if not v.is_floating_point() else v.to(cast[k.split(".")[0]])
             for k, v in sorted(model.state_dict().items())}
    save_safetensors(mixed, out / "cnn_state_dict_mixed.safetensors", {"format": "pt"}, keep_dtypes=True)
    save_safetensors({k: v.float() for k, v in mixed.items()}, out / "cnn_state_dict_mixed_as_float.safetensors",
                     {"format": "pt"})
    print(f"torch {torch.__version__}: wrote {len(state)} tensors and the outputs to {out}")


if __name__ == "__main__":
    main()
