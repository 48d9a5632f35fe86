"""Layered networks in the lecture's convention A = X W + B, Z = h(A), exactly.

W has one row per input and one column per output, so X (one sample a row) times W gives one
row of weighted sums per sample; the bias row B is added to every row.

The forward pass computes each number once, as a :class:`~symnn.values.Value` (exact where it
is rational, else known to as many digits as are asked for); the exact SymPy forms ``A``, ``Z``
and ``output`` are built from those only when they are asked for.

>>> net = Network([Layer([[1, 2, 3], [4, 5, 6]], [0, 0, 0], "identity")])
>>> net.forward([1, 2]).output
Matrix([[9, 12, 15]])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from sympy import Matrix, Rational, ones

from symnn import arrays
from symnn.activations import activation as activation_named
from symnn.activations import sigmoid, softmax
from symnn.display import Displayable
from symnn.errors import NumberError, PrecisionError, SpecError, did_you_mean
from symnn.losses import loss as loss_named
from symnn.numbers import exact_array, exact_matrix

OUTPUTS = ("identity", "softmax", "sigmoid")
# What people write for the last layer's function, and which output it is.
OUTPUT_NAMES = {"identity": "identity", "linear": "identity", "none": "identity",
                "softmax": "softmax", "sigmoid": "sigmoid", "logistic": "sigmoid"}
MAX_EXACT_WORK = 100_000  # multiplications in one exact forward pass (rows × weights)


class Layer:
    """One affine layer with its activation: A = X W + b, Z = activation(A).

    Numbers typed as lists are kept exactly (Fractions: 0.1 is 1/10); float NumPy arrays (from
    a script, an ``.npz`` or training) are kept as arrays. ``weights``/``biases`` give the exact
    Fractions, ``W`` and ``b`` SymPy matrices, :meth:`floats` NumPy arrays, :attr:`arrays`
    Values, each made on first use, so a network of a million weights is compiled without one
    exact number being made.

    >>> Layer([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], [0.1, 0.2, 0.3], "sigmoid").b
    Matrix([[1/10, 1/5, 3/10]])
    """

    def __init__(self, W: Any, b: Any, activation: str = "sigmoid", where: str = "layer"):
        self.where = where
        activation_named(activation, f"{where}, activation")
        self.activation = activation
        if _is_float_array(W) and _is_float_array(b):
            # Weights a script or an .npz gives as float arrays stay arrays; their exact
            # Fractions are made only if an exact command asks (see ``weights``).
            self._floats = _read_only(_float_weights(W, f"{where}, W", 2),
                                      _float_weights(b, f"{where}, b", 1))
            shape, width = self._floats[0].shape, self._floats[1].shape[0]
        else:
            self.__dict__["weights"] = exact_array(W, f"{where}, W")
            self.__dict__["biases"] = exact_array(b, f"{where}, b")
            if self.biases.shape[0] != 1:
                raise SpecError(f"{where}, b: must be one row, got {self.biases.shape[0]} rows")
            self._floats = None
            shape, width = self.weights.shape, self.biases.shape[1]
        if width != shape[1]:
            raise SpecError(f"{where}, b: has {width} entries but W has {shape[1]} columns "
                            "(outputs)")
        self._shape = shape

    def __repr__(self) -> str:
        return f"Layer({self.inputs} -> {self.outputs}, {self.activation})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Layer) or self.activation != other.activation or \
                self._shape != other._shape:
            return False
        if self._floats is not None and other._floats is not None:
            return all(np.array_equal(p, q) for p, q in zip(self._floats, other._floats))
        return bool((self.weights == other.weights).all() and
                    (self.biases == other.biases).all())

    __hash__ = None  # type: ignore[assignment]

    @cached_property
    def weights(self) -> np.ndarray:
        """Return W as a 2-D array of exact Fractions (a float by its repr: 0.1 is 1/10)."""
        return exact_array(self._floats[0], f"{self.where}, W")

    @cached_property
    def biases(self) -> np.ndarray:
        """Return b as one row of exact Fractions."""
        return exact_array(self._floats[1], f"{self.where}, b")

    @cached_property
    def W(self) -> Matrix:
        """Return the weights as an exact SymPy matrix (one row per input)."""
        return Matrix(self.weights.shape[0], self.weights.shape[1],
                      [Rational(q.numerator, q.denominator) for q in self.weights.ravel()])

    @cached_property
    def b(self) -> Matrix:
        """Return the biases as an exact SymPy row."""
        return Matrix(1, self.biases.shape[1],
                      [Rational(q.numerator, q.denominator) for q in self.biases.ravel()])

    def floats(self, dtype: Any = np.float64, copy: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Return W and b (a flat vector) as new NumPy arrays of ``dtype``; with ``copy``
        False, the layer's own read-only float64 arrays when ``dtype`` is float64.

        >>> Layer([[0.5], [0.25]], [1], "relu").floats(np.float32)[0].dtype
        dtype('float32')
        """
        if self._floats is None:
            self._floats = _read_only(_as_floats(self.weights, f"{self.where}, W"),
                                      _as_floats(self.biases, f"{self.where}, b").reshape(-1))
        return tuple(a.astype(dtype, copy=copy) for a in self._floats)  # type: ignore

    @property
    def inputs(self) -> int:
        """Return the number of inputs (rows of W)."""
        return self._shape[0]

    @property
    def outputs(self) -> int:
        """Return the number of outputs (columns of W)."""
        return self._shape[1]

    @cached_property
    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Return W and b as arrays of exact :class:`~symnn.values.Value` constants."""
        return arrays.array(self.weights), arrays.array(self.biases)

    def forward(self, X: Any, parameters: tuple[np.ndarray, np.ndarray] | None = None
                ) -> tuple[Any, Any]:
        """Return (A, Z) for the rows of X: A = X W + b on every row, Z = activation(A).

        X is a SymPy matrix (the result is symbolic) or an array of Values (so is the result);
        ``parameters`` (W, b as arrays of Values) stand in for the layer's own, as after a
        step of an optimizer, whose weights need not be rational.
        """
        h = activation_named(self.activation)
        if not isinstance(X, np.ndarray):
            A = X * self.W + ones(X.rows, 1) * self.b
            return A, h(A)
        W, b = self.arrays if parameters is None else parameters
        A = arrays.matmul(X, W, b)
        Z = np.empty(A.shape, dtype=object)
        for (i, j), a in np.ndenumerate(A):
            try:
                Z[i, j] = h(a)
            except PrecisionError as e:  # a kink symnn cannot decide: say which entry
                raise PrecisionError(f"A[{i}, {j}]: {e}") from None
        return A, Z


def _is_float_array(value: Any) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind == "f"


def _as_floats(exact: np.ndarray, where: str) -> np.ndarray:
    """Exact numbers as float64, or one error naming the first that no float can hold."""
    try:
        return np.array(exact, dtype=np.float64)
    except OverflowError:
        for index, q in np.ndenumerate(exact):
            try:
                float(q)
            except OverflowError:
                place = "[" + "][".join(map(str, index)) + "]"
                raise SpecError(f"{where}{place}: {_float_size(q)} is too large for a float "
                                "(compiled models compute in float64, up to about 1.8e308); "
                                "forward and step compute with it exactly") from None
        raise


def _float_size(q: Any) -> str:
    """The size of a huge exact number, as 'about 1e500' (no decimal string of it is made:
    Python refuses those past 4300 digits)."""
    digits = round((abs(q.numerator).bit_length() - q.denominator.bit_length()) * 0.30103)
    return f"about {'-' if q < 0 else ''}1e{digits}"


def _read_only(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The arrays, locked: a layer's floats are its exact weights too, so never change."""
    for a in arrays:
        a.flags.writeable = False
    return arrays


def _float_weights(value: np.ndarray, where: str, ndim: int) -> np.ndarray:
    """Return a float array of weights as float64 (a copy), checked: shape and finite."""
    if ndim == 1 and value.ndim == 2 and value.shape[0] == 1:
        value = value.reshape(-1)
    if value.ndim != ndim or value.size == 0:
        raise SpecError(f"{where}: expected {'a table of rows' if ndim == 2 else 'one row'} "
                        f"of numbers, got an array of shape {value.shape}")
    if not np.isfinite(value).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0])
        raise SpecError(f"{where}: NaN or infinite value at {list(bad)}")
    return np.array(value, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class LayerValues:
    """One layer's weighted sums ``a`` and activations ``z``: arrays of Values, each computed
    once; ``A`` and ``Z`` are their exact SymPy forms, built when first asked for."""

    a: np.ndarray
    z: np.ndarray

    @cached_property
    def A(self) -> Matrix:
        """Return the weighted sums exactly, as a SymPy matrix."""
        return arrays.matrix(self.a)

    @cached_property
    def Z(self) -> Matrix:
        """Return the activations exactly, as a SymPy matrix."""
        return arrays.matrix(self.z)


@dataclass(frozen=True, eq=False, repr=False)
class ForwardPass(Displayable):
    """Every layer's values for the input ``X``, and the network's output ``y`` (Values);
    ``output`` is its exact SymPy form."""

    X: Matrix
    layers: tuple[LayerValues, ...]
    y: np.ndarray

    def __repr__(self) -> str:
        rows = self.y.shape[0]
        first = ", ".join(v.decimal(6) for v in self.y[0])
        return (f"ForwardPass({len(self.layers)} layer{'s' if len(self.layers) > 1 else ''}, "
                f"{rows} row{'s' if rows > 1 else ''}: y ≈ [{first}]{' ...' if rows > 1 else ''})")

    @cached_property
    def output(self) -> Matrix:
        """Return the network's output exactly, as a SymPy matrix."""
        return arrays.matrix(self.y)


@dataclass(frozen=True, repr=False)
class Network(Displayable):
    """Layers applied in order, then an output function: ``identity`` (also written
    ``linear`` or ``none``), ``softmax``, or ``sigmoid`` (also ``logistic``).

    >>> Network([Layer([[1]], [0], "relu"), Layer([[1, 1]], [0, 0], "identity")]).shape
    (1, 1, 2)
    >>> Network([Layer([[1]], [0], "relu")], output="linear").output
    'identity'
    >>> Network([Layer([[1]], [0], "relu")], output="softmx")
    Traceback (most recent call last):
    ...
    symnn.errors.SpecError: output: unknown output function 'softmx' (did you mean 'softmax'?)
    """

    layers: Sequence[Layer]
    output: str = "identity"

    def __post_init__(self) -> None:
        layers = tuple(self.layers)
        if not layers:
            raise SpecError("a network needs at least one layer")
        for k in range(1, len(layers)):
            if layers[k].inputs != layers[k - 1].outputs:
                raise SpecError(f"layer {k + 1}: W has {layers[k].inputs} rows but layer {k} "
                                f"has {layers[k - 1].outputs} outputs")
        name = self.output.strip().lower() if isinstance(self.output, str) else None
        if name not in OUTPUT_NAMES:
            if not isinstance(self.output, str):
                raise SpecError(f"output: expected the name of the output function (a string), "
                                f"got {type(self.output).__name__}")
            raise SpecError(f"output: unknown output function {self.output!r}"
                            f"{did_you_mean(name, OUTPUT_NAMES)}")
        object.__setattr__(self, "output", OUTPUT_NAMES[name])
        object.__setattr__(self, "layers", layers)

    def __repr__(self) -> str:
        return (f"Network({'-'.join(map(str, self.shape))}, "
                f"{'/'.join(layer.activation for layer in self.layers)}, output={self.output})")

    @property
    def shape(self) -> tuple[int, ...]:
        """Return the widths: inputs, then each layer's outputs."""
        return (self.layers[0].inputs, *(layer.outputs for layer in self.layers))

    def forward(self, X: Any, parameters: dict[str, np.ndarray] | None = None) -> ForwardPass:
        """Return every layer's A and Z and the output for X (one row or a batch of rows).

        ``parameters`` maps W1, b1, ... to arrays of Values that stand in for the layers' own
        weights (the weights after a step of an optimizer).

        >>> net = Network([Layer([[1, -1]], [0, 0], "relu")], output="softmax")
        >>> net.forward([2]).output
        Matrix([[exp(2)/(1 + exp(2)), 1/(1 + exp(2))]])
        """
        X = exact_matrix(X, "input")
        if X.cols != self.shape[0]:
            raise SpecError(f"input: has {X.cols} columns but layer 1 takes "
                            f"{self.shape[0]} inputs")
        work = X.rows * sum(layer.inputs * layer.outputs for layer in self.layers)
        if work > MAX_EXACT_WORK:
            raise SpecError(f"this network and input take {work:,} multiplications per pass; "
                            f"exact work stops at {MAX_EXACT_WORK:,} (a network a teacher works "
                            "by hand, or a few hundred weights more). Use symnn.compile or "
                            "'symnn train' for networks this large")
        done, Z = [], arrays.array(X)
        for k, layer in enumerate(self.layers, start=1):
            own = None if parameters is None else (parameters[f"W{k}"], parameters[f"b{k}"])
            try:
                A, Z = layer.forward(Z, own)
            except NumberError as e:
                kind = PrecisionError if isinstance(e, PrecisionError) else SpecError
                raise kind(f"layer {k}: {e}") from None
            done.append(LayerValues(A, Z))
        y = softmax(Z) if self.output == "softmax" else sigmoid(Z) \
            if self.output == "sigmoid" else Z
        return ForwardPass(X, tuple(done), y)


def loss_value(name: str, output: Any, target: Any) -> Any:
    """Return the loss ``name`` of the network output against the target, exactly.

    ``output`` is a SymPy matrix (the loss is a SymPy value) or an array of Values (a Value).

    >>> loss_value("mse", Matrix([[1, 0]]), [0, 0])
    1/2
    """
    T = exact_matrix(target, "target")
    if T.shape != output.shape:
        raise SpecError(f"target: has shape {T.shape} but the output has shape {output.shape}")
    if isinstance(output, np.ndarray):
        T = arrays.array(T)
    return loss_named(name)(output, T)
