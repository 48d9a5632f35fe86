"""Answer keys show the work: every line written out, its numbers put in, its value the key's."""

import numpy as np
import pytest
import sympy

from symnn.answers import answer_key
from symnn.check import check_worksheet
from symnn.derivation import Step, Text
from symnn.exercise import KINDS, exercises, problem_sheet, sheet_titles

LINE_KINDS = [k for k in KINDS if k not in ("graph", "separable")]


def as_floats(link):
    """A shown number or matrix as floats, read from how it is written (a decimal made with
    few digits is exactly what it says, 0.7)."""
    value = link[1] if isinstance(link, tuple) else link
    rows = value.tolist() if isinstance(value, sympy.MatrixBase) else [[value]]
    return np.array([[float(sympy.Rational(str(v))) for v in row] for row in rows])


@pytest.mark.parametrize("kind", LINE_KINDS)
@pytest.mark.parametrize("seed", [1, 7])
def test_each_answer_line_ends_in_the_keys_value(kind, seed):
    items = exercises(kind, seed=seed, count=2)
    steps = [p for p in answer_key(items, Text("Key", "정답")).steps()
             if isinstance(p.reason, Text) and p.reason.en.startswith("answer `")]
    claims = [c for ex in items for c in ex.key["claim"]]
    assert len(steps) == len(claims)
    for step, claim in zip(steps, claims):
        assert step.reason.en == f"answer `{claim['name'].split('. ', 1)[1]}`"
        shown = as_floats(step.rhs[-1] if isinstance(step.rhs, tuple) else step.rhs)
        expected = np.array(claim["equals"], dtype=float).reshape(shown.shape)
        places = claim.get("decimals")
        tolerance = 0.5 * 10.0 ** -places if places is not None else 1e-3 * np.abs(expected)
        assert np.all(np.abs(shown - expected) <= tolerance + 1e-12), (claim, shown)


@pytest.mark.parametrize("seed", range(6))
def test_the_step_keys_backpropagation_is_the_derivative(seed):
    # dW2 = Z^T (y - t) and dW1 = X^T ((y - t) W2^T ∘ h(A)) are d L/d W2 and d L/d W1.
    (ex,) = exercises("step", seed=seed)
    sheet = {**ex.key, "claim": [
        {"name": "W2", "expr": "diff(L, W2)", "equals": ex.key["claim"][4]["equals"]},
        {"name": "W1", "expr": "diff(L, W1)", "equals": ex.key["claim"][5]["equals"]}]}
    assert [v.status for v in check_worksheet(sheet).verdicts] == ["correct", "correct"]


def test_a_key_asked_to_four_decimals_writes_four():
    key = answer_key(exercises("softmax", seed=3), Text("Key", "정답"))
    assert "0.0420 & 0.8438 & 0.1142" in key.render("latex")


def test_the_step_key_shows_delta_and_the_chain_of_layers():
    text = answer_key(exercises("step", seed=7), Text("Key", "정답")).render("latex")
    for part in (r"\delta &= \frac{\partial L}{\partial Z} \circ h\left(A\right)",
                 r"\frac{\partial L}{\partial y} &= y - t",
                 r"{W^{(2)}}^{\top}", r"W^{(2)+}"):
        assert part in text, part


@pytest.mark.parametrize("kind", ["graph", "separable"])
def test_graphs_and_tables_are_worked_as_the_slides_work_them(kind):
    key = answer_key(exercises(kind, seed=2), Text("Key", "정답"))
    steps = key.steps()
    assert steps and all(isinstance(s, Step) for s in steps)
    if kind == "graph":
        assert [f.kind for f in key.figures()] == ["graph", "graph"]


@pytest.mark.parametrize("kind", ["step", "softmax", "adam", "gate"])
def test_korean_sheets_are_korean(kind):
    items = exercises(kind, seed=7)
    title, key_title = sheet_titles(kind, 7)
    for d in (problem_sheet(items, title), answer_key(items, key_title)):
        text = d.render("markdown", "ko")
        for word in ("seed", "(given)", "Exercise", "rate", "Give", "answer `"):
            assert word not in text, (word, text[:300])
