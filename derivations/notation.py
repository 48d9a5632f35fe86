"""The lecture's notation for a layer: w_12^(1), a_1^(1), and how the sums become A = X W + B."""

from __future__ import annotations

import sympy
from sympy import MatAdd, MatMul, Matrix, Symbol

from symnn.derivation import Derivation, Figure, Frame, Step, Text
from symnn.network import Layer, Network

from .forward_pass import B1, W1


def notation() -> Derivation:
    """Return a_j^(1) = w_j1 x_1 + w_j2 x_2 + b_j for j = 1, 2, 3, then the same as matrices.

    The symbols are those backpropagation uses: ``W1_i_j`` is row i, column j of W^(1), the
    weight from input i to neuron j, printed w^(1)_ji as the lecture writes it.
    """
    x = Matrix([[Symbol("x1"), Symbol("x2")]])
    W = Matrix(2, 3, lambda i, j: Symbol(f"W1_{i + 1}_{j + 1}"))
    B = Matrix(1, 3, lambda i, j: Symbol(f"b1_{j + 1}"))
    A = Matrix(1, 3, lambda i, j: Symbol(f"a1_{j + 1}"))
    product = x * W + B
    sums = [Step(A[0, j], product[0, j], Text(f"neuron {j + 1} of layer 1",
                                              f"1층의 {j + 1}번 뉴런")) for j in range(3)]
    Xs, Ws, Bs, As = (Symbol(n, commutative=False) for n in ("X", "W1", "B1", "A1"))
    return Derivation("notation", Text("Notation for a layer", "층의 표기법"), (
        Frame(None, (
            Text("$w^{(1)}_{12}$: layer 1, from input 2 to neuron 1; $a^{(1)}_1$: the weighted "
                 "sum of neuron 1; $b^{(1)}_1$: its bias.",
                 "$w^{(1)}_{12}$: 1층, 입력 2에서 뉴런 1로 가는 가중치. $a^{(1)}_1$: 뉴런 1의 "
                 "가중합. $b^{(1)}_1$: 그 편향."),
            *sums,
            Step(Ws, W, Text("column $j$ holds the weights into neuron $j$",
                             "$j$번 열은 뉴런 $j$로 들어가는 가중치")),
            Step(As, MatAdd(MatMul(x.as_immutable(), W.as_immutable(), evaluate=False),
                            B.as_immutable(), evaluate=False),
                 Text("$X = [x_1\\ x_2]$, $B^{(1)} = [b^{(1)}_1\\ b^{(1)}_2\\ b^{(1)}_3]$",
                      "$X = [x_1\\ x_2]$, $B^{(1)} = [b^{(1)}_1\\ b^{(1)}_2\\ b^{(1)}_3]$")),
            Step(As, sympy.Add(Xs * Ws, Bs, evaluate=False), Text("all three sums at once",
                                                      "세 가중합을 한 번에")),
        ), side=(Figure("network", (Network([Layer(W1, B1, "sigmoid")]), None, "names"), Text(
            "layer 1, the weights into neuron 1 named as the lecture names them",
            "1층: 뉴런 1로 들어가는 가중치를 강의의 표기로"), name="notation-layer"),)),
    ))


__all__ = ["notation", "sympy"]
