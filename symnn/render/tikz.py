"""Figures as TikZ and pgfplots: computational graphs in the lecture's style, activation plots,
and a gate's decision line over its four input points.

In a graph, operation nodes (×, +, ^2) are circles; each edge carries the forward value above it
and, in red below it, the backward value (the derivative of the output by that value).
"""

from __future__ import annotations

from typing import Any

import sympy

from symnn.graph import Graph, Node, Sweep
from symnn.numbers import decimal, terminating_decimal
from symnn.render.printer import latex

X_GAP, Y_GAP = 3.0, 2.2

PGF = {"step": "(x>0)", "sigmoid": "1/(1+exp(-x))", "relu": "max(0,x)", "tanh": "tanh(x)",
       "identity": "x"}


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


def _node_text(graph: Graph, node: Node) -> str:
    if node.kind == "op":
        return "$" + {"×": r"\times", "÷": r"\div", "−": "-", "σ": r"\sigma",
                      "√": r"\surd"}.get(node.op.label, node.op.label) + "$"
    if node.kind == "const":
        return f"${latex(node.value)}$"
    return f"${latex(sympy.Symbol(graph.name(node)))}$"


def graph_tikz(graph: Graph, sweep: Sweep | None = None) -> str:
    """Return a ``tikzpicture`` of the graph, backward values in red when ``sweep`` is given.

    >>> from symnn.lecture_graphs import apples
    >>> "red" in graph_tikz(apples(), apples().backward())
    True
    """
    pos = layout(graph)
    index = {id(n): i for i, n in enumerate(graph.nodes)}
    lines = [r"\begin{tikzpicture}[>=Stealth, font=\small,"
             r" op/.style={circle, draw, thick, minimum size=7mm, inner sep=1pt},"
             r" leaf/.style={inner sep=2pt}]"]
    for node in graph.nodes:
        x, y = pos[id(node)]
        style = "op" if node.kind == "op" else "leaf"
        lines.append(rf"\node[{style}] (n{index[id(node)]}) at ({x},{y}) "
                     f"{{{_node_text(graph, node)}}};")
    gradient = sweep.gradient if sweep is not None else {}
    for node in graph.nodes:
        for parent in node.parents:
            above = f"${label(parent.value)}$"
            below = ""
            name = graph.name(parent)
            if parent.kind != "const" and name in gradient:
                below = rf" node[below, red] {{${label(gradient[name])}$}}"
            lines.append(rf"\draw[->] (n{index[id(parent)]}) -- node[above, sloped] "
                         f"{{{above}}}{below.replace('below,', 'below, sloped,')} "
                         f"(n{index[id(node)]});")
    out = graph.output
    x, y = pos[id(out)]
    end = r" node[below, red] {$1$}" if sweep is not None else ""
    lines.append(rf"\draw[->] (n{index[id(out)]}) -- node[above] {{${label(out.value)}$}}"
                 rf"{end} ({x + X_GAP},{y}) node[right] "
                 rf"{{${latex(sympy.Symbol(graph.name(out)))}$}};")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def plot_tikz(functions: dict[str, str]) -> str:
    """Return a pgfplots axis with the named activations (keys of :data:`PGF`) on [-5, 5].

    >>> "1/(1+exp(-x))" in plot_tikz({"sigmoid": "sigmoid"})
    True
    """
    lines = [r"\begin{tikzpicture}", r"\begin{axis}[width=9cm, height=5.5cm, "
             r"axis lines=middle, xlabel=$z$, ylabel=$h(z)$, domain=-5:5, samples=201, "
             r"ymin=-1.2, ymax=2.2, legend pos=north west, legend style={font=\small}]"]
    for legend, name in functions.items():
        lines.append(rf"\addplot[thick] {{{PGF[name]}}};")
        lines.append(rf"\addlegendentry{{{legend}}}")
    lines += [r"\end{axis}", r"\end{tikzpicture}"]
    colors = iter(["blue", "red", "green!50!black", "orange", "gray"])
    return "\n".join(line.replace("[thick]", f"[thick, {next(colors)}]")
                     if line.startswith(r"\addplot") else line for line in lines)


def decision_tikz(rows: Any, separation: Any) -> str:
    """Return the four input points of a 2-input gate (filled for 1) and its line, if any."""
    lines = [r"\begin{tikzpicture}[scale=2.2]",
             r"\draw[->] (-0.4,0) -- (1.5,0) node[right] {$x_1$};",
             r"\draw[->] (0,-0.4) -- (0,1.5) node[above] {$x_2$};"]
    if separation is not None and separation.perceptron is not None:
        (w1, w2), b = separation.perceptron.weights, separation.perceptron.bias
        if w2 != 0:
            xs = (sympy.Rational(-2, 5), sympy.Rational(7, 5))
            ys = [(-b - w1 * x) / w2 for x in xs]
            lines.append(r"\begin{scope}\clip (-0.4,-0.4) rectangle (1.5,1.5);")
            lines.append(rf"\draw[thick, blue] ({float(xs[0]):.4f},{float(ys[0]):.4f}) -- "
                         rf"({float(xs[1]):.4f},{float(ys[1]):.4f});")
            lines.append(r"\end{scope}")
        else:
            x = float(-b / w1)
            lines.append(rf"\draw[thick, blue] ({x:.4f},-0.4) -- ({x:.4f},1.5);")
    for (x1, x2), y in rows:
        fill = "black" if y else "white"
        lines.append(rf"\filldraw[fill={fill}, draw=black] ({x1},{x2}) circle (0.06);")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def figure_tikz(figure: Any, lang: str) -> str:
    """Return the TikZ code of a :class:`~symnn.derivation.Figure`."""
    if figure.kind == "graph":
        graph, sweep = figure.content
        return graph_tikz(graph, sweep)
    if figure.kind == "plot":
        return plot_tikz(figure.content)
    if figure.kind == "decision":
        rows, separation = figure.content
        return decision_tikz(rows, separation)
    raise ValueError(f"unknown figure kind {figure.kind!r}")
