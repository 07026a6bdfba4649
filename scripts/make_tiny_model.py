#!/usr/bin/env python3
"""Writes models/tiny_affine.onnx (+ .json sidecar): y = relu(x @ W + b) with fixed W, b, x of shape
[N, 4] -> y [N, 3]. It proves the ONNX Runtime link in both runtimes; later issues add real models.
Run with Debian's python3-onnx: /usr/bin/python3 scripts/make_tiny_model.py"""
import json, os
import onnx
from onnx import helper, TensorProto

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-2.0, 1.0, 0.0], [0.0, 0.5, 1.0]]
B = [0.1, -0.2, 0.3]
w = helper.make_tensor('W', TensorProto.FLOAT, [4, 3], [v for row in W for v in row])
b = helper.make_tensor('B', TensorProto.FLOAT, [3], B)
x = helper.make_tensor_value_info('x', TensorProto.FLOAT, ['N', 4])
y = helper.make_tensor_value_info('y', TensorProto.FLOAT, ['N', 3])
graph = helper.make_graph([
    helper.make_node('MatMul', ['x', 'W'], ['xw']),
    helper.make_node('Add', ['xw', 'B'], ['z']),
    helper.make_node('Relu', ['z'], ['y']),
], 'tiny_affine', [x], [y], initializer=[w, b])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='crimescope')
model.ir_version = 8
onnx.checker.check_model(model)
os.makedirs(os.path.join(ROOT, 'models'), exist_ok=True)
onnx.save(model, os.path.join(ROOT, 'models', 'tiny_affine.onnx'))
sidecar = {
    'name': 'tiny_affine', 'purpose': 'runtime link check (not a crime model)',
    'inputs': [{'name': 'x', 'shape': ['N', 4], 'dtype': 'float32'}],
    'outputs': [{'name': 'y', 'shape': ['N', 3], 'dtype': 'float32'}],
    'formula': 'y = relu(x @ W + b)', 'W': W, 'b': B, 'opset': 17,
    'made_by': 'scripts/make_tiny_model.py',
}
json.dump(sidecar, open(os.path.join(ROOT, 'models', 'tiny_affine.json'), 'w'), indent=2)
print('wrote models/tiny_affine.onnx')
