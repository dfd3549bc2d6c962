#!/usr/bin/env python3
"""Checks a classifier made by `cbrd export` with Google's own runtimes (run by
tests/integration/export.rs; needs ai-edge-litert, numpy and mediapipe — see
tests/python/requirements.txt).

Usage: check_export.py MODEL INPUTS.bin EXPECTED.json TOLERANCE TASK_IMAGE TASK_LABEL

- INPUTS.bin: N model inputs (uint8 NHWC, the size of the model input), preprocessed by cbrd;
- EXPECTED.json: {"labels": [...], "scores": [[...] per input, in label order]} from cbrd's own
  matcher on the index;
- the LiteRT Python interpreter must give the same scores within TOLERANCE and the same best
  class for every input, and read the labels from the model's zipped labels.txt;
- the MediaPipe Tasks ImageClassifier (the successor of the TFLite Task Library, reading the
  same TFLite Metadata; the Task Library's last wheels exist for x86_64 Python ≤ 3.11 only) must
  load the model from its metadata alone (normalisation, labels) and name TASK_LABEL as the best
  class of TASK_IMAGE.
"""
import json
import sys
import zipfile

import numpy as np
from ai_edge_litert.interpreter import Interpreter


def main():
    model, inputs_path, expected_path, tol = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    expected = json.load(open(expected_path))
    labels = zipfile.ZipFile(model).read("labels.txt").decode().splitlines()
    assert labels == expected["labels"], f"labels.txt {labels} != {expected['labels']}"

    it = Interpreter(model_path=model)
    it.allocate_tensors()
    inp, out = it.get_input_details()[0], it.get_output_details()[0]
    assert out["name"] == "scores", out["name"]
    assert list(out["shape"]) == [1, len(labels)], out["shape"]
    assert out["dtype"] == np.float32, out["dtype"]
    shape = tuple(inp["shape"])
    raw = np.fromfile(inputs_path, dtype=np.uint8).reshape((-1,) + shape[1:])
    assert len(raw) == len(expected["scores"]), (len(raw), len(expected["scores"]))
    worst = 0.0
    for i, (x, want) in enumerate(zip(raw, expected["scores"])):
        x = x[None]
        if inp["dtype"] == np.float32:
            x = x.astype(np.float32)
        it.set_tensor(inp["index"], x)
        it.invoke()
        got = it.get_tensor(out["index"])[0]
        want = np.array(want, dtype=np.float32)
        worst = max(worst, float(np.abs(got - want).max()))
        assert int(np.argmax(got)) == int(np.argmax(want)), f"input {i}: best {labels[np.argmax(got)]} != {labels[np.argmax(want)]}"
    assert worst <= tol, f"max |delta| {worst} > {tol}"
    print(f"LiteRT {len(raw)} inputs: same best class, max |delta| {worst:.2e} <= {tol}")

    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision

    opts = vision.ImageClassifierOptions(base_options=BaseOptions(model_asset_path=model), max_results=3)
    with vision.ImageClassifier.create_from_options(opts) as clf:
        result = clf.classify(mp.Image.create_from_file(sys.argv[5]))
    best = result.classifications[0].categories[0]
    assert best.category_name == sys.argv[6], f"MediaPipe ImageClassifier: {best.category_name} != {sys.argv[6]}"
    print(f"MediaPipe Tasks ImageClassifier: {best.category_name} {best.score:.3f}")


if __name__ == "__main__":
    main()
