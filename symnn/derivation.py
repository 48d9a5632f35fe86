"""Derivations: steps, each an equation with the reason it holds, in English and Korean.

A derivation is built by the library from the mathematics: the right-hand sides come from SymPy
or from symnn's values, never typed in.  Its parts are sentences (:class:`Text`), equations
(:class:`Step`), tables, figures and errata (where the lecture prints a wrong number), grouped
into :class:`Frame` s where they belong on one slide.  Renderers (``symnn.render``) turn it
into LaTeX, Beamer, Markdown or text; in a notebook it shows itself whole.

Sentences may hold math between dollar signs, written in LaTeX (``$w \\cdot x + b > 0$``): it is
set as math in LaTeX and on slides, and written with Unicode in the terminal.

>>> z = sympy.Symbol("z")
>>> d = Derivation("demo", Text("Demo", "예시"), (
...     Step(sympy.Derivative(z**2, z), sympy.diff(z**2, z), "derivative"),))
>>> d.steps()[0].rhs
2*z
>>> print(d.render("text"))
Demo
  ∂z²/∂z = 2 z    (differentiate)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from symnn.display import Displayable
from symnn.errors import RenderError

LANGUAGES = ("en", "ko")

REASONS: dict[str, tuple[str, str]] = {
    "definition": ("definition", "정의"),
    "given": ("given", "주어진 값"),
    "substitution": ("substitute the values", "값을 대입"),
    "bias_form": ("$b = -\\theta$", "$b = -\\theta$로 바꿈"),
    "matrix_product": ("matrix product", "행렬의 곱"),
    "activation": ("apply the activation", "활성함수 적용"),
    "derivative": ("differentiate", "미분"),
    "chain_rule": ("chain rule", "연쇄법칙"),
    "add_node": ("add node: passes the derivative on", "덧셈 노드: 그대로 흘려보냄"),
    "mul_node": ("multiply node: times the other input", "곱셈 노드: 다른 입력을 곱함"),
    "local": ("local derivative", "국소미분"),
    "simplify": ("simplify", "정리"),
    "numeric": ("numerically", "수치 계산"),
    "shift": ("subtract $\\max a$", "최댓값을 뺌"),
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
    """A sentence in English and in Korean (math between $...$, in LaTeX)."""

    en: str
    ko: str

    def __call__(self, lang: str) -> str:
        """Return the sentence in ``lang`` ('en' or 'ko')."""
        if lang not in LANGUAGES:
            raise RenderError(f"unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
        return self.ko if lang == "ko" else self.en


def text_of(value: str | Text, lang: str) -> str:
    """Return a Text in ``lang``; a plain string is the same in both languages."""
    return value(lang) if isinstance(value, Text) else value


@dataclass(frozen=True)
class Step:
    """One equation ``lhs relation rhs`` with its reason.

    ``rhs`` may be a tuple, a chain written on one line: lhs = rule = numbers = value; a link
    given as ``("≈", value)`` takes its own relation.
    ``reason`` is a :class:`Text` that says which rule or which values are used, or a key of
    :data:`REASONS` for the few generic ones.  ``note`` adds a sentence after the step.
    """

    lhs: Any
    rhs: Any
    reason: str | Text
    relation: str = "="
    note: Text | None = None

    def __post_init__(self) -> None:
        if isinstance(self.reason, str) and self.reason not in REASONS:
            raise RenderError(f"unknown reason {self.reason!r}")
        if self.relation not in ("=", "≈", ">", "≥", "≤", "<", "≠", "⇒", "⇔", "←"):
            raise RenderError(f"unknown relation {self.relation!r}")

    def reason_text(self, lang: str) -> str:
        """Return the reason in ``lang``."""
        if isinstance(self.reason, Text):
            return self.reason(lang)
        en, ko = REASONS[self.reason]
        return ko if lang == "ko" else en


@dataclass(frozen=True)
class Table:
    """A small table: a header (strings or Texts, math between $...$) and rows of values."""

    header: tuple[str | Text, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: Text | None = None


@dataclass(frozen=True)
class Figure:
    """A picture: a computational ``graph``, a ``network``, the ``perceptron``, the
    ``xor-network``, a function ``plot`` or a gate's ``decision`` line.

    ``content`` is a :class:`~symnn.graph.Graph` with its sweep (or None: values only), a
    network with its forward pass (or None), a dict of named functions of z, or a truth
    table with the weights and bias whose line is drawn (see
    :func:`symnn.render.figures.figure_drawing`).  Every figure is drawn with its labels at
    footnote size and never shrunk on a slide.
    """

    kind: str
    content: Any
    caption: Text
    name: str = "figure"


@dataclass(frozen=True)
class Erratum:
    """A number the lecture prints wrong: the quantity, what is printed, the right value, why.

    ``quantity``, ``printed`` and ``correct`` are SymPy values or strings (math between $...$).
    """

    quantity: Any
    printed: Any
    correct: Any
    why: Text


@dataclass(frozen=True)
class Listing:
    """A program the lecture shows and what running it printed.

    ``code`` is shown (Python, set with the ``listings`` package); ``before`` is code run first
    and not shown (what an earlier slide's listing defined); ``output`` is what ``code``
    printed when it was run, never typed in (see :mod:`symnn.catalog.listings`).
    """

    code: str
    output: str
    before: str = ""


@dataclass(frozen=True)
class Note:
    """A speaker note: how a number was computed, for the lecturer only (Beamer's ``\\note``;
    the other formats leave it out)."""

    text: Text


@dataclass(frozen=True)
class Remark:
    """A remark set apart in a box, such as a convention the lecture follows (not an error)."""

    title: Text
    body: Text


@dataclass(frozen=True)
class Items:
    """A list of short points (a bulleted list on a slide)."""

    items: tuple[Text, ...]


Part = Text | Items | Step | Table | Figure | Erratum | Listing | Note | Remark


@dataclass(frozen=True)
class Frame:
    """Parts that belong on one slide (in order), with ``side`` parts in a column beside them.

    In a document the frame's title is a small heading and the side parts follow.
    """

    title: Text | None
    parts: tuple[Part, ...]
    side: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Section:
    """A part of a lecture: a title and its derivations, in order."""

    title: Text
    derivations: tuple[Derivation, ...]


@dataclass(frozen=True)
class Deck:
    """A lecture's slides: the title page's settings and the sections in order; ``places``
    says where each derivation is written in its deck file (``"deck.toml, section 2, item 1
    (step)"``), for errors found later to name."""

    title: Text
    sections: tuple[Section, ...]
    subtitle: Text | None = None
    course: str | Text | None = None
    author: str | Text | None = None
    date: str | None = None
    places: Mapping[str, str] = field(default_factory=dict, compare=False)

    def derivations(self) -> list[Derivation]:
        """Return every derivation of the deck in order."""
        return [d for s in self.sections for d in s.derivations]


# Filled by symnn.render when it is imported, so that this module never imports it.
RENDERERS: dict[str, Callable[[Derivation, str], str]] = {}


@dataclass(frozen=True, repr=False)
class Derivation(Displayable):
    """A titled sequence of parts and frames.

    ``labels`` names symbols in each language (``{"price": Text("apple price", "사과 가격")}``),
    so a Korean page shows no English node names.
    """

    name: str
    title: Text
    parts: tuple[Part | Frame, ...] = field(default_factory=tuple)
    labels: Mapping[str, Text] = field(default_factory=dict)

    def __repr__(self) -> str:
        steps, figures = len(self.steps()), len(self.figures())
        return (f"Derivation({self.name!r}: {self.title('en')}, {steps} step"
                f"{'s' * (steps != 1)}, {figures} figure{'s' * (figures != 1)})")

    def flat(self) -> Iterator[Part]:
        """Yield every part in reading order, frames opened (main parts, then side parts)."""
        for part in self.parts:
            if isinstance(part, Frame):
                yield from part.parts
                yield from part.side
            else:
                yield part

    def steps(self) -> list[Step]:
        """Return the equations only."""
        return [p for p in self.flat() if isinstance(p, Step)]

    def figures(self) -> list[Figure]:
        """Return the figures only."""
        return [p for p in self.flat() if isinstance(p, Figure)]

    def errata(self) -> list[Erratum]:
        """Return the places where the lecture prints a wrong number."""
        return [p for p in self.flat() if isinstance(p, Erratum)]

    def listings(self) -> list[Listing]:
        """Return the programs shown, in order."""
        return [p for p in self.flat() if isinstance(p, Listing)]

    def render(self, fmt: str = "text", lang: str = "en") -> str:
        """Return the derivation as ``text``, ``latex`` (a fragment), ``document``, ``beamer``
        or ``markdown``, in ``lang``."""
        if lang not in LANGUAGES:
            raise RenderError(f"unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
        if fmt not in RENDERERS:
            raise RenderError(f"unknown format {fmt!r} (one of {', '.join(RENDERERS)})")
        return RENDERERS[fmt](self, lang)


def equation(lhs: Any, rhs: Any, reason: str | Text, note: Text | None = None) -> Step:
    """Return a Step ``lhs = rhs``, or ``lhs ≈ rhs`` when rhs holds a Float (a decimal).

    >>> equation(sympy.Symbol("y"), sympy.Float(0.5), "numeric").relation
    '≈'
    """
    inexact = any(isinstance(v, sympy.Float) for v in sympy.preorder_traversal(rhs)) \
        if isinstance(rhs, sympy.Basic) else False
    return Step(lhs, rhs, reason, "≈" if inexact else "=", note)
