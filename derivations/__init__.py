"""The lecture "신경망의 기초" as a catalog of derivations, in the lecture's order and parts.

>>> names()[:3]
['history', 'perceptron', 'gates']
>>> derivation("chain_rule").title("ko")
'연쇄법칙'
>>> [s.title("en") for s in lecture().sections][:2]
['History and kinds of neural networks', 'The perceptron']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from difflib import get_close_matches
from pathlib import Path

from symnn.derivation import Deck, Derivation, Text
from symnn.errors import SymnnError

from . import digits
from .activations import activations
from .chain_rule import chain_rule_derivation, node_rules
from .computational_graph import apple_graph, apples_oranges_graph
from .forward_pass import forward_pass
from .forward_reverse import forward_reverse
from .gradient_descent import gradient_descent
from .history import history
from .learning import learning
from .losses import losses
from .matrix_product import matrix_product
from .notation import notation
from .numerical_vs_backprop import numerical_diff, numerical_vs_backprop
from .perceptron import gates, perceptron
from .softmax import softmax_derivation
from .summary import summary
from .xor import xor_impossible, xor_two_layers

# name, how to build it, summary; the lecture's parts and order are in lecture.toml
CATALOG: list[tuple[str, Callable[[], Derivation], Text]] = [
    ("history", history, Text("neurons, a short history, kinds of networks",
                              "뉴런, 신경망의 간략한 역사와 종류")),
    ("perceptron", perceptron, Text("the perceptron, threshold θ and bias b = -θ",
                                    "퍼셉트론, 임계값 θ와 편향 b = -θ")),
    ("gates", gates, Text("AND, NAND, OR with the lecture's weights, all four rows",
                          "강의의 가중치로 만든 AND, NAND, OR, 네 행 모두")),
    ("xor_impossible", xor_impossible, Text("why no single perceptron computes XOR",
                                            "퍼셉트론 하나로 XOR이 안 되는 이유")),
    ("xor_two_layers", xor_two_layers, Text("XOR = AND(NAND, OR), the two-layer perceptron",
                                            "XOR = AND(NAND, OR), 2층 퍼셉트론")),
    ("matrix_product", matrix_product, Text("[1 2] × [[1 2 3], [4 5 6]] = [9 12 15]",
                                            "[1 2] × [[1 2 3], [4 5 6]] = [9 12 15]")),
    ("notation", notation, Text("the letters of the lecture; w_12^(1), a_1^(1), A = X W + B",
                                "이 강의의 글자, w_12^(1), a_1^(1), A = X W + B")),
    ("activations", activations, Text("step, sigmoid, ReLU and their derivatives",
                                      "계단, 시그모이드, ReLU와 그 미분")),
    ("forward_pass", forward_pass, Text("the three-layer network, every layer exactly",
                                        "3층 신경망의 순전파")),
    ("softmax", softmax_derivation, Text("softmax, the max trick, and softmax(A3)",
                                         "소프트맥스, 최댓값 빼기, softmax(A3)")),
    ("learning", learning, Text("learning from data; why a loss and not the accuracy",
                                "데이터에서 학습, 정확도가 아니라 손실함수를 쓰는 이유")),
    ("losses", losses, Text("MSE and cross-entropy, and softmax with cross-entropy",
                            "평균제곱오차와 교차 엔트로피")),
    ("gradient_descent", gradient_descent, Text("the update rule and one delta-rule step",
                                                "갱신 규칙과 델타 규칙 한 단계")),
    ("numerical_diff", numerical_diff, Text("the derivative, the central difference, a "
                                            "network's numerical gradient",
                                            "미분의 정의, 중앙차분, 신경망의 수치 기울기")),
    ("apple_graph", apple_graph, Text("apples with 10 % tax: 220, and 2.2 per won",
                                      "사과와 소비세: 220원, 사과 1원당 2.2원")),
    ("apples_oranges_graph", apples_oranges_graph,
     Text("apples and oranges: 715, and local computation", "사과와 귤: 715원, 국소계산")),
    ("chain_rule", chain_rule_derivation, Text("z = (x + y)² through t = x + y",
                                               "t = x + y를 거친 z = (x + y)²")),
    ("node_rules", node_rules, Text("backward rules of add and multiply nodes",
                                    "덧셈 노드와 곱셈 노드의 역전파")),
    ("forward_reverse", forward_reverse, Text("e = (a + b)(b + 1), forward and reverse mode",
                                              "e = (a + b)(b + 1)의 순방향·역방향 미분")),
    ("numerical_vs_backprop", numerical_vs_backprop,
     Text("backpropagation against the numerical gradient, and their cost",
          "오차역전파와 수치미분의 비교, 계산 비용")),
    ("summary", summary, Text("what the lecture derived", "강의의 정리")),
]

__all__ = ["CATALOG", "derivation", "digits", "lecture", "names", "parts"]


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


LECTURE = Path(__file__).with_name("lecture.toml")  # the lecture's parts and order


def lecture(only: list[str] | None = None, **title_page: str | Text | None) -> Deck:
    """Return the whole lecture as a deck: the deck file lecture.toml, its four parts, each
    with its derivations (``symnn build`` builds it as ``symnn deck`` builds any deck file).

    ``title_page`` sets ``title``, ``subtitle``, ``course``, ``author`` and ``date``.
    """
    from symnn.deck import load_deck

    deck = load_deck(LECTURE, only)
    settings = {k: Text(v, v) if isinstance(v, str) and k != "date" else v
                for k, v in title_page.items() if v is not None}
    # Its errors name the derivation's file (en/chain_rule.tex), not a file inside symnn.
    return replace(deck, places={}, **settings)


def parts() -> list[tuple[Text, list[str]]]:
    """Return the lecture's parts: each title with its derivations' names, in order."""
    from symnn.spec import read_toml

    data = read_toml(LECTURE, SymnnError)
    return [(Text(s["title"]["en"], s["title"]["ko"]), [i["catalog"] for i in s["item"]])
            for s in data["section"]]
