#!/usr/bin/python3
"""Writes the images the preprocessing is tested on and what the reference pipelines make of them (Debian:
apt-get install python3-torch python3-torchvision python3-pil python3-opencv; torch 1.13, torchvision 0.14.1,
Pillow 9.4, OpenCV 4.6). CI needs no Python: the outputs are committed.

    /usr/bin/python3 tests/ShuffleNetGen.Runtime.Tests/Imaging/Fixtures/make_image_fixtures.py

- torchvision: Image.open(f).convert("RGB") -> torchvision.transforms._presets.ImageClassification (what
  ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1.transforms() is, at other sizes too) -> float32 CHW, normalised;
- megvii: ShuffleNet-Series' evaluation transform (OpencvResize(256) -> CenterCrop -> ToBGRTensor), written out
  below as its utils.py has it: float32 CHW, BGR, 0-255.

shufflenet_v2_x0_5.image.json: torchvision's shufflenet_v2_x0_5 with the seeded weights of
../../Weights/Fixtures/shufflenet_v2_x0_5.f16.pth on rgb_320x240.png through ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1.transforms():
its logits and top-5 (index, label, softmax probability), for the generated class's PredictImage and Classify.

cases.json lists every case; <case>.u8 holds the expected tensor before normalisation, CHW, one byte per value: what
PIL or OpenCV made of the pixels (the torchvision tensor is normalised, and inverted here, exactly, to those bytes).
"""
import json
import pathlib

import cv2
import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision.transforms._presets import ImageClassification

HERE = pathlib.Path(__file__).resolve().parent


def scene(width, height, seed):
    """Smooth gradients, stripes of several frequencies and hard-edged discs: every resampling path is exercised."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    image = np.zeros((height, width, 3))
    for c in range(3):
        fx, fy = rng.uniform(0.02, 0.6, 2)
        image[:, :, c] = 127.5 + 90 * np.sin(fx * x + c) * np.cos(fy * y - c) + 30 * (x / width - y / height)
    for _ in range(6):
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(3, max(4, min(width, height) / 4))
        image[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = rng.uniform(0, 255, 3)
    return np.clip(image, 0, 255).round().astype(np.uint8)


def write_sources():
    sources = {}

    def save(name, image, **kwargs):
        image.save(HERE / name, **kwargs)
        sources[name] = image.size

    save("rgb_97x61.png", Image.fromarray(scene(97, 61, 1)))
    save("rgb_300x170.png", Image.fromarray(scene(300, 170, 2)))
    save("rgb_120x333.png", Image.fromarray(scene(120, 333, 3)))
    save("rgb_320x240.png", Image.fromarray(scene(320, 240, 4)))
    save("rgb_40x28.png", Image.fromarray(scene(40, 28, 5)))
    save("gray_150x150.png", Image.fromarray(scene(150, 150, 6)[:, :, 0], mode="L"))
    rgba = np.dstack([scene(200, 130, 7), scene(200, 130, 8)[:, :, 1]])
    save("rgba_200x130.png", Image.fromarray(rgba, mode="RGBA"))
    save("palette_90x90.png", Image.fromarray(scene(90, 90, 9)).convert("P", palette=Image.ADAPTIVE, colors=64))
    save("rgb_128x160.png", Image.fromarray(scene(128, 160, 10)))  # megvii: exactly 2x down, OpenCV's area path
    save("rgb_300x170.jpg", Image.fromarray(scene(300, 170, 2)), quality=90)
    save("gray_150x150.jpg", Image.fromarray(scene(150, 150, 6)[:, :, 0], mode="L"), quality=90)
    # The fuzz tests' seeds: small, so 10,000 mutations of each decode in seconds (baseline and progressive JPEG).
    save("fuzz_48x32.jpg", Image.fromarray(scene(48, 32, 11)), quality=85)
    save("fuzz_48x32_progressive.jpg", Image.fromarray(scene(48, 32, 11)), quality=85, progressive=True)
    return sources


def torchvision_case(source, resize, crop_h, crop_w):
    transform = ImageClassification(crop_size=crop_h, resize_size=resize)
    transform.crop_size = [crop_h, crop_w]  # the preset takes a square crop; its forward crops any [h, w]
    with Image.open(HERE / source) as f:
        return transform(f.convert("RGB")).numpy()


def opencv_resize(img, size):
    """megvii ShuffleNet-Series utils.py OpencvResize."""
    img = np.asarray(img)[:, :, ::-1]
    img = np.ascontiguousarray(img)
    H, W, _ = img.shape
    target_size = (int(size / H * W + 0.5), size) if H < W else (size, int(size / W * H + 0.5))
    img = cv2.resize(img, target_size, interpolation=cv2.INTER_LINEAR)
    img = np.ascontiguousarray(img[:, :, ::-1])
    return Image.fromarray(img)


def to_bgr_tensor(img):
    """megvii ShuffleNet-Series utils.py ToBGRTensor."""
    img = np.asarray(img)[:, :, ::-1]
    img = np.transpose(img, [2, 0, 1])
    return torch.from_numpy(np.ascontiguousarray(img)).float()


def megvii_case(source, resize, crop_h, crop_w):
    with Image.open(HERE / source) as f:
        img = opencv_resize(f.convert("RGB"), resize)
    img = torchvision.transforms.CenterCrop((crop_h, crop_w))(img)
    return to_bgr_tensor(img).numpy()


def main():
    write_sources()
    cases = []
    plan = [
        ("torchvision", "rgb_97x61.png", 64, 56, 56),
        ("torchvision", "rgb_300x170.png", 64, 56, 56),
        ("torchvision", "rgb_120x333.png", 72, 64, 48),
        ("torchvision", "rgb_320x240.png", 256, 224, 224),
        ("torchvision", "rgb_40x28.png", 64, 56, 56),
        ("torchvision", "rgb_40x28.png", 32, 48, 40),
        ("torchvision", "gray_150x150.png", 64, 56, 56),
        ("torchvision", "rgba_200x130.png", 64, 56, 56),
        ("torchvision", "palette_90x90.png", 64, 56, 56),
        ("torchvision", "rgb_128x160.png", 64, 56, 56),
        ("torchvision", "rgb_300x170.jpg", 64, 56, 56),
        ("torchvision", "gray_150x150.jpg", 64, 56, 56),
        ("megvii", "rgb_97x61.png", 64, 56, 56),
        ("megvii", "rgb_300x170.png", 64, 56, 56),
        ("megvii", "rgb_120x333.png", 72, 64, 48),
        ("megvii", "rgb_320x240.png", 256, 224, 224),
        ("megvii", "rgb_40x28.png", 64, 56, 56),
        ("megvii", "gray_150x150.png", 64, 56, 56),
        ("megvii", "rgba_200x130.png", 64, 56, 56),
        ("megvii", "rgb_128x160.png", 64, 56, 56),
        ("megvii", "rgb_300x170.jpg", 64, 56, 56),
    ]
    for pipeline, source, resize, crop_h, crop_w in plan:
        make = torchvision_case if pipeline == "torchvision" else megvii_case
        tensor = make(source, resize, crop_h, crop_w).astype(np.float64)
        if pipeline == "torchvision":
            mean = np.array([0.485, 0.456, 0.406]).reshape(3, 1, 1)
            std = np.array([0.229, 0.224, 0.225]).reshape(3, 1, 1)
            tensor = (tensor * std + mean) * 255
        values = tensor.round()
        assert np.abs(values - tensor).max() < 1e-3, "the reference tensor is not whole pixel values"
        name = f"{pipeline}_{source.replace('.', '_')}_r{resize}_{crop_h}x{crop_w}"
        (HERE / (name + ".u8")).write_bytes(values.astype(np.uint8).tobytes())
        cases.append({"name": name, "pipeline": pipeline, "source": source, "resize": resize,
                      "crop_height": crop_h, "crop_width": crop_w})
    versions = {"torch": torch.__version__, "torchvision": torchvision.__version__,
                "pillow": Image.__version__, "opencv": cv2.__version__}
    (HERE / "cases.json").write_text(json.dumps({"versions": versions, "cases": cases}, indent=1) + "\n")


def classify_fixture():
    from torchvision.models import ShuffleNet_V2_X0_5_Weights
    weights = ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1
    model = torchvision.models.shufflenet_v2_x0_5()
    state = torch.load(HERE.parent.parent / "Weights" / "Fixtures" / "shufflenet_v2_x0_5.f16.pth")
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
    model.eval()
    with Image.open(HERE / "rgb_320x240.png") as f:
        batch = weights.transforms()(f.convert("RGB")).unsqueeze(0)
    with torch.no_grad():
        logits = model(batch)[0].double()
    probabilities = torch.softmax(logits, 0)
    top = torch.argsort(logits, descending=True)[:5].tolist()
    categories = weights.meta["categories"]
    result = {"image": "rgb_320x240.png", "logits": logits.tolist(),
              "top5": [{"index": i, "label": categories[i], "probability": probabilities[i].item()} for i in top]}
    (HERE / "shufflenet_v2_x0_5.image.json").write_text(json.dumps(result) + "\n")


if __name__ == "__main__":
    classify_fixture()
    main()
