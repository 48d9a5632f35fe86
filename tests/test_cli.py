"""The core commands run as a user runs them: the installed ``symnn`` in a subprocess."""

import json

import numpy as np
import pytest

from tests.conftest import EXAMPLES, run_symnn

THREE_LAYER = str(EXAMPLES / "three_layer.toml")


def test_version_and_help():
    out = run_symnn("--version")
    assert out.returncode == 0 and out.stdout.startswith("symnn ")
    out = run_symnn("forward", "--help")
    assert out.returncode == 0 and "example spec" in out.stdout


def test_forward_prints_every_layer_exactly_and_as_decimals():
    out = run_symnn("forward", THREE_LAYER)
    assert out.returncode == 0, out.stderr
    assert "A1 = [0.3, 0.7, 1.1]" in out.stdout   # exact: the decimals terminate
    assert "Z1 = [1/(exp(-3/10) + 1)" in out.stdout
    assert "0.5744425168" in out.stdout
    assert "A3 ≈ [0.3168270764, 0.6962790899]" in out.stdout


def test_forward_json_is_floats_in_the_inputs_shape():
    out = run_symnn("forward", THREE_LAYER, "--json")
    data = json.loads(out.stdout)
    assert [len(layer["A"]) for layer in data["layers"]] == [3, 2, 2]
    assert data["layers"][0]["A"] == [0.3, 0.7, 1.1]
    assert data["output"] == pytest.approx([0.40625907, 0.59374093], abs=1e-8)
    assert "loss" not in data


def test_forward_json_exact_is_sympy_strings(tmp_path):
    spec = tmp_path / "net.toml"
    spec.write_text('input = [[1, 2], [0, 1]]\ntarget = [[9, 12, 15], [4, 5, 6]]\n'
                    '[[layer]]\nW = [[1, 2, 3], [4, 5, 6]]\nb = [0, 0, 0.5]\n'
                    'activation = "identity"\n')
    data = json.loads(run_symnn("forward", str(spec), "--json", "--exact").stdout)
    assert data["layers"][0]["A"] == [["9", "12", "31/2"], ["4", "5", "13/2"]]
    assert data["loss"] == "1/12"   # mean of six squared errors, two of them (1/2)**2


def test_separable_xor_and_and():
    out = run_symnn("separable", "00:0 01:1 10:1 11:0", "--json")
    assert json.loads(out.stdout) == {"separable": False, "given": False, "weights": None,
                                      "bias": None, "rows": None,
                                      "certificate": [0.5, 0.5, 0.5, 0.5]}
    out = run_symnn("separable", "00:0 01:0 10:0 11:1", "--json")
    data = json.loads(out.stdout)
    assert data["separable"] and data["certificate"] is None
    w1, w2, b = *data["weights"], data["bias"]
    assert [w1 * x1 + w2 * x2 + b > 0 for x1, x2 in [(0, 0), (0, 1), (1, 0), (1, 1)]] \
        == [False, False, False, True]
    text = run_symnn("separable", "00:0 01:1 10:1 11:0").stdout
    assert "0 > 0 is false" in text


BAD_SPECS = {
    "missing.toml": None,
    "not_toml.toml": "input = [1, 2\n",
    "unknown_key.toml": 'input = [1]\nlayers = 3\n',
    "ragged.toml": ('input = [1, 2]\n[[layer]]\nW = [[1, 2], [3]]\nb = [0, 0]\n'
                    'activation = "relu"\n'),
    "rows.toml": ('input = [1, 2]\n[[layer]]\nW = [[1, 2, 3], [4, 5, 6]]\nb = [0, 0, 0]\n'
                  'activation = "relu"\n[[layer]]\nW = [[1], [2]]\nb = [0]\nactivation = "relu"\n'),
    "bias.toml": 'input = [1]\n[[layer]]\nW = [[1, 2]]\nb = [0]\nactivation = "relu"\n',
    "nan.toml": 'input = [1]\n[[layer]]\nW = [["a"]]\nb = [0]\nactivation = "relu"\n',
    "act.toml": 'input = [1]\n[[layer]]\nW = [[1]]\nb = [0]\nactivation = "softplus"\n',
    "loss.toml": ('input = [1]\ntarget = [1]\nloss = "hinge"\n[[layer]]\nW = [[1]]\nb = [0]\n'
                  'activation = "relu"\n'),
}
EXPECTED = {
    "missing.toml": "missing.toml, cannot read: no such file",
    "not_toml.toml": "not_toml.toml, not valid TOML",
    "unknown_key.toml": "unknown_key.toml, unknown key 'layers'",
    "ragged.toml": "ragged.toml, layer 1, W: row 1 has 1 entries but row 0 has 2",
    "rows.toml": "rows.toml, layer 2: W has 2 rows but layer 1 has 3 outputs",
    "bias.toml": "bias.toml, layer 1, b: has 1 entries but W has 2 columns",
    "nan.toml": "nan.toml, layer 1, W[0][0]: 'a' is not a number",
    "act.toml": "act.toml, layer 1, activation: unknown activation 'softplus'",
    "loss.toml": "loss.toml, loss: unknown loss 'hinge'",
}


@pytest.mark.parametrize("name", list(BAD_SPECS))
def test_bad_specs_exit_2_with_one_line_and_no_traceback(tmp_path, name):
    if BAD_SPECS[name] is not None:
        (tmp_path / name).write_text(BAD_SPECS[name])
    before = sorted(p.name for p in tmp_path.iterdir())
    out = run_symnn("forward", name, "--json", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert EXPECTED[name] in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("table,message", [
    ("00:0 00:1 10:1 11:0", "row 2 '00:1': input 00 is repeated"),
    ("00:0 01:1 10:1", "missing 11"),
    ("00:0 011:1", "has 3 inputs but row 1 has 2"),
    ("00:0 01:x 10:1 11:0", "label 0 or 1"),
])
def test_bad_tables_exit_2(table, message):
    out = run_symnn("separable", table)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert message in out.stderr and out.stderr.count("\n") == 1


def test_usage_errors_exit_2():
    assert run_symnn("nonsense").returncode == 2
    assert run_symnn().returncode == 2


def test_grad_prints_value_partials_and_the_numerical_check():
    out = run_symnn("grad", "(x + y)**2", "--at", "x=1", "y=2")
    assert out.returncode == 0, out.stderr
    assert "f = 9" in out.stdout
    assert "df/dx = 2*x + 2*y" in out.stdout and "df/dx = 6" in out.stdout
    assert "agrees" in out.stdout


def test_grad_json_floats_and_exact_strings():
    out = run_symnn("grad", "sigmoid(w*x + b)", "--at", "w=0.5", "x=1", "b=-0.7", "--json")
    data = json.loads(out.stdout)
    assert set(data) == {"value", "gradient", "numeric"}
    assert set(data["gradient"]) == {"w", "x", "b"}
    for name in data["gradient"]:
        assert data["gradient"][name] == pytest.approx(data["numeric"][name], abs=1e-8)
    exact = json.loads(run_symnn("grad", "x**2 / 2", "--at", "x=0.3", "--json",
                                 "--exact").stdout)
    assert exact["value"] == "9/200" and exact["gradient"] == {"x": "3/10"}


@pytest.mark.parametrize("args,message", [
    (["x * y", "--at", "x=1"], "no value given for 'y'"),
    (["x", "--at", "x=1", "z=2"], "a value is given for 'z'"),
    (["x", "--at", "x"], "'x' is not NAME=NUMBER"),
    (["x", "--at", "x=abc"], "value of x: 'abc' is not a number"),
    (["__import__('os')", "--at", "x=1"], "column 1: a name may not start with an underscore"),
    (["x.real", "--at", "x=1"], "column 2: unexpected '.': attribute access is not allowed"),
    (["(" * 200 + "x" + ")" * 200, "--at", "x=1"], "nested deeper than"),
    (["x" * 6000, "--at", "x=1"], "characters long"),
    (["log(x)", "--at", "x=0"], "log(0) is undefined"),
    (["softmax(x)", "--at", "x=1"], "unknown function 'softmax'"),
])
def test_grad_bad_input_exits_2_with_one_line(args, message):
    out = run_symnn("grad", *args)
    assert out.returncode == 2, out.stdout
    assert message in out.stderr and out.stderr.count("\n") == 1
    assert "Traceback" not in out.stderr


def test_step_prints_one_training_step():
    out = run_symnn("step", str(EXAMPLES / "one_step.toml"))
    assert out.returncode == 0, out.stderr
    for text in ("forward pass", "loss (cross_entropy)", "dL/dW1", "dL/db3", "update"):
        assert text in out.stdout


def test_step_json_shapes():
    out = run_symnn("step", str(EXAMPLES / "one_step.toml"), "--json")
    data = json.loads(out.stdout)
    assert set(data) == {"layers", "loss", "gradients", "updated"}
    assert list(data["gradients"]) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [len(data["gradients"]["W1"]), len(data["gradients"]["W1"][0])] == [2, 3]
    assert data["gradients"]["b3"] == pytest.approx([0.40625907, -0.40625907], abs=1e-8)
    assert data["updated"]["b3"] == pytest.approx([0.1 - 0.040625907, 0.2 + 0.040625907])
    assert data["loss"] == pytest.approx(-np.log(0.59374093), abs=1e-8)


def test_step_without_a_target_exits_2():
    out = run_symnn("step", str(EXAMPLES / "three_layer.toml"))
    assert out.returncode == 2
    assert "three_layer.toml, a training step needs a target" in out.stderr


def test_python_dash_m_symnn_is_the_same_command():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "symnn", "--version"], capture_output=True,
                         text=True)
    assert out.returncode == 0 and out.stdout.startswith("symnn 0.1.0")
    out = subprocess.run([sys.executable, "-m", "symnn", "--help"], capture_output=True,
                         text=True)
    for command in ("forward", "separable", "grad", "graph", "step", "check", "train",
                    "export", "list", "show", "build"):
        assert command in out.stdout
