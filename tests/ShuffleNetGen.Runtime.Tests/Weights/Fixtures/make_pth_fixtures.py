#!/usr/bin/python3
"""Writes the PyTorch checkpoints the .pth reader is tested on, with real torch.save (Debian: apt-get install
python3-torch python3-torchvision; torch 1.13, torchvision 0.14). CI needs no Python: the outputs are committed.

    /usr/bin/python3 tests/ShuffleNetGen.Runtime.Tests/Weights/Fixtures/make_pth_fixtures.py

Each checkpoint's tensors are also written to <name>.expected.json, as torch reads them back
(tensor.float().contiguous(), flattened), so the C# tests compare against torch, never against the reader itself.
"""
import collections
import json
import os
import pathlib

import torch
import torchvision

HERE = pathlib.Path(__file__).resolve().parent


class Tiny(torch.nn.Module):
    """conv + BatchNorm + linear: every kind of tensor a ShuffleNet state_dict holds, num_batches_tracked included."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, bias=False), torch.nn.BatchNorm2d(4))
        self.fc = torch.nn.Linear(4, 5)


def seeded_tiny():
    torch.manual_seed(16)
    model = Tiny()
    with torch.no_grad():
        for tensor in model.state_dict().values():
            if tensor.dtype.is_floating_point:
                tensor.copy_(torch.randn(tensor.shape))
        model.conv1[1].running_var.abs_().add_(0.1)
        model.conv1[1].num_batches_tracked.fill_(7)
    return model


def expected(state_dict):
    return {key: {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
                  "values": t.double().contiguous().flatten().tolist()}
            for key, t in state_dict.items()}


def save(name, obj, expect=None, **kwargs):
    path = HERE / name
    torch.save(obj, path, **kwargs)
    if expect is not None:
        (HERE / (name + ".expected.json")).write_text(json.dumps(expected(expect), indent=0, sort_keys=True) + "\n")
    print(f"{name}: {os.path.getsize(path)} bytes")


class Evil:
    """What a malicious checkpoint pickles: unpickling it in Python would run os.system."""

    def __reduce__(self):
        return (os.system, ("echo this would run",))


def main():
    tiny = seeded_tiny()
    state = tiny.state_dict()
    save("tiny.f32.pth", state, state)
    half = collections.OrderedDict((k, v.half() if v.dtype.is_floating_point else v) for k, v in state.items())
    save("tiny.f16.pth", half, half)
    bf16 = collections.OrderedDict((k, v.bfloat16() if v.dtype.is_floating_point else v) for k, v in state.items())
    save("tiny.bf16.pth", bf16, bf16)
    save("tiny.protocol4.pth", state, state, pickle_protocol=4)
    save("tiny.dataparallel.pth", torch.nn.DataParallel(tiny).state_dict(), state)

    # Views torch.save keeps as views of one shared storage: transposed, strided, offset, broadcast (stride 0).
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) * 0.5 - 3
    views = collections.OrderedDict(
        transposed=base.t(), every_other_column=base[:, 1::2], from_row_two=base[2:],
        broadcast=torch.tensor([1.5, -2.0, 4.25]).expand(2, 3), whole=base)
    save("views.pth", views, views)

    save("tiny.legacy.pth", state, _use_new_zipfile_serialization=False)
    save("tiny.whole_module.pth", tiny)
    save("tiny.training_checkpoint.pth", {"epoch": 3, "model": state})
    hostile = collections.OrderedDict(state)
    hostile["payload"] = Evil()
    save("tiny.os_system.pth", hostile)

    # A real torchvision ShuffleNetV2 0.5x with seeded random weights and BatchNorm statistics, in float16 to keep the
    # committed file small (the loader upcasts exactly); logits of torch for a formula input, at float32.
    torch.manual_seed(5)
    net = torchvision.models.shufflenet_v2_x0_5(weights=None).eval()
    with torch.no_grad():
        for module in net.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
                module.running_mean.uniform_(-0.2, 0.2)
                module.running_var.uniform_(0.5, 1.5)
        half_net = collections.OrderedDict(
            (k, v.half() if v.dtype.is_floating_point else v) for k, v in net.state_dict().items())
        net.load_state_dict({k: v.float() if v.dtype.is_floating_point else v for k, v in half_net.items()})
        index = torch.arange(3 * 224 * 224, dtype=torch.float64)
        image = (((index * 7919) % 1000) / 500.0 - 1.0).float().reshape(1, 3, 224, 224)
        logits = net(image)[0]
    save("shufflenet_v2_x0_5.f16.pth", half_net)
    (HERE / "shufflenet_v2_x0_5.logits.json").write_text(json.dumps(logits.double().tolist()) + "\n")


if __name__ == "__main__":
    main()
