"""Exercises with hand-friendly numbers, their keys, and grading a class's worksheets."""

import json
import time
import tomllib
from fractions import Fraction

import numpy as np
import pytest

import symnn
from symnn.exercise import KINDS, answer_key, exercises, key_worksheet, problem_sheet, toml_text
from symnn.grade import grade, write_report
from tests.conftest import run_symnn


def exact_entries(value):
    entries = value if isinstance(value, list) else [value]
    flat = [x for e in entries for x in (e if isinstance(e, list) else [e])]
    return [Fraction(str(x)) for x in flat]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_makes_exercises_whose_key_checks_and_is_worked_by_hand(kind):
    items = exercises(kind, seed=11, count=4)
    assert [ex.number for ex in items] == [1, 2, 3, 4]
    for ex in items:
        report = symnn.check_worksheet(ex.key)
        assert report.summary == {"correct": len(ex.claims), "wrong": 0, "error": 0}
        for claim in ex.key["claim"]:
            for v in exact_entries(claim["equals"]):
                assert abs(v) <= 1000
                places = claim.get("decimals", 4)  # a short decimal, or to the stated places
                assert (v * 10 ** places).denominator == 1, (claim, v)
        for name, value in ex.key.get("values", {}).items():  # givens: one or two decimals
            if name in ("eps", "beta2"):
                continue  # an optimizer's constants as PyTorch sets them: 1e-8, 0.999
            for v in exact_entries(value):
                assert abs(v) <= 10 and (v * 100).denominator == 1


def test_the_same_seed_gives_the_same_sheet_and_another_seed_another():
    one = toml_text(key_worksheet(exercises("forward", seed=5, count=3)))
    assert one == toml_text(key_worksheet(exercises("forward", seed=5, count=3)))
    assert one != toml_text(key_worksheet(exercises("forward", seed=6, count=3)))


def test_forward_answers_agree_with_the_networks_own_forward_pass():
    for ex in exercises("forward", seed=2, count=3):
        v = ex.key["values"]
        net = symnn.Network([symnn.Layer(v["W1"], v["b1"], "relu"),
                             symnn.Layer(v["W2"], v["b2"], "identity")])
        out = net.forward(v["X"])
        y = ex.key["claim"][2]["equals"]
        assert [float(x) for x in out.output] == [float(x) for x in y]
        assert [float(x) for x in out.layers[0].A] == [float(x) for x in
                                                       ex.key["claim"][0]["equals"]]


def central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def test_graph_and_step_derivatives_agree_with_a_central_difference():
    for ex in exercises("graph", seed=4, count=3):
        point = {k: float(v) for k, v in ex.key["values"].items()}
        expr = ex.key["define"]["f"]
        for claim in ex.key["claim"][1:]:
            name = claim["name"].split("df/d")[1]

            def f(t, name=name, expr=expr, point=point):
                return float(symnn.grad(expr, {**point, name: t}).value)
            assert central(f, point[name]) == pytest.approx(float(claim["equals"]), abs=1e-5)
    for ex in exercises("step", seed=4, count=2):
        v = {k: np.array(x, dtype=float) for k, x in ex.key["values"].items()}

        def loss(W2, v=v):
            Z = np.maximum(v["X"] @ v["W1"], 0)
            return float(((Z @ W2 - v["t"]) ** 2).sum() / 2)
        dW2 = dict((c["name"].split(". ")[1], c["equals"]) for c in ex.key["claim"])["dL/dW2"]
        for i in range(2):
            def f(t, i=i, v=v, loss=loss):
                W2 = v["W2"].copy()
                W2[i, 0] = t
                return loss(W2)
            assert central(f, v["W2"][i, 0]) == pytest.approx(float(dW2[i][0]), abs=1e-5)


def test_numeric_exercises_compare_a_central_difference_with_the_derivative():
    for ex in exercises("numeric", seed=9, count=3):
        answers = {c["name"].split(". ")[1]: Fraction(str(c["equals"])) for c in
                   ex.key["claim"]}
        x, h = (Fraction(str(ex.key["values"][k])) for k in ("x", "h"))
        assert answers["central difference"] == (answers["f(x + h)"] -
                                                 answers["f(x - h)"]) / (2 * h)
        assert answers["central - exact"] == answers["central difference"] - answers["f'(x)"]
        assert abs(answers["central - exact"]) <= 3 * h  # O(h²) for these polynomials, h ≤ 0.1


def test_sheets_show_the_givens_and_ask_without_answering():
    items = exercises("forward", seed=3, count=2)
    problems = problem_sheet(items, symnn.derivation.Text("P", "P")).render("text")
    assert "W⁽¹⁾ = " in problems and "b⁽²⁾ = " in problems and "Give:" in problems
    answers = answer_key(items, symnn.derivation.Text("A", "A")).render("text")
    for claim in items[0].key["claim"]:
        assert str(claim["equals"][0]).rstrip("0").rstrip(".") in answers
    blank = tomllib.loads(toml_text(key_worksheet(items), blank=True))
    assert set(blank) == {"claim"} and all(c["equals"] == "?" for c in blank["claim"])


def test_the_exercise_command_writes_sheets_key_and_worksheet(tmp_path):
    out = run_symnn("exercise", "softmax", "--count", "2", "--seed", "3", "--lang", "ko",
                    "--out", str(tmp_path), "--no-pdf")
    assert out.returncode == 0, out.stderr
    names = {p.name for p in tmp_path.iterdir()}
    assert {"problems.md", "problems.tex", "answers.md", "answers.tex", "worksheet.toml",
            "key.toml"} <= names
    assert "문제 1" in (tmp_path / "problems.md").read_text()
    bad = run_symnn("exercise", "softmx", "--out", str(tmp_path / "x"))
    assert bad.returncode == 2 and "did you mean 'softmax'" in bad.stderr
    assert not (tmp_path / "x").exists()


def make_class(folder, key):
    """A class: one right, one wrong at the first step (and so downstream), one with a
    malformed file, one who left everything blank, one with a hostile answer."""
    claims = key["claim"]

    def sheet(changes):
        lines = []
        for c in claims:
            value = changes.get(c["name"], c["equals"])
            lines += ["[[claim]]", f"name = {json.dumps(c['name'])}",
                      f"equals = {json.dumps(value)}", ""]
        return "\n".join(lines)
    first, second = claims[0], claims[1]
    wrong_a = [x + 1 for x in first["equals"]]
    folder.mkdir()
    (folder / "right.toml").write_text(sheet({}))
    (folder / "wrong_a.toml").write_text(sheet({first["name"]: wrong_a,
                                                second["name"]: [max(x, 0) for x in wrong_a]}))
    (folder / "broken.toml").write_text("[[claim]\nname = ")
    (folder / "blank.toml").write_text(sheet({c["name"]: "?" for c in claims}))
    (folder / "hostile.toml").write_text(sheet({first["name"]: "9**9**9**9"}))
    return wrong_a


@pytest.mark.parametrize("jobs", [1, 2])
def test_grading_a_class_reports_each_student_and_each_claim(tmp_path, jobs):
    key = key_worksheet(exercises("forward", seed=8, count=1))
    (tmp_path / "key.toml").write_text(toml_text(key))
    wrong_a = make_class(tmp_path / "answers", key)
    start = time.perf_counter()
    report = grade(tmp_path / "answers", tmp_path / "key.toml", jobs=jobs)
    assert time.perf_counter() - start < 60
    by = {s.student: s for s in report.students}
    assert by["right"].score == 3 and not by["right"].error
    statuses = [c.status for c in by["wrong_a"].claims]
    assert statuses[0] == "wrong"
    z = by["wrong_a"].claims[1]
    if z.status == "wrong":  # Z = relu(A) is wrong because A was: the first wrong step
        assert z.first_wrong == (key["claim"][0]["name"],)
    assert [c.status for c in by["blank"].claims] == ["missing"] * 3
    assert by["broken"].error and all(c.status == "error" for c in by["broken"].claims)
    assert by["hostile"].claims[0].status in ("wrong", "error")
    summary = report.summary()[0]
    assert summary["correct"] == 1 and summary["missing"] == 1
    assert summary["most_common_wrong"] == "[" + ", ".join(str(x) for x in wrong_a) + "]"
    csv_path, json_path = write_report(report, tmp_path / "out")
    rows = csv_path.read_text().splitlines()
    assert rows[0].startswith("student,claim,status,answer,first_wrong")
    assert len(rows) == 1 + 5 * 3
    data = json.loads(json_path.read_text())
    assert data["out_of"] == 3 and {s["student"] for s in data["students"]} == set(by)


def test_a_student_cannot_change_what_they_are_checked_against(tmp_path):
    key = key_worksheet(exercises("graph", seed=1, count=1))
    (tmp_path / "key.toml").write_text(toml_text(key))
    (tmp_path / "answers").mkdir()
    claims = "\n".join(f'[[claim]]\nname = {json.dumps(c["name"])}\nexpr = "0"\nequals = 0\n'
                       for c in key["claim"])
    (tmp_path / "answers" / "mallory.toml").write_text('[values]\nx = 0\n' + claims)
    report = grade(tmp_path / "answers", tmp_path / "key.toml", jobs=1)
    (student,) = report.students
    assert student.score == sum(Fraction(str(c["equals"])) == 0 for c in key["claim"])


def test_the_grade_command_prints_the_summary_and_writes_the_reports(tmp_path):
    key = key_worksheet(exercises("loss", seed=2, count=1))
    (tmp_path / "key.toml").write_text(toml_text(key))
    make_class(tmp_path / "answers", key) if isinstance(key["claim"][0]["equals"], list) \
        else (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "one.toml").write_text(
        "\n".join(f'[[claim]]\nname = {json.dumps(c["name"])}\nequals = {c["equals"]}\n'
                  for c in key["claim"]))
    out = run_symnn("grade", str(tmp_path / "answers"), "--key", str(tmp_path / "key.toml"))
    assert out.returncode == 0, out.stderr
    assert "1 worksheets" in out.stdout or "worksheets" in out.stdout
    assert (tmp_path / "answers" / "grades.csv").exists()
    bad = run_symnn("grade", str(tmp_path / "nowhere"), "--key", str(tmp_path / "key.toml"))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


@pytest.mark.skipif(__import__("shutil").which("pdflatex") is None, reason="needs pdflatex")
@pytest.mark.parametrize("kind", ["gate", "step"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_sheets_compile_to_pdfs_that_fit(kind, lang, tmp_path):
    import subprocess

    out = run_symnn("exercise", kind, "--count", "2", "--lang", lang, "--out", str(tmp_path))
    assert out.returncode == 0, out.stdout[-1500:]
    for name in ("problems", "answers"):
        text = subprocess.run(["pdftotext", str(tmp_path / f"{name}.pdf"), "-"],
                              capture_output=True, text=True).stdout
        assert ("Exercise 2" if lang == "en" else "문제 2") in text
        assert "¿" not in text
