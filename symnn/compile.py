"""Compile a network into NumPy: forward pass, loss and gradients on batches of rows.

The layer rules are derived in matrix form and checked against the per-scalar derivation
(:func:`verify_matrix_rules`); the compiled code is then built by ``sympy.lambdify`` from those
rules, so the gradient of a whole network is a handful of matrix products per layer:

    dA_k = dZ_k ∘ h'(A_k)      dW_k = Z_(k-1)^T dA_k      db_k = column sums of dA_k
    dZ_(k-1) = dA_k W_k^T      dZ_L = (Y - T)/N for softmax with cross-entropy

>>> import numpy as np
>>> from symnn.network import Layer, Network
>>> model = compile(Network([Layer([[1.0, -1.0]], [0, 0], "sigmoid")]), loss="mse")
>>> model.forward(np.array([[0.0]]))
array([[0.5, 0.5]])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sympy
from sympy import MatrixSymbol, Symbol

from symnn.activations import NUMPY, numpy_log_softmax, numpy_softmax, softmax
from symnn.activations import activation as activation_named
from symnn.errors import SymnnError, TrainingError
from symnn.losses import loss as loss_named
from symnn.losses import softmax_cross_entropy_gradient
from symnn.network import Network
from symnn.spec import Spec, load_spec

N = Symbol("N", integer=True, positive=True)


KERNELS: dict[str, Callable[..., Any]] = {
    "addrow": lambda M, b: M + b,
    "colsum": lambda M: M.sum(axis=0, keepdims=True),
    "rowsum": lambda M: M.sum(axis=1, keepdims=True),
    "softmax": numpy_softmax,
    "log_softmax": numpy_log_softmax,
}
_addrow, _colsum, _rowsum = (sympy.Function(n) for n in ("addrow", "colsum", "rowsum"))


def _lambdify(args: list, expr: Any) -> Callable[..., Any]:
    return sympy.lambdify(args, expr, modules=[KERNELS, "numpy"], cse=True)


def activation_derivative(name: str) -> sympy.Expr:
    """Return h'(a) written with z = h(a) where possible, as SymPy derives it.

    >>> activation_derivative("sigmoid"), activation_derivative("relu")
    (z*(1 - z), step(a))
    """
    a, z = sympy.symbols("a z")
    h = activation_named(name)
    return sympy.factor_terms(sympy.diff(h(a), a).subs(h(a), z)) if name != "identity" \
        else sympy.S.One


def output_gradient(loss: str, output: str) -> sympy.Expr:
    """Return dL/dz of one entry of the last layer, per scalar, for the batch loss.

    ``y`` is the output, ``t`` the target, ``N`` the rows and ``K`` the columns.

    >>> output_gradient("mse", "identity"), output_gradient("cross_entropy", "softmax")
    ((-2*t + 2*y)/(K*N), (-t + y)/N)
    """
    y, t, K = sympy.symbols("y t K")
    if output == "softmax" and loss == "cross_entropy":
        g = softmax_cross_entropy_gradient(2)
        # Derived once for symbolic logits: (y - t) per row; the batch loss divides by N.
        per_row = g.reduced[0].subs({sympy.exp(g.logits[0]) / sum(sympy.exp(v) for v in
                                                                   g.logits): y,
                                     g.targets[0]: t})
        return per_row / N
    terms = {"mse": (y - t) ** 2 / (N * K), "half_sse": (y - t) ** 2 / (2 * N),
             "cross_entropy": -t * sympy.log(y) / N}
    if loss not in terms:
        loss_named(loss)
    return sympy.diff(terms[loss], y)


def _grad(L: Any, M: sympy.Matrix) -> sympy.Matrix:
    """dL/dM entry by entry: the per-scalar derivation the matrix rules must equal."""
    return M.applyfunc(lambda v: sympy.diff(L, v))


def verify_matrix_rules(max_size: int = 3) -> dict[str, bool]:
    """Return, for each matrix-form rule, whether it equals the per-scalar derivation for every
    size N x n x m up to ``max_size``.

    >>> all(verify_matrix_rules(2).values())
    True
    """
    results: dict[str, bool] = {}
    for rows in range(1, max_size + 1):
        for n in range(1, max_size + 1):
            for m in range(1, max_size + 1):
                X = sympy.Matrix(rows, n, lambda i, j: Symbol(f"x{i}{j}"))
                W = sympy.Matrix(n, m, lambda i, j: Symbol(f"w{i}{j}"))
                b = sympy.Matrix(1, m, lambda i, j: Symbol(f"b{j}"))
                G = sympy.Matrix(rows, m, lambda i, j: Symbol(f"g{i}{j}"))
                Y = X * W + sympy.ones(rows, 1) * b
                L = sum(G.multiply_elementwise(Y))
                dX, dW, db = _grad(L, X), _grad(L, W), _grad(L, b)
                ok = (dX == G * W.T and dW == X.T * G and db == sympy.ones(1, rows) * G)
                results["affine"] = results.get("affine", True) and ok
    for name in ("sigmoid", "relu", "tanh", "identity", "step"):
        h = activation_named(name)
        for rows in range(1, max_size + 1):
            for m in range(1, max_size + 1):
                A = sympy.Matrix(rows, m, lambda i, j: Symbol(f"a{i}{j}"))
                G = sympy.Matrix(rows, m, lambda i, j: Symbol(f"g{i}{j}"))
                Z = h(A)
                L = sum(G.multiply_elementwise(Z))
                d = activation_derivative(name)
                ok = all(sympy.simplify(sympy.diff(L, A[i, j]) - G[i, j] * d.subs(
                    {Symbol("a"): A[i, j], Symbol("z"): Z[i, j]})) == 0
                    for i in range(rows) for j in range(m))
                results[name] = results.get(name, True) and ok
    for loss, output in (("mse", "identity"), ("half_sse", "identity"),
                         ("cross_entropy", "identity"), ("cross_entropy", "softmax")):
        rule = output_gradient(loss, output)
        for rows in range(1, max_size + 1):
            for m in range(2 if output == "softmax" else 1, max_size + 1):
                Zs = sympy.Matrix(rows, m, lambda i, j: Symbol(f"z{i}{j}", real=True))
                T = sympy.Matrix(rows, m, lambda i, j: Symbol(f"t{i}{j}", positive=True))
                Y = softmax(Zs) if output == "softmax" else Zs
                L = loss_named(loss)(Y, T)
                last = {T[i, m - 1]: 1 - sum(T[i, j] for j in range(m - 1)) for i in range(rows)}
                ok = True
                for i in range(rows):
                    for j in range(m):
                        want = rule.subs({Symbol("y"): Y[i, j], Symbol("t"): T[i, j], N: rows,
                                          Symbol("K"): m})
                        diff = sympy.diff(L, Zs[i, j]) - want
                        if output == "softmax":
                            diff = diff.subs(last)
                        ok = ok and sympy.simplify(diff) == 0
                results[f"{output}+{loss}"] = results.get(f"{output}+{loss}", True) and ok
    return results


@dataclass
class _LayerCode:
    activation: str
    forward: Callable[..., Any]
    derivative: Callable[..., Any]
    weights: Callable[..., Any]
    bias: Callable[..., Any]
    previous: Callable[..., Any]


@dataclass
class Model:
    """A network compiled to NumPy, with float64 parameters ``W1``, ``b1``, ... it owns."""

    activations: list[str]
    output: str
    loss_name: str
    parameters: dict[str, np.ndarray]
    code: list[_LayerCode] = field(repr=False, default_factory=list)
    output_rule: Callable[..., Any] | None = field(repr=False, default=None)

    def __post_init__(self) -> None:
        self._shape = (self.parameters["W1"].shape[0],
                       *(self.parameters[f"W{k}"].shape[1]
                         for k in range(1, len(self.activations) + 1)))

    @property
    def shape(self) -> tuple[int, ...]:
        """Return the widths: inputs, then each layer's outputs."""
        return self._shape

    def _inputs(self, X: Any) -> np.ndarray:
        return as_rows(X, self.shape[0], "X")

    def _targets(self, T: Any, rows: int) -> np.ndarray:
        T = as_rows(T, self.shape[-1], "T")
        if T.shape[0] != rows:
            raise TrainingError(f"T has {T.shape[0]} rows but X has {rows}")
        return T

    def _forward(self, X: np.ndarray) -> list[np.ndarray]:
        Z = [X]
        for k, c in enumerate(self.code, start=1):
            A = c.forward(Z[-1], self.parameters[f"W{k}"], self.parameters[f"b{k}"])
            Z.extend([A, _apply(c.activation, A)])
        return Z

    def forward(self, X: Any) -> np.ndarray:
        """Return the network's output for the rows of X (softmax applied if it is the output)."""
        last = self._forward(self._inputs(X))[-1]
        return numpy_softmax(last) if self.output == "softmax" else last

    def loss(self, X: Any, T: Any) -> float:
        """Return the batch loss (averaged over the rows, as in symnn.losses)."""
        X = self._inputs(X)
        T = self._targets(T, X.shape[0])
        last = self._forward(X)[-1]
        if self.output == "softmax" and self.loss_name == "cross_entropy":
            return float(-(T * numpy_log_softmax(last)).sum() / X.shape[0])
        Y = numpy_softmax(last) if self.output == "softmax" else last
        if self.loss_name == "mse":
            return float(((Y - T) ** 2).mean())
        if self.loss_name == "half_sse":
            return float(((Y - T) ** 2).sum() / (2 * X.shape[0]))
        with np.errstate(divide="ignore"):
            return float(-(T * np.log(Y)).sum() / X.shape[0])

    def gradients(self, X: Any, T: Any) -> dict[str, np.ndarray]:
        """Return dL/dW and dL/db of every layer, in the parameters' shapes."""
        X = self._inputs(X)
        T = self._targets(T, X.shape[0])
        Z = self._forward(X)
        rows, cols = T.shape
        last = Z[-1]
        if self.output == "softmax":
            Y = numpy_softmax(last)
            if self.loss_name == "cross_entropy":
                # y·Σt - t: the general rule; y - t only where every target row sums to 1.
                dZ = (Y * T.sum(axis=1, keepdims=True) - T) / rows
            else:
                dY = self._output_gradient(Y, T, rows, cols)
                dZ = Y * (dY - (dY * Y).sum(axis=1, keepdims=True))
        else:
            dZ = self._output_gradient(last, T, rows, cols)
        grads: dict[str, np.ndarray] = {}
        for k in range(len(self.code), 0, -1):
            c = self.code[k - 1]
            A, Zk, previous = Z[2 * k - 1], Z[2 * k], Z[2 * k - 2]
            dA = dZ * c.derivative(A, Zk)
            grads[f"W{k}"] = c.weights(previous, dA)
            grads[f"b{k}"] = c.bias(dA).reshape(-1)
            if k > 1:
                dZ = c.previous(dA, self.parameters[f"W{k}"])
        return {name: grads[name] for name in self.parameters}

    def _output_gradient(self, Y: np.ndarray, T: np.ndarray, rows: int, cols: int
                         ) -> np.ndarray:
        dY = self.output_rule(Y, T, rows, cols)
        return dY if getattr(dY, "shape", None) == Y.shape else np.broadcast_to(dY, Y.shape)

    def predict(self, X: Any) -> np.ndarray:
        """Return the index of the largest output of each row."""
        return self.forward(X).argmax(axis=1)

    def accuracy(self, X: Any, T: Any) -> float:
        """Return the share of rows whose largest output is the target's largest entry."""
        X = self._inputs(X)
        T = self._targets(T, X.shape[0])
        if T.shape[1] == 1:
            return float(((self.forward(X) > 0.5) == (T > 0.5)).mean())
        return float((self.predict(X) == T.argmax(axis=1)).mean())


def _apply(name: str, A: np.ndarray) -> np.ndarray:
    return NUMPY[name](A)


def as_rows(value: Any, columns: int, name: str) -> np.ndarray:
    """Return ``value`` as a float64 array of rows with ``columns`` columns, or a clear error."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TrainingError(f"{name} is not an array of numbers") from None
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2:
        raise TrainingError(f"{name} must be one row or a 2-D array of rows, got {array.ndim}-D")
    if array.shape[1] != columns:
        raise TrainingError(f"{name} has {array.shape[1]} columns but the network needs "
                            f"{columns}")
    # The sum is NaN or infinite when any entry is; only then look for where (cheaper per call).
    if not np.isfinite(array.sum()) and not np.isfinite(array).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise TrainingError(f"{name} has a NaN or infinite value at row {bad[0]}, "
                            f"column {bad[1]}")
    return array


def _layer_code(activation: str, n_in: int, n_out: int) -> _LayerCode:
    Zp = MatrixSymbol("Z", N, n_in)
    W = MatrixSymbol("W", n_in, n_out)
    b = MatrixSymbol("b", 1, n_out)
    dA = MatrixSymbol("dA", N, n_out)
    a, z = sympy.symbols("a z")
    forward = _lambdify([Zp, W, b], _addrow(Zp * W, b))
    derivative = _lambdify([a, z], activation_derivative(activation))
    weights = _lambdify([Zp, dA], Zp.T * dA)
    bias = _lambdify([dA], _colsum(dA))
    previous = _lambdify([dA, W], dA * W.T)
    return _LayerCode(activation, forward, derivative, weights, bias, previous)


def compile(source: Any, loss: str | None = None) -> Model:  # noqa: A001 (symnn.compile)
    """Return a NumPy model of a spec path, a parsed :class:`Spec` or a :class:`Network`.

    The loss is the spec's (or ``loss``; default ``mse``).
    """
    if isinstance(source, (str, Path)):
        source = load_spec(source)
    if isinstance(source, Spec):
        network, loss = source.network, loss or source.loss
    elif isinstance(source, Network):
        network = source
    else:
        raise SymnnError(f"compile takes a spec path, a Spec or a Network, not "
                         f"{type(source).__name__}")
    loss = loss or "mse"
    loss_named(loss)
    params: dict[str, np.ndarray] = {}
    code = []
    for k, layer in enumerate(network.layers, start=1):
        params[f"W{k}"], params[f"b{k}"] = layer.floats()
        code.append(_layer_code(layer.activation, layer.inputs, layer.outputs))
    y, t, K = sympy.symbols("y t K")
    rule = sympy.lambdify([y, t, N, K], output_gradient(loss, network.output), modules="numpy")
    return Model([layer.activation for layer in network.layers], network.output, loss, params,
                 code, rule)
