"""Gradient descent by hand with an optimizer: a few steps on a spec, every intermediate exact.

Each step runs the forward pass at the current parameters, the loss and the backward pass
(:mod:`symnn.backprop`), then the optimizer's update (:mod:`symnn.optim`): SGD, momentum,
AdaGrad, RMSProp or Adam, with every velocity, moment, bias correction and step kept. Numbers
are :class:`~symnn.values.Value` s, exact where rational; a square root that is not rational
is a sure interval, so a later step computes on it just as well (every digit shown is right).

>>> from symnn.spec import parse_spec
>>> spec = parse_spec({"input": [1], "target": [1], "loss": "half_sse",
...                    "layer": [{"W": [[2]], "b": [0], "activation": "identity"}]})
>>> run = descent(spec, {"name": "momentum", "lr": 0.5, "momentum": 0.5}, steps=2)
>>> [arrays.matrix(s.update.parameters["W1"])[0] for s in run.steps]
[3/2, 5/4]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from symnn import arrays, values
from symnn.backprop import Backward, backward
from symnn.display import Displayable
from symnn.errors import NumberError, SpecError
from symnn.network import ForwardPass
from symnn.numbers import exact
from symnn.optim import SCALARS, Optimizer, Update, optimizer
from symnn.spec import Spec

MAX_STEPS = 20  # steps worked by hand in one run
# Operations in all the closed forms --exact would print: past this, printing them takes
# minutes (each step's forms hold the last step's whole), so decimals are what to show.
MAX_EXACT_FORMS = 50_000


@dataclass(frozen=True, eq=False)
class DescentStep:
    """Step ``t``: the parameters it starts from, the forward pass, the loss, the backward
    pass and the optimizer's update (``update.quantities``, ``update.parameters``)."""

    t: int
    parameters: dict[str, np.ndarray]
    forward: ForwardPass
    loss: values.Value
    backward: Backward
    update: Update

    @property
    def gradients(self) -> dict[str, np.ndarray]:
        """Return dL/dW and dL/db of every layer at this step's parameters."""
        return self.backward.gradients

    def numbers(self) -> list[values.Value]:
        """Return every number the step shows: sums, activations, output, loss, gradients,
        the optimizer's quantities and the new parameters."""
        arrays_ = [a for v in self.forward.layers for a in (v.a, v.z)]
        arrays_ += [self.forward.y, *self.gradients.values(), *self.update.scalars.values()]
        arrays_ += [a for q in self.update.quantities.values() for a in q.values()]
        out = [self.loss]
        for a in arrays_:
            out += list(a.ravel()) if isinstance(a, np.ndarray) else [a]
        return out

    def to_dict(self, exact_strings: bool = False) -> dict[str, Any]:
        """Return the step as JSON data: layers, loss, gradients, the optimizer's shared
        numbers and each parameter's intermediates, and the parameters after it."""
        def shaped(name: str, v: Any) -> Any:
            return arrays.data(v, exact_strings, rows=name.startswith("W"))

        return {
            "t": self.t,
            "layers": [{"A": arrays.data(v.a, exact_strings), "Z": arrays.data(v.z, exact_strings)}
                       for v in self.forward.layers],
            "output": arrays.data(self.forward.y, exact_strings),
            "loss": arrays.data(self.loss, exact_strings),
            "gradients": {k: shaped(k, v) for k, v in self.gradients.items()},
            "shared": {SCALARS[k].text: arrays.data(v, exact_strings)
                       for k, v in self.update.scalars.items()},
            "optimizer": {p: {k: shaped(p, v) for k, v in q.items() if k != "p"}
                          for p, q in self.update.quantities.items()},
            "updated": {k: shaped(k, v) for k, v in self.update.parameters.items()},
        }


@dataclass(frozen=True, eq=False, repr=False)
class Descent(Displayable):
    """Steps of gradient descent with an optimizer on a spec, in order."""

    spec: Spec
    optimizer: Optimizer
    steps: tuple[DescentStep, ...]

    def __repr__(self) -> str:
        losses = " -> ".join(s.loss.decimal(6) for s in self.steps)
        return (f"Descent({self.optimizer.title}, {len(self.steps)} step"
                f"{'s' * (len(self.steps) != 1)}: loss {losses})")

    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """Return the parameters after the last step."""
        return self.steps[-1].update.parameters

    def check_exact(self) -> None:
        """Raise an error, before minutes are spent, when the closed forms of the numbers
        would have more than :data:`MAX_EXACT_FORMS` operations in all."""
        for step in self.steps:
            size = sum(v.size for v in step.numbers() if v.exact is None)
            if size > MAX_EXACT_FORMS:
                raise SpecError(
                    f"step {step.t}: the exact forms have about {size:,} operations in all "
                    f"(over {MAX_EXACT_FORMS:,}): every step's forms hold the last step's "
                    "whole; show decimals (every digit is certain), or work fewer steps "
                    "exactly", source=self.spec.source)

    def to_dict(self, exact_strings: bool = False) -> dict[str, Any]:
        """Return the run as JSON data: the optimizer and its hyper-parameters, then each
        step (see :meth:`DescentStep.to_dict`). Exact strings are refused, in one line, when
        their closed forms would take minutes to print.

        >>> from symnn.spec import load_spec
        >>> run = descent(load_spec("examples/two_two_two.toml"), "adam", steps=2)
        >>> run.to_dict(exact_strings=True)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        symnn.errors.SpecError: examples/two_two_two.toml, step 2: the exact forms have about ...
        """
        from symnn.numbers import to_data

        if exact_strings:
            self.check_exact()

        return {"optimizer": {"name": self.optimizer.name,
                              **to_data(self.optimizer.hyperparameters(), exact_strings)},
                "steps": [s.to_dict(exact_strings) for s in self.steps]}


def descent(spec: Spec, rule: Any = None, steps: int = 1, learning_rate: Any = None
            ) -> Descent:
    """Return ``steps`` steps of the optimizer ``rule`` on the spec's input and target.

    ``rule`` is an optimizer, a name (``"adam"``) or a table (``{"name": "adam", "beta1":
    0.8}``); by default the spec's ``optimizer``, else plain SGD. ``learning_rate`` (else the
    rule's own lr if it was given, else the spec's learning_rate, else PyTorch's default)
    is the step size.

    >>> from symnn.spec import load_spec
    >>> run = descent(load_spec("examples/two_two_two.toml"), "adam", steps=2)
    >>> run
    Descent(Adam, 2 steps: loss 0.298371 -> 0.129675)
    """
    if spec.target is None:
        raise SpecError("a training step needs a target (and a loss)", source=spec.source)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        raise SpecError(f"steps: a whole number from 1 to {MAX_STEPS}, got {steps!r}")
    chosen = _chosen(spec, rule, learning_rate)
    params = {}
    for k, layer in enumerate(spec.network.layers, start=1):
        params[f"W{k}"], params[f"b{k}"] = layer.arrays
    state, done = None, []
    for t in range(1, steps + 1):
        try:
            forward = spec.network.forward(spec.input, None if t == 1 else params)
            back = backward(spec.network, forward, spec.target, spec.loss,
                            None if t == 1 else params)
            loss = spec.loss_value(forward.y)
            update = chosen.update(params, back.gradients, state, t)
        except NumberError as e:
            raise SpecError(f"step {t}: {e}", source=spec.source) from None
        done.append(DescentStep(t, params, forward, loss, back, update))
        params, state = update.parameters, update.state
    return Descent(spec, chosen, tuple(done))


def _chosen(spec: Spec, rule: Any, learning_rate: Any) -> Optimizer:
    """The optimizer, with its learning rate: given > the rule's own > the spec's."""
    if rule is None:
        rule = spec.optimizer if spec.optimizer is not None else "sgd"
    own = isinstance(rule, Optimizer) or (isinstance(rule, dict) and "lr" in rule) or \
        (rule is spec.optimizer and rule is not None)
    found = optimizer(rule)
    if learning_rate is not None:
        return optimizer(found, lr=exact(learning_rate, "learning rate"))
    if not own and spec.learning_rate is not None:
        return optimizer(found, lr=spec.learning_rate)
    return found


__all__ = ["MAX_STEPS", "Descent", "DescentStep", "descent"]
