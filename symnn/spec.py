"""The network spec file (TOML): a network, its input, and optionally a target, loss and rate.

Numbers are read exactly: TOML's ``0.1`` becomes 1/10 (floats are read as decimals, never as
binary doubles).

>>> spec = parse_spec({"input": [1.0, 0.5],
...                    "layer": [{"W": [[0.1], [0.2]], "b": [0.1], "activation": "identity"}]})
>>> spec.network.forward(spec.input).output
Matrix([[3/10]])
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sympy import Expr, Matrix

from symnn.display import Displayable
from symnn.errors import SpecError, SymnnError, did_you_mean
from symnn.files import read_bytes, read_text
from symnn.losses import loss as loss_named
from symnn.network import Layer, Network, loss_value
from symnn.numbers import exact, exact_matrix

TOP_KEYS = ("input", "target", "loss", "learning_rate", "output", "weights", "optimizer",
            "layer")
LAYER_KEYS = ("W", "b", "activation", "slope")
MAX_WEIGHTS = 2_000_000_000  # bytes of an .npz of weights (784-1024-1024-10 is 15 MB)


@dataclass(frozen=True)
class Spec(Displayable):
    """A parsed spec: the ``network``, its ``input`` rows and the optional training settings."""

    network: Network
    input: Matrix
    target: Matrix | None = None
    loss: str | None = None
    learning_rate: Expr | None = None
    one_row: bool = True
    source: str = "spec"
    optimizer: Any = None  # a symnn.optim.Optimizer, from optimizer = { name = "adam", ... }

    def loss_value(self, output: Matrix) -> Expr | None:
        """Return the loss of ``output`` against the target, or None without a target."""
        if self.target is None:
            return None
        return loss_value(self.loss, output, self.target)


def load_spec(path: str | Path) -> Spec:
    """Return the spec read from the TOML file at ``path``; errors name the file.

    >>> load_spec("no/such/file.toml")
    Traceback (most recent call last):
    ...
    symnn.errors.SpecError: no/such/file.toml, cannot read: no such file
    """
    path = Path(path)
    data = read_toml(path, SpecError)
    return parse_spec(data, str(path), folder=path.parent)


MAX_BYTES = 8_000_000  # a spec a teacher writes is far smaller (a 500 x 500 layer is 2 MB)


def read_toml(path: Path, error: type[SymnnError], limit: int = MAX_BYTES) -> dict[str, Any]:
    """Return the TOML document at ``path`` with floats as exact decimals, or raise ``error``.

    Only a regular file of at most ``limit`` bytes is read (never /dev/zero or a FIFO).
    """
    text = read_text(path, limit, error)
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as e:
        raise error(f"not valid TOML: {e}", source=str(path)) from None
    except RecursionError:
        raise error("not valid TOML (nested too deeply)", source=str(path)) from None
    except ValueError as e:  # Python's guard on integers of over 4300 digits
        raise error(f"not valid TOML: {e}", source=str(path)) from None


def _check_keys(table: dict, allowed: tuple[str, ...], where: str, source: str) -> None:
    for key in table:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            raise SpecError(f"{where}unknown key {key!r}{hint}", source=source)


def parse_spec(data: dict[str, Any], source: str = "spec", folder: Path | None = None) -> Spec:
    """Return the spec described by ``data`` (a parsed TOML document), checked key by key.

    ``weights = "net.npz"`` takes every layer's W and b from arrays W1, b1, W2, ... in that
    file (read relative to ``folder``, the spec's own folder); the layers then give only their
    activation. A loss may be given without a target: compiled models get targets per batch.
    ``optimizer = { name = "adam", beta1 = 0.9 }`` names the update rule of ``symnn step``
    and ``symnn train`` (its lr is learning_rate when it gives none); a ``leaky_relu`` layer
    may give its ``slope``.

    >>> parse_spec({"input": [1], "optimizer": {"name": "adam"}, "learning_rate": 0.1,
    ...             "layer": [{"W": [[1]], "b": [0], "activation": "identity"}]}).optimizer
    Adam(lr=1/10, beta1=9/10, beta2=999/1000, eps=1/100000000)

    >>> parse_spec({"input": [1], "layer": [{"W": [[1]], "b": [0], "activaton": "relu"}]})
    Traceback (most recent call last):
    ...
    symnn.errors.SpecError: spec, layer 1: unknown key 'activaton' (did you mean 'activation'?)
    """
    if not isinstance(data, dict):
        raise SpecError("expected a table of keys", source=source)
    _check_keys(data, TOP_KEYS, "", source)
    for key in ("input", "layer"):
        if key not in data:
            raise SpecError(f"missing key {key!r}", source=source)
    layers = data["layer"]
    if not isinstance(layers, list) or not layers or not all(isinstance(x, dict) for x in layers):
        raise SpecError("'layer' must be one or more [[layer]] tables", source=source)
    try:
        arrays = None
        if "weights" in data:
            arrays = read_weights(data["weights"], len(layers), folder or Path("."))
        built = []
        for k, table in enumerate(layers, start=1):
            _check_keys(table, LAYER_KEYS, f"layer {k}: ", source)
            needed = ("activation",) if arrays else ("W", "b", "activation")
            for key in LAYER_KEYS:
                if arrays and key in ("W", "b") and key in table:
                    raise SpecError(f"layer {k}: {key} is given here and in the weights file "
                                    f"{data['weights']}; give it in one place")
                if key in needed and key not in table:
                    raise SpecError(f"layer {k}: missing key {key!r}", source=source)
            W, b = arrays[k - 1] if arrays else (table["W"], table["b"])
            built.append(Layer(W, b, _activation(table, f"layer {k}"), where=f"layer {k}"))
        network = Network(built, data.get("output", "identity"))
        raw = data["input"]
        one_row = not (isinstance(raw, list) and raw and isinstance(raw[0], list))
        X = exact_matrix(data["input"], "input")
        if X.cols != network.shape[0]:
            raise SpecError(f"input: has {X.cols} columns but layer 1 W has "
                            f"{network.shape[0]} rows")
        target = loss = None
        if "target" in data:
            target = exact_matrix(data["target"], "target")
            if target.shape != (X.rows, network.shape[-1]):
                raise SpecError(f"target: has shape {target.shape} but the network gives "
                                f"{(X.rows, network.shape[-1])} for the input")
            loss = data.get("loss", "mse")
        elif "loss" in data:
            loss = data["loss"]  # for compile, train and export, which take targets per batch
        if loss is not None:
            loss_named(loss, "loss")
        rate = None
        if "learning_rate" in data:
            rate = exact(data["learning_rate"], "learning_rate")
            if not rate.is_positive:
                raise SpecError(f"learning_rate: must be a positive number, got {rate}")
        optimizer = None
        if "optimizer" in data:
            optimizer = _optimizer(data["optimizer"], rate)
    except SymnnError as e:
        if e.source:
            raise
        raise SpecError(e.message, source=source) from None
    return Spec(network, X, target, loss, rate, one_row, source, optimizer)


def _activation(table: dict[str, Any], where: str) -> str:
    """A layer's activation name; ``slope = 0.2`` beside ``leaky_relu`` is its slope."""
    from symnn.activations import leaky_name

    name = table["activation"]
    if "slope" not in table:
        return name
    if name != "leaky_relu":
        raise SpecError(f"{where}: slope is the leaky ReLU's; this layer's activation is "
                        f"{name!r} (write activation = \"leaky_relu\")")
    return leaky_name(table["slope"])


def _optimizer(table: Any, rate: Expr | None) -> Any:
    """The spec's optimizer; its learning rate is learning_rate when the table has no lr."""
    from symnn.optim import optimizer

    given = isinstance(table, dict) and "lr" in table
    found = optimizer(table, "optimizer")
    if rate is not None and given and found.lr != rate:
        raise SpecError(f"learning_rate = {rate} and optimizer lr = {found.lr}: give the "
                        "learning rate in one place")
    if rate is not None and not given:
        found = optimizer(found, "optimizer", lr=rate)
    return found


def read_weights(name: Any, layers: int, folder: Path) -> list[tuple[Any, Any]]:
    """Return (W, b) float arrays for each layer from the .npz file ``name`` in ``folder``.

    The file holds W1, b1, W2, b2, ... (as ``numpy.savez`` writes them); nothing else in it is
    read, and no Python object is ever loaded from it (no pickles).

    >>> read_weights("no-such.npz", 1, Path("."))
    Traceback (most recent call last):
    ...
    symnn.errors.SpecError: no-such.npz, cannot read: no such file
    """
    import io
    import zipfile

    import numpy as np

    if not isinstance(name, str) or not name:
        raise SpecError(f"weights: expected the name of an .npz file, got {name!r}")
    path = folder / name
    data = read_bytes(path, MAX_WEIGHTS, SpecError)
    try:
        loaded = np.load(io.BytesIO(data), allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):  # one .npy array, not an archive
            raise ValueError("not an archive")
        with loaded as npz:
            stored = {key: npz[key] for key in npz.files
                      if key[:1] in "Wb" and key[1:].isdigit()}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError):
        raise SpecError(f"weights: {name} is not an .npz file of number arrays (as "
                        "numpy.savez writes)") from None
    found = []
    for k in range(1, layers + 1):
        pair = []
        for key in (f"W{k}", f"b{k}"):
            if key not in stored:
                raise SpecError(f"weights: {name} has no array {key} (layer {k}); it has "
                                f"{', '.join(sorted(stored)) or 'no W1, b1, ... arrays'}")
            array = stored[key]
            if array.dtype.kind not in "fiu":
                raise SpecError(f"weights: {name}, {key} holds {array.dtype} values, not numbers")
            pair.append(array.astype(np.float64))
        found.append(tuple(pair))
    extra = sorted(set(stored) - {f"{c}{k}" for k in range(1, layers + 1) for c in "Wb"})
    if extra:
        raise SpecError(f"weights: {name} has {', '.join(extra)} but the spec has {layers} "
                        f"layer{'s' if layers > 1 else ''}")
    return found
