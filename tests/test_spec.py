import pytest
from sympy import Matrix, Rational

from symnn import SpecError, load_spec, parse_spec

LAYER = {"W": [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], "b": [0.1, 0.2, 0.3], "activation": "sigmoid"}


def spec(**changes):
    data = {"input": [1.0, 0.5], "layer": [dict(LAYER)]}
    data.update(changes)
    return data


def test_toml_floats_are_read_as_the_decimals_written(tmp_path):
    path = tmp_path / "net.toml"
    path.write_text('input = [1.0, 0.5]\nlearning_rate = 0.1\ntarget = [0, 1, 0]\n'
                    '[[layer]]\nW = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]\n'
                    'b = [0.1, 0.2, 0.3]\nactivation = "sigmoid"\n')
    s = load_spec(path)
    assert s.input == Matrix([[1, Rational(1, 2)]])
    assert s.learning_rate == Rational(1, 10)
    assert s.network.layers[0].W[0, 0] == Rational(1, 10)
    assert s.loss == "mse"   # a target without a loss is scored by the lecture's MSE
    assert s.one_row


@pytest.mark.parametrize("data,message", [
    ({"layer": [LAYER]}, "spec, missing key 'input'"),
    ({"input": [1, 2]}, "spec, missing key 'layer'"),
    (spec(outptu="softmax"), "spec, unknown key 'outptu' \\(did you mean 'output'\\?\\)"),
    (spec(layer=[{"W": [[1]], "b": [0]}]), "spec, layer 1: missing key 'activation'"),
    (spec(layer=[{**LAYER, "bias": [0]}]), "spec, layer 1: unknown key 'bias'"),
    (spec(layer=[{**LAYER, "W": [[1, 2, 3], [4, 5]]}]),
     "spec, layer 1, W: row 1 has 2 entries but row 0 has 3"),
    (spec(layer=[LAYER, {"W": [[1], [2]], "b": [0], "activation": "relu"}]),
     "spec, layer 2: W has 2 rows but layer 1 has 3 outputs"),
    (spec(layer=[{**LAYER, "b": [0.1, 0.2]}]),
     "spec, layer 1, b: has 2 entries but W has 3 columns"),
    (spec(layer=[{**LAYER, "b": [0.1, "x", 0.3]}]), "spec, layer 1, b\\[1\\]: 'x' is not a number"),
    (spec(layer=[{**LAYER, "activation": "sigmod"}]),
     "spec, layer 1, activation: unknown activation 'sigmod' \\(did you mean 'sigmoid'\\?\\)"),
    (spec(target=[0, 1, 0], loss="mae"), "spec, loss: unknown loss 'mae'"),
    (spec(loss="hinge"), "spec, loss: unknown loss"),
    (spec(target=[0, 1]), "spec, target: has shape \\(1, 2\\) but the network gives \\(1, 3\\)"),
    (spec(input=[1, 2, 3]), "spec, input: has 3 columns but layer 1 W has 2 rows"),
    (spec(output="sofmax"),
     "spec, output: unknown output function 'sofmax' \\(did you mean 'softmax'\\?\\)"),
    (spec(learning_rate=-0.1), "spec, learning_rate: must be a positive number"),
    (spec(layer=[]), "spec, 'layer' must be one or more"),
])
def test_bad_specs_name_the_key_and_layer(data, message):
    with pytest.raises(SpecError, match=f"^{message}"):
        parse_spec(data)


def test_files_that_cannot_be_read(tmp_path):
    with pytest.raises(SpecError, match="missing.toml, cannot read: no such file"):
        load_spec(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("input = [1, 2\n")
    with pytest.raises(SpecError, match="bad.toml, not valid TOML"):
        load_spec(bad)
