"""What symnn's objects show in a notebook: derivations whole (figures inline), graphs,
networks (their diagram) and training histories as SVG, networks (their formulas), forward
passes and gradients as LaTeX, separations and worksheet reports as Markdown.

:func:`register_all` tells :mod:`symnn.display` how to draw each class; ``import symnn``
calls it, so the lower layers never import this module.
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any

import numpy as np

from symnn.check import Report
from symnn.derivation import Derivation, Figure
from symnn.display import register
from symnn.errors import visible
from symnn.grad import Gradient
from symnn.graph import Graph
from symnn.network import ForwardPass, Network
from symnn.separability import Separation
from symnn.train import History

DIGITS = 6  # significant digits of the decimals a notebook shows


def _uri(kind: str, data: bytes) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def figure_uri(figure: Figure, lang: str = "en", labels: Any = None) -> str | None:
    """Return the figure as a data URI a notebook's Markdown shows: graphs, networks and
    gates as SVG, plots as PNG when matplotlib (the ``plot`` extra) is installed, else None
    (the caption alone).

    >>> from symnn import catalog
    >>> figure_uri(catalog.derivation("apple_graph").figures()[0])[:26]
    'data:image/svg+xml;base64,'
    """
    from symnn.render.svg import figure_svg

    picture = figure_svg(figure, lang, labels)
    if picture is not None:
        return _uri("image/svg+xml", picture.encode())
    try:
        from symnn.render.png import figure_png_bytes
    except ImportError:
        return None
    data = figure_png_bytes(figure, lang)
    return None if data is None else _uri("image/png", data)


def _derivation_markdown(d: Derivation) -> str:
    from symnn.render.markdown import markdown

    figures = {f.name: figure_uri(f, "en", d.labels) for f in d.figures()}
    return markdown(d, "en", {k: v for k, v in figures.items() if v is not None})


def _graph_svg(g: Graph) -> str:
    from symnn.render.svg import graph_svg

    return graph_svg(g, g.backward())


def _network_svg(net: Network) -> str:
    from symnn.render.svg import network_svg

    return network_svg(net)


def _matrix(rows: Any) -> str:
    """A matrix of numbers (Values, SymPy numbers or floats) as LaTeX decimals."""
    from symnn.render.printer import latex

    if hasattr(rows, "tolist") and not isinstance(rows, np.ndarray):
        rows = rows.tolist()
    rows = np.asarray(rows, dtype=object)
    rows = rows.reshape(1, -1) if rows.ndim < 2 else rows

    def entry(v: Any) -> str:
        if hasattr(v, "decimal"):
            return v.decimal(DIGITS)
        return latex(v)

    body = r" \\ ".join(" & ".join(entry(v) for v in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def _network_latex(net: Network) -> str:
    rows = []
    for k, layer in enumerate(net.layers, start=1):
        previous = "X" if k == 1 else f"Z^{{({k - 1})}}"
        if layer.inputs * layer.outputs > 64:
            W = rf"W^{{({k})}}_{{{layer.inputs} \times {layer.outputs}}}"
            b = f"b^{{({k})}}"
        else:
            W, b = _matrix(layer.W), _matrix(layer.b)
        name = layer.activation.replace("_", r"\_")  # leaky_relu(0.2), set as a name
        rows.append(rf"A^{{({k})}} &= {previous} {W} + {b}, "
                    rf"\quad Z^{{({k})}} = \operatorname{{{name}}}(A^{{({k})}})")
    if net.output in ("softmax", "sigmoid"):
        rows.append(rf"Y &= \operatorname{{{net.output}}}(Z^{{({len(net.layers)})}})")
    return "$$\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}$$"


def _forward_latex(f: ForwardPass) -> str:
    rows = [rf"X &= {_matrix(f.X)}"]
    for k, layer in enumerate(f.layers, start=1):
        rows.append(rf"A^{{({k})}} &\approx {_matrix(layer.a)}")
        rows.append(rf"Z^{{({k})}} &\approx {_matrix(layer.z)}")
    if f.y is not f.layers[-1].z:
        rows.append(rf"Y &\approx {_matrix(f.y)}")
    return "$$\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}$$"


def _gradient_latex(g: Gradient) -> str:
    from symnn.render.printer import latex

    point = ", ".join(f"{name} = {latex(v)}" for name, v in g.point.items())
    rows = [rf"f &= {latex(g.shown(g.expression))} \approx {g.value.decimal(DIGITS)}"
            rf"\quad \text{{at }} {point}"]
    checks = {row.name: row for row in g.check.rows}
    for name, derivative in g.symbolic.items():
        row = checks.get(name)
        verdict = rf"\quad \text{{(numerical: {row.numeric:.6g})}}" if row is not None else ""
        rows.append(rf"\frac{{\partial f}}{{\partial {name}}} &= {latex(g.shown(derivative))} "
                    rf"\approx {g.exact[name].decimal(DIGITS)}{verdict}")
    return "$$\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}$$"


def _separation_markdown(s: Separation) -> str:
    lines = []
    if s.perceptron is not None:
        p = s.perceptron
        weights = ", ".join(f"w_{i + 1} = {w}" for i, w in enumerate(p.weights))
        lines.append(f"**separable**: ${weights},\\ b = {p.bias}$ gives $w \\cdot x + b > 0$ "
                     "exactly on the rows labelled 1")
        lines += ["", "| x | label | $w \\cdot x + b$ |", "|---|---|---|"]
        lines += [f"| {''.join(map(str, x))} | {y} | ${p.weighted_sum(x)}$ |" for x, y in s.rows]
    else:
        lines.append("**not separable**: multiply each row's inequality by its multiplier and "
                     "add them; every weight and the bias cancel and what is left is false")
        lines += ["", "| x | label | multiplier |", "|---|---|---|"]
        lines += [f"| {''.join(map(str, x))} | {y} | ${m}$ |"
                  for (x, y), m in zip(s.rows, s.certificate)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text for one cell of a Markdown table: one line, no column bar, no HTML."""
    return escape(" ".join(visible(text).split())).replace("|", "\\|")


def _report_markdown(r: Report) -> str:
    marks = {"correct": "✅ correct", "wrong": "❌ wrong", "error": "⚠️ error"}
    lines = [f"**{_cell(r.source)}**", "", "| claim | verdict | why |", "|---|---|---|"]
    for v in r.verdicts:
        why = _cell(v.message or "")
        if v.first_wrong:
            why += " (first wrong step: " + ", ".join(_cell(n) for n in v.first_wrong) + ")"
        lines.append(f"| {_cell(v.name)} | {marks[v.status]} | {why} |")
    s = r.summary
    lines += ["", f"{s['correct']} correct, {s['wrong']} wrong, {s['error']} error"]
    return "\n".join(lines) + "\n"


def history_svg(h: History, width: int = 440, height: int = 220) -> str | None:
    """Return the loss (and accuracy) per epoch as a small SVG line chart, no matplotlib:
    the loss on the left scale (blue), the accuracy on the right one, 0 to 1 (green, dashed).

    >>> history_svg(History([0.5, 0.2, 0.1])).count("<polyline")
    1
    """
    if not h.loss:
        return None
    left, right, top, bottom = 56, 40, 22, 34
    w, hgt = width - left - right, height - top - bottom
    top_loss = max(h.loss) or 1.0
    n = len(h.loss)

    def points(values: list[float], scale: float) -> str:
        step = w / max(n - 1, 1)
        return " ".join(f"{left + i * step:.1f},{top + hgt - v / scale * hgt:.1f}"
                        for i, v in enumerate(values))

    def text(x: float, y: float, words: str, anchor: str = "start", color: str = "black"
             ) -> str:
        return (f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" fill="{color}">'
                f"{escape(words)}</text>")

    blue, green = "#1f77b4", "#2ca02c"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           'font-family="sans-serif" font-size="11">',
           f'<rect x="{left}" y="{top}" width="{w}" height="{hgt}" fill="none" stroke="#999"/>',
           f'<polyline points="{points(h.loss, top_loss)}" fill="none" stroke="{blue}" '
           'stroke-width="1.5"/>',
           text(left - 4, top + 8, f"{top_loss:.3g}", "end", blue),
           text(left - 4, top + hgt, "0", "end", blue),
           text(left, top - 8, "loss", "start", blue),
           text(left, height - 18, "1", "middle"),
           text(left + w, height - 18, str(n), "middle"),
           text(left + w / 2, height - 4, "epoch", "middle")]
    if h.accuracy:
        out += [f'<polyline points="{points(h.accuracy, 1.0)}" fill="none" stroke="{green}" '
                'stroke-width="1.5" stroke-dasharray="4 2"/>',
                text(left + w + 4, top + 8, "1", "start", green),
                text(left + w + 4, top + hgt, "0", "start", green),
                text(left + w, top - 8, "accuracy", "end", green)]
    out.append("</svg>")
    return "\n".join(out)


def register_all() -> None:
    """Register the notebook displays of symnn's objects."""
    register(Derivation, "markdown", _derivation_markdown)
    register(Graph, "svg", _graph_svg)
    register(Network, "latex", _network_latex)
    register(Network, "svg", _network_svg)
    register(ForwardPass, "latex", _forward_latex)
    register(Gradient, "latex", _gradient_latex)
    register(Separation, "markdown", _separation_markdown)
    register(Report, "markdown", _report_markdown)
    register(History, "svg", history_svg)
