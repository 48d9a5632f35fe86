r"""Python source for a whole network's forward pass, loss and gradients, printed from the rules
SymPy derived (:mod:`symnn.rules`).

Each rule is printed once per activation, output and loss (NumPy's or JAX's printer, with
symnn's own names for sigmoid, relu and step), then the network is written out layer by layer
as straight-line code: one Python call runs a whole forward pass, or the loss and every
gradient together; each job keeps only the lines its result needs, and NumPy's code deletes each
array after its last use. The same source is what ``symnn export`` writes.

>>> print("\n\n\n".join(network_source(["sigmoid"], "identity", "mse").split("\n\n\n")[:2]))
@np.errstate(over="ignore")
def forward(P, X):
    A1 = X @ P["W1"] + P["b1"]
    Z1 = 1/(1 + np.exp(-A1))
    del A1
    Y = Z1
    return Y
<BLANKLINE>
<BLANKLINE>
@np.errstate(over="ignore", divide="ignore", invalid="ignore")
def loss(P, X, T):
    A1 = X @ P["W1"] + P["b1"]
    Z1 = 1/(1 + np.exp(-A1))
    del A1
    N, K = T.shape
    Y = Z1
    L = ((-T + Y)**2/(K*N)).sum()
    return L
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import sympy
from sympy import Symbol
from sympy.printing.numpy import JaxPrinter, NumPyPrinter

from symnn.activations import activation as activation_named
from symnn.rules import N, activation_derivative, loss_term, output_gradient

BACKENDS = ("numpy", "jax")
# Placeholders the rules are printed with, then replaced by each layer's own names.
_A, _Z, _Y, _T, _N, _K, _LS, _LS1 = (Symbol(f"__{n}__") for n in
                                     ("a", "z", "y", "t", "n", "k", "ls", "lsc"))


class _NumPy(NumPyPrinter):
    """NumPy's printer with ``np.`` names and the stable forms of symnn's functions inline."""

    prefix = "np"

    def __init__(self) -> None:
        super().__init__()
        self.printmethod = "_symnn_code"  # our own methods below, not the ones lambdify uses

    def _module_format(self, fqn: str, register: bool = True) -> str:
        name = super()._module_format(fqn, register)
        for full in ("jax.numpy.", "numpy."):
            if name.startswith(full):
                return f"{self.prefix}.{name[len(full):]}"
        return name

    def _print_sigmoid(self, e: sympy.Expr) -> str:
        # exp(-x) overflows to inf for x < -709 and 1/(1 + inf) = 0 is the right limit.
        return f"1/(1 + {self.prefix}.exp(-{self.parenthesize(e.args[0], 100)}))"

    def _print_relu(self, e: sympy.Expr) -> str:
        return f"{self.prefix}.maximum({self._print(e.args[0])}, 0)"

    def _print_step(self, e: sympy.Expr) -> str:
        x = self.parenthesize(e.args[0], 100)
        return f"({x} > 0).astype({x}.dtype)"

    def _print_leaky_relu(self, e: sympy.Expr) -> str:
        x = self._print(e.args[0])
        slope = self.parenthesize(e.args[1], 100)
        return f"{self.prefix}.where({x} > 0, {x}, {slope}*{x})"


class _Jax(_NumPy, JaxPrinter):
    prefix = "jnp"


@cache
def _printed(expr: sympy.Expr, backend: str) -> str:
    return (_Jax() if backend == "jax" else _NumPy()).doprint(expr)


@cache
def _activation(name: str, backend: str) -> tuple[str, str]:
    """Return h(__a__) and h'(__a__, __z__) printed: each derived once per name and backend."""
    a, z = sympy.symbols("a z")
    forward = activation_named(name)(_A)
    derivative = sympy.sympify(activation_derivative(name)).subs({a: _A, z: _Z})
    return _printed(forward, backend), _printed(derivative, backend)


@cache
def _output(loss: str, output: str, backend: str) -> tuple[str, str]:
    """Return the batch loss and dL/dY (per entry), printed, for the output Y and target T."""
    y, t, K = sympy.symbols("y t K")
    names = {y: _Y, t: _T, N: _N, K: _K}
    term = loss_term(loss).subs(names)
    if output == "softmax":
        term = term.subs(sympy.log(_Y), _LS)  # log-softmax, shifted by the row's max
    if output == "sigmoid":
        # log sigmoid(s) = -log(1 + exp(-s)) and log(1 - sigmoid(s)) = -log(1 + exp(s)),
        # each a logaddexp: finite for any s, where log(Y) would be log(0) = -inf.
        term = term.subs({sympy.log(1 - _Y): _LS1, sympy.log(_Y): _LS})
    return _printed(term, backend), _printed(output_gradient(loss, "identity").subs(names),
                                             backend)


def _named(text: str, **names: str) -> str:
    for key, value in names.items():
        text = text.replace(f"__{key}__", value)
    return text


def network_source(activations: Sequence[str], output: str, loss: str,
                   backend: str = "numpy") -> str:
    """Return the source of ``forward(P, X)``, ``loss(P, X, T)``, ``gradients(P, X, T)`` and
    ``loss_and_gradients(P, X, T)`` for layers with these activations; ``P`` holds W1, b1, ...

    The code uses ``np`` (NumPy) or ``jnp`` (``jax.numpy``) and nothing else.
    """
    np_ = "jnp" if backend == "jax" else "np"
    # Sums and maxima of rows or columns: NumPy's ufunc reductions skip the method's Python
    # layer (a microsecond a call on small batches); JAX compiles either form alike.
    if backend == "jax":
        def rows(op: str, x: str) -> str:
            return f"{x if x.isidentifier() else f'({x})'}.{op}(axis=1, keepdims=True)"

        def columns(x: str) -> str:
            return f"{x}.sum(axis=0)"
    else:
        def rows(op: str, x: str) -> str:
            return f"np.{'add' if op == 'sum' else 'maximum'}.reduce({x}, axis=1, keepdims=True)"

        def columns(x: str) -> str:
            return f"np.add.reduce({x}, axis=0)"

    layers = len(activations)
    lines = []
    for k, name in enumerate(activations, start=1):
        h, _ = _activation(name, backend)
        previous = "X" if k == 1 else f"Z{k - 1}"
        lines.append(f"A{k} = {previous} @ P[\"W{k}\"] + P[\"b{k}\"]")
        lines.append(f"Z{k} = {_named(h, a=f'A{k}')}")
    last = f"Z{layers}"
    loss_text, dY = _output(loss, output, backend)
    names = {"y": "Y", "t": "T", "n": "N", "k": "K", "ls": "LS", "lsc": "LSC"}
    lines.append("N, K = T.shape")
    if output == "softmax":
        # Y = softmax of the last layer, shifted by each row's max; LS its log (the log of a
        # shifted sum, never log(0)).
        lines += [f"S = {last} - {rows('max', last)}", f"E = {np_}.exp(S)",
                  f"ES = {rows('sum', 'E')}", "Y = E / ES", f"LS = S - {np_}.log(ES)"]
    elif output == "sigmoid":
        h, _ = _activation("sigmoid", backend)
        lines.append(f"Y = {_named(h, a=last)}")
        if "LS" in _named(loss_text, **names):
            lines += [f"LS = -{np_}.logaddexp(0, -{last})", f"LSC = -{np_}.logaddexp(0, {last})"]
    else:
        lines.append(f"Y = {last}")
    lines.append(f"L = ({_named(loss_text, **names)}).sum()")
    if output == "softmax" and loss == "cross_entropy":
        # softmax_cross_entropy_rule, (Y·rowsum(T) - T)/N for any targets, with Y = E/ES.
        lines.append(f"D{layers} = (E * ({rows('sum', 'T')} / ES) - T) / N")
    elif output == "softmax":
        lines.append(f"dY = {_named(dY, **names)}")
        lines.append(f"D{layers} = Y * (dY - {rows('sum', 'dY * Y')})")
    elif output == "sigmoid" and loss == "binary_cross_entropy":
        # sigmoid_binary_cross_entropy_gradient: (Y - T)/(N K) for any targets.
        rule = _printed(output_gradient(loss, output).subs(
            {Symbol("y"): _Y, Symbol("t"): _T, N: _N, Symbol("K"): _K}), backend)
        lines.append(f"D{layers} = {_named(rule, **names)}")
    elif output == "sigmoid":
        lines.append(f"dY = {_named(dY, **names)}")
        lines.append(f"D{layers} = dY * Y * (1 - Y)")
    else:
        lines.append(f"D{layers} = {_named(dY, **names)}")  # every loss depends on Y
    for k in range(layers, 0, -1):
        _, d = _activation(activations[k - 1], backend)
        d = _named(d, a=f"A{k}", z=f"Z{k}")
        if d == "1":
            lines.append(f"G{k} = D{k}")
        elif d == "0":
            lines.append(f"G{k} = {np_}.zeros_like(D{k})")
        else:
            lines.append(f"G{k} = D{k} * ({d})")
        previous = "X" if k == 1 else f"Z{k - 1}"
        lines.append(f"dW{k} = {previous}.T @ G{k}")
        lines.append(f"db{k} = {columns(f'G{k}')}")
        if k > 1:
            lines.append(f"D{k - 1} = G{k} @ P[\"W{k}\"].T")
    grads = "{" + ", ".join(f'"W{k}": dW{k}, "b{k}": db{k}' for k in range(1, layers + 1)) + "}"

    numpy = backend == "numpy"

    def job(signature: str, result: str, errors: str = _ERRORS) -> str:
        needed = _needed(lines, result)
        return _function(signature, _freed(needed, result) if numpy else needed, result,
                         numpy, errors)

    return "\n\n".join([job("forward(P, X)", "Y", 'over="ignore"'), job("loss(P, X, T)", "L"),
                        job("gradients(P, X, T)", grads),
                        job("loss_and_gradients(P, X, T)", f"L, {grads}")])


def _names(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]\w*", text))


def _needed(lines: list[str], result: str) -> list[str]:
    """The lines ``result`` depends on, in order: each job runs only what its value needs."""
    wanted = _names(result)
    kept = []
    for line in reversed(lines):
        targets, expression = line.split(" = ", 1)
        if wanted & set(targets.split(", ")):
            kept.append(line)
            wanted |= _names(expression)
    return kept[::-1]


def _freed(lines: list[str], result: str) -> list[str]:
    """The lines with each array deleted after its last use: NumPy gets its memory back at
    once, so a gradient's peak is a few layers' arrays, not all of them (steadier timings,
    less memory on large batches)."""
    parsed = [line.split(" = ", 1) for line in lines]
    last = {}
    for i, (_, expression) in enumerate(parsed):
        for name in _names(expression):
            last[name] = i
    for target, expression in reversed(parsed):  # X = Y: Y's array lives as long as X does
        if expression.isidentifier() and target in last:
            last[expression] = max(last[expression], last[target])
    returned = _names(result)
    dying: dict[int, list[str]] = {}
    for name, i in last.items():
        dying.setdefault(i, []).append(name)
    out: list[str] = []
    made: dict[str, int] = {}  # name -> when it was made: arrays are deleted in that order
    for i, (line, (targets, expression)) in enumerate(zip(lines, parsed)):
        out.append(line)
        for name in targets.split(", "):
            if name not in ("N", "K"):
                made.setdefault(name, len(made))
        if expression.isidentifier() or i == len(lines) - 1:
            continue  # another name for the same array, or the return frees them all
        # only the names whose last use is this line: linear in the lines (5000 layers)
        dead = sorted((name for name in dying.get(i, ()) if name in made
                       and name not in returned), key=made.__getitem__)
        if dead:
            out.append(f"del {', '.join(dead)}")
    return out

_ERRORS = 'over="ignore", divide="ignore", invalid="ignore"'


def _function(signature: str, lines: list[str], result: str, quiet: bool,
              errors: str = _ERRORS) -> str:
    """One function; NumPy's overflow in exp (sigmoid's limit 0) and log(0) = -inf are
    expected values, not errors, so their warnings are off while it runs."""
    # As a decorator errstate costs half what a with-block does on every call.
    head = [f"@np.errstate({errors})"] if quiet else []
    return "\n".join([*head, f"def {signature}:", *(f"    {x}" for x in lines),
                      f"    return {result}\n"])
