"""Makes the batch dimension of NuGet's ResNet18 symbolic: /usr/bin/python3 make_resnet_batchable.py IN.onnx OUT.onnx"""
import sys
import onnx

model = onnx.load(sys.argv[1])
for value in list(model.graph.input) + list(model.graph.output):
    value.type.tensor_type.shape.dim[0].dim_param = "N"
del model.graph.value_info[:]
# (the checker is skipped: this IR 3 model lists initializers outside its inputs, which ONNX Runtime accepts)
onnx.save(model, sys.argv[2])
