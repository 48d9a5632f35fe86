"""Which drawing a :class:`~symnn.derivation.Figure` is: a computational graph, a network,
the perceptron, the XOR network or a gate's plane (plots are drawn by pgfplots or
matplotlib, and have none).

>>> from symnn import catalog
>>> figure_drawing(catalog.derivation("apple_graph").figures()[0]).missing
0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from symnn.derivation import Figure
from symnn.drawing import Drawing

KINDS = ("graph", "network", "perceptron", "xor-network", "decision", "plot", "neglog")


_DRAWN: dict[tuple, tuple[Figure, Mapping | None, Drawing | None]] = {}


def figure_drawing(figure: Figure, lang: str = "en", labels: Mapping | None = None
                   ) -> Drawing | None:
    """Return the figure's drawing in ``lang`` (None for a plot); a figure asked for twice
    (its size, then its TikZ) is laid out once.

    Contents: "graph" (graph, sweep or None), "network" (network, forward pass or None,
    weights, bias, numbered and part as
    :func:`~symnn.render.network_figure.network_drawing` takes them),
    "perceptron"
    (form, perceptron or None), "xor-network" (None), "decision" (rows, perceptron or None).
    """
    # Labels by their content: each renderer holds its own copy of a derivation's labels.
    key = (id(figure), lang, tuple(sorted((labels or {}).items())))
    if key in _DRAWN and _DRAWN[key][0] is figure:
        return _DRAWN[key][2]
    drawing = _draw(figure, lang, labels)
    if len(_DRAWN) > 256:
        _DRAWN.clear()
    _DRAWN[key] = (figure, labels, drawing)  # the figure kept, so its id is not reused
    return drawing


PLOT = (8.5, 5.5)  # cm a plot needs for its axes, ticks and legend to stay readable


def figure_size(figure: Figure, lang: str = "en", labels: Mapping | None = None
                ) -> tuple[float, float]:
    """Return the (width, height) in cm a figure takes at footnote size (a plot: the size
    it needs to stay readable, :data:`PLOT`).

    >>> from symnn import catalog
    >>> w, h = figure_size(catalog.derivation("chain_rule").figures()[0])
    >>> 6 < w < 14 and 1.5 < h < 4
    True
    """
    drawing = figure_drawing(figure, lang, labels)
    return PLOT if drawing is None else drawing.size


def _draw(figure: Figure, lang: str, labels: Mapping | None) -> Drawing | None:
    kind, content = figure.kind, figure.content
    if kind == "graph":
        from symnn.render.graph_figure import graph_drawing

        graph, sweep = content
        return graph_drawing(graph, sweep, lang, labels)
    if kind == "network":
        from symnn.render.network_figure import network_drawing

        network, forward, weights, bias, numbered, part = _padded(content, 6)
        return network_drawing(network, forward, lang, weights or "auto", bias is not False,
                               numbered is True, part is True)
    if kind == "perceptron":
        from symnn.render.network_figure import perceptron_drawing

        form, perceptron = _padded(content, 2)
        return perceptron_drawing(lang, form or "bias", perceptron)
    if kind == "xor-network":
        from symnn.render.network_figure import xor_drawing

        return xor_drawing(lang)
    if kind == "decision":
        from symnn.render.gate_figure import decision_drawing

        rows, perceptron = content
        return decision_drawing(rows, perceptron, lang)
    if kind in ("plot", "neglog"):
        return None
    raise ValueError(f"unknown figure kind {kind!r} (one of {', '.join(KINDS)})")


def _padded(content: Any, n: int) -> tuple:
    content = tuple(content) if isinstance(content, (tuple, list)) else (content,)
    return content + (None,) * (n - len(content))


__all__ = ["KINDS", "PLOT", "figure_drawing", "figure_size"]
