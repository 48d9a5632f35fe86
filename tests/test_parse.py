"""The whitelist parser: what it reads, and everything it refuses, quickly and by column."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Matrix, Rational, Symbol, exp

from symnn import Evaluator, ParseError, SymnnError, expression, parse
from symnn.activations import sigmoid
from symnn.expression import to_sympy

x, y = Symbol("x"), Symbol("y")


@pytest.mark.parametrize("text,value", [
    ("(x + y)**2", (x + y) ** 2),
    ("-x**2", -(x**2)),
    ("2**3**2", 512),
    ("a - b - c", Symbol("a") - Symbol("b") - Symbol("c")),
    ("0.1 + 0.2", Rational(3, 10)),
    ("1.5e-1", Rational(3, 20)),
    ("sigmoid(0)", Rational(1, 2)),
    ("exp(0) + log(1) + sqrt(4)", 3),
    ("2**-1", Rational(1, 2)),
    ("+x", x),
])
def test_what_the_grammar_reads(text, value):
    assert expression(text) == value


def test_numpy_arithmetic_on_vectors_and_matrices():
    env = {"X": [1.0, 0.5], "W1": [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], "B1": [0.1, 0.2, 0.3]}
    A1 = expression("X @ W1 + B1", env)
    assert A1 == Matrix([[Rational(3, 10), Rational(7, 10), Rational(11, 10)]])
    assert expression("sigmoid(X @ W1 + B1)[0]", env) == sigmoid(Rational(3, 10))
    assert expression("X * X", env) == Matrix([[1, Rational(1, 4)]])
    assert expression("T(W1)[0]", env) == Matrix([[Rational(1, 10), Rational(1, 5)]])
    assert expression("W1[1, 2]", env) == Rational(3, 5)
    assert expression("sum(X)", env) == Rational(3, 2)
    assert expression("W1[0]", env) == Matrix([[Rational(1, 10), Rational(3, 10), Rational(1, 2)]])


def test_diff_is_taken_at_the_named_value():
    ev = Evaluator({"w": 3, "x": 2}, {"y": parse("w * x**2"), "E": parse("y**2 / 2")})
    assert ev.evaluate(parse("diff(E, w)")).exact == 12 * 4  # E = (w x²)²/2, dE/dw = w x⁴
    assert ev.evaluate(parse("diff(y, x)")).exact == 12
    vec = Evaluator({"W": [[1, 2]], "X": [[3]]}, {"L": parse("sum(X @ W)")})
    assert to_sympy(vec.evaluate(parse("diff(L, W)"))) == Matrix([[3, 3]])
    assert vec.evaluate(parse("diff(L, W[0, 1])")).exact == 3


INJECTIONS = [
    "__import__('os').system('echo hacked')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "lambda: 1",
    "[c for c in 'abc']",
    "'string'",
    "\"string\"",
    "exec('1')",
    "eval('1')",
    "open('/etc/passwd')",
    "getattr(x, 'y')",
    "x if y else 1",
    "x; import os",
    "x = 1",
    "{1: 2}",
    "f(x)(y)",
    "factorial(10**9)",
    "x @@ y",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_attempts_are_refused_and_nothing_runs(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ParseError):
        expression(text, {"x": 1, "y": 2})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text,message", [
    ("10**10**10", "exponent 10000000000 is too large"),
    ("(10**100)**100", "over 4000 digits"),
    ("9" * 100, "number literal over"),
    ("1e5000 + 1", "too large or too small to read exactly"),
    ("x" * 6000, "characters long"),
    ("(" * 500 + "1" + ")" * 500, "nested deeper than"),
    ("-" * 1000 + "1", "nested deeper than"),
    ("1 / 0", "division by zero"),
    ("0 ** -1", "division by zero"),
    ("sigmoid(1, 2)", "sigmoid\\(\\) takes 1 argument, got 2"),
    ("softplus(x)", "unknown function 'softplus'"),
    ("exp", "name 'exp' has no value \\(it is a function"),
])
def test_enormous_deep_or_endless_inputs_fail_fast(text, message):
    start = time.perf_counter()
    with pytest.raises(ParseError, match=message):
        expression(text, {"x": 1})
    assert time.perf_counter() - start < 1.0


def test_errors_name_the_column():
    with pytest.raises(ParseError, match="^column 5: unexpected '\\$'"):
        parse("x + $y")
    with pytest.raises(ParseError, match="^column 4: expected a number, a name or '\\(', found"):
        parse("x +")
    with pytest.raises(ParseError, match="name 'z' has no value"):
        Evaluator({"x": 1}).evaluate(parse("x + z"))


def test_shape_mismatches_are_named():
    with pytest.raises(ParseError, match="'@' of a 1x2 matrix and a 1x2 matrix"):
        expression("X @ X", {"X": [1, 2]})
    with pytest.raises(ParseError, match="index 5 is past the end"):
        expression("X[5]", {"X": [1, 2]})


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="xy0123456789.+-*/@()[],e _abcdfgilmnopqrstuvw'\"=:;{}\\", max_size=40))
def test_fuzz_the_parser_only_ever_raises_symnn_errors(text):
    try:
        expression(text, {"x": 2, "y": 3})
    except SymnnError:
        pass


def test_exp_of_a_number_stays_exact():
    assert expression("exp(1/2)") == exp(Rational(1, 2))
