"""grad shows the user's expression the way it was typed: sigmoid(w*x + b), not the order
SymPy stores it in, wherever it is shown back (text, derivations, notebooks)."""

import sympy

import symnn
from tests.conftest import run_symnn

AT = {"w": 0.5, "x": 1, "b": -0.7}


def test_the_expression_and_its_derivatives_keep_the_written_order():
    g = symnn.grad("sigmoid(w*x + b)", AT)
    assert g.text(g.expression) == "sigmoid(w*x + b)"
    assert g.text(g.symbolic["w"]) == "x*(1 - sigmoid(w*x + b))*sigmoid(w*x + b)"
    # the same mathematics, only shown as typed
    assert sympy.simplify(g.shown(g.symbolic["w"]) - g.symbolic["w"]) == 0
    assert repr(g).startswith("Gradient(sigmoid(w*x + b):")
    assert symnn.grad("x*y*z + a - b*c", {"a": 1, "b": 2, "c": 3, "x": 1, "y": 1, "z": 1}) \
        .text(sympy.Symbol("a") + sympy.Symbol("x") * sympy.Symbol("y") * sympy.Symbol("z")
              - sympy.Symbol("b") * sympy.Symbol("c")) == "x*y*z + a - b*c"


def test_grad_cli_text_and_derivation_show_the_written_order():
    out = run_symnn("grad", "sigmoid(w*x + b)", "--at", "w=0.5", "x=1", "b=-0.7")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("f = sigmoid(w*x + b)    at")
    assert "df/db = (1 - sigmoid(w*x + b))*sigmoid(w*x + b)" in out.stdout
    assert "b + w*x" not in out.stdout
    tex = run_symnn("grad", "sigmoid(w*x + b)", "--at", "w=0.5", "x=1", "b=-0.7",
                    "--format", "latex").stdout
    assert r"f &= \sigma\left(w\,x + b\right)" in tex and r"b + w\,x" not in tex


def test_the_notebook_shows_the_written_order():
    latex = symnn.grad("sigmoid(w*x + b)", AT)._repr_latex_()
    assert r"\sigma\left(w\,x + b\right)" in latex and r"b + w\,x" not in latex


def test_a_sympy_expression_is_shown_as_sympy_holds_it():
    w, x, b = sympy.symbols("w x b")
    g = symnn.grad(symnn.sigmoid(w * x + b), AT)
    assert g.text(g.expression) == "sigmoid(b + w*x)"
