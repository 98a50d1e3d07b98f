#!/usr/bin/python3
"""Writes the csv-wide benchmark's model: an MLP over 784 uint8 pixels (a 28x28 image per row).

    /usr/bin/python3 tests/BatchScoring.Benchmarks/make_csv_wide_model.py OUTPUT.onnx [HIDDEN]

pixels uint8 [N,784] -> Cast float -> x/255 -> Gemm [784,HIDDEN] -> Relu -> Gemm [HIDDEN,10]
-> probabilities float [N,10] (Softmax) and label int64 [N] (ArgMax).

HIDDEN defaults to 384: with it, bare ONNX Runtime scores about 270,000-300,000 rows/s on the 2-core development
machine when it is quiet, the rate the csv-wide issue reports for its model (256 runs about 1.4x faster, 512 about
1.4x slower).

The weights are random (seeded): the benchmark measures speed, and its outputs are compared with the naive
loop's, which runs the same model. Deterministic: the same arguments give byte-identical files.
Needs Debian's python3-onnx and python3-numpy.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

WIDTH = 784
CLASSES = 10


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    output = sys.argv[1]
    hidden = int(sys.argv[2]) if len(sys.argv) == 3 else 384
    rng = np.random.RandomState(784)
    w1 = (rng.standard_normal((WIDTH, hidden)) * np.sqrt(2.0 / WIDTH)).astype(np.float32)
    b1 = (rng.standard_normal(hidden) * 0.01).astype(np.float32)
    w2 = (rng.standard_normal((hidden, CLASSES)) * np.sqrt(2.0 / hidden)).astype(np.float32)
    b2 = (rng.standard_normal(CLASSES) * 0.01).astype(np.float32)
    inits = [
        numpy_helper.from_array(np.array(1.0 / 255.0, dtype=np.float32), "scale"),
        numpy_helper.from_array(w1, "W1"),
        numpy_helper.from_array(b1, "b1"),
        numpy_helper.from_array(w2, "W2"),
        numpy_helper.from_array(b2, "b2"),
    ]
    nodes = [
        helper.make_node("Cast", ["pixels"], ["pixels_f"], to=TensorProto.FLOAT, name="cast"),
        helper.make_node("Mul", ["pixels_f", "scale"], ["scaled"], name="scale"),
        helper.make_node("Gemm", ["scaled", "W1", "b1"], ["hidden_pre"], name="dense1"),
        helper.make_node("Relu", ["hidden_pre"], ["hidden"], name="relu1"),
        helper.make_node("Gemm", ["hidden", "W2", "b2"], ["logits"], name="dense2"),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1, name="softmax"),
        helper.make_node("ArgMax", ["logits"], ["label"], axis=1, keepdims=0, name="argmax"),
    ]
    graph = helper.make_graph(
        nodes, "csv-wide-mlp",
        [helper.make_tensor_value_info("pixels", TensorProto.UINT8, ["N", WIDTH])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", CLASSES])],
        initializer=inits)
    model = helper.make_model(graph, producer_name="batchscoring-benchmarks", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, output)


if __name__ == "__main__":
    main()
