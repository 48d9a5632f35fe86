"""Compiled NumPy models: the same numbers as the exact derivation, stable, exportable."""

import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symnn import (
    Layer,
    Network,
    TrainingError,
    backprop,
    compile,
    load_spec,
    numerical_gradient,
    parse_spec,
    verify_matrix_rules,
)
from symnn.activations import numpy_log_softmax as log_softmax
from symnn.activations import numpy_sigmoid as stable_sigmoid
from symnn.activations import numpy_softmax as softmax_rows
from symnn.compile import activation_derivative
from symnn.export import export
from tests.conftest import EXAMPLES

ONE_STEP = EXAMPLES / "one_step.toml"


def test_matrix_rules_equal_the_per_scalar_derivation_up_to_3x3():
    results = verify_matrix_rules(3)
    assert all(results.values()), results
    assert set(results) >= {"affine", "sigmoid", "relu", "tanh", "softmax+cross_entropy",
                            "identity+mse", "identity+half_sse"}


def test_activation_derivatives_are_derived():
    assert str(activation_derivative("sigmoid")) == "z*(1 - z)"
    assert str(activation_derivative("tanh")) == "1 - z**2"
    assert str(activation_derivative("relu")) == "step(a)"


def test_compiled_and_exact_agree_on_the_lectures_network():
    spec = load_spec(ONE_STEP)
    model = compile(spec)
    exact = backprop(spec)
    assert np.allclose(model.forward([1.0, 0.5]), [[0.40625907, 0.59374093]], atol=1e-8)
    assert model.loss([1.0, 0.5], [0, 1]) == pytest.approx(float(exact.loss_value(20)))
    values = exact.values(digits=20)
    for name, g in model.gradients([1.0, 0.5], [0, 1]).items():
        want = np.array(values[name].tolist(), dtype=float).reshape(g.shape)
        assert np.abs(g - want).max() < 1e-15


@st.composite
def batches(draw):
    widths = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    rng = np.random.default_rng(draw(st.integers(0, 1000)))
    output = draw(st.sampled_from(["identity", "softmax"])) if widths[-1] > 1 else "identity"
    loss = draw(st.sampled_from(["cross_entropy", "mse", "half_sse"] if output == "softmax"
                                else ["mse", "half_sse"]))
    layers = [Layer(rng.normal(size=(a, b)).round(3).tolist(), rng.normal(size=b).round(3)
                    .tolist(), draw(st.sampled_from(["sigmoid", "tanh", "identity", "relu"])))
              for a, b in zip(widths, widths[1:])]
    rows = draw(st.integers(1, 5))
    X = rng.normal(size=(rows, widths[0]))
    T = np.eye(widths[-1])[rng.integers(0, widths[-1], size=rows)]
    return Network(layers, output), loss, X, T


@settings(max_examples=40, deadline=None)
@given(batches())
def test_compiled_gradients_agree_with_numerical_differentiation(case):
    network, loss, X, T = case
    model = compile(network, loss=loss)
    grads = model.gradients(X, T)
    for name, value in model.parameters.items():
        def f(p, name=name):
            saved = model.parameters[name]
            model.parameters[name] = p
            try:
                return model.loss(X, T)
            finally:
                model.parameters[name] = saved
        numeric = numerical_gradient(f, value, h=1e-6)
        assert np.allclose(grads[name], numeric, atol=1e-6, rtol=1e-4), name


def test_large_inputs_are_finite_and_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert stable_sigmoid(-1000.0) == 0.0 and stable_sigmoid(1000.0) == 1.0
        assert np.isfinite(stable_sigmoid(np.array([-1e4, 1e4]))).all()
        assert softmax_rows(np.array([[1e4, -1e4]])).tolist() == [[1.0, 0.0]]
        assert log_softmax(np.array([[1000.0, -1000.0]])).tolist() == [[0.0, -2000.0]]
        model = compile(Network([Layer([[1.0, -1.0]], [0, 0], "identity")], "softmax"),
                        loss="cross_entropy")
        assert model.loss([[1000.0]], [[0, 1]]) == 2000.0
        assert model.loss([[1000.0]], [[1, 0]]) == 0.0
        assert np.isfinite(model.gradients([[1e4]], [[0, 1]])["W1"]).all()


def test_the_exported_module_runs_in_a_fresh_interpreter(tmp_path):
    model = compile(ONE_STEP)
    export(model, tmp_path / "model.py")
    code = ("import json, model; print(json.dumps([model.forward([1.0, 0.5]).tolist(), "
            "{k: v.tolist() for k, v in model.gradients([1.0, 0.5], [0, 1]).items()}, "
            "model.loss([1.0, 0.5], [0, 1])]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    import json
    forward, grads, loss = json.loads(out.stdout)
    assert forward == model.forward([1.0, 0.5]).tolist()
    for name, g in model.gradients([1.0, 0.5], [0, 1]).items():
        assert grads[name] == g.tolist()
    assert loss == model.loss([1.0, 0.5], [0, 1])
    assert "symnn" not in (tmp_path / "model.py").read_text().split('"""', 2)[2].split(
        "import numpy")[0]


@pytest.mark.parametrize("X,message", [
    ([[1.0, 2.0, 3.0]], "X has 3 columns but the network needs 2"),
    ([[1.0, float("nan")]], "NaN or infinite value at row 0, column 1"),
    ([["a", 1.0]], "X is not an array of numbers"),
    (np.zeros((1, 2, 2)), "one row or a 2-D array"),
])
def test_bad_arrays_are_named(X, message):
    model = compile(ONE_STEP)
    with pytest.raises(TrainingError, match=message):
        model.forward(X)


def test_targets_must_fit():
    model = compile(ONE_STEP)
    with pytest.raises(TrainingError, match="T has 3 columns"):
        model.loss([[1.0, 0.5]], [[0, 1, 0]])
    with pytest.raises(TrainingError, match="T has 2 rows but X has 1"):
        model.gradients([[1.0, 0.5]], [[0, 1], [1, 0]])
    with pytest.raises(Exception, match="compile takes a spec path"):
        compile(42)


def test_compile_takes_a_parsed_spec_or_a_path():
    spec = parse_spec({"input": [1], "target": [1], "loss": "half_sse",
                       "layer": [{"W": [[2]], "b": [0], "activation": "identity"}]})
    assert compile(spec).gradients([[1.0]], [[1.0]])["W1"].tolist() == [[1.0]]
    assert compile(ONE_STEP).loss_name == "cross_entropy"
