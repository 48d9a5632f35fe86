"""Compiled models at any size: arrays in, dtype kept, one fused call, weights from .npz, and
the same derived rules on JAX."""

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from symnn import (
    Layer,
    Network,
    SpecError,
    SymnnError,
    compile,
    initial_network,
    load_spec,
    parse_spec,
)
from symnn.codegen import network_source
from symnn.export import export
from symnn.train import save_spec
from tests.conftest import EXAMPLES

ONE_STEP = EXAMPLES / "one_step.toml"


def batch(model, rows=5, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, model.shape[0])).astype(dtype)
    T = np.eye(model.shape[-1], dtype=dtype)[rng.integers(0, model.shape[-1], rows)]
    return X, T


def test_a_network_of_arrays_compiles_without_one_exact_number():
    network = initial_network((784, 1024, 1024, 10), "sigmoid", "softmax")
    model = compile(network, loss="cross_entropy")
    assert model.shape == (784, 1024, 1024, 10)
    # The exact Fractions of a layer are made only when an exact command asks for them.
    assert all("weights" not in layer.__dict__ for layer in network.layers)
    assert model.parameters["W2"].dtype == np.float64


def test_exact_weights_are_made_from_float_arrays_when_asked():
    layer = Layer(np.array([[0.1, 0.25]]), np.array([0.0, 1.0]), "identity")
    assert "weights" not in layer.__dict__
    assert str(layer.W) == "Matrix([[1/10, 1/4]])"  # a float by its repr, as typed numbers
    assert str(Network([layer]).forward([2]).output) == "Matrix([[1/5, 3/2]])"


def test_bad_float_arrays_are_named():
    with pytest.raises(SpecError, match=r"layer, W: NaN or infinite value at \[0, 1\]"):
        Layer(np.array([[1.0, np.nan]]), np.zeros(2))
    with pytest.raises(SpecError, match="b: has 3 entries but W has 2 columns"):
        Layer(np.ones((1, 2)), np.zeros(3))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_inputs_float_type_is_kept_end_to_end(dtype):
    model = compile(initial_network((3, 4, 2), "sigmoid", "softmax"), loss="cross_entropy")
    X, T = batch(model, dtype=dtype)
    assert model.forward(X).dtype == dtype
    loss, grads = model.loss_and_gradients(X, T)
    assert all(g.dtype == dtype for g in grads.values())
    assert model.parameters["W1"].dtype == np.float64  # the model's own copy is untouched


def test_a_chosen_dtype_is_used_whatever_the_inputs():
    model = compile(ONE_STEP, dtype="float32")
    assert model.parameters["W1"].dtype == np.float32
    assert model.gradients([[1.0, 0.5]], [[0, 1]])["W1"].dtype == np.float32
    f64 = compile(ONE_STEP)
    assert np.allclose(model.forward([[1.0, 0.5]]), f64.forward([[1.0, 0.5]]), atol=1e-6)


def test_compiling_in_float64_copies_no_weights_and_training_leaves_the_network_alone():
    network = initial_network((6, 5, 3), "sigmoid", "softmax", seed=1)
    before = [layer.floats() for layer in network.layers]
    model = compile(network, loss="cross_entropy")
    # The model reads the layer's own (read-only) arrays until something may change them.
    assert np.shares_memory(model._parameters["W1"], network.layers[0].floats(copy=False)[0])
    X, T = batch(model, rows=4)
    grads = model.gradients(X, T)
    model.update(grads, 0.5)
    model.parameters["b2"][0] += 1.0  # the model's own arrays change in place
    for layer, (W, b) in zip(network.layers, before):
        assert np.array_equal(layer.floats()[0], W) and np.array_equal(layer.floats()[1], b)
    assert np.allclose(model.parameters["W1"], before[0][0] - 0.5 * grads["W1"])
    with pytest.raises(ValueError, match="read-only"):
        network.layers[0].floats(copy=False)[0][0, 0] = 1.0
    assert network.layers[0].floats()[0].flags.writeable  # a copy, free to change


@pytest.mark.parametrize("dtype", ["int32", "complex128", "bogus", object])
def test_a_dtype_that_is_not_a_float_type_is_refused(dtype):
    with pytest.raises(SymnnError, match="is not a float type"):
        compile(ONE_STEP, dtype=dtype)


def test_float32_sigmoid_and_softmax_stay_finite_and_silent():
    import warnings
    model = compile(Network([Layer([[1.0, -1.0]], [0, 0], "sigmoid"), Layer(
        [[1.0, 0.0], [0.0, 1.0]], [0, 0], "identity")], "softmax"), loss="cross_entropy")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X = np.array([[200.0], [-200.0]], dtype=np.float32)  # exp overflows float32 at 88
        T = np.array([[1, 0], [0, 1]], dtype=np.float32)
        value, grads = model.loss_and_gradients(X, T)
    assert np.isfinite(value) and all(np.isfinite(g).all() for g in grads.values())


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("where,bad", [("X", np.nan), ("X", -np.inf), ("T", np.inf),
                                       ("T", np.nan)])
def test_arrays_ready_for_the_model_are_still_checked_for_nan_and_inf(dtype, where, bad):
    model = compile(ONE_STEP)
    X, T = batch(model, rows=4, dtype=dtype)
    (X if where == "X" else T)[2, 1] = bad
    with pytest.raises(SymnnError, match=f"{where} has a NaN or infinite value at row 2, "
                                         "column 1"):
        model.gradients(X, T)


@pytest.mark.parametrize("dtype,huge", [(np.float64, 1e200), (np.float32, 1e30)])
def test_huge_finite_inputs_are_not_taken_for_infinite(dtype, huge):
    # The quick check's sum of squares overflows here; the entries are finite all the same.
    model = compile(Network([Layer([[1.0, -1.0]], [0, 0], "sigmoid")]), loss="mse")
    X = np.array([[huge], [-huge]], dtype=dtype)
    T = np.array([[1, 0], [0, 1]], dtype=dtype)
    assert model.forward(X).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert model.loss(X, T) == 0.0


def test_one_fused_call_gives_the_loss_and_every_gradient():
    model = compile(ONE_STEP)
    X, T = batch(model, rows=7)
    value, grads = model.loss_and_gradients(X, T)
    assert value == model.loss(X, T)
    for name, g in model.gradients(X, T).items():
        assert np.array_equal(g, grads[name])


def test_the_generated_code_is_one_function_per_job_from_the_derived_rules():
    source = network_source(["sigmoid", "relu", "identity"], "softmax", "cross_entropy")
    assert [line.split("(")[0] for line in source.splitlines() if line.startswith("def ")] == \
        ["def forward", "def loss", "def gradients", "def loss_and_gradients"]
    assert "Z1*(1 - Z1)" in source  # sigmoid' = z(1 - z), as SymPy derives it
    assert "(A2 > 0).astype(A2.dtype)" in source  # relu' = step(a)
    # softmax + CE for any target rows: (Y·rowsum(T) - T)/N, with Y = E/ES folded in
    assert "D3 = (E * (np.add.reduce(T, axis=1, keepdims=True) / ES) - T) / N" in source
    assert "symnn" not in source and "import" not in source
    jobs = dict(zip(["forward", "loss", "gradients", "loss_and_gradients"],
                    source.split("\n\n\n")))
    # Each job computes only what its result needs.
    assert not re.search(r"\bT\b", jobs["forward"]) and re.search(r"\bT\b", jobs["loss"])
    assert "LS =" in jobs["loss"] and "D3 =" not in jobs["loss"] and "Y =" not in jobs["loss"]
    assert "LS =" not in jobs["gradients"] and "Y =" not in jobs["gradients"]
    assert "LS =" in jobs["loss_and_gradients"] and "dW1 =" in jobs["loss_and_gradients"]
    # NumPy's code deletes every array after its last use: only the results are left.
    for name, code in jobs.items():
        made, deleted = set(), set()
        for line in code.splitlines():
            line = line.strip()
            if line.startswith("del "):
                deleted |= set(line[4:].split(", "))
            elif " = " in line:
                made |= set(line.split(" = ")[0].split(", "))
        result = code.split("return ")[1]
        last = [line for line in code.splitlines() if " = " in line][-1]  # then return frees
        assert made - deleted - {"N", "K"} <= set(re.findall(r"\w+", f"{last} {result}")), name
        assert not deleted & set(re.findall(r"\w+", result)), name
    assert "del " not in network_source(["sigmoid"], "softmax", "cross_entropy", "jax")


def test_a_loss_without_a_target_is_a_spec_for_compile_train_and_export():
    spec = parse_spec({"input": [1, 2], "loss": "cross_entropy", "output": "softmax",
                       "layer": [{"W": [[1, 0], [0, 1]], "b": [0, 0],
                                  "activation": "identity"}]})
    assert spec.target is None and spec.loss == "cross_entropy"
    assert compile(spec).loss_name == "cross_entropy"
    with pytest.raises(SpecError, match="unknown loss"):
        parse_spec({"input": [1], "loss": "hinge",
                    "layer": [{"W": [[1]], "b": [0], "activation": "identity"}]})


def write_spec(tmp_path, weights_line, layers=2):
    text = weights_line + '\ninput = [0.0, 0.0]\noutput = "softmax"\nloss = "cross_entropy"\n'
    text += '\n[[layer]]\nactivation = "sigmoid"\n' * (layers - 1)
    text += '\n[[layer]]\nactivation = "identity"\n'
    path = tmp_path / "net.toml"
    path.write_text(text)
    return path


def test_weights_come_from_an_npz_beside_the_spec(tmp_path):
    rng = np.random.default_rng(1)
    arrays = {"W1": rng.normal(size=(2, 3)), "b1": rng.normal(size=3),
              "W2": rng.normal(size=(3, 2)), "b2": rng.normal(size=2)}
    np.savez(tmp_path / "w.npz", **arrays)
    model = compile(write_spec(tmp_path, 'weights = "w.npz"'))
    for name, value in arrays.items():
        assert np.array_equal(model.parameters[name], value)
    # The exact commands still work on it: 0.1 typed is 1/10, a float from a file is its repr.
    spec = load_spec(tmp_path / "net.toml")
    assert np.allclose(np.array(spec.network.forward([[0.5, -1]]).output.evalf(20).tolist(),
                                dtype=float), model.forward([[0.5, -1]]), atol=1e-15)


@pytest.mark.parametrize("arrays,message", [
    ({"W1": np.ones((2, 3)), "b1": np.ones(3), "W2": np.ones((3, 2))},
     "has no array b2 \\(layer 2\\)"),
    ({"W1": np.ones((2, 3)), "b1": np.ones(4), "W2": np.ones((3, 2)), "b2": np.ones(2)},
     "layer 1, b: has 4 entries but W has 3 columns"),
    ({"W1": np.ones((2, 3)), "b1": np.ones(3), "W2": np.ones((4, 2)), "b2": np.ones(2)},
     "layer 2: W has 4 rows but layer 1 has 3 outputs"),
    ({"W1": np.ones((2, 3)), "b1": np.ones(3), "W2": np.ones((3, 2)), "b2": np.ones(2),
      "W3": np.ones((2, 2))}, "has W3 but the spec has 2 layers"),
    ({"W1": np.array([["a", "b", "c"]] * 2), "b1": np.ones(3), "W2": np.ones((3, 2)),
      "b2": np.ones(2)}, "W1 holds <U1 values, not numbers"),
    ({"W1": np.array([[np.inf, 1, 1]] * 2), "b1": np.ones(3), "W2": np.ones((3, 2)),
      "b2": np.ones(2)}, "NaN or infinite value at \\[0, 0\\]"),
])
def test_a_bad_npz_is_one_clear_message(tmp_path, arrays, message):
    np.savez(tmp_path / "w.npz", **arrays)
    with pytest.raises(SpecError, match=message):
        load_spec(write_spec(tmp_path, 'weights = "w.npz"'))


def test_an_npz_with_python_objects_is_never_unpickled(tmp_path):
    np.savez(tmp_path / "w.npz", W1=np.array([{"x": 1}], dtype=object))
    with pytest.raises(SpecError, match="not an .npz file of number arrays"):
        load_spec(write_spec(tmp_path, 'weights = "w.npz"'))
    (tmp_path / "t.npz").write_text("not a zip")
    with pytest.raises(SpecError, match="not an .npz file of number arrays"):
        load_spec(write_spec(tmp_path, 'weights = "t.npz"'))
    np.save(tmp_path / "one.npy", np.ones((2, 3)))  # one array, not an archive of W1, b1, ...
    with pytest.raises(SpecError, match="one.npy is not an .npz file"):
        load_spec(write_spec(tmp_path, 'weights = "one.npy"'))


def test_weights_in_the_npz_and_in_a_layer_conflict(tmp_path):
    np.savez(tmp_path / "w.npz", W1=np.ones((2, 2)), b1=np.ones(2))
    path = tmp_path / "net.toml"
    path.write_text('weights = "w.npz"\ninput = [0, 0]\n[[layer]]\nW = [[1, 0], [0, 1]]\n'
                    'activation = "relu"\n')
    with pytest.raises(SpecError, match="W is given here and in the weights file"):
        load_spec(path)


def test_train_save_writes_an_npz_for_a_large_network_and_keeps_the_loss(tmp_path):
    model = compile(initial_network((64, 200, 10), "relu", "softmax"), loss="cross_entropy")
    weights = save_spec(model, tmp_path / "big.toml", 0.5)
    assert weights == tmp_path / "big.npz"
    text = (tmp_path / "big.toml").read_text()
    assert 'weights = "big.npz"' in text and 'loss = "cross_entropy"' in text
    again = compile(tmp_path / "big.toml")
    assert again.loss_name == "cross_entropy"
    for name, value in model.parameters.items():
        assert np.array_equal(again.parameters[name], value)
    small = compile(ONE_STEP)
    assert save_spec(small, tmp_path / "small.toml") is None
    assert not (tmp_path / "small.npz").exists()


def test_cli_bad_npz_exits_2_with_one_line(tmp_path):
    np.savez(tmp_path / "w.npz", W1=np.ones((2, 3)))
    spec = write_spec(tmp_path, 'weights = "w.npz"')
    out = subprocess.run([sys.executable, "-m", "symnn", "export", str(spec), "-o",
                          str(tmp_path / "m.py")], capture_output=True, text=True)
    assert out.returncode == 2, out.stderr
    assert out.stderr.count("\n") == 1 and "has no array b1" in out.stderr
    assert not (tmp_path / "m.py").exists()


def test_export_of_a_deep_network_is_plain_numpy(tmp_path):
    model = compile(initial_network([2] * 300, "tanh"))
    path = export(model, tmp_path / "deep.py")
    text = path.read_text()
    assert "from numpy import" not in text and text.count("import numpy as np") == 1
    code = ("import deep, numpy as np; X = np.ones((3, 2)); "
            "print(deep.loss_and_gradients(X, X)[0])")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    X = np.ones((3, 2))
    assert float(out.stdout) == model.loss(X, X)


def test_a_large_export_carries_its_weights_as_bytes(tmp_path):
    model = compile(initial_network((100, 200, 10), "sigmoid", "softmax"), loss="cross_entropy")
    path = export(model, tmp_path / "big.py")
    assert "import base64" in path.read_text()
    X, T = batch(model, rows=4)
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "T.npy", T)
    code = ("import big, numpy as np; g = big.gradients(np.load('X.npy'), np.load('T.npy')); "
            "np.savez('g.npz', **g)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    exported = np.load(tmp_path / "g.npz")
    for name, g in model.gradients(X, T).items():
        assert np.array_equal(exported[name], g)


def test_jax_asked_for_but_not_installed_is_one_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "jax", None)  # import jax now raises ImportError
    with pytest.raises(SymnnError, match=r"needs JAX: pip install 'symnn\[jax\]'"):
        compile(ONE_STEP, backend="jax")
    with pytest.raises(SymnnError, match="backend 'torch' is not one of numpy, jax"):
        compile(ONE_STEP, backend="torch")


@pytest.mark.parametrize("activation,output,loss", [
    ("sigmoid", "softmax", "cross_entropy"), ("relu", "identity", "mse"),
    ("tanh", "softmax", "mse"), ("sigmoid", "identity", "half_sse"),
    ("step", "identity", "mse"),
])
def test_the_jax_backend_agrees_with_numpy_to_1e_12(activation, output, loss):
    jax = pytest.importorskip("jax")
    network = initial_network((5, 7, 6, 3), activation, output, seed=3)
    numpy_model = compile(network, loss=loss)
    jax_model = compile(network, loss=loss, dtype="float64", backend="jax")
    X, T = batch(numpy_model, rows=9, seed=4)
    T = T * 0.5 + 0.1  # targets whose rows do not sum to 1
    jX, jT = jax.numpy.asarray(X), jax.numpy.asarray(T)
    value, grads = jax_model.loss_and_gradients(jX, jT)
    assert isinstance(grads["W1"], jax.Array)
    assert abs(value - numpy_model.loss(X, T)) < 1e-12
    for name, g in numpy_model.gradients(X, T).items():
        assert np.abs(np.asarray(grads[name]) - g).max() < 1e-12, name
    assert np.abs(np.asarray(jax_model.forward(jX)) - numpy_model.forward(X)).max() < 1e-12


def test_the_jax_backend_keeps_float32_and_trains():
    jax = pytest.importorskip("jax")
    model = compile(initial_network((2, 4, 2), "sigmoid", "softmax"), loss="cross_entropy",
                    dtype="float32", backend="jax")
    X = jax.numpy.asarray([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
    T = jax.numpy.asarray([[1, 0], [0, 1], [0, 1], [1, 0]], dtype="float32")
    before = model.loss(X, T)
    for _ in range(50):
        model.update(model.gradients(X, T), 1.0)
    assert model.parameters["W1"].dtype == np.float32
    assert model.loss(X, T) < before


def test_the_exported_jax_module_runs_in_a_fresh_interpreter(tmp_path):
    pytest.importorskip("jax")
    model = compile(ONE_STEP, dtype="float64", backend="jax")
    export(model, tmp_path / "jm.py")
    code = ("import jm, numpy as np; print(repr(float(np.asarray(jm.forward([[1.0, 0.5]]))"
            "[0, 0])))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) == pytest.approx(float(compile(ONE_STEP).forward([1.0, 0.5])[0]),
                                              abs=1e-15)


def test_one_sample_as_a_1d_row_gives_a_1d_output_as_in_numpy_and_pytorch():
    model = compile(ONE_STEP)
    one = model.forward(np.array([1.0, 0.5]))
    assert one.shape == (2,) and model.forward([[1.0, 0.5]]).shape == (1, 2)
    assert np.array_equal(one, model.forward([[1.0, 0.5]])[0])
    assert model.predict([1.0, 0.5]) == 1 and model.predict([[1.0, 0.5]]).tolist() == [1]


def test_predict_of_one_sigmoid_output_is_the_side_of_one_half():
    network = Network([Layer(np.array([[1.0]]), np.array([0.0]), "identity")], "sigmoid")
    model = compile(network, loss="binary_cross_entropy")
    X = np.array([[-2.0], [0.5], [3.0]])
    assert model.predict(X).tolist() == [0, 1, 1]
    assert model.accuracy(X, [[0], [0], [1]]) == pytest.approx(2 / 3)


def test_model_export_writes_a_module_with_predict_and_accuracy(tmp_path):
    model = compile(ONE_STEP)
    path = model.export(tmp_path / "net.py")
    assert path == tmp_path / "net.py"
    code = ("import json, net; import numpy as np; X = [[1.0, 0.5], [0.0, -1.0], [2.0, 2.0]]; "
            "print(json.dumps([net.forward([1.0, 0.5]).tolist(), net.predict(X).tolist(), "
            "int(net.predict([1.0, 0.5])), net.accuracy(X, [[0, 1], [1, 0], [0, 1]])]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    one, classes, single, accuracy = json.loads(out.stdout)
    X = [[1.0, 0.5], [0.0, -1.0], [2.0, 2.0]]
    assert one == model.forward([1.0, 0.5]).tolist()          # 1-D in, 1-D out
    assert classes == model.predict(X).tolist() and single == classes[0]
    expected = np.mean(model.forward(X).argmax(axis=1) == np.array([1, 0, 1]))
    assert accuracy == pytest.approx(expected)
