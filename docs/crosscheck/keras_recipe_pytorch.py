"""The reference recipe of Cifar10Cnn, written independently in PyTorch, as a cross-check.

Not part of the build: it answers "what does a mature framework score with exactly this recipe
on this machine?", so Tauon's accuracy can be judged against it. It follows the Keras recipe of
issue 6 and nothing else: Conv2D(32,3x3,relu) -> MaxPool(2) -> Conv2D(64,3x3,relu) -> MaxPool(2)
-> Conv2D(64,3x3,relu) -> Flatten -> Dense(64,relu) -> Dense(10); pixels / 255; Glorot-uniform
weights with Keras' fans and zero biases; Keras' Adam (lr 1e-3, betas 0.9/0.999, epsilon 1e-7
added to the uncorrected sqrt(v)); mean cross-entropy; batch 64; a fresh shuffle each epoch;
10 epochs on the first 40,000 training images (the last 10,000 are Keras' validation_split=0.2).

Usage (Debian's python3-torch and python3-numpy):
  python3 docs/crosscheck/keras_recipe_pytorch.py --data ../shared/datasets/cifar-10/cifar-10-binary.tar.gz --seed 1
Options: --epochs, --batch-size, --train-images (40000; 50000 trains on every image), --threads.
"""
import argparse
import tarfile
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

RECORD = 1 + 3 * 32 * 32


def read_batches(archive, names):
    """Images as float32 NCHW in [0, 1] and labels as int64, from the binary batches in the tar.gz."""
    chunks = []
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name.rsplit("/", 1)[-1]: m for m in tar.getmembers()}
        for name in names:
            raw = np.frombuffer(tar.extractfile(members[name]).read(), dtype=np.uint8)
            chunks.append(raw.reshape(-1, RECORD))
    records = np.concatenate(chunks)
    labels = torch.from_numpy(records[:, 0].astype(np.int64))
    images = torch.from_numpy(records[:, 1:].astype(np.float32) / 255.0).reshape(-1, 3, 32, 32)
    return images, labels


def model():
    net = nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(1024, 64), nn.ReLU(),
        nn.Linear(64, 10))
    for layer in net:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            # PyTorch's xavier_uniform_ computes the fans as Keras does (receptive field times channels).
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    return net


class KerasAdam:
    """Keras' Adam: bias corrections folded into the step size, epsilon added to sqrt(v)."""

    def __init__(self, params, lr=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-7):
        self.params = list(params)
        self.lr, self.beta1, self.beta2, self.epsilon = lr, beta1, beta2, epsilon
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.t = 0

    @torch.no_grad()
    def step(self):
        self.t += 1
        alpha = self.lr * (1 - self.beta2 ** self.t) ** 0.5 / (1 - self.beta1 ** self.t)
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad
            m.add_((g - m) * (1 - self.beta1))
            v.add_((g * g - v) * (1 - self.beta2))
            p.sub_(alpha * m / (v.sqrt() + self.epsilon))


@torch.no_grad()
def evaluate(net, images, labels, batch=1000):
    net.eval()
    loss, correct = 0.0, 0
    for i in range(0, len(labels), batch):
        logits = net(images[i:i + batch])
        loss += F.cross_entropy(logits, labels[i:i + batch], reduction="sum").item()
        correct += (logits.argmax(1) == labels[i:i + batch]).sum().item()
    net.train()
    return loss / len(labels), correct / len(labels)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--train-images", type=int, default=40000)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    images, labels = read_batches(args.data, [f"data_batch_{i}.bin" for i in range(1, 6)])
    test_images, test_labels = read_batches(args.data, ["test_batch.bin"])
    n = args.train_images
    train_x, train_y = images[:n], labels[:n]
    val_x, val_y = images[n:], labels[n:]

    net = model()
    opt = KerasAdam(net.parameters())
    start = time.time()
    for epoch in range(1, args.epochs + 1):
        order = torch.randperm(n)
        total, correct = 0.0, 0
        for i in range(0, n, args.batch_size):
            idx = order[i:i + args.batch_size]
            logits = net(train_x[idx])
            loss = F.cross_entropy(logits, train_y[idx])
            net.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            correct += (logits.argmax(1) == train_y[idx]).sum().item()
        line = f"epoch {epoch} loss {total / n:.4f} accuracy {correct / n:.4f}"
        if len(val_y):
            val_loss, val_acc = evaluate(net, val_x, val_y)
            line += f" val_loss {val_loss:.4f} val_accuracy {val_acc:.4f}"
        print(line + f" elapsed {time.time() - start:.0f}s", flush=True)
    test_loss, test_acc = evaluate(net, test_images, test_labels)
    print(f"seed {args.seed} test_loss {test_loss:.4f} test_accuracy {test_acc:.4f}")


if __name__ == "__main__":
    main()
