"""What symnn's objects show in a notebook: derivations whole, graphs as SVG, numbers as LaTeX.

:func:`register_all` tells :mod:`symnn.display` how to draw each class; ``import symnn``
calls it.
"""

from __future__ import annotations

from symnn.derivation import Derivation
from symnn.display import register
from symnn.graph import Graph
from symnn.network import Network


def _derivation_markdown(d: Derivation) -> str:
    from symnn.render.markdown import markdown

    return markdown(d, "en")


def _graph_svg(g: Graph) -> str:
    from symnn.render.svg import graph_svg

    return graph_svg(g, g.backward())


def _network_latex(net: Network) -> str:
    from symnn.render.printer import latex

    rows = []
    for k, layer in enumerate(net.layers, start=1):
        previous = "X" if k == 1 else f"Z^{{({k - 1})}}"
        rows.append(f"A^{{({k})}} &= {previous} {latex(layer.W)} + {latex(layer.b)}, "
                    rf"\quad Z^{{({k})}} = \operatorname{{{layer.activation}}}(A^{{({k})}})")
    if net.output == "softmax":
        rows.append(rf"Y &= \operatorname{{softmax}}(Z^{{({len(net.layers)})}})")
    return "$$\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}$$"


def register_all() -> None:
    """Register the notebook displays of symnn's objects."""
    register(Derivation, "markdown", _derivation_markdown)
    register(Graph, "svg", _graph_svg)
    register(Network, "latex", _network_latex)
