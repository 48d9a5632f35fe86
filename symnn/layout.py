"""Layered drawings, Sugiyama's way, in pure Python: layers by depth (a long edge bends
through dummy points), crossing minimisation, coordinates, then labels placed where they
touch no other label, node or edge.

A :class:`Drawing` is geometry only (centimetres, y upwards): boxes, polylines, labels and
shaded areas, each label with its LaTeX and its plain text.  The TikZ and the SVG renderers
draw the same drawing, so the slide and the notebook show the same picture, and its geometry
can be measured (:func:`crossings`).

>>> nodes = [Node("a", 0.4, 0.4), Node("b", 0.4, 0.4), Node("c", 0.6, 0.6, "circle")]
>>> d = layered(nodes, [("a", "c", 0.5), ("b", "c", 0.5)])
>>> sorted(d.layers().items()), crossings(d)
([('a', 0), ('b', 0), ('c', 1)], 0)
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace

Point = tuple[float, float]
CLEAR = 0.07  # cm between a label and a line
APART = 0.22  # cm beside each other between two labels, or a label and a node: numbers
# side by side on one line read as one number; one above another, a line between them
# keeps them apart, so there they may come as close as STACKED
STACKED = 0.08
BESIDE_NODE = 0.12  # cm between a label and a node
PT = 2.54 / 72.27  # one TeX point in cm


@dataclass(frozen=True)
class Node:
    """A node to lay out: its key, width and height (cm), shape ("text", "circle", "square"
    or "point"), its text in LaTeX and in plain Unicode, and a style name for the renderers."""

    key: Hashable
    width: float
    height: float
    shape: str = "text"
    tex: str = ""
    plain: str = ""
    style: str = ""


@dataclass(frozen=True)
class Box:
    """A node placed: its centre (x, y) and everything a :class:`Node` says."""

    node: Node
    x: float
    y: float

    @property
    def key(self) -> Hashable:
        """Return the node's key."""
        return self.node.key

    def rect(self) -> tuple[float, float, float, float]:
        """Return (left, bottom, right, top)."""
        w, h = self.node.width / 2, self.node.height / 2
        return self.x - w, self.y - h, self.x + w, self.y + h


@dataclass(frozen=True)
class Line:
    """A polyline from the edge of ``source``'s box to the edge of ``target``'s, an arrow
    at its end when ``arrow``."""

    points: tuple[Point, ...]
    source: Hashable
    target: Hashable
    arrow: bool = True
    style: str = ""

    def segments(self) -> list[tuple[Point, Point]]:
        """Return the straight pieces of the line."""
        return list(zip(self.points, self.points[1:]))


@dataclass(frozen=True)
class Tag:
    """A label to place: its text (LaTeX and plain), size (cm) and style."""

    tex: str
    plain: str
    width: float
    height: float
    style: str = ""


@dataclass(frozen=True)
class Label:
    """A label placed with its centre at (x, y); ``line`` is the number of the line it
    belongs to, ``node`` the node (or None)."""

    tag: Tag
    x: float
    y: float
    line: int | None = None
    node: Hashable | None = None

    def rect(self) -> tuple[float, float, float, float]:
        """Return (left, bottom, right, top)."""
        w, h = self.tag.width / 2, self.tag.height / 2
        return self.x - w, self.y - h, self.x + w, self.y + h


@dataclass(frozen=True)
class Area:
    """A shaded polygon (a gate's half-plane), drawn under everything else."""

    points: tuple[Point, ...]
    style: str = ""


@dataclass(frozen=True)
class Drawing:
    """Boxes, lines, labels and areas in centimetres, y upwards; ``missing`` counts the
    labels that found no free place (0 in a finished figure)."""

    boxes: tuple[Box, ...]
    lines: tuple[Line, ...]
    labels: tuple[Label, ...] = ()
    areas: tuple[Area, ...] = ()
    missing: int = 0
    layer_of: tuple[tuple[Hashable, int], ...] = ()

    def box(self, key: Hashable) -> Box:
        """Return the box of the node ``key``."""
        return next(b for b in self.boxes if b.key == key)

    def layers(self) -> dict[Hashable, int]:
        """Return each node's layer (0 for the first column)."""
        return dict(self.layer_of)

    def bounds(self) -> tuple[float, float, float, float]:
        """Return (left, bottom, right, top) around everything drawn."""
        rects = [b.rect() for b in self.boxes] + [lb.rect() for lb in self.labels]
        points = [p for line in self.lines for p in line.points] + \
            [p for a in self.areas for p in a.points]
        xs = [r[0] for r in rects] + [r[2] for r in rects] + [p[0] for p in points]
        ys = [r[1] for r in rects] + [r[3] for r in rects] + [p[1] for p in points]
        return min(xs), min(ys), max(xs), max(ys)

    @property
    def size(self) -> tuple[float, float]:
        """Return (width, height) in centimetres."""
        left, bottom, right, top = self.bounds()
        return right - left, top - bottom


# ---- text sizes ----------------------------------------------------------------------------

def _em(c: str) -> float:
    """The width of one character in em of Computer Modern (or a Korean font), generously."""
    if "\uac00" <= c <= "\ud7a3" or "\u3130" <= c <= "\u318f":
        return 1.0
    if c.isdigit():
        return 0.5
    if c in "₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾₍₎ᵀ":
        return 0.4
    if c in ".,:;'":
        return 0.3
    if c == " ":
        return 0.36
    if c in "+=−-×·<>≈÷→":
        return 0.8
    if c in "()[]|":
        return 0.4
    if c in "mwMW":
        return 0.9
    if c.isupper():
        return 0.76
    if c in "il":
        return 0.36
    return 0.58


def text_size(plain: str, points: float = 9.0, bold: bool = False) -> tuple[float, float]:
    """Return (width, height) in cm of ``plain`` set at ``points`` (lines split at \\n),
    in bold if asked, rounded up a little so that the estimate covers what TeX and a
    browser draw.

    >>> text_size("0.25"), text_size("x")
    ((0.62, 0.25), (0.23, 0.35))
    """
    rows = plain.split("\n") or [""]
    em = points * PT
    width = max(sum(_em(c) for c in row) for row in rows) * em * (1.12 if bold else 1) + 0.05
    # Digits stand 0.65 em tall on the baseline; letters and brackets reach above and below
    # it; a superscript sticks out above, a subscript below.
    height = sum((0.8 if all(c in NUMERIC for c in row) else 1.1) +
                 0.3 * any(c in SUPERSCRIPTS for c in row) +
                 0.2 * any(c in SUBSCRIPTS for c in row) for row in rows) * em
    return round(width, 2), round(height, 2)


NUMERIC = set("0123456789.,−-+= ")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾ᵀ⁺⁻"
SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉₍₎"


# ---- geometry ------------------------------------------------------------------------------

def _overlap(a: tuple, b: tuple, gap: float = 0.0, vertical: float | None = None) -> bool:
    """Whether two rectangles (left, bottom, right, top) come closer than ``gap`` side by
    side (``vertical`` one above the other, ``gap`` if not given)."""
    up = gap if vertical is None else vertical
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + up and b[1] < a[3] + up


def _segment_hits_rect(p: Point, q: Point, rect: tuple, gap: float = 0.0) -> bool:
    """Whether the segment pq passes through the rectangle grown by ``gap`` (Liang-Barsky)."""
    left, bottom, right, top = rect[0] - gap, rect[1] - gap, rect[2] + gap, rect[3] + gap
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for d, low, high, start in ((dx, left, right, p[0]), (dy, bottom, top, p[1])):
        if abs(d) < 1e-12:
            if start < low or start > high:
                return False
            continue
        a, b = (low - start) / d, (high - start) / d
        if a > b:
            a, b = b, a
        t0, t1 = max(t0, a), min(t1, b)
        if t0 > t1:
            return False
    return True


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def segments_cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    """Whether the segments pq and rs cross at a point inside both (touching ends do not).

    >>> segments_cross((0, 0), (2, 2), (0, 2), (2, 0))
    True
    >>> segments_cross((0, 0), (1, 1), (1, 1), (2, 0))
    False
    """
    d1, d2 = _cross(r, s, p), _cross(r, s, q)
    d3, d4 = _cross(p, q, r), _cross(p, q, s)
    eps = 1e-9
    return (d1 > eps and d2 < -eps or d1 < -eps and d2 > eps) and \
        (d3 > eps and d4 < -eps or d3 < -eps and d4 > eps)


def crossings(drawing: Drawing) -> int:
    """Return how many pairs of lines without a common end cross each other."""
    lines = drawing.lines
    count = 0
    for a, b in itertools.combinations(lines, 2):
        if {a.source, a.target} & {b.source, b.target}:
            continue
        count += sum(segments_cross(p, q, r, s) for p, q in a.segments()
                     for r, s in b.segments())
    return count


# ---- layers --------------------------------------------------------------------------------

def _layering(keys: list, edges: list[tuple]) -> dict:
    """Each node's layer, the edges as short as they can be in total (Gansner's network
    simplex, as Graphviz's dot ranks): start from the longest path from the sources, grow
    a spanning tree of tight edges, then exchange tree edges of negative cut value."""
    preds = {k: [] for k in keys}
    for u, v in edges:
        preds[v].append(u)
    rank = {}
    for k in keys:  # keys come in topological order
        rank[k] = 1 + max((rank[p] for p in preds[k]), default=-1)
    for component in _components(keys, edges):
        inside = [(u, v) for u, v in edges if u in component]
        _simplex(component, inside, rank)
    low = min(rank.values(), default=0)
    return {k: r - low for k, r in rank.items()}


def _components(keys: list, edges: list[tuple]) -> list[set]:
    near = {k: set() for k in keys}
    for u, v in edges:
        near[u].add(v)
        near[v].add(u)
    seen, out = set(), []
    for k in keys:
        if k in seen:
            continue
        part, stack = set(), [k]
        while stack:
            x = stack.pop()
            if x in part:
                continue
            part.add(x)
            stack.extend(near[x] - part)
        seen |= part
        out.append(part)
    return out


def _simplex(nodes: set, edges: list[tuple], rank: dict) -> None:
    """Network simplex on one connected part, ``rank`` changed in place."""
    if len(nodes) < 2:
        return

    def slack(e: tuple) -> int:
        return rank[e[1]] - rank[e[0]] - 1

    tree: list[int] = []  # indices of edges in the spanning tree of tight edges
    inside = {next(iter(sorted(nodes, key=str)))}
    while len(inside) < len(nodes):
        grew = True
        while grew:
            grew = False
            for i, (u, v) in enumerate(edges):
                if (u in inside) != (v in inside) and slack((u, v)) == 0:
                    tree.append(i)
                    inside.add(v if u in inside else u)
                    grew = True
        if len(inside) == len(nodes):
            break
        i = min((i for i, (u, v) in enumerate(edges) if (u in inside) != (v in inside)),
                key=lambda i: slack(edges[i]))
        u, v = edges[i]
        shift = slack((u, v)) if u in inside else -slack((u, v))
        for x in inside:
            rank[x] += shift

    def split(leaving: int) -> set:
        """The nodes on the tail's side of the tree without the edge ``leaving``."""
        near: dict = {x: [] for x in nodes}
        for i in tree:
            if i != leaving:
                a, b = edges[i]
                near[a].append(b)
                near[b].append(a)
        side, stack = set(), [edges[leaving][0]]
        while stack:
            x = stack.pop()
            if x not in side:
                side.add(x)
                stack.extend(near[x])
        return side

    for _ in range(4 * len(edges) + 10):
        leaving, tail = None, None
        for i in tree:
            side = split(i)
            cut = sum(1 if u in side and v not in side else -1 if v in side and u not in side
                      else 0 for u, v in edges)
            if cut < 0:
                leaving, tail = i, side
                break
        if leaving is None:
            return
        entering = min((i for i, (u, v) in enumerate(edges) if u not in tail and v in tail),
                       key=lambda i: slack(edges[i]))
        delta = slack(edges[entering])
        for x in nodes - tail:
            rank[x] += delta  # the head's side moves right until the entering edge is tight
        tree[tree.index(leaving)] = entering


def _crossings_between(upper: list, lower_pos: dict, pos: dict, edges: list) -> int:
    pairs = sorted((pos[u], lower_pos[v]) for u, v in edges)
    count = 0
    for i in range(len(pairs)):
        a = pairs[i]
        for b in pairs[i + 1:]:
            if a[0] < b[0] and a[1] > b[1]:
                count += 1
    return count


class _Order:
    """Nodes (real and dummy) in layers, and the edges between adjacent layers."""

    def __init__(self, layers: list[list], edges: list[tuple], prefer: Sequence = ()):
        self.layers = layers
        self.prefer = list(prefer)
        self.down = {}  # layer index -> edges from it to the next
        layer_of = {k: i for i, layer in enumerate(layers) for k in layer}
        for u, v in edges:
            self.down.setdefault(layer_of[u], []).append((u, v))
        self.preds = {k: [] for layer in layers for k in layer}
        self.succs = {k: [] for layer in layers for k in layer}
        for u, v in edges:
            self.succs[u].append(v)
            self.preds[v].append(u)

    def between(self, i: int, layers: list[list] | None = None) -> int:
        """Crossings between layer i and the next, times :data:`CROSSING`."""
        layers = layers or self.layers
        if i + 1 >= len(layers):
            return 0
        pos = {k: n for n, k in enumerate(layers[i])}
        low = {k: n for n, k in enumerate(layers[i + 1])}
        return CROSSING * _crossings_between(layers[i], low, pos, self.down.get(i, []))

    def unwanted(self, i: int, layers: list[list]) -> int:
        """Pairs of layer i in the order opposite to the one preferred (operands as
        written: the first above the second)."""
        pos = {k: n for n, k in enumerate(layers[i])}
        return sum(pos[a] > pos[b] for a, b in self.prefer if a in pos and b in pos)

    def total(self, layers: list[list] | None = None) -> int:
        layers = layers or self.layers
        return sum(self.between(i, layers) + self.unwanted(i, layers)
                   for i in range(len(layers)))

    def around(self, i: int, layers: list[list]) -> int:
        return (self.between(i - 1, layers) if i > 0 else 0) + self.between(i, layers) + \
            self.unwanted(i, layers)


MAX_EXACT_LAYER = 6  # a layer this small is ordered by trying every permutation
CROSSING = 1000  # a crossing costs more than every unwanted order of a pair together
MAX_EXHAUSTIVE = 5_000  # orders of all layers tried one by one when there are no more


def _barycenter_sweeps(order: _Order, layers: list[list], rounds: int = 12) -> list[list]:
    best, best_count = [list(x) for x in layers], order.total(layers)
    for r in range(rounds):
        rng = range(1, len(layers)) if r % 2 == 0 else range(len(layers) - 2, -1, -1)
        for i in rng:
            ref = layers[i - 1] if r % 2 == 0 else layers[i + 1]
            pos = {k: n for n, k in enumerate(ref)}
            near = order.preds if r % 2 == 0 else order.succs
            keyed = []
            for n, k in enumerate(layers[i]):
                ns = [pos[x] for x in near[k] if x in pos]
                keyed.append((sum(ns) / len(ns) if ns else n, n, k))
            layers[i] = [k for _, _, k in sorted(keyed)]
        _transpose(order, layers)
        count = order.total(layers)
        if count < best_count:
            best, best_count = [list(x) for x in layers], count
        if best_count < CROSSING:
            break
    return best


def _transpose(order: _Order, layers: list[list]) -> None:
    """Swap neighbours in a layer while that removes crossings (counted locally: only the
    edges of the two swapped nodes change), or an unwanted order at no cost."""
    prefer = set(order.prefer)

    def cost(u, v, pos: dict) -> int:
        """Crossings of u's and v's edges when u stands above v."""
        count = 0
        for near in (order.preds, order.succs):
            for a in near[u]:
                for b in near[v]:
                    count += pos[a] > pos[b]
        return CROSSING * count + ((v, u) in prefer)

    improved = True
    while improved:
        improved = False
        pos = {k: n for layer in layers for n, k in enumerate(layer)}
        for layer in layers:
            for j in range(len(layer) - 1):
                u, v = layer[j], layer[j + 1]
                if cost(v, u, pos) < cost(u, v, pos):
                    layer[j], layer[j + 1] = v, u
                    pos[u], pos[v] = j + 1, j
                    improved = True


def _exact_layers(order: _Order, layers: list[list]) -> None:
    """Give each small layer its best permutation against its neighbours, until none helps."""
    improved = True
    while improved:
        improved = False
        for i, layer in enumerate(layers):
            if len(layer) < 2 or len(layer) > MAX_EXACT_LAYER:
                continue
            best, best_count = list(layer), order.around(i, layers)
            for perm in itertools.permutations(layer):
                layers[i] = list(perm)
                count = order.around(i, layers)
                if count < best_count:
                    best, best_count, improved = list(perm), count, True
            layers[i] = best


def _exhaustive(order: _Order, layers: list[list]) -> list[list]:
    """Every order of every layer (few enough to try), the first with the fewest crossings."""
    choices = [list(itertools.permutations(layer)) for layer in layers]
    best, best_count = layers, order.total(layers)
    for combo in itertools.product(*choices):
        candidate = [list(x) for x in combo]
        count = order.total(candidate)
        if count < best_count:
            best, best_count = candidate, count
            if count == 0:
                break
    return best


def _minimise(order: _Order, layers: list[list]) -> list[list]:
    """Few crossings: barycenter sweeps with transposition, exact small layers, restarts
    from shuffled orders (seeded: the same graph gives the same drawing), and, where the
    orders are few, all of them."""
    best = _barycenter_sweeps(order, [list(x) for x in layers])
    _exact_layers(order, best)
    best_count = order.total(best)
    rng = random.Random(22)
    tries = 0
    while best_count >= CROSSING and tries < 8:
        tries += 1
        shuffled = [rng.sample(layer, len(layer)) for layer in layers]
        candidate = _barycenter_sweeps(order, shuffled)
        _exact_layers(order, candidate)
        count = order.total(candidate)
        if count < best_count:
            best, best_count = candidate, count
    if best_count > 0 and math.prod(math.factorial(len(x)) for x in layers) <= MAX_EXHAUSTIVE:
        # Few enough orders to try them all: the fewest crossings for sure.
        best = _exhaustive(order, best)
    return best


# ---- coordinates ---------------------------------------------------------------------------

def _isotonic(targets: list[float], weights: list[float], gaps: list[float]) -> list[float]:
    """The positions closest (least squares) to ``targets`` in which each next one is at
    least its gap beyond the one before (pool adjacent violators)."""
    offsets = [0.0]
    for g in gaps:
        offsets.append(offsets[-1] + g)
    blocks: list[list[float]] = []  # [value, weight, count]
    for t, w, c in zip(targets, weights, offsets):
        blocks.append([t - c, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    out = []
    for v, _, n in blocks:
        out.extend([v] * n)
    return [z + c for z, c in zip(out, offsets)]


def _positions(order: _Order, layers: list[list], gap: Callable) -> dict:
    """Vertical positions (downwards) in each layer: each node as near the mean of its
    neighbours as its order and the gaps allow; dummy chains pulled straight."""
    y = {}
    for layer in layers:
        at = 0.0
        for n, k in enumerate(layer):
            if n:
                at += gap(layer[n - 1], k)
            y[k] = at

    def weight(a, b) -> float:
        dummies = isinstance(a, _Dummy) + isinstance(b, _Dummy)
        return (1.0, 2.0, 8.0)[dummies]

    def median(k, near: list):
        return sorted(near, key=lambda x: y[x])[(len(near) - 1) // 2]

    def _opposite(side: dict) -> dict:
        return order.succs if side is order.preds else order.preds

    def settle(i: int, sides: tuple) -> None:
        layer = layers[i]
        targets, weights = [], []
        for k in layer:
            near = [x for side in sides for x in side[k]]
            if near:
                # Toward the median neighbour (the upper of two), and hard when that one's
                # own median neighbour is this node: a node lines up with one neighbour, so
                # one edge runs straight and the others leave at an angle, which leaves
                # room for their labels (the mean would fan every edge alike).
                m = median(k, near)
                back = [x for side in sides for x in _opposite(side)[m]]
                mutual = median(m, back) is k if back else False
                targets.append(y[m])
                weights.append(weight(k, m) * (6.0 if mutual else 1.0))
            else:
                targets.append(y[k])
                weights.append(0.5)
        gaps = [gap(a, b) for a, b in zip(layer, layer[1:])]
        for k, v in zip(layer, _isotonic(targets, weights, gaps)):
            y[k] = v

    for _ in range(8):
        for i in range(1, len(layers)):
            settle(i, (order.preds,))
        for i in range(len(layers) - 2, -1, -1):
            settle(i, (order.succs,))
    for _ in range(4):
        for i in range(len(layers)):
            settle(i, (order.preds, order.succs))
    return y


class _Dummy:
    """A bend of a long edge, one per layer it passes."""

    __slots__ = ("edge", "layer")

    def __init__(self, edge: int, layer: int):
        self.edge, self.layer = edge, layer

    def __repr__(self) -> str:
        return f"_Dummy({self.edge}, {self.layer})"


def clip(box: Box, toward: Point) -> Point:
    """Where the straight line from the box's centre toward a point leaves the box."""
    dx, dy = toward[0] - box.x, toward[1] - box.y
    length = math.hypot(dx, dy)
    if length < 1e-12 or box.node.shape == "point":
        return box.x, box.y
    if box.node.shape == "circle":
        r = box.node.width / 2 + 0.02
        return box.x + dx / length * r, box.y + dy / length * r
    w, h = box.node.width / 2 + 0.04, box.node.height / 2 + 0.04
    t = min(w / abs(dx) if abs(dx) > 1e-12 else math.inf,
            h / abs(dy) if abs(dy) > 1e-12 else math.inf)
    return box.x + dx * t, box.y + dy * t


@dataclass(frozen=True)
class Ask:
    """Labels to place together (one candidate point for each tag per spot, tried in order),
    the lines they may touch (``ignore``: their own, for a label on its line), and the line
    or node they belong to (so a layout that has no room for them knows where to widen)."""

    tags: tuple[Tag, ...]
    spots: Sequence[tuple[Point, ...]]
    ignore: frozenset = frozenset()
    line: int | None = None
    node: Hashable | None = None


def layered(nodes: Sequence[Node], edges: Sequence[tuple[Hashable, Hashable, float]],
            requests: Callable[[Drawing], list[Ask]] | None = None,
            row_gap: float = 1.0, column_gap: float = 0.8,
            prefer: Sequence[tuple[Hashable, Hashable]] = ()) -> Drawing:
    """Return the layered drawing of a directed acyclic graph, columns left to right.

    ``nodes`` come in topological order (every edge goes from an earlier node to a later
    one); each edge ``(u, v, room)`` asks for ``room`` cm of free width between the columns
    for its labels.  ``requests`` gives, for a drawing, the labels to place (see
    :func:`place`); where one finds no free place, the rows and columns are spread wider and
    everything placed again.  ``prefer`` lists pairs (a, b) to draw a above b where they
    share a column and it costs no crossing (the operands of a - b in the order written).
    """
    keys = [n.key for n in nodes]
    if len(set(keys)) != len(keys):
        raise ValueError("two nodes have the same key")
    spec = {n.key: n for n in nodes}
    pairs = [(u, v) for u, v, _ in edges]
    layer = _layering(keys, pairs)
    count = max(layer.values(), default=-1) + 1
    layers: list[list] = [[] for _ in range(count)]
    for k in keys:
        layers[layer[k]].append(k)
    chains, short = [], []
    for e, (u, v, _) in enumerate(edges):
        chain = [u] + [_Dummy(e, i) for i in range(layer[u] + 1, layer[v])] + [v]
        for d in chain[1:-1]:
            layers[d.layer].append(d)
        chains.append(chain)
        short.extend(zip(chain, chain[1:]))
    order = _Order(layers, short, prefer)
    layers = _minimise(order, layers)
    order.layers = layers
    room = [0.0] * count
    for (_, _, need), chain in zip(edges, chains):
        for a in chain[:-1]:
            i = layer[a] if not isinstance(a, _Dummy) else a.layer
            room[i] = max(room[i], need)
    across, down = [1.0] * count, 1.0
    best, best_key = None, None
    for attempt in range(16):
        drawing = _drawing(spec, layers, order, chains, layer, room, row_gap * down,
                           column_gap, across)
        if requests is None:
            return drawing
        labels, failed = place(drawing, requests(drawing))
        drawing = replace(drawing, labels=labels, missing=len(failed))
        width, height = drawing.size
        key = (len(failed), width * height)
        if best is None or key < best_key:
            best, best_key = drawing, key
        if not failed:
            break
        # Room where it is missing: more between the rows (edges that meet at a node are
        # no further apart halfway, however long they are), then wider gaps under the lines
        # whose labels found no place, in turn.
        if attempt % 2 == 0:
            down *= 1.12
            continue
        wider = set()
        for ask in failed:
            if ask.line is not None:
                chain = chains[ask.line]
                wider.update(range(layer[chain[0]], layer[chain[-1]]))
            elif ask.node is not None and ask.node in layer:
                wider.update({layer[ask.node] - 1, layer[ask.node]})
            else:
                wider.update(range(count))
        for g in wider:
            if 0 <= g < count:
                across[g] *= 1.25
    return best


def _drawing(spec: dict, layers: list[list], order: _Order, chains: list, layer: dict,
             room: list[float], row_gap: float, column_gap: float, across: list[float]
             ) -> Drawing:
    def height(k) -> float:
        return 0.0 if isinstance(k, _Dummy) else spec[k].height

    def width(k) -> float:
        return 0.0 if isinstance(k, _Dummy) else spec[k].width

    def gap(a, b) -> float:
        dummies = isinstance(a, _Dummy) + isinstance(b, _Dummy)
        return (height(a) + height(b)) / 2 + row_gap * (1.0, 0.8, 0.6)[dummies]

    ys = _positions(order, layers, gap)
    xs, x = [], 0.0
    for i, ks in enumerate(layers):
        half = max((width(k) / 2 for k in ks), default=0.0)
        if i:
            previous = max((width(k) / 2 for k in layers[i - 1]), default=0.0)
            x += previous + half + max(room[i - 1], column_gap) * across[i - 1] + 2 * CLEAR
        xs.append(x)
    top = max(ys.values(), default=0.0)
    where = {}
    for i, ks in enumerate(layers):
        for k in ks:
            where[k] = (round(xs[i], 3), round(top - ys[k], 3))
    boxes = {k: Box(spec[k], *where[k]) for k in spec}
    lines = []
    twins = {}
    for chain in chains:
        twins.setdefault((chain[0], chain[-1]), []).append(chain)
    for chain in chains:
        u, v = chain[0], chain[-1]
        middle = [where[d] for d in chain[1:-1]]
        same = twins[(u, v)]
        if len(same) > 1 and not middle:
            # Edges between the same two nodes (x·x) bow apart instead of lying on each other.
            (ux, uy), (vx, vy) = where[u], where[v]
            bow = (same.index(chain) - (len(same) - 1) / 2) * 0.7
            middle = [((ux + vx) / 2, (uy + vy) / 2 + bow)]
        first = middle[0] if middle else where[v]
        last = middle[-1] if middle else where[u]
        points = (clip(boxes[u], first), *middle, clip(boxes[v], last))
        lines.append(Line(tuple((round(px, 3), round(py, 3)) for px, py in points), u, v))
    return Drawing(tuple(boxes[k] for k in spec), tuple(lines),
                   layer_of=tuple((k, layer[k]) for k in spec))


# ---- labels --------------------------------------------------------------------------------

def along(line: Line, tags: Sequence[Tag], prefer: Sequence[float] = (
        0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8), inline: bool = False, sides: Sequence[int] = (1,)
          ) -> list[tuple[Point, ...]]:
    """Candidate places for labels on a line: with two tags, the first above the line and
    the second below it at the same point; with one, above (``sides`` (1, -1): above, then
    below), or on the line (``inline``, a label that interrupts its own line).  Segments in
    order, points in the order ``prefer`` gives.
    """
    out = []
    for p, q in line.segments():
        dx, dy = q[0] - p[0], q[1] - p[1]
        length = math.hypot(dx, dy)
        if length < 1e-9:
            continue
        nx, ny = -dy / length, dx / length
        if ny < 0 or (abs(ny) < 1e-12 and nx > 0):
            nx, ny = -nx, -ny  # the normal that points up (or left)
        gentle = abs(dy) <= 2.5 * abs(dx)
        for t in prefer:
            cx, cy = p[0] + t * dx, p[1] + t * dy
            if inline:
                out.append(((cx, cy),))
                continue
            for flip in sides if len(tags) == 1 else (1,):
                places = []
                for tag, side in zip(tags, (flip, -flip)):
                    if gentle:  # straight above and below the point: the labels stack
                        m = abs(dy / dx)
                        reach = tag.height / 2 + m * tag.width / 2 + \
                            (CLEAR + 0.02) * math.hypot(1, m)
                        places.append((cx, cy + side * reach))
                    else:
                        reach = abs(nx) * tag.width / 2 + abs(ny) * tag.height / 2 + \
                            CLEAR + 0.02
                        places.append((cx + side * nx * reach, cy + side * ny * reach))
                out.append(tuple(places))
    return out


def around(box: Box, tag: Tag, prefer: str = "above") -> list[tuple[Point, ...]]:
    """Candidate places for a label beside a node, nearest first: above, below, the
    corners, right, left (``prefer``: "above", "below" or "left" first)."""
    spots = []
    for far in (0.0, 0.3, 0.6):
        w, h = box.node.width / 2 + far, box.node.height / 2 + far
        tw, th = tag.width / 2, tag.height / 2
        c = BESIDE_NODE + 0.02
        above, below = box.y + h + th + c, box.y - h - th - c
        right, left = box.x + w * 0.7 + tw + c, box.x - w * 0.7 - tw - c
        ring = [(box.x, above), (box.x, below), (right, above - th), (right, below + th),
                (left, above - th), (left, below + th), (box.x + w + tw + c, box.y),
                (box.x - w - tw - c, box.y)]
        first = {"above": 0, "below": 1, "left": 7}[prefer]
        spots += [ring[first]] + ring[:first] + ring[first + 1:]
    return [(s,) for s in spots]


def place(drawing: Drawing, asks: Sequence[Ask]) -> tuple[tuple[Label, ...], list[Ask]]:
    """Place labels greedily, in order: each :class:`Ask` takes its first spot where no tag
    touches a box, a line (but those it may), the drawing's labels or a label placed before.
    Return the drawing's labels with the new ones, and the asks that found no place.
    """
    boxes = [b.rect() for b in drawing.boxes if b.node.shape != "point"]
    segments = [(i, p, q) for i, line in enumerate(drawing.lines) for p, q in line.segments()]
    placed: list[tuple] = [lb.rect() for lb in drawing.labels]
    labels: list[Label] = list(drawing.labels)
    failed = []
    for ask in asks:
        for spot in ask.spots:
            rects = [(x - t.width / 2, y - t.height / 2, x + t.width / 2, y + t.height / 2)
                     for t, (x, y) in zip(ask.tags, spot)]
            if _free(rects, boxes, segments, placed, ask.ignore):
                placed.extend(rects)
                labels.extend(Label(t, round(x, 3), round(y, 3), ask.line, ask.node)
                              for t, (x, y) in zip(ask.tags, spot))
                break
        else:
            failed.append(ask)
    return tuple(labels), failed


def _free(rects: list, boxes: list, segments: list, placed: list, ignore: frozenset) -> bool:
    for n, r in enumerate(rects):
        if any(_overlap(r, b, BESIDE_NODE) for b in boxes):
            return False
        # Labels of one ask (a value over its own derivative) may stand closer together.
        if any(_overlap(r, other, APART, STACKED) for other in placed) or \
                any(_overlap(r, other, CLEAR) for other in rects[:n]):
            return False
        for i, p, q in segments:
            if i not in ignore and _segment_hits_rect(p, q, r, CLEAR * 0.5):
                return False
    return True


__all__ = ["Area", "Ask", "Box", "Drawing", "Label", "Line", "Node", "Tag", "along", "around",
           "clip", "crossings", "layered", "place", "segments_cross", "text_size"]
