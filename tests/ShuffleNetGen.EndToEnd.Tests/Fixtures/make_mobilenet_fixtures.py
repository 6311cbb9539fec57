#!/usr/bin/python3
"""Writes the MobileNet fixtures from real PyTorch modules (Debian: apt-get install python3-torch python3-torchvision;
torch 1.13, torchvision 0.14). CI needs no Python: the outputs are committed.

    /usr/bin/python3 tests/ShuffleNetGen.EndToEnd.Tests/Fixtures/make_mobilenet_fixtures.py

- <spec>.state_dict.txt: every state_dict entry of the reference module a canonical spec describes, one "key shape" a
  line in state_dict order (num_batches_tracked left out: the loader ignores it), and a last line with the parameter
  count as PyTorch counts it. torchvision's mobilenet_v2(width_mult=...) for the V2 specs, mobilenet_v3_large() and
  mobilenet_v3_small() for the V3 ones; for mobilenet_v1, seed 003's model (below), written from the issue's description.
- mobilenet_v2_tiny.pth + .logits.json: a torchvision MobileNetV2 cut to three rows of Table 2 at width 0.5 (t = 1, a
  stride-2 row, residual units, _make_divisible rounding 24 * 0.5 = 12 up to 16) at 64x64, with seeded random weights and
  BatchNorm statistics, and torch's logits for a formula input (Specs/mobilenet_v2_tiny.model.yaml is the same network).
- mobilenet_v3_tiny.pth + .logits.json: the same for a torchvision MobileNetV3 cut to four rows at width 0.5 (a block
  without an expand conv, 3x3 and 5x5 depthwise at strides 1 and 2, squeeze-and-excitation, ReLU and hardswish, a
  residual unit; Specs/mobilenet_v3_tiny.model.yaml).

    /usr/bin/python3 tests/ShuffleNetGen.EndToEnd.Tests/Fixtures/make_mobilenet_fixtures.py [v1v2] [v3]   (default: both)
"""
import json
import os
import pathlib
import sys
from functools import partial

import torch
import torchvision
from torchvision.models.mobilenetv3 import InvertedResidualConfig, MobileNetV3

HERE = pathlib.Path(__file__).resolve().parent


class SeedMobileNetV1(torch.nn.Module):
    """Seed 003's MobileNet V1: model = Sequential(conv_bn(3, 32, 2), 13 conv_dw, AvgPool2d(7)); fc = Linear(1024, classes)."""

    def __init__(self, classes=1000):
        super().__init__()

        def conv_bn(inp, oup, stride):
            return torch.nn.Sequential(
                torch.nn.Conv2d(inp, oup, 3, stride, 1, bias=False), torch.nn.BatchNorm2d(oup), torch.nn.ReLU(inplace=True))

        def conv_dw(inp, oup, stride):
            return torch.nn.Sequential(
                torch.nn.Conv2d(inp, inp, 3, stride, 1, groups=inp, bias=False), torch.nn.BatchNorm2d(inp), torch.nn.ReLU(inplace=True),
                torch.nn.Conv2d(inp, oup, 1, 1, 0, bias=False), torch.nn.BatchNorm2d(oup), torch.nn.ReLU(inplace=True))

        layers = [conv_bn(3, 32, 2), conv_dw(32, 64, 1), conv_dw(64, 128, 2), conv_dw(128, 128, 1), conv_dw(128, 256, 2),
                  conv_dw(256, 256, 1), conv_dw(256, 512, 2)]
        layers += [conv_dw(512, 512, 1) for _ in range(5)]
        layers += [conv_dw(512, 1024, 2), conv_dw(1024, 1024, 1), torch.nn.AvgPool2d(7)]
        self.model = torch.nn.Sequential(*layers)
        self.fc = torch.nn.Linear(1024, classes)

    def forward(self, x):
        return self.fc(self.model(x).view(-1, 1024))


def write_state_dict(name, module):
    lines = [f"{key} {'x'.join(str(d) for d in t.shape)}" for key, t in module.state_dict().items()
             if not key.endswith("num_batches_tracked")]
    lines.append(f"parameters {sum(p.numel() for p in module.parameters())}")
    (HERE / f"{name}.state_dict.txt").write_text("\n".join(lines) + "\n")
    print(f"{name}: {len(lines) - 1} tensors, {lines[-1]}")


def save_tiny(name, net):
    """Random BatchNorm affine parameters and statistics, then the state_dict and torch's logits for the formula input."""
    with torch.no_grad():
        for module in net.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
                module.running_mean.uniform_(-0.2, 0.2)
                module.running_var.uniform_(0.5, 1.5)
        index = torch.arange(3 * 64 * 64, dtype=torch.float64)
        image = (((index * 7919) % 1000) / 500.0 - 1.0).float().reshape(1, 3, 64, 64)
        logits = net(image)[0]
    path = HERE / f"{name}.pth"
    torch.save(net.state_dict(), path)
    (HERE / f"{name}.logits.json").write_text(json.dumps(logits.double().tolist()) + "\n")
    print(f"{name}.pth: {os.path.getsize(path)} bytes, {sum(p.numel() for p in net.parameters())} parameters")


def tiny_v2():
    torch.manual_seed(13)
    setting = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2]]
    save_tiny("mobilenet_v2_tiny", torchvision.models.MobileNetV2(num_classes=10, width_mult=0.5, inverted_residual_setting=setting).eval())


def tiny_v3():
    torch.manual_seed(17)
    conf = partial(InvertedResidualConfig, width_mult=0.5)
    setting = [conf(16, 3, 16, 16, True, "RE", 2, 1), conf(16, 5, 72, 24, False, "HS", 2, 1),
               conf(24, 5, 88, 24, True, "HS", 1, 1), conf(24, 3, 96, 40, True, "HS", 2, 1)]
    last_channel = InvertedResidualConfig.adjust_channels(1024, 0.5)
    save_tiny("mobilenet_v3_tiny", MobileNetV3(setting, last_channel, num_classes=10).eval())


def main():
    parts = sys.argv[1:] or ["v1v2", "v3"]
    if "v1v2" in parts:
        for spec, width in [("mobilenet_v2", 1.0), ("mobilenet_v2_x0_75", 0.75), ("mobilenet_v2_x0_5", 0.5), ("mobilenet_v2_x1_4", 1.4)]:
            write_state_dict(spec, torchvision.models.mobilenet_v2(weights=None, width_mult=width))
        write_state_dict("mobilenet_v1", SeedMobileNetV1())
        tiny_v2()
    if "v3" in parts:
        write_state_dict("mobilenet_v3_large", torchvision.models.mobilenet_v3_large(weights=None))
        write_state_dict("mobilenet_v3_small", torchvision.models.mobilenet_v3_small(weights=None))
        tiny_v3()


if __name__ == "__main__":
    main()
