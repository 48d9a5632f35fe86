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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from sympy import Expr

from symnn.activations import relu, sigmoid  # noqa: F401  (doctests)
from symnn.errors import SymnnError

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


def stable_sigmoid(x: Any) -> Any:
    """Return 1/(1 + exp(-x)), finite and silent for any x.

    For x below about -709, exp(-x) overflows to inf and 1/(1 + inf) is exactly 0.0, the
    right limit; the overflow is expected, so its warning is switched off here.

    >>> float(stable_sigmoid(-1000.0)), float(stable_sigmoid(0.0)), float(stable_sigmoid(1e4))
    (0.0, 0.5, 1.0)
    """
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


NUMPY_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sigmoid": stable_sigmoid,
    "relu": lambda x: np.maximum(x, 0.0),
    # The lecture's step: 1 for x > 0, else 0 (so 0 at the kink).
    "step": lambda x: np.greater(x, 0.0).astype(np.float64),
}


def float_function(expr: Any, symbols: Any) -> Callable[..., Any]:
    """Return ``expr`` compiled by ``lambdify`` into a NumPy function of ``symbols``.

    symnn's own functions map to :data:`NUMPY_FUNCTIONS` (stable sigmoid, ReLU, step).

    >>> z = sympy.Symbol("z")
    >>> round(float(float_function(sigmoid(z) + relu(z), [z])(2.0)), 10)
    2.880797078
    """
    return sympy.lambdify(symbols, expr, modules=[NUMPY_FUNCTIONS, "numpy"], cse=True)


@dataclass(frozen=True)
class CheckRow:
    """One parameter's comparison: analytic and numeric derivative and their errors."""

    name: str
    analytic: float
    numeric: float
    abs_error: float
    rel_error: float
    ok: bool


@dataclass(frozen=True)
class GradCheck:
    """A gradient check: one row a parameter; passes when every |a - n| <= atol + rtol |n|."""

    rows: tuple[CheckRow, ...]
    atol: float
    rtol: float
    h: float

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
        lines.append(f"{verdict} (atol {self.atol:g}, rtol {self.rtol:g}, h {self.h:g})")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the check as JSON data."""
        return {"ok": self.ok, "atol": self.atol, "rtol": self.rtol, "h": self.h,
                "rows": [r.__dict__ for r in self.rows]}


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


def check_expression(expr: Expr, point: Mapping[str, Any], h: float = DEFAULT_H,
                     atol: float = DEFAULT_ATOL, rtol: float = DEFAULT_RTOL) -> GradCheck:
    """Return the check of SymPy's partial derivatives of ``expr`` against central differences.

    >>> x, y = sympy.symbols("x y")
    >>> print(check_expression(x * y, {"x": 1, "y": 2}).ok)
    True
    """
    names = list(point)
    missing = {s.name for s in expr.free_symbols} - set(names)
    if missing:
        raise SymnnError(f"no value given for {sorted(missing)[0]!r}")
    f = float_function(expr, [sympy.Symbol(n) for n in names])
    base = [float(point[n]) for n in names]
    analytic, numeric = {}, {}
    for i, name in enumerate(names):
        derivative = sympy.diff(expr, sympy.Symbol(name))
        analytic[name] = float(sympy.N(derivative.subs({sympy.Symbol(n): sympy.sympify(point[n])
                                                        for n in names})))

        def along(v: float, i: int = i) -> float:
            args = list(base)
            args[i] = v
            return f(*args)

        numeric[name] = numerical_derivative(along, base[i], h)
    return gradcheck(analytic, numeric, atol, rtol, h)
