r"""Figures as TikZ and pgfplots: computational graphs in the lecture's style, activation
plots, and a gate's decision line over its four input points.

In a graph, operation nodes (×, +, ^2) are circles; each edge carries the forward value above
it and, in red below it, the backward value (the derivative of the output by that value).  A
gate's figure draws the line w·x + b = 0 of the gate's own weights and shades the side where
the perceptron outputs 1.

>>> from symnn.perceptron import AND
>>> "1.4" in decision_tikz([((0, 0), 0), ((1, 0), 0), ((0, 1), 0), ((1, 1), 1)], AND)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy

from symnn.derivation import text_of
from symnn.graph import Graph, Node, Sweep
from symnn.numbers import decimal, terminating_decimal
from symnn.render.inline import latex_text
from symnn.render.printer import decimal_of, latex

X_GAP, Y_GAP = 3.0, 1.7
BOX = (-0.4, 1.5)  # the square a gate's points are drawn in

PGF = {"step": "(x>0)", "sigmoid": "1/(1+exp(-x))", "relu": "max(0,x)", "tanh": "tanh(x)",
       "identity": "x"}
OP_TEXT = {"×": r"\times", "÷": r"\div", "−": "-", "σ": r"\sigma", "√": r"\surd"}


def layout(graph: Graph) -> dict[int, tuple[float, float]]:
    """Return a position per node: columns by longest path from the inputs, rows in order.

    >>> from symnn.lecture_graphs import apples
    >>> sorted(layout(apples()).values())[-1]
    (6.0, 0.0)
    """
    depth: dict[int, int] = {}
    for node in graph.nodes:
        if node.kind == "op":
            depth[id(node)] = 1 + max(depth[id(p)] for p in node.parents)
        else:
            depth[id(node)] = 0
    # Constants and inputs sit one column before the first node that uses them.
    for node in graph.nodes:
        if node.kind == "op":
            for p in node.parents:
                if p.kind != "op":
                    depth[id(p)] = max(depth[id(p)], min(
                        depth[id(c)] for c in graph.nodes if c.kind == "op" and p in c.parents) - 1)
    columns: dict[int, list[Node]] = {}
    for node in graph.nodes:
        columns.setdefault(depth[id(node)], []).append(node)
    positions = {}
    for column, nodes in columns.items():
        top = (len(nodes) - 1) * Y_GAP / 2
        for i, node in enumerate(nodes):
            positions[id(node)] = (round(column * X_GAP, 3), round(top - i * Y_GAP, 3))
    return positions


def label(value: Any) -> str:
    """Return a short LaTeX label for an edge value: exact when short, else 4 digits."""
    value = sympy.sympify(value)
    exact_decimal = terminating_decimal(value)
    if exact_decimal is not None:
        return exact_decimal  # 2.2 as the lecture draws it, not 11/5
    text = latex(value)
    if len(text) <= 14:
        return text
    if value.free_symbols:
        return text
    return decimal(value, 4)


def _node_text(graph: Graph, node: Node, lang: str, labels: Mapping) -> str:
    if node.kind == "op":
        return "$" + OP_TEXT.get(node.op.label, node.op.label) + "$"
    if node.kind == "const":
        return f"${latex(node.value)}$"
    return f"${latex(sympy.Symbol(graph.name(node)), lang=lang, labels=labels)}$"


def graph_tikz(graph: Graph, sweep: Sweep | None = None, lang: str = "en",
               labels: Mapping | None = None) -> str:
    """Return a ``tikzpicture`` of the graph, backward values in red when ``sweep`` is given.

    >>> from symnn.lecture_graphs import apples
    >>> "red" in graph_tikz(apples(), apples().backward())
    True
    """
    labels = labels or {}
    pos = layout(graph)
    index = {id(n): i for i, n in enumerate(graph.nodes)}
    lines = [r"\begin{tikzpicture}[>=Stealth, font=\small,"
             r" op/.style={circle, draw, thick, minimum size=7mm, inner sep=1pt},"
             r" leaf/.style={inner sep=2pt}]"]
    for node in graph.nodes:
        x, y = pos[id(node)]
        style = "op" if node.kind == "op" else "leaf"
        lines.append(rf"\node[{style}] (n{index[id(node)]}) at ({x},{y}) "
                     f"{{{_node_text(graph, node, lang, labels)}}};")
    gradient = sweep.gradient if sweep is not None else {}
    for node in graph.nodes:
        for parent in node.parents:
            above = f"${label(parent.value)}$"
            below = ""
            name = graph.name(parent)
            if parent.kind != "const" and name in gradient:
                below = rf" node[below, sloped, red] {{${label(gradient[name])}$}}"
            lines.append(rf"\draw[->] (n{index[id(parent)]}) -- node[above, sloped] "
                         f"{{{above}}}{below} (n{index[id(node)]});")
    out = graph.output
    x, y = pos[id(out)]
    end = r" node[below, red] {$1$}" if sweep is not None else ""
    lines.append(rf"\draw[->] (n{index[id(out)]}) -- node[above] {{${label(out.value)}$}}"
                 rf"{end} ({x + X_GAP},{y}) node[right] "
                 rf"{{${latex(sympy.Symbol(graph.name(out)), lang=lang, labels=labels)}$}};")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def plot_tikz(functions: dict[Any, str], lang: str = "en") -> str:
    """Return a pgfplots axis with the named activations (keys of :data:`PGF`) on [-5, 5];
    the legends are strings or Texts (in ``lang``).

    >>> "1/(1+exp(-x))" in plot_tikz({"sigmoid": "sigmoid"})
    True
    """
    colors = iter(["blue", "red", "green!50!black", "orange", "gray"])
    lines = [r"\begin{tikzpicture}", r"\begin{axis}[width=8.5cm, height=5.5cm, "
             r"axis lines=middle, xlabel=$z$, ylabel=$h(z)$, domain=-5:5, samples=201, "
             r"ymin=-1.2, ymax=2.2, legend pos=north west, legend style={font=\small}]"]
    for legend, name in functions.items():
        lines.append(rf"\addplot[thick, {next(colors)}] {{{PGF[name]}}};")
        lines.append(rf"\addlegendentry{{{latex_text(text_of(legend, lang))}}}")
    lines += [r"\end{axis}", r"\end{tikzpicture}"]
    return "\n".join(lines)


def neglog_tikz() -> str:
    """Return the curve -log y on (0, 1]: 0 at y = 1, without bound as y goes to 0.

    >>> "ln(x)" in neglog_tikz()
    True
    """
    return "\n".join([
        r"\begin{tikzpicture}",
        r"\begin{axis}[width=7cm, height=5.2cm, axis lines=left, xlabel=$y_k$, "
        r"ylabel={$-\log y_k$}, domain=0.01:1, samples=200, ymin=0, ymax=4.7, xmin=0, "
        r"xmax=1.05]",
        r"\addplot[thick, blue] {-ln(x)};",
        r"\end{axis}",
        r"\end{tikzpicture}"])


def _line_text(weights: tuple, bias: Any) -> str:
    """The decision line as the lecture would write it: x1 + x2 = 1.4 when the weights match."""
    w1, w2 = (sympy.Rational(w) for w in weights)
    b = sympy.Rational(bias)
    if w1 == w2 and w1 != 0:
        c = -b / w1
        return rf"x_1 + x_2 = {decimal_of(c) or latex(c)}"
    return latex(sympy.Eq(w1 * sympy.Symbol("x1") + w2 * sympy.Symbol("x2") + b, 0))


def _half_plane(w1: Fraction, w2: Fraction, b: Fraction) -> list[tuple[Fraction, Fraction]]:
    """The corners of the drawing square where w1 x1 + w2 x2 + b >= 0, in order."""
    lo, hi = Fraction(BOX[0]).limit_denominator(), Fraction(BOX[1]).limit_denominator()
    square = [(lo, lo), (hi, lo), (hi, hi), (lo, hi)]
    inside = [w1 * x + w2 * y + b >= 0 for x, y in square]
    corners = []
    for k in range(4):
        p, q = square[k], square[(k + 1) % 4]
        fp, fq = w1 * p[0] + w2 * p[1] + b, w1 * q[0] + w2 * q[1] + b
        if inside[k]:
            corners.append(p)
        if (fp > 0) != (fq > 0) and fp != 0 and fq != 0:
            t = fp / (fp - fq)
            corners.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return corners


def decision_tikz(rows: Any, perceptron: Any = None) -> str:
    """Return a 2-input gate's four points (filled for output 1) and, given its perceptron,
    the line w·x + b = 0 with the side where it outputs 1 shaded."""
    lines = [r"\begin{tikzpicture}[scale=2.3, font=\small]"]
    if perceptron is not None:
        (w1, w2), b = perceptron.weights, perceptron.bias
        w1, w2, b = (Fraction(int(v.p), int(v.q)) for v in (w1, w2, b))
        corners = _half_plane(w1, w2, b)
        if len(corners) >= 3:
            path = " -- ".join(f"({float(x):.4f},{float(y):.4f})" for x, y in corners)
            lines.append(rf"\fill[blue!12] {path} -- cycle;")
        ends = [c for c in _line_points(w1, w2, b)]
        if len(ends) == 2:
            (x0, y0), (x1, y1) = ends
            lines.append(rf"\draw[thick, blue] ({float(x0):.4f},{float(y0):.4f}) -- "
                         rf"({float(x1):.4f},{float(y1):.4f}) node[pos=0.3, below, sloped] "
                         rf"{{${_line_text(perceptron.weights, perceptron.bias)}$}};")
    lines += [rf"\draw[->] ({BOX[0]},0) -- ({BOX[1]},0) node[right] {{$x_1$}};",
              rf"\draw[->] (0,{BOX[0]}) -- (0,{BOX[1]}) node[above] {{$x_2$}};",
              r"\node[below left] at (0,0) {$0$};", r"\node[below] at (1,0) {$1$};",
              r"\node[left] at (0,1) {$1$};"]
    for (x1, x2), y in rows:
        fill = "black" if y else "white"
        lines.append(rf"\filldraw[fill={fill}, draw=black, thick] ({x1},{x2}) circle (0.055);")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def _line_points(w1: Fraction, w2: Fraction, b: Fraction) -> list[tuple[Fraction, Fraction]]:
    """Where the line w1 x1 + w2 x2 + b = 0 crosses the edges of the drawing square."""
    lo, hi = Fraction(BOX[0]).limit_denominator(), Fraction(BOX[1]).limit_denominator()
    points = []
    if w2 != 0:
        for x in (lo, hi):
            y = (-b - w1 * x) / w2
            if lo <= y <= hi:
                points.append((x, y))
    if w1 != 0:
        for y in (lo, hi):
            x = (-b - w2 * y) / w1
            if lo < x < hi:
                points.append((x, y))
    points = sorted(set(points))
    return [points[0], points[-1]] if len(points) >= 2 else []


def figure_tikz(figure: Any, lang: str = "en", labels: Mapping | None = None) -> str:
    """Return the TikZ code of a :class:`~symnn.derivation.Figure`."""
    if figure.kind == "graph":
        graph, sweep = figure.content
        return graph_tikz(graph, sweep, lang, labels)
    if figure.kind == "plot":
        return plot_tikz(figure.content, lang)
    if figure.kind == "neglog":
        return neglog_tikz()
    if figure.kind == "decision":
        rows, perceptron = figure.content
        return decision_tikz(rows, perceptron)
    raise ValueError(f"unknown figure kind {figure.kind!r}")
