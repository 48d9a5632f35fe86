"""Hand calculations the way handcalcs shows them, and the %%symnn cell magic in a real
Jupyter kernel: each line's formula, its numbers and its value, exact and decimal."""

import subprocess
import sys
from fractions import Fraction

import pytest

import symnn
from symnn.errors import ParseError
from symnn.handcalc import calculate

LINES = "a = 2\nb = 1\ne = (a + b)*(b + 1)\n"


def test_the_lectures_graph_is_worked_line_by_line():
    calc = calculate(LINES)
    assert [line.name for line in calc.lines] == ["a", "b", "e"]
    assert calc.values["e"].exact == (2 + 1) * (1 + 1)
    assert str(calc).splitlines() == ["a = 2", "b = 1",
                                      "e = (a + b)*(b + 1) = (2 + 1)*(1 + 1) = 6"]
    tex = calc.latex()
    assert r"e &= \left(a + b\right)\,\left(b + 1\right) = \left(2 + 1\right)\,\left(1 + 1\right)"\
        r" = 6" in tex


def test_values_are_exact_and_decimal_and_the_order_is_as_written():
    calc = calculate("w = 0.5\nx = 1\nb = -0.7\nz = w*x + b\ny = sigmoid(z)\nq = 1/3 - 0.25")
    assert calc.values["z"].exact == Fraction(-1, 5)
    assert str(calc).splitlines()[3:] == [
        "z = w*x + b = 0.5*1 - 0.7 = -0.2",
        "y = sigmoid(z) = sigmoid(-0.2) = 1/(1 + exp(1/5)) ≈ 0.4502",
        "q = 1/3 - 0.25 = 1/12 ≈ 0.08333"]
    assert r"\sigma\left(z\right) = \sigma\left(-0.2\right)" in calc.latex()


@pytest.mark.parametrize("text, message", [
    ("x = __import__('os').system('touch hacked')", "a name may not start with an underscore"),
    ("x = open('f')", "strings are not allowed"),
    ("x = y + 1", "line 1: column 5: name 'y' has no value"),
    ("2 = x", "'2' is not a name"),
    ("x == 1", "write NAME = EXPRESSION"),
    ("x 1", "write NAME = EXPRESSION"),
    ("exp = 2", "'exp' is a function's name"),
    ("a = 1\nb = a/0", "line 2: column 6: division by zero"),
])
def test_bad_lines_are_one_error_naming_the_line(text, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ParseError, match=message.replace("(", "\\(").replace(")", "\\)")):
        calculate(text)
    assert not (tmp_path / "hacked").exists()


def test_import_symnn_does_not_import_ipython_but_offers_the_extension():
    code = ("import sys, symnn; print('IPython' in sys.modules, "
            "callable(symnn.load_ipython_extension))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["False", "True"], out.stderr


def test_the_cell_magic_in_a_real_kernel():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%load_ext symnn"),
                nbformat.v4.new_code_cell("%%symnn\n" + LINES),
                nbformat.v4.new_code_cell("e, type(e).__name__"),
                nbformat.v4.new_code_cell("%%symnn --digits 6\nt = 1/3\nu = t*3 + 0.5"),
                nbformat.v4.new_code_cell("%%symnn\nv = 1 +\nw = 3"),
                nbformat.v4.new_code_cell("'w' in dir()")]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = [cell.outputs for cell in nb.cells]
    assert not any(o.output_type == "error" for out in outputs for o in out)
    (shown,) = [o for o in outputs[1] if o.output_type == "execute_result"]
    assert shown.data["text/latex"].startswith("$$\\begin{aligned}")
    assert r"\left(2 + 1\right)\,\left(1 + 1\right) = 6" in shown.data["text/latex"]
    assert shown.data["text/plain"].splitlines()[-1] == "e = (a + b)*(b + 1) = (2 + 1)*(1 + 1) = 6"
    (value,) = [o for o in outputs[2] if o.output_type == "execute_result"]
    assert value.data["text/plain"] == "(6, 'Integer')"        # the names stay, exact
    (third,) = [o for o in outputs[3] if o.output_type == "execute_result"]
    assert "t = 1/3 ≈ 0.333333" in third.data["text/plain"]
    errors = [o for o in outputs[4] if o.output_type == "stream"]
    assert len(errors) == 1 and errors[0].name == "stderr"
    assert errors[0].text.count("\n") == 1 and "line 1: column 8" in errors[0].text
    (missing,) = [o for o in outputs[5] if o.output_type == "execute_result"]
    assert missing.data["text/plain"] == "False"  # a cell with a bad line defines nothing


def test_calculate_is_public():
    assert symnn.calculate is calculate and "calculate" in symnn.__all__


def test_worksheet_functions_of_the_next_lecture_work_line_by_line():
    calc = calculate("a = -2\nb = leaky_relu(a)\ny = 0.8\nL = binary_cross_entropy(y, 1)")
    assert calc.values["b"].exact == Fraction(-2, 100)  # PyTorch's slope 0.01
    assert str(calc).splitlines()[1] == "b = leaky_relu(a) = leaky_relu(-2) = -0.02"
    assert calc.values["L"].decimal(10) == "0.2231435513"  # -log(0.8)
