"""The lecture's letters, stated once, and its notation for a layer: w_12^(1), a_1^(1), and
how the sums become A = X W + B."""

from __future__ import annotations

import sympy
from sympy import MatAdd, MatMul, Matrix, Symbol

from symnn.derivation import Derivation, Figure, Frame, Items, Step, Table, Text
from symnn.network import Layer, Network

from .forward_pass import B1, W1

# The letters every page, figure and reason keeps to: (letters as math, what they are).
NOTATION: tuple[tuple[str, Text], ...] = (
    ("$x_i$, $X$", Text("input; $X = [x_1\\ x_2]$", "입력, $X = [x_1\\ x_2]$")),
    ("$w^{(l)}_{ji}$, $W^{(l)}$", Text("weight of layer $l$ from input $i$ to neuron $j$",
                                       "$l$층에서 입력 $i$가 뉴런 $j$로 가는 가중치")),
    ("$b^{(l)}_j$, $B^{(l)}$", Text("bias ($b = -\\theta$, $\\theta$ the threshold)",
                                    "편향 ($b = -\\theta$, $\\theta$는 임계값)")),
    ("$a^{(l)}_j$, $A^{(l)}$", Text("weighted sum, the activation's input: $A = XW + B$",
                                    "가중합, 활성함수의 입력: $A = XW + B$")),
    ("$h$, $\\sigma$", Text("activation function; $\\sigma$ the sigmoid",
                            "활성함수, $\\sigma$는 시그모이드")),
    ("$z^{(l)}_j$, $Z^{(l)}$", Text("a layer's output: $Z = h(A)$",
                                    "층의 출력: $Z = h(A)$")),
    ("$y_k$, $Y$", Text("the network's output", "신경망의 출력")),
    ("$t_k$", Text("target (the right answer)", "정답")),
    ("$E$", Text("loss (error)", "손실함수 (오차)")),
    ("$\\delta$", Text("a neuron's error $\\partial E / \\partial a$",
                       "뉴런의 오차 $\\partial E / \\partial a$")),
    ("$\\alpha$, $\\varepsilon$", Text("learning rate; step of numerical differentiation",
                                       "학습률, 수치미분의 간격")),
)

# The letters the lecture writes where these pages write the table's (said once, here).
OTHER_LETTERS = (
    Text("The lecture writes the activation's input $x$ (step function) or $z$ (sigmoid, "
         "ReLU): here it is $a$, and $z$ is always an output.",
         "강의는 활성함수의 입력을 $x$(계단 함수)나 $z$(시그모이드, ReLU)로 쓴다. 여기서는 "
         "$a$로 쓰고, $z$는 언제나 출력이다."),
    Text("It writes the loss $E$, $L$, or $\\mathrm{cost}$ (gradient descent, where its "
         "targets are $y^{(i)}$): here always $E$, and targets $t$.",
         "손실함수를 $E$나 $L$로, 경사하강법에서는 $\\mathrm{cost}$로 쓰고 그곳의 정답을 "
         "$y^{(i)}$로 쓴다. 여기서는 늘 $E$와 $t$이다."),
    Text("Its XOR network names the two hidden outputs $s_1, s_2$; in the table's letters "
         "they are $z^{(1)}_1, z^{(1)}_2$.",
         "XOR 신경망은 은닉층의 두 출력을 $s_1, s_2$로 부른다. 표의 글자로는 "
         "$z^{(1)}_1, z^{(1)}_2$이다."),
    Text("Its computational graphs name their nodes $x, y, t, z$ and $a, b, c, d, e$: there these "
         "letters are only the nodes' names.",
         "계산 그래프는 노드를 $x, y, t, z$와 $a, b, c, d, e$로 부른다. 그곳에서 이 글자들은 "
         "노드의 이름일 뿐이다."),
)


def notation() -> Derivation:
    """Return the table of letters, then a_j^(1) = w_j1 x_1 + w_j2 x_2 + b_j for j = 1, 2, 3
    and the same as matrices.

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
    return Derivation("notation", Text("Notation", "표기법"), (
        Frame(Text("the letters of this lecture", "이 강의의 글자"), (
            Table((Text("letter", "글자"), Text("meaning", "뜻")), NOTATION),
        )),
        Frame(Text("where the lecture writes other letters", "강의가 다른 글자를 쓰는 곳"), (
            Items(OTHER_LETTERS),
            Text("Every other page, figure and step keeps to the table on the page before; "
                 "only the lecture's own letters named above ($s_1, s_2$, a graph's nodes) "
                 "stay where the lecture uses them.",
                 "다른 모든 쪽, 그림, 풀이는 앞 쪽의 표기법을 따른다. 위에 적은 강의의 "
                 "글자($s_1, s_2$, 그래프의 노드)만 강의가 쓰는 곳에 그대로 둔다."),
        )),
        Frame(Text("a layer", "층"), (
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
        ), side=(Figure("network", (Network([Layer(W1, B1, "sigmoid")]), None, "names", True,
                                        False, True), Text(
            "layer 1 of the three-layer network; its outputs $z^{(1)}_j$ feed layer 2",
            "3층 신경망의 1층: 출력 $z^{(1)}_j$가 2층으로 간다"), name="notation-layer"),)),
    ))


__all__ = ["NOTATION", "OTHER_LETTERS", "notation", "sympy"]
