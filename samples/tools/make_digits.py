#!/usr/bin/python3
"""Builds the digits sample data and the digits MLP ONNX model.

Run from the repository root with Debian's python (python3-sklearn, python3-onnx, python3-pil):

    /usr/bin/python3 samples/tools/make_digits.py

Deterministic: running it twice produces byte-identical files.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from PIL import Image
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier

ROOT = os.getcwd()
TRAIN_ROWS = 1000
OPSET = min(17, onnx.defs.onnx_opset_version())
IR_VERSION = 8  # opset 17 <-> IR 8; accepted by onnxruntime 1.x


def path(*parts):
    p = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_text(p, lines):
    with open(p, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")


def build_model(clf):
    w1 = clf.coefs_[0].astype(np.float32)        # [64, H]
    b1 = clf.intercepts_[0].astype(np.float32)   # [H]
    w2 = clf.coefs_[1].astype(np.float32)        # [H, 10]
    b2 = clf.intercepts_[1].astype(np.float32)   # [10]
    scale = np.array(1.0 / 16.0, dtype=np.float32)

    inits = [
        numpy_helper.from_array(scale, "scale"),
        numpy_helper.from_array(w1, "W1"),
        numpy_helper.from_array(b1, "b1"),
        numpy_helper.from_array(w2, "W2"),
        numpy_helper.from_array(b2, "b2"),
    ]
    nodes = [
        helper.make_node("Mul", ["pixels", "scale"], ["scaled"], name="scale_pixels"),
        helper.make_node("Gemm", ["scaled", "W1", "b1"], ["hidden_pre"], name="dense1"),
        helper.make_node("Relu", ["hidden_pre"], ["hidden"], name="relu1"),
        helper.make_node("Gemm", ["hidden", "W2", "b2"], ["logits"], name="dense2"),
        helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
        helper.make_node("ArgMax", ["logits"], ["label"], name="argmax", axis=1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes,
        "digits_mlp",
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["N", 64])],
        [
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 10]),
            helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
        ],
        initializer=inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="batchscoring-samples-make_digits",
        producer_version="1.0",
    )
    model.ir_version = IR_VERSION
    model.model_version = 1
    model.doc_string = ("MLPClassifier(hidden_layer_sizes=(64,), random_state=0) trained on the first "
                        "1000 rows of the UCI digits (sklearn.datasets.load_digits). Input: raw pixels 0..16.")
    onnx.checker.check_model(model)
    return model, (scale, w1, b1, w2, b2)


def numpy_forward(x_raw, params):
    scale, w1, b1, w2, b2 = params
    x = x_raw.astype(np.float32) * scale
    h = np.maximum(x @ w1 + b1, 0)
    logits = h @ w2 + b2
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True), logits.argmax(axis=1)


def main():
    digits = load_digits()
    X = digits.data.astype(np.int64)    # [1797, 64], 0..16
    y = digits.target.astype(np.int64)  # [1797]
    n = X.shape[0]
    assert X.shape == (1797, 64), X.shape
    Xs = X / 16.0

    clf = MLPClassifier(hidden_layer_sizes=(64,), random_state=0, max_iter=1000)
    clf.fit(Xs[:TRAIN_ROWS], y[:TRAIN_ROWS])
    assert list(clf.classes_) == list(range(10))
    pred = clf.predict(Xs).astype(np.int64)
    proba = clf.predict_proba(Xs)

    acc_all = float((pred == y).mean())
    acc_train = float((pred[:TRAIN_ROWS] == y[:TRAIN_ROWS]).mean())
    acc_held = float((pred[TRAIN_ROWS:] == y[TRAIN_ROWS:]).mean())

    # ONNX model
    model, params = build_model(clf)
    onnx_path = path("samples", "models", "digits-mlp.onnx")
    with open(onnx_path, "wb") as f:
        f.write(model.SerializeToString(deterministic=True))
    onnx.checker.check_model(onnx_path)

    np_proba, np_label = numpy_forward(X, params)
    max_diff = float(np.abs(np_proba - proba).max())
    label_mismatch = int((np_label != pred).sum())
    print(f"onnx {onnx.__version__}, opset {OPSET}, ir_version {model.ir_version}")
    print(f"numpy forward vs predict_proba: max abs diff {max_diff:.3e}; argmax mismatches vs predict: {label_mismatch}")
    if max_diff > 1e-5 or label_mismatch:
        sys.exit("numpy check of the ONNX graph math failed")

    # Tabular data
    header = ["id"] + [f"pixel_{k}" for k in range(64)] + ["target"]
    write_text(path("samples", "digits-tabular", "data", "digits.csv"),
               [",".join(header)] +
               [",".join([str(i)] + [str(int(v)) for v in X[i]] + [str(int(y[i]))]) for i in range(n)])
    write_text(path("samples", "digits-tabular", "expected", "sklearn-predictions.csv"),
               ["id,predicted,target"] + [f"{i},{int(pred[i])},{int(y[i])}" for i in range(n)])

    # Images: 8x8 grayscale, value = raw*15 (0..240)
    for i in range(n):
        img = (X[i].reshape(8, 8) * 15).astype(np.uint8)
        Image.fromarray(img, mode="L").save(path("samples", "digits-images", "images", f"digit-{i:04d}.png"),
                                            format="PNG")
    write_text(path("samples", "digits-images", "expected", "sklearn-predictions.csv"),
               ["file,predicted,target"] + [f"digit-{i:04d}.png,{int(pred[i])},{int(y[i])}" for i in range(n)])

    metrics = {"accuracyAll": acc_all, "accuracyHeldOut": acc_held, "accuracyTrain": acc_train,
               "rows": n, "trainRows": TRAIN_ROWS}
    write_text(path("samples", "models", "digits-mlp.metrics.json"), [json.dumps(metrics, indent=2)])

    print(f"accuracy all rows ({n}): {acc_all:.6f}")
    print(f"accuracy held-out rows {TRAIN_ROWS}..{n - 1} ({n - TRAIN_ROWS}): {acc_held:.6f}")
    print(f"accuracy training rows 0..{TRAIN_ROWS - 1} ({TRAIN_ROWS}): {acc_train:.6f}")


if __name__ == "__main__":
    main()
