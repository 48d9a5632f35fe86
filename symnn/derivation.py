"""Derivations: ordered steps, each an equation with the reason it holds, in English and Korean.

A derivation is built by the library from the mathematics: the right-hand sides come from SymPy,
never typed in.  Renderers (``symnn.render``) turn it into LaTeX, Beamer, Markdown or text.

>>> z = sympy.Symbol("z")
>>> d = Derivation("demo", Text("Demo", "예시"), (
...     Step(sympy.Derivative(z**2, z), sympy.diff(z**2, z), "derivative"),))
>>> d.steps()[0].rhs
2*z
>>> print(d.render("text"))
Demo
  ∂(z**2)/∂z = 2*z    (differentiate)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy

from symnn.errors import RenderError

LANGUAGES = ("en", "ko")

REASONS: dict[str, tuple[str, str]] = {
    "definition": ("definition", "정의"),
    "substitution": ("substitute the values", "값을 대입"),
    "bias_form": ("b = -θ", "b = -θ로 바꿈"),
    "matrix_product": ("matrix product", "행렬의 곱"),
    "activation": ("apply the activation", "활성함수 적용"),
    "derivative": ("differentiate", "미분"),
    "chain_rule": ("chain rule", "연쇄법칙"),
    "add_node": ("add node: passes the derivative on", "덧셈 노드: 그대로 흘려보냄"),
    "mul_node": ("multiply node: times the other input", "곱셈 노드: 다른 입력을 곱함"),
    "local": ("local derivative", "국소미분"),
    "simplify": ("simplify", "정리"),
    "numeric": ("numerically", "수치 계산"),
    "shift": ("subtract max a", "최댓값을 뺌"),
    "same": ("the same expression", "같은 식"),
    "lecture": ("as the lecture prints", "강의 자료의 값"),
    "correction": ("the lecture's value is wrong", "강의 자료의 값은 틀림"),
    "update": ("gradient descent update", "경사하강법 갱신"),
    "sum": ("add the inequalities", "부등식을 더함"),
    "check": ("check", "확인"),
    "paths": ("add the paths", "경로별 값을 더함"),
    "forward": ("forward pass", "순전파"),
    "backward": ("backward pass", "역전파"),
}


@dataclass(frozen=True)
class Text:
    """A sentence in English and in Korean."""

    en: str
    ko: str

    def __call__(self, lang: str) -> str:
        """Return the sentence in ``lang`` ('en' or 'ko')."""
        if lang not in LANGUAGES:
            raise RenderError(f"unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class Step:
    """One equation ``lhs relation rhs`` with its reason (a key of :data:`REASONS`).

    ``note`` adds a sentence, for instance where the lecture prints a different value.
    """

    lhs: Any
    rhs: Any
    reason: str
    relation: str = "="
    note: Text | None = None

    def __post_init__(self) -> None:
        if self.reason not in REASONS:
            raise RenderError(f"unknown reason {self.reason!r}")
        if self.relation not in ("=", "≈", ">", "≥", "≤", "<", "≠", "⇒", "⇔"):
            raise RenderError(f"unknown relation {self.relation!r}")

    def reason_text(self, lang: str) -> str:
        """Return the reason in ``lang``."""
        en, ko = REASONS[self.reason]
        return ko if lang == "ko" else en


@dataclass(frozen=True)
class Table:
    """A small table (a truth table, say): a header and rows of SymPy values or strings."""

    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: Text | None = None


@dataclass(frozen=True)
class Figure:
    """A picture: a computational ``graph``, a function ``plot`` or a gate's ``decision`` line.

    ``content`` is a :class:`~symnn.graph.Graph` (with ``backward`` drawn if given), a dict of
    named functions of z, or a truth table with its :class:`~symnn.separability.Separation`.
    """

    kind: str
    content: Any
    caption: Text
    name: str = "figure"


Part = Text | Step | Table | Figure


@dataclass(frozen=True)
class Derivation:
    """A titled sequence of sentences, steps, tables and figures."""

    name: str
    title: Text
    parts: tuple[Part, ...] = field(default_factory=tuple)

    def steps(self) -> list[Step]:
        """Return the equations only."""
        return [p for p in self.parts if isinstance(p, Step)]

    def figures(self) -> list[Figure]:
        """Return the figures only."""
        return [p for p in self.parts if isinstance(p, Figure)]

    def render(self, fmt: str = "text", lang: str = "en") -> str:
        """Return the derivation as ``text``, ``latex`` (a fragment), ``document``, ``beamer``
        or ``markdown``, in ``lang``."""
        from symnn import render

        return render.render(self, fmt, lang)

    def _repr_latex_(self) -> str:
        from symnn.render.latex import fragment

        return fragment(self, "en", for_notebook=True)


def equation(lhs: Any, rhs: Any, reason: str, note: Text | None = None) -> Step:
    """Return a Step ``lhs = rhs``, or ``lhs ≈ rhs`` when rhs is a Float (a decimal).

    >>> equation(sympy.Symbol("y"), sympy.Float(0.5), "numeric").relation
    '≈'
    """
    inexact = any(isinstance(v, sympy.Float) for v in sympy.preorder_traversal(rhs)) \
        if isinstance(rhs, sympy.Basic) else False
    return Step(lhs, rhs, reason, "≈" if inexact else "=", note)
