"""The network spec file (TOML): a network, its input, and optionally a target, loss and rate.

Numbers are read exactly: TOML's ``0.1`` becomes 1/10 (floats are read as decimals, never as
binary doubles).

>>> spec = parse_spec({"input": [1.0, 0.5],
...                    "layer": [{"W": [[0.1], [0.2]], "b": [0.1], "activation": "identity"}]})
>>> spec.network.forward(spec.input).output
Matrix([[3/10]])
"""

from __future__ import annotations

import math
import re
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
MAX_PARAMETERS = 50_000_000  # numbers in all the arrays of an .npz (400 MB as float64)
MAX_MEMBERS = 1_000  # arrays in one .npz (W1, b1, ... of up to 500 layers)


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


MAX_NESTING = 32  # levels of dotted keys, tables and arrays (a matrix of rows is two)
_STRINGS_AND_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*')
_DEEP_KEY = re.compile(r"(?:\.[^=\n,\[\]{}.]*){" + str(MAX_NESTING + 1) + "}")
_DEEP_BRACKETS = re.compile(r"[\[{](?:[^\[\]{}]*[\[{]){" + str(MAX_NESTING) + "}")


def toml_nesting_ok(text: str) -> bool:
    r"""Return whether no key of a TOML text has more than :data:`MAX_NESTING` dotted parts and
    no run of brackets opens deeper; found in linear time, before any parser sees the text
    (a dotted key of 40,000 parts drives the standard parser quadratic).

    >>> toml_nesting_ok("a.b.c = 1\nx = [[0.5, 1.25], [2, 3]]"), toml_nesting_ok("a" + ".a" * 40)
    (True, False)
    """
    bare = _STRINGS_AND_COMMENTS.sub('""', text)  # a number's point is alone between commas
    return _DEEP_KEY.search(bare) is None and _DEEP_BRACKETS.search(bare) is None


def read_toml(path: Path, error: type[SymnnError], limit: int = MAX_BYTES,
              follow: bool = True) -> dict[str, Any]:
    """Return the TOML document at ``path`` with floats as exact decimals, or raise ``error``.

    Only a regular file of at most ``limit`` bytes is read (never /dev/zero or a FIFO, nor a
    link when ``follow`` is False), and only when its keys and brackets nest at most
    :data:`MAX_NESTING` levels deep.
    """
    text = read_text(path, limit, error, follow)
    if not toml_nesting_ok(text):
        raise error(f"not valid TOML for symnn: keys or brackets nested over {MAX_NESTING} "
                    "levels deep", source=str(path))
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
    read, and no Python object is ever loaded from it (no pickles).  The archive's directory
    and each array's header are checked before any array is unpacked: at most
    :data:`MAX_MEMBERS` members, arrays of numbers whose stated shape matches their stored
    size, :data:`MAX_PARAMETERS` numbers in all (a small zip bomb cannot grow memory).

    >>> read_weights("no-such.npz", 1, Path("."))
    Traceback (most recent call last):
    ...
    symnn.errors.SpecError: no-such.npz, cannot read: no such file
    """
    import io
    import zipfile

    if not isinstance(name, str) or not name:
        raise SpecError(f"weights: expected the name of an .npz file, got {name!r}")
    data = read_bytes(folder / name, MAX_WEIGHTS, SpecError)
    not_npz = SpecError(f"weights: {name} is not an .npz file of number arrays (as "
                        "numpy.savez writes)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise not_npz from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise SpecError(f"weights: {name} holds {len(members):,} arrays; symnn reads "
                            f"files of at most {MAX_MEMBERS}")
        arrays = {m.filename[:-4]: m for m in members if m.filename.endswith(".npy")
                  and len(m.filename) <= 16
                  and m.filename[:1] in "Wb" and m.filename[1:-4].isdigit()}
        unpacked = sum(m.file_size for m in arrays.values())
        if unpacked > 8 * MAX_PARAMETERS + 4096 * len(arrays):
            raise SpecError(f"weights: {name} unpacks to {unpacked:,} bytes; symnn reads at "
                            f"most {MAX_PARAMETERS:,} weights")
        stored = {key: _array(archive, member, name) for key, member in arrays.items()
                  if 1 <= int(key[1:]) <= layers}
    found = []
    for k in range(1, layers + 1):
        pair = []
        for key in (f"W{k}", f"b{k}"):
            if key not in stored:
                raise SpecError(f"weights: {name} has no array {key} (layer {k}); it has "
                                f"{', '.join(sorted(arrays)) or 'no W1, b1, ... arrays'}")
            pair.append(stored[key])
        found.append(tuple(pair))
    extra = sorted(set(arrays) - {f"{c}{k}" for k in range(1, layers + 1) for c in "Wb"})
    if extra:
        raise SpecError(f"weights: {name} has {', '.join(extra)} but the spec has {layers} "
                        f"layer{'s' if layers > 1 else ''}")
    return found


def _array(archive: Any, member: Any, name: str) -> Any:
    """One array of an .npz as float64: its header read and checked before its data."""
    import numpy as np
    from numpy.lib import format as npy

    key = member.filename[:-4]
    try:
        with archive.open(member) as handle:
            version = npy.read_magic(handle)
            if version == (1, 0):
                shape, fortran, dtype = npy.read_array_header_1_0(handle)
            else:
                shape, fortran, dtype = npy.read_array_header_2_0(handle)
            if dtype.hasobject:  # a pickle: never loaded
                raise SpecError(f"weights: {name} is not an .npz file of number arrays (as "
                                f"numpy.savez writes): {key} holds Python objects")
            if dtype.kind not in "fiu":
                raise SpecError(f"weights: {name}, {key} holds {dtype} values, not numbers")
            count = math.prod(shape)
            if count > MAX_PARAMETERS or count * dtype.itemsize > member.file_size:
                raise SpecError(f"weights: {name}, {key} claims shape {shape}, more than "
                                f"the file holds or than symnn reads ({MAX_PARAMETERS:,} "
                                "numbers)")
            array = np.frombuffer(handle.read(count * dtype.itemsize), dtype=dtype)
    except SymnnError:
        raise
    except Exception:  # a broken header (numpy raises ValueError, SyntaxError, TokenError, ...)
        raise SpecError(f"weights: {name}, {key} is not a NumPy array file (its header "
                        "cannot be read)") from None
    if array.size != count:
        raise SpecError(f"weights: {name}, {key} is shorter than its shape {shape} says")
    array = array.reshape(shape, order="F" if fortran else "C")
    return array.astype(np.float64)
