"""Computational graphs as SVG, for notebooks (whose math renderers do not draw TikZ).

>>> from symnn.lecture_graphs import apples
>>> graph_svg(apples(), apples().backward()).startswith("<svg")
True
"""

from __future__ import annotations

import math
from html import escape

import sympy

from symnn.graph import Graph, Node, Sweep
from symnn.numbers import decimal, terminating_decimal
from symnn.render.tikz import layout

SCALE = 60  # pixels per TikZ unit
RADIUS = 16  # of an operation's circle, in pixels


def _short(value: sympy.Expr) -> str:
    value = sympy.sympify(value)
    exact_decimal = terminating_decimal(value)
    if exact_decimal is not None:
        return exact_decimal  # 2.2 as the lecture draws it, not 11/5
    text = str(value)
    return text if len(text) <= 12 or value.free_symbols else decimal(value, 4)


def _reach(node: Node, graph: Graph, ux: float, uy: float) -> float:
    """How far from a node's centre, along the direction (ux, uy), its drawing ends: the
    circle of an operation, or the box around an input's label (about 7.5 px a letter)."""
    if node.kind == "op":
        return RADIUS + 1
    half_width, half_height = len(graph.name(node)) * 3.75 + 4, 10.0
    reach = [half_width / abs(ux) if abs(ux) > 1e-9 else math.inf,
             half_height / abs(uy) if abs(uy) > 1e-9 else math.inf]
    return min(reach)


def graph_svg(graph: Graph, sweep: Sweep | None = None) -> str:
    """Return an SVG picture of the graph; backward values in red when ``sweep`` is given."""
    pos = layout(graph)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    left, top = min(xs) - 1.2, max(ys) + 1.0
    width = (max(xs) - left + 3.6) * SCALE
    height = (top - min(ys) + 1.0) * SCALE

    def at(x: float, y: float) -> tuple[float, float]:
        return round((x - left) * SCALE, 1), round((top - y) * SCALE, 1)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
           f'height="{height:.0f}" font-family="sans-serif" font-size="13">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>']
    gradient = sweep.gradient if sweep is not None else {}
    edges = [(p, n) for n in graph.nodes for p in n.parents]
    end = (pos[id(graph.output)][0] + 2.4, pos[id(graph.output)][1])
    for parent, node in [*edges, (graph.output, None)]:
        x1, y1 = at(*pos[id(parent)])
        x2, y2 = at(*(pos[id(node)] if node is not None else end))
        # From the edge of the parent's circle or label to the edge of the child's circle.
        length = max(math.hypot(x2 - x1, y2 - y1), 1e-9)
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        start = _reach(parent, graph, ux, uy)
        stop = _reach(node, graph, ux, uy) if node is not None else 0.0
        out.append(f'<line x1="{x1 + ux * start:.1f}" y1="{y1 + uy * start:.1f}" '
                   f'x2="{x2 - ux * stop:.1f}" y2="{y2 - uy * stop:.1f}" '
                   'stroke="black" marker-end="url(#arrow)"/>')
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        out.append(f'<text x="{mx}" y="{my - 6}" text-anchor="middle">'
                   f'{escape(_short(parent.value))}</text>')
        name = graph.name(parent)
        if parent.kind != "const" and name in gradient:
            out.append(f'<text x="{mx}" y="{my + 16}" text-anchor="middle" fill="red">'
                       f'{escape(_short(gradient[name]))}</text>')
    for node in graph.nodes:
        x, y = at(*pos[id(node)])
        if node.kind == "op":
            out.append(f'<circle cx="{x}" cy="{y}" r="{RADIUS}" fill="white" stroke="black"/>')
            text = node.op.label
        else:
            text = graph.name(node)
        out.append(f'<text x="{x}" y="{y + 5}" text-anchor="middle">{escape(text)}</text>')
    ex, ey = at(*end)
    out.append(f'<text x="{ex + 4}" y="{ey + 5}">{escape(graph.name(graph.output))}</text>')
    out.append("</svg>")
    return "\n".join(out)
