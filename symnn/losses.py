"""Loss functions of the lecture, their gradients with respect to the output, and why
softmax followed by cross-entropy, and the sigmoid followed by binary cross-entropy, have the
gradient y - t.

For a batch (one sample a row), ``mse`` averages over every entry, as the lecture's 1/n does,
and ``half_sse`` and ``cross_entropy`` average their per-row sums over the rows;
``binary_cross_entropy`` averages over every entry, as PyTorch's ``BCELoss`` does.

>>> y, t = Matrix([[sympy.Rational(1, 10), sympy.Rational(9, 10)]]), Matrix([[0, 1]])
>>> mse(y, t), half_sse(y, t)
(1/100, 1/100)
>>> cross_entropy(y, t)
-log(9/10)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import sympy
from sympy import Expr, Matrix, MatrixBase, log

from symnn.activations import log_of, softmax
from symnn.errors import SymnnError, did_you_mean
from symnn.numbers import no_strings


def _row(v: Any) -> Matrix | np.ndarray:
    if isinstance(v, MatrixBase):
        return v
    if isinstance(v, np.ndarray):
        return v.reshape(1, -1) if v.ndim == 1 else v
    if hasattr(v, "__symnn_function__"):  # one Value: a 1x1 array, never a SymPy Float
        row = np.empty((1, 1), dtype=object)
        row[0, 0] = v
        return row
    if isinstance(v, (list, tuple)):
        return Matrix([list(v)])
    return Matrix([[v]])


def _pair(y: Any, t: Any) -> tuple[Any, Any, int]:
    """y and t as matrices (or 2-D arrays) of one shape, and their number of rows."""
    y, t = _row(no_strings(y, "loss")), _row(no_strings(t, "loss"))
    if y.shape != t.shape:
        raise SymnnError(f"loss: output has shape {y.shape} but target has shape {t.shape}")
    return y, t, y.shape[0]


def _entries(m: Any) -> list:
    return list(m.ravel()) if isinstance(m, np.ndarray) else list(m)


def _total(terms: list) -> Any:
    """Sum the terms in order; no terms sum to SymPy's exact 0 (never a Python float)."""
    out = sympy.S.Zero
    for term in terms:
        out = term if out is sympy.S.Zero else out + term
    return out


def mse(y: Any, t: Any) -> Expr:
    """Return the mean squared error (1/n) sum_k (y_k - t_k)**2, as the lecture writes it.

    >>> mse(Matrix([[1, 2]]), Matrix([[0, 0]]))
    5/2
    """
    y, t, _ = _pair(y, t)
    ys, ts = _entries(y), _entries(t)
    return _total([(yk - tk) ** 2 for yk, tk in zip(ys, ts)]) / len(ys)


def half_sse(y: Any, t: Any) -> Expr:
    """Return half the sum of squared errors 1/2 sum_k (y_k - t_k)**2 (per row, averaged).

    >>> half_sse(Matrix([[1, 2]]), Matrix([[0, 0]]))
    5/2
    """
    y, t, rows = _pair(y, t)
    return _total([(yk - tk) ** 2 for yk, tk in zip(_entries(y), _entries(t))]) / (2 * rows)


def cross_entropy(y: Any, t: Any) -> Expr:
    """Return the cross-entropy -sum_k t_k log y_k (per row, averaged over the rows).

    Entries with t_k = 0 add nothing (0 log 0 counts as 0), so a target of all zeros gives 0.

    >>> cross_entropy(Matrix([[sympy.Rational(1, 2), sympy.Rational(1, 2)]]), Matrix([[0, 1]]))
    log(2)
    >>> cross_entropy(Matrix([[1, 0]]), Matrix([[0, 0]]))
    0
    """
    y, t, rows = _pair(y, t)
    terms = [tk * log_of(yk) for yk, tk in zip(_entries(y), _entries(t)) if tk != 0]
    return -_total(terms) / rows


def binary_cross_entropy(y: Any, t: Any) -> Expr:
    """Return the binary cross-entropy -(1/n) sum_k [t_k log y_k + (1 - t_k) log(1 - y_k)],
    the mean over every entry (as PyTorch's ``BCELoss``); each y_k is a probability.

    A term whose weight is 0 adds nothing (0 log 0 counts as 0), so t = 1 needs no log(1 - y).

    >>> binary_cross_entropy(Matrix([[sympy.Rational(1, 4)]]), Matrix([[1]]))
    log(4)
    >>> y, t = sympy.symbols("y t")
    >>> binary_cross_entropy(Matrix([[y]]), Matrix([[t]]))
    -t*log(y) - (1 - t)*log(1 - y)
    """
    y, t, _ = _pair(y, t)
    ys, ts = _entries(y), _entries(t)
    terms = []
    for yk, tk in zip(ys, ts):
        if tk != 0:
            terms.append(tk * log_of(yk))
        if tk != 1:
            terms.append((1 - tk) * log_of(1 - yk))
    return -_total(terms) / len(ys)


LOSSES: dict[str, Callable[[Any, Any], Expr]] = {
    "mse": mse,
    "half_sse": half_sse,
    "cross_entropy": cross_entropy,
    "binary_cross_entropy": binary_cross_entropy,
}


def loss(name: str, where: str = "loss") -> Callable[[Any, Any], Expr]:
    """Return the loss called ``name``, or raise an error that suggests close names.

    >>> loss("mse") is mse
    True
    """
    if not isinstance(name, str):
        raise SymnnError(f"{where}: expected the name of a loss (a string), "
                         f"got {type(name).__name__}")
    if name in LOSSES:
        return LOSSES[name]
    raise SymnnError(f"{where}: unknown loss {name!r}{did_you_mean(name, LOSSES)}")


def loss_gradient(L: Callable[[Any, Any], Expr], y: Any, t: Any) -> Matrix:
    """Return dL/dy at (y, t), in y's shape, differentiated by SymPy over symbols for y.

    >>> loss_gradient(mse, Matrix([[1, 2]]), Matrix([[0, 0]]))
    Matrix([[1, 2]])
    >>> y1, y2, t1, t2 = sympy.symbols("y1 y2 t1 t2")
    >>> loss_gradient(cross_entropy, Matrix([[y1, y2]]), Matrix([[t1, t2]]))
    Matrix([[-t1/y1, -t2/y2]])
    """
    y, t, _ = _pair(y, t)
    free = Matrix(y.rows, y.cols, sympy.symbols(f"_y:{len(y)}"))
    value = L(free, t)
    grad = free.applyfunc(lambda s: sympy.diff(value, s))
    return grad.subs(dict(zip(free, y)))


ROWS, COLUMNS = sympy.Symbol("N", integer=True, positive=True), sympy.Symbol("K")
ENTRY, TARGET = sympy.symbols("y t")


@lru_cache
def entry_gradient(name: str) -> Expr:
    """Return dL/dy for one entry y (target t) of a batch of N rows and K columns, as SymPy
    differentiates that entry's term of the loss ``name``.

    >>> entry_gradient("mse"), entry_gradient("half_sse"), entry_gradient("cross_entropy")
    ((-2*t + 2*y)/(K*N), (-t + y)/N, -t/(N*y))
    >>> entry_gradient("binary_cross_entropy")
    (t - y)/(K*N*y**2 - K*N*y)
    """
    y, t, N, K = ENTRY, TARGET, ROWS, COLUMNS
    terms = {"mse": (y - t) ** 2 / (N * K), "half_sse": (y - t) ** 2 / (2 * N),
             "cross_entropy": -t * log(y) / N,
             "binary_cross_entropy": -(t * log(y) + (1 - t) * log(1 - y)) / (N * K)}
    if name not in terms:
        loss(name)
    return sympy.cancel(sympy.diff(terms[name], y))


@dataclass(frozen=True)
class LogitGradient:
    """How dL/da for L = cross_entropy(softmax(a), t) (or binary_cross_entropy(sigmoid(a), t))
    reduces to y - t.

    ``raw`` is SymPy's derivative; ``reduced`` is the same after using what it needs: for the
    softmax that sum_k t_k = 1, for the sigmoid nothing at all (``assumes`` says which).
    """

    logits: Matrix
    targets: Matrix
    raw: Matrix
    reduced: Matrix
    assumes: str = "every target row sums to 1"


def softmax_cross_entropy_gradient(n: int = 3) -> LogitGradient:
    """Return the derivation that d/da cross_entropy(softmax(a), t) = softmax(a) - t.

    SymPy differentiates the composed loss; substituting t_n = 1 - (t_1 + ... + t_{n-1}) (the
    target is a probability distribution) then leaves exactly y - t, which is checked.

    >>> g = softmax_cross_entropy_gradient(2)
    >>> g.reduced == softmax(g.logits) - g.targets
    True
    """
    if n < 2:
        raise SymnnError(f"softmax needs at least 2 outputs, got n = {n}")
    a = Matrix([sympy.symbols(f"a1:{n + 1}", real=True)])
    t = Matrix([sympy.symbols(f"t1:{n + 1}", real=True)])
    y = softmax(a)
    L = -sum(tk * log(yk) for yk, tk in zip(y, t))
    raw = Matrix([[sympy.diff(L, ai) for ai in a]])
    last = {t[n - 1]: 1 - sum(t[:n - 1])}
    expected = y - t
    for r, e in zip(raw, expected):
        if sympy.simplify((r - e).subs(last)) != 0:
            raise SymnnError("SymPy could not reduce the softmax cross-entropy gradient")
    return LogitGradient(a, t, raw, expected)




def sigmoid_binary_cross_entropy_gradient() -> LogitGradient:
    """Return the derivation that d/da binary_cross_entropy(sigmoid(a), t) = sigmoid(a) - t
    for ANY real t, not only t in {0, 1} or [0, 1].

    With y = sigmoid(a), dy/da = y(1 - y), and the loss -[t log y + (1 - t) log(1 - y)] has
    dL/dy = -t/y + (1 - t)/(1 - y); their product is -t(1 - y) + (1 - t) y = y - t. SymPy
    differentiates the composed loss for a real symbol t with no other assumption and the
    difference from y - t simplifies to 0, which is checked.

    >>> g = sigmoid_binary_cross_entropy_gradient()
    >>> g.reduced, g.assumes
    (Matrix([[-t + sigmoid(a)]]), 'nothing about t')
    """
    from symnn.activations import sigmoid

    a, t = sympy.Symbol("a", real=True), sympy.Symbol("t", real=True)
    y = sigmoid(a)
    L = -(t * log(y) + (1 - t) * log(1 - y))
    raw = sympy.diff(L, a)
    expected = y - t
    if sympy.simplify(raw - expected) != 0 or \
            sympy.simplify((raw - expected).rewrite(sympy.exp)) != 0:
        raise SymnnError("SymPy could not reduce the sigmoid binary cross-entropy gradient")
    return LogitGradient(Matrix([[a]]), Matrix([[t]]), Matrix([[raw]]), Matrix([[expected]]),
                         "nothing about t")
