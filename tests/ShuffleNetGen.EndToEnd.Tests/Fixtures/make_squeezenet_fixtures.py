#!/usr/bin/python3
"""Writes the SqueezeNet fixtures from real torchvision modules (Debian: apt-get install python3-torch python3-torchvision;
torch 1.13, torchvision 0.14). CI needs no Python: the outputs are committed.

    /usr/bin/python3 tests/ShuffleNetGen.EndToEnd.Tests/Fixtures/make_squeezenet_fixtures.py

- squeezenet1_0.state_dict.txt, squeezenet1_1.state_dict.txt: every state_dict entry of torchvision's squeezenet1_0() and
  squeezenet1_1(), one "key shape" a line in state_dict order, and a last line with the parameter count.
- squeezenet_tiny.pth + .logits.json: a torchvision SqueezeNet whose features are cut to a 3x3 stride-2 stem of 16
  channels, two of torchvision's own Fire modules and two ceil-mode pools, and whose classifier is torchvision's with 10
  classes, at 47x47 (odd sizes, so the ceil-mode windows hang over the edge), with seeded random weights, and torch's
  logits for a formula input (Specs/squeezenet_tiny.model.yaml is the same network).
"""
import json
import os
import pathlib

import torch
import torchvision
from torchvision.models.squeezenet import Fire

HERE = pathlib.Path(__file__).resolve().parent


def write_state_dict(name, module):
    lines = [f"{key} {'x'.join(str(d) for d in t.shape)}" for key, t in module.state_dict().items()]
    lines.append(f"parameters {sum(p.numel() for p in module.parameters())}")
    (HERE / f"{name}.state_dict.txt").write_text("\n".join(lines) + "\n")
    print(f"{name}: {len(lines) - 1} tensors, {lines[-1]}")


def tiny():
    torch.manual_seed(29)
    net = torchvision.models.SqueezeNet(version="1_1", num_classes=10)
    net.features = torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, kernel_size=3, stride=2),
        torch.nn.ReLU(inplace=True),
        torch.nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        Fire(16, 4, 8, 8),
        torch.nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        Fire(16, 8, 12, 20),
    )
    net.classifier = torch.nn.Sequential(
        torch.nn.Dropout(p=0.5), torch.nn.Conv2d(32, 10, kernel_size=1), torch.nn.ReLU(inplace=True), torch.nn.AdaptiveAvgPool2d((1, 1)))
    net.eval()
    with torch.no_grad():
        for module in net.modules():
            if isinstance(module, torch.nn.Conv2d):
                module.bias.uniform_(-0.1, 0.2)
        # torchvision starts final_conv at std 0.01, which would leave the logits near zero.
        net.classifier[1].weight.normal_(0.0, 0.5)
        index = torch.arange(3 * 47 * 47, dtype=torch.float64)
        image = (((index * 7919) % 1000) / 500.0 - 1.0).float().reshape(1, 3, 47, 47)
        logits = net(image)[0]
    path = HERE / "squeezenet_tiny.pth"
    torch.save(net.state_dict(), path)
    (HERE / "squeezenet_tiny.logits.json").write_text(json.dumps(logits.double().tolist()) + "\n")
    print(f"squeezenet_tiny.pth: {os.path.getsize(path)} bytes, {sum(p.numel() for p in net.parameters())} parameters, logits {logits.tolist()}")


def main():
    write_state_dict("squeezenet1_0", torchvision.models.squeezenet1_0(weights=None))
    write_state_dict("squeezenet1_1", torchvision.models.squeezenet1_1(weights=None))
    tiny()


if __name__ == "__main__":
    main()
