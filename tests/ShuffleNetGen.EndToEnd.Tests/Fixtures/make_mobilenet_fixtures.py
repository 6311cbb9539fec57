#!/usr/bin/python3
"""Writes the MobileNet fixtures from real PyTorch modules (Debian: apt-get install python3-torch python3-torchvision;
torch 1.13, torchvision 0.14). CI needs no Python: the outputs are committed.

    /usr/bin/python3 tests/ShuffleNetGen.EndToEnd.Tests/Fixtures/make_mobilenet_fixtures.py

- <spec>.state_dict.txt: every state_dict entry of the reference module a canonical spec describes, one "key shape" a
  line in state_dict order (num_batches_tracked left out: the loader ignores it), and a last line with the parameter
  count as PyTorch counts it. torchvision's mobilenet_v2(width_mult=...) for the V2 specs; for mobilenet_v1, seed 003's
  model (below), written from the issue's description of it.
- mobilenet_v2_tiny.pth + .logits.json: a torchvision MobileNetV2 cut to three rows of Table 2 at width 0.5 (t = 1, a
  stride-2 row, residual units, _make_divisible rounding 24 * 0.5 = 12 up to 16) at 64x64, with seeded random weights and
  BatchNorm statistics, and torch's logits for a formula input (Specs/mobilenet_v2_tiny.model.yaml is the same network).
"""
import json
import os
import pathlib

import torch
import torchvision

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


def tiny_v2():
    torch.manual_seed(13)
    setting = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2]]
    net = torchvision.models.MobileNetV2(num_classes=10, width_mult=0.5, inverted_residual_setting=setting).eval()
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
    path = HERE / "mobilenet_v2_tiny.pth"
    torch.save(net.state_dict(), path)
    (HERE / "mobilenet_v2_tiny.logits.json").write_text(json.dumps(logits.double().tolist()) + "\n")
    print(f"mobilenet_v2_tiny.pth: {os.path.getsize(path)} bytes, {sum(p.numel() for p in net.parameters())} parameters")


def main():
    for spec, width in [("mobilenet_v2", 1.0), ("mobilenet_v2_x0_75", 0.75), ("mobilenet_v2_x0_5", 0.5), ("mobilenet_v2_x1_4", 1.4)]:
        write_state_dict(spec, torchvision.models.mobilenet_v2(weights=None, width_mult=width))
    write_state_dict("mobilenet_v1", SeedMobileNetV1())
    tiny_v2()


if __name__ == "__main__":
    main()
