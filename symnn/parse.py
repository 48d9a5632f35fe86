"""The whitelist parser: expression strings a user types, read without ``eval``.

The grammar is small and closed: numbers (read exactly, ``0.1`` is 1/10), names, ``+ - * / **
@``, unary minus, parentheses, indexing ``Z[0]`` and ``W[0, 1]``, and calls of functions that the
caller lists.  Anything else is refused with the column where it starts; so are over-long and
over-deep inputs.  Nothing the user types is passed to ``eval``, ``sympify`` or ``parse_expr``.

>>> tree = parse("(x + y)**2")
>>> tree.kind, tree.args[0].kind, tree.args[1].value
('**', '+', 2)
>>> parse("__import__('os')")
Traceback (most recent call last):
...
symnn.errors.ParseError: column 1: a name may not start with an underscore: '__import__'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from symnn.errors import ParseError, SymnnError
from symnn.numbers import exact

MAX_LENGTH = 5000
MAX_DEPTH = 60
MAX_HEIGHT = 250  # operations in a chain such as 1 + 1 + ... (every walk of it stays shallow)
MAX_NUMBER = 60  # characters in one number literal

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\*\*|[-+*/@()\[\],])
""", re.VERBOSE)

_BINARY = {"+": 10, "-": 10, "*": 20, "/": 20, "@": 20, "**": 40}
_UNARY = 30


@dataclass(frozen=True)
class Tree:
    """A parsed expression: ``kind`` is 'number', 'name', 'neg', an operator, 'call' or 'index'."""

    kind: str
    value: Any = None
    args: tuple[Tree, ...] = ()
    column: int = field(default=0, repr=True, compare=False)
    height: int = field(default=1, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.args:
            height = 1 + max(a.height for a in self.args)
            if height > MAX_HEIGHT:
                raise ParseError(f"column {self.column}: the expression is a chain of over "
                                 f"{MAX_HEIGHT} operations; split it into definitions")
            object.__setattr__(self, "height", height)

    def names(self) -> set[str]:
        """Return every name the expression uses (function names excluded).

        >>> sorted(parse("sigmoid(a * w) + b").names())
        ['a', 'b', 'w']
        """
        found, stack = set(), [self]
        while stack:
            tree = stack.pop()
            if tree.kind == "name":
                found.add(tree.value)
            stack.extend(tree.args)
        return found


@dataclass
class _Token:
    kind: str
    text: str
    column: int


def tokens(text: str) -> list[_Token]:
    """Return the tokens of ``text``; anything outside the grammar is an error at its column."""
    if not isinstance(text, str):
        raise ParseError(f"expected an expression string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}")
    out, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        column = position + 1
        if match is None:
            char = text[position]
            why = {"'": "strings are not allowed", '"': "strings are not allowed",
                   ".": "attribute access is not allowed", ":": "':' is not allowed",
                   "=": "'=' is not allowed (write an expression, not an assignment)",
                   "^": "'^' is not a power here; write x**2 for x squared"}
            hint = why.get(char, "not part of the expression grammar")
            raise ParseError(f"column {column}: unexpected {char!r}: {hint}")
        kind = match.lastgroup
        word = match.group()
        if kind == "number" and len(word) > MAX_NUMBER:
            raise ParseError(f"column {column}: number literal over {MAX_NUMBER} characters")
        if kind == "name" and word.startswith("_"):
            raise ParseError(f"column {column}: a name may not start with an underscore: "
                             f"{word!r}")
        if kind == "number" and match.end() < len(text) and text[match.end()].isalpha():
            raise ParseError(f"column {column}: {word + text[match.end()]!r}... is not a "
                             "number (write 2*x for a product)")
        if kind != "space":
            out.append(_Token(kind, word, column))
        position = match.end()
    out.append(_Token("end", "", len(text) + 1))
    return out


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokens(text)
        self.position = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.position]

    def take(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expect(self, text: str) -> _Token:
        token = self.take()
        if token.text != text:
            found = f"{token.text!r}" if token.kind != "end" else "the end"
            raise ParseError(f"column {token.column}: expected {text!r}, found {found}")
        return token

    def expression(self, floor: int = 0) -> Tree:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"column {self.peek().column}: expression nested deeper than "
                             f"{MAX_DEPTH} levels")
        left = self.prefix()
        while True:
            token = self.peek()
            power = _BINARY.get(token.text) if token.kind == "op" else None
            if power is None or power <= floor:
                break
            self.take()
            # ** is right-associative and binds tighter than a unary minus on its left.
            right = self.expression(power - 1 if token.text == "**" else power)
            left = Tree(token.text, None, (left, right), token.column)
        self.depth -= 1
        return left

    def prefix(self) -> Tree:
        token = self.take()
        if token.text == "-":
            return Tree("neg", None, (self.expression(_UNARY),), token.column)
        if token.text == "+":
            return self.expression(_UNARY)
        if token.kind == "number":
            try:
                number = exact(token.text, "number")
            except SymnnError as e:
                raise ParseError(f"column {token.column}: {e.message}") from None
            return self.postfix(Tree("number", number, (), token.column))
        if token.kind == "name":
            if self.peek().text == "(":
                self.take()
                args = self.arguments(")")
                return self.postfix(Tree("call", token.text, tuple(args), token.column))
            return self.postfix(Tree("name", token.text, (), token.column))
        if token.text == "(":
            inner = self.expression()
            self.expect(")")
            return self.postfix(inner)
        found = f"{token.text!r}" if token.kind != "end" else "the end of the expression"
        raise ParseError(f"column {token.column}: expected a number, a name or '(', "
                         f"found {found}")

    def arguments(self, close: str) -> list[Tree]:
        args: list[Tree] = []
        if self.peek().text == close:
            self.take()
            return args
        while True:
            args.append(self.expression())
            token = self.take()
            if token.text == close:
                return args
            if token.text != ",":
                found = f"{token.text!r}" if token.kind != "end" else "the end"
                raise ParseError(f"column {token.column}: expected ',' or {close!r}, "
                                 f"found {found}")

    def postfix(self, tree: Tree) -> Tree:
        while self.peek().text == "[":
            column = self.take().column
            indices = self.arguments("]")
            if not 1 <= len(indices) <= 2:
                raise ParseError(f"column {column}: index with one or two numbers, like Z[0] "
                                 "or W[0, 1]")
            tree = Tree("index", None, (tree, *indices), column)
        if self.peek().text == "(":
            raise ParseError(f"column {self.peek().column}: only named functions can be called")
        return tree


def parse(text: str) -> Tree:
    """Return the tree of ``text``, or raise :class:`ParseError` naming the column.

    >>> parse("2 x")
    Traceback (most recent call last):
    ...
    symnn.errors.ParseError: column 3: unexpected 'x' after a whole expression (missing operator?)
    """
    parser = _Parser(text)
    if parser.peek().kind == "end":
        raise ParseError("empty expression")
    tree = parser.expression()
    token = parser.peek()
    if token.kind != "end":
        raise ParseError(f"column {token.column}: unexpected {token.text!r} after a whole "
                         "expression (missing operator?)")
    return tree


def by_name(mapping: Any, what: str = "values") -> dict[str, Any]:
    """Return a mapping of names (strings or SymPy symbols) to values keyed by the names.

    >>> by_name({sympy.Symbol("x"): 1, "y": 2})
    {'x': 1, 'y': 2}
    """
    if mapping is None:
        return {}
    if not isinstance(mapping, Mapping):
        raise ParseError(f"{what}: expected a mapping of names to numbers, got "
                         f"{type(mapping).__name__}")
    out: dict[str, Any] = {}
    for key, value in mapping.items():
        name = key.name if isinstance(key, sympy.Symbol) else key
        if not isinstance(name, str):
            raise ParseError(f"{what}: keys are names or SymPy symbols, got {key!r}")
        if name in out:
            raise ParseError(f"{what}: two values are given for {name!r}")
        out[name] = value
    return out
