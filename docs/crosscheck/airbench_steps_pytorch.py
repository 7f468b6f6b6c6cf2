"""Repeats AirbenchStepDump's steps in PyTorch and prints how far they land from Tauon's.

Not part of the build. Reads the folder AirbenchStepDump wrote (init.safetensors, x.f32, y.i32,
after<k>.safetensors, eval_logits.f32), loads the same weights into a PyTorch nn.Sequential with the
same layer indices (so the state-dict names match; the head's weight is transposed, Tauon storing
Dense weights in x out), and takes the same steps: mean cross-entropy with label smoothing 0.2,
Nesterov SGD (momentum 0.85) with L2 decay 0.0153/11.5 at the rate 11.5/(1024*(1+1/0.15))*256,
the BatchNorm shifts at 64x the rate and 1/64 of the decay, the rate following the recipe's triangle
over 1,960 steps from 0.2 of the peak. After each step it prints the loss, and the largest difference
of every tensor from Tauon's, relative to that tensor's largest magnitude (the five worst); at the
end, the difference of the evaluation-mode logits.

Usage (Debian's python3-torch; reads safetensors without the safetensors package):
  java --add-modules jdk.incubator.vector -cp examples/target/tauon-examples.jar \
      dev.tauon.examples.AirbenchStepDump ../shared/datasets/cifar-10/cifar-10-binary.tar.gz /tmp/steps 3
  /usr/bin/python3 docs/crosscheck/airbench_steps_pytorch.py /tmp/steps 3
"""
import json
import struct
import sys

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


def read_safetensors(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        a, b = entry["data_offsets"]
        data = np.frombuffer(raw[8 + n + a:8 + n + b], dtype=np.float32).reshape(entry["shape"])
        tensors[name] = torch.tensor(data.copy())
    return tensors


def group(c_in, c_out):
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.MaxPool2d(2),
        nn.BatchNorm2d(c_out, eps=1e-12, momentum=0.4), nn.GELU(),
        nn.Conv2d(c_out, c_out, 3, padding=1, bias=False),
        nn.BatchNorm2d(c_out, eps=1e-12, momentum=0.4), nn.GELU())


class NinthOf(nn.Module):
    def forward(self, x):
        return x * (1 / 9)


def as_torch(name, t):
    return t.t() if name == "7.weight" else t


def main():
    folder = sys.argv[1]
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    net = nn.Sequential(nn.Conv2d(3, 24, 2, bias=True), nn.GELU(), group(24, 64), group(64, 256), group(256, 256),
                        nn.MaxPool2d(3), nn.Flatten(), nn.Linear(256, 10, bias=False), NinthOf())
    state = net.state_dict()
    init = read_safetensors(f"{folder}/init.safetensors")
    for name, t in init.items():
        state[name].copy_(as_torch(name, t))
    left = [k for k in state if k not in init and not k.endswith("num_batches_tracked")]
    assert not left, f"not in Tauon's file: {left}"
    net[0].weight.requires_grad = False
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.requires_grad = False

    x = torch.tensor(np.fromfile(f"{folder}/x.f32", dtype="<f4").reshape(-1, 3, 32, 32))
    y = torch.tensor(np.fromfile(f"{folder}/y.i32", dtype="<i4").astype(np.int64))
    rate = 11.5 / (1024 * (1 + 1 / (1 - 0.85))) * len(x)
    decay = 0.0153 / 11.5
    shift_names = {f"{g}.{i}.bias" for g in (2, 3, 4) for i in (2, 5)}
    shifts = [p for n, p in net.named_parameters() if n in shift_names]
    others = [p for n, p in net.named_parameters() if p.requires_grad and n not in shift_names]
    opt = torch.optim.SGD([dict(params=shifts, lr=64 * rate, weight_decay=decay / 64),
                           dict(params=others, lr=rate, weight_decay=decay)], momentum=0.85, nesterov=True)
    total = 10 * ((50000 + len(x) - 1) // len(x))
    peak = int(0.23 * total)

    def triangle(step):
        return 0.2 + 0.8 * step / peak if step <= peak else 1 + (0.07 - 1) * (step - peak) / (total - peak)

    net.train()
    for step in range(1, steps + 1):
        for g, scale in zip(opt.param_groups, (64, 1)):
            g["lr"] = rate * scale * triangle(step - 1)
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y, label_smoothing=0.2)
        loss.backward()
        opt.step()
        tauon = read_safetensors(f"{folder}/after{step}.safetensors")
        ours = net.state_dict()
        worst = sorted(((as_torch(n, ours[n]) - t).abs().max().item() / (t.abs().max().item() + 1e-30), n)
                       for n, t in tauon.items())[::-1][:5]
        print(f"step {step}: loss {loss.item():.7f}; largest relative differences from Tauon: "
              + ", ".join(f"{n} {r:.1e}" for r, n in worst))
    net.eval()
    with torch.no_grad():
        logits = net(x)
    tauon_logits = torch.tensor(np.fromfile(f"{folder}/eval_logits.f32", dtype="<f4").reshape(logits.shape))
    print(f"evaluation-mode logits: largest difference {(logits - tauon_logits).abs().max().item():.1e}"
          f" (largest logit {tauon_logits.abs().max().item():.2f}); torch {torch.__version__}")


if __name__ == "__main__":
    main()
