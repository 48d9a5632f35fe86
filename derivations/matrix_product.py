"""The lecture's matrix product [1 2] × [[1 2 3], [4 5 6]] = [9 12 15]: (1,2)(2,3) = (1,3)."""

from __future__ import annotations

import sympy
from sympy import MatMul, Matrix, Symbol

from symnn.derivation import Derivation, Step, Text
from symnn.network import Layer, Network


def matrix_product() -> Derivation:
    """Return X W for X = [1 2], W = [[1, 2, 3], [4, 5, 6]], entry by entry."""
    X, W = Matrix([[1, 2]]), Matrix([[1, 2, 3], [4, 5, 6]])
    Y = Network([Layer(W, [0, 0, 0], "identity")]).forward(X).output
    entries = Matrix([[sympy.Add(*[sympy.Mul(X[0, i], W[i, j], evaluate=False)
                                   for i in range(2)], evaluate=False) for j in range(3)]])
    return Derivation("matrix_product", Text("Matrix product X W", "행렬의 곱 X W"), (
        Text("Shapes: (1, 2) × (2, 3) = (1, 3); each output sums input × weight.",
             "형상: (1, 2) × (2, 3) = (1, 3). 출력마다 입력 × 가중치를 더한다."),
        Step(Symbol("Y"), MatMul(X, W, evaluate=False), "matrix_product"),
        Step(Symbol("Y"), entries, "definition"),
        Step(Symbol("Y"), Y, "simplify"),
    ))
