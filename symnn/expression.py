"""SymPy objects from parsed expressions: numbers, matrices and a fixed list of functions.

Arithmetic follows NumPy, which the lecture's code uses: ``*`` and ``/`` act entry by entry,
``@`` is the matrix product, and a row is added to (or multiplies) every row of a matrix.

>>> expression("X @ W + B", {"X": Matrix([[1, 2]]), "W": Matrix([[1, 2, 3], [4, 5, 6]]),
...                          "B": Matrix([[0, 0, 1]])})
Matrix([[9, 12, 16]])
>>> expression("(x + y)**2")
(x + y)**2
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sympy
from sympy import Expr, Matrix, MatrixBase, Symbol

from symnn.activations import identity, relu, sigmoid, softmax, step, tanh
from symnn.errors import ParseError, SymnnError
from symnn.losses import cross_entropy, half_sse, mse
from symnn.numbers import exact, exact_matrix
from symnn.parse import Tree, parse

MAX_EXPONENT = 10_000
MAX_POWER_DIGITS = 4_000  # Python refuses to print integers of over 4300 digits


def _entrywise(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda x: x.applyfunc(f) if isinstance(x, MatrixBase) else f(x)


def _sum(x: Any) -> Any:
    return sum(x) if isinstance(x, MatrixBase) else x


def _transpose(x: Any) -> Any:
    if not isinstance(x, MatrixBase):
        raise SymnnError("T() takes a vector or matrix")
    return x.T


# name -> (function, number of arguments)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int]] = {
    "exp": (_entrywise(sympy.exp), 1),
    "log": (_entrywise(sympy.log), 1),
    "sqrt": (_entrywise(sympy.sqrt), 1),
    "step": (step, 1),
    "sigmoid": (sigmoid, 1),
    "relu": (relu, 1),
    "tanh": (tanh, 1),
    "identity": (identity, 1),
    "softmax": (softmax, 1),
    "mse": (mse, 2),
    "half_sse": (half_sse, 2),
    "cross_entropy": (cross_entropy, 2),
    "sum": (_sum, 1),
    "T": (_transpose, 1),
}
SCALAR_FUNCTIONS = ("exp", "log", "sqrt", "step", "sigmoid", "relu", "tanh", "identity")


class Evaluator:
    """Build SymPy values from trees, looking names up in ``values`` and ``definitions``.

    ``definitions`` are trees over earlier names; ``diff(expr, name)`` differentiates with
    respect to a name from ``values`` and is evaluated at its value.

    >>> ev = Evaluator({"w": 3, "x": 2}, {"y": parse("w * x**2")})
    >>> ev.evaluate(parse("y")), ev.evaluate(parse("diff(y, w)")), ev.evaluate(parse("diff(y, x)"))
    (12, 4, 12)
    """

    def __init__(self, values: Mapping[str, Any], definitions: Mapping[str, Tree] | None = None,
                 functions: Mapping[str, tuple[Callable[..., Any], int]] | None = None,
                 allow_diff: bool = True):
        self.values = {name: as_value(v, name) for name, v in values.items()}
        self.definitions = dict(definitions or {})
        self.functions = dict(FUNCTIONS if functions is None else functions)
        self.allow_diff = allow_diff
        self._cache: dict[str, Any] = {}

    def value(self, name: str) -> Any:
        """Return the value of a name from ``values`` or ``definitions``."""
        return self._lookup(name, Tree("name", name), {})

    def evaluate(self, tree: Tree, symbols: Mapping[str, Any] | None = None) -> Any:
        """Return the SymPy value of ``tree``; names in ``symbols`` stand for their symbols."""
        symbols = symbols or {}
        kind = tree.kind
        if kind == "number":
            return tree.value
        if kind == "name":
            return self._lookup(tree.value, tree, symbols)
        if kind == "neg":
            return -self.evaluate(tree.args[0], symbols)
        if kind == "call":
            return self._call(tree, symbols)
        if kind == "index":
            return _index(tree, [self.evaluate(a, symbols) for a in tree.args])
        left, right = (self.evaluate(a, symbols) for a in tree.args)
        return _bounded(tree, _binary(tree, left, right))

    def _lookup(self, name: str, tree: Tree, symbols: Mapping[str, Any]) -> Any:
        if name in symbols:
            return symbols[name]
        if name in self.values:
            return self.values[name]
        if name in self.definitions:
            if symbols and self._depends(name, set(symbols)):
                return self.evaluate(self.definitions[name], symbols)
            if name not in self._cache:
                self._cache[name] = self.evaluate(self.definitions[name])
            return self._cache[name]
        hint = " (it is a function: call it with parentheses)" if name in self.functions else ""
        raise ParseError(f"column {tree.column}: name {name!r} has no value{hint}")

    def _depends(self, name: str, wanted: set[str], seen: frozenset = frozenset()) -> bool:
        if name in wanted:
            return True
        if name not in self.definitions or name in seen:
            return False
        return any(self._depends(n, wanted, seen | {name})
                   for n in self.definitions[name].names())

    def _call(self, tree: Tree, symbols: Mapping[str, Any]) -> Any:
        name = tree.value
        if name == "diff" and self.allow_diff:
            return self._diff(tree, symbols)
        if name not in self.functions:
            known = ", ".join(sorted(self.functions) + (["diff"] if self.allow_diff else []))
            raise ParseError(f"column {tree.column}: unknown function {name!r} (allowed: {known})")
        f, arity = self.functions[name]
        if len(tree.args) != arity:
            raise ParseError(f"column {tree.column}: {name}() takes {arity} argument"
                             f"{'s' if arity > 1 else ''}, got {len(tree.args)}")
        args = [self.evaluate(a, symbols) for a in tree.args]
        try:
            return f(*args)
        except SymnnError as e:
            raise ParseError(f"column {tree.column}: {name}(): {e}") from None
        except (TypeError, ValueError, AttributeError, sympy.ShapeError) as e:
            raise ParseError(f"column {tree.column}: {name}() cannot take these arguments "
                             f"({e})") from None

    def _diff(self, tree: Tree, symbols: Mapping[str, Any]) -> Any:
        if len(tree.args) != 2 or tree.args[1].kind != "name":
            raise ParseError(f"column {tree.column}: write diff(expression, name), with a name "
                             "from [values]")
        name = tree.args[1].value
        if name not in self.values:
            raise ParseError(f"column {tree.args[1].column}: diff(): {name!r} is not a name "
                             "given a value in [values]")
        point = self.values[name]
        if isinstance(point, MatrixBase):
            symbol = Matrix(point.rows, point.cols,
                            lambda i, j: Symbol(f"{name}[{i},{j}]"))
            pairs = list(zip(symbol, point))
        else:
            symbol = Symbol(name)
            pairs = [(symbol, point)]
        body = self.evaluate(tree.args[0], {**symbols, name: symbol})
        if isinstance(point, MatrixBase):
            if isinstance(body, MatrixBase):
                raise ParseError(f"column {tree.column}: diff(): the derivative of a vector "
                                 f"with respect to the matrix {name!r} is not supported")
            result = symbol.applyfunc(lambda s: sympy.diff(body, s))
        elif isinstance(body, MatrixBase):
            result = body.applyfunc(lambda e: sympy.diff(e, symbol))
        else:
            result = sympy.diff(body, symbol)
        return result.subs(dict(pairs)) if pairs else result


def as_value(v: Any, name: str) -> Any:
    """Return a number, list or matrix as the exact SymPy value expressions compute with."""
    if isinstance(v, (list, tuple)) or hasattr(v, "tolist") and getattr(v, "ndim", 0) > 0:
        return exact_matrix(v, name)
    if isinstance(v, MatrixBase) or isinstance(v, sympy.Basic) and v.free_symbols:
        return v
    return exact(v, name)


def _shape(x: Any) -> str:
    return f"{x.rows}x{x.cols} matrix" if isinstance(x, MatrixBase) else "number"


def _broadcast(tree: Tree, left: Any, right: Any) -> tuple[Any, Any]:
    """Match shapes as NumPy does for a row against a matrix of rows."""
    lm, rm = isinstance(left, MatrixBase), isinstance(right, MatrixBase)
    if not (lm and rm) or left.shape == right.shape:
        return left, right
    if left.rows == 1 and left.cols == right.cols:
        return sympy.ones(right.rows, 1) * left, right
    if right.rows == 1 and left.cols == right.cols:
        return left, sympy.ones(left.rows, 1) * right
    raise ParseError(f"column {tree.column}: '{tree.kind}' of a {_shape(left)} and a "
                     f"{_shape(right)}: shapes do not match")


def _binary(tree: Tree, left: Any, right: Any) -> Any:
    op = tree.kind
    if op == "@":
        if not (isinstance(left, MatrixBase) and isinstance(right, MatrixBase)):
            raise ParseError(f"column {tree.column}: '@' multiplies matrices, got a "
                             f"{_shape(left)} and a {_shape(right)}")
        if left.cols != right.rows:
            raise ParseError(f"column {tree.column}: '@' of a {_shape(left)} and a "
                             f"{_shape(right)}: {left.cols} columns against {right.rows} rows")
        return left * right
    if op == "**":
        return _power(tree, left, right)
    left, right = _broadcast(tree, left, right)
    lm, rm = isinstance(left, MatrixBase), isinstance(right, MatrixBase)
    if op == "+":
        return left + right if lm == rm else _scalar_entrywise(left, right, lambda a, b: a + b)
    if op == "-":
        return left - right if lm == rm else _scalar_entrywise(left, right, lambda a, b: a - b)
    if op == "*":
        if lm and rm:
            return left.multiply_elementwise(right)
        return left * right
    if op == "/":
        if _is_zero(right):
            raise ParseError(f"column {tree.column}: division by zero")
        if lm and rm:
            return Matrix(left.rows, left.cols, [a / b for a, b in zip(left, right)])
        return _scalar_entrywise(left, right, lambda a, b: a / b)
    raise ParseError(f"column {tree.column}: unknown operator {op!r}")


def _bounded(tree: Tree, result: Any) -> Any:
    """Refuse exact numbers too long to print (say, a product of two huge powers)."""
    entries = result if isinstance(result, MatrixBase) else [result]
    limit = MAX_POWER_DIGITS * 10 // 3  # bits
    for e in entries:
        if e.is_Rational and max(abs(e.p).bit_length(), e.q.bit_length()) > limit:
            raise ParseError(f"column {tree.column}: the result would have over "
                             f"{MAX_POWER_DIGITS} digits")
    return result


def _scalar_entrywise(left: Any, right: Any, f: Callable[[Any, Any], Any]) -> Any:
    if isinstance(left, MatrixBase):
        return left.applyfunc(lambda a: f(a, right))
    if isinstance(right, MatrixBase):
        return right.applyfunc(lambda b: f(left, b))
    return f(left, right)


def _is_zero(x: Any) -> bool:
    entries = x if isinstance(x, MatrixBase) else [x]
    return any(e.is_zero for e in entries)


def _power(tree: Tree, base: Any, exponent: Any) -> Any:
    if isinstance(exponent, MatrixBase):
        raise ParseError(f"column {tree.column}: '**' needs a number as the exponent")
    if exponent.is_number:
        if not exponent.is_real:
            raise ParseError(f"column {tree.column}: '**' with a non-real exponent")
        size = abs(sympy.fraction(exponent)[0]) if exponent.is_Rational else None
        if size is not None and size > MAX_EXPONENT:
            raise ParseError(f"column {tree.column}: exponent {exponent} is too large "
                             f"(the limit is {MAX_EXPONENT})")
        entries = base if isinstance(base, MatrixBase) else [base]
        for b in entries:
            if b.is_Rational and size is not None:
                digits = max(len(str(abs(b.p))), len(str(b.q)))
                if digits * size > MAX_POWER_DIGITS:
                    raise ParseError(f"column {tree.column}: the power would have over "
                                     f"{MAX_POWER_DIGITS} digits")
            if b.is_zero and exponent.is_negative:
                raise ParseError(f"column {tree.column}: division by zero (0 to a negative "
                                 "power)")
    if isinstance(base, MatrixBase):
        return base.applyfunc(lambda b: b ** exponent)
    return base ** exponent


def _index(tree: Tree, parts: list[Any]) -> Any:
    target, *indices = parts
    if not isinstance(target, MatrixBase):
        raise ParseError(f"column {tree.column}: only vectors and matrices can be indexed")
    numbers = []
    for i in indices:
        if isinstance(i, MatrixBase) or not i.is_Integer or i < 0:
            raise ParseError(f"column {tree.column}: an index is a whole number from 0")
        numbers.append(int(i))
    if len(numbers) == 1:
        (i,) = numbers
        if target.rows == 1:
            if i >= target.cols:
                raise ParseError(f"column {tree.column}: index {i} is past the end of a "
                                 f"vector of {target.cols}")
            return target[0, i]
        if i >= target.rows:
            raise ParseError(f"column {tree.column}: row {i} is past the end of a matrix of "
                             f"{target.rows} rows")
        return target.row(i)
    i, j = numbers
    if i >= target.rows or j >= target.cols:
        raise ParseError(f"column {tree.column}: index [{i}, {j}] is outside a "
                         f"{_shape(target)}")
    return target[i, j]


def expression(text: str, values: Mapping[str, Any] | None = None,
               functions: tuple[str, ...] | None = None) -> Expr | Matrix:
    """Return the SymPy value of ``text``; names without a given value become symbols.

    ``functions`` restricts the callable names (default: all of :data:`FUNCTIONS`).

    >>> expression("sigmoid(0.0) + x", {})
    x + 1/2
    >>> expression("x.__class__")
    Traceback (most recent call last):
    ...
    symnn.errors.ParseError: column 2: unexpected '.': attribute access is not allowed
    """
    tree = parse(text)
    table = FUNCTIONS if functions is None else {n: FUNCTIONS[n] for n in functions}
    given = dict(values or {})
    symbols = {n: Symbol(n) for n in tree.names() if n not in given and n not in table}
    return Evaluator(given, functions=table, allow_diff=False).evaluate(tree, symbols)
