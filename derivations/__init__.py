"""The lecture "신경망의 기초" as a catalog of derivations, in the lecture's order.

>>> [name for name, _, _ in CATALOG][:3]
['perceptron', 'gates', 'xor_impossible']
>>> derivation("chain_rule").title("ko")
'연쇄법칙'
"""

from __future__ import annotations

from collections.abc import Callable
from difflib import get_close_matches

from derivations.activations import activations
from derivations.chain_rule import chain_rule_derivation, node_rules
from derivations.computational_graph import apple_graph, apples_oranges_graph
from derivations.forward_pass import forward_pass
from derivations.forward_reverse import forward_reverse
from derivations.gradient_descent import gradient_descent
from derivations.losses import losses
from derivations.matrix_product import matrix_product
from derivations.numerical_vs_backprop import numerical_vs_backprop
from derivations.perceptron import gates, perceptron
from derivations.softmax import softmax_derivation
from derivations.xor import xor_impossible, xor_two_layers
from symnn.derivation import Derivation, Text
from symnn.errors import SymnnError

CATALOG: list[tuple[str, Callable[[], Derivation], Text]] = [
    ("perceptron", perceptron, Text("the perceptron, threshold θ and bias b = -θ",
                                    "퍼셉트론, 임계값 θ와 편향 b = -θ")),
    ("gates", gates, Text("AND, NAND, OR with the lecture's weights, row by row",
                          "강의의 가중치로 만든 AND, NAND, OR")),
    ("xor_impossible", xor_impossible, Text("why no single perceptron computes XOR",
                                            "퍼셉트론 하나로 XOR이 안 되는 이유")),
    ("xor_two_layers", xor_two_layers, Text("XOR = AND(NAND, OR), the two-layer perceptron",
                                            "XOR = AND(NAND, OR), 2층 퍼셉트론")),
    ("matrix_product", matrix_product, Text("[1 2] × [[1 2 3], [4 5 6]] = [9 12 15]",
                                            "[1 2] × [[1 2 3], [4 5 6]] = [9 12 15]")),
    ("activations", activations, Text("step, sigmoid, ReLU and their derivatives",
                                      "계단, 시그모이드, ReLU와 그 미분")),
    ("forward_pass", forward_pass, Text("the three-layer network, every layer exactly",
                                        "3층 신경망의 순전파")),
    ("softmax", softmax_derivation, Text("softmax, the max trick, and softmax(A3)",
                                         "소프트맥스, 최댓값 빼기, softmax(A3)")),
    ("losses", losses, Text("MSE and cross-entropy, and softmax with cross-entropy",
                            "평균제곱오차와 교차 엔트로피")),
    ("gradient_descent", gradient_descent, Text("the update rule and one delta-rule step",
                                                "갱신 규칙과 델타 규칙 한 단계")),
    ("numerical_vs_backprop", numerical_vs_backprop,
     Text("numerical gradient against backpropagation", "수치미분과 오차역전파의 비교")),
    ("apple_graph", apple_graph, Text("apples with 10 % tax: 220, and 2.2 per won",
                                      "사과와 소비세: 220원, 사과 1원당 2.2원")),
    ("apples_oranges_graph", apples_oranges_graph, Text("apples and oranges: 715",
                                                        "사과와 귤: 715원")),
    ("chain_rule", chain_rule_derivation, Text("z = (x + y)² through t = x + y",
                                               "t = x + y를 거친 z = (x + y)²")),
    ("node_rules", node_rules, Text("backward rules of add and multiply nodes",
                                    "덧셈 노드와 곱셈 노드의 역전파")),
    ("forward_reverse", forward_reverse, Text("e = (a + b)(b + 1), forward and reverse mode",
                                              "e = (a + b)(b + 1)의 순방향·역방향 미분")),
]


def names() -> list[str]:
    """Return the catalog's names in the lecture's order."""
    return [name for name, _, _ in CATALOG]


def derivation(name: str) -> Derivation:
    """Return the derivation called ``name``, or an error that suggests close names."""
    for entry, build, _ in CATALOG:
        if entry == name:
            return build()
    close = get_close_matches(name, names(), n=3)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else \
        " (run 'symnn list' for the catalog)"
    raise SymnnError(f"no derivation called {name!r}{hint}")
