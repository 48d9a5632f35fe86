"""What the next lecture's specs say: tanh and leaky_relu layers, a sigmoid output with binary
cross-entropy (whose y - t rule holds for any target), the names people write for the output,
exactly and compiled; and what SymPy users expect of symnn's functions (LaTeX, lambdify)."""

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from sympy import Matrix, Rational, Symbol, exp, log

import symnn
from symnn import Network, SpecError, compile, parse_spec, train_step
from symnn.activations import leaky_relu, sigmoid, softmax
from symnn.losses import binary_cross_entropy, sigmoid_binary_cross_entropy_gradient
from symnn.rules import verify_matrix_rules

x = Symbol("x")


# ---- SymPy habits -------------------------------------------------------------------------------

@pytest.mark.parametrize("expr, tex", [
    (sigmoid(x), r"\sigma\left(x\right)"),
    (symnn.relu(x), r"\operatorname{ReLU}\left(x\right)"),
    (symnn.step(x), r"h\left(x\right)"),
    (leaky_relu(x), r"\operatorname{LeakyReLU}\left(x\right)"),
    (leaky_relu(x, Rational(1, 5)), r"\operatorname{LeakyReLU}_{\frac{1}{5}}\left(x\right)"),
    (sigmoid(x) ** 2, r"\sigma\left(x\right)^{2}"),
])
def test_sympy_latex_prints_the_lectures_notation(expr, tex):
    assert sympy.latex(expr) == tex


def test_lambdify_of_softmax_is_the_stable_form_and_the_same_function():
    a = sympy.symbols("a1:4", real=True)
    y = softmax(Matrix([a]))
    assert y[0] == exp(a[0]) / (exp(a[0]) + exp(a[1]) + exp(a[2]))  # still the same product
    f = sympy.lambdify(a, y)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        big = f(1000.0, 1000.0, 999.0)
    e = math.exp(-1)
    assert big[0].tolist() == pytest.approx([1 / (2 + e), 1 / (2 + e), e / (2 + e)], rel=1e-15)
    assert f(0.0, 0.0, 0.0)[0].tolist() == pytest.approx([1 / 3] * 3, rel=1e-15)
    scalar = sympy.lambdify(a, y[2], "math")
    assert scalar(-1000.0, 5.0, 1000.0) == pytest.approx(1.0)
    # Differentiating still works on the product: the Jacobian diag(y) - y^T y.
    assert sympy.simplify(y[0].diff(a[1]) + y[0] * y[1]) == 0


# ---- leaky ReLU ----------------------------------------------------------------------------------

def test_leaky_relu_keeps_a_slope_below_zero_and_its_derivative_is_the_slope_there():
    assert [leaky_relu(v) for v in (-2, 0, 3)] == [Rational(-1, 50), 0, 3]
    assert [leaky_relu(v, 0.2) for v in (-2, 0, 3)] == [Rational(-2, 5), 0, 3]
    d = leaky_relu(x, Rational(1, 5)).diff(x)
    assert [d.subs(x, v) for v in (-1, 0, 1)] == [Rational(1, 5), Rational(1, 5), 1]
    assert np.array_equal(leaky_relu(np.array([-2.0, 3.0]), 0.5), [-1.0, 3.0])
    with pytest.raises(symnn.SymnnError, match="slope is a number from 0 up to"):
        leaky_relu(x, 2)


LEAKY = {"input": [1, -2], "target": [0.5], "loss": "half_sse", "learning_rate": 0.5,
         "layer": [{"W": [[1, -1], [1, 1]], "b": [0, 0], "activation": "leaky_relu",
                    "slope": 0.1},
                   {"W": [[1], [2]], "b": [0], "activation": "identity"}]}


def test_a_leaky_relu_layer_steps_exactly_as_the_chain_rule_says():
    spec = parse_spec(LEAKY)
    assert spec.network.layers[0].activation == "leaky_relu(0.1)"
    step = train_step(spec)
    # a = [1 - 2, -1 - 2] = [-1, -3]: both below 0, so z = 0.1 a and h'(a) = 0.1.
    a = [Fraction(-1), Fraction(-3)]
    z = [Fraction(1, 10) * v for v in a]
    y = z[0] * 1 + z[1] * 2
    g_y = y - Fraction(1, 2)
    delta = [g_y * 1 * Fraction(1, 10), g_y * 2 * Fraction(1, 10)]
    assert [v.exact for v in step.forward.layers[0].z.ravel()] == z
    assert [v.exact for v in step.gradients["W1"].ravel()] == \
        [1 * delta[0], 1 * delta[1], -2 * delta[0], -2 * delta[1]]


def test_slope_belongs_to_a_leaky_relu_layer_only():
    bad = {**LEAKY, "layer": [{**LEAKY["layer"][0], "activation": "relu"}, LEAKY["layer"][1]]}
    with pytest.raises(SpecError, match="slope is the leaky ReLU's"):
        parse_spec(bad)


# ---- sigmoid output with binary cross-entropy -------------------------------------------------

def test_binary_cross_entropy_is_the_mean_over_entries():
    y, t = Matrix([[Rational(1, 4), Rational(1, 2)]]), Matrix([[1, Rational(1, 3)]])
    expected = -(log(Rational(1, 4)) + Rational(1, 3) * log(Rational(1, 2))
                 + Rational(2, 3) * log(Rational(1, 2))) / 2
    assert sympy.simplify(binary_cross_entropy(y, t) - expected) == 0


def test_sigmoid_with_binary_cross_entropy_gives_y_minus_t_for_any_real_target():
    g = sigmoid_binary_cross_entropy_gradient()
    assert g.assumes == "nothing about t"
    a, t = g.logits[0], g.targets[0]
    assert t.is_real and t.is_positive is None  # no assumption that t lies in [0, 1]
    for value in (Rational(5, 2), Rational(-1), Rational(1, 3)):  # targets in and out of [0, 1]
        raw = g.raw[0].subs(t, value)
        assert sympy.simplify(raw - (sigmoid(a) - value)) == 0
    assert verify_matrix_rules(2)["sigmoid+binary_cross_entropy, any targets"]


BINARY = {"input": [[1, 0.5], [-1, 2]], "target": [[1], [0.25]], "output": "sigmoid",
          "loss": "binary_cross_entropy", "learning_rate": 0.1,
          "layer": [{"W": [[0.5, -0.5], [0.25, 1]], "b": [0, 0.1], "activation": "tanh"},
                    {"W": [[1], [-1]], "b": [0.2], "activation": "identity"}]}


def test_the_exact_step_of_a_sigmoid_bce_network_is_y_minus_t_over_n():
    spec = parse_spec(BINARY)
    step = train_step(spec)
    y = step.forward.y
    t = [Fraction(1), Fraction(1, 4)]
    g = step.backward.g[-1]
    for i in range(2):
        assert float(g[i, 0]) == pytest.approx((float(y[i, 0]) - float(t[i])) / 2, rel=1e-15)
    assert step.backward.shortcut
    # dL/dW against central differences of the loss (a check that can fail: see test_numeric)
    assert symnn.backprop(spec).check().ok


def test_compiled_sigmoid_bce_agrees_with_the_exact_step_and_stays_finite():
    spec = parse_spec(BINARY)
    model = compile(spec)
    X, T = np.array([[1, 0.5], [-1, 2]]), np.array([[1.0], [0.25]])
    step = train_step(spec)
    assert model.loss(X, T) == pytest.approx(float(step.loss), rel=1e-14)
    for name, g in model.gradients(X, T).items():
        np.testing.assert_allclose(g.ravel(), [float(v) for v in step.gradients[name].ravel()],
                                   rtol=1e-13)
    far = compile(Network([symnn.Layer(np.array([[1e4]]), np.array([0.0]), "identity")],
                          "sigmoid"), loss="binary_cross_entropy")
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        loss = far.loss(np.array([[1.0], [-1.0]]), np.array([[0.0], [1.0]]))
    assert loss == pytest.approx(1e4)  # log(1 - sigmoid(1e4)) is -1e4, not log(0)


@pytest.mark.parametrize("activation", ["tanh", "leaky_relu", "leaky_relu(0.2)"])
def test_compiled_layers_agree_with_central_differences(activation):
    network = symnn.initial_network((3, 4, 1), activation, "sigmoid", seed=2)
    model = compile(network, loss="binary_cross_entropy")
    rng = np.random.default_rng(1)
    X, T = rng.normal(size=(5, 3)), rng.uniform(-0.5, 1.5, size=(5, 1))  # any targets
    grads = model.gradients(X, T)
    for name in ("W1", "b2"):
        P = model.parameters[name]
        for index in np.ndindex(P.shape):
            old = P[index]
            P[index] = old + 1e-6
            up = model.loss(X, T)
            P[index] = old - 1e-6
            down = model.loss(X, T)
            P[index] = old
            assert grads[name][index] == pytest.approx((up - down) / 2e-6, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("written, meant", [
    ("identity", "identity"), ("linear", "identity"), ("none", "identity"),
    ("Softmax", "softmax"), ("sigmoid", "sigmoid"), ("logistic", "sigmoid"),
])
def test_output_takes_the_names_people_write(written, meant):
    spec = parse_spec({**BINARY, "output": written, "loss": "mse"})
    assert spec.network.output == meant


def test_an_unknown_output_suggests_the_close_name(tmp_path):
    from tests.conftest import run_symnn

    spec = tmp_path / "net.toml"
    spec.write_text('input = [1]\noutput = "sigmod"\n[[layer]]\nW = [[1]]\nb = [0]\n'
                    'activation = "identity"\n')
    out = run_symnn("forward", str(spec))
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "unknown output function 'sigmod' (did you mean 'sigmoid'?)" in out.stderr


def test_lambdify_prints_leaky_relu_for_numpy_and_math():
    f = sympy.lambdify(x, leaky_relu(x, Rational(1, 5)))
    assert f(np.array([-2.0, 3.0])).tolist() == [-0.4, 3.0]
    g = sympy.lambdify(x, leaky_relu(x).diff(x), "math")
    assert (g(-1.0), g(2.0)) == (pytest.approx(0.01), 1.0)
