"""The lecture's matrix product [1 2] × [[1 2 3], [4 5 6]] = [9 12 15]: (1,2)(2,3) = (1,3)."""

from __future__ import annotations

import sympy
from sympy import MatMul, Matrix, Symbol

from symnn import arrays
from symnn.derivation import Derivation, Figure, Frame, Step, Text
from symnn.network import Layer, Network

from . import listings


def matrix_product() -> Derivation:
    """Return X W for X = [1 2], W = [[1, 2, 3], [4, 5, 6]], entry by entry."""
    X, W = Matrix([[1, 2]]), Matrix([[1, 2, 3], [4, 5, 6]])
    net = Network([Layer(W, [0, 0, 0], "identity")])
    Y = arrays.matrix(net.forward(X).y)
    entries = Matrix([[sympy.Add(*[sympy.Mul(sympy.UnevaluatedExpr(X[0, i]),
                                             sympy.UnevaluatedExpr(W[i, j]), evaluate=False)
                                   for i in range(2)], evaluate=False) for j in range(3)]])
    x, w, y = (Symbol(n, commutative=False) for n in "XWY")
    return Derivation("matrix_product", Text("Neural networks as matrix products",
                                             "행렬의 곱으로 계산하는 신경망"), (
        Frame(None, (
            Text("Inputs $x_1 = 1$, $x_2 = 2$; the weights into three outputs are the "
                 "columns of $W$. Shapes: $(1, 2) \\times (2, 3) = (1, 3)$; the code's "
                 "one-dimensional X of shape (2,) gives Y of shape (3,).",
                 "입력 $x_1 = 1$, $x_2 = 2$, 세 출력으로 가는 가중치가 $W$의 열이다. "
                 "형상: $(1, 2) \\times (2, 3) = (1, 3)$. 코드의 1차원 X(형상 (2,))는 "
                 "형상 (3,)인 Y를 준다."),
            Step(y, x * w,
                 Text("one row of weighted sums", "가중합 한 행")),
            Step(y, MatMul(X, W, evaluate=False), Text("the lecture's $X$ and $W$",
                                                       "강의의 $X$와 $W$")),
            Step(y, entries, Text("row of $X$ times each column of $W$",
                                  "$X$의 행 × $W$의 각 열")),
            Step(y, Y, Text("$1 \\cdot 1 + 2 \\cdot 4 = 9$, and so on",
                            "$1 \\cdot 1 + 2 \\cdot 4 = 9$, 나머지도 같이")),
        ), side=(listings.listing(listings.MATRIX_PRODUCT), Figure(
            "network", (net, net.forward(X), "values", False), Text(
            "each output neuron adds its inputs times the weights on its edges: a column "
            "of $W$",
            "출력 뉴런마다 입력 × 간선의 가중치를 더한다: $W$의 한 열"),
            name="matrix-product-network"),)),
    ))
