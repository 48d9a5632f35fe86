"""Compile a network into one generated function per job: forward pass, loss, and the loss
with every gradient, on batches of rows, in NumPy or JAX.

The rules come from :mod:`symnn.rules` (derived by SymPy, checked against the per-scalar
derivation); :mod:`symnn.codegen` prints them as straight-line code for the whole network, so
a gradient is one Python call of a few matrix products per layer. The weights go in as arrays,
never as SymPy numbers, so compiling takes the same time at any width.

>>> import numpy as np
>>> from symnn.network import Layer, Network
>>> model = compile(Network([Layer([[1.0, -1.0]], [0, 0], "sigmoid")]), loss="mse")
>>> model.forward(np.array([[0.0]]))
array([[0.5, 0.5]])
>>> model.forward(np.array([[0.0]], dtype=np.float32)).dtype
dtype('float32')
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from symnn.codegen import BACKENDS, network_source
from symnn.errors import SymnnError, TrainingError
from symnn.losses import loss as loss_named
from symnn.network import Network
from symnn.rules import (  # noqa: F401  (where they were before symnn.rules)
    activation_derivative,
    output_gradient,
    verify_matrix_rules,
)
from symnn.spec import Spec, load_spec

FLOATS = ("float16", "float32", "float64", "longdouble")


class Model:
    """A network compiled to NumPy (or JAX), with parameters ``W1``, ``b1``, ... it owns.

    ``dtype`` None computes in the inputs' float type (float32 rows give float32 results;
    anything else float64); a dtype given fixes it. ``source`` is the generated code.
    """

    def __init__(self, activations: list[str], output: str, loss_name: str,
                 parameters: dict[str, Any], dtype: Any = None, backend: str = "numpy"):
        self.activations, self.output, self.loss_name = list(activations), output, loss_name
        self.dtype, self.backend = dtype, backend
        self.source = network_source(self.activations, output, loss_name, backend)
        self._jobs = _functions(self.source, backend)
        self._parameters = parameters
        self.optimizer_state: Any = None  # symnn.optim.State once update uses an optimizer
        self._shape = (parameters["W1"].shape[0],
                       *(parameters[f"W{k}"].shape[1] for k in range(1, len(activations) + 1)))

    def __repr__(self) -> str:
        widths = "-".join(str(n) for n in self.shape)
        return (f"Model({widths}, {'/'.join(self.activations)}, output={self.output}, "
                f"loss={self.loss_name}, {self.backend}"
                f"{'' if self.dtype is None else ', ' + np.dtype(self.dtype).name})")

    @property
    def parameters(self) -> dict[str, Any]:
        """Return W1, b1, ...: the model's own arrays, free to change in place.

        A model compiled in float64 reads its network's (read-only) arrays until then, so
        compiling copies no weights; the first look here, or the first ``update``, copies them.
        """
        P = self._parameters
        for name, value in P.items():
            if isinstance(value, np.ndarray) and not value.flags.writeable:
                P[name] = value.copy()
        return P

    @parameters.setter
    def parameters(self, value: dict[str, Any]) -> None:
        self._parameters = value

    @property
    def shape(self) -> tuple[int, ...]:
        """Return the widths: inputs, then each layer's outputs."""
        return self._shape

    def _dtype(self, X: Any) -> Any:
        if self.dtype is not None:
            return self.dtype
        kind = getattr(X, "dtype", None)
        return kind if kind is not None and np.dtype(kind).kind == "f" else np.float64

    def _params(self, dtype: Any) -> dict[str, Any]:
        first = self._parameters["W1"]
        if first.dtype == dtype:
            return self._parameters
        return {k: v.astype(dtype) for k, v in self._parameters.items()}

    def _inputs(self, X: Any, dtype: Any = None) -> Any:
        return self._rows(X, self.shape[0], "X", dtype or self._dtype(X))

    def _targets(self, T: Any, rows: int, dtype: Any = np.float64) -> Any:
        T = self._rows(T, self.shape[-1], "T", dtype)
        if T.shape[0] != rows:
            raise TrainingError(f"T has {T.shape[0]} rows but X has {rows}")
        return T

    def _rows(self, value: Any, columns: int, name: str, dtype: Any) -> Any:
        if self.backend == "jax" and not isinstance(value, np.ndarray) and \
                hasattr(value, "devices"):
            return _jax_rows(value, columns, name, dtype)
        array = as_rows(value, columns, name, dtype)
        return _jnp().asarray(array) if self.backend == "jax" else array

    def _call(self, job: str, X: Any, T: Any = None) -> Any:
        P = self._parameters
        if self._ready(X, T, P["W1"].dtype):
            return self._jobs[job](P, X) if T is None else self._jobs[job](P, X, T)
        dtype = self._dtype(X)
        X = self._inputs(X, dtype)
        if T is None:
            return self._jobs[job](self._params(dtype), X)
        return self._jobs[job](self._params(dtype), X, self._targets(T, X.shape[0], dtype))

    def _ready(self, X: Any, T: Any, dtype: Any) -> bool:
        """True when X (and T) are NumPy tables of the parameters' dtype, of the right widths,
        with no NaN or inf: the hot path of small batches, so cheapest checks first (a dtype
        that is equal but not NumPy's own object just takes the general path)."""
        return (type(X) is np.ndarray and X.dtype is dtype and X.ndim == 2 and
                X.shape[1] == self._shape[0] and self.backend == "numpy" and
                (self.dtype is None or dtype is self.dtype) and
                (T is None or type(T) is np.ndarray and T.dtype is dtype and
                 T.shape == (X.shape[0], self._shape[-1])) and
                _finite(X) and (T is None or _finite(T)))

    def forward(self, X: Any) -> Any:
        """Return the network's output for the rows of X (softmax or sigmoid applied if it is
        the output); one sample as a 1-D row gives a 1-D output, as in PyTorch and NumPy.

        >>> model = compile("examples/one_step.toml")
        >>> model.forward(np.array([1.0, 0.5])).shape, model.forward([[1.0, 0.5]]).shape
        ((2,), (1, 2))
        """
        out = self._call("forward", X)
        return out[0] if _ndim(X) == 1 else out

    def loss(self, X: Any, T: Any) -> float:
        """Return the batch loss (averaged over the rows, as in symnn.losses)."""
        return float(self._call("loss", X, T))

    def gradients(self, X: Any, T: Any) -> dict[str, Any]:
        """Return dL/dW and dL/db of every layer, in the parameters' shapes."""
        return self._call("gradients", X, T)

    def loss_and_gradients(self, X: Any, T: Any) -> tuple[float, dict[str, Any]]:
        """Return the batch loss and every gradient from one forward pass."""
        value, grads = self._call("loss_and_gradients", X, T)
        return float(value), grads

    def update(self, gradients: dict[str, Any], rate: Any = None, optimizer: Any = None
               ) -> None:
        """Take one step: every parameter p <- p - rate * dL/dp, or the step of ``optimizer``
        (an optimizer such as ``symnn.Adam(lr=0.001)``, a name like ``"adam"``, or a table
        ``{"name": "adam", "beta1": 0.8}``; ``rate``, when given, is its learning rate).

        The model keeps the optimizer's state between calls (the step count t, velocities,
        moments), as a ``torch.optim`` optimizer does; another rule or other hyper-parameters
        (the learning rate aside) start again from zero state. NumPy parameters change in
        place; JAX arrays cannot, so they are replaced.

        >>> model = compile("examples/one_step.toml")
        >>> grads = model.gradients([[1.0, 0.5]], [[0, 1]])
        >>> model.update(grads, optimizer="adam")
        >>> model.optimizer_state.t, sorted(model.optimizer_state.buffers["W1"])
        (1, ['m', 'v'])
        """
        if optimizer is None:
            if rate is None:
                raise TrainingError("update needs a learning rate (or an optimizer)")
            rate = _step_size(rate)
            if self.backend == "jax":
                self.parameters = {k: v - rate * gradients[k]
                                   for k, v in self.parameters.items()}
                return
            P = self.parameters
            for name, g in gradients.items():
                P[name] -= rate * g
            return
        from symnn.optim import State
        from symnn.optim import optimizer as optimizer_named

        state = self.optimizer_state
        if state is not None and rate == state.rate and (
                optimizer is state.given or type(optimizer) in (str, dict) and
                type(optimizer) is type(state.given) and optimizer == state.given):
            rule = state.optimizer  # the same as the last step: read once, not every step
        else:
            rule = optimizer_named(optimizer) if rate is None else \
                optimizer_named(optimizer, lr=rate)
            if state is None or not state.optimizer.same_rule(rule):
                state = self.optimizer_state = State(rule)
            state.given, state.rate = optimizer, rate
        state.optimizer, state.t = rule, state.t + 1
        _, done, state.buffers = rule.steps(gradients, state.buffers, state.t, self.backend)
        if self.backend == "jax":
            self.parameters = {k: v - done[k]["step"] for k, v in self.parameters.items()}
            return
        P = self.parameters
        for name in gradients:
            P[name] -= done[name]["step"]

    def predict(self, X: Any) -> Any:
        """Return each row's class: the index of its largest output, or with one output (a
        sigmoid's probability) 1 where it is over 0.5, else 0.

        >>> compile("examples/one_step.toml").predict([[1.0, 0.5], [0.0, 0.0]]).tolist()
        [1, 1]
        """
        Y = self.forward(X)
        if self.shape[-1] == 1:
            return (Y > 0.5).astype(int).reshape(Y.shape[:-1])
        return Y.argmax(axis=-1)

    def accuracy(self, X: Any, T: Any) -> float:
        """Return the share of rows whose largest output is the target's largest entry (with
        one output: whose output and target are on the same side of 0.5)."""
        X = self._inputs(X)
        T = self._targets(T, X.shape[0], X.dtype)
        if T.shape[1] == 1:
            return float(((self.forward(X) > 0.5) == (T > 0.5)).mean())
        return float((self.predict(X) == T.argmax(axis=1)).mean())

    def export(self, path: str | Path) -> Path:
        """Write the model as a standalone module at ``path`` (what ``symnn export`` writes):
        its generated code with the parameters written in, needing only NumPy (or JAX).

        >>> import tempfile
        >>> path = compile("examples/one_step.toml").export(Path(tempfile.mkdtemp()) / "m.py")
        >>> "def predict(X)" in path.read_text()
        True
        """
        from symnn.export import export

        return export(self, path)


def _ndim(X: Any) -> int:
    """The number of dimensions of X (an array, or nested lists of numbers)."""
    ndim = getattr(X, "ndim", None)
    return ndim if isinstance(ndim, int) else np.ndim(X)


def _step_size(rate: Any) -> float:
    """A learning rate as a float: a positive number (a one-line error otherwise)."""
    try:
        value = float(rate)
    except (TypeError, ValueError):
        raise TrainingError(f"learning rate {rate!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise TrainingError(f"learning rate must be a positive number, got {rate!r}")
    return value


def _finite(a: np.ndarray) -> bool:
    """True when no entry is NaN or infinite, from one pass over the array: the sum of the
    squares (a BLAS dot product, two to three times faster than ``sum``) is NaN or infinite
    when any entry is. It can also overflow for finite entries past 1e154 (float64); callers
    then look entry by entry."""
    return math.isfinite(np.vdot(a, a))


def _functions(source: str, backend: str) -> dict[str, Callable[..., Any]]:
    """Run the generated source and return its four functions (jit-compiled for JAX)."""
    if backend == "jax":
        import jax
        scope: dict[str, Any] = {"jax": jax, "jnp": jax.numpy}
    else:
        scope = {"np": np}
    # The source is printed from symnn's own rules and names (activation, output and loss were
    # checked against symnn's lists); no user text reaches it.
    exec(source, scope)  # noqa: S102
    jobs = {name: scope[name] for name in ("forward", "loss", "gradients",
                                           "loss_and_gradients")}
    if backend == "jax":
        jobs = {name: jax.jit(f) for name, f in jobs.items()}
    return jobs


def _jnp() -> Any:
    import jax.numpy as jnp
    return jnp


def _jax_rows(value: Any, columns: int, name: str, dtype: Any) -> Any:
    """A JAX array is taken as it is (no copy to the host to look for NaN), shape checked."""
    return _shaped(_jnp().asarray(value, dtype=dtype), columns, name)


def _shaped(array: Any, columns: int, name: str) -> Any:
    """One row made a 1-row table; a table of ``columns`` columns, or a clear error."""
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2:
        raise TrainingError(f"{name} must be one row or a 2-D array of rows, got {array.ndim}-D")
    if array.shape[1] != columns:
        raise TrainingError(f"{name} has {array.shape[1]} columns but the network needs "
                            f"{columns}")
    return array


def as_rows(value: Any, columns: int, name: str, dtype: Any = np.float64) -> np.ndarray:
    """Return ``value`` as an array of rows of ``dtype`` with ``columns`` columns, or a clear
    error naming what is wrong.

    >>> as_rows([1, 2], 2, "X").tolist()
    [[1.0, 2.0]]
    """
    try:
        array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise TrainingError(f"{name} is not an array of numbers") from None
    array = _shaped(array, columns, name)
    # Only when the sum of squares is not finite look for where (cheaper per call).
    if not _finite(array) and not np.isfinite(array).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise TrainingError(f"{name} has a NaN or infinite value at row {bad[0]}, "
                            f"column {bad[1]}")
    return array


def float_dtype(dtype: Any) -> Any:
    """Return ``dtype`` as a NumPy float type, or a clear error (None stays None).

    >>> float_dtype("float32")
    dtype('float32')
    """
    if dtype is None:
        return None
    try:
        kind = np.dtype(dtype)
    except TypeError:
        kind = None
    if kind is None or kind.kind != "f":
        raise SymnnError(f"dtype {getattr(dtype, '__name__', dtype)!r} is not a float type "
                         f"(one of {', '.join(FLOATS)})")
    return kind


def compile(source: Any, loss: str | None = None, dtype: Any = None,  # noqa: A001
            backend: str = "numpy") -> Model:
    """Return a model of a spec path, a parsed :class:`Spec` or a :class:`Network`.

    The loss is the spec's (or ``loss``; default ``mse``). ``dtype`` fixes the float type the
    model computes in (default: the inputs'); ``backend="jax"`` returns jit-compiled JAX
    functions (``pip install symnn[jax]``) that take and return JAX arrays.

    >>> compile("examples/one_step.toml", dtype="float32").parameters["W1"].dtype
    dtype('float32')
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
    dtype = float_dtype(dtype)
    if backend not in BACKENDS:
        raise SymnnError(f"backend {backend!r} is not one of {', '.join(BACKENDS)}")
    if backend == "jax":
        dtype = _jax_ready(dtype)
    params: dict[str, Any] = {}
    for k, layer in enumerate(network.layers, start=1):
        # No copy in float64: the model reads the layer's read-only arrays (see parameters).
        params[f"W{k}"], params[f"b{k}"] = layer.floats(dtype or np.float64, copy=False)
    if backend == "jax":
        params = {k: _jnp().asarray(v) for k, v in params.items()}
    return Model([layer.activation for layer in network.layers], network.output, loss, params,
                 dtype, backend)


def _jax_ready(dtype: Any) -> Any:
    """Import JAX (or say how to install it); float64 switches on JAX's 64-bit mode."""
    try:
        import jax
    except ImportError:
        raise SymnnError("the jax backend needs JAX: pip install 'symnn[jax]' "
                         "(or pip install jax)") from None
    if dtype is None:
        dtype = np.dtype(np.float64) if jax.config.jax_enable_x64 else np.dtype(np.float32)
    if dtype == np.float64 and not jax.config.jax_enable_x64:
        jax.config.update("jax_enable_x64", True)  # JAX computes in float32 unless told
    if dtype not in (np.float32, np.float64):
        raise SymnnError(f"the jax backend computes in float32 or float64, not {dtype.name}")
    return dtype
