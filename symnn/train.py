"""Training: gradient descent W <- W - α dL/dW on compiled models, in rationals for a few hand
steps, the perceptron learning rule, and the delta rule.

>>> from symnn.perceptron import AND
>>> result = perceptron_rule([(x, AND(*x)) for x in [(0, 0), (0, 1), (1, 0), (1, 1)]])
>>> result.converged, [result.perceptron(*x) for x in [(0, 0), (0, 1), (1, 0), (1, 1)]]
(True, [0, 0, 0, 1])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from symnn import arrays
from symnn.backprop import TrainingStep, train_step
from symnn.compile import Model
from symnn.compile import compile as compile_network
from symnn.display import Displayable
from symnn.errors import TrainingError, did_you_mean
from symnn.files import check_writable, read_text, write_atomic
from symnn.network import Layer, Network
from symnn.numbers import exact
from symnn.perceptron import Perceptron
from symnn.spec import Spec

MAX_DATA = 200_000_000  # bytes of CSV read for training


@dataclass(repr=False)
class History(Displayable):
    """The loss (and accuracy, where it applies) before training, at epoch 0, and after
    every epoch (``loss[k]`` is the loss after epoch k, as ``symnn train`` prints it); a
    notebook draws it.

    >>> History([0.7, 0.4, 0.1])
    History(2 epochs: loss 0.7 -> 0.1)
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        """Return the number of epochs trained (the entries after epoch 0)."""
        return max(len(self.loss) - 1, 0)

    def __repr__(self) -> str:
        if not self.loss:
            return "History(no epochs)"
        accuracy = f", accuracy {self.accuracy[-1]:.4f}" if self.accuracy else ""
        return (f"History({self.epochs} epoch{'s' * (self.epochs != 1)}: loss "
                f"{self.loss[0]:.6g} -> {self.loss[-1]:.6g}{accuracy})")


def _rate(learning_rate: Any) -> float:
    try:
        rate = float(learning_rate)
    except (TypeError, ValueError):
        raise TrainingError(f"learning rate {learning_rate!r} is not a number") from None
    if not np.isfinite(rate) or rate <= 0:
        raise TrainingError(f"learning rate must be a positive number, got {learning_rate!r}")
    return rate


def train(model: Model, X: Any, T: Any, epochs: int, learning_rate: Any = None,
          batch_size: int | None = None, seed: int = 0,
          progress: Callable[[int, float, float | None], None] | None = None,
          optimizer: Any = None) -> History:
    """Run mini-batch gradient descent on ``model`` in place and return the loss history,
    epoch 0 (before training) first.

    ``optimizer`` (``"adam"``, ``symnn.Adam(lr=0.01)``, a table) takes each step instead of
    plain gradient descent, from fresh state; ``learning_rate``, when given, is its lr. Rows
    are shuffled each epoch with a generator seeded by ``seed``, so a run repeats exactly;
    ``progress(epoch, loss, accuracy)`` is called for epoch 0 and after every epoch.

    >>> model = compile_network("examples/one_step.toml")
    >>> history = train(model, [[1.0, 0.5]], [[0, 1]], epochs=3, optimizer="adam")
    >>> history.epochs, len(history.loss), history.loss[0] > history.loss[-1]
    (3, 4, True)
    """
    rule = None
    if optimizer is not None:
        from symnn.optim import optimizer as optimizer_named

        rule = optimizer_named(optimizer) if learning_rate is None else \
            optimizer_named(optimizer, lr=learning_rate)
        learning_rate = rule.lr
    rate = check_settings(epochs, learning_rate, batch_size, seed)
    X = model._inputs(X)
    T = model._targets(T, X.shape[0])
    size = X.shape[0] if batch_size is None else batch_size
    rng = np.random.default_rng(seed)
    history = History()
    scored = T.shape[1] > 1 or model.output != "softmax"
    model.optimizer_state = None
    # Overflow is caught below, as a loss or weight that is no longer finite: no warnings.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        history.loss.append(model.loss(X, T))
        if scored:
            history.accuracy.append(model.accuracy(X, T))
        if progress is not None:
            progress(0, history.loss[0], history.accuracy[0] if scored else None)
        for epoch in range(1, epochs + 1):
            order = rng.permutation(X.shape[0])
            for start in range(0, X.shape[0], size):
                rows = order[start:start + size]
                if rule is None:
                    model.update(model.gradients(X[rows], T[rows]), rate)
                else:
                    model.update(model.gradients(X[rows], T[rows]), optimizer=rule)
            history.loss.append(model.loss(X, T))
            broken = "the loss" if not np.isfinite(history.loss[-1]) else next(
                (name for name, p in model.parameters.items() if not np.all(np.isfinite(p))), None)
            if broken is not None:
                raise TrainingError(f"epoch {epoch}: {broken} is no longer a finite number; the "
                                    f"learning rate {rate:g} is too large (try a smaller one)")
            accuracy = model.accuracy(X, T) if scored else None
            if accuracy is not None:
                history.accuracy.append(accuracy)
            if progress is not None:
                progress(epoch, history.loss[-1], accuracy)
        return history


def check_settings(epochs: Any, learning_rate: Any, batch_size: Any, seed: Any) -> float:
    """Return the learning rate as a float once every setting of :func:`train` is valid.

    >>> check_settings(10, "0.1", None, 0)
    0.1
    >>> check_settings(0, 0.1, None, 0)
    Traceback (most recent call last):
    ...
    symnn.errors.TrainingError: epochs must be a whole number of at least 1, got 0
    """
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise TrainingError(f"epochs must be a whole number of at least 1, got {epochs!r}")
    if batch_size is not None and (isinstance(batch_size, bool) or
                                   not isinstance(batch_size, int) or batch_size < 1):
        raise TrainingError(f"batch size must be a whole number of at least 1, got "
                            f"{batch_size!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise TrainingError(f"seed must be a whole number of at least 0, got {seed!r}")
    return _rate(learning_rate)


def _rng(seed: Any) -> np.random.Generator:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise TrainingError(f"seed must be a whole number of at least 0, got {seed!r}")
    return np.random.default_rng(seed)


def train_exact(spec: Spec, steps: int) -> list[TrainingStep]:
    """Return ``steps`` steps of gradient descent on the spec in exact rationals.

    Each step starts from the previous step's updated weights, so every step after the first
    needs rational weights: a network of identity, relu or step layers. After a sigmoid or
    tanh layer the weights involve exp and only one exact step is possible (``symnn step``).
    """
    if steps < 1:
        raise TrainingError("steps must be at least 1")
    done = []
    for number in range(1, steps + 1):
        step = train_step(spec)
        done.append(step)
        if number == steps:
            break
        updated = {k: arrays.matrix(v) for k, v in step.updated.items()}
        if not all(x.is_Rational for m in updated.values() for x in m):
            raise TrainingError(f"after step {number} the weights are no longer rational "
                                "numbers (a sigmoid, tanh or softmax makes them involve exp), so "
                                "an exact step cannot start from them; exact training of more "
                                "than one step needs identity, relu or step layers and no "
                                "softmax (one step: symnn step)")
        layers = [Layer(updated[f"W{k}"], updated[f"b{k}"], layer.activation, where=f"layer {k}")
                  for k, layer in enumerate(spec.network.layers, start=1)]
        spec = Spec(Network(layers, spec.network.output), spec.input, spec.target, spec.loss,
                    spec.learning_rate, spec.one_row, spec.source)
    return done


@dataclass(frozen=True)
class PerceptronResult:
    """What the perceptron learning rule reached: weights, whether it converged, epochs used."""

    perceptron: Perceptron
    converged: bool
    epochs: int
    errors: tuple[int, ...]


def perceptron_rule(rows: Sequence[tuple[Sequence[int], int]], eta: Any = 1,
                    max_epochs: int = 100) -> PerceptronResult:
    """Return Rosenblatt's rule w <- w + η (t - y) x, b <- b + η (t - y), run in rationals.

    It stops after an epoch with no mistakes (``converged``) or after ``max_epochs``; on XOR it
    never converges, which is the lecture's point.
    """
    eta = exact(eta, "eta")
    if not eta.is_positive:
        raise TrainingError(f"eta must be a positive number, got {eta}")
    try:
        rows = [(tuple(x), int(t)) for x, t in rows]
    except (TypeError, ValueError):
        raise TrainingError("the perceptron rule takes rows of (inputs, label 0 or 1)") from None
    if not rows or not rows[0][0] or any(len(x) != len(rows[0][0]) or t not in (0, 1)
                                         for x, t in rows):
        raise TrainingError("the perceptron rule needs rows of inputs of one length, each with "
                            "a label 0 or 1")
    n = len(rows[0][0])
    w = [exact(0)] * n
    b = exact(0)
    errors = []
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x, t in rows:
            y = 1 if sum(wi * xi for wi, xi in zip(w, x)) + b > 0 else 0
            if y != t:
                mistakes += 1
                w = [wi + eta * (t - y) * xi for wi, xi in zip(w, x)]
                b = b + eta * (t - y)
        errors.append(mistakes)
        if mistakes == 0:
            return PerceptronResult(Perceptron(tuple(w), b, "learned"), True, epoch,
                                    tuple(errors))
    return PerceptronResult(Perceptron(tuple(w), b, "learned"), False, max_epochs, tuple(errors))


def delta_rule(X: Any, t: Any, learning_rate: Any = 0.5, epochs: int = 1000,
               seed: int = 0) -> tuple[Model, History]:
    """Train one sigmoid neuron with the delta rule (gradient descent on (y - t)²/2)."""
    X = np.asarray(X, dtype=np.float64)
    rng = _rng(seed)
    layer = Layer(rng.normal(0, 0.5, size=(X.shape[1], 1)), np.zeros(1), "sigmoid")
    model = compile_network(Network([layer]), loss="half_sse")
    history = train(model, X, np.asarray(t, dtype=np.float64).reshape(-1, 1), epochs,
                    learning_rate, seed=seed)
    return model, history


INITS = ("auto", "xavier", "xavier_normal", "he", "he_uniform")


def initial_network(shape: Sequence[int], activation: str = "sigmoid",
                    output: str = "identity", seed: int = 0, init: str = "auto") -> Network:
    """Return a network of the given widths with random weights drawn by ``init`` and zero
    biases, the last layer's activation the identity when the output is softmax (or sigmoid).

    With n_in inputs and n_out outputs to a layer, as the papers and ``torch.nn.init`` define:

    - ``xavier``: Glorot uniform, U(-a, a) with a = sqrt(6 / (n_in + n_out)) (Glorot and
      Bengio 2010, eq. 16; ``xavier_uniform_``, Keras' ``glorot_uniform``);
    - ``xavier_normal``: N(0, 2 / (n_in + n_out)), standard deviation sqrt(2/(n_in + n_out));
    - ``he``: He normal, N(0, 2 / n_in), standard deviation sqrt(2 / n_in) (He et al. 2015;
      ``kaiming_normal_``, fan in);
    - ``he_uniform``: U(-a, a) with a = sqrt(6 / n_in);
    - ``auto`` (the default): ``he`` for relu layers, else N(0, 1 / n_in) (LeCun normal).

    The weights of each layer are drawn in turn from ``numpy.random.default_rng(seed)``, so
    the same seed gives the same network.

    >>> net = initial_network((2, 3), "tanh", init="xavier", seed=1)
    >>> W = net.layers[0].floats()[0]
    >>> bool(np.all(np.abs(W) <= np.sqrt(6 / 5)))
    True
    >>> initial_network((2, 3), init="glorot")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symnn.errors.TrainingError: init: unknown initialization 'glorot' (...; Glorot's is xavier)
    """
    shape = list(shape)
    if len(shape) < 2 or any(isinstance(n, bool) or not isinstance(n, int) or n < 1
                             for n in shape):
        raise TrainingError(f"a network's widths are two or more whole numbers of at least 1, "
                            f"got {shape!r}")
    if init not in INITS:
        # Glorot and Kaiming He name the same draws in other libraries.
        other = {"glorot": "Glorot's is xavier", "kaiming": "Kaiming's is he"}
        hint = next((f" (one of {', '.join(INITS)}; {words})" for prefix, words in
                     other.items() if str(init).startswith(prefix)), did_you_mean(init, INITS))
        raise TrainingError(f"init: unknown initialization {init!r}{hint}")
    rng = _rng(seed)
    layers = []
    for k, (n_in, n_out) in enumerate(zip(shape, shape[1:]), start=1):
        last = k == len(shape) - 1
        h = "identity" if last and output in ("softmax", "sigmoid") else activation
        size = (n_in, n_out)
        kind = ("he" if h == "relu" else "lecun") if init == "auto" else init
        if kind == "xavier":
            limit = np.sqrt(6.0 / (n_in + n_out))
            W = rng.uniform(-limit, limit, size=size)
        elif kind == "he_uniform":
            limit = np.sqrt(6.0 / n_in)
            W = rng.uniform(-limit, limit, size=size)
        else:
            variance = {"xavier_normal": 2.0 / (n_in + n_out), "he": 2.0 / n_in,
                        "lecun": 1.0 / n_in}[kind]
            W = rng.normal(0.0, np.sqrt(variance), size=size)
        layers.append(Layer(W, np.zeros(n_out), h, where=f"layer {k}"))
    return Network(layers, output)


def load_csv(path: str | Path, inputs: int, outputs: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (X, T) from a CSV of features then targets: ``outputs`` columns (one-hot or
    values), or one column of class numbers 0..outputs-1 turned into one-hot rows."""
    path = Path(path)
    text = read_text(path, MAX_DATA, TrainingError)
    rows = []
    width = None
    try:
        numbered = list(enumerate(csv.reader(text.splitlines()), start=1))
    except csv.Error as e:
        raise TrainingError(f"not a CSV file ({e})", source=str(path)) from None
    for number, row in numbered:
        if not row or all(not cell.strip() for cell in row):
            continue
        try:
            values = [float(cell) for cell in row]
        except ValueError:
            if number == 1 and rows == []:
                continue  # a header line
            bad = next(c for c in row if not _is_float(c))
            raise TrainingError(f"line {number}: {bad!r} is not a number",
                                source=str(path)) from None
        if width is None:
            width = len(values)
        elif len(values) != width:
            raise TrainingError(f"line {number}: {len(values)} values but the first row has "
                                f"{width}", source=str(path))
        if not all(np.isfinite(values)):
            raise TrainingError(f"line {number}: NaN or infinite value", source=str(path))
        rows.append(values)
    if not rows:
        raise TrainingError("no data rows", source=str(path))
    data = np.array(rows)
    if width == inputs + outputs:
        return data[:, :inputs], data[:, inputs:]
    if width == inputs + 1 and outputs > 1:
        labels = data[:, inputs]
        if not np.all((labels == np.round(labels)) & (labels >= 0) & (labels < outputs)):
            raise TrainingError(f"the last column must hold class numbers 0 to {outputs - 1}",
                                source=str(path))
        return data[:, :inputs], np.eye(outputs)[labels.astype(int)]
    raise TrainingError(f"{width} columns, but the network takes {inputs} inputs and gives "
                        f"{outputs} outputs (expected {inputs + outputs}"
                        f"{f' or {inputs + 1}' if outputs > 1 else ''} columns)",
                        source=str(path))


def _is_float(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def save_spec(model: Model, path: str | Path, learning_rate: Any = None,
              inline: int = 10_000) -> Path | None:
    """Write the model's (trained) parameters, output and loss as a spec file, whole or not at
    all. Up to ``inline`` parameters are written in the file; more go to an .npz beside it
    (``weights = "NAME.npz"``), whose path is returned.

    >>> import tempfile
    >>> from symnn.compile import compile
    >>> path = Path(tempfile.mkdtemp()) / "trained.toml"
    >>> save_spec(compile("examples/one_step.toml"), path) is None
    True
    >>> 'loss = "cross_entropy"' in path.read_text()
    True
    """
    path = Path(path)
    params = {k: np.asarray(v, dtype=np.float64) for k, v in model.parameters.items()}
    large = sum(v.size for v in params.values()) > inline
    for target in (path, path.with_suffix(".npz")) if large else (path,):
        check_writable(target, TrainingError)  # before either file is written
    lines = []
    if learning_rate is not None:
        lines.append(f"learning_rate = {float(learning_rate)!r}")
    lines += [f'output = "{model.output}"', f'loss = "{model.loss_name}"']
    # A spec needs an input row; the trained parameters are what this file is for.
    lines.append("input = [" + ", ".join(["0.0"] * model.shape[0]) + "]")
    weights = None
    if large:
        weights = path.with_suffix(".npz")
        buffer = io.BytesIO()
        np.savez(buffer, **params)
        write_atomic(weights, buffer.getvalue())
        lines.append(f'weights = "{weights.name}"')
    for k, activation in enumerate(model.activations, start=1):
        lines += ["", "[[layer]]"]
        if weights is None:
            W, b = params[f"W{k}"], params[f"b{k}"]
            rows = ",\n     ".join("[" + ", ".join(repr(float(v)) for v in row) + "]"
                                  for row in W)
            lines += [f"W = [{rows}]", "b = [" + ", ".join(repr(float(v)) for v in b) + "]"]
        lines.append(f'activation = "{activation}"')
    write_atomic(path, "\n".join(lines) + "\n")
    return weights
