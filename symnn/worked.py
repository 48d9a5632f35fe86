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

from dataclasses import replace
from typing import Any

import sympy
from sympy import Derivative, Symbol

from symnn.backprop import TrainingStep
from symnn.check import Report, answer_text
from symnn.derivation import Derivation, Figure, Frame, Step, Table, Text
from symnn.derive import (
    backward_steps,
    decimal_step,
    forward_steps,
    line_chain,
    value_links,
)
from symnn.display import register
from symnn.errors import SymnnError, visible
from symnn.grad import Gradient
from symnn.graph import Graph
from symnn.separability import Separation
from symnn.spec import Spec
from symnn.worked_network import (
    chain,
    forward_derivation,
    network_figure,
    packed,
    step_derivation,
    weight_names,
)


def grad_derivation(gradient: Gradient, digits: int = 6) -> Derivation:
    """Return f at the point, each partial derivative (SymPy's), its value and the
    central-difference check beside it: every partial derivative on one frame when they fit
    one slide (with the function, when it fits too).

    >>> from symnn.grad import grad
    >>> d = grad_derivation(grad("x*y", {"x": 2, "y": 3}))
    >>> [s.rhs for s in d.steps() if isinstance(s.lhs, Derivative)]
    [(y, ('=', 3)), (x, ('=', 2))]
    >>> [f.title("en") for f in grad_derivation(grad("x*y*z", {"x": 1, "y": 2, "z": 3})).parts]
    ['the function', 'the partial derivatives']
    """
    f = Symbol("f")
    point = [Step(Symbol(name), value, "given") for name, value in gradient.point.items()]
    value = [Step(f, gradient.shown(gradient.expression), "definition"),
             decimal_step(f, gradient.value, digits, "substitution")]
    kind = Text("the partial derivatives", "편미분")
    function = Text("the function", "함수")
    blocks = [(function, lambda most, full: [*point, *value], function)]
    rows = {row.name: row for row in gradient.check.rows}
    for name, derivative in gradient.symbolic.items():
        x = Symbol(name)
        row = rows.get(name)
        note = None if row is None else _check_note(row)
        at = decimal_step(Derivative(f, x), gradient.exact[name], digits, "substitution")
        parts = chain(Derivative(f, x), [("=", gradient.shown(derivative), "derivative"),
                                         (at.relation, at.rhs, "substitution")])
        parts[-1] = replace(parts[-1], note=note)
        blocks.append((Text(f"with respect to ${sympy.latex(x)}$",
                            f"${sympy.latex(x)}$에 대해"),
                       lambda most, full, parts=parts: parts, kind))
    return Derivation("grad", Text("Gradient", "기울기"), tuple(packed(blocks)))


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
        "the forward pass: by each edge the value flowing along it",
        "순전파: 간선 옆의 수는 그 간선을 따라 흐르는 값"), name="graph-values")
    figure = Figure("graph", (graph, sweep), Text(
        "value above each edge, the derivative flowing back along it below (red)",
        "간선 위는 값, 아래(빨강)는 그 간선을 따라 거꾸로 흐르는 미분"), name="graph")
    if len(graph.nodes) > MAX_NODES:  # said in one sentence instead of drawn unreadably
        words = Text(f"The graph has {len(graph.nodes)} nodes, too many to draw readably "
                     f"(at most {MAX_NODES}): the steps give every value.",
                     f"노드가 {len(graph.nodes)}개라 읽을 수 있게 그릴 수 없다 (최대 "
                     f"{MAX_NODES}개): 모든 값은 풀이 단계에 있다.")
        values = figure = words
    else:
        values, figure = (_drawable(f) for f in (values, figure))
    return Derivation("graph", Text("Computational graph", "계산 그래프"), (
        *_sweep(Text("forward", "순전파"), values, forward_steps(graph)),
        *_sweep(Text("backward", "역전파"), figure, backward_steps(graph, sweep))))


def _sweep(title: Text, figure: Figure | Text, steps: list[Step]) -> list[Frame]:
    """A sweep's figure with its steps on one slide when both fit, else the figure on a slide
    of its own and the steps on as many slides as they fill, about equally."""
    from symnn.render import fit
    from symnn.render.beamer import CM
    from symnn.render.figures import figure_size

    if isinstance(figure, Text):
        return packed([(title, lambda most, full: [figure, *steps], title)])
    tall = max(figure_size(figure, lang)[1] for lang in ("en", "ko")) * CM + 30
    if tall + max(fit.parts_height(steps, lang) for lang in ("en", "ko")) <= fit.FRAME - 16:
        return [Frame(title, (figure, *steps))]
    return [Frame(title, (figure,)), *packed([(title, lambda most, full: steps, title)])]


def _drawable(figure: Figure) -> Figure | Text:
    """The figure, or a sentence with its steps when it is larger than a slide holds with its
    labels readable (a frame of its own saying so would hold two lines)."""
    from symnn.render.beamer import CM, FRAME_HEIGHT, ROOM
    from symnn.render.figures import figure_size

    w, h = max((figure_size(figure, lang) for lang in ("en", "ko")), key=lambda s: s[0])
    if w <= ROOM[0] and h <= FRAME_HEIGHT / CM - 1.0:
        return figure
    return Text(f"Drawn with its labels readable, the graph would be {w:.1f} cm × {h:.1f} cm, "
                "larger than a slide: the steps give every value it would show.",
                f"글자를 읽을 수 있게 그리면 그래프가 {w:.1f} cm × {h:.1f} cm로 슬라이드보다 "
                "크다. 그림의 모든 값은 풀이 단계에 있다.")


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
        table = Table(columns, tuple(body))
        givens = (words, *weights, Step(Symbol("b"), p.bias, source))
        if _line(separation) and len(columns) > 5:
            # Too wide for the column beside the figure: the rows on a frame of their own.
            frames.append(Frame(Text("the perceptron", "퍼셉트론"), givens,
                                side=_line(separation)))
            frames.append(Frame(Text("every row checked", "모든 행 확인"), (table, *note)))
        else:
            frames.append(Frame(Text("the perceptron", "퍼셉트론") if separation.given else
                                Text("a separating line", "나누는 직선"),
                                (*givens, table, *note), side=_line(separation)))
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
        from symnn.render import fit

        side = () if frames else _line(separation)
        heading = Text("why no line separates them", "어떤 직선으로도 나눌 수 없는 이유")
        if side or max(fit.parts_height(list(proof), lang) for lang in ("en", "ko")) \
                <= fit.FRAME - 16:
            frames.append(Frame(heading, proof, side=side))
        else:  # many rows: the table on one slide, the sum worked out on the next
            weighted = sympy.Add(*(sympy.Mul(m, sympy.UnevaluatedExpr(ineq.lhs), evaluate=False)
                                   for m, ineq in zip(separation.certificate, inequalities)
                                   if m != 0), evaluate=False)
            frames.append(Frame(heading, proof[:2]))
            frames.append(Frame(Text("the sum", "합"), (
                Text("Each row's left side times its multiplier, added:",
                     "각 행의 좌변에 승수를 곱해 더하면:"),
                Step(Symbol("S"), (weighted, ("=", sympy.expand(total))), "sum"),
                Text("The rows say $S > 0$ (a row of label 1 with a positive multiplier is "
                     "strict), but every weight and the bias cancel: $S = 0$, and $0 > 0$ is "
                     "false. No perceptron does it.",
                     "행들의 부등식은 $S > 0$을 말한다 (양의 승수를 가진 레이블 1 행은 엄격한 "
                     "부등식). 그런데 모든 가중치와 편향이 지워져 $S = 0$이고, $0 > 0$은 "
                     "거짓이다. 어떤 퍼셉트론도 안 된다."))))
    return Derivation("separable", title, tuple(frames))


def _literal(text: str) -> str:
    """A student's text shown as it is (typewriter), never read as math or LaTeX."""
    return "`" + " ".join(visible(text).split()).replace("`", "'") + "`"


CLAIMS_PER_FRAME = 3  # claims, each with its note, on one slide
GIVENS_PER_FRAME = 6  # given values or definitions on one slide


def check_derivation(report: Report, digits: int = 6) -> Derivation:
    """Return a worksheet's check as a teacher shows it: the givens and each definition worked
    out (formula, numbers put in, value), then each claim: its expression and right value,
    what was written, and the verdict with its reason, the first wrong step marked.

    >>> from symnn.check import check_worksheet
    >>> d = check_derivation(check_worksheet("examples/lecture.toml"))
    >>> d.render("text").splitlines()[-1].strip()
    '20 correct, 4 wrong, 0 with an error.'
    """
    from symnn.handcalc import work

    sheet = report.sheet
    given = sheet.get("values", {}) if isinstance(sheet.get("values"), dict) else {}
    defined = sheet.get("define", {}) if isinstance(sheet.get("define"), dict) else {}
    frames: list[Frame] = []
    steps: list[Any] = []
    try:
        calc = work(given, [(n, t) for n, t in defined.items() if isinstance(t, str)], 4)
        for name in given:
            steps.append(Step(Symbol(name), _given(calc.values[name]), "given"))
        steps += [Step(Symbol(line.name), line_chain(line, width=50), "definition")
                  for line in calc.lines]
    except SymnnError:  # a malformed definition: its claims say so; show the givens alone
        steps = []
    for n in range(0, len(steps), GIVENS_PER_FRAME):
        frames.append(Frame(Text("the worksheet", "풀이지") if n == 0 else None,
                            tuple(steps[n:n + GIVENS_PER_FRAME])))
    claims = sheet.get("claim", []) if isinstance(sheet.get("claim"), list) else []
    first = {name for v in report.verdicts for name in v.first_wrong}
    parts = [_claim_step(v, c if isinstance(c, dict) else {}, v.name in first, digits)
             for v, c in zip(report.verdicts, [*claims, *[{}] * len(report.verdicts)])]
    s = report.summary
    parts.append(Text(  # the count closes the last frame of claims, never a frame of its own
        f"{s['correct']} correct, {s['wrong']} wrong, {s['error']} with an error.",
        f"맞음 {s['correct']}, 틀림 {s['wrong']}, 오류 {s['error']}."))
    for n in range(0, len(parts) - 1, CLAIMS_PER_FRAME):
        chunk = parts[n:n + CLAIMS_PER_FRAME]
        if n + CLAIMS_PER_FRAME >= len(parts) - 1:
            chunk = parts[n:]
        frames.append(Frame(Text("the claims", "답") if n == 0 else None, tuple(chunk)))
    return Derivation("check", Text("Worksheet check", "풀이 확인"), tuple(frames))


def _given(v: Any) -> Any:
    exact, approx = value_links(v)
    return exact if exact is not None else approx


def _claim_step(v: Any, claim: dict, first_wrong: bool, digits: int) -> Step:
    """One claim: its expression = the right value, the verdict and why as the reason, what
    the student wrote (and the first wrong step) as the note."""
    from symnn.handcalc import written_expression

    try:
        lhs = written_expression(str(claim.get("expr", "")))
    except SymnnError:
        lhs = Symbol("?")
    words = {"correct": Text("correct", "맞음"), "wrong": Text("wrong", "틀림"),
             "error": Text("error", "오류")}[v.status]
    if first_wrong:
        words = Text("wrong: the first wrong step", "틀림: 처음 틀린 단계")
    name = _literal(v.name)
    reason = Text(f"{name}: {words.en}", f"{name}: {words.ko}")
    written = claim.get("equals")
    note_en, note_ko = [], []
    if written is not None:
        shown = _literal(answer_text(written))
        note_en.append(f"written {shown}")
        note_ko.append(f"쓴 값 {shown}")
    if v.status == "wrong" and v.shape_problem:
        note_en.append("the numbers are right but not the shape" if "right numbers" in
                       v.message else "a shape problem: " + _literal(v.message))
        note_ko.append("모양이 다르다: " + _literal(v.message))
    elif v.status == "wrong" and v.wrong_entries:
        entries = ", ".join(str(list(i)) for i in v.wrong_entries)
        note_en.append(f"entries {entries} are off")
        note_ko.append(f"{entries}번째 값이 다르다")
    elif v.status == "error" and v.message:
        note_en.append(_literal(v.message))
        note_ko.append("계산할 수 없다: " + _literal(v.message))
    if v.first_wrong:
        steps = ", ".join(_literal(n) for n in v.first_wrong)
        note_en.append(f"it uses {steps}, wrong first")
        note_ko.append(f"먼저 틀린 {steps}를 쓴다")
    note = Text("; ".join(note_en) + ".", "; ".join(note_ko) + ".") if note_en else None
    if v.expected is None:
        return Step(lhs, Symbol("?"), reason, note=note)
    exact, approx = value_links(v.expected, None)
    if approx is None:
        return Step(lhs, exact, reason, note=note)
    if exact is None:
        return Step(lhs, approx, reason, "≈", note)
    return Step(lhs, (exact, ("≈", approx)), reason, note=note)


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
