"""Rosenblatt's perceptron: y = step(w . x + b), with the bias b = -theta of the threshold form.

>>> AND.inequality()
x1/2 + x2/2 - 7/10 > 0
>>> [AND(*x) for x in [(0, 0), (1, 0), (0, 1), (1, 1)]]
[0, 0, 0, 1]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Any

import sympy
from sympy import Expr, Rel

from symnn.activations import step
from symnn.errors import SymnnError
from symnn.numbers import exact


@dataclass(frozen=True)
class Perceptron:
    """A perceptron with exact weights and bias; ``Perceptron((0.5, 0.5), -0.7)`` is AND.

    >>> p = Perceptron.from_threshold((1.0, 1.0), 1.0)
    >>> p.bias, p.threshold, p(1, 1), p(1, 0)
    (-1, 1, 1, 0)
    """

    weights: tuple[Expr, ...]
    bias: Expr
    name: str = field(default="perceptron", compare=False)

    def __post_init__(self) -> None:
        if len(self.weights) == 0:
            raise SymnnError(f"{self.name}: a perceptron needs at least one weight")
        w = tuple(exact(v, f"{self.name}, w{i + 1}") for i, v in enumerate(self.weights))
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "bias", exact(self.bias, f"{self.name}, b"))

    @classmethod
    def from_threshold(cls, weights: Any, theta: Any, name: str = "perceptron") -> Perceptron:
        """Return the perceptron that fires when w . x > theta, that is, with bias b = -theta.

        >>> Perceptron.from_threshold((0.5, 0.5), 0.7).bias
        -7/10
        """
        return cls(tuple(weights), -exact(theta, f"{name}, theta"), name)

    @property
    def threshold(self) -> Expr:
        """Return theta = -b."""
        return -self.bias

    def inputs(self) -> tuple[sympy.Symbol, ...]:
        """Return the input symbols x1, x2, ..."""
        return sympy.symbols(f"x1:{len(self.weights) + 1}")

    def weighted_sum(self, x: Any = None) -> Expr:
        """Return w . x + b, for symbols x1, x2, ... unless inputs are given.

        >>> NAND.weighted_sum((1, 1))
        -3/10
        """
        x = self.inputs() if x is None else x
        if len(x) != len(self.weights):
            raise SymnnError(f"{self.name}: expected {len(self.weights)} inputs, got {len(x)}")
        x = [v if isinstance(v, sympy.Basic) else exact(v, f"{self.name}, input") for v in x]
        return sum(w * v for w, v in zip(self.weights, x)) + self.bias

    def inequality(self) -> Rel:
        """Return the firing condition w1*x1 + ... + b > 0 as an exact SymPy relation.

        >>> Perceptron.from_threshold((1, 1), 1).inequality()
        x1 + x2 - 1 > 0
        """
        return sympy.StrictGreaterThan(self.weighted_sum(), 0)

    def __call__(self, *x: Any) -> int:
        """Return the output step(w . x + b) for the inputs ``x``, as 0 or 1."""
        return int(step(self.weighted_sum(x)))

    def truth_table(self) -> list[tuple[tuple[int, ...], int]]:
        """Return every 0/1 input with its output, inputs counting up in binary.

        >>> OR.truth_table()
        [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 1)]
        """
        return [(x, self(*x)) for x in product((0, 1), repeat=len(self.weights))]


AND = Perceptron((0.5, 0.5), -0.7, "AND")
NAND = Perceptron((-0.5, -0.5), 0.7, "NAND")
OR = Perceptron((0.5, 0.5), -0.4, "OR")


def xor(x1: int, x2: int) -> int:
    """Return XOR as two layers of perceptrons: AND(NAND(x1, x2), OR(x1, x2)).

    >>> [xor(0, 0), xor(1, 0), xor(0, 1), xor(1, 1)]
    [0, 1, 1, 0]
    """
    return AND(NAND(x1, x2), OR(x1, x2))


def xor_table() -> list[tuple[int, int, int, int, int]]:
    """Return the lecture's table (x1, x2, s1 = NAND, s2 = OR, y = AND(s1, s2)), in its row order.

    >>> xor_table()[1]
    (1, 0, 1, 1, 1)
    """
    rows = [(0, 0), (1, 0), (0, 1), (1, 1)]
    return [(x1, x2, NAND(x1, x2), OR(x1, x2), xor(x1, x2)) for x1, x2 in rows]
