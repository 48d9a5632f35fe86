"""Optimizers as torch.optim documents them: the expected numbers are computed here from the
published update rules (Fractions and mpmath for the exact steps, float64 NumPy for the compiled
ones), never taken from symnn's output; PyTorch itself is compared only when it is installed."""

from fractions import Fraction

import mpmath
import numpy as np
import pytest

import symnn
from symnn import SGD, AdaGrad, Adam, Momentum, OptimizerError, RMSProp
from symnn.optim import OPTIMIZERS, optimizer

GRADIENTS = [Fraction(1, 2), Fraction(-3, 4), Fraction(2), Fraction(1, 10), Fraction(-1)]


# ---- the published rules, written out by hand with mpmath (50 digits) -----------------------

def reference(name: str, hyper: dict, w0: Fraction, gradients: list) -> list:
    """Each step's new weight, by the rule as torch.optim's documentation writes it."""
    mpmath.mp.dps = 50
    h = {k: mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for k, v in hyper.items()}
    w, m, v, s, out = mpmath.mpf(w0.numerator) / w0.denominator, 0, 0, 0, []
    for t, g in enumerate(gradients, start=1):
        g = mpmath.mpf(g.numerator) / g.denominator
        if name == "sgd":
            w = w - h["lr"] * g
        elif name == "momentum":  # b_t = mu b_{t-1} + g_t (b_1 = g_1); p = p - lr b_t
            v = g if t == 1 else h["momentum"] * v + g
            w = w - h["lr"] * v
        elif name == "adagrad":  # state_sum += g^2; p -= lr g / (sqrt(state_sum) + eps)
            s = s + g * g
            w = w - h["lr"] * g / (mpmath.sqrt(s) + h["eps"])
        elif name == "rmsprop":  # v = alpha v + (1 - alpha) g^2; p -= lr g / (sqrt(v) + eps)
            v = h["alpha"] * v + (1 - h["alpha"]) * g * g
            w = w - h["lr"] * g / (mpmath.sqrt(v) + h["eps"])
        elif name == "adam":
            m = h["beta1"] * m + (1 - h["beta1"]) * g
            v = h["beta2"] * v + (1 - h["beta2"]) * g * g
            m_hat = m / (1 - h["beta1"] ** t)
            v_hat = v / (1 - h["beta2"] ** t)
            w = w - h["lr"] * m_hat / (mpmath.sqrt(v_hat) + h["eps"])
        out.append(w)
    return out


def run(rule, w0, gradients):
    """symnn's exact steps on one weight, each step's gradient given."""
    params, state, out = {"w": [[w0]]}, None, []
    for t, g in enumerate(gradients, start=1):
        update = rule.update(params, {"w": [[g]]}, state, t)
        params, state = update.parameters, update.state
        out.append(update.parameters["w"][0, 0])
    return out


# PyTorch's documented defaults, written down from torch.optim's pages (torch is no dependency).
TORCH_DEFAULTS = {
    "sgd": {"lr": Fraction(1, 1000)},
    "adagrad": {"lr": Fraction(1, 100), "eps": Fraction(1, 10**10)},
    "rmsprop": {"lr": Fraction(1, 100), "alpha": Fraction(99, 100), "eps": Fraction(1, 10**8)},
    "adam": {"lr": Fraction(1, 1000), "beta1": Fraction(9, 10), "beta2": Fraction(999, 1000),
             "eps": Fraction(1, 10**8)},
}


@pytest.mark.parametrize("name", sorted(TORCH_DEFAULTS))
def test_the_defaults_are_pytorchs(name):
    found = {k: Fraction(int(v.p), int(v.q)) for k, v in
             OPTIMIZERS[name]().hyperparameters().items()}
    assert found == TORCH_DEFAULTS[name]


@pytest.mark.parametrize("name, hyper", [
    ("sgd", TORCH_DEFAULTS["sgd"]),
    ("sgd", {"lr": Fraction(1, 10)}),
    ("momentum", {"lr": Fraction(1, 10), "momentum": Fraction(9, 10)}),
    ("momentum", {"lr": Fraction(1, 2), "momentum": Fraction(1, 2)}),
    ("adagrad", TORCH_DEFAULTS["adagrad"]),
    ("adagrad", {"lr": Fraction(1, 10), "eps": Fraction(0)}),
    ("rmsprop", TORCH_DEFAULTS["rmsprop"]),
    ("rmsprop", {"lr": Fraction(1, 10), "alpha": Fraction(9, 10), "eps": Fraction(1, 10**6)}),
    ("adam", TORCH_DEFAULTS["adam"]),
    ("adam", {"lr": Fraction(1, 10), "beta1": Fraction(4, 5), "beta2": Fraction(99, 100),
              "eps": Fraction(0)}),
])
def test_five_exact_steps_agree_with_the_published_rule_to_36_digits(name, hyper):
    rule = optimizer({"name": name, **{k: str(v) for k, v in hyper.items()}})
    ours = run(rule, Fraction(1), GRADIENTS)
    theirs = reference(name, hyper, Fraction(1), GRADIENTS)
    for t, (a, b) in enumerate(zip(ours, theirs), start=1):
        # symnn's every digit is certain; 40 of them against mpmath's 50-digit rule.
        assert abs(mpmath.mpf(a.decimal(40)) - b) <= mpmath.mpf(10) ** -36 * max(1, abs(b)), \
            (name, t, a.decimal(40), b)


def test_sgd_and_momentum_stay_rational_and_adams_first_step_is_lr_times_the_sign():
    for w in run(Momentum(lr="0.1", momentum="0.5"), Fraction(1), GRADIENTS):
        assert w.exact is not None
    # Step 1: m_hat = g and v_hat = g^2, so the step is lr g/(|g| + eps), exactly.
    (w,) = run(Adam(lr="0.1"), Fraction(1), [Fraction(-3, 4)])
    assert w.exact == 1 - Fraction(1, 10) * Fraction(-3, 4) / (Fraction(3, 4) + Fraction(1, 10**8))


def test_adams_intermediates_are_the_textbooks():
    g1, g2 = Fraction(1, 2), Fraction(-1)
    u1 = Adam(lr="0.01").update({"w": [[1]]}, {"w": [[g1]]})
    u2 = Adam(lr="0.01").update(u1.parameters, {"w": [[g2]]}, u1.state, t=2)
    q = {k: v[0, 0].exact for k, v in u2.quantities["w"].items() if v[0, 0].exact is not None}
    m1, v1 = Fraction(1, 10) * g1, Fraction(1, 1000) * g1**2
    assert q["m"] == Fraction(9, 10) * m1 + Fraction(1, 10) * g2
    assert q["v"] == Fraction(999, 1000) * v1 + Fraction(1, 1000) * g2**2
    assert q["m_hat"] == q["m"] / (1 - Fraction(9, 10) ** 2)
    assert q["v_hat"] == q["v"] / (1 - Fraction(999, 1000) ** 2)
    assert u2.scalars["c1"].exact == 1 - Fraction(9, 10) ** 2
    assert u2.scalars["c2"].exact == 1 - Fraction(999, 1000) ** 2


# ---- the compiled path: Model.update keeps the state, float64 against NumPy by hand ----------

def numpy_reference(name, hyper, P, grads_at):
    """Steps on float64 arrays by the published rules; grads_at(P) gives each step's gradients."""
    P = {k: v.copy() for k, v in P.items()}
    state = {k: {"m": 0.0, "v": 0.0} for k in P}
    for t in range(1, 4):
        grads = grads_at(P)
        for k, g in grads.items():
            s = state[k]
            if name == "momentum":
                s["v"] = g if t == 1 else hyper["momentum"] * s["v"] + g
                P[k] = P[k] - hyper["lr"] * s["v"]
            elif name == "adagrad":
                s["v"] = s["v"] + g * g
                P[k] = P[k] - hyper["lr"] * g / (np.sqrt(s["v"]) + hyper["eps"])
            elif name == "rmsprop":
                s["v"] = hyper["alpha"] * s["v"] + (1 - hyper["alpha"]) * g * g
                P[k] = P[k] - hyper["lr"] * g / (np.sqrt(s["v"]) + hyper["eps"])
            elif name == "adam":
                s["m"] = hyper["beta1"] * s["m"] + (1 - hyper["beta1"]) * g
                s["v"] = hyper["beta2"] * s["v"] + (1 - hyper["beta2"]) * g * g
                m_hat = s["m"] / (1 - hyper["beta1"] ** t)
                v_hat = s["v"] / (1 - hyper["beta2"] ** t)
                P[k] = P[k] - hyper["lr"] * m_hat / (np.sqrt(v_hat) + hyper["eps"])
            else:
                P[k] = P[k] - hyper["lr"] * g
    return P


FLOAT_HYPER = {"sgd": {"lr": 0.1}, "momentum": {"lr": 0.1, "momentum": 0.9},
               "adagrad": {"lr": 0.1, "eps": 1e-10},
               "rmsprop": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
               "adam": {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}}


@pytest.mark.parametrize("name", sorted(FLOAT_HYPER))
def test_model_update_with_an_optimizer_keeps_its_state_over_steps(name):
    X, T = np.array([[1.0, 0.5], [0.2, -0.3]]), np.array([[0.0, 1.0], [1.0, 0.0]])
    model = symnn.compile("examples/one_step.toml")
    start = {k: np.array(v) for k, v in model.parameters.items()}
    hyper = FLOAT_HYPER[name]
    for _ in range(3):
        model.update(model.gradients(X, T), optimizer={"name": name, **hyper})
    grads_model = symnn.compile("examples/one_step.toml")

    def grads_at(P):
        grads_model.parameters = {k: v.copy() for k, v in P.items()}
        return grads_model.gradients(X, T)

    expected = numpy_reference(name, hyper, start, grads_at)
    for k in start:
        np.testing.assert_allclose(model.parameters[k], expected[k], rtol=1e-13, atol=1e-15)
    assert model.optimizer_state.t == 3


def test_another_learning_rate_keeps_the_state_another_rule_starts_afresh():
    model = symnn.compile("examples/one_step.toml")
    grads = model.gradients([[1.0, 0.5]], [[0, 1]])
    model.update(grads, optimizer=Adam(lr=0.01))
    model.update(grads, 0.001, optimizer="adam")      # the rate of this step: state carries on
    assert model.optimizer_state.t == 2
    model.update(grads, optimizer=Adam(beta1=0.5))     # other moments' decay: a new optimizer
    assert model.optimizer_state.t == 1
    model.update(grads, optimizer=RMSProp())
    assert model.optimizer_state.t == 1 and sorted(model.optimizer_state.buffers["W1"]) == ["v"]
    for _ in range(2):  # a table written out again each step is the same optimizer
        model.update(grads, optimizer={"name": "rmsprop", "alpha": 0.9})
    assert model.optimizer_state.t == 2 and str(model.optimizer_state.optimizer.alpha) == "9/10"


def test_float32_parameters_stay_float32_under_adam():
    model = symnn.compile("examples/one_step.toml", dtype="float32")
    grads = model.gradients(np.array([[1.0, 0.5]], dtype=np.float32),
                            np.array([[0, 1]], dtype=np.float32))
    model.update(grads, optimizer="adam")
    assert {v.dtype for v in model.parameters.values()} == {np.dtype("float32")}


def test_train_with_adam_learns_xor():
    from symnn.train import load_csv

    model = symnn.compile("examples/xor_net.toml")
    X, T = load_csv("examples/xor.csv", 2, 1)
    history = symnn.train(model, X, T, epochs=300, optimizer=Adam(lr=0.1))
    assert history.loss[-1] < 0.01 < history.loss[0]
    assert history.accuracy[-1] == 1.0


def test_against_torch_optim_when_it_is_installed():
    torch = pytest.importorskip("torch")
    rules = {"sgd": (torch.optim.SGD, {"lr": 0.1}),
             "momentum": (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9}),
             "adagrad": (torch.optim.Adagrad, {"lr": 0.1}),
             "rmsprop": (torch.optim.RMSprop, {"lr": 0.01}),
             "adam": (torch.optim.Adam, {"lr": 0.01})}
    grads = [np.array([0.5, -0.75]), np.array([2.0, 0.1]), np.array([-1.0, 0.3])]
    for name, (kind, settings) in rules.items():
        p = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
        opt = kind([p], **settings)
        rule = optimizer({"name": name, **settings})
        ours, state = np.array([1.0, -2.0]), None
        for t, g in enumerate(grads, start=1):
            p.grad = torch.tensor(g, dtype=torch.float64)
            opt.step()
            _, done, state = rule.steps({"p": g}, state, t)
            ours = ours - done["p"]["step"]
        np.testing.assert_allclose(ours, p.detach().numpy(), rtol=1e-12, atol=1e-14)


# ---- bad input: one clear message -------------------------------------------------------------

@pytest.mark.parametrize("table, message", [
    ("adamm", "unknown optimizer 'adamm' \\(did you mean 'adam'\\?\\)"),
    ({"name": "rmsprob"}, "did you mean 'rmsprop'"),
    ({"name": "adam", "beta": 0.9}, "no hyper-parameter 'beta' \\(did you mean 'beta1' or "
                                    "'beta2'\\?\\)"),
    ({"name": "adam", "lr": 0}, "adam's lr \\(the learning rate\\) must be positive, got 0"),
    ({"name": "sgd", "lr": -0.1}, "must be positive, got -0.1"),
    ({"name": "adam", "beta1": 1}, "adam's beta1 must be in \\[0, 1\\)"),
    ({"name": "adam", "beta2": -0.5}, "adam's beta2 must be in \\[0, 1\\)"),
    ({"name": "rmsprop", "alpha": 1.5}, "rmsprop's alpha must be in \\[0, 1\\)"),
    ({"name": "momentum", "momentum": 1}, "momentum's momentum must be in \\[0, 1\\)"),
    ({"name": "adam", "eps": -1e-8}, "adam's eps must be 0 or more"),
    ({"name": "adam", "lr": "fast"}, "'fast' is not a number"),
    ({"lr": 0.1}, "missing name"),
    (3, "expected a name"),
])
def test_bad_optimizers_are_one_clear_error(table, message):
    with pytest.raises(OptimizerError, match=message):
        optimizer(table)


def test_pytorchs_ways_of_writing_them_are_understood():
    assert optimizer({"name": "SGD", "momentum": 0.9}) == Momentum(lr="0.001", momentum="0.9")
    assert optimizer({"name": "Adam", "betas": [0.8, 0.99]}) == Adam(beta1="0.8", beta2="0.99")
    assert isinstance(optimizer("AdaGrad"), AdaGrad) and isinstance(optimizer("sgd"), SGD)


def test_adam_trains_the_digits_in_a_third_of_the_epochs_sgd_needs():
    datasets = pytest.importorskip("sklearn.datasets")
    digits = datasets.load_digits()
    X, T = digits.data / 16.0, np.eye(10)[digits.target]
    order = np.random.default_rng(0).permutation(len(X))
    cut = len(X) * 3 // 4
    model = symnn.compile(symnn.initial_network((64, 64, 10), "sigmoid", "softmax", seed=0,
                                                init="xavier"), loss="cross_entropy")
    history = symnn.train(model, X[order[:cut]], T[order[:cut]], epochs=20, batch_size=32,
                          optimizer=Adam(lr=0.01))
    assert history.loss[-1] < history.loss[0] / 20
    assert model.accuracy(X[order[cut:]], T[order[cut:]]) >= 0.95
