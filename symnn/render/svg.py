"""Figures as SVG, for notebooks and Markdown (whose math renderers draw no TikZ): the same
:class:`~symnn.layout.Drawing` the slides draw, at the same coordinates.

>>> from symnn.lecture_graphs import apples
>>> graph_svg(apples(), apples().backward()).startswith("<svg")
True
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from symnn.derivation import Figure
from symnn.drawing import Drawing
from symnn.graph import Graph, Sweep
from symnn.render.figures import figure_drawing
from symnn.render.graph_figure import graph_drawing

SCALE = 50.0  # pixels per centimetre of the layout
# Text a quarter of a centimetre high: a browser's sans-serif digits are wider than TeX's,
# and at this size they take no more room than the layout gave TeX's.
FONT = 0.25 * SCALE
PAD = 0.25  # cm of margin
BOXES = {
    "op": ("white", "black"), "neuron": ("white", "black"), "gate": ("white", "black"),
    "input": ("#ededed", "black"), "bias": ("#ededed", "black"),
    "dot-1": ("black", "black"), "dot-0": ("white", "black"),
}
INK = {"gradient": ("#bf0000", "bold"), "total-gradient": ("#bf0000", "bold"),
       "tangent": ("#0026b3", "bold"), "total-tangent": ("#0026b3", "bold"),
       "name": ("#333333", "normal"), "title": ("#404040", "normal"),
       "note": ("#404040", "normal"), "equation": ("#0026b3", "normal")}
LINES = {"decision": ("#0026b3", 2.4), "axis": ("#404040", 1.0), "faint": ("#b3b3b3", 1.0)}
AREAS = {"half-plane": "#e0e5f5"}


def drawing_svg(drawing: Drawing, scale: float = SCALE) -> str:
    """Return ``drawing`` as an SVG picture."""
    left, bottom, right, top = drawing.bounds()
    width, height = (right - left + 2 * PAD) * scale, (top - bottom + 2 * PAD) * scale

    def at(x: float, y: float) -> str:
        return f"{(x - left + PAD) * scale:.1f},{(top - y + PAD) * scale:.1f}"

    def xy(x: float, y: float) -> tuple[float, float]:
        return (x - left + PAD) * scale, (top - y + PAD) * scale

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" '
           f'font-size="{FONT:.1f}">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
           'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/>'
           '</marker></defs>',
           f'<rect width="{width:.0f}" height="{height:.0f}" fill="white"/>']
    for area in drawing.areas:
        points = " ".join(at(*p) for p in area.points)
        out.append(f'<polygon points="{points}" fill="{AREAS.get(area.style, "#eeeeee")}"/>')
    for line in drawing.lines:
        color, width_px = LINES.get(line.style, ("black", 1.3))
        points = " ".join(at(*p) for p in line.points)
        arrow = ' marker-end="url(#arrow)"' if line.arrow else ""
        out.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                   f'stroke-width="{width_px}"{arrow}/>')
    for box in drawing.boxes:
        node = box.node
        x, y = xy(box.x, box.y)
        fill, stroke = BOXES.get(node.style, ("none", "none"))
        if node.shape == "circle":
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{node.width / 2 * scale:.1f}" '
                       f'fill="{fill}" stroke="{stroke}" stroke-width="1.3"/>')
        elif node.shape == "square":
            w, h = node.width * scale, node.height * scale
            out.append(f'<rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" '
                       f'height="{h:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="1.3"/>')
        if node.plain:
            out.append(_text(x, y, node.plain, "black", "normal"))
    for label in drawing.labels:
        x, y = xy(label.x, label.y)
        tag = label.tag
        if tag.style == "weight":
            w, h = tag.width * scale, tag.height * scale
            out.append(f'<rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" '
                       f'height="{h:.1f}" fill="white"/>')
        color, weight = INK.get(tag.style, ("black", "normal"))
        out.append(_text(x, y, tag.plain, color, weight))
    out.append("</svg>")
    return "\n".join(out)


def _text(x: float, y: float, plain: str, color: str, weight: str) -> str:
    """Lines of text centred on (x, y)."""
    rows = plain.split("\n")
    step = FONT * 1.15
    first = y - step * (len(rows) - 1) / 2 + FONT * 0.35
    attrs = f'text-anchor="middle" fill="{color}"' + \
        (' font-weight="bold"' if weight == "bold" else "")
    if len(rows) == 1:
        return f'<text x="{x:.1f}" y="{first:.1f}" {attrs}>{escape(plain)}</text>'
    spans = "".join(f'<tspan x="{x:.1f}" y="{first + k * step:.1f}">{escape(r)}</tspan>'
                    for k, r in enumerate(rows))
    return f"<text {attrs}>{spans}</text>"


def graph_svg(graph: Graph, sweep: Sweep | None = None, lang: str = "en",
              labels: Mapping | None = None) -> str:
    """Return an SVG picture of the graph, the same as :func:`~symnn.render.tikz.graph_tikz`
    draws."""
    return drawing_svg(graph_drawing(graph, sweep, lang, labels))


def figure_svg(figure: Figure, lang: str = "en", labels: Mapping | None = None) -> str | None:
    """Return the figure as SVG, or None for a plot (matplotlib draws those as PNG)."""
    drawing = figure_drawing(figure, lang, labels)
    return None if drawing is None else drawing_svg(drawing)


def network_svg(network: Any, forward: Any = None, lang: str = "en") -> str:
    """Return a network's picture as SVG (its forward values in the neurons, given them).

    >>> from symnn.network import Layer, Network
    >>> network_svg(Network([Layer([[1], [2]], [0], "relu")])).count("<circle")
    3
    """
    from symnn.render.network_figure import network_drawing

    return drawing_svg(network_drawing(network, forward, lang))


__all__ = ["drawing_svg", "figure_svg", "graph_svg", "network_svg"]
