"""Derivations of a teacher's own examples: a spec's forward pass and one training step, an
expression's gradient and graph, a truth table's separation, a worksheet's verdicts.

Each is built from what the library computed (every number a Value, exact where it is
rational), with the same parts as the lecture's catalog, so it renders as text, LaTeX, a
document, Markdown or Beamer frames in English or Korean.

>>> from symnn.spec import parse_spec
>>> spec = parse_spec({"input": [1, 2], "layer": [{"W": [[1], [1]], "b": [0],
...                                                 "activation": "relu"}]})
>>> print(forward_derivation(spec).render("text"))
Forward pass of a 2-1 network
  -- the network --
  [figure: the network with each neuron's value z = h(a)]
  X = [1, 2]    (the input)
  -- layer 1 --
  W⁽¹⁾ = [[1], [1]]    (given)
  b⁽¹⁾ = [0]    (given)
  A⁽¹⁾ = X W⁽¹⁾ + b⁽¹⁾ = [1, 2] [[1], [1]] + [0] = [3]    (the weighted sums of layer 1)
  Z⁽¹⁾ = ReLU(A⁽¹⁾) = [3]    (ReLU(a) = max(0, a), entry by entry)
  Y = Z⁽¹⁾    (the network's output)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy
from sympy import Derivative, Symbol

from symnn.backprop import TrainingStep
from symnn.check import Report
from symnn.derivation import Derivation, Figure, Frame, Items, Step, Table, Text
from symnn.derive import backward_steps, decimal_step, forward_steps
from symnn.display import register
from symnn.errors import SymnnError, visible
from symnn.grad import Gradient
from symnn.graph import Graph
from symnn.separability import Separation
from symnn.spec import Spec
from symnn.worked_network import (
    forward_derivation,
    network_figure,
    step_derivation,
    weight_names,
)


def grad_derivation(gradient: Gradient, digits: int = 6) -> Derivation:
    """Return f at the point, each partial derivative (SymPy's), its value and the
    central-difference check beside it.

    >>> from symnn.grad import grad
    >>> [str(s.rhs) for s in grad_derivation(grad("x*y", {"x": 2, "y": 3})).steps()][-2:]
    ['x', '2']
    """
    f = Symbol("f")
    point = [Step(Symbol(name), value, "given") for name, value in gradient.point.items()]
    value = [Step(f, gradient.shown(gradient.expression), "definition"),
             decimal_step(f, gradient.value, digits, "substitution")]
    frames = [Frame(Text("the function", "함수"), (*point, *value))]
    rows = {row.name: row for row in gradient.check.rows}
    for name, derivative in gradient.symbolic.items():
        x = Symbol(name)
        row = rows.get(name)
        note = None if row is None else _check_note(row)
        frames.append(Frame(Text(f"with respect to {name}", f"{name}에 대해"), (
            Step(Derivative(f, x), gradient.shown(derivative), "derivative"),
            decimal_step(Derivative(f, x), gradient.exact[name], digits, "substitution",
                         note))))
    return Derivation("grad", Text("Gradient", "기울기"), tuple(frames))


def _check_note(row: Any) -> Text:
    """The central-difference check of one derivative, in words."""
    h = row.h_text.replace("e", "\\times 10^{") + "}" if "e" in row.h_text else row.h_text
    if row.note:
        en = f"fine at a {row.note}" if row.ok else f"disagrees at a {row.note}"
        ko = f"꺾이는 점: {row.note}"
    elif row.ok:
        en = f"agrees (error {row.error_text})"
        ko = f"일치 (오차 {row.error_text})"
    else:
        en = f"DISAGREES (error {row.error_text})"
        ko = f"불일치 (오차 {row.error_text})"
    return Text(f"Central difference with $h = {h}$: {row.numeric_text}, {en}.",
                f"중심차분 ($h = {h}$): {row.numeric_text}, {ko}.")


def graph_derivation(graph: Graph) -> Derivation:
    """Return the graph's forward sweep node by node with the figure of its values, and its
    backward sweep by the chain rule with the figure of the derivatives along each edge.

    >>> d = graph_derivation(Graph.from_text("x*y", {"x": 2, "y": 3}))
    >>> [f.kind for f in d.figures()], len(d.steps())
    (['graph', 'graph'], 4)
    """
    from symnn.render.graph_figure import MAX_NODES

    sweep = graph.backward()
    values = Figure("graph", (graph, None), Text(
        "the forward pass: above each edge the value flowing along it",
        "순전파: 간선 위는 그 간선을 따라 흐르는 값"), name="graph-values")
    figure = Figure("graph", (graph, sweep), Text(
        "value above each edge, the derivative flowing back along it below (red)",
        "간선 위는 값, 아래(빨강)는 그 간선을 따라 거꾸로 흐르는 미분"), name="graph")
    if len(graph.nodes) > MAX_NODES:  # said in one sentence instead of drawn unreadably
        words = Text(f"The graph has {len(graph.nodes)} nodes, too many to draw readably "
                     f"(at most {MAX_NODES}): the steps give every value.",
                     f"노드가 {len(graph.nodes)}개라 읽을 수 있게 그릴 수 없다 (최대 "
                     f"{MAX_NODES}개): 모든 값은 풀이 단계에 있다.")
        values = figure = words
    return Derivation("graph", Text("Computational graph", "계산 그래프"), (
        Frame(Text("forward", "순전파"), (values, *forward_steps(graph))),
        Frame(Text("backward", "역전파"), (figure, *backward_steps(graph, sweep)))))


def _line(separation: Separation) -> tuple[Figure, ...]:
    """For two inputs, the four points and the separating line (or none that exists)."""
    if len(separation.rows[0][0]) != 2 or len(separation.rows) != 4:
        return ()
    caption = (Text("the line $w \\cdot x + b = 0$; output 1 on the shaded side",
                    "직선 $w \\cdot x + b = 0$, 색칠한 쪽에서 1을 출력")
               if separation.perceptron is not None else
               Text("no line puts the filled points on one side and the others on the other",
                    "직선 하나로는 나눌 수 없다"))
    return (Figure("decision", (separation.rows, separation.perceptron), caption,
                   name="line"),)


def separation_derivation(separation: Separation) -> Derivation:
    """Return the truth table with a line that separates it (each row's w·x + b), or the
    multipliers whose weighted sum of the rows' inequalities reads 0 > 0; with a teacher's
    perceptron, its check on every row first.

    >>> from symnn.separability import parse_table, separate
    >>> separation_derivation(separate(parse_table("00:0 01:1 10:1 11:0"))).title("en")
    'Not separable'
    >>> and_table = parse_table("00:0 01:0 10:0 11:1")
    >>> separation_derivation(separate(and_table, [1, 1], -1.5)).title("ko")
    '주어진 퍼셉트론: 모든 행이 맞다'
    """
    rows = separation.rows
    n = len(rows[0][0])
    header = tuple(f"$x_{i + 1}$" for i in range(n)) + (Text("label", "레이블"),)
    frames = []
    if separation.perceptron is not None:
        p = separation.perceptron
        source = "given" if separation.given else Text(
            "found: the widest margin", "찾은 값: 여백이 가장 넓다")
        weights = [Step(Symbol(f"w_{i + 1}"), w, source) for i, w in enumerate(p.weights)]
        outputs = [p(*x) for x, _ in rows]
        columns = header + ("$w \\cdot x + b$", "$y = h(w \\cdot x + b)$")
        body = [(*x, y, p.weighted_sum(x), out) for (x, y), out in zip(rows, outputs)]
        if separation.given:
            columns += (Text("right?", "맞는가?"),)
            body = [(*r, Text("yes", "예") if r[-1] == y else Text("no", "아니오"))
                    for r, (_, y) in zip(body, rows)]
        wrong = separation.wrong_rows
        if not separation.given:
            words = Text("One perceptron realizes the table: $w \\cdot x + b > 0$ exactly on "
                         "the rows labelled 1, and no row lies on the line.",
                         "퍼셉트론 하나로 된다: 레이블이 1인 행에서만 $w \\cdot x + b > 0$이고, "
                         "직선 위에 놓인 행은 없다.")
            title = Text("Separable", "선형 분리 가능")
        elif not wrong:
            words = Text("The given perceptron outputs every label: $h(w \\cdot x + b)$ is 1 "
                         "exactly on the rows labelled 1.",
                         "주어진 퍼셉트론은 모든 레이블을 낸다: 레이블이 1인 행에서만 "
                         "$h(w \\cdot x + b) = 1$.")
            title = Text("The given perceptron realizes the table",
                         "주어진 퍼셉트론: 모든 행이 맞다")
        else:
            words = Text(f"The given perceptron gets {len(wrong)} of {len(rows)} rows wrong: "
                         "there its output $h(w \\cdot x + b)$ is not the label.",
                         f"주어진 퍼셉트론은 {len(rows)}개 행 중 {len(wrong)}개가 틀린다: "
                         "그 행에서 출력 $h(w \\cdot x + b)$가 레이블과 다르다.")
            title = Text("The given perceptron gets rows wrong", "주어진 퍼셉트론: 틀린 행이 있다")
        on_line = [x for x, _ in rows if p.weighted_sum(x) == 0]
        note = () if not on_line or not separation.given else (Text(
            f"{len(on_line)} row{'s' * (len(on_line) > 1)} lie on the line "
            "$w \\cdot x + b = 0$, where the step gives 0.",
            f"{len(on_line)}개 행이 직선 $w \\cdot x + b = 0$ 위에 있고, 거기서 계단 함수는 "
            "0이다."),)
        frames.append(Frame(title, (words, *weights, Step(Symbol("b"), p.bias, source),
                                    Table(columns, tuple(body)), *note),
                            side=_line(separation)))
    if separation.certificate is not None:
        inequalities = separation.row_inequalities()
        table = Table(header + (Text("inequality", "부등식"), Text("multiplier", "승수")),
                      tuple((*x, y, ineq, m) for (x, y), ineq, m in
                            zip(rows, inequalities, separation.certificate)))
        total = sum(m * ineq.lhs for m, ineq in zip(separation.certificate, inequalities))
        proof = (
            Text("Each row asks $w \\cdot x + b > 0$ (label 1) or $\\le 0$ (label 0). "
                 "Multiply each by its multiplier and add:",
                 "각 행은 $w \\cdot x + b > 0$ (레이블 1) 또는 $\\le 0$ (레이블 0)을 요구한다. "
                 "각 승수를 곱해 모두 더하면:"), table,
            Step(sympy.expand(total), 0, "sum", ">"),
            Text("Every weight and the bias cancel and $0 > 0$ is false: no perceptron does it.",
                 "모든 가중치와 편향이 지워지고 $0 > 0$은 거짓이다: 어떤 퍼셉트론도 안 된다."))
        if not frames:
            title = Text("Not separable", "선형 분리 불가능")
        frames.append(Frame(Text("not separable", "선형 분리 불가능"), proof,
                            side=() if frames else _line(separation)))
    return Derivation("separable", title, tuple(frames))


def _literal(text: str) -> str:
    """A student's text shown as it is (typewriter), never read as math or LaTeX."""
    return "`" + " ".join(visible(text).split()).replace("`", "'") + "`"


CLAIMS_PER_FRAME = 7  # claims listed on one slide


def check_derivation(report: Report, digits: int = 6) -> Derivation:
    """Return a worksheet's verdicts in its own order: each claim, the verdict, the right
    value (to ``digits`` digits) where it was wrong, and the first wrong step.

    >>> from symnn.check import check_worksheet
    >>> d = check_derivation(check_worksheet("examples/lecture.toml"))
    >>> d.render("text").splitlines()[-1].strip()
    '20 correct, 4 wrong, 0 with an error.'
    """
    words = {"correct": Text("correct", "맞음"), "wrong": Text("wrong", "틀림"),
             "error": Text("error", "오류")}
    items = []
    for v in report.verdicts:
        value = "" if v.expected is None else (
            v.expected.decimal(digits) if not isinstance(v.expected, np.ndarray) else
            "[" + ", ".join(x.decimal(digits) for x in v.expected.ravel()) + "]")
        word = words[v.status]
        en, ko = f"{_literal(v.name)}: {word.en}", f"{_literal(v.name)}: {word.ko}"
        if v.status != "correct" and value:
            en += f"; the value is ${value}$"
            ko += f"; 값은 ${value}$"
        if v.first_wrong:
            first = ", ".join(_literal(n) for n in v.first_wrong)
            en += f"; first wrong step {first}"
            ko += f"; 처음 틀린 단계 {first}"
        items.append(Text(en, ko))
    s = report.summary
    frames = [Frame(Text("verdicts", "판정") if n == 0 else None,
                    (Items(tuple(items[n:n + CLAIMS_PER_FRAME])),))
              for n in range(0, len(items), CLAIMS_PER_FRAME)]
    frames.append(Frame(Text("summary", "요약"), (Text(
        f"{s['correct']} correct, {s['wrong']} wrong, {s['error']} with an error.",
        f"맞음 {s['correct']}, 틀림 {s['wrong']}, 오류 {s['error']}."),)))
    return Derivation("check", Text("Worksheet check", "풀이 확인"), tuple(frames))


def register_all() -> None:
    """Give the results their ``.derivation()`` (see :class:`symnn.display.Displayable`);
    ``import symnn`` calls it.

    >>> from symnn.grad import grad
    >>> grad("x**2", {"x": 3}).derivation().title("ko")
    '기울기'
    """
    register(Spec, "derivation", forward_derivation)
    register(TrainingStep, "derivation",
             lambda step, **options: step_derivation(step.spec, step.learning_rate, **options))
    register(Gradient, "derivation", grad_derivation)
    register(Graph, "derivation", graph_derivation)
    register(Separation, "derivation", separation_derivation)
    register(Report, "derivation", check_derivation)


def derivation_of(result: Any, **options: Any) -> Derivation:
    """Return the derivation of a result: a Spec (its forward pass), a Gradient, a Graph, a
    Separation or a worksheet Report.

    >>> derivation_of(Graph.from_text("a + b", {"a": 1, "b": 2})).name
    'graph'
    """
    builders = [(Spec, forward_derivation), (Gradient, grad_derivation),
                (Graph, graph_derivation), (Separation, separation_derivation),
                (Report, check_derivation)]
    for kind, build in builders:
        if isinstance(result, kind):
            return build(result, **options)
    raise SymnnError(f"no derivation for a {type(result).__name__}")


__all__ = ["check_derivation", "derivation_of", "forward_derivation", "grad_derivation",
           "graph_derivation", "network_figure", "register_all", "separation_derivation",
           "step_derivation", "weight_names"]
