r"""A two-input gate in its plane, as a :class:`~symnn.layout.Drawing`: the four inputs (filled
where the gate outputs 1), the line w·x + b = 0 of its weights with the side where it
outputs 1 shaded and its equation written beside it, axes whose ticks stay clear of the
points, and a legend for the two outputs in the page's language.

>>> from symnn.perceptron import AND
>>> rows = [((0, 0), 0), ((1, 0), 0), ((0, 1), 0), ((1, 1), 1)]
>>> d = decision_drawing(rows, AND, "ko")
>>> [lb.tag.plain for lb in d.labels if lb.tag.style == "equation"], d.missing
(['x₁ + x₂ = 1.4'], 0)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy

from symnn.drawing import (
    BESIDE_NODE,
    Area,
    Ask,
    Box,
    Drawing,
    Line,
    Node,
    Tag,
    along,
    place,
    text_size,
)
from symnn.render.inline import plain_math
from symnn.render.printer import decimal_of, latex

LOW, HIGH = -0.45, 1.45  # the square drawn, in the inputs' units
UNIT = 1.2  # cm per unit
POINTS = 9.0
DOT = 0.26  # a point's diameter, cm
WORDS = {"one": ("output 1", "출력 1"), "zero": ("output 0", "출력 0")}


def line_text(weights: tuple, bias: Any) -> str:
    """The decision line as the lecture would write it: x1 + x2 = 1.4 when the weights are
    equal, else w1 x1 + w2 x2 + b = 0.

    >>> line_text((sympy.Rational(1, 2), sympy.Rational(1, 2)), sympy.Rational(-7, 10))
    'x_1 + x_2 = 1.4'
    """
    w1, w2 = (sympy.Rational(w) for w in weights)
    b = sympy.Rational(bias)
    if w1 == w2 and w1 != 0:
        c = -b / w1
        return rf"x_1 + x_2 = {decimal_of(c) or latex(c)}"
    return latex(sympy.Eq(w1 * sympy.Symbol("x1") + w2 * sympy.Symbol("x2") + b, 0))


def _square() -> list[tuple[Fraction, Fraction]]:
    lo, hi = Fraction(LOW).limit_denominator(100), Fraction(HIGH).limit_denominator(100)
    return [(lo, lo), (hi, lo), (hi, hi), (lo, hi)]


def half_plane(w1: Fraction, w2: Fraction, b: Fraction) -> list[tuple[Fraction, Fraction]]:
    """Return the corners of the drawn square where w1 x1 + w2 x2 + b >= 0, in order.

    >>> len(half_plane(Fraction(1), Fraction(1), Fraction(-1, 2)))
    5
    """
    square = _square()
    corners = []
    for k in range(4):
        p, q = square[k], square[(k + 1) % 4]
        fp, fq = w1 * p[0] + w2 * p[1] + b, w1 * q[0] + w2 * q[1] + b
        if fp >= 0:
            corners.append(p)
        if (fp > 0) != (fq > 0) and fp != 0 and fq != 0:
            t = fp / (fp - fq)
            corners.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return corners


def line_ends(w1: Fraction, w2: Fraction, b: Fraction) -> list[tuple[Fraction, Fraction]]:
    """Return where the line w1 x1 + w2 x2 + b = 0 meets the edges of the drawn square."""
    square = _square()
    points = set()
    for k in range(4):
        p, q = square[k], square[(k + 1) % 4]
        fp, fq = w1 * p[0] + w2 * p[1] + b, w1 * q[0] + w2 * q[1] + b
        if fp == 0:
            points.add(p)
        if (fp > 0) != (fq > 0) and fp != 0 and fq != 0:
            t = fp / (fp - fq)
            points.add((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    ordered = sorted(points)
    return [ordered[0], ordered[-1]] if len(ordered) >= 2 else []


def _at(u: Any, v: Any) -> tuple[float, float]:
    return round(float(u) * UNIT, 3), round(float(v) * UNIT, 3)


def _tag(tex: str, plain: str, style: str) -> Tag:
    w, h = text_size(plain, POINTS)
    return Tag(tex, plain, w, h, style)


def decision_drawing(rows: Any, perceptron: Any = None, lang: str = "en") -> Drawing:
    """Return the drawing of a two-input gate's four points and, given its perceptron, its
    line and shaded side (where it outputs 1)."""
    boxes, lines, areas, asks = [], [], [], []
    for (x1, x2), y in rows:
        node = Node(("point", x1, x2), DOT, DOT, "circle", "", "", f"dot-{int(bool(y))}")
        boxes.append(Box(node, *_at(x1, x2)))
    if perceptron is not None:
        (w1, w2), b = perceptron.weights, perceptron.bias
        w1, w2, b = (Fraction(int(v.p), int(v.q)) for v in (w1, w2, b))
        corners = half_plane(w1, w2, b)
        if len(corners) >= 3:
            areas.append(Area(tuple(_at(*c) for c in corners), "half-plane"))
        ends = line_ends(w1, w2, b)
        if ends:
            lines.append(Line(tuple(_at(*e) for e in ends), "line", "line", False, "decision"))
    lo, hi = _at(LOW, HIGH)
    tick = 0.1
    lines += [Line(((lo, lo), (hi + 0.25, lo)), "x1-axis", "x1-axis", True, "axis"),
              Line(((lo, lo), (lo, hi + 0.25)), "x2-axis", "x2-axis", True, "axis")]
    fixed = []
    for v in (0, 1):
        x, _ = _at(v, 0)
        lines.append(Line(((x, lo), (x, lo + tick)), "tick", "tick", False, "axis"))
        lines.append(Line(((lo, x), (lo + tick, x)), "tick", "tick", False, "axis"))
        t = _tag(f"${v}$", str(v), "tick")
        fixed.append((t, (x, lo - t.height / 2 - 0.12)))
        fixed.append((t, (lo - t.width / 2 - 0.12, x)))
    t1, t2 = _tag("$x_1$", "x₁", "axis-name"), _tag("$x_2$", "x₂", "axis-name")
    fixed.append((t1, (hi + 0.25 + t1.width / 2 + 0.12, lo)))
    fixed.append((t2, (lo - t2.width / 2 - 0.15, hi + 0.2)))
    key = 0 if lang == "en" else 1
    x0, y0 = lo, lo - 0.85  # the legend: one row under the axis
    for word, y in (("one", 1), ("zero", 0)):
        node = Node(("legend", y), DOT, DOT, "circle", "", "", f"dot-{y}")
        boxes.append(Box(node, round(x0 + DOT / 2, 3), y0))
        t = _tag(WORDS[word][key], WORDS[word][key], "legend")
        fixed.append((t, (x0 + DOT + BESIDE_NODE + 0.03 + t.width / 2, y0)))
        x0 += DOT + BESIDE_NODE + 0.03 + t.width + 0.45
    for t, spot in fixed:
        asks.append(Ask((t,), [(spot,)]))
    drawing = Drawing(tuple(boxes), tuple(lines), areas=tuple(areas))
    if perceptron is not None and any(line.style == "decision" for line in lines):
        tex = line_text(perceptron.weights, perceptron.bias)
        t = _tag(f"${tex}$", plain_math(tex), "equation")
        spots = (0.3, 0.7, 0.38, 0.62, 0.22, 0.78, 0.15, 0.85, 0.08, 0.92)
        asks.append(Ask((t,), along(lines[0], (t,), spots, sides=(1, -1)), line=0))
    labels, failed = place(drawing, asks)
    return Drawing(drawing.boxes, drawing.lines, labels, drawing.areas, len(failed))


__all__ = ["decision_drawing", "half_plane", "line_ends", "line_text"]
