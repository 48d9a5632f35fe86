"""Exercises with hand-friendly numbers, their keys, and grading a class's worksheets."""

import json
import time
import tomllib
from fractions import Fraction

import numpy as np
import pytest

import symnn
from symnn.answers import answer_key
from symnn.exercise import KINDS, exercises, key_worksheet, problem_sheet, toml_text
from symnn.grade import grade, write_report
from tests.conftest import EXAMPLES, run_symnn


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


def test_an_answer_must_be_a_number_not_an_expression_over_the_key(tmp_path):
    # The key's own names (e1_A), an expression over them or a worksheet function would let
    # a student copy the key's value; each is that claim's error, and the rest is graded.
    (tmp_path / "key.toml").write_text('[values]\nw = 0.5\n[define]\nL = "mse(w, 1)"\n'
                                       '[[claim]]\nname = "L"\nexpr = "L"\nequals = 0.25\n'
                                       '[[claim]]\nname = "dL"\nexpr = "diff(L, w)"\n'
                                       'equals = -1\n')
    folder = tmp_path / "answers"
    folder.mkdir()
    answers = {"cheat_name": ('"L"', '"-1"'), "cheat_expr": ('"w*w"', '"diff(mse(w, 1), w)"'),
               "fractions": ('"1/4"', '"-1/1"'), "list": ("[0.25]", '"-2/2"')}
    for student, (first, second) in answers.items():
        (folder / f"{student}.toml").write_text(
            f'[[claim]]\nname = "L"\nequals = {first}\n[[claim]]\nname = "dL"\n'
            f'equals = {second}\n')
    report = grade(folder, tmp_path / "key.toml", jobs=1)
    by = {s.student: [(c.status, c.message) for c in s.claims] for s in report.students}
    assert [st for st, _ in by["cheat_name"]] == ["error", "correct"]
    assert "write a number" in by["cheat_name"][0][1]
    assert [st for st, _ in by["cheat_expr"]] == ["error", "error"]
    assert [st for st, _ in by["fractions"]] == ["correct", "correct"]
    assert by["list"][0][0] in ("correct", "wrong") and by["list"][1][0] == "correct"
    assert all(write_report(report, tmp_path / "out"))


def test_any_failure_inside_one_sheet_is_that_students_error(tmp_path, monkeypatch):
    import symnn.grade

    key = key_worksheet(exercises("loss", seed=2, count=1))
    (tmp_path / "key.toml").write_text(toml_text(key))
    folder = tmp_path / "answers"
    folder.mkdir()
    for student in ("ann", "bob"):
        (folder / f"{student}.toml").write_text(
            "\n".join(f'[[claim]]\nname = {json.dumps(c["name"])}\nequals = '
                      f'{json.dumps(c["equals"])}\n' for c in key["claim"]))
    real = symnn.grade.check_worksheet

    def flaky(worksheet, name=None):
        if name == "bob":
            raise AttributeError("'Float' object has no attribute 'parents'")
        return real(worksheet, name)

    monkeypatch.setattr(symnn.grade, "check_worksheet", flaky)
    report = grade(folder, tmp_path / "key.toml", jobs=1)
    by = {s.student: s for s in report.students}
    assert by["ann"].score == len(key["claim"]) and not by["ann"].error
    assert "AttributeError" in by["bob"].error
    assert all(c.status == "error" for c in by["bob"].claims)


def test_a_misspelt_claim_name_costs_only_that_claim(tmp_path):
    key = key_worksheet(exercises("step", seed=7, count=1))
    (tmp_path / "key.toml").write_text(toml_text(key))
    folder = tmp_path / "answers"
    folder.mkdir()
    claims = [(c["name"], c["equals"]) for c in key["claim"]]
    claims[3] = ("1.L", claims[3][1])          # "1. L" written without its space
    claims.append(("bonus", 1))                # close to no claim of the key
    (folder / "kim.toml").write_text("\n".join(
        f"[[claim]]\nname = {json.dumps(n)}\nequals = {json.dumps(v)}\n" for n, v in claims))
    (student,) = grade(folder, tmp_path / "key.toml", jobs=1).students
    assert not student.error and student.score == len(key["claim"]) - 1
    misspelt = student.claims[3]
    assert misspelt.status == "error" and "'1.L'" in misspelt.message and \
        "'1. L'" in misspelt.message
    assert student.notes == ("claim 'bonus' is not in the key (ignored)",)


def test_a_class_without_a_key_is_checked_against_each_sheets_own_definitions(tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "ann.toml").write_text('[values]\nx = 3\n[define]\nf = "x**2"\n[[claim]]\n'
                                     'name = "f"\nexpr = "f"\nequals = 9\n')
    (folder / "bob.toml").write_text('[values]\nx = 2\n[define]\nf = "x**2"\n[[claim]]\n'
                                     'name = "f"\nexpr = "f"\nequals = 5\n[[claim]]\n'
                                     'name = "df"\nexpr = "diff(f, x)"\nequals = 4\n')
    (folder / "cat.toml").write_text("[[claim]\n")
    report = grade(folder, None, jobs=1)
    assert report.claims == ["f", "df"]
    by = {s.student: [c.status for c in s.claims] for s in report.students}
    assert by == {"ann": ["correct", "missing"], "bob": ["wrong", "correct"],
                  "cat": ["error", "error"]}
    out = run_symnn("grade", str(folder), "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    assert "3 worksheets, 2 claims each" in out.stdout


def test_check_with_a_key_grades_one_students_sheet(tmp_path):
    (tmp_path / "key.toml").write_text(toml_text(key_worksheet(exercises("step", seed=7,
                                                                         count=1))))
    examples = EXAMPLES / "class"
    right = run_symnn("check", str(examples / "ana.toml"), "--key", str(tmp_path / "key.toml"))
    assert right.returncode == 0 and "7 of 7 correct" in right.stdout
    wrong = run_symnn("check", str(examples / "cho.toml"), "--key", str(tmp_path / "key.toml"),
                      "--json")
    data = json.loads(wrong.stdout)
    assert wrong.returncode == 1 and data["score"] == 6
    sheet = run_symnn("check", str(examples / "cho.toml"))
    assert sheet.returncode == 2 and "--key KEY.toml" in sheet.stderr


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
    # beside the students' folder, never inside it
    assert (tmp_path / "answers-grades" / "grades.csv").exists()
    assert not (tmp_path / "answers" / "grades.csv").exists()
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
