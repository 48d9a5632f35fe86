"""Training: exact steps, the perceptron and delta rules, XOR and the digits, the train CLI."""

import json
import time

import numpy as np
import pytest
from sympy import Rational

from symnn import (
    AND,
    NAND,
    OR,
    TrainingError,
    compile,
    delta_rule,
    initial_network,
    load_csv,
    load_spec,
    parse_spec,
    perceptron_rule,
    train,
    train_exact,
)
from tests.conftest import EXAMPLES, run_symnn

INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


@pytest.mark.parametrize("gate", [AND, OR, NAND])
def test_the_perceptron_rule_learns_the_gates(gate):
    result = perceptron_rule([(x, gate(*x)) for x in INPUTS])
    assert result.converged
    assert [result.perceptron(*x) for x in INPUTS] == [gate(*x) for x in INPUTS]


def test_the_perceptron_rule_never_converges_on_xor():
    result = perceptron_rule([(x, x[0] ^ x[1]) for x in INPUTS], max_epochs=200)
    assert not result.converged and result.epochs == 200
    assert min(result.errors) > 0


def test_exact_steps_are_rationals_and_continue_from_each_other():
    spec = parse_spec({"input": [1], "target": [1], "loss": "half_sse", "learning_rate": 0.5,
                       "layer": [{"W": [[2]], "b": [0], "activation": "identity"}]})
    steps = train_exact(spec, 3)
    # y = w + b; each step halves the error y - t: 1, 1/2 ... with rate 1/2 on both w and b.
    assert [s.loss.exact for s in steps] == [Rational(1, 2), 0, 0]
    assert steps[0].updated["W1"][0, 0].exact == Rational(3, 2)


def test_the_delta_rule_trains_a_sigmoid_neuron_on_or():
    X = np.array(INPUTS, dtype=float)
    model, history = delta_rule(np.c_[X, np.ones(4)], [OR(*x) for x in INPUTS],
                                learning_rate=2.0, epochs=500)
    assert history.loss[-1] < history.loss[0] / 10
    assert ((model.forward(np.c_[X, np.ones(4)]) > 0.5).ravel().astype(int).tolist()
            == [0, 1, 1, 1])


def test_a_2_3_1_network_learns_xor_from_a_fixed_seed():
    model = compile(load_spec(EXAMPLES / "xor_net.toml"))
    X, T = load_csv(EXAMPLES / "xor.csv", 2, 1)
    history = train(model, X, T, epochs=3000, learning_rate=2.0, seed=0)
    assert (model.forward(X) > 0.5).astype(int).ravel().tolist() == [0, 1, 1, 0]
    again = compile(load_spec(EXAMPLES / "xor_net.toml"))
    assert train(again, X, T, epochs=3000, learning_rate=2.0, seed=0).loss == history.loss


def test_digits_reach_95_percent_on_a_held_out_quarter_in_seconds():
    datasets = pytest.importorskip("sklearn.datasets")
    digits = datasets.load_digits()
    X, T = digits.data / 16.0, np.eye(10)[digits.target]
    order = np.random.default_rng(0).permutation(len(X))
    cut = len(X) * 3 // 4
    start = time.perf_counter()
    model = compile(initial_network((64, 64, 10), "sigmoid", "softmax", seed=0),
                    loss="cross_entropy")
    train(model, X[order[:cut]], T[order[:cut]], epochs=60, learning_rate=1.0, batch_size=32,
          seed=0)
    accuracy = model.accuracy(X[order[cut:]], T[order[cut:]])
    assert accuracy >= 0.95, accuracy
    print(f"digits: {accuracy:.4f} held-out accuracy in {time.perf_counter() - start:.1f} s")


@pytest.mark.parametrize("rate", [0, -1, "fast", float("nan")])
def test_learning_rate_must_be_positive(rate):
    model = compile(load_spec(EXAMPLES / "xor_net.toml"))
    with pytest.raises(TrainingError, match="learning rate"):
        train(model, [[0, 0]], [[0]], 1, rate)


@pytest.mark.parametrize("text,message", [
    ("0,0,0\n0,1\n", "line 2: 2 values but the first row has 3"),
    ("0,0,0\n0,x,1\n", "line 2: 'x' is not a number"),
    ("0,0,0\n0,nan,1\n", "line 2: NaN or infinite value"),
    ("0,0,0,1\n", "4 columns, but the network takes 2 inputs and gives 1 outputs"),
    ("", "no data rows"),
])
def test_bad_csv(tmp_path, text, message):
    path = tmp_path / "data.csv"
    path.write_text(text)
    with pytest.raises(TrainingError, match=message):
        load_csv(path, 2, 1)


def test_class_numbers_become_one_hot(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,b,label\n0.5,1,2\n0,0,0\n")
    X, T = load_csv(path, 2, 3)
    assert T.tolist() == [[0, 0, 1], [1, 0, 0]]
    path.write_text("0.5,1,3\n")
    with pytest.raises(TrainingError, match="class numbers 0 to 2"):
        load_csv(path, 2, 3)


def test_train_cli_shows_progress_and_saves_a_spec(tmp_path):
    saved = tmp_path / "trained.toml"
    out = run_symnn("train", str(EXAMPLES / "xor_net.toml"), "--data", str(EXAMPLES / "xor.csv"),
                    "--epochs", "3000", "--save", str(saved))
    assert out.returncode == 0, out.stderr
    assert "epoch     1" in out.stdout and "epoch  3000" in out.stdout
    assert "accuracy 1.0000" in out.stdout and "parameters saved" in out.stdout
    forward = json.loads(run_symnn("forward", str(saved), "--json").stdout)
    assert forward["output"][0] < 0.5
    summary = json.loads(run_symnn("train", str(EXAMPLES / "xor_net.toml"), "--data",
                                   str(EXAMPLES / "xor.csv"), "--epochs", "10",
                                   "--json").stdout)
    assert len(summary["history"]) == 11  # epoch 0, before training, then every epoch
    assert summary["history"][0] == summary["loss_before"]


def test_train_cli_bad_input_writes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("0,0,0\n1,1\n")
    saved = tmp_path / "out.toml"
    out = run_symnn("train", str(EXAMPLES / "xor_net.toml"), "--data", str(bad), "--save",
                    str(saved))
    assert out.returncode == 2 and "line 2" in out.stderr and "Traceback" not in out.stderr
    assert not saved.exists()
    out = run_symnn("train", str(EXAMPLES / "xor_net.toml"), "--data", str(EXAMPLES / "xor.csv"),
                    "--rate", "-1")
    assert out.returncode == 2 and "learning rate must be a positive number" in out.stderr
    wide = tmp_path / "wide.csv"
    wide.write_text("0,0,0,0,0\n")
    out = run_symnn("train", str(EXAMPLES / "three_layer.toml"), "--data", str(wide),
                    "--rate", "1")
    assert out.returncode == 2
    assert "5 columns, but the network takes 2 inputs and gives 2 outputs" in out.stderr


def test_export_cli(tmp_path):
    out = run_symnn("export", str(EXAMPLES / "one_step.toml"), "-o", str(tmp_path / "m.py"))
    assert out.returncode == 0 and (tmp_path / "m.py").exists()
    out = run_symnn("export", str(tmp_path / "nope.toml"), "-o", str(tmp_path / "n.py"))
    assert out.returncode == 2 and "no such file" in out.stderr
    assert not (tmp_path / "n.py").exists()


def test_history_starts_with_the_loss_before_training_as_the_cli_prints_it():
    model = compile(load_spec(EXAMPLES / "xor_net.toml"))
    X, T = load_csv(EXAMPLES / "xor.csv", 2, 1)
    before = model.loss(X, T)
    seen = []
    history = train(model, X, T, epochs=5, learning_rate=2.0,
                    progress=lambda epoch, loss, accuracy: seen.append((epoch, loss)))
    assert history.epochs == 5 and len(history.loss) == 6 and len(history.accuracy) == 6
    assert history.loss[0] == before and seen[0] == (0, before)
    assert [e for e, _ in seen] == [0, 1, 2, 3, 4, 5]
    assert repr(history).startswith("History(5 epochs: loss 0.255659 -> ")
    out = run_symnn("train", str(EXAMPLES / "xor_net.toml"), "--data", str(EXAMPLES / "xor.csv"),
                    "--epochs", "5")
    printed = [float(line.split("loss")[1].split()[0]) for line in out.stdout.splitlines()
               if line.startswith("epoch")]
    assert printed == pytest.approx(history.loss, abs=5e-7)


def test_train_cli_with_an_optimizer_names_it_and_learns_xor():
    out = run_symnn("train", str(EXAMPLES / "xor_net.toml"), "--data", str(EXAMPLES / "xor.csv"),
                    "--epochs", "300", "--optimizer", "adam", "lr=0.1", "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["optimizer"] == {"name": "adam", "lr": 0.1, "beta1": 0.9, "beta2": 0.999,
                                    "eps": 1e-8}
    assert summary["accuracy"] == 1.0 and summary["loss"] < 0.01
    assert "Adam (lr = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8)" in out.stderr
    model = compile(load_spec(EXAMPLES / "xor_net.toml"))
    X, T = load_csv(EXAMPLES / "xor.csv", 2, 1)
    assert summary["history"] == train(model, X, T, 300, optimizer={"name": "adam",
                                                                    "lr": 0.1}).loss


@pytest.mark.parametrize("init", ["xavier", "xavier_normal", "he", "he_uniform"])
def test_initial_weights_are_drawn_as_the_papers_define_them(init):
    network = initial_network((300, 200, 10), "relu", "softmax", seed=7, init=init)
    rng = np.random.default_rng(7)  # the same draws, written out from the definitions
    for layer, (n_in, n_out) in zip(network.layers, [(300, 200), (200, 10)]):
        if init == "xavier":
            limit = np.sqrt(6 / (n_in + n_out))
            expected = rng.uniform(-limit, limit, size=(n_in, n_out))
        elif init == "he_uniform":
            limit = np.sqrt(6 / n_in)
            expected = rng.uniform(-limit, limit, size=(n_in, n_out))
        else:
            std = np.sqrt(2 / (n_in + n_out)) if init == "xavier_normal" else np.sqrt(2 / n_in)
            expected = rng.normal(0, std, size=(n_in, n_out))
        W, b = layer.floats()
        assert np.array_equal(W, expected) and not b.any()
    W = network.layers[0].floats()[0]
    # The spread the definitions promise: variance 2/(n_in + n_out) for Glorot (uniform on
    # ±sqrt(6/(n_in + n_out)) has that variance), 2/n_in for He.
    variance = {"xavier": 2 / 500, "xavier_normal": 2 / 500, "he": 2 / 300,
                "he_uniform": 2 / 300}[init]
    assert W.var() == pytest.approx(variance, rel=0.03)
    assert abs(W.mean()) < 0.01


def test_an_unknown_initialization_is_one_clear_error():
    with pytest.raises(TrainingError, match="unknown initialization 'kaiming' .*Kaiming's is he"):
        initial_network((2, 2), init="kaiming")
    with pytest.raises(TrainingError, match="did you mean 'xavier'"):
        initial_network((2, 2), init="xavir")
