"""The apple graphs: 100 won apples with 10 % tax, then apples and oranges."""

from __future__ import annotations

from symnn import apples, apples_and_oranges
from symnn.derivation import Derivation, Figure, Text
from symnn.derive import backward_steps, forward_steps


def _graph_derivation(name: str, title: Text, intro: Text, graph) -> Derivation:
    sweep = graph.backward()
    return Derivation(name, title, (
        intro,
        *forward_steps(graph),
        Figure("graph", (graph, sweep),
               Text("forward values above the edges, derivatives of the total below (red)",
                    "간선 위는 순전파 값, 아래(빨강)는 지불금액의 미분"), name=f"{name}-graph"),
        Text("Backward, from the total to every input:", "지불금액에서 각 입력으로 역전파:"),
        *backward_steps(graph, sweep),
    ))


def apple_graph() -> Derivation:
    """Return 'two 100-won apples with 10 % tax', forward (220) and backward (2.2, 110, 200)."""
    return _graph_derivation(
        "apple_graph", Text("Computational graph: apples", "계산 그래프: 사과"),
        Text("Two apples at 100 won each, 10 % consumption tax. If the apple price rises by 1 "
             "won, the total rises by 2.2 won.",
             "1개 100원인 사과 2개, 소비세 10%. 사과 가격이 1원 오르면 지불금액은 2.2원 오른다."),
        apples())


def apples_oranges_graph() -> Derivation:
    """Return 'two apples at 100 and three oranges at 150, 10 % tax': 715 and every derivative."""
    return _graph_derivation(
        "apples_oranges_graph",
        Text("Computational graph: apples and oranges", "계산 그래프: 사과와 귤"),
        Text("Two apples at 100 won, three oranges at 150 won, 10 % tax.",
             "사과 2개(개당 100원), 귤 3개(개당 150원), 소비세 10%."),
        apples_and_oranges())
