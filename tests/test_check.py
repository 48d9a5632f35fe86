"""Worksheets: verdicts, decimals at their edges, the first wrong step, and hostile input."""

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symnn import SymnnError, WorksheetError, check_worksheet
from tests.conftest import EXAMPLES, run_symnn

LAYER = {"X": [1.0, 0.5], "W1": [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], "B1": [0.1, 0.2, 0.3]}


def sheet(claims, values=None, define=None):
    return {"values": LAYER if values is None else values,
            "define": {"A1": "X @ W1 + B1", "Z1": "sigmoid(A1)"} if define is None else define,
            "claim": claims}


def statuses(report):
    return [v.status for v in report.verdicts]


def test_the_lecture_worksheet_finds_exactly_the_lectures_mistakes():
    report = check_worksheet(EXAMPLES / "lecture.toml")
    wrong = [v.name for v in report.verdicts if v.status == "wrong"]
    assert wrong == ["softmax(A3) as the lecture prints it", "d = b + 1 as the lecture prints it",
                     "e = c d as the lecture prints it", "de/da as the lecture prints it"]
    assert report.summary == {"correct": 20, "wrong": 4, "error": 0}
    assert report.exit_status == 1


def test_z1_by_hand_to_four_decimals_is_correct():
    report = check_worksheet(sheet([{"name": "Z1 by hand", "expr": "Z1",
                                     "equals": [0.5744, 0.6682, 0.7503]}]))
    assert statuses(report) == ["correct"]


def test_a_wrong_entry_is_named_with_the_exact_value():
    report = check_worksheet(sheet([{"name": "Z1", "expr": "Z1",
                                     "equals": [0.5744, 0.6683, 0.7503]}]))
    v = report.verdicts[0]
    assert v.status == "wrong" and v.wrong_entries == ((1,),)
    assert "0.6682" in v.message and "entries [1] are off" in v.message


@pytest.mark.parametrize("equals,extra,status", [
    ("0.57444", {}, "correct"),        # 0.574442 rounds to 0.57444
    ("0.57445", {}, "wrong"),
    ("0.574", {}, "correct"),
    ("0.575", {}, "wrong"),           # 0.574442 is 0.000558 from 0.575, more than 0.0005
    ("0.5744", {"decimals": 2}, "correct"),
    ("0.58", {"decimals": 2}, "wrong"),
    ("0.57", {"tol": 0.005}, "correct"),
    ("0.57", {"tol": 0.004}, "wrong"),
    ("1/(1 + exp(-0.3))", {}, "correct"),   # an expression: exactly equal
    ("1/(1 + exp(-0.3)) + 10**-30", {}, "wrong"),
])
def test_decimals_and_tolerances_at_their_edges(equals, extra, status):
    claim = {"name": "z", "expr": "sigmoid(0.3)", "equals": equals, **extra}
    assert statuses(check_worksheet(sheet([claim]))) == [status]


def test_half_a_unit_exactly_is_still_correct():
    claim = {"name": "q", "expr": "0.125", "equals": "0.12"}
    assert statuses(check_worksheet(sheet([claim]))) == ["correct"]
    claim = {"name": "q", "expr": "0.1251", "equals": "0.12"}
    assert statuses(check_worksheet(sheet([claim]))) == ["wrong"]


def test_whole_numbers_are_exact_claims():
    assert statuses(check_worksheet(sheet([{"name": "n", "expr": "2.2", "equals": 2}]))) \
        == ["wrong"]
    assert statuses(check_worksheet(sheet([{"name": "n", "expr": "4/2", "equals": 2}]))) \
        == ["correct"]


def test_diff_gives_the_derivative_at_the_worksheets_point():
    # y = w5 h = 0.24, E = (y - t)^2 / 2, dE/dw5 = (y - t) h = (0.24 - 1)(0.6) = -0.456.
    values = {"w5": 0.4, "h": 0.6, "t": 1}
    define = {"y": "w5 * h", "E": "(y - t)**2 / 2"}
    claims = [{"name": "dE/dw5", "expr": "diff(E, w5)", "equals": "-0.456"},
              {"name": "dE/dw5 off", "expr": "diff(E, w5)", "equals": "-0.4032"},
              {"name": "dE/dV", "expr": "diff(sum(V * V), V)", "equals": [2, 2]},
              {"name": "dE/dV wrong", "expr": "diff(sum(V * V), V)", "equals": [2, 3]}]
    report = check_worksheet(sheet(claims, values={**values, "V": [1, 1]}, define=define))
    assert statuses(report) == ["correct", "wrong", "correct", "wrong"]
    assert report.verdicts[3].wrong_entries == ((1,),)


def test_the_losses_and_softmax_take_numbers_as_they_take_vectors():
    # w = 1/2, t = 1: mse = (w - t)^2 = 1/4, d mse/dw = 2(w - t) = -1, half_sse = 1/8;
    # cross_entropy(y, 1) = -log y, d/dw of -log sigmoid(w) = sigmoid(w) - 1 ≈ -0.377541;
    # the softmax of one number is 1.
    claims = [{"name": "mse", "expr": "mse(w, 1)", "equals": "1/4"},
              {"name": "dmse", "expr": "diff(mse(w, 1), w)", "equals": -1},
              {"name": "half", "expr": "half_sse(w, 1)", "equals": "1/8"},
              {"name": "dhalf", "expr": "diff(half_sse(w, 1), w)", "equals": "-1/2"},
              {"name": "ce", "expr": "cross_entropy(y, 1)", "equals": "0.2231"},
              {"name": "dce", "expr": "diff(cross_entropy(sigmoid(w), 1), w)",
               "equals": "-0.377541"},
              {"name": "softmax", "expr": "softmax(w)", "equals": 1}]
    report = check_worksheet(sheet(claims, values={"w": 0.5, "y": 0.8}, define={}))
    assert statuses(report) == ["correct"] * 7, report.text()


def test_fraction_strings_are_numbers_inside_lists_too():
    claims = [{"name": "v", "expr": "V", "equals": ["-3/2", 0.5]},
              {"name": "v off", "expr": "V", "equals": ["-3/2", "1/3"]}]
    report = check_worksheet(sheet(claims, values={"V": [-1.5, "1/2"]}, define={}))
    assert statuses(report) == ["correct", "wrong"]


def test_a_row_written_for_a_column_is_right_and_other_shapes_are_shape_problems():
    # d(sum((W^T x))) / dW for a 2x1 W is x = [[35], [7]] as a column.
    values = {"x": [[35], [7]]}
    claims = [{"name": "flat", "expr": "x", "equals": [35, 7]},
              {"name": "column", "expr": "x", "equals": [[35], [7]]},
              {"name": "flat, wrong", "expr": "x", "equals": [35, 8]},
              {"name": "three", "expr": "x", "equals": [35, 7, 0]}]
    report = check_worksheet(sheet(claims, values=values, define={}))
    assert statuses(report) == ["correct", "correct", "wrong", "wrong"]
    assert "written as a 1x2 row for a 2x1 column" in report.verdicts[0].message
    assert report.verdicts[2].shape_problem and "[35, 8]" in report.verdicts[2].message
    assert "a shape problem" in report.verdicts[3].message


def test_a_wrong_claim_shows_what_was_written_beside_the_value():
    report = check_worksheet(sheet([{"name": "A1", "expr": "A1", "equals": [0.3, 0.7, 1.2]}]))
    assert "the value is [0.3, 0.7, 1.1], not [0.3, 0.7, 1.2]" in report.verdicts[0].message


def test_a_students_worksheet_is_checked_against_its_key():
    with pytest.raises(WorksheetError, match="--key KEY.toml"):
        check_worksheet({"claim": [{"name": "1. A", "equals": "?"}]})


def test_an_unexpected_failure_in_one_claim_is_that_claims_error(monkeypatch):
    import symnn.check

    def broken(*args):
        raise AttributeError("'Float' object has no attribute 'parents'")

    monkeypatch.setattr(symnn.check, "_compare", broken)
    report = check_worksheet(sheet([{"name": "a", "expr": "A1", "equals": [0.3, 0.7, 1.1]}]))
    assert statuses(report) == ["error"]
    assert "AttributeError" in report.verdicts[0].message


def test_the_first_wrong_step_of_a_chain():
    claims = [{"name": "A1 by hand", "expr": "A1", "equals": [0.3, 0.7, 1.1]},
              {"name": "Z1 by hand", "expr": "Z1", "equals": [0.5744, 0.6682, 0.7604]},
              {"name": "A2 by hand", "expr": "A2", "equals": [0.6, 1.3]},
              {"name": "y by hand", "expr": "y", "equals": "0.7"}]
    define = {"A1": "X @ W1 + B1", "Z1": "sigmoid(A1)", "A2": "Z1 @ W2 + B2",
              "y": "sigmoid(A2[0])"}
    values = {**LAYER, "W2": [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], "B2": [0.1, 0.2]}
    report = check_worksheet(sheet(claims, values=values, define=define))
    assert statuses(report) == ["correct", "wrong", "wrong", "wrong"]
    last = report.verdicts[3]
    assert set(last.upstream_wrong) == {"Z1 by hand", "A2 by hand"}
    assert last.first_wrong == ("Z1 by hand",)
    assert "first wrong step: Z1 by hand" in report.text()


def test_a_bad_definition_makes_only_its_users_errors():
    claims = [{"name": "uses bad", "expr": "Q + 1", "equals": 1},
              {"name": "fine", "expr": "A1[0]", "equals": "0.3"},
              {"name": "bad expr", "expr": "A1 +* 2", "equals": 1},
              {"name": "shape", "expr": "A1 @ A1", "equals": 1}]
    report = check_worksheet(sheet(claims, define={"A1": "X @ W1 + B1", "Q": "__import__"}))
    assert statuses(report) == ["error", "correct", "error", "error"]
    assert "'Q', whose definition is malformed" in report.verdicts[0].message
    assert "column" in report.verdicts[2].message
    assert report.exit_status == 2


@pytest.mark.parametrize("data,message", [
    ({"claim": []}, "needs at least one claim"),
    ({"values": {"x": "abc"}, "claim": [{"name": "a", "expr": "x", "equals": 1}]},
     "\\[values\\] x: 'abc' is not a number"),
    ({"valuez": {}, "claim": [{"expr": "1", "equals": 1}]}, "unknown key 'valuez'"),
    ({"values": {"x": 1}, "define": {"x": "2"}, "claim": [{"expr": "x", "equals": 1}]},
     "both in \\[values\\] and in \\[define\\]"),
])
def test_unreadable_worksheets(data, message):
    with pytest.raises(WorksheetError, match=message):
        check_worksheet(data)


INJECTIONS = [
    "__import__('os').system('touch hacked')",
    "X.__class__.__mro__",
    "(lambda: 1)()",
    "[x for x in X]",
    "open('hacked', 'w')",
    "'a' * 10",
    "10**10**10",
    "factorial(10**9)",
    "(" * 300 + "1" + ")" * 300,
    "1" + "+1" * 3000,
    "X" * 100000,
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_in_claims_and_definitions_is_an_error_and_runs_nothing(text, tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    report = check_worksheet(sheet([{"name": "c", "expr": text, "equals": 1},
                                    {"name": "d", "expr": "D", "equals": 1},
                                    {"name": "ok", "expr": "1", "equals": 1}],
                                   define={"D": text}))
    assert statuses(report) == ["error", "error", "correct"]
    assert time.perf_counter() - start < 2
    assert list(tmp_path.iterdir()) == []


texts = st.text(alphabet="XW1B+-*/@()[],.0123456789 _aeiostmdfgx'\"", max_size=30)
numbers = st.one_of(st.integers(-5, 5), st.decimals(-5, 5, places=3, allow_nan=False),
                    st.text(alphabet="0123456789./-e", max_size=8), st.lists(st.integers(0, 3)))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["D1", "D2"]), texts, max_size=2),
       st.lists(st.fixed_dictionaries({"name": st.text(max_size=5), "expr": texts,
                                       "equals": numbers}), min_size=1, max_size=3))
def test_fuzz_whole_worksheets_only_ever_give_verdicts_or_symnn_errors(define, claims):
    try:
        report = check_worksheet({"values": LAYER, "define": define, "claim": claims})
    except SymnnError:
        return
    assert all(v.status in ("correct", "wrong", "error") for v in report.verdicts)
    json.dumps(report.to_dict())


def test_cli_exit_statuses(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text('[values]\nx = 0.3\n[[claim]]\nname = "s"\nexpr = "sigmoid(x)"\n'
                    'equals = 0.5744\n')
    out = run_symnn("check", str(good))
    assert out.returncode == 0 and "1 correct, 0 wrong, 0 error" in out.stdout
    out = run_symnn("check", str(EXAMPLES / "lecture.toml"), "--json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["summary"] == {"correct": 20, "wrong": 4, "error": 0}
    softmax = next(c for c in data["claims"] if c["name"].startswith("softmax"))
    assert softmax["expected"] == pytest.approx([0.40625907, 0.59374093], abs=1e-8)
    bad = tmp_path / "bad.toml"
    bad.write_text('[values]\nx = 1\n[define]\ny = "x +"\n[[claim]]\nname = "y"\nexpr = "y"\n'
                   'equals = 1\n[[claim]]\nname = "x"\nexpr = "x"\nequals = 1\n')
    out = run_symnn("check", str(bad))
    assert out.returncode == 2 and "1 correct, 0 wrong, 1 error" in out.stdout
    (tmp_path / "notoml.toml").write_text("[values\n")
    for broken, message in [("missing.toml", "cannot read: no such file"),
                            ("notoml.toml", "not valid TOML")]:
        out = run_symnn("check", str(tmp_path / broken))
        assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr
