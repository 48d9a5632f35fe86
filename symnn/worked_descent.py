"""The derivation of steps of gradient descent with an optimizer (``symnn step --optimizer``):
the first step's forward and backward passes as ``symnn step`` works them, the optimizer's
rules and hyper-parameters, then for every step and every parameter each intermediate
(velocity, moments, bias corrections, the step) with the rule that gives it, and the update.

>>> from symnn.descent import descent
>>> from symnn.spec import load_spec
>>> d = descent_derivation(descent(load_spec("examples/two_two_two.toml"), "adam"), digits=4)
>>> [s.rhs for s in d.steps() if str(s.lhs) == "c_{2}"]
[1/1000]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy import Derivative, Symbol

from symnn import values
from symnn.derivation import Derivation, Frame, Items, Step, Text
from symnn.derive import number
from symnn.descent import Descent, DescentStep
from symnn.display import register
from symnn.optim import EXACT, LETTERS, SCALARS, Optimizer, short
from symnn.worked_network import _sup, backward_frames, layer_frames, loss_frame


def significant_step(lhs: Any, value: Any, digits: int, reason: Any) -> Step:
    """Return ``lhs ≈ value`` with ``digits`` significant digits (moments of 1e-7 keep their
    digits, where a fixed number of decimal places would show 0); ``=`` when exact."""
    entries = list(value.ravel()) if isinstance(value, np.ndarray) else [values.value(value)]
    texts = [v.decimal(digits) for v in entries]
    exact = [v.exact is not None and Fraction(t) == v.exact for v, t in zip(entries, texts)]
    numbers = [sympy.Rational(t) if e else number(t) for t, e in zip(texts, exact)]
    shown = sympy.Matrix(value.shape[0], value.shape[1], numbers) \
        if isinstance(value, np.ndarray) else numbers[0]
    return Step(lhs, shown, reason, "=" if all(exact) else "≈")


def _parameter(name: str) -> Symbol:
    """W1 as W^(1), b2 as b^(2)."""
    return _sup(name[0], int(name[1:]))


def _tex(name: str) -> str:
    return f"{name[0]}^{{({name[1:]})}}"


def rule_frame(rule: Optimizer) -> Frame:
    """Return the optimizer's rules, one line each (Adam's bias corrections after its
    moments), and its hyper-parameters as givens."""
    def line(lhs: str, tex: str) -> Text:
        return Text(f"${lhs} = {tex}$", f"${lhs} = {tex}$")

    quantities = rule.quantities()
    state = [line(q.lhs, q.tex) for q in quantities if q.name in rule.state_names]
    rest = [line(q.lhs, q.tex) for q in quantities if q.name not in rule.state_names]
    shared = [line(SCALARS[k].lhs, SCALARS[k].tex) for k in rule.scalars(1, EXACT)]
    lines = [*state, *shared, *rest,
             Text("$p \\leftarrow p - \\Delta_{t}$", "$p \\leftarrow p - \\Delta_{t}$")]
    givens = [Step(Symbol(LETTERS[k]), number(short(v)) if "e" in short(v) else v, "given")
              for k, v in rule.hyperparameters().items()]
    return Frame(Text(f"the optimizer: {rule.title}", f"최적화 기법: {rule.title_ko}"), (
        Text("Each parameter $p$ with its gradient $g = \\partial L/\\partial p$, at step "
             "$t = 1, 2, \\ldots$ (every state starts at $0$):",
             "매개변수 $p$와 기울기 $g = \\partial L/\\partial p$, 단계 $t = 1, 2, \\ldots$ "
             "(모든 상태는 $0$에서 시작):"),
        Items(tuple(lines))), side=tuple(givens))


def update_frames(step: DescentStep, digits: int) -> list[Frame]:
    """Return each parameter's update: g, each intermediate with its rule, the new value; a
    matrix parameter with many of them (Adam's) on two frames, its state and then its step."""
    rule, t = step.update.optimizer, step.t
    frames = []
    shared = []
    for k, v in step.update.scalars.items():
        tex = SCALARS[k].tex.replace("{t}", f"{{{t}}}")
        shared.append(significant_step(Symbol(SCALARS[k].lhs), v, digits, Text(f"${tex}$",
                                                                                f"${tex}$")))
    for name, quantities in step.update.quantities.items():
        p = _parameter(name)
        state: list[Any] = [significant_step(Symbol("g"), step.gradients[name], digits,
                                             Text(f"$\\partial L/\\partial {_tex(name)}$",
                                                  f"$\\partial L/\\partial {_tex(name)}$"))]
        rest: list[Any] = [*shared] if not frames else []
        for q in rule.quantities():
            line = significant_step(Symbol(q.at(t)), quantities[q.name], digits,
                                    Text(f"${q.tex}$", f"${q.tex}$"))
            (state if q.name in rule.state_names else rest).append(line)
        rest.append(significant_step(p, quantities["p"], digits,
                                     Text(f"update: ${_tex(name)} - \\Delta_{{{t}}}$",
                                          f"갱신: ${_tex(name)} - \\Delta_{{{t}}}$")))
        title = Text(f"step {t}: ${_tex(name)}$", f"{t}단계: ${_tex(name)}$")
        if step.gradients[name].shape[0] > 1 and len(state) + len(rest) > 6:
            # Adam's nine lines of matrices fill two slides: the moments, then the step.
            frames.append(Frame(Text(f"{title.en}, its state", f"{title.ko}의 상태"),
                                tuple(state)))
            frames.append(Frame(Text(f"{title.en}, the step", f"{title.ko}의 이동"),
                                tuple(rest)))
        else:
            frames.append(Frame(title, (*state, *rest)))
    return frames


def _later(step: DescentStep, spec: Any, digits: int) -> list[Frame]:
    """Step t > 1, shortly: each layer's Z, the loss and the gradients, on one frame."""
    parts = [significant_step(_sup("Z", k), v.z, digits, Text(f"layer {k}", f"{k}층"))
             for k, v in enumerate(step.forward.layers, start=1)]
    if spec.network.output != "identity":
        parts.append(significant_step(Symbol("Y"), step.forward.y, digits,
                                      Text("the output", "출력")))
    parts.append(significant_step(Symbol("L"), step.loss, digits, Text("the loss", "손실")))
    parts += [significant_step(Derivative(Symbol("L"), _parameter(name)), g, digits,
                               "backward") for name, g in step.gradients.items()]
    t = step.t
    return [Frame(Text(f"step {t}: forward and backward at the new parameters",
                       f"{t}단계: 새 매개변수로 순전파와 역전파"), tuple(parts))]


def descent_derivation(run: Descent, digits: int = 6) -> Derivation:
    """Return every step of ``run``: the first forward and backward passes worked layer by
    layer, the optimizer's rules, then each step's intermediates and update per parameter
    (later steps' forward passes and gradients shortly).

    >>> from symnn.descent import descent
    >>> from symnn.spec import load_spec
    >>> run = descent(load_spec("examples/two_two_two.toml"), "momentum", steps=2)
    >>> [f.title("en") for f in descent_derivation(run).parts][-5:-2]
    ['step 2: forward and backward at the new parameters', 'step 2: $W^{(1)}$', 'step 2: $b^{(1)}$']
    """
    spec, first = run.spec, run.steps[0]
    frames = layer_frames(spec, first.forward, digits)
    frames += loss_frame(spec, first.forward, first.loss, digits)
    frames += backward_frames(spec, first.backward, digits)
    frames.append(rule_frame(run.optimizer))
    for step in run.steps:
        if step.t > 1:
            frames += _later(step, spec, digits)
        frames += update_frames(step, digits)
    shape = "-".join(str(n) for n in spec.network.shape)
    count = len(run.steps)
    return Derivation("step", Text(
        f"{run.optimizer.title}: {count} step{'s' * (count > 1)} of a {shape} network",
        f"{shape} 신경망의 {run.optimizer.title_ko} {count}단계"), tuple(frames))


def register_all() -> None:
    """Give a :class:`~symnn.descent.Descent` its ``.derivation()``."""
    register(Descent, "derivation", descent_derivation)


__all__ = ["descent_derivation", "register_all", "rule_frame", "update_frames"]
