"""Values computed once from their parents: exact where rational, every shown digit certain."""

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symnn import PrecisionError, SymnnError, arrays, parse_spec, rounding, values
from symnn.activations import relu as symbolic_relu
from symnn.activations import sigmoid as symbolic_sigmoid
from symnn.backprop import backward
from symnn.errors import NumberError, WorkLimitError
from symnn.values import Value, dot, exp, log, relu, sigmoid, step, tanh

LECTURE = {"input": [1.0, 0.5], "layer": [
    {"W": [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], "b": [0.1, 0.2, 0.3], "activation": "sigmoid"},
    {"W": [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], "b": [0.1, 0.2], "activation": "sigmoid"},
    {"W": [[0.1, 0.3], [0.2, 0.4]], "b": [0.1, 0.2], "activation": "identity"}]}


def test_the_first_layer_of_the_lecture_is_exact_and_the_rest_certain():
    forward = parse_spec(LECTURE).network.forward([1.0, 0.5])
    assert [v.exact for v in forward.layers[0].a.ravel()] == \
        [Fraction(3, 10), Fraction(7, 10), Fraction(11, 10)]
    # The lecture prints Z1 = [0.57444252 0.66818777 0.75026011] and A3 = [0.31682708 0.69627909].
    assert [v.decimal(8) for v in forward.layers[0].z.ravel()] == \
        ["0.57444252", "0.66818777", "0.75026011"]
    assert [v.decimal(8) for v in forward.layers[2].a.ravel()] == ["0.31682708", "0.69627909"]


def test_every_digit_matches_sympys_exact_value_at_50_digits():
    forward = parse_spec(LECTURE).network.forward([1.0, 0.5])
    for layer in forward.layers:
        for v, exact in zip(layer.z.ravel(), layer.Z):
            assert v.decimal(50) == str(sympy.N(exact, 50)).rstrip("0")


numbers = st.fractions(min_value=-3, max_value=3, max_denominator=20)


@settings(max_examples=60, deadline=None)
@given(numbers, numbers, st.sampled_from(["sigmoid", "exp", "tanh", "square", "relu"]))
def test_random_expressions_agree_with_sympy_at_50_digits(a, b, f):
    x, y = sympy.symbols("x y")
    inner = x * y - x / 3 + 1
    outer = {"sigmoid": symbolic_sigmoid(inner), "exp": sympy.exp(inner),
             "tanh": sympy.tanh(inner), "square": inner**2,
             "relu": symbolic_relu(inner)}[f]
    point = {x: Value(a), y: Value(b)}
    got = arrays.from_expr(outer, point)
    exact = outer.subs({x: sympy.Rational(a.numerator, a.denominator),
                        y: sympy.Rational(b.numerator, b.denominator)})
    want = sympy.N(exact, 60)
    assert abs(sympy.Float(got.decimal(50), 60) - want) <= abs(want) * sympy.Float(10) ** -49


def test_rational_values_stay_exact_through_relu_and_step():
    z = relu(Value(0.3) - Value(0.1)) * 2 + step(Value(-0.5))
    assert z.exact == Fraction(2, 5)


def test_kinks_are_decided_exactly_or_with_certainty():
    assert relu(Value(0)).exact == 0 and step(Value(0)).exact == 0
    tiny = exp(Value(-100))  # about 3.7e-44: positive, far past a float's resolution
    assert step(tiny).exact == 1 and step(-tiny).exact == 0


def test_a_zero_of_irrational_parts_is_proven_by_sympy_and_stays_exact():
    zero = sigmoid(Value(0.3)) + sigmoid(Value(-0.3)) - 1   # exactly 0, but irrational parts
    assert relu(zero).exact == 0 and step(zero).exact == 0
    assert zero.exact == 0 and zero.decimal() == "0" and float(zero) == 0.0


def test_identical_computations_are_one_node_so_their_difference_is_exactly_0():
    a, b = tanh(Value(0.3)) * Value(2), tanh(Value(0.3)) * Value(2)
    assert a is b and (a - b).exact == 0 and (a / b).exact == 1


def test_an_exact_zero_factor_gives_an_exact_zero():
    s = sigmoid(Value(0.3))
    assert (s * Value(0)).exact == 0 and (Value(0) / s).exact == 0
    assert dot([s, Value(0.5)], [Value(0), Value(2)], Value(-1)).exact == 0
    assert (s * (Value(1) - Value(1))).exact == 0


def test_abs_of_a_value_near_zero_needs_no_sign():
    zero_ish = sigmoid(Value(0.3)) + sigmoid(Value(-0.3)) - 1
    assert (Value("1e-6") - abs(zero_ish)).sign() == 1   # |x| <= 1e-6 without deciding x = 0


def test_a_float_conversion_asks_no_sign():
    parts = [sigmoid(Value(k)) + sigmoid(Value(-k)) - 1 for k in range(1, 40)]
    total = parts[0]
    for p in parts[1:]:
        total = total + p      # 0, but too long a closed form for SymPy's zero test
    assert float(total) == 0.0 and arrays.data(total) == 0.0


def test_an_undecidable_kink_is_reported_not_guessed():
    parts = [sigmoid(Value(k)) + sigmoid(Value(-k)) - 1 for k in range(1, 40)]
    total = parts[0]
    for p in parts[1:]:
        total = total + p
    with pytest.raises(PrecisionError, match="cannot tell whether the input of relu"):
        relu(total)


def test_values_past_a_float_stay_correct_and_print_in_scientific_notation():
    big = exp(Value(100000))
    assert big.decimal(5) == "2.8067e+43429"
    assert arrays.data(big) == big.decimal()
    assert log(big).exact is None and log(big).decimal(12) == "100000"


def test_a_precision_that_cannot_be_met_says_so():
    with pytest.raises(NumberError, match="digits must be a whole number from 1 to 1000"):
        Value(1).decimal(100000)


def test_the_forward_pass_computes_each_value_once():
    # One multiply and one add per weight, one sigmoid per unit: linear in the network.
    spec = parse_spec({"input": [0.5] * 16, "layer": [
        {"W": [[0.01 * (i - j)] * 64 for i in range(16) for j in [0]], "b": [0.1] * 64,
         "activation": "sigmoid"},
        {"W": [[0.02] * 16] * 64, "b": [0.0] * 16, "activation": "sigmoid"}]})
    params = 16 * 64 + 64 + 64 * 16 + 16
    with values.budget(3 * params, "the forward pass"):
        spec.network.forward(spec.input)


def test_the_work_limit_stops_a_computation_in_any_thread():
    import threading

    errors = []

    def work():
        try:
            with values.budget(1000, "the sum"):
                sum(Value(k) for k in range(10**6))
        except WorkLimitError as e:
            errors.append(str(e))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=10)
    assert errors == ["the sum needs over 1,000 operations; symnn works exactly on "
                      "hand-sized examples"]


def test_division_by_zero_and_log_of_zero_are_errors():
    with pytest.raises(NumberError, match="division by zero"):
        Value(1) / (Value(0.5) - Value(0.5))
    with pytest.raises(NumberError, match="log\\(0\\) is undefined"):
        log(Value(0))


def test_ties_at_half_a_unit_accept_both_neighbours():
    quarter = Fraction(1, 4)
    assert rounding.agrees(quarter, "0.2") and rounding.agrees(quarter, "0.3")
    assert rounding.agrees(Fraction(45, 100), "0.4") and rounding.agrees(Fraction(45, 100), "0.5")
    assert rounding.agrees(Fraction(2675, 1000), "2.67") and rounding.agrees(Fraction(2675, 1000),
                                                                         "2.68")
    assert not rounding.agrees(quarter, "0.4")


def test_every_digit_a_claim_writes_is_checked():
    third = "0." + "3" * 39 + "4"   # 1/3 to 40 decimals, the last digit off by one
    assert not rounding.agrees(Fraction(1, 3), third)
    assert rounding.agrees(Fraction(1, 3), "0." + "3" * 40)
    s = sigmoid(Value(1))
    right = s.decimal(36)
    wrong = right[:-1] + str((int(right[-1]) + 2) % 10)
    assert rounding.agrees(s, right) and not rounding.agrees(s, wrong)


def _two_way_gradients(spec_data):
    spec = parse_spec(spec_data)
    network = spec.network
    forward = network.forward(spec.input)
    layers_backward = backward(network, forward, spec.target, spec.loss).gradients
    # Reverse mode over the values themselves, from fresh variable leaves.
    leaves = {}
    for k, layer in enumerate(network.layers, start=1):
        W, b = layer.arrays
        leaves[f"W{k}"] = np.vectorize(lambda v: Value(v.exact, variable=True),
                                       otypes=[object])(W)
        leaves[f"b{k}"] = np.vectorize(lambda v: Value(v.exact, variable=True),
                                       otypes=[object])(b)
    Z = arrays.array(spec.input)
    for k, layer in enumerate(network.layers, start=1):
        from symnn.activations import activation

        Z = activation(layer.activation)(Z @ leaves[f"W{k}"] + leaves[f"b{k}"])
    if network.output == "softmax":
        from symnn.activations import softmax

        Z = softmax(Z)
    from symnn.losses import loss

    L = loss(spec.loss)(Z, arrays.array(spec.target))
    names = list(leaves)
    flat = [v for n in names for v in leaves[n].ravel()]
    autodiff = dict(zip(flat, values.gradient(L, flat)))
    return layers_backward, {n: np.vectorize(lambda v: autodiff[v], otypes=[object])(leaves[n])
                             for n in names}


@pytest.mark.parametrize("target,loss", [([[0.5, 0.25]], "cross_entropy"),
                                         ([[0, 1]], "cross_entropy"),
                                         ([[0.2, 0.7]], "mse")])
def test_the_layer_rules_equal_reverse_mode_over_the_values(target, loss):
    data = {**LECTURE, "target": target, "loss": loss, "output": "softmax"}
    rules, autodiff = _two_way_gradients(data)
    for name in rules:
        for a, b in zip(rules[name].ravel(), autodiff[name].ravel()):
            assert (a - b).decimal(30) == "0" or abs(float(a - b)) < 1e-35


def test_softmax_with_targets_that_do_not_sum_to_one_takes_the_general_rule():
    # t = [0.5, 0.25]: dL/db3 = y (sum t) - t, not y - t (PyTorch gives [-0.125, 0.125] at
    # logits [0, 0]).
    spec = parse_spec({"input": [1], "target": [0.5, 0.25], "loss": "cross_entropy",
                       "output": "softmax",
                       "layer": [{"W": [[0, 0]], "b": [0, 0], "activation": "identity"}]})
    forward = spec.network.forward(spec.input)
    back = backward(spec.network, forward, spec.target, spec.loss)
    assert not back.shortcut
    assert [v.exact for v in back.gradients["b1"].ravel()] == [Fraction(-1, 8), Fraction(1, 8)]


def test_a_softmax_over_one_output_has_gradient_zero():
    spec = parse_spec({"input": [1], "target": [1], "loss": "cross_entropy", "output": "softmax",
                       "layer": [{"W": [[0.7]], "b": [0.2], "activation": "identity"}]})
    back = backward(spec.network, spec.network.forward(spec.input), spec.target, spec.loss)
    assert back.gradients["W1"][0, 0].exact == 0 and back.gradients["b1"][0, 0].exact == 0


def test_exact_forms_are_built_only_when_asked_and_bounded():
    z = sigmoid(Value(0.3))
    for _ in range(40):
        z = sigmoid(z * z + z)
    assert z.form(limit=12) is None
    with pytest.raises(SymnnError, match="the exact form has about"):
        z.form()
