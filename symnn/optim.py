"""Optimizers: what a step does with the gradient, with the update rules exactly as PyTorch's
``torch.optim`` documents them (g is dL/dp, t the step, counted from 1; every state starts at 0).

    SGD        p ← p - lr·g                                         (torch.optim.SGD)
    Momentum   v ← μ v + g;              p ← p - lr·v               (torch.optim.SGD, momentum)
    AdaGrad    s ← s + g²;               p ← p - lr·g / (√s + ε)    (torch.optim.Adagrad)
    RMSProp    v ← α v + (1 - α) g²;     p ← p - lr·g / (√v + ε)    (torch.optim.RMSprop)
    Adam       m ← β₁ m + (1 - β₁) g;    v ← β₂ v + (1 - β₂) g²;
               m̂ = m / (1 - β₁ᵗ);        v̂ = v / (1 - β₂ᵗ);         p ← p - lr·m̂ / (√v̂ + ε)

The defaults are PyTorch's (SGD lr 0.001; Adagrad lr 0.01, ε 1e-10; RMSprop lr 0.01, α 0.99,
ε 1e-8; Adam lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-8); PyTorch has no default momentum, and symnn's
``Momentum`` takes μ = 0.9, the value most textbooks use. Options PyTorch leaves off by default
(weight decay, Nesterov, dampening, AdaGrad's lr_decay and initial accumulator, RMSprop's
centered and momentum forms, AMSGrad) are not modelled, so the rules above are the whole of
each. (The lecture's book writes momentum as v ← μ v - lr·g, p ← p + v: the same steps, v scaled
by -lr.)

Each rule is written once and runs on exact :class:`~symnn.values.Value` arrays (``symnn step
--optimizer``; a square root of a rational that is not a square is a sure interval) and on
float arrays (compiled models).

>>> update = Adam(lr=0.1).update({"w": [[1]]}, {"w": [[0.5]]})
>>> for name, v in update.quantities["w"].items():
...     print(name, v[0, 0].exact)
m 1/20
v 1/4000
m_hat 1/2
v_hat 1/4
step 5000000/50000001
p 45000001/50000001
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import sympy

from symnn import arrays, values
from symnn.errors import OptimizerError, SymnnError, did_you_mean
from symnn.numbers import exact


@dataclass(frozen=True)
class Quantity:
    """One intermediate of an update: its ``name`` (``m``, ``v_hat``, ``step``, ...), the rule
    that gives it in LaTeX (over ``g``, the step ``t`` and the hyper-parameters' letters) and
    in text, and its own symbol in LaTeX (``lhs``, at step ``t``).

    >>> print(Adam().quantities()[2].at(3))
    \\hat{m}_{3}
    """

    name: str
    tex: str
    text: str
    lhs: str = ""

    def at(self, t: int) -> str:
        """Return the quantity's symbol at step ``t`` (m_{t} becomes m_{2})."""
        return self.lhs.replace("_{t}", f"_{{{t}}}")


LETTERS = {"lr": "\\eta", "momentum": "\\mu", "alpha": "\\alpha", "beta1": "\\beta_1",
           "beta2": "\\beta_2", "eps": "\\epsilon"}  # each hyper-parameter's letter in LaTeX


@dataclass(frozen=True, eq=False)
class Update:
    """One step of an optimizer on every parameter.

    ``scalars`` holds the numbers the step shares (Adam's bias corrections 1 - β₁ᵗ and
    1 - β₂ᵗ); ``quantities`` maps each parameter to its intermediates in the order they are
    computed, ending with ``step`` (what is subtracted) and ``p`` (the new value);
    ``state`` is what the next step starts from.
    """

    optimizer: Optimizer
    t: int
    scalars: dict[str, Any]
    quantities: dict[str, dict[str, Any]]
    state: dict[str, dict[str, Any]]

    @property
    def parameters(self) -> dict[str, Any]:
        """Return every parameter after the step."""
        return {name: q["p"] for name, q in self.quantities.items()}


@dataclass(frozen=True)
class _Arithmetic:
    """How numbers are made and square roots taken: exact Values, NumPy or JAX floats."""

    number: Callable[[Any], Any]
    sqrt: Callable[[Any], Any]
    zeros: Callable[[Any], Any]


def _exact_sqrt(x: np.ndarray) -> np.ndarray:
    out = np.empty(x.shape, dtype=object)
    for index, v in np.ndenumerate(x):
        out[index] = values.sqrt(v)
    return out


def _exact_zeros(x: np.ndarray) -> np.ndarray:
    out = np.empty(x.shape, dtype=object)
    out.fill(values.ZERO)
    return out


EXACT = _Arithmetic(lambda q: values.Value(values.to_fraction(q)), _exact_sqrt, _exact_zeros)
FLOATS = _Arithmetic(float, np.sqrt, np.zeros_like)


def arithmetic(backend: str = "exact") -> _Arithmetic:
    """Return how an optimizer computes: ``exact`` Values, ``numpy`` or ``jax`` floats."""
    if backend == "exact":
        return EXACT
    if backend == "jax":
        import jax.numpy as jnp

        return _Arithmetic(float, jnp.sqrt, jnp.zeros_like)
    return FLOATS


@dataclass(frozen=True)
class Optimizer:
    """An update rule and its hyper-parameters (exact numbers, as typed: 0.9 is 9/10)."""

    lr: Any = sympy.Rational(1, 1000)

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    title_ko: ClassVar[str] = ""  # as Korean textbooks write it
    state_names: ClassVar[tuple[str, ...]] = ()
    coefficients: ClassVar[tuple[str, ...]] = ()  # hyper-parameters that lie in [0, 1)

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            raw = getattr(self, f.name)
            where = f"{self.name}'s {f.name}"
            try:
                number = exact(raw, where)
            except SymnnError as e:
                raise OptimizerError(e.message) from None
            if not number.is_Rational:
                raise OptimizerError(f"{where}: expected a number, got {raw!r}")
            if f.name == "lr" and number <= 0:
                raise OptimizerError(f"{where} (the learning rate) must be positive, got {raw}")
            if f.name in self.coefficients and not 0 <= number < 1:
                raise OptimizerError(f"{where} must be in [0, 1) (0 or more, less than 1), "
                                     f"got {raw}")
            if f.name == "eps" and number < 0:
                raise OptimizerError(f"{where} must be 0 or more, got {raw}")
            object.__setattr__(self, f.name, number)

    def hyperparameters(self) -> dict[str, Any]:
        """Return the hyper-parameters by name, exact.

        >>> Adam().hyperparameters()
        {'lr': 1/1000, 'beta1': 9/10, 'beta2': 999/1000, 'eps': 1/100000000}
        """
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def describe(self) -> str:
        """Return the name and hyper-parameters in one line, as a user writes them.

        >>> Adam(lr=0.01).describe()
        'Adam (lr = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-8)'
        """
        shown = ", ".join(f"{k} = {short(v)}" for k, v in self.hyperparameters().items())
        return f"{self.title} ({shown})"

    def quantities(self) -> tuple[Quantity, ...]:
        """Return the intermediates of one step in order, each with its rule."""
        raise NotImplementedError

    def scalars(self, t: int, num: _Arithmetic) -> dict[str, Any]:
        """Return the numbers step ``t`` shares among the parameters (none for most rules)."""
        return {}

    def rule(self, g: Any, state: dict[str, Any], shared: dict[str, Any],
             num: _Arithmetic) -> dict[str, Any]:
        """Return the intermediates of one parameter, ``step`` last (p ← p - step)."""
        raise NotImplementedError

    def update(self, parameters: Mapping[str, Any], gradients: Mapping[str, Any],
               state: Mapping[str, dict[str, Any]] | None = None, t: int = 1,
               backend: str = "exact") -> Update:
        """Return step ``t`` on every parameter, from ``state`` (the previous step's, or
        zeros); numbers are exact Values unless ``backend`` is ``numpy`` or ``jax``.

        >>> u = SGD(lr=0.5).update({"w": [[2]]}, {"w": [[1]]})
        >>> u.parameters["w"][0, 0].exact
        Fraction(3, 2)
        """
        if backend == "exact":
            parameters = {name: _values(p) for name, p in parameters.items()}
            gradients = {name: _values(g) for name, g in gradients.items() if name in parameters}
        for name in parameters:
            if name not in gradients:
                raise OptimizerError(f"no gradient for the parameter {name!r}")
        shared, quantities, new_state = self.steps(gradients, state, t, backend)
        for name, p in parameters.items():
            quantities[name]["p"] = p - quantities[name]["step"]
        return Update(self, t, shared, quantities, new_state)

    def steps(self, gradients: Mapping[str, Any], state: Mapping[str, dict[str, Any]] | None,
              t: int, backend: str = "numpy") -> tuple[dict, dict, dict]:
        """Return step ``t``'s shared numbers, each parameter's intermediates (``step`` is
        what it moves by) and the new state; compiled models subtract the steps in place.

        >>> shared, done, state = Momentum(lr=0.5).steps({"w": np.array([2.0])}, None, 1)
        >>> done["w"]["step"], state["w"]["v"]
        (array([1.]), array([2.]))
        """
        if isinstance(t, bool) or not isinstance(t, int) or t < 1:
            raise OptimizerError(f"the step number t is a whole number from 1, got {t!r}")
        num = arithmetic(backend)
        shared = self.scalars(t, num)
        quantities, new_state = {}, {}
        for name, g in gradients.items():
            before = dict((state or {}).get(name) or {})
            for key in self.state_names:
                if key not in before:
                    before[key] = num.zeros(g)
            done = self.rule(g, before, shared, num)
            quantities[name] = done
            new_state[name] = {key: done[key] for key in self.state_names}
        return shared, quantities, new_state

    def same_rule(self, other: Any) -> bool:
        """Return whether ``other`` is this rule with the same hyper-parameters but perhaps
        another learning rate (its state then carries on, as in PyTorch).

        >>> Adam(lr=0.1).same_rule(Adam(lr=0.01)), Adam().same_rule(Adam(beta1=0.8))
        (True, False)
        """
        return type(other) is type(self) and all(
            getattr(self, f.name) == getattr(other, f.name)
            for f in dataclasses.fields(self) if f.name != "lr")

    def _n(self, name: str, num: _Arithmetic) -> Any:
        if num.number is float:  # compiled models: the floats, made once per optimizer
            return self._floats[name]
        return num.number(getattr(self, name))

    @functools.cached_property
    def _floats(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.hyperparameters().items()}


def _values(x: Any) -> np.ndarray:
    """An array of Values from Values, numbers or rows of numbers."""
    if isinstance(x, np.ndarray) and x.dtype == object and \
            all(isinstance(v, values.Value) for v in x.ravel()):
        return x if x.ndim == 2 else x.reshape(1, -1)
    return arrays.array(x)


def short(v: Any) -> str:
    """An exact hyper-parameter as a user writes it: 0.9, 1e-8, 1/3."""
    from symnn.numbers import terminating_decimal

    text = terminating_decimal(v, 30)
    if text is None:
        return str(v)
    if v != 0 and abs(v) < sympy.Rational(1, 10000):
        mantissa, power = f"{float(v):e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(power)}"
    return text


@dataclass(frozen=True)
class SGD(Optimizer):
    """Plain gradient descent, p ← p - lr·g (``torch.optim.SGD``; PyTorch's default lr 0.001).

    >>> SGD().lr
    1/1000
    """

    name: ClassVar[str] = "sgd"
    title: ClassVar[str] = "SGD"
    title_ko: ClassVar[str] = "SGD"

    def quantities(self) -> tuple[Quantity, ...]:
        return (Quantity("step", "\\eta\\, g", "lr*g", "\\Delta_{t}"),)

    def rule(self, g, state, shared, num):
        return {"step": self._n("lr", num) * g}


@dataclass(frozen=True)
class Momentum(SGD):
    """Gradient descent with momentum as PyTorch writes it: v ← μ v + g, p ← p - lr·v
    (``torch.optim.SGD`` with ``momentum=μ``; symnn's default μ is 0.9).

    >>> u = Momentum(lr=0.1, momentum=0.5).update({"w": [[1]]}, {"w": [[2]]})
    >>> u2 = Momentum(lr=0.1, momentum=0.5).update(u.parameters, {"w": [[2]]}, u.state, t=2)
    >>> u2.quantities["w"]["v"][0, 0].exact, u2.parameters["w"][0, 0].exact
    (Fraction(3, 1), Fraction(1, 2))
    """

    lr: Any = sympy.Rational(1, 1000)
    momentum: Any = sympy.Rational(9, 10)

    name: ClassVar[str] = "momentum"
    title: ClassVar[str] = "Momentum"
    title_ko: ClassVar[str] = "모멘텀"
    state_names: ClassVar[tuple[str, ...]] = ("v",)
    coefficients: ClassVar[tuple[str, ...]] = ("momentum",)

    def quantities(self) -> tuple[Quantity, ...]:
        return (Quantity("v", "\\mu\\, v_{t-1} + g", "momentum*v + g", "v_{t}"),
                Quantity("step", "\\eta\\, v_{t}", "lr*v", "\\Delta_{t}"))

    def rule(self, g, state, shared, num):
        v = self._n("momentum", num) * state["v"] + g
        return {"v": v, "step": self._n("lr", num) * v}


@dataclass(frozen=True)
class AdaGrad(Optimizer):
    """AdaGrad: s ← s + g², p ← p - lr·g / (√s + ε) (``torch.optim.Adagrad``: lr 0.01,
    ε 1e-10 added outside the square root).

    >>> u = AdaGrad(lr=1, eps=0).update({"w": [[1]]}, {"w": [[-3]]})
    >>> [u.quantities["w"][k][0, 0].exact for k in ("s", "root", "step", "p")]
    [Fraction(9, 1), Fraction(3, 1), Fraction(-1, 1), Fraction(2, 1)]
    """

    lr: Any = sympy.Rational(1, 100)
    eps: Any = sympy.Rational(1, 10**10)

    name: ClassVar[str] = "adagrad"
    title: ClassVar[str] = "AdaGrad"
    title_ko: ClassVar[str] = "AdaGrad"
    state_names: ClassVar[tuple[str, ...]] = ("s",)

    def quantities(self) -> tuple[Quantity, ...]:
        return (Quantity("s", "s_{t-1} + g^{2}", "s + g**2", "s_{t}"),
                Quantity("root", "\\sqrt{s_{t}}", "sqrt(s)", "\\sqrt{s_{t}}"),
                Quantity("step", "\\eta\\, g / (\\sqrt{s_{t}} + \\epsilon)",
                         "lr*g/(sqrt(s) + eps)", "\\Delta_{t}"))

    def rule(self, g, state, shared, num):
        s = state["s"] + g * g
        root = num.sqrt(s)
        return {"s": s, "root": root,
                "step": self._n("lr", num) * g / (root + self._n("eps", num))}


@dataclass(frozen=True)
class RMSProp(Optimizer):
    """RMSProp: v ← α v + (1 - α) g², p ← p - lr·g / (√v + ε) (``torch.optim.RMSprop``:
    lr 0.01, α 0.99, ε 1e-8 outside the square root).

    >>> u = RMSProp(lr=0.1, alpha=0.75, eps=0).update({"w": [[1]]}, {"w": [[2]]})
    >>> [u.quantities["w"][k][0, 0].exact for k in ("v", "root", "step")]
    [Fraction(1, 1), Fraction(1, 1), Fraction(1, 5)]
    """

    lr: Any = sympy.Rational(1, 100)
    alpha: Any = sympy.Rational(99, 100)
    eps: Any = sympy.Rational(1, 10**8)

    name: ClassVar[str] = "rmsprop"
    title: ClassVar[str] = "RMSProp"
    title_ko: ClassVar[str] = "RMSProp"
    state_names: ClassVar[tuple[str, ...]] = ("v",)
    coefficients: ClassVar[tuple[str, ...]] = ("alpha",)

    def quantities(self) -> tuple[Quantity, ...]:
        return (Quantity("v", "\\alpha\\, v_{t-1} + (1 - \\alpha)\\, g^{2}",
                         "alpha*v + (1 - alpha)*g**2", "v_{t}"),
                Quantity("root", "\\sqrt{v_{t}}", "sqrt(v)", "\\sqrt{v_{t}}"),
                Quantity("step", "\\eta\\, g / (\\sqrt{v_{t}} + \\epsilon)",
                         "lr*g/(sqrt(v) + eps)", "\\Delta_{t}"))

    def rule(self, g, state, shared, num):
        alpha = self._n("alpha", num)
        v = alpha * state["v"] + (1 - alpha) * (g * g)
        root = num.sqrt(v)
        return {"v": v, "root": root,
                "step": self._n("lr", num) * g / (root + self._n("eps", num))}


@dataclass(frozen=True)
class Adam(Optimizer):
    """Adam with bias corrections (``torch.optim.Adam``: lr 0.001, β₁ 0.9, β₂ 0.999,
    ε 1e-8 outside the square root).

    >>> u = Adam(lr=0.1, eps=0).update({"w": [[1]]}, {"w": [[-2]]})
    >>> [str(u.scalars[k].exact) for k in ("c1", "c2")], u.parameters["w"][0, 0].exact
    (['1/10', '1/1000'], Fraction(11, 10))
    """

    lr: Any = sympy.Rational(1, 1000)
    beta1: Any = sympy.Rational(9, 10)
    beta2: Any = sympy.Rational(999, 1000)
    eps: Any = sympy.Rational(1, 10**8)

    name: ClassVar[str] = "adam"
    title: ClassVar[str] = "Adam"
    title_ko: ClassVar[str] = "Adam"
    state_names: ClassVar[tuple[str, ...]] = ("m", "v")
    coefficients: ClassVar[tuple[str, ...]] = ("beta1", "beta2")

    def quantities(self) -> tuple[Quantity, ...]:
        return (Quantity("m", "\\beta_1 m_{t-1} + (1 - \\beta_1)\\, g", "beta1*m + (1 - beta1)*g",
                         "m_{t}"),
                Quantity("v", "\\beta_2 v_{t-1} + (1 - \\beta_2)\\, g^{2}",
                         "beta2*v + (1 - beta2)*g**2", "v_{t}"),
                Quantity("m_hat", "m_{t} / c_{1}", "m/(1 - beta1**t)", "\\hat{m}_{t}"),
                Quantity("v_hat", "v_{t} / c_{2}", "v/(1 - beta2**t)", "\\hat{v}_{t}"),
                Quantity("step", "\\eta\\, \\hat{m}_{t} / (\\sqrt{\\hat{v}_{t}} + \\epsilon)",
                         "lr*m_hat/(sqrt(v_hat) + eps)", "\\Delta_{t}"))

    def scalars(self, t, num):
        return {"c1": 1 - self._n("beta1", num) ** t, "c2": 1 - self._n("beta2", num) ** t}

    def rule(self, g, state, shared, num):
        b1, b2 = self._n("beta1", num), self._n("beta2", num)
        m = b1 * state["m"] + (1 - b1) * g
        v = b2 * state["v"] + (1 - b2) * (g * g)
        m_hat, v_hat = m / shared["c1"], v / shared["c2"]
        step = self._n("lr", num) * m_hat / (num.sqrt(v_hat) + self._n("eps", num))
        return {"m": m, "v": v, "m_hat": m_hat, "v_hat": v_hat, "step": step}


SCALARS = {"c1": Quantity("c1", "1 - \\beta_1^{t}", "1 - beta1**t", "c_{1}"),
           "c2": Quantity("c2", "1 - \\beta_2^{t}", "1 - beta2**t", "c_{2}")}

OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD, "momentum": Momentum, "adagrad": AdaGrad, "rmsprop": RMSProp, "adam": Adam,
}


def optimizer(spec: Any, where: str = "optimizer", **given: Any) -> Optimizer:
    """Return the optimizer ``spec`` names: an Optimizer, a name (``"adam"``), or a table
    ``{"name": "adam", "beta1": 0.9, ...}``; ``given`` hyper-parameters are added to it.
    Unknown names and hyper-parameters get the close ones suggested.

    >>> optimizer({"name": "adam", "beta1": 0.8}).beta1
    4/5
    >>> optimizer("adamm")
    Traceback (most recent call last):
    ...
    symnn.errors.OptimizerError: optimizer: unknown optimizer 'adamm' (did you mean 'adam'?)
    >>> optimizer({"name": "adam", "beta_1": 0.8})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symnn.errors.OptimizerError: ... 'beta_1' (did you mean 'beta1'?); it has lr, beta1, beta2, eps
    >>> optimizer({"name": "adam", "betas": [0.8, 0.99]}).beta2  # PyTorch's way of writing them
    99/100
    >>> optimizer({"name": "sgd", "momentum": 0.9})  # as torch.optim.SGD(momentum=0.9)
    Momentum(lr=1/1000, momentum=9/10)
    """
    if isinstance(spec, Optimizer):
        return dataclasses.replace(spec, **given) if given else spec
    if isinstance(spec, str):
        table: dict[str, Any] = {"name": spec}
    elif isinstance(spec, Mapping):
        table = dict(spec)
    else:
        raise OptimizerError(f"{where}: expected a name (like \"adam\") or a table like "
                             f"{{ name = \"adam\", lr = 0.001 }}, got {type(spec).__name__}")
    if "name" not in table:
        raise OptimizerError(f"{where}: missing name (one of {', '.join(OPTIMIZERS)})")
    name = table.pop("name")
    if not isinstance(name, str):
        raise OptimizerError(f"{where}: name must be a string, got {type(name).__name__}")
    kind = OPTIMIZERS.get(name.strip().lower())
    if kind is None:
        raise OptimizerError(f"{where}: unknown optimizer {name!r}"
                             f"{did_you_mean(name.strip().lower(), OPTIMIZERS)}")
    table.update(given)
    if kind is SGD and "momentum" in table:
        kind = Momentum  # torch.optim.SGD(momentum=0.9) is the momentum rule
    if kind is Adam and "betas" in table:
        betas = table.pop("betas")
        if not isinstance(betas, (list, tuple)) or len(betas) != 2 or \
                "beta1" in table or "beta2" in table:
            raise OptimizerError(f"{where}: betas is a pair [beta1, beta2] (or give beta1 "
                                 "and beta2)")
        table["beta1"], table["beta2"] = betas
    known = [f.name for f in dataclasses.fields(kind)]
    for key in table:
        if key not in known:
            several = [k for k in known if k.startswith(key)]
            hint = f" (did you mean {' or '.join(map(repr, several))}?)" if len(several) > 1 \
                else did_you_mean(key, known).split(" (one of")[0]
            raise OptimizerError(f"{where}: {kind.name} has no hyper-parameter {key!r}{hint}; "
                                 f"it has {', '.join(known)}")
    try:
        return kind(**table)
    except OptimizerError as e:
        raise OptimizerError(f"{where}: {e.message}") from None


def settings(text: list[str], where: str = "--optimizer") -> dict[str, Any]:
    """Return the table of ``NAME KEY=VALUE ...`` as a command line gives it.

    >>> settings(["adam", "beta1=0.8", "lr=1e-2"])
    {'name': 'adam', 'beta1': '0.8', 'lr': '1e-2'}
    """
    if not text:
        raise OptimizerError(f"{where}: give a name, like adam")
    table = {"name": text[0]}
    for pair in text[1:]:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip() or not value.strip():
            raise OptimizerError(f"{where}: {pair!r} is not KEY=VALUE (like beta1=0.9)")
        if key.strip() in table:
            raise OptimizerError(f"{where}: {key.strip()!r} is given twice")
        table[key.strip()] = value.strip()
    return table


@dataclass
class State:
    """An optimizer's state on a compiled model: the step count and each parameter's
    buffers (momentum, moments), kept between calls of ``Model.update``; ``given`` is what
    the caller named the optimizer by (a name, a table, an Optimizer) and ``rate`` the rate it
    gave, so a loop that passes the same again is not read again each step."""

    optimizer: Optimizer
    t: int = 0
    buffers: dict[str, dict[str, Any]] = field(default_factory=dict)
    given: Any = None
    rate: Any = None


__all__ = ["AdaGrad", "Adam", "LETTERS", "Momentum", "OPTIMIZERS", "Optimizer", "Quantity",
           "RMSProp", "SCALARS", "SGD", "State", "Update", "arithmetic", "optimizer", "settings",
           "short"]
