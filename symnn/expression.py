"""Values of parsed expressions: numbers, vectors, matrices and a fixed list of functions.

Arithmetic follows NumPy, which the lecture's code uses: ``*`` and ``/`` act entry by entry,
``@`` is the matrix product, and a row is added to (or multiplies) every row of a matrix.
Vectors and matrices are NumPy arrays of numbers (a vector is one row).  An :class:`Evaluator`
computes with :class:`~symnn.values.Value` numbers (each computed once, exact where rational);
:func:`expression` builds the same thing in SymPy, with names left as symbols.

>>> expression("X @ W + B", {"X": Matrix([[1, 2]]), "W": Matrix([[1, 2, 3], [4, 5, 6]]),
...                          "B": Matrix([[0, 0, 1]])})
Matrix([[9, 12, 16]])
>>> expression("(x + y)**2")
(x + y)**2
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import sympy
from sympy import Expr, Matrix, MatrixBase, Symbol

from symnn import arrays, values
from symnn.activations import apply, identity, leaky_relu, relu, sigmoid, softmax, step, tanh
from symnn.errors import NumberError, ParseError, SymnnError
from symnn.losses import binary_cross_entropy, cross_entropy, half_sse, mse
from symnn.numbers import exact, exact_matrix
from symnn.parse import Tree, by_name, parse

MAX_EXPONENT = 10_000
MAX_POWER_DIGITS = 4_000  # Python refuses to print integers of over 4300 digits
MAX_ENTRIES = 250_000     # entries of one vector or matrix result


def _entrywise(name: str, symbolic: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda x: apply(name, x, symbolic)


def _sum(x: Any) -> Any:
    if not isinstance(x, np.ndarray):
        return x
    total = None
    for v in x.ravel():
        total = v if total is None else total + v
    return total


def _transpose(x: Any) -> Any:
    if not isinstance(x, np.ndarray):
        raise SymnnError("T() takes a vector or matrix")
    return x.T


def _rowwise(f: Callable[..., Any]) -> Callable[..., Any]:
    """A function of vectors that takes numbers too, as vectors of one entry: mse(y, t) of two
    numbers is (y - t)**2, softmax of a number is 1."""
    def of(*args: Any) -> Any:
        rows = [_scalar(a).reshape(1, 1) if isinstance(a, values.Value) else a for a in args]
        out = f(*rows)
        if all(isinstance(a, values.Value) for a in args) and isinstance(out, np.ndarray) \
                and out.shape == (1, 1):
            return out[0, 0]
        return out
    return of


# name -> (function, number of arguments)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int]] = {
    "exp": (_entrywise("exp", sympy.exp), 1),
    "log": (_entrywise("log", sympy.log), 1),
    "sqrt": (_entrywise("sqrt", sympy.sqrt), 1),
    "step": (step, 1),
    "sigmoid": (sigmoid, 1),
    "relu": (relu, 1),
    "tanh": (tanh, 1),
    "identity": (identity, 1),
    "softmax": (_rowwise(softmax), 1),
    "mse": (_rowwise(mse), 2),
    "half_sse": (_rowwise(half_sse), 2),
    "cross_entropy": (_rowwise(cross_entropy), 2),
    "binary_cross_entropy": (_rowwise(binary_cross_entropy), 2),
    "leaky_relu": (leaky_relu, 1),  # slope 0.01, PyTorch's
    "sum": (_sum, 1),
    "T": (_transpose, 1),
}
SCALAR_FUNCTIONS = ("exp", "log", "sqrt", "step", "sigmoid", "relu", "tanh", "identity")


class Evaluator:
    """Compute trees, looking names up in ``values`` and ``definitions``.

    ``definitions`` are trees over earlier names, each computed once.  Numbers are
    :class:`~symnn.values.Value` objects (or, with ``numeric=False``, SymPy numbers);
    ``diff(expr, name)`` is the derivative by a name from ``values`` (or one entry of it,
    ``diff(E, W[0, 1])``), by one reverse pass over the Values, at the worksheet's point.

    >>> ev = Evaluator({"w": 3, "x": 2}, {"y": parse("w * x**2")})
    >>> ev.evaluate(parse("y")), ev.evaluate(parse("diff(y, w)")), ev.evaluate(parse("diff(y, x)"))
    (Value(12), Value(4), Value(12))
    """

    def __init__(self, values: Mapping[str, Any], definitions: Mapping[str, Tree] | None = None,
                 functions: Mapping[str, tuple[Callable[..., Any], int]] | None = None,
                 allow_diff: bool = True, numeric: bool = True):
        self.numeric = numeric
        self.values = {name: self._own(as_value(v, name)) for name, v in values.items()}
        self.definitions = dict(definitions or {})
        self.functions = dict(FUNCTIONS if functions is None else functions)
        self.allow_diff = allow_diff and numeric
        self._cache: dict[str, Any] = {}
        self._derivatives: dict[tuple[Tree, str], Any] = {}
        self._busy: set[str] = set()

    def _own(self, v: Any) -> Any:
        """A SymPy number or matrix as this evaluator computes with it."""
        if isinstance(v, MatrixBase):
            rows = v.tolist()
            return arrays.array(rows) if self.numeric else np.array(rows, dtype=object)
        if isinstance(v, np.ndarray):
            return v  # already an array of Values (an earlier evaluation's result)
        return values.value(v) if self.numeric else v

    def value(self, name: str) -> Any:
        """Return the value of a name from ``values`` or ``definitions``."""
        return self._lookup(name, Tree("name", name), {})

    def evaluate(self, tree: Tree, symbols: Mapping[str, Any] | None = None) -> Any:
        """Return the value of ``tree``; names in ``symbols`` stand for the values given there."""
        symbols = symbols or {}
        kind = tree.kind
        if kind == "number":
            return values.Value(tree.value) if self.numeric else tree.value
        if kind == "name":
            return self._lookup(tree.value, tree, symbols)
        if kind == "neg":
            return -self.evaluate(tree.args[0], symbols)
        if kind == "call":
            return self._call(tree, symbols)
        if kind == "index":
            return _index(tree, [self.evaluate(a, symbols) for a in tree.args])
        left, right = (self.evaluate(a, symbols) for a in tree.args)
        try:
            return _bounded(tree, _binary(tree, left, right))
        except NumberError as e:
            raise ParseError(f"column {tree.column}: {e}") from None

    def _lookup(self, name: str, tree: Tree, symbols: Mapping[str, Any]) -> Any:
        if name in symbols:
            return symbols[name]
        if name in self.values:
            return self.values[name]
        if name in self.definitions:
            if name in self._busy:
                raise ParseError(f"column {tree.column}: {name!r} is defined in terms of itself")
            self._busy.add(name)
            try:
                if symbols and self._depends(name, set(symbols)):
                    return self.evaluate(self.definitions[name], symbols)
                if name not in self._cache:
                    self._cache[name] = self.evaluate(self.definitions[name])
                return self._cache[name]
            finally:
                self._busy.discard(name)
        hint = " (it is a function: call it with parentheses)" if name in self.functions else ""
        raise ParseError(f"column {tree.column}: name {name!r} has no value{hint}")

    def _depends(self, name: str, wanted: set[str]) -> bool:
        seen, stack = set(), [name]
        while stack:
            n = stack.pop()
            if n in wanted:
                return True
            if n in seen or n not in self.definitions:
                continue
            seen.add(n)
            stack.extend(self.definitions[n].names())
        return False

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
        target = tree.args[1] if len(tree.args) == 2 else None
        entry = None
        if target is not None and target.kind == "index" and target.args[0].kind == "name":
            entry, target = target, target.args[0]
        if target is None or target.kind != "name":
            raise ParseError(f"column {tree.column}: write diff(expression, name), with a name "
                             "from [values] (or one entry of it, like W[0, 1])")
        name = target.value
        if name not in self.values:
            raise ParseError(f"column {target.column}: diff(): {name!r} is not a name "
                             "given a value in [values]")
        key = (tree.args[0], name)
        if not symbols and key in self._derivatives:
            return self._pick(self._derivatives[key], entry, symbols)
        point = self.values[name]
        if isinstance(point, np.ndarray):
            leaves = np.empty(point.shape, dtype=object)
            for index, v in np.ndenumerate(point):
                leaves[index] = values.Value(v.exact, variable=True)
        else:
            leaves = values.Value(point.exact, variable=True)
        body = self.evaluate(tree.args[0], {**symbols, name: leaves})
        flat = list(leaves.ravel()) if isinstance(leaves, np.ndarray) else [leaves]
        if isinstance(body, np.ndarray):
            if isinstance(leaves, np.ndarray):
                raise ParseError(f"column {tree.column}: diff(): the derivative of a vector "
                                 f"with respect to the matrix {name!r} is not supported; "
                                 f"take one entry, like diff(y, {name}[0])")
            result = np.empty(body.shape, dtype=object)
            for index, v in np.ndenumerate(body):
                result[index] = values.gradient(v, flat)[0]
            return result
        derivatives = values.gradient(body, flat)
        if not isinstance(leaves, np.ndarray):
            result = derivatives[0]
        else:
            result = np.array(derivatives, dtype=object).reshape(leaves.shape)
        if not symbols:
            # One reverse pass gives the derivative by every entry; diff(E, W[0, 1]) and
            # diff(E, W[1, 2]) share it.
            self._derivatives[key] = result
        return self._pick(result, entry, symbols)

    def _pick(self, result: Any, entry: Tree | None, symbols: Mapping[str, Any]) -> Any:
        if entry is None:
            return result
        indices = [self.evaluate(a, symbols) for a in entry.args[1:]]
        return _index(entry, [result, *indices])


def as_value(v: Any, name: str) -> Any:
    """Return a number, list or matrix as an exact SymPy number or matrix."""
    if isinstance(v, np.ndarray) and v.dtype == object:
        return v
    if isinstance(v, (list, tuple)) or hasattr(v, "tolist") and getattr(v, "ndim", 0) > 0:
        return exact_matrix(v, name)
    if isinstance(v, (MatrixBase, values.Value)) or isinstance(v, sympy.Basic) and \
            v.free_symbols:
        return v
    return exact(v, name)


def _shape(x: Any) -> str:
    return f"{x.shape[0]}x{x.shape[1]} matrix" if isinstance(x, np.ndarray) else "number"


_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def _binary(tree: Tree, left: Any, right: Any) -> Any:
    op = tree.kind
    lm, rm = isinstance(left, np.ndarray), isinstance(right, np.ndarray)
    if op == "@":
        if not (lm and rm):
            raise ParseError(f"column {tree.column}: '@' multiplies matrices, got a "
                             f"{_shape(left)} and a {_shape(right)}")
        if left.shape[1] != right.shape[0]:
            raise ParseError(f"column {tree.column}: '@' of a {_shape(left)} and a "
                             f"{_shape(right)}: {left.shape[1]} columns against "
                             f"{right.shape[0]} rows")
        _check_size(tree, left.shape[0] * left.shape[1] * right.shape[1])
        return left @ right
    if op == "**":
        return _power(tree, left, right)
    if op == "/" and _has_zero(right):
        raise ParseError(f"column {tree.column}: division by zero")
    if op not in _OPERATORS:
        raise ParseError(f"column {tree.column}: unknown operator {op!r}")
    if lm and rm and left.shape != right.shape and not (
            left.shape[1] == right.shape[1] and 1 in (left.shape[0], right.shape[0])):
        raise ParseError(f"column {tree.column}: '{op}' of a {_shape(left)} and a "
                         f"{_shape(right)}: shapes do not match")
    if lm or rm:
        # A number against an array, as a 0-d array, so NumPy (not SymPy) broadcasts it.
        left = left if lm else _scalar(left)
        right = right if rm else _scalar(right)
    return _OPERATORS[op](left, right)


def _scalar(x: Any) -> np.ndarray:
    out = np.empty((), dtype=object)
    out[()] = x
    return out


def _check_size(tree: Tree, operations: int) -> None:
    if operations > MAX_ENTRIES * 8:
        raise ParseError(f"column {tree.column}: the result takes {operations:,} operations; "
                         "symnn works exactly on hand-sized examples")


def _bounded(tree: Tree, result: Any) -> Any:
    """Refuse exact numbers too long to print (say, a product of two huge powers)."""
    entries = list(result.ravel()) if isinstance(result, np.ndarray) else [result]
    limit = MAX_POWER_DIGITS * 10 // 3  # bits
    for e in entries:
        q = e.exact if isinstance(e, values.Value) else \
            (e if isinstance(e, sympy.Rational) else None)
        if q is None:
            continue
        num, den = (q.numerator, q.denominator) if isinstance(e, values.Value) else (q.p, q.q)
        if max(abs(num).bit_length(), den.bit_length()) > limit:
            raise ParseError(f"column {tree.column}: the result would have over "
                             f"{MAX_POWER_DIGITS} digits")
    return result


def _has_zero(x: Any) -> bool:
    entries = x.ravel() if isinstance(x, np.ndarray) else [x]
    for e in entries:
        if isinstance(e, values.Value):
            if e.exact == 0:
                return True
        elif e.is_zero:
            return True
    return False


def _power(tree: Tree, base: Any, exponent: Any) -> Any:
    if isinstance(exponent, np.ndarray):
        raise ParseError(f"column {tree.column}: '**' needs a number as the exponent")
    q = exponent.exact if isinstance(exponent, values.Value) else \
        (values.to_fraction(exponent) if exponent.is_Rational else None)
    if q is not None:
        if q.denominator == 1 and abs(q.numerator) > MAX_EXPONENT:
            raise ParseError(f"column {tree.column}: exponent {q.numerator} is too large "
                             f"(the limit is {MAX_EXPONENT})")
        entries = list(base.ravel()) if isinstance(base, np.ndarray) else [base]
        for b in entries:
            bq = b.exact if isinstance(b, values.Value) else \
                (values.to_fraction(b) if b.is_Rational else None)
            if bq is not None:
                digits = max(len(str(abs(bq.numerator))), len(str(bq.denominator)))
                if digits * abs(q.numerator) / q.denominator > MAX_POWER_DIGITS:
                    raise ParseError(f"column {tree.column}: the power would have over "
                                     f"{MAX_POWER_DIGITS} digits")
                if bq == 0 and q < 0:
                    raise ParseError(f"column {tree.column}: division by zero (0 to a "
                                     "negative power)")
    elif not isinstance(exponent, values.Value) and exponent.is_number \
            and not exponent.is_real:
        raise ParseError(f"column {tree.column}: '**' with a non-real exponent")
    if q is not None and not isinstance(base, np.ndarray) and \
            not isinstance(base, values.Value) and base.is_number and not base.is_Rational:
        # sqrt(10)**9999: SymPy would write out an integer of 5000 digits.
        if power_digits(base, q) > MAX_POWER_DIGITS:
            raise ParseError(f"column {tree.column}: the power would have over "
                             f"{MAX_POWER_DIGITS} digits")
    if isinstance(base, np.ndarray):
        return base ** _scalar(exponent)
    return base ** exponent


def power_digits(base: Any, exponent: Any) -> float:
    """About how many digits base**exponent has (SymPy numbers; 0 when it cannot tell)."""
    try:
        size = abs(float(sympy.log(sympy.Abs(base), 10).evalf(8)))
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return size * abs(float(exponent))


def _index(tree: Tree, parts: list[Any]) -> Any:
    target, *indices = parts
    if not isinstance(target, np.ndarray):
        raise ParseError(f"column {tree.column}: only vectors and matrices can be indexed")
    numbers = []
    for i in indices:
        q = i.exact if isinstance(i, values.Value) else \
            (values.to_fraction(i) if isinstance(i, sympy.Basic) and i.is_Rational else None)
        if q is None or q.denominator != 1 or q < 0:
            raise ParseError(f"column {tree.column}: an index is a whole number from 0")
        numbers.append(int(q))
    rows, cols = target.shape
    if len(numbers) == 1:
        (i,) = numbers
        if rows == 1:
            if i >= cols:
                raise ParseError(f"column {tree.column}: index {i} is past the end of a "
                                 f"vector of {cols}")
            return target[0, i]
        if i >= rows:
            raise ParseError(f"column {tree.column}: row {i} is past the end of a matrix of "
                             f"{rows} rows")
        return target[i:i + 1, :]
    i, j = numbers
    if i >= rows or j >= cols:
        raise ParseError(f"column {tree.column}: index [{i}, {j}] is outside a "
                         f"{_shape(target)}")
    return target[i, j]


def to_sympy(x: Any) -> Any:
    """Return an evaluator's result as SymPy: arrays become matrices, Values their forms."""
    if isinstance(x, np.ndarray):
        return Matrix(x.shape[0], x.shape[1], [to_sympy(v) for v in x.ravel()])
    if isinstance(x, values.Value):
        return x.form()
    return x


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
    if functions is not None and (isinstance(functions, str) or
                                  not all(isinstance(n, str) for n in functions)):
        raise ParseError("functions: expected a list of function names")
    if functions is not None:
        unknown = [n for n in functions if n not in FUNCTIONS]
        if unknown:
            raise ParseError(f"unknown function {unknown[0]!r} (known: "
                             f"{', '.join(sorted(FUNCTIONS))})")
    table = FUNCTIONS if functions is None else {n: FUNCTIONS[n] for n in functions}
    given = by_name(values)
    symbols = {n: Symbol(n) for n in tree.names() if n not in given and n not in table}
    evaluator = Evaluator(given, functions=table, allow_diff=False, numeric=False)
    return to_sympy(evaluator.evaluate(tree, symbols))


def scalar_expression(expr: str | Expr, functions: tuple[str, ...] | None = None
                      ) -> tuple[Expr, list[str]]:
    """Return a scalar expression and its variables' names, sorted, from text or from SymPy.

    Text is parsed by symnn's whitelist parser (never ``eval``); a SymPy expression is taken
    as it is.

    >>> x, y = sympy.symbols("x y")
    >>> scalar_expression("x*y"), scalar_expression(x**2 * y)
    ((x*y, ['x', 'y']), (x**2*y, ['x', 'y']))
    """
    if isinstance(expr, str):
        names = sorted(parse(expr).names() - set(functions or FUNCTIONS))
        expr = expression(expr, functions=functions)
    elif isinstance(expr, sympy.Basic):
        names = sorted(s.name for s in expr.free_symbols)
    else:
        raise ParseError(f"expected an expression (a string or a SymPy expression), got "
                         f"{type(expr).__name__}")
    if isinstance(expr, MatrixBase) or not isinstance(expr, Expr):
        raise ParseError("the expression gives a vector or a non-number; a single number "
                         "is needed")
    return expr, names


def as_written(text: str, functions: tuple[str, ...] | None = None) -> dict[Expr, Expr]:
    """Return, for each part of the expression ``text``, SymPy's form of it (which puts terms
    and factors in its own order) and the same part as the user wrote it (left unevaluated):
    ``expr.xreplace(as_written(text))`` shows a result of ``text`` in the order it was typed.

    >>> x, w, b = sympy.symbols("x w b")
    >>> written = as_written("sigmoid(w*x + b)")
    >>> from symnn.activations import sigmoid
    >>> sympy.sstr(sigmoid(b + w*x).xreplace(written), order="none")
    'sigmoid(w*x + b)'
    """
    table = FUNCTIONS if functions is None else {n: FUNCTIONS[n] for n in functions}
    twins: dict[Expr, Expr] = {}

    def build(tree: Tree) -> tuple[Any, Any]:
        kind = tree.kind
        if kind == "number":
            return tree.value, tree.value
        if kind == "name":
            return Symbol(tree.value), Symbol(tree.value)
        parts = [build(a) for a in tree.args]
        evaluated = [e for e, _ in parts]
        written = [w for _, w in parts]
        def terms(w: Any, kind: type) -> tuple:  # a + b + c as one sum, not (a + b) + c
            return w.args if type(w) is kind and w in made else (w,)

        if kind == "neg":
            pair = (-evaluated[0], sympy.Mul(-1, written[0], evaluate=False))
        elif kind == "+":
            pair = (evaluated[0] + evaluated[1],
                    sympy.Add(*terms(written[0], sympy.Add), *terms(written[1], sympy.Add),
                              evaluate=False))
        elif kind == "-":
            pair = (evaluated[0] - evaluated[1],
                    sympy.Add(*terms(written[0], sympy.Add),
                              sympy.Mul(-1, written[1], evaluate=False), evaluate=False))
        elif kind == "*":
            pair = (evaluated[0] * evaluated[1],
                    sympy.Mul(*terms(written[0], sympy.Mul), *terms(written[1], sympy.Mul),
                              evaluate=False))
        elif kind == "/":
            pair = (evaluated[0] / evaluated[1],
                    sympy.Mul(written[0], sympy.Pow(written[1], -1, evaluate=False),
                              evaluate=False))
        elif kind == "**":
            pair = (evaluated[0] ** evaluated[1], sympy.Pow(*written, evaluate=False))
        elif kind == "call" and tree.value in table and \
                len(tree.args) == table[tree.value][1]:
            f = table[tree.value][0]
            pair = (f(*evaluated), f(*written))
        else:
            raise ParseError(f"column {tree.column}: not a scalar expression")
        made.add(pair[1])
        if isinstance(pair[0], sympy.Basic) and not pair[0].is_Atom and pair[0] != pair[1]:
            twins[pair[0]] = pair[1]
        return pair

    made: set = set()  # the sums and products built here (the user's, so they may be joined)

    try:
        build(parse(text))
    except (SymnnError, TypeError, ValueError, AttributeError):
        return {}  # shown in SymPy's order then, as before
    return twins


def point_values(at: Mapping[Any, Any], names: list[str]) -> dict[str, Any]:
    """Return ``at`` keyed by name (string or SymPy Symbol keys), one value for each name.

    >>> point_values({sympy.Symbol("x"): 1, "y": 2}, ["x", "y"])
    {'x': 1, 'y': 2}
    >>> point_values({"x": 1}, ["x", "y"])
    Traceback (most recent call last):
    ...
    symnn.errors.ParseError: no value given for 'y'
    """
    point = by_name(at, "the point")
    for name in names:
        if name not in point:
            raise ParseError(f"no value given for {name!r}")
    for name in point:
        if name not in names:
            raise ParseError(f"a value is given for {name!r}, which the expression does not use")
    return {name: point[name] for name in names}
