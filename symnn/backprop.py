"""Backpropagation through a whole network, reverse mode over symbols for every intermediate.

Each layer k gets symbols for its sums a^(k), activations z^(k), the derivative g^(k) = dL/dz^(k)
and the error term delta^(k) = dL/da^(k).  Every gradient is then a short expression in those
symbols (dL/dW^(k)_ij = z^(k-1)_i delta^(k)_j), so the whole derivation grows linearly with the
network; :meth:`Backprop.expanded` substitutes everything back on request.

Symbol names are 1-based like the lecture's: ``W2_3_1`` is w^(2)_31, ``delta1_2`` is
delta^(1)_2; in a batch, ``a1_2[3]`` is a^(1)_2 of sample 3.

>>> from symnn.spec import parse_spec
>>> spec = parse_spec({"input": [1], "target": [1], "loss": "half_sse",
...                    "layer": [{"W": [[2]], "b": [0], "activation": "identity"}]})
>>> bp = backprop(spec)
>>> bp.gradients["W1"], bp.values()["W1"]
(Matrix([[delta1_1*x_1]]), Matrix([[1]]))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy
from sympy import Expr, Matrix, Symbol

from symnn import arrays, values
from symnn.activations import activation as activation_named
from symnn.activations import kind, leaky_slope, sigmoid, softmax, step
from symnn.display import Displayable
from symnn.errors import NumberError, SpecError
from symnn.losses import COLUMNS, ENTRY, ROWS, TARGET, entry_gradient, loss_gradient
from symnn.losses import loss as loss_named
from symnn.network import ForwardPass, Network
from symnn.numbers import exact, exact_matrix
from symnn.numeric import (
    DEFAULT_ATOL,
    DEFAULT_H,
    DEFAULT_RTOL,
    GradCheck,
    float_function,
    gradcheck,
    numerical_gradient,
)
from symnn.spec import Spec


def _symbols(prefix: str, rows: int, cols: int) -> Matrix:
    if rows == 1:
        return Matrix(1, cols, lambda s, j: Symbol(f"{prefix}_{j + 1}"))
    return Matrix(rows, cols, lambda s, j: Symbol(f"{prefix}_{j + 1}[{s + 1}]"))


def _local(activation: str, a: Expr, z: Expr) -> Expr:
    """h'(a), written with the output z where the lecture does: sigmoid' = z(1 - z)."""
    slope = leaky_slope(activation)
    return {
        "sigmoid": lambda: z * (1 - z),
        "tanh": lambda: 1 - z**2,
        "relu": lambda: step(a),
        "leaky_relu": lambda: step(a) + slope * (1 - step(a)),
        "step": lambda: sympy.S.Zero,
        "identity": lambda: sympy.S.One,
    }[kind(activation)]()


@dataclass(frozen=True)
class Backprop:
    """The reverse-mode derivation for one network, input and target.

    ``definitions`` lists (symbol, expression) in the order they are computed, forward then
    backward; each expression uses only parameters, inputs, targets and earlier symbols.
    ``gradients`` maps "W1", "b1", ... to matrices of expressions in those symbols.
    """

    network: Network
    parameters: dict[str, Matrix]
    point: dict[Symbol, Expr]
    definitions: tuple[tuple[Symbol, Expr], ...]
    loss: Expr
    gradients: dict[str, Matrix]
    spec: Spec

    def values(self, digits: int | None = None) -> dict[str, Matrix]:
        """Return every gradient's value at the spec's weights, input and target.

        Exact by default; with ``digits``, as Floats of that many digits.  The numbers come
        from one backward pass over Values (:func:`backward`), not from substituting into the
        symbolic gradients.
        """
        forward = self.network.forward(self.spec.input)
        back = backward(self.network, forward, self.spec.target, self.spec.loss)
        return {name: _matrix(g, digits) for name, g in back.gradients.items()}

    def loss_value(self, digits: int | None = None) -> Expr:
        """Return the loss's value, exact or (with ``digits``) as a Float."""
        forward = self.network.forward(self.spec.input)
        return _matrix(np.array([[self.spec.loss_value(forward.y)]], dtype=object), digits)[0]

    def expanded(self, name: str) -> Matrix:
        """Return the gradient ``name`` written out in parameters, inputs and targets only.

        Fine for small networks and slides; its size grows fast with the network, which is
        the point of keeping the intermediate symbols.
        """
        if name not in self.gradients:
            raise SpecError(f"no parameter {name!r} (the parameters are "
                            f"{', '.join(self.gradients)})")
        expr = self.gradients[name]
        for symbol, expression in reversed(self.definitions):
            expr = expr.xreplace({symbol: expression})
        return expr

    def loss_in_parameters(self) -> Expr:
        """Return the loss written out in parameters (inputs and targets at their values)."""
        expr = self.loss
        for symbol, expression in reversed(self.definitions):
            expr = expr.xreplace({symbol: expression})
        fixed = {s: v for s, v in self.point.items() if not _is_parameter(s)}
        return expr.xreplace(fixed)

    def check(self, h: float = DEFAULT_H, atol: float = DEFAULT_ATOL,
              rtol: float = DEFAULT_RTOL) -> GradCheck:
        """Return every gradient compared with central differences of the loss, entry by entry.

        The numeric side never uses SymPy's derivatives: it evaluates the loss in float64 at
        each parameter moved by +h and -h.
        """
        names = list(self.parameters)
        flat = [s for n in names for s in self.parameters[n]]
        f = float_function(self.loss_in_parameters(), [flat])
        start = [float(self.point[s]) for s in flat]
        numeric_flat = numerical_gradient(lambda p: float(f(p)), start, h)
        numeric, analytic, offset = {}, {}, 0
        values = self.values(digits=20)
        for n in names:
            shape = self.parameters[n].shape
            size = shape[0] * shape[1]
            # Biases are vectors: b1[2], not b1[0,2].
            flat_shape = (size,) if n.startswith("b") else shape
            numeric[n] = numeric_flat[offset:offset + size].reshape(flat_shape)
            analytic[n] = [float(v) for v in values[n]] if n.startswith("b") else values[n]
            offset += size
        return gradcheck(analytic, numeric, atol, rtol, h)

    def size(self) -> int:
        """Return the number of operations in all gradients and the definitions they use."""
        return sum(sympy.count_ops(e) for _, e in self.definitions) + \
            sum(sympy.count_ops(g) for g in self.gradients.values())


def _is_parameter(symbol: Symbol) -> bool:
    return symbol.name[0] in "Wb"


def parameter_symbols(network: Network) -> dict[str, Matrix]:
    """Return symbol matrices W1, b1, W2, ... in the parameters' shapes.

    >>> from symnn.network import Layer
    >>> parameter_symbols(Network([Layer([[1, 2]], [0, 0], "relu")]))["W1"]
    Matrix([[W1_1_1, W1_1_2]])
    """
    out = {}
    for k, layer in enumerate(network.layers, start=1):
        out[f"W{k}"] = Matrix(layer.W.rows, layer.W.cols,
                              lambda i, j, k=k: Symbol(f"W{k}_{i + 1}_{j + 1}"))
        out[f"b{k}"] = _symbols(f"b{k}", 1, layer.W.cols)
    return out


def backprop(spec: Spec) -> Backprop:
    """Return the reverse-mode derivation of every dL/dW and dL/db for the spec's target.

    >>> from symnn.spec import parse_spec
    >>> spec = parse_spec({"input": [1, 2], "target": [1], "loss": "mse",
    ...     "layer": [{"W": [[1], [1]], "b": [0], "activation": "relu"}]})
    >>> backprop(spec).values()["W1"]
    Matrix([
    [4],
    [8]])
    """
    if spec.target is None:
        raise SpecError("backpropagation needs a target (and a loss)", source=spec.source)
    network = spec.network
    params = parameter_symbols(network)
    N = spec.input.rows
    X = _symbols("x", N, spec.input.cols)
    T = _symbols("t", N, spec.target.cols)
    point: dict[Symbol, Expr] = {}
    for symbols, given in [(X, spec.input), (T, spec.target)]:
        point.update(zip(symbols, given))
    for k, layer in enumerate(network.layers, start=1):
        point.update(zip(params[f"W{k}"], layer.W))
        point.update(zip(params[f"b{k}"], layer.b))

    definitions: list[tuple[Symbol, Expr]] = []
    A, Z = [], [X]
    for k, layer in enumerate(network.layers, start=1):
        a = _symbols(f"a{k}", N, layer.outputs)
        z = _symbols(f"z{k}", N, layer.outputs)
        sums = Z[-1] * params[f"W{k}"] + sympy.ones(N, 1) * params[f"b{k}"]
        h = activation_named(layer.activation)
        definitions += [(s, e) for s, e in zip(a, sums)]
        definitions += [(s, h(v)) for s, v in zip(z, a)]
        A.append(a)
        Z.append(z)

    L = len(network.layers)
    last = Z[-1]
    if network.output in ("softmax", "sigmoid"):
        y = _symbols("y", N, last.cols)
        out = softmax(last) if network.output == "softmax" else sigmoid(last)
        definitions += [(s, e) for s, e in zip(y, out)]
    else:
        y = last
    loss = loss_named(spec.loss)(y, T)
    dy = loss_gradient(loss_named(spec.loss), y, T)
    if network.output == "softmax":
        dz = _softmax_backward(spec, y, T, dy)
    elif network.output == "sigmoid":
        # sigmoid_binary_cross_entropy_gradient derives y - t for any targets; else y(1 - y).
        dz = (y - T) / (y.rows * y.cols) if spec.loss == "binary_cross_entropy" else \
            dy.multiply_elementwise(y.applyfunc(lambda v: v * (1 - v)))
    else:
        dz = dy
    gradients: dict[str, Matrix] = {}
    for k in range(L, 0, -1):
        layer = network.layers[k - 1]
        g = _symbols(f"g{k}", N, layer.outputs)
        delta = _symbols(f"delta{k}", N, layer.outputs)
        definitions += [(s, e) for s, e in zip(g, dz)]
        definitions += [(d, gs * _local(layer.activation, a_s, z_s))
                        for d, gs, a_s, z_s in zip(delta, g, A[k - 1], Z[k])]
        gradients[f"W{k}"] = Z[k - 1].T * delta
        gradients[f"b{k}"] = sympy.ones(1, N) * delta
        dz = delta * params[f"W{k}"].T
    ordered = {}
    for k in range(1, L + 1):
        ordered[f"W{k}"] = gradients[f"W{k}"]
        ordered[f"b{k}"] = gradients[f"b{k}"]
    return Backprop(network, params, point, tuple(definitions), loss, ordered, spec)


def _softmax_backward(spec: Spec, y: Matrix, T: Matrix, dy: Matrix) -> Matrix:
    """dL/dz through softmax: (y - t)/N for cross-entropy on targets that sum to 1, else J^T dy."""
    if spec.loss == "cross_entropy" and all(sum(spec.target.row(s)) == 1
                                            for s in range(spec.target.rows)):
        # softmax_cross_entropy_gradient derives this; every target row sums to 1 here.
        return (y - T) / y.rows
    out = sympy.zeros(y.rows, y.cols)
    for s in range(y.rows):
        for j in range(y.cols):
            out[s, j] = sum(dy[s, k] * y[s, k] * ((1 if j == k else 0) - y[s, j])
                            for k in range(y.cols))
    return out


def _matrix(values_array: np.ndarray, digits: int | None) -> Matrix:
    """Values as a SymPy matrix: exact forms, or Floats of ``digits`` digits."""
    if digits is None:
        return arrays.matrix(values_array)
    rows = np.asarray(values_array).reshape(np.asarray(values_array).shape[0], -1)
    return Matrix(rows.shape[0], rows.shape[1],
                  [sympy.Float(v.decimal(digits), digits) for v in rows.ravel()])


def local_values(activation: str, a: np.ndarray, z: np.ndarray) -> Any:
    """Return h'(a) entry by entry (the local derivative of a layer's activation), with the
    output z where the lecture uses it: z(1 - z) for the sigmoid, 1 - z² for tanh.

    >>> arrays.matrix(local_values("sigmoid", None, arrays.array([[0.5, 0.25]])))
    Matrix([[1/4, 3/16]])
    >>> arrays.matrix(local_values("leaky_relu(0.2)", arrays.array([[-1, 2]]), None))
    Matrix([[1/5, 1]])
    """
    if activation == "sigmoid":
        return z * (1 - z)
    if activation == "tanh":
        return 1 - z * z
    if activation == "relu":
        return step(a)
    slope = leaky_slope(activation)
    if slope is not None:
        out = np.empty(a.shape, dtype=object)
        for index, v in np.ndenumerate(a):
            out[index] = values.ONE if v.sign("the input of leaky_relu") > 0 else \
                values.Value(slope)
        return out
    return 0 if activation == "step" else 1


@dataclass(frozen=True, eq=False)
class Backward:
    """One backward pass, every number a Value computed once from the ones before it.

    ``output`` is dL/dY of the network's output; for each layer k (1-based, in layer order)
    ``g[k-1]`` is dL/dZ^(k) and ``delta[k-1]`` is dL/dA^(k) = g ∘ h'(A); ``gradients`` maps
    "W1", "b1", ... to dL/dW^(k) = Z^(k-1)^T δ^(k) and dL/db^(k) = column sums of δ^(k).
    ``shortcut`` says whether softmax with cross-entropy took y - t (every target row sums
    to 1) or the general rule through the softmax's Jacobian; the sigmoid with binary
    cross-entropy always takes (y - t)/(N K), which holds for any targets.
    """

    output: np.ndarray
    g: tuple[np.ndarray, ...]
    delta: tuple[np.ndarray, ...]
    gradients: dict[str, np.ndarray]
    shortcut: bool = False


def backward(network: Network, forward: ForwardPass, target: Any, loss: str,
             parameters: dict[str, np.ndarray] | None = None) -> Backward:
    """Return the backward pass of ``loss`` for a forward pass, layer by layer over Values;
    ``parameters`` (W1, b1, ... as arrays of Values) stand in for the layers' own weights.

    >>> from symnn.network import Layer
    >>> net = Network([Layer([[2]], [0], "identity")])
    >>> back = backward(net, net.forward([1]), [1], "half_sse")
    >>> back.delta[0][0, 0].exact, back.gradients["W1"][0, 0].exact
    (Fraction(1, 1), Fraction(1, 1))
    """
    T = arrays.array(exact_matrix(target, "target"))
    y = forward.y
    if T.shape != y.shape:
        raise SpecError(f"target: has shape {T.shape} but the output has shape {y.shape}")
    N, K = y.shape
    rule = entry_gradient(loss)
    size = {ROWS: values.Value(N), COLUMNS: values.Value(K)}
    dY = np.empty(y.shape, dtype=object)
    for index, yv in np.ndenumerate(y):
        dY[index] = arrays.from_expr(rule, {ENTRY: yv, TARGET: T[index], **size})
    shortcut = False
    if network.output == "softmax":
        # The short form y - t holds only when every target row sums to 1
        # (softmax_cross_entropy_gradient derives it); otherwise go through the Jacobian.
        shortcut = loss == "cross_entropy" and all(
            sum(v.exact for v in row) == 1 for row in T)
        if shortcut:
            g = (y - T) / N
        else:
            weighted = (dY * y).sum(axis=1, keepdims=True)
            g = y * (dY - weighted)
    elif network.output == "sigmoid":
        # sigmoid_binary_cross_entropy_gradient: y - t for every target, no condition.
        shortcut = loss == "binary_cross_entropy"
        g = (y - T) / (N * K) if shortcut else dY * (y * (1 - y))
    else:
        g = dY
    gs, deltas, gradients = [], [], {}
    for k in range(len(network.layers), 0, -1):
        layer, here = network.layers[k - 1], forward.layers[k - 1]
        previous = arrays.array(forward.X) if k == 1 else forward.layers[k - 2].z
        delta = g * local_values(layer.activation, here.a, here.z)
        gs.append(g)
        deltas.append(delta)
        gradients[f"W{k}"] = arrays.matmul(previous.T, delta)
        gradients[f"b{k}"] = delta.sum(axis=0, keepdims=True)
        W = layer.arrays[0] if parameters is None else parameters[f"W{k}"]
        g = arrays.matmul(delta, W.T)
    ordered = {name: gradients[name] for k in range(1, len(network.layers) + 1)
               for name in (f"W{k}", f"b{k}")}
    return Backward(dY, tuple(reversed(gs)), tuple(reversed(deltas)), ordered, shortcut)


@dataclass(frozen=True, eq=False)
class TrainingStep(Displayable):
    """One step of gradient descent by hand: the forward pass, the loss, the backward pass
    and the updated parameters, every number a Value (``arrays.matrix`` gives exact forms).

    ``gradients`` and ``updated`` map "W1", "b1", ... to arrays of Values.
    """

    forward: ForwardPass
    loss: values.Value
    learning_rate: Expr
    backward: Backward
    updated: dict[str, np.ndarray]
    spec: Any = field(default=None, repr=False)  # what the step was taken on (for .derivation)

    @property
    def gradients(self) -> dict[str, np.ndarray]:
        """Return dL/dW and dL/db of every layer."""
        return self.backward.gradients

    def to_dict(self, exact_strings: bool = False) -> dict[str, Any]:
        """Return the step as JSON data, each gradient in its parameter's shape."""
        def shaped(named: dict[str, np.ndarray]) -> dict[str, Any]:
            return {k: arrays.data(v, exact_strings, rows=k.startswith("W"))
                    for k, v in named.items()}

        return {
            "layers": [{"A": arrays.data(v.a, exact_strings), "Z": arrays.data(v.z, exact_strings)}
                       for v in self.forward.layers],
            "loss": arrays.data(self.loss, exact_strings),
            "gradients": shaped(self.gradients),
            "updated": shaped(self.updated),
        }


def train_step(spec: Spec, learning_rate: Any = None) -> TrainingStep:
    """Return one step p <- p - learning_rate * dL/dp for every weight and bias, exactly.

    >>> from symnn.spec import parse_spec
    >>> spec = parse_spec({"input": [1], "target": [1], "loss": "half_sse",
    ...     "learning_rate": 0.5, "layer": [{"W": [[2]], "b": [0], "activation": "identity"}]})
    >>> {name: arrays.matrix(p) for name, p in train_step(spec).updated.items()}
    {'W1': Matrix([[3/2]]), 'b1': Matrix([[-1/2]])}
    """
    if spec.target is None:
        raise SpecError("a training step needs a target (and a loss)", source=spec.source)
    rate = spec.learning_rate if learning_rate is None else exact(learning_rate, "learning rate")
    if rate is None:
        raise SpecError("a training step needs learning_rate", source=spec.source)
    if not rate.is_positive:
        raise SpecError(f"learning_rate: must be a positive number, got {rate}",
                        source=spec.source)
    forward = spec.network.forward(spec.input)
    try:
        back = backward(spec.network, forward, spec.target, spec.loss)
        loss = spec.loss_value(forward.y)
    except NumberError as e:
        raise SpecError(str(e), source=spec.source) from None
    step_size = values.Value(rate)
    updated = {}
    for k, layer in enumerate(spec.network.layers, start=1):
        W, b = layer.arrays
        updated[f"W{k}"] = W - step_size * back.gradients[f"W{k}"]
        updated[f"b{k}"] = b - step_size * back.gradients[f"b{k}"]
    return TrainingStep(forward, loss, rate, back, updated, spec)
