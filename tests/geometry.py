"""What a reader of a figure would complain about, measured on the drawing symnn produced:
edges that cross, edges through nodes, labels on labels, nodes or edges.

Written apart from :mod:`symnn.layout` (which avoids these while it places things), so the
tests do not check the layout with its own arithmetic.  Distances are in centimetres.
"""

from __future__ import annotations

import itertools
import math
import subprocess

TOUCH = 0.01  # cm: closer than this is touching


def _orient(a, b, c) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def proper_crossing(p, q, r, s) -> bool:
    """Whether segments pq and rs cross at one point inside both."""
    d1, d2, d3, d4 = _orient(r, s, p), _orient(r, s, q), _orient(p, q, r), _orient(p, q, s)
    return d1 * d2 < -1e-12 and d3 * d4 < -1e-12


def segment_distance_to_point(p, q, c) -> float:
    dx, dy = q[0] - p[0], q[1] - p[1]
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((c[0] - p[0]) * dx + (c[1] - p[1]) * dy)
                                              / (dx * dx + dy * dy)))
    return math.hypot(p[0] + t * dx - c[0], p[1] + t * dy - c[1])


def segment_meets_rect(p, q, rect) -> bool:
    """Whether segment pq has a point inside the rectangle (left, bottom, right, top)."""
    left, bottom, right, top = rect
    # Sample densely: figures are centimetres across, a rectangle at least a millimetre.
    n = max(2, int(math.hypot(q[0] - p[0], q[1] - p[1]) / 0.005))
    for k in range(n + 1):
        x = p[0] + (q[0] - p[0]) * k / n
        y = p[1] + (q[1] - p[1]) * k / n
        if left < x < right and bottom < y < top:
            return True
    return False


def rects_overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _shrunk(rect, by=TOUCH):
    return rect[0] + by, rect[1] + by, rect[2] - by, rect[3] - by


def crossings(drawing) -> int:
    """Pairs of edges, without a common end, that cross."""
    count = 0
    for a, b in itertools.combinations(drawing.lines, 2):
        if {a.source, a.target} & {b.source, b.target}:
            continue
        count += sum(proper_crossing(p, q, r, s) for p, q in zip(a.points, a.points[1:])
                     for r, s in zip(b.points, b.points[1:]))
    return count


def edges_through_nodes(drawing) -> list:
    """(edge, node) pairs where an edge passes through a node that is not one of its ends."""
    found = []
    for line in drawing.lines:
        for box in drawing.boxes:
            if box.key in (line.source, line.target) or box.node.shape == "point":
                continue
            for p, q in zip(line.points, line.points[1:]):
                if box.node.shape == "circle":
                    hit = segment_distance_to_point(p, q, (box.x, box.y)) < \
                        box.node.width / 2 - TOUCH
                else:
                    hit = segment_meets_rect(p, q, _shrunk(box.rect()))
                if hit:
                    found.append((line.source, line.target, box.key))
                    break
    return found


def label_overlaps(drawing, ignore=None) -> list:
    """Labels that touch another label, a node or an edge; ``ignore(label, line)`` says
    which edges a label may lie on (a weight written on its own edge)."""
    found = []
    labels = drawing.labels
    for a, b in itertools.combinations(labels, 2):
        if rects_overlap(_shrunk(a.rect()), _shrunk(b.rect())):
            found.append(("label", a.tag.plain, b.tag.plain))
    for label in labels:
        rect = _shrunk(label.rect())
        for box in drawing.boxes:
            if box.node.shape == "point":
                continue
            if rects_overlap(rect, box.rect()):
                found.append(("node", label.tag.plain, box.key))
        for line in drawing.lines:
            if ignore is not None and ignore(label, line):
                continue
            if any(segment_meets_rect(p, q, rect) for p, q in zip(line.points, line.points[1:])):
                found.append(("edge", label.tag.plain, (line.source, line.target)))
    return found


def dot_crossings(keys, edges) -> int:
    """Edge crossings in Graphviz dot's drawing of the same graph (left to right), its
    splines cut into short straight pieces."""
    names = {k: f"n{i}" for i, k in enumerate(keys)}
    source = ["digraph g { rankdir=LR; node [shape=circle, width=0.3, fixedsize=true];",
              *(f"  {names[k]};" for k in keys),
              *(f"  {names[u]} -> {names[v]};" for u, v in edges), "}"]
    out = subprocess.run(["dot", "-Tplain"], input="\n".join(source), capture_output=True,
                         text=True, check=True).stdout
    curves = []
    for row in out.splitlines():
        f = row.split()
        if f and f[0] == "edge":
            n = int(f[3])
            points = [(float(f[4 + 2 * i]), float(f[5 + 2 * i])) for i in range(n)]
            poly = []
            for i in range(0, n - 1, 3):
                poly += _bezier(*points[i:i + 4])
            curves.append((f[1], f[2], poly))
    count = 0
    for (a1, b1, p), (a2, b2, q) in itertools.combinations(curves, 2):
        if {a1, b1} & {a2, b2}:
            continue
        count += sum(proper_crossing(p[i], p[i + 1], q[j], q[j + 1])
                     for i in range(len(p) - 1) for j in range(len(q) - 1))
    return count


def _bezier(p0, p1, p2, p3, n=16):
    out = []
    for k in range(n + 1):
        t = k / n
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
        out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                    a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out
