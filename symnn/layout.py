"""Layered drawings of graphs, Sugiyama's way, in pure Python: layers as short as network
simplex makes them (a long edge bends through a dummy point in each layer it passes), the
order in each layer chosen for the fewest crossings, coordinates that line nodes up with a
neighbour, then labels placed (by :func:`symnn.drawing.place`) where they touch no other
label, node or edge, the rows and columns spread where one does not fit.

>>> from symnn.drawing import Node, crossings
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
from dataclasses import replace

from symnn.drawing import CLEAR, Ask, Box, Drawing, Line, Node, clip, place

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
    if requests is None:
        return _drawing(spec, layers, order, chains, layer, room, row_gap, column_gap,
                        [1.0] * count)
    # Each edge's labels clearly its own (not a column of labels over fanning edges): room
    # is made for that as for labels that find no place at all; where no room does it
    # (edges that cross between two columns), the labels go wherever they are free.
    best = _labelled(spec, layers, order, chains, layer, room, row_gap, column_gap,
                     requests, True)
    if best.missing:
        free = _labelled(spec, layers, order, chains, layer, room, row_gap, column_gap,
                         requests, False)
        if free.missing < best.missing:
            return free
    return best


def _labelled(spec: dict, layers: list[list], order: _Order, chains: list, layer: dict,
              room: list[float], row_gap: float, column_gap: float,
              requests: Callable[[Drawing], list[Ask]], clear: bool) -> Drawing:
    """The drawing with its labels, the rows and columns spread until every label has a
    place (at most 16 tries; else the try with the fewest missing)."""
    count = len(layers)
    across, down = [1.0] * count, 1.0
    best, best_key = None, None
    for attempt in range(16):
        drawing = _drawing(spec, layers, order, chains, layer, room, row_gap * down,
                           column_gap, across)
        labels, failed = place(drawing, requests(drawing), clear)
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
    assert best is not None
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


__all__ = ["layered"]
