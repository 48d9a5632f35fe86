import json
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Rational

from symnn import SymnnError, TableError, parse_table, separate
from tests.conftest import run_symnn

XOR = "00:0 01:1 10:1 11:0"


def test_xor_has_no_line_and_the_certificate_says_why():
    s = separate(parse_table(XOR))
    assert not s.separable
    assert s.certificate == (Rational(1, 2),) * 4
    # -b >= 0, w2 + b > 0, w1 + b > 0, -(w1 + w2 + b) >= 0 add up to 0 > 0.
    total = sum(m * rel.lhs for m, rel in zip(s.certificate, s.row_inequalities()))
    assert total == 0
    assert "0 > 0" in s.explain()


@pytest.mark.parametrize("text,labels", [
    ("00:0 01:0 10:0 11:1", [0, 0, 0, 1]),   # AND
    ("00:1 01:1 10:1 11:0", [1, 1, 1, 0]),   # NAND
    ("00:0 01:1 10:1 11:1", [0, 1, 1, 1]),   # OR
])
def test_the_gates_are_separable_with_exact_weights(text, labels):
    s = separate(parse_table(text))
    assert s.separable and s.certificate is None
    assert [y for _, y in s.perceptron.truth_table()] == labels


def test_xnor_and_four_input_parity_are_not_separable():
    assert not separate(parse_table("00:1 01:0 10:0 11:1")).separable
    parity = [(x, sum(x) % 2) for x in product((0, 1), repeat=4)]
    s = separate(parity)
    assert not s.separable
    assert all(m >= 0 for m in s.certificate)


def test_exactly_104_of_the_256_three_input_functions_are_separable():
    # The number of threshold functions of 3 variables is 104 (OEIS A000609).
    count = sum(separate(list(zip(product((0, 1), repeat=3), labels))).separable
                for labels in product((0, 1), repeat=8))
    assert count == 104


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5).flatmap(
    lambda n: st.lists(st.integers(0, 1), min_size=2 ** n, max_size=2 ** n)))
def test_every_answer_is_checked_against_every_row(labels):
    n = len(labels).bit_length() - 1
    rows = list(zip(product((0, 1), repeat=n), labels))
    s = separate(rows)
    if s.separable:
        assert all(s.perceptron(*x) == y for x, y in rows)
        assert all(s.perceptron.weighted_sum(x) != 0 for x, _ in rows)  # a margin
    else:
        signed = [[(1 if y else -1) * v for v in (*x, 1)] for x, y in rows]
        for j in range(n + 1):
            assert sum(m * row[j] for m, row in zip(s.certificate, signed)) == 0
        assert any(m > 0 and y for m, (_, y) in zip(s.certificate, rows))
        assert all(m >= 0 for m in s.certificate)


def test_majority_of_eight_inputs_is_separable():
    rows = [(x, int(sum(x) > 4)) for x in product((0, 1), repeat=8)]
    assert separate(rows).separable


@pytest.mark.parametrize("text,message", [
    ("", "no rows given"),
    ("00:0 01:1 01:1 11:0", "row 3 '01:1': input 01 is repeated"),
    ("00:0 01:1 10:1", "missing 11"),
    ("00:0 1:1", "row 2 '1:1': has 1 inputs but row 1 has 2"),
    ("00:0 01:2 10:1 11:1", "row 2 '01:2': expected input bits, a colon and a label 0 or 1"),
    ("0a:0", "expected input bits"),
    ("00 01", "expected input bits"),
])
def test_bad_tables_name_the_row(text, message):
    with pytest.raises(TableError, match=message):
        parse_table(text)


def test_symnn_finds_the_simplest_line_of_widest_margin():
    # AND: x1 + x2 - 3/2, the line halfway between (1, 1) and the other three points.
    p = separate(parse_table("00:0 01:0 10:0 11:1")).perceptron
    assert p.weights == (1, 1) and p.bias == Rational(-3, 2)
    assert [p.weighted_sum(x) for x in product((0, 1), repeat=2)] == \
        [Rational(-3, 2), Rational(-1, 2), Rational(-1, 2), Rational(1, 2)]


def test_a_teachers_perceptron_is_checked_on_every_row():
    table = parse_table("00:0 01:0 10:0 11:1")
    right = separate(table, [0.5, 0.5], -0.7)            # the lecture's AND
    assert right.given and right.separable and right.wrong_rows == ()
    assert right.perceptron.bias == Rational(-7, 10)
    wrong = separate(table, ["1", "1"], "-1/2")          # that is OR
    assert wrong.wrong_rows == (((0, 1), 0), ((1, 0), 0))
    xor = separate(parse_table("00:0 01:1 10:1 11:0"), [1, 1], -0.5)
    assert xor.wrong_rows == (((1, 1), 0),) and not xor.separable and xor.certificate


@pytest.mark.parametrize("weights,bias,message", [
    ([1], 0, "2 weights are needed, got 1"),
    ([1, 1], None, "needs both its weights and its bias"),
    ("11", 0, "expected a list of 2 numbers"),
    ([1, "x"], 0, "'x' is not a number"),
])
def test_a_teachers_perceptron_of_the_wrong_shape_is_one_clear_error(weights, bias, message):
    with pytest.raises(SymnnError, match=message):
        separate(parse_table("00:0 01:0 10:0 11:1"), weights, bias)


@pytest.mark.parametrize("fmt", ["text", "json", "latex", "markdown", "beamer", "document"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_separable_command_checks_a_teachers_perceptron_in_every_format(fmt, lang):
    done = run_symnn("separable", "00:0 01:0 10:0 11:1", "--weights", "1,1", "--bias", "0",
                     "--format", fmt, "--lang", lang)
    assert done.returncode == 1, done.stderr             # two rows wrong
    if fmt == "json":
        assert [r["ok"] for r in json.loads(done.stdout)["rows"]] == [True, False, False, True]
    elif lang == "ko":
        assert "주어진 퍼셉트론" in done.stdout and "아니오" in done.stdout
    elif fmt == "text":
        assert "WRONG: output 1, label 0" in done.stdout
    else:
        assert "gets 2 of 4 rows wrong" in done.stdout
