"""PyTorch's CPU time for the convolutions of ConvBenchmark, to set beside it.

Not part of the build. Same shapes as ConvBenchmark (batch 64, 3x3, stride 1): the CIFAR-10 CNN's
conv1 3->32 on 32x32, conv2 32->64 on 15x15, conv3 64->64 on 6x6 (no padding), and the ResNet
recipe's same-padded res64x32 64->64 on 32x32, res64x16 64->64 on 16x16, res64to256x16 64->256 on
16x16, res256x8 256->256 on 8x8, res256x4 256->256 on 4x4 (padding 1). Same three passes: the
forward with bias, the input gradient, and the weight gradient with the bias gradient. Each pass
is timed over `--reps` calls after `--warmup` calls, five times; the median of the five is printed
as calls/s and GFLOP/s (2 x 64 x o x outH x outW x c x 9 per call, as ConvBenchmark counts).
The first line names ATen's CPU capability; ONEDNN_VERBOSE=1 prints the ISA and kernel oneDNN runs.

Usage (Debian's python3-torch):
  python3 docs/crosscheck/conv_layers_pytorch.py --threads 2 [--layers conv1,res64x32]
"""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F

LAYERS = {  # in, out, size, padding
    "conv1": (3, 32, 32, 0), "conv2": (32, 64, 15, 0), "conv3": (64, 64, 6, 0),
    "res64x32": (64, 64, 32, 1), "res64x16": (64, 64, 16, 1), "res64to256x16": (64, 256, 16, 1),
    "res256x8": (256, 256, 8, 1), "res256x4": (256, 256, 4, 1),
}


def timed(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        rounds.append(reps / (time.perf_counter() - start))
    return statistics.median(rounds)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--layers", default=",".join(LAYERS), help="comma-separated subset of " + ",".join(LAYERS))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(7)
    isa = [line.strip() for line in torch.__config__.show().splitlines() if "CPU capability" in line]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, mkldnn "
          f"{torch.backends.mkldnn.is_available()}, {'; '.join(isa)}")
    for name in args.layers.split(","):
        c, o, size, pad = LAYERS[name]
        x = torch.rand(64, c, size, size) * 2 - 1
        w = torch.rand(o, c, 3, 3) * 2 - 1
        b = torch.rand(o) * 2 - 1
        out_size = size + 2 * pad - 2
        g = torch.rand(64, o, out_size, out_size) * 2 - 1
        flop = 2.0 * 64 * o * out_size * out_size * c * 9

        def forward():
            return F.conv2d(x, w, b, padding=pad)

        def input_grad():
            return torch.ops.aten.convolution_backward(g, x, w, [o], [1, 1], [pad, pad], [1, 1], False, [0, 0], 1,
                                                       [True, False, False])

        def weight_grad():
            return torch.ops.aten.convolution_backward(g, x, w, [o], [1, 1], [pad, pad], [1, 1], False, [0, 0], 1,
                                                       [False, True, True])

        with torch.no_grad():
            for pass_name, fn in (("forward", forward), ("inputGrad", input_grad), ("weightGrad", weight_grad)):
                calls = timed(fn, args.warmup, args.reps)
                print(f"{name} {pass_name}: {calls:.1f} calls/s, {calls * flop / 1e9:.1f} GFLOP/s")


if __name__ == "__main__":
    main()
