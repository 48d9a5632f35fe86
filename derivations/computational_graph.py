"""The apple graphs: 100 won apples with 10 % tax, then apples and oranges, and local
computation."""

from __future__ import annotations

from sympy import Rational

from symnn import Graph, Node, apples, apples_and_oranges
from symnn.derivation import Derivation, Figure, Frame, Items, Text
from symnn.derive import backward_steps, forward_steps

LABELS = {
    "price": Text("apple price", "사과 가격"),
    "count": Text("apple count", "사과 개수"),
    "tax": Text("tax", "소비세"),
    "subtotal": Text("subtotal", "세전 금액"),
    "total": Text("total", "지불금액"),
    "apple_price": Text("apple price", "사과 가격"),
    "apple_count": Text("apple count", "사과 개수"),
    "orange_price": Text("orange price", "귤 가격"),
    "orange_count": Text("orange count", "귤 개수"),
    "apples": Text("apples", "사과 금액"),
    "oranges": Text("oranges", "귤 금액"),
}


def _graph_frames(name: str, graph, story: Text | None) -> tuple[Frame, Frame, Figure]:
    sweep = graph.backward()
    values = Figure("graph", (graph, None),
                    Text("the forward pass: by each edge the value flowing along it",
                         "순전파: 간선 옆의 수는 그 간선을 따라 흐르는 값"),
                    name=f"{name}-values")
    figure = Figure("graph", (graph, sweep),
                    Text("value above each edge, the derivative flowing back along it below (red)",
                         "간선 위는 값, 아래(빨강)는 그 간선을 따라 거꾸로 흐르는 미분"),
                    name=f"{name}-graph")
    forward = Frame(Text("forward", "순전파"), (*([story] if story else []), values,
                                                *forward_steps(graph)))
    return forward, backward_frames(graph, sweep, figure), figure


def backward_frames(graph, sweep, figure: Figure) -> tuple[Frame, ...]:
    """The backward pass: the graph on a slide of its own, then its steps; more than five
    steps are split where the inputs begin (through the nodes, then to the inputs)."""
    steps = backward_steps(graph, sweep)
    inputs = {graph.name(n) for n in graph.nodes if n.kind == "input"}
    first = [s for s in steps if str(s.lhs.variables[0]) not in inputs]
    last = [s for s in steps if str(s.lhs.variables[0]) in inputs]
    frames = [Frame(Text("backward", "역전파"), (figure,))]
    if len(steps) <= 5:
        return (*frames, Frame(Text("backward, step by step", "역전파, 단계별로"),
                               tuple(steps)))
    return (*frames,
            Frame(Text("backward through the nodes", "노드를 거치는 역전파"), tuple(first)),
            Frame(Text("backward to the inputs", "입력까지의 역전파"), tuple(last)))


def apple_graph() -> Derivation:
    """Return 'two 100-won apples with 10 % tax', forward (220) and backward (2.2, 110, 200)."""
    forward, backward, _ = _graph_frames(
        "apple_graph", apples(),
        Text("Two apples at 100 won each, 10 % consumption tax ($\\times 1.1$):",
             "1개 100원인 사과 2개, 소비세 10% ($\\times 1.1$):"))
    *figure_frame, steps = backward
    steps = Frame(steps.title, (*steps.parts, Text(
        "If the apple price rises by 1 won, the total rises by 2.2 won.",
        "사과가 1원 오르면 지불금액은 2.2원 오른다.")))
    return Derivation("apple_graph", Text("Computational graph: apples", "계산 그래프: 사과"),
                      (forward, *figure_frame, steps), labels=LABELS)


def apples_oranges_graph() -> Derivation:
    """Return 'two apples at 100 and three oranges at 150, 10 % tax': 715 and every derivative,
    and what local computation means on this graph."""
    graph = apples_and_oranges()
    forward, backward, _ = _graph_frames("apples_oranges_graph", graph, None)
    node = Graph((Node.input("subtotal", 650) * Node.input("tax", Rational(11, 10)))
                 .named("total"))
    local = Frame(Text("local computation", "국소계산"), (
        Text("Two apples at 100 won, three oranges at 150 won, 10 % tax.",
             "사과 2개(개당 100원), 귤 3개(개당 150원), 소비세 10%."),
        Figure("graph", (node, node.backward()),
               Text("the last node alone: it needs only 650 and 1.1",
                    "마지막 노드만: 650과 1.1만 있으면 된다"),
               name="apples_oranges_graph-local"),
        Items((
            Text("Each node computes only from what reaches it.",
                 "각 노드는 자기에게 들어온 값만으로 계산한다."),
            Text("The add node needs 200 and 450, not how they were bought; the multiply node "
                 "needs 650 and 1.1.",
                 "덧셈 노드는 200과 450만 알면 되고, 그 값이 어떻게 나왔는지는 몰라도 된다. "
                 "곱셈 노드는 650과 1.1만 필요하다."),
            Text("Backward, each node multiplies the derivative it receives by its own local "
                 "derivative and passes it on: the multiply node above sends back "
                 "$1 \\cdot 1.1 = 1.1$ and $1 \\cdot 650 = 650$.",
                 "역전파에서도 각 노드는 받은 미분에 자신의 국소미분을 곱해 넘겨줄 뿐이다. 위의 "
                 "곱셈 노드는 $1 \\cdot 1.1 = 1.1$과 $1 \\cdot 650 = 650$을 돌려보낸다."),
            Text("So the whole graph's derivatives come from small local steps, each done once.",
                 "그래서 그래프 전체의 미분은 노드마다 한 번씩 하는 작은 국소 계산으로 얻어진다."),
        )),
    ))

    return Derivation("apples_oranges_graph",
                      Text("Computational graph: apples and oranges",
                           "계산 그래프: 사과와 귤"), (forward, local, *backward), labels=LABELS)
