"""Numerical differentiation, and the gradient check of symbolic against numerical derivatives.

Central differences (f(x + h) - f(x - h)) / 2h, as the lecture's numerical gradient, on float64
copies of the inputs (the book's own version changes integer arrays in place and returns
nonsense on them).

>>> round(numerical_derivative(lambda x: x**2, 3), 6)
6.0
>>> x = sympy.Symbol("x")
>>> check_expression(sympy.sin(x), {"x": 1}).ok
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from mpmath.libmp import (
    from_float,
    from_rational,
    fzero,
    libmpi,
    mpf_abs,
    mpf_add,
    mpf_div,
    mpf_lt,
    mpf_mul,
    mpf_sub,
    round_nearest,
    to_float,
)
from sympy import Expr

from symnn import arrays, intervals, values
from symnn.activations import relu, sigmoid  # noqa: F401  (doctests)
from symnn.errors import SymnnError
from symnn.parse import by_name

DEFAULT_H = 1e-4
DEFAULT_ATOL = 1e-6
DEFAULT_RTOL = 1e-5


def numerical_derivative(f: Callable[[float], float], x: Any, h: float = DEFAULT_H) -> float:
    """Return the central difference (f(x + h) - f(x - h)) / 2h.

    >>> round(numerical_derivative(lambda x: 3 * x, 2), 9)
    3.0
    """
    _check_h(h)
    x = float(x)
    return float((f(x + h) - f(x - h)) / (2 * h))


def numerical_gradient(f: Callable[[np.ndarray], float], params: Any,
                       h: float = DEFAULT_H) -> np.ndarray:
    """Return the central-difference gradient of f at every entry of ``params``, in its shape.

    ``params`` is copied to float64 first, so integer arrays work and are never changed.

    >>> numerical_gradient(lambda p: float((p ** 2).sum()), np.array([1, 2]))
    array([2., 4.])
    """
    _check_h(h)
    x = np.array(params, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + h
        up = f(x)
        x[index] = saved - h
        down = f(x)
        x[index] = saved
        grad[index] = (up - down) / (2 * h)
    return grad


def _check_h(h: float) -> None:
    if not (isinstance(h, (int, float)) and np.isfinite(h) and h > 0):
        raise SymnnError(f"step size h must be a positive number, got {h!r}")


def float_function(expr: Any, symbols: Any) -> Callable[..., Any]:
    """Return ``expr`` compiled by ``lambdify`` into a NumPy function of ``symbols``.

    symnn's own functions print as its stable NumPy kernels (``numpy_sigmoid``, ...).

    >>> z = sympy.Symbol("z")
    >>> round(float(float_function(sigmoid(z) + relu(z), [z])(2.0)), 10)
    2.880797078
    """
    return sympy.lambdify(symbols, expr, modules="numpy", cse=True)


@dataclass(frozen=True)
class CheckRow:
    """One parameter's comparison: analytic and numeric derivative and their errors."""

    name: str
    analytic: float
    numeric: float
    abs_error: float
    rel_error: float
    ok: bool
    h: float | None = None
    note: str = ""
    numeric_text: str = ""  # the numeric value to 10 digits, right where a float overflows
    error_text: str = ""
    h_text: str = ""  # the step to 3 digits, right where a float underflows to 0


@dataclass(frozen=True)
class GradCheck:
    """A gradient check: one row a parameter; passes when every |a - n| <= atol + rtol |n|."""

    rows: tuple[CheckRow, ...]
    atol: float
    rtol: float
    h: float | None

    @property
    def ok(self) -> bool:
        """Return whether every row passes."""
        return all(r.ok for r in self.rows)

    def table(self) -> str:
        """Return the check as a text table, failures marked.

        >>> print(gradcheck({"x": 2.0}, {"x": 2.0000001}, h=1e-4).table())
        name      analytic       numeric     abs error     rel error  ok
        x                2     2.0000001         1e-07         5e-08  yes
        all 1 derivatives agree (atol 1e-06, rtol 1e-05, h 0.0001)
        """
        width = max(4, *(len(r.name) for r in self.rows)) if self.rows else 4
        lines = [f"{'name':<{width}}  {'analytic':>12}  {'numeric':>12}  {'abs error':>12}  "
                 f"{'rel error':>12}  ok"]
        for r in self.rows:
            lines.append(f"{r.name:<{width}}  {r.analytic:>12.8g}  {r.numeric:>12.8g}  "
                         f"{r.abs_error:>12.3g}  {r.rel_error:>12.3g}  "
                         f"{'yes' if r.ok else 'NO'}")
        bad = sum(not r.ok for r in self.rows)
        verdict = f"all {len(self.rows)} derivatives agree" if not bad else \
            f"{bad} of {len(self.rows)} derivatives disagree"
        step = f"h {self.h:g}" if self.h is not None else "h relative, 1e-4 down to 1e-12"
        lines.append(f"{verdict} (atol {self.atol:g}, rtol {self.rtol:g}, {step})")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the check as JSON data (a number past the float range as a string)."""
        def finite(v: Any) -> Any:
            return v if not isinstance(v, float) or np.isfinite(v) else str(v)

        return {"ok": self.ok, "atol": self.atol, "rtol": self.rtol, "h": self.h,
                "rows": [{k: finite(v) for k, v in r.__dict__.items()} for r in self.rows]}


def gradcheck(analytic: Mapping[str, Any], numeric: Mapping[str, Any],
              atol: float = DEFAULT_ATOL, rtol: float = DEFAULT_RTOL,
              h: float = DEFAULT_H) -> GradCheck:
    """Return the comparison of analytic and numeric derivatives, entry by entry.

    Values may be numbers or arrays; an array ``W`` gives rows ``W[0,1]`` and so on.

    >>> gradcheck({"x": 1.0}, {"x": 1.5}).ok
    False
    """
    if set(analytic) != set(numeric):
        raise SymnnError("gradcheck: the analytic and numeric derivatives name different "
                         "parameters")
    rows = []
    for name in analytic:
        a = np.asarray(_floats(analytic[name]), dtype=np.float64)
        n = np.asarray(_floats(numeric[name]), dtype=np.float64)
        if a.shape != n.shape:
            raise SymnnError(f"gradcheck: {name} has shape {a.shape} analytically but "
                             f"{n.shape} numerically")
        for index in np.ndindex(a.shape):
            label = name if a.shape == () else f"{name}[{','.join(map(str, index))}]"
            av, nv = float(a[index]), float(n[index])
            error = abs(av - nv)
            rel = error / max(abs(av), abs(nv)) if max(abs(av), abs(nv)) > 0 else 0.0
            rows.append(CheckRow(label, av, nv, error, rel, error <= atol + rtol * abs(nv)))
    return GradCheck(tuple(rows), atol, rtol, h)


def _floats(value: Any) -> Any:
    if isinstance(value, sympy.MatrixBase):
        return [[float(v) for v in value.row(i)] for i in range(value.rows)]
    if isinstance(value, sympy.Basic):
        return float(value)
    return value


WORK_BITS = 200  # the central difference keeps about 60 digits after its cancellation
MAX_WORK_BITS = 1 << 14


def _float(v: values.Value, bits: int = WORK_BITS) -> tuple:
    """v rounded to a binary float of ``bits`` bits (an mpmath mpf)."""
    return libmpi.mpi_mid(v.box(bits), bits)


def _mpf(q: Fraction, bits: int = WORK_BITS) -> tuple:
    return from_rational(q.numerator, q.denominator, bits, round_nearest)


def _log2(x: tuple) -> int:
    """About log2 |x| of an mpf (very negative for 0)."""
    return -(1 << 20) if x == fzero else x[2] + x[3]


def _bits_for(fx: tuple, slope: tuple, h: Fraction) -> int:
    """Bits that keep :data:`WORK_BITS` of them in f(x + h) - f(x - h) ≈ 2h f'(x), whose
    leading digits cancel when h f' is small beside f (the slope is the symbolic f')."""
    change = _log2(slope) + _log2(_mpf(h))
    lost = max(0, _log2(fx) - max(change, -MAX_WORK_BITS))
    return min(MAX_WORK_BITS, WORK_BITS + lost)


def central_difference(f: Callable[[values.Value], values.Value], x: Any, h: Any) -> tuple:
    """Return (f(x + h) - f(x - h)) / 2h in floating point of about 60 digits (an mpf).

    f is computed at x ± h with Values (every digit certain), then the difference is taken in
    high-precision floating point: it is an approximation of the derivative by definition,
    so nothing about it needs to be exact, and no sign of a difference is ever asked.

    >>> from mpmath.libmp import to_str
    >>> to_str(central_difference(lambda v: v * v * v, 2, Fraction(1, 1000)), 12)
    '12.000001'
    """
    x, h = values.value(x), values.to_fraction(h)
    up, down = _float(f(x + h)), _float(f(x - h))
    return mpf_div(mpf_sub(up, down, WORK_BITS), _mpf(2 * h), WORK_BITS)


def _step(x: values.Value, h: Fraction) -> Fraction:
    """h relative to |x| (an absolute h at x = 0), so large and tiny values get a fair step."""
    return h * abs(x.exact) if x.exact not in (None, 0) else h


def _tolerance(n: tuple, atol: float, rtol: float) -> tuple:
    return mpf_add(from_float(atol), mpf_mul(from_float(rtol), mpf_abs(n), WORK_BITS),
                   WORK_BITS)


def _agrees(a: values.Value | tuple, n: tuple, atol: float, rtol: float) -> bool:
    """|a - n| <= atol + rtol |n|, for an mpf n and a Value (or an mpf) a.

    n is an approximation, so the test is decided on a's interval: yes when all of it is
    within the tolerance, no when none of it is; a's precision is raised until one holds.
    """
    tol = _tolerance(n, atol, rtol)
    if not isinstance(a, values.Value):
        return not mpf_lt(tol, mpf_abs(mpf_sub(a, n, WORK_BITS)))
    bits = WORK_BITS
    while True:
        distance = libmpi.mpi_abs(libmpi.mpi_sub(a.box(bits), (n, n), bits), bits)
        if not mpf_lt(tol, distance[1]):
            return True
        if mpf_lt(tol, distance[0]) or bits >= values.MAX_BITS:
            return False
        bits *= 2


def check_expression(expr: Expr, point: Mapping[str, Any], h: float | None = None,
                     atol: float = DEFAULT_ATOL, rtol: float = DEFAULT_RTOL) -> GradCheck:
    """Return the check of SymPy's partial derivatives of ``expr`` against central differences.

    The function is computed at x and x ± h with :mod:`symnn.values` (exact where rational,
    else to certain digits), and the differences in floating point with about 60 digits left
    after their cancellation, so no step overflows or loses digits to rounding, and no sign of
    a difference is ever asked.  The step is relative to each variable: h |x| (h at x = 0).
    Without ``h`` it starts at 1e-4 and shrinks a hundredfold at a time (to 1e-12) while the
    two sides disagree, so a pole near the point raises no false alarm; a given ``h`` is used
    as it is.  Where the one-sided differences stay apart the point is a kink (ReLU or step at
    0): the check then says so, and passes when the symbolic value is one of the one-sided
    derivatives (symnn's convention takes the left one, 0).

    >>> x, y = sympy.symbols("x y")
    >>> check_expression(x * y, {"x": 1, "y": 2}).ok
    True
    >>> row = check_expression(relu(x), {"x": 0}).rows[0]
    >>> row.ok, row.note
    (True, 'kink: one-sided derivatives 0 (left) and 1 (right); symnn takes 0')
    """
    point = by_name(point, "the point")
    names = list(point)
    missing = {s.name for s in expr.free_symbols} - set(names)
    if missing:
        raise SymnnError(f"no value given for {sorted(missing)[0]!r}")
    if h is not None:
        _check_h(h)
        if h >= 1:
            raise SymnnError(f"step size h is relative to |x| and must be below 1, got {h!r}")
    at = {sympy.Symbol(n): values.value(values.to_fraction(point[n])) for n in names}
    rows = []
    for symbol in at:
        analytic = arrays.from_expr(sympy.diff(expr, symbol), at)
        rows.append(_check_one(expr, at, symbol, analytic, h, atol, rtol))
    return GradCheck(tuple(rows), atol, rtol, h)


def _check_one(expr: Expr, at: dict, symbol: sympy.Symbol, analytic: values.Value,
               h: float | None, atol: float, rtol: float) -> CheckRow:
    x = at[symbol]

    def f(v: values.Value, bits: int) -> tuple:
        return _float(arrays.from_expr(expr, {**at, symbol: v}), bits)

    steps = [values.to_fraction(h)] if h is not None else \
        [Fraction(1, 10**k) for k in (4, 6, 8, 10, 12)]
    numeric = left = right = None
    for relative in steps:
        step = _step(x, relative)
        try:
            here = f(x, WORK_BITS)
            bits = _bits_for(here, _float(analytic), step)
            here, up, down = f(x, bits), f(x + step, bits), f(x - step, bits)
        except SymnnError:
            continue  # the step leaves the function's domain; try a smaller one
        h_mpf = _mpf(step, bits)
        numeric = mpf_div(mpf_sub(up, down, bits), mpf_add(h_mpf, h_mpf), WORK_BITS)
        left = mpf_div(mpf_sub(here, down, bits), h_mpf, WORK_BITS)
        right = mpf_div(mpf_sub(up, here, bits), h_mpf, WORK_BITS)
        if _agrees(analytic, numeric, atol, rtol):
            return _row(symbol.name, analytic, numeric, True, step)
    if numeric is None:
        raise SymnnError(f"d/d{symbol.name}: the function cannot be computed at any step "
                         "around the point")
    if not _agrees(left, right, atol, rtol):
        taken = left if _agrees(analytic, left, atol, rtol) else \
            right if _agrees(analytic, right, atol, rtol) else None
        note = (f"kink: one-sided derivatives {_text(left, 10)} (left) and "
                f"{_text(right, 10)} (right); " +
                (f"symnn takes {_text(taken, 10)}" if taken is not None else
                 f"the symbolic value {analytic.decimal()} is neither"))
        return _row(symbol.name, analytic, numeric, taken is not None, step, note)
    return _row(symbol.name, analytic, numeric, False, step)


def _text(x: tuple, digits: int) -> str:
    return intervals.text(x, digits) if x != fzero else "0"


def _row(name: str, analytic: values.Value, numeric: tuple, ok: bool, h: Fraction,
         note: str = "") -> CheckRow:
    a = _float(analytic)
    error = mpf_abs(mpf_sub(a, numeric, WORK_BITS))
    scale = max(abs(to_float(a)), abs(to_float(numeric)))
    relative = to_float(error) / scale if scale > 0 else 0.0
    step = values.value(h)
    return CheckRow(name, float(analytic), to_float(numeric), to_float(error),
                    relative if math.isfinite(relative) else 0.0, ok, float(step), note,
                    _text(numeric, 10), _text(error, 2), step.decimal(3))
