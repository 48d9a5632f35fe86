"""Steps of gradient descent with an optimizer worked by hand (symnn.descent, symnn step
--optimizer): every intermediate checked against the published rules, written out here for the
published 2-2-2 network in float64 NumPy; every output format; the deck item and the
exercises."""

import json
import re
import tomllib

import numpy as np
import pytest

import symnn
from symnn.descent import descent
from symnn.exercise import exercises
from tests.conftest import EXAMPLES, run_symnn

TWO = str(EXAMPLES / "two_two_two.toml")


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def two_two_two_gradients(P):
    """dL/dp of the published 2-2-2 network (sigmoid layers, half the squared error), by the
    chain rule written out for this network, in float64."""
    x, t = np.array([0.05, 0.10]), np.array([0.01, 0.99])
    z1 = sigmoid(x @ P["W1"] + P["b1"])
    y = sigmoid(z1 @ P["W2"] + P["b2"])
    d2 = (y - t) * y * (1 - y)
    d1 = (d2 @ P["W2"].T) * z1 * (1 - z1)
    return {"W1": np.outer(x, d1), "b1": d1, "W2": np.outer(z1, d2), "b2": d2}, \
        0.5 * np.sum((y - t) ** 2)


START = {"W1": np.array([[0.15, 0.25], [0.20, 0.30]]), "b1": np.array([0.35, 0.35]),
         "W2": np.array([[0.40, 0.50], [0.45, 0.55]]), "b2": np.array([0.60, 0.60])}


def adam_by_hand(steps, lr, b1=0.9, b2=0.999, eps=1e-8):
    """Adam as torch.optim documents it, every intermediate kept."""
    P = {k: v.copy() for k, v in START.items()}
    m = {k: np.zeros_like(v) for k, v in P.items()}
    v = {k: np.zeros_like(p) for k, p in P.items()}
    record = []
    for t in range(1, steps + 1):
        g, loss = two_two_two_gradients(P)
        step = {"loss": loss, "c1": 1 - b1 ** t, "c2": 1 - b2 ** t}
        for k in P:
            m[k] = b1 * m[k] + (1 - b1) * g[k]
            v[k] = b2 * v[k] + (1 - b2) * g[k] ** 2
            m_hat, v_hat = m[k] / step["c1"], v[k] / step["c2"]
            delta = lr * m_hat / (np.sqrt(v_hat) + eps)
            P[k] = P[k] - delta
            step[k] = {"g": g[k], "m": m[k], "v": v[k], "m_hat": m_hat, "v_hat": v_hat,
                       "step": delta, "p": P[k].copy()}
        record.append(step)
    return record


def values(a):
    return np.array([[float(v) for v in row] for row in a]).reshape(-1)


def test_three_adam_steps_on_the_published_network_agree_with_the_rule_written_out():
    run = descent(symnn.load_spec(TWO), {"name": "adam", "lr": 0.05}, steps=3)
    expected = adam_by_hand(3, 0.05)
    assert [s.t for s in run.steps] == [1, 2, 3]
    for ours, theirs in zip(run.steps, expected):
        assert float(ours.loss) == pytest.approx(theirs["loss"], rel=1e-13)
        assert float(ours.update.scalars["c1"]) == pytest.approx(theirs["c1"], rel=1e-15)
        assert float(ours.update.scalars["c2"]) == pytest.approx(theirs["c2"], rel=1e-15)
        for name in START:
            np.testing.assert_allclose(values(ours.gradients[name]), theirs[name]["g"].ravel(),
                                       rtol=1e-12)
            for key in ("m", "v", "m_hat", "v_hat", "step", "p"):
                np.testing.assert_allclose(values(ours.update.quantities[name][key]),
                                           theirs[name][key].ravel(), rtol=1e-9, atol=1e-15,
                                           err_msg=f"step {ours.t}, {name}, {key}")


def test_the_spec_optimizer_table_sets_the_rule_and_learning_rate_is_its_lr(tmp_path):
    text = open(TWO).read()
    spec = tmp_path / "adam.toml"
    spec.write_text(text.replace('learning_rate = 0.5',
                                 'optimizer = { name = "adam", lr = 0.05, beta2 = 0.99 }'))
    run = descent(symnn.load_spec(spec), steps=2)
    assert (run.optimizer.name, str(run.optimizer.lr), str(run.optimizer.beta2)) == \
        ("adam", "1/20", "99/100")
    spec.write_text(text.replace('learning_rate = 0.5', 'learning_rate = 0.05\n'
                                 'optimizer = { name = "momentum" }'))
    assert str(symnn.load_spec(spec).optimizer.lr) == "1/20"   # the spec's learning_rate
    spec.write_text(text.replace('learning_rate = 0.5', 'learning_rate = 0.5\n'
                                 'optimizer = { name = "adam", lr = 0.1 }'))
    with pytest.raises(symnn.SpecError, match="give the learning rate in one place"):
        symnn.load_spec(spec)


def test_several_steps_compute_on_irrational_weights_with_every_digit_certain():
    run = descent(symnn.load_spec(TWO), "rmsprop", steps=4)
    w = run.parameters["W2"][0, 0]
    assert w.exact is None and len(w.decimal(40).replace("-", "").replace(".", "")) >= 39
    expected = START["W2"][0, 0]
    P = {k: v.copy() for k, v in START.items()}
    sq = {k: np.zeros_like(v) for k, v in P.items()}
    for _ in range(4):
        g, _ = two_two_two_gradients(P)
        for k in P:  # lr is the spec's 0.5, alpha 0.99, eps 1e-8
            sq[k] = 0.99 * sq[k] + 0.01 * g[k] ** 2
            P[k] = P[k] - 0.5 * g[k] / (np.sqrt(sq[k]) + 1e-8)
    expected = P["W2"][0, 0]
    assert float(w) == pytest.approx(expected, rel=1e-9)


def test_step_optimizer_text_names_every_intermediate():
    out = run_symnn("step", TWO, "--optimizer", "adam", "lr=0.05", "--steps", "2")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "2 steps of Adam (lr = 0.05, beta1 = 0.9, beta2 = 0.999, eps = 1e-8)" in text
    for piece in ("step 1", "step 2", "1 - beta1**1 = 0.1", "1 - beta2**2 = 0.001999",
                  "m[W1]", "v[W1]", "m_hat[W2]", "v_hat[b2]", "step[b1]", "W2 (updated)"):
        assert piece in text, piece
    expected = adam_by_hand(2, 0.05)
    shown = re.search(r"W2 \(updated\) ≈ \[\[([-\d.e]+), ", text.split("step 2")[1]).group(1)
    assert float(shown) == pytest.approx(expected[1]["W2"]["p"][0, 0], rel=1e-9)


def test_step_optimizer_json_and_exact_json():
    out = run_symnn("step", TWO, "--optimizer", "momentum", "lr=0.5", "--steps", "2", "--json")
    data = json.loads(out.stdout)
    assert data["optimizer"] == {"name": "momentum", "lr": 0.5, "momentum": 0.9}
    P = {k: v.copy() for k, v in START.items()}
    vel = {k: np.zeros_like(v) for k, v in P.items()}
    for t, step in enumerate(data["steps"], start=1):
        g, loss = two_two_two_gradients(P)
        assert step["t"] == t and step["loss"] == pytest.approx(loss, rel=1e-13)
        for k in P:
            vel[k] = 0.9 * vel[k] + g[k]
            P[k] = P[k] - 0.5 * vel[k]
            assert np.array(step["optimizer"][k]["v"]) == pytest.approx(vel[k], rel=1e-12)
            assert np.array(step["updated"][k]) == pytest.approx(P[k], rel=1e-12)
    out = run_symnn("step", TWO, "--optimizer", "adam", "--json", "--exact")
    exact = json.loads(out.stdout)["steps"][0]
    assert exact["shared"] == {"1 - beta1**t": "1/10", "1 - beta2**t": "1/1000"}
    assert exact["optimizer"]["W2"]["m"][0][0].startswith("(")  # a closed form, as a string


@pytest.mark.parametrize("fmt", ["latex", "document", "markdown", "beamer"])
def test_step_optimizer_derivation_formats(fmt):
    out = run_symnn("step", TWO, "--optimizer", "adam", "--format", fmt, "--digits", "4")
    assert out.returncode == 0, out.stderr
    assert "\\hat{m}_{1}" in out.stdout and "\\hat{v}_{1}" in out.stdout
    assert "\\beta_1 m_{t-1} + (1 - \\beta_1)" in out.stdout


def test_step_optimizer_in_korean_text():
    out = run_symnn("step", TWO, "--optimizer", "rmsprop", "--format", "text", "--lang", "ko",
                    "--steps", "2")
    assert out.returncode == 0, out.stderr
    assert "최적화 기법: RMSProp" in out.stdout and "2단계" in out.stdout
    assert "vₜ = α vₜ₋₁ + (1 - α) g²" in out.stdout


@pytest.mark.parametrize("args, message", [
    (["--optimizer", "adamm"], "--optimizer: unknown optimizer 'adamm' (did you mean 'adam'?)"),
    (["--optimizer", "adam", "betta1=0.9"], "no hyper-parameter 'betta1' (did you mean 'beta1'?)"),
    (["--optimizer", "adam", "beta1=1"], "adam's beta1 must be in [0, 1)"),
    (["--optimizer", "adam", "beta2=-0.1"], "adam's beta2 must be in [0, 1)"),
    (["--optimizer", "sgd", "lr=0"], "must be positive, got 0"),
    (["--optimizer", "adam", "lr"], "'lr' is not KEY=VALUE"),
    (["--rate", "-0.1", "--optimizer", "sgd"], "--rate: the learning rate must be a positive"),
    (["--steps", "0"], "--steps: a whole number from 1 to 20, got 0"),
    (["--optimizer", "adam", "--show", "w5"], "leave out --show"),
])
def test_bad_optimizer_input_is_one_line_and_exit_2(args, message):
    out = run_symnn("step", TWO, *args)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and message in out.stderr, out.stderr


def test_train_optimizer_bad_input_is_one_line_and_exit_2():
    out = run_symnn("train", str(EXAMPLES / "xor_net.toml"), "--data",
                    str(EXAMPLES / "xor.csv"), "--optimizer", "rmsprop", "alpha=1")
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "rmsprop's alpha must be in [0, 1)" in out.stderr


def test_a_deck_item_works_an_optimizer(tmp_path):
    (tmp_path / "two_two_two.toml").write_text(open(TWO).read())
    deck = tmp_path / "deck.toml"
    deck.write_text('title = "Adam by hand"\nlang = "en"\n[[item]]\nstep = "two_two_two.toml"\n'
                    'optimizer = { name = "adam", lr = 0.1 }\nsteps = 2\ndigits = 4\n')
    out = run_symnn("deck", str(deck), "--out", str(tmp_path / "out"), "--no-pdf")
    assert out.returncode == 0, out.stderr
    tex = (tmp_path / "out" / "en" / "deck-slides.tex").read_text()
    assert "step 2" in tex and "\\hat{m}_{2}" in tex
    deck.write_text(deck.read_text() + 'show = ["w5"]\n')
    out = run_symnn("deck", str(deck), "--out", str(tmp_path / "out"), "--no-pdf")
    assert out.returncode == 2 and "leave out show" in out.stderr


@pytest.mark.parametrize("kind", ["momentum", "adagrad", "rmsprop", "adam"])
def test_optimizer_exercises_agree_with_symnn_optim(kind):
    for ex in exercises(kind, seed=4, count=3):
        v = ex.key["values"]
        hyper = {k: v[k] for k in ("lr", "momentum", "alpha", "beta1", "beta2", "eps") if k in v}
        rule = symnn.optimizer({"name": kind, **hyper})
        u1 = rule.update({"w": [[v["w0"]]]}, {"w": [[v["g1"]]]})
        u2 = rule.update(u1.parameters, {"w": [[v["g2"]]]}, u1.state, t=2)
        claims = {c["name"].split(". ")[1]: c for c in ex.key["claim"]}
        for t, u in ((1, u1), (2, u2)):
            for name, value in u.quantities["w"].items():
                key = f"w{t}" if name == "p" else f"{name}{t}"
                if key not in claims:
                    continue
                places = claims[key].get("decimals", 4)
                assert abs(float(value[0, 0]) - claims[key]["equals"]) <= 0.5 * 10 ** -places


def test_exercise_adam_writes_a_key_that_grades(tmp_path):
    out = run_symnn("exercise", "adam", "--count", "2", "--seed", "3", "--out", str(tmp_path),
                    "--no-pdf")
    assert out.returncode == 0, out.stderr
    key = tomllib.loads((tmp_path / "key.toml").read_text())
    assert [c["name"] for c in key["claim"]][:5] == ["1. m1", "1. v1", "1. m_hat1",
                                                      "1. v_hat1", "1. w1"]
    assert "sqrt" in key["define"]["e1_w1"]
    assert run_symnn("check", str(tmp_path / "key.toml")).returncode == 0


HOSTILE_OPTIMIZERS = {
    "a number": "optimizer = 5",
    "a list": 'optimizer = ["adam"]',
    "name a list": 'optimizer = { name = ["adam"] }',
    "name a table": 'optimizer = { name = { a = 1 } }',
    "no name": "optimizer = { lr = 0.1 }",
    "huge lr": 'optimizer = { name = "adam", lr = 1e1001 }',
    "long lr": 'optimizer = { name = "adam", lr = 0.' + "1" * 5000 + " }",
    "bool beta": 'optimizer = { name = "adam", beta1 = true }',
    "string eps": 'optimizer = { name = "adam", eps = "__import__" }',
    "nan alpha": 'optimizer = { name = "rmsprop", alpha = nan }',
    "inf momentum": 'optimizer = { name = "momentum", momentum = inf }',
    "betas of three": 'optimizer = { name = "adam", betas = [0.9, 0.99, 0.5] }',
    "slope huge": "",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_OPTIMIZERS))
def test_hostile_optimizer_tables_are_one_line_and_exit_2(name, tmp_path):
    spec = tmp_path / "net.toml"
    text = open(TWO).read()
    if name == "slope huge":
        text = text.replace('activation = "sigmoid"', 'activation = "leaky_relu"\nslope = 1e900', 1)
    else:
        text = HOSTILE_OPTIMIZERS[name] + "\n" + text
    spec.write_text(text)
    for command in ("step", "train"):
        args = ["--data", str(EXAMPLES / "xor.csv")] if command == "train" else []
        out = run_symnn(command, str(spec), *args, timeout=30)
        assert out.returncode == 2 and out.stdout == "", (name, command, out.stdout[-300:])
        assert out.stderr.count("\n") == 1, (name, command, out.stderr)


def test_exact_forms_past_a_bound_are_refused_in_seconds_not_printed_for_minutes():
    import time

    for args in (["--json", "--exact"], ["--exact"]):
        start = time.perf_counter()
        out = run_symnn("step", TWO, "--optimizer", "adam", "--steps", "3", *args)
        assert out.returncode == 2 and out.stdout == "" and out.stderr.count("\n") == 1
        assert "step 2: the exact forms have about" in out.stderr
        assert time.perf_counter() - start < 30
    # Rational steps stay exact however many: SGD on an identity network.
    spec = symnn.parse_spec({"input": [1, 2], "target": [1], "loss": "half_sse",
                             "learning_rate": 0.1, "layer": [
                                 {"W": [[0.5], [0.5]], "b": [0], "activation": "identity"}]})
    data = descent(spec, "momentum", steps=5).to_dict(exact_strings=True)
    from fractions import Fraction as F

    w, b, vw, vb, x = [F(1, 2), F(1, 2)], F(0), [F(0), F(0)], F(0), [1, 2]
    for _ in range(5):  # the momentum rule by hand: v = 0.9 v + g, p = p - 0.1 v
        error = w[0] * x[0] + w[1] * x[1] + b - 1
        vw = [F(9, 10) * v + error * xi for v, xi in zip(vw, x)]
        vb = F(9, 10) * vb + error
        w, b = [wi - F(1, 10) * v for wi, v in zip(w, vw)], b - F(1, 10) * vb
    assert data["steps"][-1]["updated"]["W1"] == [[str(w[0])], [str(w[1])]]
    assert data["steps"][-1]["updated"]["b1"] == [str(b)]
