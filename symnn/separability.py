"""Linear separability of a Boolean truth table: a perceptron that realizes it, or a proof
that none exists.

A perceptron realizes a table when w . x + b > 0 on every row labelled 1 and -(w . x + b) >= 0
on every row labelled 0.  By Motzkin's transposition theorem exactly one of two things holds:
such (w, b) exist, or there are nonnegative multipliers, one per row, that make the weighted sum
of the rows' inequalities read ``0 > 0`` (all coefficients cancel while a strict row has a
positive multiplier).  The multipliers are found with a small exact simplex over fractions;
when there are none, Rosenblatt's learning rule on integers is sure to stop and gives the
weights.  Both answers are checked by substituting back into every row before they are returned.

>>> s = separate(parse_table("00:0 01:1 10:1 11:0"))
>>> s.separable, s.certificate
(False, (1/2, 1/2, 1/2, 1/2))
>>> separate(parse_table("00:0 01:0 10:0 11:1")).perceptron.truth_table()
[((0, 0), 0), ((0, 1), 0), ((1, 0), 0), ((1, 1), 1)]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

import sympy
from sympy import Rational

from symnn.display import Displayable
from symnn.errors import SymnnError, TableError
from symnn.perceptron import Perceptron

MAX_INPUTS = 8

Row = tuple[tuple[int, ...], int]


def parse_table(text: str) -> tuple[Row, ...]:
    """Return the rows of a table written as ``"00:0 01:1 10:1 11:0"`` (input bits, colon, label).

    Every input combination must appear exactly once, in any order.

    >>> parse_table("0:1 1:0")
    (((0,), 1), ((1,), 0))
    >>> parse_table("00:0 01:1 01:1 11:0")
    Traceback (most recent call last):
    ...
    symnn.errors.TableError: truth table, row 3 '01:1': input 01 is repeated (first in row 2)
    """
    if not isinstance(text, str):
        raise TableError(f"truth table: expected rows written as text like '00:0 01:1', got "
                         f"{type(text).__name__}")
    tokens = text.replace(",", " ").split()
    if len(tokens) > 2 ** MAX_INPUTS:
        raise TableError(f"truth table: {len(tokens)} rows; symnn handles tables of up to "
                         f"{MAX_INPUTS} inputs ({2 ** MAX_INPUTS} rows)")
    if not tokens:
        raise TableError("truth table: no rows given (write rows like '00:0 01:1 10:1 11:0')")
    rows: list[Row] = []
    seen: dict[tuple[int, ...], int] = {}
    for number, token in enumerate(tokens, start=1):
        where = f"truth table, row {number} {token!r}"
        bits, colon, label = token.partition(":")
        if not colon or not bits or set(bits) - {"0", "1"} or label not in ("0", "1"):
            raise TableError(f"{where}: expected input bits, a colon and a label 0 or 1")
        if len(bits) > MAX_INPUTS:
            raise TableError(f"{where}: {len(bits)} inputs; symnn handles 1 to {MAX_INPUTS}")
        if rows and len(bits) != len(rows[0][0]):
            raise TableError(f"{where}: has {len(bits)} inputs but row 1 has {len(rows[0][0])}")
        x = tuple(int(c) for c in bits)
        if x in seen:
            raise TableError(f"{where}: input {bits} is repeated (first in row {seen[x]})")
        seen[x] = number
        rows.append((x, int(label)))
    return table(rows)


def table(rows: Any) -> tuple[Row, ...]:
    """Return ``rows`` (pairs of input bits and a label) checked to be a complete truth table.

    >>> table([((0,), 0)])
    Traceback (most recent call last):
    ...
    symnn.errors.TableError: truth table: 1 input needs 2 rows, got 1; missing 1
    """
    try:
        rows = tuple((tuple(int(v) for v in x), int(y)) for x, y in rows)
    except (TypeError, ValueError):
        raise TableError("truth table: expected rows of (input bits, label), like "
                         "[((0, 1), 1), ...]") from None
    if not rows:
        raise TableError("truth table: no rows given")
    n = len(rows[0][0])
    if len(rows) > 2 ** MAX_INPUTS or not 1 <= n <= MAX_INPUTS:
        raise TableError(f"truth table: {n} inputs; symnn handles 1 to {MAX_INPUTS}")
    if not 1 <= n <= MAX_INPUTS:
        raise TableError(f"truth table: {n} inputs; symnn handles 1 to {MAX_INPUTS}")
    for x, y in rows:
        if len(x) != n or set(x) - {0, 1} or y not in (0, 1):
            raise TableError(f"truth table: row {x}:{y} is not {n} bits and a label 0 or 1")
    present = {x for x, _ in rows}
    if len(present) != len(rows):
        raise TableError("truth table: some input appears twice")
    missing = [x for x in product((0, 1), repeat=n) if x not in present]
    if missing:
        names = ", ".join("".join(map(str, x)) for x in missing)
        inputs = "input" if n == 1 else "inputs"
        raise TableError(f"truth table: {n} {inputs} needs {2 ** n} rows, got {len(rows)}; "
                         f"missing {names}")
    return rows


@dataclass(frozen=True, repr=False)
class Separation(Displayable):
    """The answer for one truth table: a realizing ``perceptron`` or a ``certificate``."""

    rows: tuple[Row, ...]
    perceptron: Perceptron | None
    certificate: tuple[Rational, ...] | None
    given: bool = False  # the perceptron is the teacher's, checked on every row

    @property
    def wrong_rows(self) -> tuple[Row, ...]:
        """Return the rows the perceptron gets wrong (none for one symnn found)."""
        p = self.perceptron
        return () if p is None else tuple((x, y) for x, y in self.rows if p(*x) != y)

    def __repr__(self) -> str:
        table = " ".join(f"{''.join(map(str, x))}:{y}" for x, y in self.rows)
        if self.perceptron is not None:
            p = self.perceptron
            return f"Separation({table}: separable, w = {list(p.weights)}, b = {p.bias})"
        return f"Separation({table}: not separable, multipliers {list(self.certificate)})"

    @property
    def separable(self) -> bool:
        """Return whether one perceptron realizes the table."""
        return self.certificate is None

    def row_inequalities(self) -> list[sympy.Rel]:
        """Return each row's condition on (w, b): w.x + b > 0 for a 1, -(w.x + b) >= 0 for a 0."""
        n = len(self.rows[0][0])
        w = sympy.symbols(f"w1:{n + 1}")
        b = sympy.Symbol("b")
        out = []
        for x, y in self.rows:
            s = sum(wi * xi for wi, xi in zip(w, x)) + b
            out.append(sympy.StrictGreaterThan(s, 0) if y else sympy.GreaterThan(-s, 0))
        return out

    def explain(self) -> str:
        """Return, in words and formulas, why the answer holds.

        >>> print(separate(parse_table("0:0 1:1")).explain())
        separable: symnn found w1 = 1, b = -1/2, no row on its line (w.x + b > 0 on the 1s)
          0 -> 0 (w.x + b = -1/2)
          1 -> 1 (w.x + b = 1/2)
        >>> print(separate(parse_table("0:0 1:1"), [1], 0).explain())
        the given perceptron w1 = 1, b = 0 realizes the table
          0 -> 0 (w.x + b = 0)  ok (on the line: the step gives 0 there)
          1 -> 1 (w.x + b = 1)  ok
        """
        p = self.perceptron
        lines = []
        if p is not None:
            names = ", ".join(f"w{i + 1} = {w}" for i, w in enumerate(p.weights))
            if not self.given:
                lines.append(f"separable: symnn found {names}, b = {p.bias}, no row on its "
                             "line (w.x + b > 0 on the 1s)")
            elif not self.wrong_rows:
                lines.append(f"the given perceptron {names}, b = {p.bias} realizes the table")
            else:
                wrong = ", ".join("".join(map(str, x)) for x, _ in self.wrong_rows)
                lines.append(f"the given perceptron {names}, b = {p.bias} gets "
                             f"{len(self.wrong_rows)} of {len(self.rows)} rows wrong ({wrong})")
            for x, y in self.rows:
                out = p(*x)
                mark = "" if not self.given else "  ok" if out == y else \
                    f"  WRONG: output {out}, label {y}"
                if self.given and p.weighted_sum(x) == 0:
                    mark += " (on the line: the step gives 0 there)"
                lines.append(f"  {''.join(map(str, x))} -> {y} (w.x + b = {p.weighted_sum(x)})"
                             f"{mark}")
            if self.certificate is None:
                return "\n".join(lines)
        lines.append("not separable: multiply each row's inequality by its multiplier and add "
                     "them:")
        total = 0
        for (x, y), rel, m in zip(self.rows, self.row_inequalities(), self.certificate):
            lines.append(f"  {''.join(map(str, x))}:{y}  {m} * ({rel})")
            total += m * rel.lhs
        strict = ">" if any(m > 0 and y for (_, y), m in zip(self.rows, self.certificate)) else ">="
        lines.append(f"  sum:  {sympy.expand(total)} {strict} 0  (every w and b cancels, and a "
                     "row labelled 1 counts with a positive multiplier)")
        lines.append("  0 > 0 is false, so no weights and bias realize this table")
        return "\n".join(lines)

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        """Return the answer as JSON data: weights and bias, or the certificate, as floats
        (``exact``: as exact strings, '1/2').

        >>> separate(parse_table("0:0 1:1")).to_dict(exact=True)["weights"]
        ['1']
        """
        p = self.perceptron
        number = str if exact else float
        return {
            "separable": self.separable,
            "given": self.given,
            "weights": [number(w) for w in p.weights] if p else None,
            "bias": number(p.bias) if p else None,
            "rows": [{"x": list(x), "label": y, "sum": number(p.weighted_sum(x)),
                      "output": p(*x), "ok": p(*x) == y} for x, y in self.rows] if p else None,
            "certificate": [number(m) for m in self.certificate] if self.certificate else None,
        }


def separate(rows: Any, weights: Any = None, bias: Any = None) -> Separation:
    """Return a perceptron that realizes the truth table ``rows``, or a certificate that none does.

    symnn's own line has a margin (no point on it). With ``weights`` and ``bias``, the
    teacher's perceptron is checked on every row instead (the certificate comes too when no
    perceptron can work).

    >>> nand = separate(parse_table("00:1 01:1 10:1 11:0")).perceptron
    >>> nand.weights, nand.bias
    ((-1, -1), 3/2)
    >>> separate(parse_table("00:0 01:0 10:0 11:1"), [1, 1], 0).wrong_rows
    (((0, 1), 0), ((1, 0), 0))
    """
    rows = table(rows)
    certificate = _certificate(rows)
    if weights is not None or bias is not None:
        return Separation(rows, _given(rows, weights, bias), certificate, given=True)
    if certificate is not None:
        return Separation(rows, None, certificate)
    return Separation(rows, _separator(rows), None)


def _given(rows: tuple[Row, ...], weights: Any, bias: Any) -> Perceptron:
    n = len(rows[0][0])
    if weights is None or bias is None:
        raise TableError("a perceptron to check needs both its weights and its bias")
    if isinstance(weights, (str, bytes)) or not hasattr(weights, "__len__"):
        raise TableError(f"weights: expected a list of {n} numbers, got {weights!r}")
    if len(weights) != n:
        raise TableError(f"weights: the table has {n} input{'s' * (n > 1)}, so {n} weight"
                         f"{'s' * (n > 1)} are needed, got {len(weights)}")
    return Perceptron(tuple(weights), bias, "the given perceptron")


def _signed(rows: tuple[Row, ...]) -> list[list[int]]:
    """Each row as the coefficient vector of (w, b) in its inequality (+ for 1, - for 0)."""
    return [[(1 if y else -1) * v for v in (*x, 1)] for x, y in rows]


def _certificate(rows: tuple[Row, ...]) -> tuple[Rational, ...] | None:
    """Multipliers y >= 0 with sum y_i s_i = 0 and weight 1 on the strict rows, if they exist."""
    signed = _signed(rows)
    n = len(signed[0])
    A = [[Fraction(s[j]) for s in signed] for j in range(n)]
    A.append([Fraction(1 if y else 0) for _, y in rows])
    b = [Fraction(0)] * n + [Fraction(1)]
    y = _simplex(A, b, [Fraction(0)] * len(rows))
    if y is None:
        return None
    certificate = tuple(Rational(v.numerator, v.denominator) for v in y)
    for j in range(n):
        if sum(m * s[j] for m, s in zip(certificate, signed)) != 0:
            raise SymnnError("internal: the certificate does not cancel; please report this")
    if any(m < 0 for m in certificate) or not any(m > 0 and y for m, (_, y) in
                                                   zip(certificate, rows)):
        raise SymnnError("internal: the certificate is not a contradiction; please report this")
    return certificate


def _separator(rows: tuple[Row, ...]) -> Perceptron:
    """A perceptron with a margin (no row on its line) for a table known to be separable.

    Up to three inputs: the small weights (-2 to 2) and half-integer bias of widest margin
    |w.x + b| / |w| over the rows, the simplest such on a tie.  More inputs: Rosenblatt's rule
    on integers, then the bias lowered by 1/2 so no row lies on the line.  The result is
    checked on every row.
    """
    n = len(rows[0][0])
    if n <= 3:
        best = None
        for w in product(range(-2, 3), repeat=n):
            if not any(w):
                continue
            norm = sum(v * v for v in w)
            for twice_b in range(-4 * n - 1, 4 * n + 2):
                b = Fraction(twice_b, 2)
                sums = [sum(wi * xi for wi, xi in zip(w, x)) + b for x, _ in rows]
                if any((s > 0) != bool(y) or s == 0 for s, (_, y) in zip(sums, rows)):
                    continue
                margin = min(abs(s) for s in sums) ** 2 / norm
                key = (margin, -sum(map(abs, w)) - abs(b))
                if best is None or key > best[0]:
                    best = (key, w, b)
        if best is not None:
            _, w, b = best
            return _checked(Perceptron(tuple(w), Rational(b.numerator, b.denominator),
                                       "separator"), rows)
    return _checked(_rosenblatt(rows), rows)


def _checked(p: Perceptron, rows: tuple[Row, ...]) -> Perceptron:
    if any(p(*x) != y or p.weighted_sum(x) == 0 for x, y in rows):
        raise SymnnError("internal: the separator misclassifies a row; please report this")
    return p


def _rosenblatt(rows: tuple[Row, ...]) -> Perceptron:
    """Rosenblatt's learning rule w <- w + (t - y) x on integers; it stops because the table
    is separable (the perceptron convergence theorem); the bias then moves down by 1/2, off
    every row (the sums are integers, 0 on a row labelled 0 at worst)."""
    n = len(rows[0][0])
    wb = [0] * (n + 1)
    changed = True
    while changed:
        changed = False
        for x, t in rows:
            xb = (*x, 1)
            y = 1 if sum(w * v for w, v in zip(wb, xb)) > 0 else 0
            if y != t:
                wb = [w + (t - y) * v for w, v in zip(wb, xb)]
                changed = True
    return Perceptron(tuple(wb[:-1]), Rational(2 * wb[-1] - 1, 2), "separator")


def _simplex(A: list[list[Fraction]], b: list[Fraction], c: list[Fraction]) -> list | None:
    """Minimize c.x subject to A x = b, x >= 0 exactly; return x, or None when infeasible.

    Two-phase tableau simplex with Bland's rule (which cannot cycle).  The objective must be
    bounded below on the feasible set, as it is for symnn's two problems (c >= 0).
    """
    rows, cols = len(A), len(A[0])
    T = []
    for i in range(rows):
        sign = -1 if b[i] < 0 else 1
        artificial = [Fraction(1 if k == i else 0) for k in range(rows)]
        T.append([sign * v for v in A[i]] + artificial + [sign * b[i]])
    basis = [cols + i for i in range(rows)]
    phase1 = [Fraction(0)] * cols + [Fraction(1)] * rows
    _optimize(T, basis, phase1, range(cols + rows))
    if sum(T[i][-1] for i in range(len(T)) if basis[i] >= cols) != 0:
        return None
    for i in range(len(T) - 1, -1, -1):
        if basis[i] >= cols:
            pivot = next((j for j in range(cols) if T[i][j] != 0), None)
            if pivot is None:
                del T[i], basis[i]
            else:
                _pivot(T, basis, i, pivot)
    _optimize(T, basis, list(c) + [Fraction(0)] * rows, range(cols))
    x = [Fraction(0)] * cols
    for i, j in enumerate(basis):
        x[j] = T[i][-1]
    return x


def _optimize(T: list, basis: list, cost: list, allowed: range) -> None:
    while True:
        enter = None
        for j in allowed:
            if j in basis:
                continue
            reduced = cost[j] - sum(cost[basis[i]] * T[i][j] for i in range(len(T)))
            if reduced < 0:
                enter = j
                break
        if enter is None:
            return
        best = None
        for i in range(len(T)):
            if T[i][enter] > 0:
                ratio = T[i][-1] / T[i][enter]
                if best is None or (ratio, basis[i]) < best[0]:
                    best = ((ratio, basis[i]), i)
        if best is None:
            raise SymnnError("internal: unbounded linear program; please report this")
        _pivot(T, basis, best[1], enter)


def _pivot(T: list, basis: list, r: int, col: int) -> None:
    pivot = T[r][col]
    T[r] = [v / pivot for v in T[r]]
    for i in range(len(T)):
        if i != r and T[i][col] != 0:
            f = T[i][col]
            T[i] = [a - f * p for a, p in zip(T[i], T[r])]
    basis[r] = col
