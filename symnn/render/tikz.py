r"""Figures as TikZ and pgfplots: every :class:`~symnn.layout.Drawing` (computational graphs,
networks, gates' planes) drawn at the coordinates of its layout, and activation plots.

Every label is set at footnote size and nothing is ever scaled, so a label on a slide is
never smaller than the slide's footnotes; a slide that has no room for a figure gives it a
frame of its own (see :mod:`symnn.render.beamer`).  Values are black, derivatives flowing
back dark red and bold, tangents flowing forward dark blue and bold: three inks that stay
apart in greyscale by their weight.

>>> from symnn.lecture_graphs import apples
>>> code = graph_tikz(apples(), apples().backward())
>>> code.startswith(r"\begin{tikzpicture}") and r"\boldmath" in code
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from symnn.derivation import Figure, text_of
from symnn.drawing import Drawing
from symnn.graph import Graph, Sweep
from symnn.render.figures import figure_drawing
from symnn.render.graph_figure import graph_drawing
from symnn.render.inline import latex_text

FONT = r"\footnotesize"
BOXES = {
    "op": "circle, draw, semithick, fill=white",
    "neuron": "circle, draw, semithick, fill=white",
    "gate": "circle, draw, semithick, fill=white",
    "input": "circle, draw, semithick, fill=black!7",
    "bias": "rectangle, draw, semithick, fill=black!7",
    "dot-1": "circle, draw=black, thick, fill=black",
    "dot-0": "circle, draw=black, thick, fill=white",
}
LINES = {"": "->, semithick", "decision": "very thick, blue!70!black", "axis": "black!75",
         "faint": "->, black!30"}
LABELS = {
    "gradient": rf"text=red!75!black, font={FONT}\boldmath",
    "total-gradient": rf"text=red!75!black, font={FONT}\boldmath",
    "tangent": rf"text=blue!70!black, font={FONT}\boldmath",
    "total-tangent": rf"text=blue!70!black, font={FONT}\boldmath",
    "name": "text=black!80",
    "weight": "fill=white, inner sep=1pt",
    "title": "text=black!75",
    "note": "text=black!75",
    "equation": "text=blue!70!black",
}
AREAS = {"half-plane": "blue!12"}
PGF = {"step": "(x>0)", "sigmoid": "1/(1+exp(-x))", "relu": "max(0,x)", "tanh": "tanh(x)",
       "identity": "x"}


def _xy(x: float, y: float) -> str:
    return f"({x:.2f},{y:.2f})"


def drawing_tikz(drawing: Drawing) -> str:
    """Return a ``tikzpicture`` that draws ``drawing`` at its own coordinates (cm)."""
    out = [r"\begin{tikzpicture}[x=1cm, y=1cm, >={Stealth[length=1.7mm]}, "
           rf"font={FONT}, line cap=round]"]
    for area in drawing.areas:
        path = " -- ".join(_xy(*p) for p in area.points)
        out.append(rf"\fill[{AREAS.get(area.style, 'black!10')}] {path} -- cycle;")
    for line in drawing.lines:
        style = LINES.get(line.style, LINES[""])
        if not line.arrow:
            style = style.replace("->, ", "")
        elif "->" not in style:
            style = "->, " + style
        out.append(rf"\draw[{style}] " + " -- ".join(_xy(*p) for p in line.points) + ";")
    for box in drawing.boxes:
        node = box.node
        if node.shape == "point":
            continue
        style = BOXES.get(node.style, "")
        if node.shape == "text":
            options = "inner sep=0pt" + (f", {style}" if style else "")
        else:
            size = f"minimum size={node.width:.2f}cm"
            options = f"{style or 'circle, draw'}, {size}, inner sep=0pt"
        out.append(rf"\node[{options}] at {_xy(box.x, box.y)} {{{node.tex}}};")
    for label in drawing.labels:
        extra = LABELS.get(label.tag.style, "")
        options = "inner sep=0pt" + (f", {extra}" if extra else "")
        if "inner sep" in extra:
            options = extra
        out.append(rf"\node[{options}] at {_xy(label.x, label.y)} {{{label.tag.tex}}};")
    out.append(r"\end{tikzpicture}")
    return "\n".join(out)


def graph_tikz(graph: Graph, sweep: Sweep | None = None, lang: str = "en",
               labels: Mapping | None = None) -> str:
    """Return a ``tikzpicture`` of the graph: values above the edges and, given a sweep,
    what flows along each edge below them (derivatives back, or tangents forward)."""
    return drawing_tikz(graph_drawing(graph, sweep, lang, labels))


def plot_tikz(functions: dict[Any, str], lang: str = "en", width: float = 8.5,
              height: float = 5.5) -> str:
    """Return a pgfplots axis ``width`` × ``height`` cm with the named activations (keys of
    :data:`PGF`) on [-5, 5]; the legends are strings or Texts (in ``lang``).  pgfplots
    fits the axis to the size and keeps the text at footnote size.

    >>> "1/(1+exp(-x))" in plot_tikz({"sigmoid": "sigmoid"})
    True
    """
    colors = iter(["blue", "red", "green!50!black", "orange", "gray"])
    lines = [r"\begin{tikzpicture}", rf"\begin{{axis}}[width={width:.2f}cm, "
             rf"height={height:.2f}cm, scale only axis=false, axis lines=middle, "
             r"xlabel=$a$, ylabel=$h(a)$, domain=-5:5, samples=201, ymin=-1.2, ymax=2.2, "
             rf"legend pos=north west, legend style={{font={FONT}}}, "
             rf"tick label style={{font={FONT}}}, label style={{font={FONT}}}]"]
    for legend, name in functions.items():
        lines.append(rf"\addplot[thick, {next(colors)}] {{{PGF[name]}}};")
        lines.append(rf"\addlegendentry{{{latex_text(text_of(legend, lang))}}}")
    lines += [r"\end{axis}", r"\end{tikzpicture}"]
    return "\n".join(lines)


def neglog_tikz(width: float = 7.0, height: float = 5.2) -> str:
    """Return the curve -log y on (0, 1]: 0 at y = 1, without bound as y goes to 0.

    >>> "ln(x)" in neglog_tikz()
    True
    """
    return "\n".join([
        r"\begin{tikzpicture}",
        rf"\begin{{axis}}[width={width:.2f}cm, height={height:.2f}cm, axis lines=left, "
        r"xlabel=$y_k$, ylabel={$-\log y_k$}, domain=0.01:1, samples=200, ymin=0, ymax=4.7, "
        rf"xmin=0, xmax=1.05, tick label style={{font={FONT}}}, label style={{font={FONT}}}]",
        r"\addplot[thick, blue] {-ln(x)};",
        r"\end{axis}",
        r"\end{tikzpicture}"])


def figure_tikz(figure: Figure, lang: str = "en", labels: Mapping | None = None,
                width: float | None = None, height: float | None = None) -> str:
    """Return the TikZ code of a :class:`~symnn.derivation.Figure`; a plot fills
    ``width`` × ``height`` cm when given (a drawing keeps its own size)."""
    drawing = figure_drawing(figure, lang, labels)
    if drawing is not None:
        return drawing_tikz(drawing)
    # A plot keeps room for its axes, ticks and legend however narrow its column.
    size = {} if width is None else {"width": width,
                                     "height": height or min(5.5, max(4.6, width * 0.85))}
    if figure.kind == "plot":
        return plot_tikz(figure.content, lang, **size)
    if figure.kind == "neglog":
        return neglog_tikz(**size)
    raise ValueError(f"unknown figure kind {figure.kind!r}")


__all__ = ["drawing_tikz", "figure_tikz", "graph_tikz", "neglog_tikz", "plot_tikz"]
