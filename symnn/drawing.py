"""Drawings as geometry: boxes, polylines, labels and shaded areas in centimetres (y
upwards), each label with its LaTeX and its plain text; how large a text is; where labels may
go on a line or beside a node, and placing them where they touch no other label, node or line.

The TikZ and the SVG renderers draw the same drawing, so the slide and the notebook show the
same picture, and its geometry can be measured (:func:`crossings`).  :mod:`symnn.layout` lays
out graphs as drawings; networks and gates' planes are drawings placed by hand.

>>> line = Line(((0, 0), (3, 0)), "a", "b")
>>> value = Tag("$2$", "2", 0.3, 0.25)
>>> labels, failed = place(Drawing((), (line,)), [Ask((value,), along(line, (value,)))])
>>> labels[0].y > 0, failed
(True, [])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

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


def place(drawing: Drawing, asks: Sequence[Ask], clear: bool = False
          ) -> tuple[tuple[Label, ...], list[Ask]]:
    """Place labels greedily, in order: each :class:`Ask` takes its first spot where no tag
    touches a box, a line (but those it may), the drawing's labels or a label placed before;
    ``clear``, only a spot where a line's pair of labels (a value over its derivative) is
    clearly its own (:func:`own_nearest`), and a single label nearer its own line than any
    other.
    Return the drawing's labels with the new ones, and the asks that found no place.
    """
    boxes = [b.rect() for b in drawing.boxes if b.node.shape != "point"]
    segments = [(i, p, q) for i, line in enumerate(drawing.lines) for p, q in line.segments()]
    placed: list[tuple] = [lb.rect() for lb in drawing.labels]
    labels: list[Label] = list(drawing.labels)
    # Edges between the same two nodes (a + a) are told apart by their order, not distance.
    ends = [(line.source, line.target) for line in drawing.lines]
    twins = [frozenset(j for j, e in enumerate(ends) if e == ends[i]) for i in range(len(ends))]
    failed = []
    for ask in asks:
        for spot in ask.spots:
            rects = [(x - t.width / 2, y - t.height / 2, x + t.width / 2, y + t.height / 2)
                     for t, (x, y) in zip(ask.tags, spot)]
            if _free(rects, boxes, segments, placed, ask.ignore) and (
                    not clear or ask.line is None or
                    own_nearest(spot, ask.line, segments, ask.ignore | twins[ask.line],
                                2.8 if len(ask.tags) > 1 else 1.0)):
                placed.extend(rects)
                labels.extend(Label(t, round(x, 3), round(y, 3), ask.line, ask.node)
                              for t, (x, y) in zip(ask.tags, spot))
                break
        else:
            failed.append(ask)
    return tuple(labels), failed


def segment_distance(p: Point, a: Point, b: Point) -> float:
    """Return the distance from ``p`` to the segment from ``a`` to ``b``.

    >>> segment_distance((1.0, 1.0), (0.0, 0.0), (2.0, 0.0))
    1.0
    """
    dx, dy = b[0] - a[0], b[1] - a[1]
    both = dx * dx + dy * dy
    t = 0.0 if both == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) /
                                             both))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def own_nearest(spot: Sequence[Point], line: int, segments: list, ignore: frozenset,
                ratio: float = 2.8) -> bool:
    """Return whether every label centre of ``spot`` is clearly its own line's: any other
    of the ``segments`` (``(line, p, q)``; but the lines in ``ignore``) at least ``ratio``
    times as far and 1 mm further (a reader cannot tell a label halfway between two edges,
    or one of a column of labels over fanning edges, from a neighbour's)."""
    for centre in spot:
        own = min(segment_distance(centre, p, q) for i, p, q in segments if i == line)
        if any(segment_distance(centre, p, q) <= max(own + 0.1, ratio * own)
               for i, p, q in segments if i != line and i not in ignore):
            return False
    return True


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


__all__ = ["APART", "Area", "Ask", "BESIDE_NODE", "Box", "CLEAR", "Drawing", "Label", "Line",
           "Node", "STACKED", "Tag", "along", "around", "clip", "crossings", "own_nearest",
           "place", "segment_distance", "segments_cross", "text_size"]
