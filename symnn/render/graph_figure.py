r"""A computational graph as a :class:`~symnn.layout.Drawing`, the way cs231n draws one.

Inputs and constants are words at the left of their edges, operations are circles named
beside them (c, d, or v1, v2, ... as the steps call them), and the output's edge ends at its
name.  Above each edge is the forward value that flows along it.  Below it, with a reverse
sweep, the derivative that flows back along *that* edge (the upstream derivative times the
local one), and a node that feeds several edges shows its derivative as the sum of the parts
(3 + 3 = 6); with a forward sweep (:meth:`~symnn.graph.Graph.tangents`), the tangent that
flows forward along the edge, summed where edges meet.  Without a sweep, values only.

>>> from symnn.lecture_graphs import sum_times_successor
>>> g = sum_times_successor()
>>> d = graph_drawing(g, g.backward())
>>> sorted(lb.tag.plain for lb in d.labels if lb.tag.style.startswith("total"))
['3 + 3 = 6']
>>> d.missing
0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy

from symnn import arrays, values
from symnn.derivation import Text
from symnn.drawing import BESIDE_NODE, Ask, Drawing, Tag, along, around, text_size
from symnn.drawing import Node as Shape
from symnn.errors import RenderError
from symnn.graph import Graph, Node, Sweep
from symnn.layout import layered
from symnn.numbers import terminating_decimal
from symnn.render.printer import latex, text

MAX_NODES = 60  # a graph with more is not readable as one picture
SPOTS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2)  # where on an edge its labels go
POINTS = 9.0  # every label is footnote size (9 pt beside 11 pt text)
OP_TEX = {"×": r"\times", "÷": r"\div", "−": "-", "σ": r"\sigma", "√": r"\surd",
          "exp": r"\exp", "log": r"\log", "tanh": r"\tanh", "ReLU": r"\mathrm{ReLU}",
          "step": r"\mathrm{step}", "^": r"\mathrm{pow}"}
OP_PLAIN = {"−": "−", "-": "−", "^": "pow", "step": "step"}


def number_text(value: Any) -> tuple[str, str]:
    """Return a value as a figure writes it (LaTeX, plain): exact when the decimal is short
    (2.2, 110, 0.25), else three significant digits (0.269); symbolic values as formulas.

    >>> number_text(sympy.Rational(11, 5)), number_text(values.value(1) / 3)
    (('2.2', '2.2'), ('0.333', '0.333'))
    >>> number_text(values.sigmoid(values.value(sympy.Rational(11, 10))))[0]
    '0.750'

    """
    if isinstance(value, values.Value):
        if value.exact is None:
            shown = _three_digits(value.decimal(3))
            return shown, shown.replace("-", "−")
        value = sympy.Rational(value.exact.numerator, value.exact.denominator)
    value = sympy.sympify(value)
    if value.is_number:
        exact = terminating_decimal(value, 12) if value.is_Rational else None
        if exact is not None and len(exact.replace("-", "").replace(".", "").strip("0")) <= 5:
            return exact, exact.replace("-", "−")
        shown = _three_digits(arrays.value_of(value).decimal(3))
        return shown, shown.replace("-", "−")
    return latex(value), text(value)


def _three_digits(shown: str) -> str:
    """An inexact value keeps its three significant digits: 0.7503 is 0.750, never 0.75
    (which reads as exact)."""
    if "e" in shown:
        return shown
    digits = shown.lstrip("-").replace(".", "").lstrip("0")
    missing = 3 - len(digits)
    if missing <= 0:
        return shown
    return shown + ("" if "." in shown else ".") + "0" * missing


def _sum_text(parts: list[Any], total: Any) -> tuple[str, str]:
    """3 + 3 = 6 (or 3 − 1 = 2): the parts of a node's derivative and their sum."""
    tex, plain = [], []
    for k, part in enumerate(parts):
        t, p = number_text(part)
        if k and t.startswith("-"):
            tex.append(f" - {t[1:]}")
            plain.append(f" − {p[1:]}")
        else:
            tex.append(f" + {t}" if k else t)
            plain.append(f" + {p}" if k else p)
    t, p = number_text(total)
    return "".join(tex) + f" = {t}", "".join(plain) + f" = {p}"


def _value(node: Node) -> Any:
    """A node's value: its Value when it is a number (no closed form is built)."""
    return node.number if node.number is not None else node.value


def _tag(tex: str, plain: str, style: str, math: bool = True) -> Tag:
    w, h = text_size(plain, POINTS, bold=style.endswith(("gradient", "tangent")))
    return Tag(f"${tex}$" if math else tex, plain, w, h, style)


def _name(graph: Graph, node: Node, lang: str, labels: Mapping) -> tuple[str, str]:
    """A node's name in the page's language (LaTeX, plain)."""
    name = graph.name(node)
    label = labels.get(name)
    if isinstance(label, Text):
        words = label(lang)
        return (rf"\text{{{words}}}" if any("\uac00" <= c <= "\ud7a3" for c in words) else
                r"\mathrm{" + words.replace(" ", r"\ ") + "}"), words
    symbol = sympy.Symbol(name)
    return latex(symbol, lang=lang, labels=labels), text(symbol, lang=lang, labels=labels)


def _op(node: Node) -> tuple[str, str]:
    label = node.op.label
    if label.startswith("^") and label != "^":
        power = label[1:]
        raised = power.translate(str.maketrans("0123456789-/", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᐟ"))
        return rf"(\cdot)^{{{power}}}", "(·)" + raised
    return OP_TEX.get(label, label), OP_PLAIN.get(label, label)


def graph_drawing(graph: Graph, sweep: Sweep | None = None, lang: str = "en",
                  labels: Mapping | None = None) -> Drawing:
    """Return the drawing of ``graph``: values above the edges and, given a ``sweep``, the
    derivative (reverse) or tangent (forward) that flows along each edge below it."""
    labels = labels or {}
    ops = sum(n.kind == "op" for n in graph.nodes)
    if len(graph.nodes) > MAX_NODES:
        raise RenderError(f"the graph has {len(graph.nodes)} nodes ({ops} operations); a "
                          f"figure stays readable up to {MAX_NODES}: use the text form "
                          "(symnn graph EXPR --at ...) or draw a part of it")
    index = {id(n): i for i, n in enumerate(graph.nodes)}
    mode = None if sweep is None else sweep.mode
    style = {"reverse": "gradient", "forward": "tangent"}.get(mode)
    nodes, value_tags, flow_tags = [], {}, {}
    for i, node in enumerate(graph.nodes):
        if node.kind == "op":
            tex, plain = _op(node)
            w, _ = text_size(plain, POINTS)
            size = max(0.62, w + 0.16)
            nodes.append(Shape(i, size, size, "circle", f"${tex}$", plain, "op"))
        else:
            tex, plain = number_text(node.value) if node.kind == "const" else \
                _name(graph, node, lang, labels)
            w, h = text_size(plain, POINTS)
            nodes.append(Shape(i, w, h, "text", f"${tex}$", plain, "leaf"))
    out_tex, out_plain = _name(graph, graph.output, lang, labels)
    w, h = text_size(out_plain, POINTS)
    nodes.append(Shape("out", w, h, "text", f"${out_tex}$", out_plain, "leaf"))

    flows = {}  # (child name, parent name) -> what flows along the edge below it
    if sweep is not None:
        for edge in sweep.edges:
            flows.setdefault((edge.node, edge.parent), []).append(edge.product_value)
    edges, used = [], {}
    for node in graph.nodes:
        for parent in node.parents:
            k = len(edges)
            value_tags[k] = _tag(*number_text(_value(parent)), "value")
            key = (graph.name(node), graph.name(parent))
            if parent.kind != "const" and key in flows:
                n = used.get(key, 0)
                used[key] = n + 1
                flow = flows[key][n]
                flow_tags[k] = _tag(*number_text(flow), style)
            edges.append((index[id(parent)], index[id(node)]))
    out = graph.output
    k = len(edges)
    value_tags[k] = _tag(*number_text(_value(out)), "value")
    if sweep is not None:
        end = sweep.numbers.get(graph.name(out), 1) if mode == "forward" else 1
        flow_tags[k] = _tag(*number_text(end), style)
    edges.append((index[id(out)], "out"))

    totals = _totals(graph, sweep) if sweep is not None else {}
    if mode == "forward" and graph.name(out) in totals:
        flow_tags[k] = _tag(*totals.pop(graph.name(out)), style)
    # Between two columns an edge's labels need their width and a clear gap to each node;
    # edges that meet at a node are close near it, so their labels need a longer edge.
    meet = {v for _, v in edges if sum(w == v for _, w in edges) > 1}
    room = [max(value_tags[k].width, flow_tags[k].width if k in flow_tags else 0) +
            2 * BESIDE_NODE + 0.1 + (0.3 if edges[k][1] in meet and k in flow_tags else 0)
            for k in range(len(edges))]

    def requests(drawing: Drawing) -> list[Ask]:
        boxes = {b.key: b for b in drawing.boxes}
        asks = []
        for k, line in enumerate(drawing.lines):
            tags = (value_tags[k], flow_tags[k]) if k in flow_tags else (value_tags[k],)
            spots = SPOTS if len(tags) == 2 else SPOTS + (0.2, 0.8)  # one label: more room
            asks.append(Ask(tags, along(line, tags, spots), line=k))
        for node in graph.nodes:
            if node.kind == "op" and node is not out:
                tag = _tag(*_name(graph, node, lang, labels), "name")
                key = index[id(node)]
                asks.append(Ask((tag,), around(boxes[key], tag), node=key))
        for name, (tex, plain) in totals.items():
            node = next(n for n in graph.nodes if graph.name(n) == name)
            tag = _tag(tex, plain, "total-" + style)
            key = index[id(node)]
            side = "below" if node.kind == "op" else "left"  # a leaf's edges leave rightwards
            asks.append(Ask((tag,), around(boxes[key], tag, side), node=key))
        return asks

    prefer = [(index[id(n.parents[0])], index[id(n.parents[1])]) for n in graph.nodes
              if n.kind == "op" and len(n.parents) == 2 and n.parents[0] is not n.parents[1]]
    # One label an edge (values only) needs less room between the rows than two.
    return layered(nodes, [(u, v, r) for (u, v), r in zip(edges, room)], requests,
                          row_gap=0.95 if sweep is not None else 0.6,
                          column_gap=0.9 if sweep is not None else 1.2,
                          prefer=prefer)


def _totals(graph: Graph, sweep: Sweep) -> dict[str, tuple[str, str]]:
    """Nodes whose derivative is a sum of what flows along several edges: in reverse mode a
    node that feeds several, in forward mode one fed by several; name -> "3 + 3 = 6"."""
    parts: dict[str, list] = {}
    for edge in sweep.edges:
        key = edge.parent if sweep.mode == "reverse" else edge.node
        parts.setdefault(key, []).append(edge.product_value)
    return {name: _sum_text(ps, sweep.numbers[name]) for name, ps in parts.items()
            if len(ps) > 1}


__all__ = ["MAX_NODES", "graph_drawing", "number_text"]
