"""A small CNN exported by PyTorch's torch.onnx.export, for OnnxImportPyTorchTest.

Not part of the build (CI has no PyTorch): it writes the fixture the Java test reads, into
onnx/src/test/resources/dev/tauon/onnx/:
  pytorch_cnn.onnx         the model, opset 17, dynamic batch, in evaluation mode
  pytorch_cnn_input.bin    a fixed input [2, 3, 12, 12], float32 little-endian, row-major
  pytorch_cnn_output.bin   PyTorch's output for it [2, 10], float32 little-endian
The model uses what Tauon imports: Conv2d with padding 1 (Tauon's 'same') and without, BatchNorm2d
with running statistics that are not 0 and 1, ReLU, GELU (exported as Div/Erf/Add/Mul/Mul), SiLU
(Sigmoid/Mul), LeakyReLU, max and average pooling, a residual sum, global average pooling,
Flatten and Linear (Gemm with transB = 1), and Dropout (left out in evaluation).

Usage (Debian's python3-torch and python3-onnx):
  python3 docs/crosscheck/pytorch_onnx_export.py
"""
import pathlib

import torch
from torch import nn

OUT = pathlib.Path(__file__).resolve().parents[2] / "onnx/src/test/resources/dev/tauon/onnx"


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.conv3 = nn.Conv2d(8, 16, 3)
        self.pool2 = nn.AvgPool2d(2)
        self.conv4 = nn.Conv2d(16, 16, 1)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(16, 10))

    def forward(self, x):
        x = self.pool1(torch.relu(self.bn1(self.conv1(x))))             # 8 x 6 x 6
        x = x + nn.functional.gelu(self.conv2(x))                       # residual
        x = self.pool2(nn.functional.leaky_relu(self.conv3(x), 0.1))    # 16 x 2 x 2
        x = nn.functional.silu(self.conv4(x))
        return self.head(x)


def main():
    torch.manual_seed(0)
    model = SmallCnn()
    with torch.no_grad():
        model.bn1.running_mean.uniform_(-0.5, 0.5)
        model.bn1.running_var.uniform_(0.5, 2.0)
        model.bn1.weight.uniform_(0.5, 1.5)
        model.bn1.bias.uniform_(-0.5, 0.5)
    model.eval()
    x = torch.randn(2, 3, 12, 12)
    with torch.no_grad():
        y = model(x)
    OUT.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(model, x, str(OUT / "pytorch_cnn.onnx"), opset_version=17,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    (OUT / "pytorch_cnn_input.bin").write_bytes(x.numpy().astype("<f4").tobytes())
    (OUT / "pytorch_cnn_output.bin").write_bytes(y.numpy().astype("<f4").tobytes())
    try:
        import onnx
        onnx.checker.check_model(onnx.load(str(OUT / "pytorch_cnn.onnx")), full_check=True)
        print("ops:", [n.op_type for n in onnx.load(str(OUT / "pytorch_cnn.onnx")).graph.node])
    except ImportError:
        pass
    print("wrote", OUT, "output", y.shape)


if __name__ == "__main__":
    main()
