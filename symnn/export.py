"""``symnn export``: a compiled model as a standalone Python module that needs only NumPy.

The module carries the parameters and the code ``lambdify`` generated for each layer, so a fresh
interpreter that imports it gets the same forward pass and gradients as the compiled model.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from symnn.compile import Model
from symnn.files import write_atomic

HEADER = '''"""A network exported by symnn: forward(X), loss(X, T), gradients(X, T); NumPy only."""

import numpy as np
from numpy import *  # noqa: F401,F403  (names used by the generated code)


def sigmoid(x):
    with np.errstate(over="ignore"):  # exp overflows to inf for x < -709; 1/(1 + inf) = 0
        return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def relu(x):
    return np.maximum(x, 0.0)


def step(x):
    return np.greater(x, 0.0).astype(np.float64)


numpy_sigmoid, numpy_relu, numpy_step = sigmoid, relu, step  # the names lambdify prints


def addrow(M, b):
    return M + b


def colsum(M):
    return M.sum(axis=0, keepdims=True)


def softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(a):
    shifted = a - a.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
'''

BODY = '''

def _activate(name, A):
    return {"identity": lambda v: v, "tanh": np.tanh, "sigmoid": sigmoid, "relu": relu,
            "step": step}[name](A)


def _rows(X, columns):
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(1, -1) if X.ndim == 1 else X
    if X.ndim != 2 or X.shape[1] != columns:
        raise ValueError(f"expected rows of {columns} numbers, got shape {X.shape}")
    return X


def _forward(X):
    Z = [X]
    for k, activation in enumerate(ACTIVATIONS, start=1):
        A = LAYER_FORWARD(Z[-1], PARAMETERS[f"W{k}"], PARAMETERS[f"b{k}"])
        Z.extend([A, _activate(activation, A)])
    return Z


def forward(X):
    """Return the network's output for the rows of X."""
    last = _forward(_rows(X, SHAPE[0]))[-1]
    return softmax(last) if OUTPUT == "softmax" else last


def loss(X, T):
    """Return the batch loss."""
    X = _rows(X, SHAPE[0])
    T = _rows(T, SHAPE[-1])
    last = _forward(X)[-1]
    if OUTPUT == "softmax" and LOSS == "cross_entropy":
        return float(-(T * log_softmax(last)).sum() / X.shape[0])
    Y = softmax(last) if OUTPUT == "softmax" else last
    if LOSS == "mse":
        return float(((Y - T) ** 2).mean())
    if LOSS == "half_sse":
        return float(((Y - T) ** 2).sum() / (2 * X.shape[0]))
    return float(-(T * np.log(Y)).sum() / X.shape[0])


def gradients(X, T):
    """Return dL/dW and dL/db of every layer, in the parameters' shapes."""
    X = _rows(X, SHAPE[0])
    T = _rows(T, SHAPE[-1])
    Z = _forward(X)
    rows, cols = T.shape
    last = Z[-1]
    if OUTPUT == "softmax":
        Y = softmax(last)
        if LOSS == "cross_entropy":
            dZ = (Y * T.sum(axis=1, keepdims=True) - T) / rows
        else:
            dY = np.broadcast_to(OUTPUT_RULE(Y, T, rows, cols), Y.shape)
            dZ = Y * (dY - (dY * Y).sum(axis=1, keepdims=True))
    else:
        dZ = np.broadcast_to(OUTPUT_RULE(last, T, rows, cols), last.shape)
    grads = {}
    for k in range(len(ACTIVATIONS), 0, -1):
        A, Zk, previous = Z[2 * k - 1], Z[2 * k], Z[2 * k - 2]
        dA = dZ * DERIVATIVES[ACTIVATIONS[k - 1]](A, Zk)
        grads[f"W{k}"] = LAYER_WEIGHTS(previous, dA)
        grads[f"b{k}"] = LAYER_BIAS(dA).reshape(-1)
        if k > 1:
            dZ = LAYER_PREVIOUS(dA, PARAMETERS[f"W{k}"])
    return {name: grads[name] for name in PARAMETERS}
'''


def _source(function, name: str) -> str:
    """The code lambdify generated, under a new name."""
    text = inspect.getsource(function)
    return text.replace("def _lambdifygenerated(", f"def {name}(", 1)


def export_module(model: Model) -> str:
    """Return the text of a standalone module for ``model``."""
    first = model.code[0]
    parts = [HEADER, "", _source(first.forward, "LAYER_FORWARD"),
             _source(first.weights, "LAYER_WEIGHTS"), _source(first.bias, "LAYER_BIAS"),
             _source(first.previous, "LAYER_PREVIOUS"), _source(model.output_rule,
                                                                "OUTPUT_RULE")]
    derivatives = {}
    for code in model.code:
        if code.activation not in derivatives:
            name = f"DERIVATIVE_{code.activation.upper()}"
            parts.append(_source(code.derivative, name))
            derivatives[code.activation] = name
    parts.append("DERIVATIVES = {" + ", ".join(f"{k!r}: {v}" for k, v in derivatives.items())
                 + "}")
    parts.append(f"ACTIVATIONS = {model.activations!r}")
    parts.append(f"OUTPUT = {model.output!r}")
    parts.append(f"LOSS = {model.loss_name!r}")
    parts.append(f"SHAPE = {model.shape!r}")
    parts.append("PARAMETERS = {")
    for name, value in model.parameters.items():
        parts.append(f"    {name!r}: np.array({value.tolist()!r}),")
    parts.append("}")
    parts.append(BODY)
    return "\n".join(parts)


def export(model: Model, path: str | Path) -> Path:
    """Write the standalone module for ``model`` at ``path`` (whole or not at all)."""
    path = Path(path)
    write_atomic(path, export_module(model))
    return path
