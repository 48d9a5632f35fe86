"""``symnn export``: a compiled model as a standalone Python module that needs only NumPy (or
JAX).

The module is the code the model itself runs (:mod:`symnn.codegen`, printed from the derived
rules) with the parameters written in: a fresh interpreter that imports it gets the same forward
pass, loss and gradients as the compiled model, bit for bit.
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np

from symnn.compile import Model
from symnn.files import write_atomic

INLINE = 10_000  # parameters written as lists of numbers; more are written as base64 bytes

WRAPPERS = '''

def _rows(X, columns, dtype):
    X = {np}.asarray(X, dtype=dtype)
    X = X.reshape(1, -1) if X.ndim == 1 else X
    if X.ndim != 2 or X.shape[1] != columns:
        raise ValueError(f"expected rows of {{columns}} numbers, got shape {{X.shape}}")
    return X


def _dtype(X):
    if DTYPE is not None:
        return DTYPE
    kind = getattr(X, "dtype", None)
    return kind if kind is not None and np.dtype(kind).kind == "f" else np.float64


def _parameters(dtype):
    return {{k: v.astype(dtype) for k, v in PARAMETERS.items()}} \\
        if PARAMETERS["W1"].dtype != dtype else PARAMETERS


def forward(X):
    """Return the network's output for the rows of X (one 1-D row gives a 1-D output)."""
    dtype = _dtype(X)
    Y = _forward(_parameters(dtype), _rows(X, SHAPE[0], dtype))
    return Y[0] if {np}.ndim(X) == 1 else Y


def predict(X):
    """Return each row's class: the index of its largest output, or with one output 1 where
    it is over 0.5, else 0."""
    Y = forward(X)
    if SHAPE[-1] == 1:
        return (Y > 0.5).astype(int).reshape(Y.shape[:-1])
    return Y.argmax(axis=-1)


def accuracy(X, T):
    """Return the share of rows whose class (see predict) is the target's."""
    T = _rows(T, SHAPE[-1], _dtype(X))
    if SHAPE[-1] == 1:
        return float((predict(X) == (T[:, 0] > 0.5)).mean())
    return float((predict(X).reshape(-1) == T.argmax(axis=1)).mean())


def loss(X, T):
    """Return the batch loss."""
    dtype = _dtype(X)
    return float(_loss(_parameters(dtype), _rows(X, SHAPE[0], dtype), _rows(T, SHAPE[-1], dtype)))


def gradients(X, T):
    """Return dL/dW and dL/db of every layer, in the parameters' shapes."""
    dtype = _dtype(X)
    return _gradients(_parameters(dtype), _rows(X, SHAPE[0], dtype), _rows(T, SHAPE[-1], dtype))


def loss_and_gradients(X, T):
    """Return the batch loss and every gradient from one forward pass."""
    dtype = _dtype(X)
    value, grads = _loss_and_gradients(_parameters(dtype), _rows(X, SHAPE[0], dtype),
                                       _rows(T, SHAPE[-1], dtype))
    return float(value), grads
'''


def _array(value: np.ndarray, np_: str) -> str:
    if value.size <= INLINE:
        return f"{np_}.array({value.tolist()!r}, dtype={value.dtype.name!r})"
    data = base64.b64encode(np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<"))
                            .tobytes()).decode("ascii")
    return (f"{np_}.asarray(np.frombuffer(base64.b64decode({data!r}), "
            f"dtype={value.dtype.newbyteorder('<').str!r}).reshape({value.shape!r}))")


def export_module(model: Model) -> str:
    """Return the text of a standalone module for ``model``.

    >>> from symnn.compile import compile
    >>> text = export_module(compile("examples/one_step.toml"))
    >>> "import numpy as np" in text and "from numpy import" not in text
    True
    """
    jax = model.backend == "jax"
    np_ = "jnp" if jax else "np"
    parameters = {k: np.asarray(v) for k, v in model.parameters.items()}
    widths = "-".join(str(n) for n in model.shape)
    lines = [f'"""A {widths} network exported by symnn ({", ".join(model.activations)}; output '
             f'{model.output}; loss {model.loss_name}; {model.backend}).',
             "",
             "forward(X), predict(X), accuracy(X, T), loss(X, T), gradients(X, T) and "
             "loss_and_gradients(X, T) take rows of numbers;",
             "the code is the one symnn's compiled model runs, printed from the derived rules.",
             '"""', ""]
    if any(v.size > INLINE for v in parameters.values()):
        lines.append("import base64")
        lines.append("")
    if jax:
        lines += ["import jax", "import jax.numpy as jnp", "import numpy as np", ""]
        if model.dtype == np.float64:
            lines += ['jax.config.update("jax_enable_x64", True)', ""]
    else:
        lines += ["import numpy as np", ""]
    dtype = None if model.dtype is None else f"np.dtype({np.dtype(model.dtype).name!r})"
    lines += [f"DTYPE = {dtype}", f"SHAPE = {model.shape!r}", "PARAMETERS = {"]
    lines += [f"    {name!r}: {_array(value, np_)}," for name, value in parameters.items()]
    lines += ["}", "", ""]
    source = model.source
    for job in ("forward", "loss", "gradients", "loss_and_gradients"):
        source = source.replace(f"def {job}(P,", f"def _{job}(P,")
    lines.append(source)
    if jax:
        lines.append("_forward, _loss, _gradients, _loss_and_gradients = (jax.jit(f) for f in "
                     "(_forward, _loss, _gradients, _loss_and_gradients))")
    lines.append(WRAPPERS.format(np=np_))
    return "\n".join(lines)


def export(model: Model, path: str | Path) -> Path:
    """Write the standalone module for ``model`` at ``path`` (whole or not at all).

    >>> import tempfile
    >>> from symnn.compile import compile
    >>> path = export(compile("examples/one_step.toml"), Path(tempfile.mkdtemp()) / "m.py")
    >>> path.read_text().count("def gradients(X, T)")
    1
    """
    path = Path(path)
    write_atomic(path, export_module(model))
    return path
