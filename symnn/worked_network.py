r"""A network's forward pass and one step of backpropagation, worked as a class sees them.

The network frame draws the network with its weights numbered w1, w2, ... (the numbering
of the step-by-step examples, which the later frames use) beside the input, the target,
the loss and the learning rate.  Each layer shows its weights and biases, its weighted sums
and its outputs; the loss is written out with the numbers that give it; G and δ are defined
before the backward pass uses them; the chosen weights go through the chain rule; every
parameter is updated.  Every frame is filled to a slide and no fuller: a matrix too wide or
too tall for it shows the rows and columns that matter (those of the weights ``show``
names, or the first and last) with ⋯ for the rest, frames too small are merged with their
neighbours, frames too full are split.  When even that cannot fit (30 digits a number), the
error says what to change.

>>> from symnn.spec import load_spec
>>> d = step_derivation(load_spec("examples/two_two_two.toml"), show=["w5"], digits=9)
>>> [line.split("(")[0].strip() for line in d.render("text").splitlines() if "w⁺₅" in line]
['w⁺₅ = w₅ - η ∂L/∂w₅ ≈ 0.4 - 0.5 · 0.082167041 ≈ 0.35891648']
>>> print(step_derivation(load_spec("examples/two_two_two.toml"), show=[]).render("text")
...       .splitlines()[0])
One backpropagation step of a 2-2-2 network
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sympy
from sympy import Derivative, MatAdd, MatMul, Symbol

from symnn import arrays
from symnn.activations import activation as activation_named
from symnn.activations import kind
from symnn.backprop import TrainingStep, local_values, train_step
from symnn.derivation import Derivation, Figure, Frame, Step, Text
from symnn.derive import decimal_step, shown
from symnn.elide import Dots, elided, kept
from symnn.errors import SpecError
from symnn.network import ForwardPass
from symnn.render import fit
from symnn.render.inline import plain_math
from symnn.render.latex import breakable
from symnn.render.printer import latex
from symnn.spec import Spec

SMALL = 16  # a layer of at most this many weights shows them named beside their values
WORKED = 8  # weights worked one by one through the chain rule when --show names none
HEIGHT = fit.FRAME - 22.0  # pt a frame is filled to (the estimates' margin)
WIDTH = fit.LINE - 8.0  # pt a row of a frame may take
SIDE = 0.36 * 14.0 * 28.45  # pt of the column beside a figure (symnn.render.beamer)
FIGURE_COLUMN = 0.6 * 14.0 - 0.2  # cm of the column a figure takes beside the givens
FORWARD = Text("forward", "순전파")

ACTIVATIONS = {
    "sigmoid": ("the sigmoid $\\sigma(a) = 1/(1 + e^{-a})$",
                "시그모이드 $\\sigma(a) = 1/(1 + e^{-a})$"),
    "relu": ("$\\mathrm{ReLU}(a) = \\max(0, a)$", "$\\mathrm{ReLU}(a) = \\max(0, a)$"),
    "identity": ("the identity $h(a) = a$", "항등함수 $h(a) = a$"),
    "step": ("the step function $h$", "계단 함수 $h$"),
    "tanh": ("$\\tanh$", "$\\tanh$"),
    "leaky_relu": ("$\\mathrm{LeakyReLU}$", "$\\mathrm{LeakyReLU}$"),
}
SHORT = {"sigmoid": ("$\\sigma$, entry by entry", "원소마다 $\\sigma$"),
         "relu": ("$\\mathrm{ReLU}$, entry by entry", "원소마다 $\\mathrm{ReLU}$"),
         "identity": ("the identity", "항등함수")}
LOCAL = {  # h'(A) as the lecture writes it, with the layer's own outputs where it can
    "sigmoid": ("Z^{(#)} \\circ (1 - Z^{(#)})", "$\\sigma' = \\sigma (1 - \\sigma)$",
                "$\\sigma' = \\sigma (1 - \\sigma)$"),
    "tanh": ("1 - Z^{(#)} \\circ Z^{(#)}", "$\\tanh' = 1 - \\tanh^2$",
             "$\\tanh' = 1 - \\tanh^2$"),
    "relu": (None, "1 where $a > 0$, else 0", "$a > 0$이면 1, 아니면 0"),
    "leaky_relu": (None, "1 where $a > 0$, else the slope", "$a > 0$이면 1, 아니면 기울기"),
    "identity": (None, "$h(a) = a$, so $h' = 1$", "$h(a) = a$이므로 $h' = 1$"),
    "step": (None, "the step is flat: $h' = 0$", "계단 함수는 평평하다: $h' = 0$"),
}
LOSSES = {
    "mse": ("mean squared error", "평균제곱오차", "\\frac{1}{N K} \\sum (y - t)^2"),
    "half_sse": ("half the sum of squared errors", "오차제곱합의 절반",
                 "\\frac{1}{2 N} \\sum (y - t)^2"),
    "cross_entropy": ("cross-entropy", "교차 엔트로피", "-\\frac{1}{N} \\sum t \\log y"),
    "binary_cross_entropy": ("binary cross-entropy", "이진 교차 엔트로피",
                             "-\\frac{1}{N K} \\sum [t \\log y + (1 - t) \\log(1 - y)]"),
}


@dataclass(frozen=True)
class Brief(Text):
    """A reason with a shorter form for a row too full for the long one beside it."""

    short: Text = Text("", "")


def brief(en: str, ko: str, short_en: str, short_ko: str) -> Brief:
    """Return a reason that says ``short`` where the long one would not fit beside its
    equation (amsmath would put it on a line of its own)."""
    return Brief(en, ko, Text(short_en, short_ko))


class Formula(sympy.Symbol):
    """A formula as the board shows it (its LaTeX), printed as it is written."""

    def _latex(self, printer: Any) -> str:
        return self.name

    def _sympystr(self, printer: Any) -> str:
        return plain_math(self.name)


def _m(name: str) -> Symbol:
    """A symbol for a whole matrix: products keep their order."""
    return Symbol(name, commutative=False)


def _sup(name: str, k: int) -> Symbol:
    """A^(k) as a matrix symbol that prints with its layer as a superscript."""
    return _m(f"{name}^{{({k})}}")


def _texts(en: str, ko: str | None = None) -> Text:
    return Text(en, en if ko is None else ko)


# ---- steps that fit a row ------------------------------------------------------------------

# The columns shown of the matrices of one frame, by their number of columns: a frame shows
# the same columns of every quantity of a layer (set while a frame is made, see packed).
_COLUMNS: contextvars.ContextVar[dict[int, int] | None] = contextvars.ContextVar(
    "columns", default=None)


_TIGHT: contextvars.ContextVar[bool] = contextvars.ContextVar("tight", default=False)


def _width(step: Step) -> float:
    return fit.step_size(step, "en")[0]


def fitted(step: Step, rows: Sequence[int] = (), columns: Sequence[int] = (),
           most_rows: int | None = None, room: float = WIDTH) -> Step:
    """Return ``step`` with its matrix shown whole when it fits a row of the slide, else its
    ``rows`` and ``columns`` (those that matter), the first and last, and as many more as fit,
    ⋯ for the rest; a step that cannot fit even then is a :class:`SpecError` saying what to
    change."""
    step = _briefer(step, room)
    M = step.rhs
    if not isinstance(M, sympy.MatrixBase):
        # A long sum or product is written over several rows (symnn.render.latex.broken_rhs)
        # as long as each of its terms fits one.
        if _width(step) > room and not (breakable(M) and all(
                fit.width(latex(term)) <= room - fit.width(latex(step.lhs)) - 30
                for term in M.args)):
            raise SpecError(f"{plain_math(sympy.latex(step.lhs))} is too long for a slide even "
                            "alone on its "
                            "line: give fewer digits (digits = 4) or a shorter expression")
        return step
    shown_rows = kept(M.rows, rows, most_rows)
    limit = _COLUMNS.get()
    start = M.cols if limit is None else min(M.cols, limit.get(M.cols, M.cols))
    # Measured from its entries once, not printed again for each choice of columns.
    head = _width(replace(step, rhs=Symbol("x"))) - fit.width("x")
    entries = [[fit.width(latex(M[i, j])) for j in range(M.cols)] for i in range(M.rows)]
    fitting = []
    for count in range(start, 0, -1):
        columns_shown = kept(M.cols, columns, count)
        if count < M.cols and len(columns_shown) > count + 1:
            continue  # the columns that matter are more than this many
        if head + fit.matrix_width(entries, shown_rows, columns_shown) <= room:
            candidate = _briefer(replace(step, rhs=elided(M, shown_rows, columns_shown)), room)
            fitting.append((count, candidate))
            # Tight, a row keeps its reason beside it (a reason below takes a line as deep as
            # the tallest row) if showing a column or two fewer lets it.
            if not _TIGHT.get() or count <= 3 or all(
                    fit.reason_beside(candidate, lang, share=room / fit.LINE)
                    for lang in ("en", "ko")) or len(fitting) > 2:
                break
    if fitting:
        count, candidate = fitting[-1] if all(
            fit.reason_beside(fitting[-1][1], lang, share=room / fit.LINE)
            for lang in ("en", "ko")) else fitting[0]
        if limit is not None:
            limit[M.cols] = min(limit.get(M.cols, M.cols), count)
        return candidate
    if any(0 < j < M.cols - 1 for j in columns):
        # The columns that matter do not fit together: as many of the others as fit.
        return fitted(step, rows, (), most_rows, room)
    raise SpecError(f"the values of {plain_math(sympy.latex(step.lhs))} are too wide for a "
                    "slide even with only their first and last columns: give fewer digits "
                    "(digits = 4)")


def _briefer(step: Step, room: float) -> Step:
    """The step with the short form of its reason when the long one would not fit beside."""
    if isinstance(step.reason, Brief) and not all(
            fit.reason_beside(step, lang, share=room / fit.LINE) for lang in ("en", "ko")):
        return replace(step, reason=step.reason.short)
    return step


def value(lhs: Any, values: Any, digits: int, reason: Any, rows: Sequence[int] = (),
          columns: Sequence[int] = (), most_rows: int | None = None,
          room: float = WIDTH) -> Step:
    """Return ``lhs = values`` (``≈`` unless every decimal is exact), fitted to a row."""
    return fitted(decimal_step(lhs, values, digits, reason), rows, columns, most_rows, room)


def chain(lhs: Any, links: Sequence[tuple[str, Any, Any]], rows: Sequence[int] = (),
          columns: Sequence[int] = (), most_rows: int | None = None) -> list[Step]:
    """Return ``lhs = a ≈ b ...`` (each link a relation, a right side and its reason) on one
    row when it fits, else one row a link (the left side written once)."""
    steps = []
    for relation, rhs, reason in links:
        step = Step(lhs, rhs, reason, relation)
        steps.append(fitted(step, rows, columns, most_rows))
    if len(steps) > 1:
        one = Step(lhs, tuple(s.rhs if k == 0 else (s.relation, s.rhs)
                              for k, s in enumerate(steps)), steps[0].reason,
                   steps[0].relation)
        one = _briefer(one, WIDTH)
        # Tight, a row whose reason would go below (a line as deep as half the tallest row)
        # is split into its links when that takes less room.
        if _width(one) <= WIDTH and (not _TIGHT.get() or _height([one]) <= _height(steps)):
            return [one]
    return steps


# ---- frames filled to a slide --------------------------------------------------------------

Make = Callable[[int | None, bool], list[Any]]
Block = tuple[Text, Make, Text]  # a title, its parts (given the rows a matrix may show and
# whether lines that only help are in), and the title of its kind when merged with others
LEVELS = ((None, True), (None, False), (6, False), (5, False), (4, False), (3, False), (2, False))


def _height(parts: list[Any]) -> float:
    return max(fit.parts_height(parts, lang) for lang in ("en", "ko"))


def packed(blocks: Sequence[Block]) -> list[Frame]:
    """Return frames of ``blocks``: each block as full as fits a slide (its helping lines left
    out, then its matrices cut to fewer rows, or at last the block split between its parts),
    and blocks of one kind (or a block under a third of a slide) merged with the one before
    when both fit one slide."""
    frames: list[tuple[Text, list[Any], Text]] = []
    for title, make, kind_title in blocks:
        made = [_made(make, *LEVELS[0])]  # the whole block: every helping line, every row
        for most, full in LEVELS[1:]:
            if _height(made[-1]) <= HEIGHT:
                break
            made.append(_made(make, most, full))
        if _height(made[-1]) <= HEIGHT:
            frames.append((title, made[-1], kind_title))
        else:
            # Split in any case: the whole block when that takes no more slides than the
            # block cut as far as it goes.
            pieces = _split(made[-1])
            whole = _split(made[0])
            if len(whole) <= len(pieces) and all(_height(p) <= HEIGHT for p in whole):
                pieces = whole
            for k, piece in enumerate(pieces, start=1):
                part_title = Text(f"{title.en} ({k}/{len(pieces)})",
                                  f"{title.ko} ({k}/{len(pieces)})")
                frames.append((part_title, piece, part_title))  # merged with no other
    # Blocks of one kind together first (every partial derivative on one slide), then a
    # frame under half a slide with its neighbour before it when both fit.
    merged = _merge(frames, lambda a, b: a[2] == b[2])
    merged = _merge(merged, lambda a, b: min(_height(a[1]), _height(b[1])) < HEIGHT / 2)
    return [Frame(title, tuple(parts)) for title, parts, _ in merged]


def _merge(frames: list[tuple[Text, list[Any], Text]],
           may: Callable[[tuple, tuple], bool]) -> list[tuple[Text, list[Any], Text]]:
    """Frames merged with the one before when ``may`` says so and both fit one slide; the
    title of frames of one kind is their kind's, else each title in turn."""
    merged: list[tuple[Text, list[Any], Text]] = []
    for frame in frames:
        if merged and may(merged[-1], frame) and _height(merged[-1][1] + frame[1]) <= HEIGHT:
            last = merged[-1]
            same = last[2] == frame[2]
            title = last[2] if same else Text(f"{last[0].en}; {frame[0].en}",
                                              f"{last[0].ko}; {frame[0].ko}")
            merged[-1] = (title, last[1] + frame[1], last[2] if same else title)
        else:
            merged.append(frame)
    return merged


def _made(make: Make, most: int | None, full: bool) -> list[Any]:
    """The parts of a block, made twice: the second time every matrix of a layer shows the
    columns the narrowest showed the first time."""
    limit: dict[int, int] = {}
    token, tight = _COLUMNS.set(limit), _TIGHT.set(not full)
    try:
        make(most, full)
        return make(most, full)
    finally:
        _COLUMNS.reset(token)
        _TIGHT.reset(tight)


def _split(parts: list[Any]) -> list[list[Any]]:
    """Parts too tall for one slide in as few slides as hold them, as equally full as the
    parts allow (the pieces' heights closest to their mean, so no last slide is left almost
    empty), a sentence kept with what follows it."""
    count = len(_fill(parts, HEIGHT))
    n = len(parts)
    tall: dict[tuple[int, int], float] = {}

    def height(a: int, b: int) -> float:
        if (a, b) not in tall:
            tall[a, b] = _height(parts[a:b])
        return tall[a, b]

    if n > 80:  # a long sweep: filled in turn, each slide about as full as the mean
        return _fill(parts, min(HEIGHT, 1.1 * height(0, n) / count))
    for slides in range(count, n + 1):
        mean = height(0, n) / slides
        # best[j][i]: the least sum of squared differences from the mean of parts[:i] in j
        # slides, and where its last slide starts
        best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}]
        for j in range(1, slides + 1):
            row: dict[int, tuple[float, int]] = {}
            for i in range(j, n + 1):
                if i < n and isinstance(parts[i - 1], Text):
                    continue  # a sentence ends no slide: it goes with what follows it
                options = []
                for a in range(i - 1, -1, -1):  # slides that start later first: shorter
                    if height(a, i) > HEIGHT:
                        break
                    if a in best[j - 1]:
                        options.append((best[j - 1][a][0] + (height(a, i) - mean) ** 2, a))
                if options:
                    row[i] = min(options)
            best.append(row)
        if n in best[slides]:
            pieces, end = [], n
            for j in range(slides, 0, -1):
                start = best[j][end][1]
                pieces.append(parts[start:end])
                end = start
            return pieces[::-1]
    return _fill(parts, HEIGHT)


def _fill(parts: list[Any], limit: float) -> list[list[Any]]:
    pieces: list[list[Any]] = [[]]
    for part in parts:
        if pieces[-1] and _height(pieces[-1] + [part]) > limit:
            carried = [pieces[-1].pop()] if isinstance(pieces[-1][-1], Text) and \
                len(pieces[-1]) > 1 else []
            pieces.append(carried)
        pieces[-1].append(part)
    return pieces


# ---- the network and its forward pass --------------------------------------------------------

def weight_names(spec: Spec) -> dict[str, tuple[int, int, int]]:
    """Return the weights numbered as the step-by-step examples number them: layer by layer,
    neuron by neuron, input by input: w1 is input 1 to neuron 1 of layer 1, w2 input 2 to
    neuron 1, ... (name -> (layer, input row i, neuron column j), all 1-based but i, j).

    >>> from symnn.spec import load_spec
    >>> names = weight_names(load_spec("examples/two_two_two.toml"))
    >>> names["w2"], names["w5"], len(names)
    ((1, 1, 0), (2, 0, 0), 8)
    """
    names, n = {}, 0
    for k, layer in enumerate(spec.network.layers, start=1):
        for j in range(layer.outputs):
            for i in range(layer.inputs):
                n += 1
                names[f"w{n}"] = (k, i, j)
    return names


def _shape(spec: Spec) -> str:
    return "-".join(str(n) for n in spec.network.shape)


def network_figure(spec: Spec, forward: ForwardPass | None = None,
                   numbered: bool = False) -> tuple[Figure, ...]:
    """The spec's network as a figure (with the first row's forward values in the neurons,
    given the forward pass; its weights named w1, w2, ... when ``numbered``), or none for a
    network too deep to draw on a slide."""
    from symnn.render.network_figure import MAX_LAYERS

    if len(spec.network.shape) > MAX_LAYERS:
        return ()
    if forward is None and numbered:
        caption = Text("the weights $w_1, w_2, \\dots$ numbered layer by layer, neuron by "
                       "neuron", "가중치 $w_1, w_2, \\dots$는 층마다, 뉴런마다 번호를 붙임")
    elif forward is None:
        caption = Text("the network: weights on the edges, biases from the input 1",
                       "신경망: 간선에 가중치, 항상 1인 입력에서 편향")
    else:
        rows = forward.X.rows > 1
        caption = Text("the network with each neuron's value $z = h(a)$" +
                       (" (the first input row)" if rows else ""),
                       "각 뉴런의 값 $z = h(a)$" + (" (입력의 첫 행)" if rows else ""))
    # Numbered, the weights are what the figure shows: the biases are given with each layer.
    content = (spec.network, forward, None, not numbered, numbered)
    return (Figure("network", content, caption, name="network"),)


def _givens(spec: Spec, digits: int, step: TrainingStep | None, room: float
            ) -> list[tuple[Step, Text]]:
    """The input, the target, the loss and the learning rate, each a step ``room`` wide and
    the words that name it."""
    X = arrays.array(spec.input)
    out = [(value(_m("X"), X, digits, Text("the input", "입력"), room=room),
            Text("input", "입력"))]
    if spec.target is not None:
        out.append((value(_m("T"), arrays.array(spec.target), digits,
                          Text("the target", "정답"), room=room), Text("target", "정답")))
        en, ko, formula = LOSSES[spec.loss]
        out.append((Step(Symbol("L"), Formula(formula), Text(en, ko)),
                    Text(f"loss: {en}", f"손실: {ko}")))
    if step is not None:
        out.append((Step(Formula("\\eta"), step.learning_rate, Text("the learning rate",
                                                                     "학습률")),
                    Text("learning rate", "학습률")))
    return out


def _inline(value: Any) -> str | None:
    """A value as math inside a sentence: a row vector as [a  b  c], None for a matrix of
    several rows (it needs a display)."""
    if not isinstance(value, sympy.MatrixBase):
        return latex(value)
    if value.rows > 1:
        return None
    return "[" + "\\;\\; ".join(latex(v) for v in value) + "]"


def _sentence(givens: list[tuple[Step, Text]]) -> Text | None:
    """The givens in one sentence: input $X = [...]$; target $T = [...]$; ... (None when one
    is a matrix of several rows)."""
    from symnn.render.latex import RELATIONS

    shown = [_inline(step.rhs) for step, _ in givens]
    if any(v is None for v in shown):
        return None

    def said(lang: str) -> str:
        return "; ".join(f"{words(lang)} ${latex(step.lhs)} {RELATIONS[step.relation]} {v}$"
                         for (step, words), v in zip(givens, shown)) + "."

    en = said("en")
    return Text(en[:1].upper() + en[1:], said("ko"))


def network_frames(spec: Spec, digits: int, step: TrainingStep | None = None,
                   forward: ForwardPass | None = None) -> list[Frame]:
    """The network drawn (its weights numbered when a step is worked) on the frame of what
    it is given: the input, the target, the loss and the learning rate, in a column beside
    the figure, in a sentence below it, or, when neither fits, on the next slide."""
    from symnn.render.figures import figure_size

    title = Text("the network", "신경망")
    figure = network_figure(spec, forward, numbered=step is not None)
    if figure and forward is not None and any(
            figure_size(figure[0], lang)[1] > 6.0 or figure_size(figure[0], lang)[0] > 13.8
            for lang in ("en", "ko")):
        # The values are in the steps: the network alone, as compact as a slide needs.
        figure = network_figure(spec, numbered=True)
    side = _givens(spec, digits, step, SIDE)
    if not figure:
        return [Frame(title, tuple(g for g, _ in _givens(spec, digits, step, WIDTH)))]
    width, tall = (max(figure_size(figure[0], lang)[i] for lang in ("en", "ko"))
                   for i in (0, 1))
    steps = [g for g, _ in side]
    caption = max(len(figure[0].caption.en), 1.6 * len(figure[0].caption.ko))
    beside = (0.4 + 0.45 * -(-caption // (FIGURE_COLUMN * 5.2)) + tall) * 28.45
    if width <= FIGURE_COLUMN and beside <= HEIGHT and \
            max(fit.parts_height(steps, lang, SIDE / fit.LINE) for lang in ("en", "ko")) \
            <= HEIGHT:
        return [Frame(title, figure, side=tuple(steps))]
    sentence = _sentence(_givens(spec, digits, step, WIDTH / 2.2))
    # A figure's size is TeX's own, not an estimate: the frame may be filled closer.
    if sentence is not None and tall * 28.45 + 28 + _height([sentence]) <= fit.FRAME - 8:
        return [Frame(title, (*figure, sentence))]
    return [Frame(title, figure), Frame(Text("what it is given", "주어진 값"),
                                       tuple(g for g, _ in _givens(spec, digits, step,
                                                                   WIDTH)))]


def _rule(k: int, activation: str) -> Text:
    en, ko = ACTIVATIONS.get(kind(activation), (activation, activation))
    short = SHORT.get(kind(activation), (en, ko))
    return brief(f"{en}, entry by entry", f"{ko}, 원소마다", short[0], short[1])


def _named_weights(k: int, layer: Any, before: int) -> sympy.Matrix:
    """W^(k) with each entry's name w_n (numbered as :func:`weight_names`)."""
    return sympy.Matrix(layer.inputs, layer.outputs,
                        lambda i, j: Symbol(f"w{before + j * layer.inputs + i + 1}"))


def layer_blocks(spec: Spec, forward: ForwardPass, digits: int, numbered: bool = False,
                 keep: dict[int, tuple[set, set]] | None = None) -> list[Block]:
    """Each layer's weights and biases, weighted sums and outputs (and the network's output
    after the last); ``keep`` names, for a layer, the rows and columns of W that matter."""
    network = spec.network
    keep = keep or {}
    blocks: list[Block] = []
    previous, previous_values = _m("X"), arrays.array(forward.X)
    before = 0
    for k, (layer, values) in enumerate(zip(network.layers, forward.layers), start=1):
        A, Z, W, b = _sup("A", k), _sup("Z", k), _sup("W", k), _sup("b", k)
        rows, columns = keep.get(k, (set(), set()))

        def make(most: int | None, full: bool, k=k, layer=layer, values=values,
                 previous=previous, previous_values=previous_values, before=before, rows=rows,
                 columns=columns, A=A, Z=Z, W=W, b=b) -> list[Any]:
            parts: list[Any] = []
            given = Text("given", "주어진 값")
            weights = value(W, layer.arrays[0], digits, given, rows, columns, most)
            if numbered and layer.inputs * layer.outputs <= SMALL:
                names = fitted(Step(W, _named_weights(k, layer, before), given), rows, columns,
                               most)
                parts += chain(W, [("=", names.rhs, Text("the weights by number",
                                                          "가중치의 번호")),
                                   (weights.relation, weights.rhs, given)])
            else:
                parts.append(weights)
            parts.append(value(b, layer.arrays[1], digits, given, (), columns))
            name = "X" if k == 1 else f"Z^{{({k - 1})}}"
            links: list[tuple[str, Any, Any]] = [("=", sympy.Add(
                previous * W, b, evaluate=False), brief(f"the weighted sums of layer {k}",
                                                        f"{k}층의 가중합", "weighted sums",
                                                        "가중합"))]
            if previous_values.shape[0] <= 2 and full:
                product = MatMul(_matrix(previous_values, digits).as_immutable(),
                                 layer.W.as_immutable(), evaluate=False)
                bias = (sympy.ones(previous_values.shape[0], 1) * layer.b).as_immutable()
                substituted = Step(A, MatAdd(product, bias, evaluate=False), "definition",
                                   "=" if k == 1 or _exact(previous_values) else "≈")
                if _width(substituted) <= WIDTH:
                    links.append((substituted.relation, substituted.rhs, brief(
                        f"${name}$, $W^{{({k})}}$, $b^{{({k})}}$ substituted",
                        f"${name}$, $W^{{({k})}}$, $b^{{({k})}}$ 대입", "substituted", "대입")))
            sums = value(A, values.a, digits, brief("the matrix product, then the sum",
                                                    "행렬의 곱, 덧셈", "product, sum",
                                                    "곱, 덧셈"), (), columns, most)
            links.append((sums.relation, sums.rhs, sums.reason))
            parts += chain(A, links, (), columns, most)
            if layer.activation == "identity":
                parts.append(Step(Z, A, _rule(k, "identity")))
            else:
                h = activation_named(layer.activation)
                applied = h(Symbol("A"))
                outputs = value(Z, values.z, digits, _rule(k, layer.activation), (), columns,
                                most)
                parts += chain(Z, [("=", applied.func(A, *applied.args[1:]),
                                    _rule(k, layer.activation)),
                                   (outputs.relation, outputs.rhs, outputs.reason)],
                               (), columns, most)
            if k == len(network.layers) and network.output == "identity":
                parts.append(Step(_m("Y"), Z, Text("the network's output", "신경망의 출력")))
            return parts

        blocks.append((Text(f"layer {k}", f"{k}층"), make, FORWARD))
        previous, previous_values = Z, values.z
        before += layer.inputs * layer.outputs
    if network.output in ("softmax", "sigmoid"):
        last = _sup("Z", len(network.layers))
        function = sympy.Function("softmax")(last) if network.output == "softmax" else \
            activation_named("sigmoid")(last)
        words = (Text("softmax of each row", "각 행의 softmax") if network.output == "softmax"
                 else Text("the sigmoid of each entry: a probability",
                           "원소마다 시그모이드: 확률"))

        def output(most: int | None, full: bool) -> list[Any]:
            y = value(_m("Y"), forward.y, digits, words, most_rows=most)
            return chain(_m("Y"), [("=", function, words), (y.relation, y.rhs, y.reason)],
                         most_rows=most)

        blocks.append((Text("the output", "출력"), output, FORWARD))
    return blocks


def _exact(values: np.ndarray) -> bool:
    return all(v.exact is not None for v in values.ravel())


def _matrix(values: np.ndarray, digits: int) -> sympy.Matrix:
    """Values as a SymPy matrix, exact where rational and short, else decimals."""
    return decimal_step(Symbol("_"), values, digits).rhs


DEFINITIONS = Text(
    "Backward, layer by layer from the last: $G^{(k)} = \\partial L/\\partial Z^{(k)}$, how "
    "the loss changes with the outputs of layer $k$, and $\\delta^{(k)} = \\partial L/"
    "\\partial A^{(k)} = G^{(k)} \\circ h'(A^{(k)})$, with its weighted sums ($\\circ$: "
    "entry by entry).",
    "마지막 층부터 거꾸로: $G^{(k)} = \\partial L/\\partial Z^{(k)}$는 $k$층의 출력에 따른 "
    "손실의 변화, $\\delta^{(k)} = \\partial L/\\partial A^{(k)} = G^{(k)} \\circ "
    "h'(A^{(k)})$는 가중합에 따른 변화 ($\\circ$: 원소마다 곱).")


# ---- the loss --------------------------------------------------------------------------------

def _terms(spec: Spec, forward: ForwardPass, digits: int) -> list[Any]:
    """The loss's terms with the numbers (one for each output entry that adds to it)."""
    Y, T = forward.y, arrays.array(spec.target)
    terms = []
    for y, t in zip(Y.ravel(), T.ravel()):
        yv, tv = shown(y, digits), shown(t, digits)
        if spec.loss in ("mse", "half_sse"):
            terms.append(sympy.Pow(sympy.Add(sympy.UnevaluatedExpr(yv),
                                             sympy.Mul(-1, sympy.UnevaluatedExpr(tv),
                                                       evaluate=False), evaluate=False), 2,
                                   evaluate=False))
            continue
        pieces = []
        if t.exact != 0:
            pieces.append(sympy.Mul(sympy.UnevaluatedExpr(tv), sympy.log(
                sympy.UnevaluatedExpr(yv), evaluate=False), evaluate=False)
                if t.exact != 1 else sympy.log(sympy.UnevaluatedExpr(yv), evaluate=False))
        if spec.loss == "binary_cross_entropy" and t.exact != 1:
            one_minus = sympy.Add(1, sympy.Mul(-1, sympy.UnevaluatedExpr(yv), evaluate=False),
                                  evaluate=False)
            log = sympy.log(one_minus, evaluate=False)
            pieces.append(log if t.exact == 0 else sympy.Mul(
                sympy.UnevaluatedExpr(shown(1 - t, digits)), log, evaluate=False))
        terms.extend(pieces)
    return terms


def _sum(terms: list[Any]) -> Any:
    """The terms added as written, ⋯ for the middle of a long sum."""
    if len(terms) > 4:
        terms = [*terms[:2], Dots("h"), terms[-1]]
    return sympy.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]


def loss_steps(spec: Spec, forward: ForwardPass, loss: Any, digits: int) -> list[Step]:
    """L = its formula = the formula with the numbers = its value."""
    en, ko, formula = LOSSES[spec.loss]
    N, K = forward.y.shape
    factor = {"mse": sympy.Rational(1, N * K), "half_sse": sympy.Rational(1, 2 * N),
              "cross_entropy": -sympy.Rational(1, N),
              "binary_cross_entropy": -sympy.Rational(1, N * K)}[spec.loss]
    terms = _terms(spec, forward, digits)
    total = _sum(terms) if terms else sympy.S.Zero
    numbers = sympy.Mul(factor, total, evaluate=False) if factor != 1 else total
    if factor == -1:
        numbers = sympy.Mul(-1, total, evaluate=False)
    result = decimal_step(Symbol("L"), loss, digits, Text("add up", "계산"))
    links: list[tuple[str, Any, Any]] = [
        ("=", Formula(formula), Text(f"the {en}" if spec.loss != "half_sse" else en, ko))]
    written = Step(Symbol("L"), numbers, "substitution",
                   "=" if _exact(forward.y) else "≈")
    if _width(written) <= WIDTH:
        links.append((written.relation, numbers, Text("$Y$ and $T$ substituted",
                                                      "$Y$와 $T$ 대입")))
    links.append((result.relation, result.rhs, result.reason))
    return chain(Symbol("L"), links)


def loss_blocks(spec: Spec, forward: ForwardPass, loss: Any, digits: int,
                backward: bool = False) -> list[Block]:
    """The loss worked out; before a backward pass, G and δ defined after it."""
    title = Text("the loss", "손실")
    return [(title, lambda most, full: loss_steps(spec, forward, loss, digits) +
             ([DEFINITIONS] if backward else []), title)]


# ---- the backward pass -----------------------------------------------------------------------

def _output_rule(spec: Spec, shortcut: bool, N: int, K: int) -> tuple[str | None, Text]:
    """G at the output: its formula (None: through the output's Jacobian) and why."""
    network, loss = spec.network, spec.loss
    last = len(network.layers)
    Y, T = "Y", "T"

    def scaled(n: int, expr: str) -> str:
        return expr if n == 1 else f"\\frac{{1}}{{{n}}} ({expr})"

    if network.output == "softmax":
        if shortcut:
            return scaled(N, f"{Y} - {T}"), brief(
                "softmax with cross-entropy: $\\partial L/\\partial Z = (Y - T)/N$",
                "softmax와 교차 엔트로피: $\\partial L/\\partial Z = (Y - T)/N$",
                "softmax with cross-entropy", "softmax와 교차 엔트로피")
        return None, Text(f"through the softmax: $G^{{({last})}} = Y \\circ (\\partial L/"
                          "\\partial Y - \\mathrm{rowsum}(\\partial L/\\partial Y \\circ Y))$",
                          "softmax를 거쳐")
    if network.output == "sigmoid":
        if shortcut:
            return scaled(N * K, f"{Y} - {T}"), brief(
                "sigmoid with binary cross-entropy: $(Y - T)/(N K)$",
                "시그모이드와 이진 교차 엔트로피: $(Y - T)/(N K)$",
                "sigmoid with binary cross-entropy", "시그모이드와 이진 교차 엔트로피")
        return None, Text("through the sigmoid: $\\partial L/\\partial Y \\circ Y (1 - Y)$",
                          "시그모이드를 거쳐: $\\partial L/\\partial Y \\circ Y (1 - Y)$")
    rule = {
        "half_sse": (scaled(N, f"{Y} - {T}"), "$\\partial L/\\partial y = (y - t)/N$"),
        "mse": (f"\\frac{{2}}{{{N * K}}} ({Y} - {T})",
                "$\\partial L/\\partial y = 2 (y - t)/(N K)$"),
        "cross_entropy": (None, "$\\partial L/\\partial y = -t/(N y)$"),
        "binary_cross_entropy": (None, "$\\partial L/\\partial y = (y - t)/(N K y (1 - y))$"),
    }[loss]
    return rule[0], brief(f"the loss's derivative: {rule[1]}", f"손실의 미분: {rule[1]}",
                          "the loss's derivative", "손실의 미분")


def backward_blocks(spec: Spec, step: TrainingStep, digits: int,
                    keep: dict[int, tuple[set, set]] | None = None) -> list[Block]:
    """Each layer backward, last first: G, h'(A), δ = G ∘ h'(A), ∂L/∂W = Z^T δ and ∂L/∂b,
    G and δ defined in words before the first of them."""
    back, forward = step.backward, step.forward
    network = spec.network
    layers = len(network.layers)
    keep = keep or {}
    N, K = forward.y.shape
    blocks: list[Block] = []
    for k in range(layers, 0, -1):
        layer = network.layers[k - 1]
        rows, columns = keep.get(k, (set(), set()))

        def make(most: int | None, full: bool, k=k, layer=layer, rows=rows,
                 columns=columns) -> list[Any]:
            G, delta = _sup("G", k), _sup("\\delta", k)
            parts: list[Any] = []
            g_value = value(G, back.g[k - 1], digits, "definition", (), columns, most)
            if k == layers:
                formula, why = _output_rule(spec, back.shortcut, N, K)
                links: list[tuple[str, Any, Any]] = []
                if formula is not None:
                    links.append(("=", Formula(formula), why))
                    if "- T" in formula and N * K <= 4:
                        difference = Step(G, Formula(
                            f"{latex(_matrix(forward.y, digits))} - "
                            f"{latex(arrays.matrix(arrays.array(spec.target)))}"),
                            why, "=" if _exact(forward.y) else "≈")
                        # a line that only helps: left out when it does not fit a row
                        if full and (N * K == 1 or formula == "Y - T") and \
                                _width(difference) <= WIDTH:
                            links.append((difference.relation, difference.rhs,
                                          Text("$Y$ and $T$ substituted", "$Y$와 $T$ 대입")))
                links.append((g_value.relation, g_value.rhs,
                              why if formula is None else Text("subtract", "뺄셈")))
                parts += chain(G, links, (), columns, most)
            else:
                parts += chain(G, [("=", Formula(
                    f"\\delta^{{({k + 1})}} {{W^{{({k + 1})}}}}^{{\\top}}"), brief(
                        f"chain rule through $A^{{({k + 1})}} = Z^{{({k})}} W^{{({k + 1})}} + "
                        f"b^{{({k + 1})}}$", f"$A^{{({k + 1})}} = Z^{{({k})}} W^{{({k + 1})}} "
                        f"+ b^{{({k + 1})}}$를 거치는 연쇄법칙", "chain rule", "연쇄법칙")),
                    (g_value.relation, g_value.rhs, Text("the product", "곱"))],
                    (), columns, most)
            formula, en, ko = LOCAL[kind(layer.activation)]
            local = local_values(layer.activation, forward.layers[k - 1].a,
                                 forward.layers[k - 1].z)
            h = Formula(f"h'(A^{{({k})}})")
            if isinstance(local, np.ndarray):
                local_step = value(h, local, digits, Text(en, ko), (), columns, most)
                links = [] if formula is None else [("=", Formula(formula.replace("#", str(k))),
                                                     Text(en, ko))]
                links.append((local_step.relation, local_step.rhs, local_step.reason))
                parts += chain(h, links, (), columns, most)
            else:
                parts.append(Step(h, local, Text(en, ko)))
            d_value = value(delta, back.delta[k - 1], digits, "definition", (), columns, most)
            parts += chain(delta, [
                ("=", Formula(f"G^{{({k})}} \\circ h'(A^{{({k})}})"),
                 Text("entry by entry", "원소마다 곱")),
                (d_value.relation, d_value.rhs, Text("the product", "곱"))], (), columns, most)
            dW, db = Derivative(Symbol("L"), _sup("W", k)), Derivative(Symbol("L"), _sup("b", k))
            before = "X" if k == 1 else f"Z^{{({k - 1})}}"
            w_value = value(dW, back.gradients[f"W{k}"], digits, "definition", rows, columns,
                            most)
            parts += chain(dW, [("=", Formula(f"{{{before}}}^{{\\top}} \\delta^{{({k})}}"),
                                 brief(f"chain rule through $A^{{({k})}} = {before} "
                                       f"W^{{({k})}} + b^{{({k})}}$", f"$A^{{({k})}} = {before} "
                                       f"W^{{({k})}} + b^{{({k})}}$를 거치는 연쇄법칙",
                                       "chain rule", "연쇄법칙")),
                                (w_value.relation, w_value.rhs, Text("the product", "곱"))],
                           rows, columns, most)
            b_value = value(db, back.gradients[f"b{k}"], digits, "definition", (), columns)
            rule = brief("each column of $\\delta$ summed over the rows",
                         "$\\delta$의 열마다 행을 더함", "column sums", "열의 합") if N > 1 else \
                Text("$\\partial A/\\partial b = 1$", "$\\partial A/\\partial b = 1$")
            parts += chain(db, [("=", Formula(
                f"\\textstyle\\sum_n \\delta^{{({k})}}_n" if N > 1 else f"\\delta^{{({k})}}"),
                rule), (b_value.relation, b_value.rhs, Text("the values", "값"))], (), columns)
            return parts

        blocks.append((Text(f"backward: layer {k}", f"역전파: {k}층"), make,
                       Text("backward", "역전파")))
    return blocks


def backward_frames(spec: Spec, back: Any, digits: int) -> list[Frame]:
    """Return the backward pass layer by layer, last layer first (``back`` a backward pass of
    Values, as :func:`symnn.backprop.backward` gives it)."""
    step = TrainingStep(spec.network.forward(spec.input), None, sympy.S.One, back, {}, spec)
    return packed(backward_blocks(spec, step, digits))


# ---- the chosen weights through the chain rule, and the update ---------------------------------

def chain_steps(spec: Spec, step: TrainingStep, name: str, where: tuple[int, int, int],
                digits: int) -> list[Step]:
    """∂L/∂w through the chain rule, one factor per link, with the numbers (one input row)
    or summed over the rows (a batch), then the update of w."""
    k, i, j = where
    back, forward = step.backward, step.forward
    layer = spec.network.layers[k - 1]
    previous = arrays.array(forward.X) if k == 1 else forward.layers[k - 2].z
    w, L = Symbol(name), Symbol("L")
    tex = sympy.latex(w)
    z, a = Symbol(f"z^{{({k})}}_{j + 1}"), Symbol(f"a^{{({k})}}_{j + 1}")
    source = Symbol(f"x_{i + 1}") if k == 1 else Symbol(f"z^{{({k - 1})}}_{i + 1}")
    local = local_values(layer.activation, forward.layers[k - 1].a, forward.layers[k - 1].z)
    factors = sympy.Mul(*(sympy.UnevaluatedExpr(d) for d in
                          (Derivative(L, z), Derivative(z, a), Derivative(a, w))),
                        evaluate=False)
    reason = brief(f"chain rule: $G^{{({k})}}_{j + 1}$, $h'(a)$, $\\partial {sympy.latex(a)}/"
                   f"\\partial {tex} = {sympy.latex(source)}$",
                   f"연쇄법칙: $G^{{({k})}}_{j + 1}$, $h'(a)$, $\\partial {sympy.latex(a)}/"
                   f"\\partial {tex} = {sympy.latex(source)}$", "chain rule", "연쇄법칙")
    result = decimal_step(Derivative(L, w), back.gradients[f"W{k}"][i, j], digits,
                          Text("the product", "곱"))
    steps: list[Step] = []
    if previous.shape[0] == 1:
        numbers = sympy.Mul(*(sympy.UnevaluatedExpr(shown(v, digits)) for v in (
            back.g[k - 1][0, j], local if not isinstance(local, np.ndarray) else local[0, j],
            previous[0, i])), evaluate=False)
        steps += chain(Derivative(L, w), [("=", factors, reason),
                                          ("=" if _exact(np.array([back.g[k - 1][0, j]]))
                                           else "≈", numbers, Text(
                                               "the values of the forward and backward passes",
                                               "순전파와 역전파의 값")),
                                          (result.relation, result.rhs, result.reason)])
    else:
        steps += chain(Derivative(L, w), [("=", factors, Text(
            f"{reason.en}, summed over the {previous.shape[0]} rows of the batch",
            f"{reason.ko}, 배치의 {previous.shape[0]}개 행에 대해 더함")),
            (result.relation, result.rhs, result.reason)])
    rate = step.learning_rate
    old = layer.arrays[0][i, j]
    gradient = back.gradients[f"W{k}"][i, j]
    update = sympy.Add(sympy.UnevaluatedExpr(shown(old, digits)), sympy.Mul(
        -1, sympy.UnevaluatedExpr(shown(rate, digits)), sympy.UnevaluatedExpr(
            shown(gradient, digits)), evaluate=False), evaluate=False)
    new = decimal_step(Symbol(f"{name}^+"), step.updated[f"W{k}"][i, j], digits,
                       Text("the new weight", "새 가중치"))
    steps += chain(Symbol(f"{name}^+"), [
        ("=", Formula(f"{tex} - \\eta\\,\\frac{{\\partial L}}{{\\partial {tex}}}"),
         Text("gradient descent", "경사하강법")),
        ("=" if gradient.exact is not None else "≈", update, Text("the values", "값")),
        (new.relation, new.rhs, new.reason)])
    return steps


def weight_blocks(spec: Spec, step: TrainingStep, names: dict[str, tuple[int, int, int]],
                  show: Sequence[str], digits: int) -> list[Block]:
    return [(Text(f"the weight ${sympy.latex(Symbol(n))}$", f"가중치 ${sympy.latex(Symbol(n))}$"),
             lambda most, full, n=n: chain_steps(spec, step, n, names[n], digits),
             Text("the chosen weights by the chain rule", "고른 가중치의 연쇄법칙"))
            for n in show]


def update_blocks(spec: Spec, step: TrainingStep, digits: int,
                  keep: dict[int, tuple[set, set]] | None = None) -> list[Block]:
    """Every parameter moved against its gradient, a layer a block."""
    keep = keep or {}
    rate = latex(step.learning_rate)
    rule = Text(f"Every parameter moves against its gradient: $p \\leftarrow p - \\eta\\,"
                f"\\partial L/\\partial p$ with $\\eta = {rate}$.",
                f"모든 매개변수를 기울기의 반대 방향으로: $p \\leftarrow p - \\eta\\,"
                f"\\partial L/\\partial p$, $\\eta = {rate}$.")
    blocks: list[Block] = []
    for k in range(1, len(spec.network.layers) + 1):
        rows, columns = keep.get(k, (set(), set()))

        def make(most: int | None, full: bool, k=k, rows=rows, columns=columns
                 ) -> list[Any]:
            parts: list[Any] = [rule] if k == 1 else []
            for p, r in ((f"W{k}", rows), (f"b{k}", ())):
                symbol = _sup(p[0], k)
                new = value(symbol, step.updated[p], digits, "update", r, columns, most)
                name = f"{p[0]}^{{({k})}}"
                parts += chain(symbol, [("←", Formula(
                    f"{name} - \\eta\\,\\frac{{\\partial L}}{{\\partial {name}}}"),
                    Text("gradient descent", "경사하강법")),
                    (new.relation, new.rhs, Text("the new values", "새 값"))], r, columns, most)
            return parts

        blocks.append((Text(f"the update: layer {k}", f"갱신: {k}층"), make,
                       Text("the update", "갱신")))
    return blocks


# ---- the derivations -------------------------------------------------------------------------

def forward_derivation(spec: Spec, digits: int = 6) -> Derivation:
    """Return the spec's forward pass: the network and its input, then each layer's
    A = X W + b and Z = h(A) with the numbers, the output, and the loss when the spec has a
    target."""
    forward = spec.network.forward(spec.input)
    frames = network_frames(spec, digits, forward=forward)
    blocks = layer_blocks(spec, forward, digits)
    if spec.target is not None:  # the loss, a line or three, with the output it is of
        title, make, group = blocks[-1]
        loss = spec.loss_value(forward.y)

        def with_loss(most: int | None, full: bool) -> list[Any]:
            return make(most, full) + loss_steps(spec, forward, loss, digits)

        blocks[-1] = (Text(f"{title.en} and the loss", f"{title.ko}과 손실"), with_loss, group)
    frames += packed(blocks)
    return Derivation("forward", Text(f"Forward pass of a {_shape(spec)} network",
                                      f"{_shape(spec)} 신경망의 순전파"), tuple(frames))


def _keep(names: dict[str, tuple[int, int, int]], show: Sequence[str]
          ) -> dict[int, tuple[set, set]]:
    """For each layer, the rows and columns of its W that the shown weights are in (and the
    columns of the layer before that feed them)."""
    keep: dict[int, tuple[set, set]] = {}
    for name in show:
        k, i, j = names[name]
        rows, columns = keep.setdefault(k, (set(), set()))
        rows.add(i)
        columns.add(j)
        if k > 1:
            keep.setdefault(k - 1, (set(), set()))[1].add(i)
    return keep


def step_derivation(spec: Spec, learning_rate: Any = None, digits: int = 6,
                    show: Sequence[str] | None = None) -> Derivation:
    """Return one full backpropagation step: the network with its weights numbered, forward
    layer by layer, the loss, each layer's G, δ and gradients, the chosen weights (``show``,
    named w1, w2, ... as :func:`weight_names` numbers them; by default every weight of a
    small network) worked through the chain rule, and the updated parameters."""
    step = train_step(spec, learning_rate)
    names = weight_names(spec)
    if show is None:
        show = list(names) if len(names) <= WORKED else []
    unknown = [n for n in show if n not in names]
    if unknown:
        raise SpecError(f"show: no weight {unknown[0]!r}; this network has w1 to "
                        f"w{len(names)} (numbered layer by layer, neuron by neuron)")
    keep = _keep(names, show)
    frames = network_frames(spec, digits, step)
    frames += packed(layer_blocks(spec, step.forward, digits, True, keep))
    frames += packed(loss_blocks(spec, step.forward, step.loss, digits, backward=True) +
                     backward_blocks(spec, step, digits, keep))
    frames += packed(weight_blocks(spec, step, names, show, digits))
    frames += packed(update_blocks(spec, step, digits, keep))
    return Derivation("step", Text(f"One backpropagation step of a {_shape(spec)} network",
                                   f"{_shape(spec)} 신경망의 역전파 한 단계"), tuple(frames))


def layer_frames(spec: Spec, forward: ForwardPass, digits: int) -> list[Frame]:
    """The network and each layer's forward pass, as frames (for other derivations that
    start with a forward pass)."""
    return network_frames(spec, digits, forward=forward) + \
        packed(layer_blocks(spec, forward, digits))


def loss_frame(spec: Spec, forward: ForwardPass, loss: Any, digits: int) -> list[Frame]:
    """The loss written out, with G and δ defined for the backward pass after it."""
    return packed(loss_blocks(spec, forward, loss, digits, backward=True))


__all__ = ["Formula", "backward_blocks", "backward_frames", "chain", "chain_steps",
           "fitted", "forward_derivation", "layer_blocks", "layer_frames", "loss_frame",
           "loss_steps", "network_figure", "network_frames", "packed", "step_derivation",
           "update_blocks", "value", "weight_names"]
