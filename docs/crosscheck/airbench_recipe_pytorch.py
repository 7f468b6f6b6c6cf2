"""The airbench94 recipe in PyTorch on the CPU, to set beside Tauon's `--recipe airbench`.

Not part of the build. Written for this project from the published recipe (K. Jordan, arXiv
2404.00498, hyper-parameters of airbench94.py): the same network as AirbenchModel.java (2x2 whitening
convolution, three conv-pool-BatchNorm-GELU groups of widths 64/256/256, max pool, linear head
scaled by 1/9), Nesterov SGD with airbench's "per 1024 examples" rate and decay on a summed loss,
BatchNorm shifts at 64x the rate, label smoothing 0.2, the triangular per-step schedule, Lookahead
from the fourth epoch, the alternating flip and 2-pixel reflect-padded translations, and the six
weighted test views. float32 throughout, or with `--half` airbench's half precision simulated on
the CPU: every tensor airbench keeps in float16 on its GPU (images, weights, activations, gradients,
momentum buffers, the Lookahead average) is rounded to float16 where the GPU would store it, while
BatchNorm's parameters and statistics stay float32 as in airbench (`net.half()`, then
`BatchNorm.float()`); products are summed in float32 as tensor cores do.

It exists to answer one question by measurement: what accuracy does the recipe give at a given
batch size and number of epochs in an independent implementation? `--batch 1024` is airbench's
own setting; `--batch 256` is what Tauon's recipe runs (airbench's parametrisation converts the rate
and decay per example, as AirbenchRecipe.java does); `--half` asks whether float16 storage is what
separates a float32 run from airbench's 94%.

Usage (Debian's python3-torch, run with /usr/bin/python3):
  /usr/bin/python3 docs/crosscheck/airbench_recipe_pytorch.py \
      --data ../shared/datasets/cifar-10/cifar-10-binary.tar.gz --batch 1024 --epochs 9.9 --seed 1
Prints one line per epoch and a final line with the single-view and six-view test accuracy.
"""
import argparse
import math
import tarfile
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


class HalfRound(torch.autograd.Function):
    """Rounds to float16 and back, forward and backward: where airbench's GPU stores a half tensor."""

    @staticmethod
    def forward(ctx, x):
        return x.half().float()

    @staticmethod
    def backward(ctx, g):
        return g.half().float()


def keep(x):
    return x


R = keep  # HalfRound.apply under --half


class Round(nn.Module):
    def forward(self, x):
        return R(x)


def load_cifar(path):
    """Training and test images (uint8 NCHW) and labels from the official binary archive."""
    train_x, train_y, test_x, test_y = [], [], None, None
    with tarfile.open(path, "r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if not name.endswith(".bin") or not ("data_batch" in name or "test_batch" in name):
                continue
            raw = np.frombuffer(tar.extractfile(member).read(), dtype=np.uint8).reshape(-1, 3073)
            labels, images = raw[:, 0].astype(np.int64), raw[:, 1:].reshape(-1, 3, 32, 32)
            if "test_batch" in name:
                test_x, test_y = images, labels
            else:
                train_x.append((name, images, labels))
    train_x.sort(key=lambda t: t[0])
    images = np.concatenate([t[1] for t in train_x])
    labels = np.concatenate([t[2] for t in train_x])
    return (torch.tensor(images), torch.tensor(labels), torch.tensor(test_x), torch.tensor(test_y))


class GroupOfConvs(nn.Module):
    """conv 3x3 same -> max pool 2 -> BatchNorm -> GELU -> conv 3x3 same -> BatchNorm -> GELU."""

    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv1 = identity_started_conv(c_in, c_out)
        self.norm1 = batch_norm(c_out)
        self.conv2 = identity_started_conv(c_out, c_out)
        self.norm2 = batch_norm(c_out)

    def forward(self, x):
        x = R(F.gelu(R(self.norm1(F.max_pool2d(R(self.conv1(x)), 2)))))
        return R(F.gelu(R(self.norm2(R(self.conv2(x))))))


def identity_started_conv(c_in, c_out):
    conv = nn.Conv2d(c_in, c_out, 3, padding="same", bias=False)
    with torch.no_grad():
        nn.init.dirac_(conv.weight[: min(c_in, c_out)])
    return conv


def batch_norm(c):
    # airbench's momentum 0.6 counts the old value: PyTorch's momentum is then 0.4.
    norm = nn.BatchNorm2d(c, eps=1e-12, momentum=0.4)
    norm.weight.requires_grad = False
    return norm


def make_net(whitening_images):
    whiten = nn.Conv2d(3, 24, 2, padding=0, bias=True)
    with torch.no_grad():
        whiten.bias.zero_()
        patches = whitening_images.unfold(2, 2, 1).unfold(3, 2, 1).transpose(1, 3).reshape(-1, 3, 2, 2)
        flat = patches.reshape(len(patches), -1).double()
        values, vectors = torch.linalg.eigh(flat.T @ flat / len(flat))
        filters = (vectors.T / torch.sqrt(values + 5e-4)[:, None]).reshape(12, 3, 2, 2).float()
        whiten.weight.copy_(torch.cat((filters, -filters)))
    whiten.weight.requires_grad = False
    return nn.Sequential(
        whiten, nn.Sequential(Round(), nn.GELU(), Round()), GroupOfConvs(24, 64), GroupOfConvs(64, 256),
        GroupOfConvs(256, 256), nn.MaxPool2d(3), nn.Flatten(), nn.Linear(256, 10, bias=False),
        nn.Sequential(Round(), Scale(1 / 9), Round()))


class Scale(nn.Module):
    def __init__(self, s):
        super().__init__()
        self.s = s

    def forward(self, x):
        return x * self.s


def augmented_epochs(images, generator):
    """airbench's data order: flipped at random once, then alternately; a fresh 2-pixel crop per epoch."""
    flip = torch.rand(len(images), generator=generator) < 0.5
    base = torch.where(flip[:, None, None, None], images.flip(-1), images)
    padded = F.pad(base, (2,) * 4, mode="reflect")
    epoch = 0
    while True:
        shifts = torch.randint(0, 5, (len(images), 2), generator=generator)
        out = torch.empty_like(images)
        for dy in range(5):
            for dx in range(5):
                m = (shifts[:, 0] == dy) & (shifts[:, 1] == dx)
                out[m] = padded[m, :, dy:dy + 32, dx:dx + 32]
        yield out.flip(-1) if epoch % 2 == 1 else out
        epoch += 1


def six_views(net, x):
    def mirror(v):
        return 0.5 * net(v) + 0.5 * net(v.flip(-1))
    padded = F.pad(x, (1,) * 4, mode="reflect")
    shifted = 0.5 * (mirror(padded[:, :, 0:32, 0:32]) + mirror(padded[:, :, 2:34, 2:34]))
    return 0.5 * mirror(x) + 0.5 * shifted


def to_half(t):
    return t.half().float()


def half_sgd_step(opt, half_ids, momentum):
    """torch.optim.SGD's Nesterov step as airbench's GPU runs it on float16 parameters: each
    elementwise result (decayed gradient, momentum buffer, Nesterov direction, new weight) rounded
    to float16. Parameters outside half_ids (BatchNorm's) are float32 and rounded nowhere."""
    for group in opt.param_groups:
        lr, wd = group["lr"], group["weight_decay"]
        for p in group["params"]:
            if p.grad is None:
                continue
            r = to_half if id(p) in half_ids else keep
            d = r(r(p.grad) + wd * p.data)
            state = opt.state[p]
            if "buf" not in state:
                state["buf"] = d.clone()
            else:
                state["buf"] = r(r(state["buf"] * momentum) + d)
            d = r(d + momentum * state["buf"])
            p.data = r(p.data - lr * d)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--epochs", type=float, default=9.9)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--half", action="store_true", help="simulate airbench's float16 storage")
    a = p.parse_args()
    global R
    if a.half:
        R = HalfRound.apply
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)

    train_u8, train_y, test_u8, test_y = load_cifar(a.data)
    mean = (train_u8.float() / 255).mean((0, 2, 3), keepdim=True)
    std = (train_u8.float() / 255).std((0, 2, 3), keepdim=True)
    train_x = R((train_u8.float() / 255 - mean) / std)
    test_x = R((test_u8.float() / 255 - mean) / std)

    net = make_net(train_x[:5000])
    half_ids = {id(p) for n, p in net.named_parameters() if a.half and "norm" not in n}
    with torch.no_grad():
        for p in net.parameters():
            if id(p) in half_ids:
                p.copy_(to_half(p))
    momentum = 0.85
    kilostep_scale = 1024 * (1 + 1 / (1 - momentum))
    lr = 11.5 / kilostep_scale
    wd = 0.0153 * a.batch / kilostep_scale
    norm_shifts = [p for n, p in net.named_parameters() if "norm" in n and p.requires_grad]
    others = [p for n, p in net.named_parameters() if "norm" not in n and p.requires_grad]
    opt = torch.optim.SGD([dict(params=norm_shifts, lr=64 * lr, weight_decay=wd / (64 * lr)),
                           dict(params=others, lr=lr, weight_decay=wd / lr)], momentum=momentum, nesterov=True)
    steps_per_epoch = len(train_x) // a.batch
    total = math.ceil(steps_per_epoch * a.epochs)
    schedule = np.interp(np.arange(1 + total), [0, int(0.23 * total), total], [0.2, 1, 0.07])
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: schedule[i])
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.2, reduction="none")
    lookahead_every = max(1, round(5 * 1024 / a.batch))
    average = None
    steps = 0
    start = time.time()
    data = augmented_epochs(train_x, gen)
    for epoch in range(math.ceil(a.epochs)):
        net[0].bias.requires_grad = epoch < 3
        net.train()
        images = next(data)
        order = torch.randperm(len(images), generator=gen)
        for i in range(steps_per_epoch):
            idx = order[i * a.batch:(i + 1) * a.batch]
            out = net(images[idx])
            loss = loss_fn(out, train_y[idx]).sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if a.half:
                with torch.no_grad():
                    half_sgd_step(opt, half_ids, momentum)
            else:
                opt.step()
            sched.step()
            steps += 1
            if epoch >= 3 and steps % lookahead_every == 0:
                state = net.state_dict()
                if average is None:
                    average = {k: v.clone() for k, v in state.items() if v.dtype == torch.float}
                else:
                    decay = 0.95 ** 5 * (steps / total) ** 3
                    for k, v in average.items():
                        v.lerp_(state[k], 1 - decay)
                        if a.half and "norm" not in k:
                            v.copy_(to_half(v))
                        state[k].copy_(v)
            if steps >= total:
                break
        if average is not None:
            state = net.state_dict()
            for k, v in average.items():
                state[k].copy_(v)
        net.eval()
        with torch.no_grad():
            single = sum((net(test_x[j:j + 1000]).argmax(1) == test_y[j:j + 1000]).sum().item()
                         for j in range(0, len(test_x), 1000)) / len(test_x)
        print(f"epoch {epoch + 1} steps {steps} last-batch loss {loss.item() / a.batch:.4f}"
              f" test single view {single:.4f} elapsed {time.time() - start:.0f} s", flush=True)
    with torch.no_grad():
        tta = sum((six_views(net, test_x[j:j + 1000]).argmax(1) == test_y[j:j + 1000]).sum().item()
                  for j in range(0, len(test_x), 1000)) / len(test_x)
    print(f"final batch {a.batch} epochs {a.epochs} seed {a.seed} half {a.half}: test single view {single:.4f}"
          f" six views {tta:.4f}, {time.time() - start:.0f} s, torch {torch.__version__}", flush=True)


if __name__ == "__main__":
    main()
