"""Values computed once from their parents' values: exact where rational, else a sure interval.

A :class:`Value` is one number of a forward pass, a backward pass or a worksheet.  It is made
from its parents' values by one operation and keeps

- ``exact``: the value as a ``Fraction`` whenever it is rational (sums and products of
  rationals, step and ReLU of rationals, sigmoid(0) = 1/2, ...);
- otherwise an interval that certainly contains it (mpmath's interval arithmetic, rounded
  outwards), computed at a working precision that is raised on demand, by evaluating again only
  the values it comes from;
- its closed form in SymPy, built from its parents' forms only when asked for.

No SymPy object is touched while values are computed, so a forward pass or a training step of a
network with thousands of weights takes a fraction of a second, exactly where it can be exact.
Each operation keeps its forward rule and its local derivative side by side in :data:`OPS`, so
:func:`gradient` runs reverse mode over the values themselves.

>>> x = Value(0.3)
>>> y = sigmoid(x)
>>> y.exact is None, y.decimal(8), y.form()
(True, '0.57444252', 1/(exp(-3/10) + 1))
>>> (Value(0.1) + Value(0.2)).exact
Fraction(3, 10)
>>> w = Value(2, variable=True)
>>> [d.exact for d in gradient(w * w * w, [w])]
[Fraction(12, 1)]
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from mpmath.libmp import from_int, fzero, libmpi, mpf_lt, round_nearest, to_float

from symnn import intervals
from symnn.errors import NumberError, PrecisionError, SymnnError, WorkLimitError

START_BITS = 128          # about 38 significant digits at first
MAX_BITS = 1 << 15        # about 9,860 digits: past this a kink or a digit is undecidable
MAX_EXACT_BITS = 13_000   # rationals past about 3,900 digits are carried as intervals instead
MAX_EXP_ARGUMENT = 10**15  # exp of more than this is out of range (its result has no digits)
MAX_FORM_SIZE = 20_000    # operations in a closed form built on request
MAX_PRINT_DIGITS = 4000   # Python refuses to print integers of over 4300 digits
ZERO_TEST_BITS = 1024     # past this, a value whose interval still holds 0 is tried by SymPy
ZERO_TEST_SIZE = 80       # operations in a closed form SymPy's zero test is tried on
ZERO_TEST_NUMBERS = 10**15  # and the largest numerator or denominator in it
FLOAT_BITS = 4096         # enough for the nearest float of any value, subnormals included

_WEIGHT = {"sigmoid": 3, "tanh": 1}
_ZERO = Fraction(0)
_ONE = Fraction(1)


_BUDGETS: ContextVar[tuple[list, ...]] = ContextVar("symnn_budgets", default=())


@contextmanager
def budget(operations: int, what: str = "this computation") -> Iterator[None]:
    """Allow at most ``operations`` operations on Values inside the block, in this thread.

    Every value made, and every value computed again at a higher precision, counts (more
    when its numbers are long); past the budget a :class:`~symnn.errors.WorkLimitError` stops
    the work.  This bounds the work itself, so it holds in any thread or process, where a
    timer signal would not.  Budgets nest: the block stops at the first one used up.

    >>> with budget(100, "the demo"):  # doctest: +ELLIPSIS
    ...     total = sum(Value(k) for k in range(1000))
    Traceback (most recent call last):
    ...
    symnn.errors.WorkLimitError: the demo needs over 100 operations; symnn works exactly ...
    """
    counter = [operations, operations, what]
    token = _BUDGETS.set((*_BUDGETS.get(), counter))
    try:
        yield
    finally:
        _BUDGETS.reset(token)


def _spend(amount: int) -> None:
    for counter in _BUDGETS.get():
        counter[0] -= amount
        if counter[0] < 0:
            raise WorkLimitError(f"{counter[2]} needs over {counter[1]:,} operations; symnn "
                                 "works exactly on hand-sized examples")


class Value:
    """One number, computed once from its parents' values (see the module's docstring).

    ``Value(0.1)`` is the exact one tenth; ``variable=True`` marks an input that may be
    differentiated by (constants are folded away: ``x * 1`` is ``x``).

    >>> Value("0.1") * 3, Value(1) / 3
    (Value(3/10), Value(1/3))
    """

    __slots__ = ("op", "parents", "exact", "variable", "_box", "_bits", "size", "_form",
                 "argument", "_zero_tested", "_long", "__weakref__")

    def __init__(self, number: Any = None, variable: bool = False, *, op: str = "const",
                 parents: tuple[Value, ...] = (), exact: Fraction | None = None,
                 box: tuple | None = None, bits: int = START_BITS, argument: Any = None):
        self.op = op
        self.parents = parents
        self.variable = variable
        self.argument = argument  # the exponent of a power, fixed when the node is made
        self._form = None
        self._zero_tested = False
        if op == "const":
            exact = to_fraction(number)
        self.exact = exact
        self._box = box
        self._bits = bits if box is not None else 0
        # Operations in the closed form (a sigmoid prints as 1/(exp(-a) + 1)).
        self.size = 0 if op == "const" else _WEIGHT.get(op, 1) + sum(p.size for p in parents)
        # Whether the form holds a power of a number too long to print, (10**1000)**9999.
        self._long = exact is None and (any(p._long for p in parents) or (
            op == "power" and parents[0].exact is not None and
            _too_long(parents[0].exact, argument)))

    # ---- what the value is ------------------------------------------------------------------

    def box(self, bits: int = START_BITS) -> tuple:
        """Return an interval (libmpi) that certainly holds the value, at ``bits`` bits or more.

        A value computed at a lower precision is computed again, with the values it depends
        on, in topological order and without recursion.
        """
        if self.exact is not None:
            if self._box is None or self._bits < bits:
                self._box, self._bits = intervals.box_of(self.exact, bits), bits
            return self._box
        if self._bits >= bits:
            return self._box
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
                continue
            if id(node) in seen or node.exact is not None or node._bits >= bits:
                continue
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node.parents)
        _spend(len(order) * (bits // START_BITS))
        for node in order:
            boxes = [p.box(bits) for p in node.parents]
            node._box, node._bits = OPS[node.op].box(boxes, node.argument, bits), bits
        return self._box

    @property
    def bits(self) -> int:
        """Return the precision the value is known to now (exact values: unbounded)."""
        return 0 if self.exact is not None else self._bits

    def sign(self, what: str = "this value") -> int:
        """Return -1, 0 or 1, raising the precision until the sign is certain.

        An interval that shrinks to the single point 0 proves the value is 0 (the intervals
        are sure); one that still holds 0 past :data:`ZERO_TEST_BITS` bits is handed to SymPy's
        zero test on the closed form, and one that holds 0 at :data:`MAX_BITS` bits is reported
        as undecidable rather than guessed.

        >>> Value(-0.5).sign(), (exp(Value(1)) - Value(2.718)).sign()
        (-1, 1)
        >>> s = sigmoid(Value(0.5))
        >>> (s * (1 - s) - exp(Value(-0.5)) / (1 + exp(Value(-0.5))) ** 2).sign()
        0
        """
        if self.exact is not None:
            return (self.exact > 0) - (self.exact < 0)
        bits = max(self._bits, START_BITS)
        while True:
            box = self.box(bits)
            if intervals.is_positive(box):
                return 1
            if intervals.is_negative(box):
                return -1
            if self._is_zero(box, bits):
                return 0
            if bits >= MAX_BITS:
                raise PrecisionError(f"cannot tell whether {what} is positive, zero or negative "
                                     f"at {intervals.digits_of(bits)} digits (it is 0 to every "
                                     "digit symnn can compute); show it as text or with fewer "
                                     "--digits")
            bits *= 2

    def _is_zero(self, box: tuple, bits: int) -> bool:
        """Whether the value is proven 0: its interval is the point 0, or (past
        :data:`ZERO_TEST_BITS` bits, once) SymPy's zero test on a short closed form says so.
        A proven zero becomes the exact 0."""
        proven = box[0] == fzero and box[1] == fzero
        if not proven and bits >= ZERO_TEST_BITS and not self._zero_tested:
            self._zero_tested = True
            form = self.form(limit=ZERO_TEST_SIZE)
            try:
                # SymPy's test evaluates the form numerically too: only where its numbers are
                # of a size that takes it milliseconds (exp(10**1000) would take minutes).
                proven = form is not None and all(
                    max(abs(r.p), r.q) < ZERO_TEST_NUMBERS for r in form.atoms(sympy.Rational)
                ) and form.equals(0) is True
            except (TypeError, ValueError, ArithmeticError, RecursionError, NotImplementedError):
                proven = False
        if proven:
            self.exact, self._box, self._bits = _ZERO, None, 0
        return proven

    def decimal(self, digits: int = 10) -> str:
        """Return the value to ``digits`` significant digits, every digit certain.

        Large and small values are written in scientific notation; zeros at the end are
        dropped.

        >>> Value(1).decimal(), (Value(1) / 3).decimal(4), exp(Value(100000)).decimal(5)
        ('1', '0.3333', '2.8067e+43429')
        """
        digits = intervals.check_digits(digits)
        if self.exact is not None:
            return intervals.fraction_text(self.exact, digits)
        bits = max(self._bits, int(digits * 3.33) + 32)
        while True:
            lo, hi = self.box(bits)
            if not intervals.is_positive((lo, hi)) and not intervals.is_negative((lo, hi)):
                if self._is_zero((lo, hi), bits):
                    return "0"
                text = None  # holds 0: more bits, or the value is 0 to every digit we can get
            else:
                text = intervals.text(lo, digits)
                if text != intervals.text(hi, digits):
                    text = None
            if text is not None:
                return text
            if bits >= MAX_BITS:
                mid = libmpi.mpi_mid((lo, hi), bits)
                return "0" if not intervals.is_positive((lo, hi)) and \
                    not intervals.is_negative((lo, hi)) else intervals.text(mid, digits)
            bits *= 2

    def show(self, digits: int = 10) -> str:
        """Return ``exact ≈ decimal``; the decimal alone when it is exact or the exact form long.

        >>> Value(0.3).show(), (Value(1) / 3).show(4), sigmoid(Value(1)).show(4)
        ('0.3', '1/3 ≈ 0.3333', '1/(exp(-1) + 1) ≈ 0.7311')
        """
        approx = self.decimal(digits)
        if self.exact is not None and Fraction(approx) == self.exact:
            return approx  # 3/10 is written 0.3, as the lecture writes it
        form = self.form(limit=12)
        if form is None:
            return f"≈ {approx}"
        return f"{form} ≈ {approx}"

    def __float__(self) -> float:
        """Return the nearest float (±inf past the float range).

        No sign is asked: the precision is raised until both ends of the interval round to
        the same float, so a value known only to lie within 1e-1000 of 0 is 0.0.

        >>> float(sigmoid(Value(0.3))), float(exp(Value(1000)))
        (0.574442516811659, inf)
        """
        if self.exact is not None:
            try:
                return float(self.exact)
            except OverflowError:
                return math.inf if self.exact > 0 else -math.inf
        bits = max(self._bits, START_BITS)
        while True:
            lo, hi = self.box(bits)
            a, b = to_float(lo, rnd=round_nearest), to_float(hi, rnd=round_nearest)
            if a == b or bits >= FLOAT_BITS:
                return a + 0.0 if a == b else to_float(libmpi.mpi_mid((lo, hi), bits),
                                                        rnd=round_nearest)
            bits *= 2

    def __repr__(self) -> str:
        if self.exact is not None:
            return f"Value({self.exact})"
        return f"Value({self.decimal()})"

    # ---- the closed form --------------------------------------------------------------------

    def form(self, limit: int | None = None) -> sympy.Expr | None:
        """Return the value's exact closed form in SymPy, built from its parents' forms.

        With ``limit``, None when the form would have more than ``limit`` operations; without,
        an error past :data:`MAX_FORM_SIZE` operations (the form would take minutes to print).

        >>> sigmoid(Value(0.3) * 2).form(), (sigmoid(Value(0.3)) * 2).form(limit=3) is None
        (1/(exp(-3/5) + 1), True)
        """
        if self.exact is not None:
            return sympy.Rational(self.exact.numerator, self.exact.denominator)
        if limit is not None and (self.size > limit or self._long):
            return None
        if self._long:
            raise NumberError(f"the exact form holds a number of over {MAX_PRINT_DIGITS:,} "
                              "digits, too many to print; show decimals instead")
        if self.size > MAX_FORM_SIZE:
            raise SymnnError(f"the exact form has about {self.size:,} operations (over "
                             f"{MAX_FORM_SIZE:,}); show decimals instead of exact forms")
        if self._form is None:
            order, seen, stack = [], set(), [(self, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    order.append(node)
                    continue
                if id(node) in seen or node._form is not None or node.exact is not None:
                    continue
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node.parents)
            for node in order:
                forms = [p.form() if p.exact is not None else p._form for p in node.parents]
                node._form = OPS[node.op].form(forms, node.argument)
        return self._form

    def __symnn_function__(self, name: str) -> Value:
        """Return symnn's function ``name`` (sigmoid, relu, exp, ...) of this value."""
        return FUNCTIONS[name](self)

    # ---- arithmetic, with Python's operators --------------------------------------------------

    def __add__(self, other: Any) -> Value:
        return NotImplemented if isinstance(other, np.ndarray) else add(self, other)

    def __radd__(self, other: Any) -> Value:
        return NotImplemented if isinstance(other, np.ndarray) else add(other, self)

    def __sub__(self, other: Any) -> Value:
        return NotImplemented if isinstance(other, np.ndarray) else sub(self, other)

    def __rsub__(self, other: Any) -> Value:
        return NotImplemented if isinstance(other, np.ndarray) else sub(other, self)

    def __mul__(self, other: Any) -> Value:
        return NotImplemented if isinstance(other, np.ndarray) else mul(self, other)

    def __rmul__(self, other: Any) -> Value:
        return NotImplemented if isinstance(other, np.ndarray) else mul(other, self)

    def __truediv__(self, other: Any) -> Value:
        return NotImplemented if isinstance(other, np.ndarray) else div(self, other)

    def __rtruediv__(self, other: Any) -> Value:
        return NotImplemented if isinstance(other, np.ndarray) else div(other, self)

    def __neg__(self) -> Value:
        return neg(self)

    def __pos__(self) -> Value:
        return self

    def __abs__(self) -> Value:
        return absolute(self)

    def __lt__(self, other: Any) -> bool:
        return (self - other).sign("a difference of two values") < 0

    def __gt__(self, other: Any) -> bool:
        return (self - other).sign("a difference of two values") > 0

    def __pow__(self, other: Any) -> Value:
        return NotImplemented if isinstance(other, np.ndarray) else power(self, other)

    def __rpow__(self, other: Any) -> Value:
        return NotImplemented if isinstance(other, np.ndarray) else power(other, self)


def to_fraction(number: Any) -> Fraction:
    """Return a number a user wrote (int, float by its repr, decimal string, Rational) exactly.

    >>> to_fraction(0.1), to_fraction("3/10"), to_fraction(sympy.Rational(1, 3))
    (Fraction(1, 10), Fraction(3, 10), Fraction(1, 3))
    """
    if isinstance(number, Fraction):
        return number
    if isinstance(number, int) and not isinstance(number, bool):
        return Fraction(number)
    if isinstance(number, sympy.Rational):
        return Fraction(int(number.p), int(number.q))
    from symnn.numbers import exact

    q = exact(number)
    if not q.is_Rational:
        raise NumberError(f"{number!r} is not a rational number")
    return Fraction(int(q.p), int(q.q))


def value(number: Any) -> Value:
    """Return ``number`` as a Value: a Value stays itself, a number becomes an exact constant.

    (:func:`symnn.arrays.value_of` also takes SymPy closed forms such as exp(1/2).)
    """
    return number if isinstance(number, Value) else Value(number)


# ---- operations: forward rule, interval rule, closed form and local derivative together ----


@dataclass(frozen=True)
class Op:
    """One operation on values.

    ``exact`` maps rational inputs to the rational result (None where it is not rational);
    ``box`` maps intervals to an interval that holds every result; ``form`` builds the SymPy
    closed form; ``local(node)`` gives d node / d parent for each parent, as Values.
    """

    exact: Callable[..., Fraction | None]
    box: Callable[[list, Any, int], tuple]
    form: Callable[[list, Any], sympy.Expr]
    local: Callable[[Value], tuple[Value, ...]]


def _too_long(x: Fraction, argument: Fraction) -> bool:
    """Whether x ** argument has more bits than symnn carries exactly."""
    size = max(abs(x.numerator).bit_length(), x.denominator.bit_length())
    return size * abs(argument.numerator) > MAX_EXACT_BITS * argument.denominator


def _power_exact(x: Fraction, argument: Fraction) -> Fraction | None:
    if _too_long(x, argument):
        return None  # an interval, without computing the power first
    if argument.denominator == 1:
        n = int(argument)
        if x == 0 and n < 0:
            return None
        return x ** n
    root = argument.denominator
    if x < 0 or root > 64:
        return None
    num, den = _int_root(x.numerator, root), _int_root(x.denominator, root)
    if num is None or den is None:
        return None
    return Fraction(num, den) ** argument.numerator


def _int_root(n: int, k: int) -> int | None:
    """The exact k-th root of n >= 0, if n is a k-th power."""
    if n < 2:
        return n
    r = round(n ** (1.0 / k)) if n.bit_length() < 1000 else _newton_root(n, k)
    for c in (r - 1, r, r + 1):
        if c >= 0 and c ** k == n:
            return c
    return None


def _newton_root(n: int, k: int) -> int:
    x = 1 << (n.bit_length() // k + 1)
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            return x
        x = y


def _power_form(forms: list, argument: Fraction) -> sympy.Expr:
    e = sympy.Rational(argument.numerator, argument.denominator)
    base = forms[0]
    if base.is_Number:
        return sympy.Pow(base, e, evaluate=False)
    return base ** e


def _applied(function: Any, form: sympy.Expr) -> sympy.Expr:
    """function(form), left unevaluated when form is itself a long closed form: SymPy's
    evaluation asks its assumptions about the argument, which costs more the deeper it is."""
    if form.is_Atom:
        return function(form)
    return function(form, evaluate=False)


def _symnn_function(name: str) -> Callable[[sympy.Expr], sympy.Expr]:
    def make(forms: list, argument: Any) -> sympy.Expr:
        if name == "sigmoid" and not forms[0].is_Atom:
            minus = sympy.Mul(-1, forms[0], evaluate=False)
            return sympy.Pow(sympy.Add(1, sympy.exp(minus, evaluate=False), evaluate=False),
                             -1, evaluate=False)
        from symnn import activations

        return getattr(activations, name)(forms[0])
    return make


OPS: dict[str, Op] = {
    "add": Op(lambda a, b: a + b,
              lambda bx, _, bits: libmpi.mpi_add(bx[0], bx[1], bits),
              lambda f, _: f[0] + f[1],
              lambda n: (ONE, ONE)),
    "sub": Op(lambda a, b: a - b,
              lambda bx, _, bits: libmpi.mpi_sub(bx[0], bx[1], bits),
              lambda f, _: f[0] - f[1],
              lambda n: (ONE, MINUS_ONE)),
    "mul": Op(lambda a, b: a * b,
              lambda bx, _, bits: libmpi.mpi_mul(bx[0], bx[1], bits),
              lambda f, _: f[0] * f[1],
              lambda n: (n.parents[1], n.parents[0])),
    "div": Op(lambda a, b: a / b,
              lambda bx, _, bits: libmpi.mpi_div(bx[0], bx[1], bits),
              lambda f, _: f[0] / f[1],
              lambda n: (1 / n.parents[1], -n / n.parents[1])),
    "abs": Op(lambda a: abs(a),
              lambda bx, _, bits: libmpi.mpi_abs(bx[0], bits),
              lambda f, _: sympy.Abs(f[0]),
              lambda n: (Value(n.parents[0].sign("the argument of abs, where its derivative "
                                                 "is taken")),)),
    "neg": Op(lambda a: -a,
              lambda bx, _, bits: libmpi.mpi_neg(bx[0], bits),
              lambda f, _: -f[0],
              lambda n: (MINUS_ONE,)),
    "power": Op(_power_exact, intervals.power_box, _power_form,
                lambda n: (Value(n.argument) * power(n.parents[0], n.argument - 1),)),
    "exp": Op(lambda a: _ONE if a == 0 else None, intervals.exp_box,
              lambda f, _: _applied(sympy.exp, f[0]),
              lambda n: (n,)),
    "log": Op(lambda a: _ZERO if a == 1 else None,
              lambda bx, _, bits: libmpi.mpi_log(bx[0], bits),
              lambda f, _: _applied(sympy.log, f[0]),
              lambda n: (1 / n.parents[0],)),
    "sigmoid": Op(lambda a: Fraction(1, 2) if a == 0 else None, intervals.sigmoid_box,
                  _symnn_function("sigmoid"),
                  lambda n: (n * (1 - n),)),
    "tanh": Op(lambda a: _ZERO if a == 0 else None, intervals.tanh_box,
               lambda f, _: _applied(sympy.tanh, f[0]),
               lambda n: (1 - n * n,)),
    "dot": Op(lambda *xs: _dot_exact(xs[:-1], xs[-1]), lambda bx, n, bits: _dot_box(bx, n, bits),
              lambda f, n: _dot_form(f, n), lambda node: _dot_local(node)),
    "sin": Op(lambda a: _ZERO if a == 0 else None,
              lambda bx, _, bits: libmpi.mpi_sin(bx[0], bits),
              lambda f, _: sympy.sin(f[0]),
              lambda n: (cos(n.parents[0]),)),
    "cos": Op(lambda a: _ONE if a == 0 else None,
              lambda bx, _, bits: libmpi.mpi_cos(bx[0], bits),
              lambda f, _: sympy.cos(f[0]),
              lambda n: (-sin(n.parents[0]),)),
}

ONE = Value(1)
MINUS_ONE = Value(-1)
ZERO = Value(0)


# A weighted sum a_1 b_1 + ... + a_n b_n (+ c) is one node: a layer of n inputs makes one value
# per neuron, not 2n, and its local derivatives are the other factors (and 1 for c).

def _dot_exact(xs: tuple, n: int) -> Fraction:
    total = sum((xs[i] * xs[n + i] for i in range(n)), _ZERO)
    return total + xs[2 * n] if len(xs) > 2 * n else total


def _dot_box(boxes: list, n: int, bits: int) -> tuple:
    total = libmpi.mpi_mul(boxes[0], boxes[n], bits + 8)
    for i in range(1, n):
        total = libmpi.mpi_add(total, libmpi.mpi_mul(boxes[i], boxes[n + i], bits + 8),
                               bits + 8)
    if len(boxes) > 2 * n:
        total = libmpi.mpi_add(total, boxes[2 * n], bits + 8)
    return total


def _dot_form(forms: list, n: int) -> sympy.Expr:
    terms = [forms[i] * forms[n + i] for i in range(n)]
    return sympy.Add(*terms, *forms[2 * n:])


def _dot_local(node: Value) -> tuple:
    n = node.argument
    a, b = node.parents[:n], node.parents[n:2 * n]
    return (*b, *a, *((ONE,) if len(node.parents) > 2 * n else ()))


def dot(a: Sequence[Any], b: Sequence[Any], c: Any = None) -> Value:
    """Return a_1 b_1 + ... + a_n b_n (+ c), one node with every factor as a parent.

    >>> dot([Value(0.5), Value(0.5)], [Value(1), Value(0)], Value(-0.7)).exact
    Fraction(-1, 5)
    """
    parents = tuple(value(v) for v in (*a, *b, *(() if c is None else (c,))))
    n = len(a)
    if n == 0 or len(b) != n:
        raise NumberError("a weighted sum needs two lists of the same, nonzero length")
    return _node("dot", parents, n)


# Every node made by an operation is kept (weakly) under its operation, argument and parents:
# the same operation on the same values gives the same node, so x - x is exactly 0 however
# often x was computed, and nothing is computed twice.  Constants count by their value.
_NODES: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def _key(v: Value) -> Any:
    return ("q", v.exact) if v.op == "const" and not v.variable else id(v)


def _node(op: str, parents: tuple[Value, ...], argument: Any = None) -> Value:
    """Make the value of ``op`` on ``parents``: exact when the rule gives a rational, or
    when an exact zero decides it (0 times anything is exactly 0)."""
    key = (op, argument, *map(_key, parents))
    known = _NODES.get(key)
    if known is not None:
        return known
    made = _make(op, parents, argument)
    _NODES[key] = made
    return made


def _make(op: str, parents: tuple[Value, ...], argument: Any) -> Value:
    rule = OPS[op]
    if all(p.exact is not None for p in parents):
        _spend(1 + sum(p.exact.denominator.bit_length() for p in parents) // 4096)
        q = rule.exact(*(p.exact for p in parents), *(() if argument is None else (argument,)))
        if q is not None and max(abs(q.numerator).bit_length(),
                                 q.denominator.bit_length()) <= MAX_EXACT_BITS:
            return Value(op=op, parents=parents, exact=q, argument=argument)
    else:
        q = _zero_exact(op, parents, argument)
        if q is not None:
            _spend(1)
            return Value(op=op, parents=parents, exact=q, argument=argument)
    bits = max([START_BITS, *(p._bits for p in parents if p.exact is None)])
    _spend(bits // START_BITS)
    box = rule.box([p.box(bits) for p in parents], argument, bits)
    return Value(op=op, parents=parents, box=box, bits=bits, argument=argument)


def _zero_exact(op: str, parents: tuple[Value, ...], argument: Any) -> Fraction | None:
    """The exact result an exact zero decides though some parents are not rational: a
    product with a factor 0, a quotient of 0, a weighted sum whose irrational terms all have
    a factor 0."""
    if op == "mul" and (parents[0].exact == 0 or parents[1].exact == 0):
        return _ZERO
    if op == "div" and parents[0].exact == 0:
        return _ZERO  # div() refuses a zero divisor before a node is made
    if op == "dot":
        n, total = argument, _ZERO
        for a, b in zip(parents[:n], parents[n:2 * n]):
            if a.exact == 0 or b.exact == 0:
                continue
            if a.exact is None or b.exact is None:
                return None
            total += a.exact * b.exact
        for c in parents[2 * n:]:
            if c.exact is None:
                return None
            total += c.exact
        return total
    return None


def _is_constant(v: Value, q: Fraction) -> bool:
    return v.op == "const" and not v.variable and v.exact == q


def add(a: Any, b: Any) -> Value:
    """Return a + b (x + 0 is x itself when 0 is a constant)."""
    a, b = value(a), value(b)
    if _is_constant(b, _ZERO):
        return a
    if _is_constant(a, _ZERO):
        return b
    return _node("add", (a, b))


def sub(a: Any, b: Any) -> Value:
    """Return a - b (x - x is exactly 0)."""
    a, b = value(a), value(b)
    if a is b:
        return Value(op="sub", parents=(a, b), exact=_ZERO)
    if _is_constant(b, _ZERO):
        return a
    return _node("sub", (a, b))


def mul(a: Any, b: Any) -> Value:
    """Return a b (x times a constant 1 is x; times a constant 0 is 0)."""
    a, b = value(a), value(b)
    if _is_constant(b, _ONE):
        return a
    if _is_constant(a, _ONE):
        return b
    if _is_constant(a, _ZERO) or _is_constant(b, _ZERO):
        return ZERO
    return _node("mul", (a, b))


def div(a: Any, b: Any) -> Value:
    """Return a / b; dividing by 0 (or by a value whose sign cannot be told) is an error.

    >>> Value(1) / Value(0)
    Traceback (most recent call last):
    ...
    symnn.errors.NumberError: division by zero
    """
    a, b = value(a), value(b)
    if b.sign("the divisor") == 0:
        raise NumberError("division by zero")
    if a is b:
        return Value(op="div", parents=(a, b), exact=_ONE)
    if _is_constant(b, _ONE):
        return a
    return _node("div", (a, b))


def neg(a: Any) -> Value:
    """Return -a."""
    return _node("neg", (value(a),))


def absolute(a: Any) -> Value:
    """Return |a| without asking for its sign: an interval that holds 0 gives [0, max].

    >>> absolute(Value(-0.5)).exact, absolute(sigmoid(Value(1)) - sigmoid(Value(1))).exact
    (Fraction(1, 2), Fraction(0, 1))
    """
    return _node("abs", (value(a),))


def power(a: Any, b: Any) -> Value:
    """Return a ** b: a rational exponent kept with the node, any other as exp(b log a).

    >>> power(Value(8), Value("1/3")).exact, power(Value(2), Value(0.5)).decimal(6)
    (Fraction(2, 1), '1.41421')
    """
    a, b = value(a), value(b)
    if b.exact is not None and not b.variable:
        e = b.exact
        if e.denominator == 1 and abs(e.numerator) > 10_000:
            raise NumberError(f"exponent {e} is too large (the limit is 10000)")
        if e == 1:
            return a
        if e.denominator == 1 and e > 0:
            return _node("power", (a,), e)
        s = a.sign("the base of a power")
        if s == 0 and e < 0:
            raise NumberError("division by zero (0 to a negative power)")
        if s < 0 and e.denominator != 1:
            raise NumberError(f"the value is complex: a negative number to the power {e}")
        if s == 0:
            return Value(op="power", parents=(a,), exact=_ZERO, argument=e)
        return _node("power", (a,), e)
    if a.sign("the base of a power") <= 0:
        raise NumberError("the value is complex or undefined: a number that is not positive "
                          "to a variable power")
    return exp(b * log(a))


def exp(a: Any) -> Value:
    """Return e ** a (exact 1 at a = 0).

    >>> exp(Value(0)).exact, exp(Value(1)).decimal(12)
    (Fraction(1, 1), '2.71828182846')
    """
    a = value(a)
    if a.exact is None:
        lo, hi = a.box(a._bits)
        too_big = not mpf_lt(hi, from_int(MAX_EXP_ARGUMENT)) or \
            not mpf_lt(from_int(-MAX_EXP_ARGUMENT), lo)
    else:
        too_big = abs(a.exact) > MAX_EXP_ARGUMENT
    if too_big:
        raise NumberError(f"exp of a number beyond ±{MAX_EXP_ARGUMENT:.0e} is out of range")
    return _node("exp", (a,))


def log(a: Any) -> Value:
    """Return the natural logarithm of a > 0 (log(0) and log of a negative are errors).

    >>> log(Value(0))
    Traceback (most recent call last):
    ...
    symnn.errors.NumberError: log(0) is undefined
    """
    a = value(a)
    s = a.sign("the argument of log")
    if s == 0:
        raise NumberError("log(0) is undefined")
    if s < 0:
        raise NumberError("the value is complex: log of a negative number")
    return _node("log", (a,))


def sqrt(a: Any) -> Value:
    """Return the square root of a >= 0 (exact for squares of rationals).

    >>> sqrt(Value("0.25")).exact
    Fraction(1, 2)
    """
    return power(a, Value(Fraction(1, 2)))


def sigmoid(a: Any) -> Value:
    """Return 1 / (1 + exp(-a)) (exact 1/2 at a = 0).

    Near 1 for a large a; for a below -1e15 it is about exp(a), out of range as exp is.

    >>> sigmoid(Value(10**100)).decimal()
    '1'
    >>> sigmoid(Value(-10**20))
    Traceback (most recent call last):
    ...
    symnn.errors.NumberError: sigmoid of a number below -1e+15 is out of range (about exp of it)
    """
    a = value(a)
    lo = a.box(a._bits)[0] if a.exact is None else None
    if (a.exact is not None and a.exact < -MAX_EXP_ARGUMENT) or \
            (lo is not None and mpf_lt(lo, from_int(-MAX_EXP_ARGUMENT))):
        raise NumberError(f"sigmoid of a number below -{MAX_EXP_ARGUMENT:.0e} is out of range "
                          "(about exp of it)")
    return _node("sigmoid", (a,))


def tanh(a: Any) -> Value:
    """Return tanh(a) (exact 0 at a = 0)."""
    return _node("tanh", (value(a),))


def sin(a: Any) -> Value:
    """Return sin(a) (for SymPy users; the lecture's functions do not need it)."""
    return _node("sin", (value(a),))


def cos(a: Any) -> Value:
    """Return cos(a)."""
    return _node("cos", (value(a),))


def relu(a: Any) -> Value:
    """Return max(0, a): a itself when a > 0, else the constant 0 (so relu'(0) = 0).

    The sign is decided exactly for rationals and with certainty otherwise.

    >>> relu(Value(-0.5)).exact, relu(Value(0)).exact, relu(Value(0.5)).exact
    (Fraction(0, 1), Fraction(0, 1), Fraction(1, 2))
    """
    a = value(a)
    return a if a.sign("the input of relu") > 0 else ZERO


def step(a: Any) -> Value:
    """Return the lecture's step: 1 for a > 0, 0 for a <= 0, as constants (its derivative is 0).

    >>> step(Value(0)).exact, step(exp(Value(-40))).exact
    (Fraction(0, 1), Fraction(1, 1))
    """
    return ONE if value(a).sign("the input of step") > 0 else ZERO


def maximum(values: Iterable[Any]) -> Value:
    """Return the largest of the values, each comparison certain (the max of softmax's shift)."""
    best = None
    for v in map(value, values):
        if best is None or (v - best).sign("a difference of two entries") > 0:
            best = v
    if best is None:
        raise NumberError("the maximum of no values")
    return best


FUNCTIONS: dict[str, Callable[[Any], Value]] = {
    "exp": exp, "log": log, "sqrt": sqrt, "sigmoid": sigmoid, "tanh": tanh, "relu": relu,
    "step": step, "identity": value, "sin": sin, "cos": cos,
}


def gradient(output: Value, inputs: Sequence[Value]) -> list[Value]:
    """Return d output / d input for each input, by one reverse pass over the values.

    Every node's derivative is computed once from the derivatives of the nodes that use it,
    each a Value itself (exact where it is rational).

    >>> x, y = Value(1, variable=True), Value(2, variable=True)
    >>> [d.exact for d in gradient((x + y) * (y + 1), [x, y])]
    [Fraction(3, 1), Fraction(6, 1)]
    """
    order, seen, stack = [], set(), [(output, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p in node.parents)
    adjoint: dict[int, Value] = {id(output): ONE}
    for node in reversed(order):
        upstream = adjoint.get(id(node))
        if upstream is None or not node.parents:
            continue
        for parent, local in zip(node.parents, OPS[node.op].local(node)):
            contribution = upstream * local
            previous = adjoint.get(id(parent))
            adjoint[id(parent)] = contribution if previous is None else previous + contribution
    return [adjoint.get(id(x), ZERO) for x in inputs]


__all__ = ["Value", "absolute", "budget", "exp", "gradient", "log", "maximum", "relu", "sigmoid",
           "sqrt", "step", "tanh", "to_fraction", "value"]
