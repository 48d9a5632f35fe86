"""The lecture's matrix product and three-layer forward pass, exactly."""

from fractions import Fraction

import pytest
from sympy import Matrix, Rational, exp

from symnn import (
    Layer,
    Network,
    PrecisionError,
    SpecError,
    agrees,
    exact_matrix,
    parse_spec,
    sigmoid,
)

W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
B1 = [0.1, 0.2, 0.3]
W2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]
B2 = [0.1, 0.2]
W3 = [[0.1, 0.3], [0.2, 0.4]]
B3 = [0.1, 0.2]


def lecture_network(output="identity"):
    return Network([Layer(W1, B1, "sigmoid"), Layer(W2, B2, "sigmoid"),
                    Layer(W3, B3, "identity")], output)


def test_one_by_two_times_two_by_three_is_9_12_15():
    net = Network([Layer([[1, 2, 3], [4, 5, 6]], [0, 0, 0], "identity")])
    assert net.forward([1, 2]).output == Matrix([[9, 12, 15]])


def test_layer_one_sums_are_exactly_three_seven_eleven_tenths():
    values = lecture_network().forward([1.0, 0.5]).layers
    assert values[0].A == Matrix([[Rational(3, 10), Rational(7, 10), Rational(11, 10)]])
    assert values[0].Z == Matrix([[1 / (1 + exp(-Rational(3, 10))),
                                   1 / (1 + exp(-Rational(7, 10))),
                                   1 / (1 + exp(-Rational(11, 10)))]])


@pytest.mark.parametrize("layer,name,printed", [
    (0, "Z", ["0.57444252", "0.66818777", "0.75026011"]),
    (1, "A", ["0.51615984", "1.21402696"]),
    (1, "Z", ["0.62624937", "0.7710107"]),
    (2, "A", ["0.31682708", "0.69627909"]),
])
def test_every_printed_digit_of_the_lecture_agrees(layer, name, printed):
    values = lecture_network().forward([1.0, 0.5]).layers[layer]
    got = getattr(values, name)
    assert [agrees(v, p) for v, p in zip(got, printed)] == [True] * len(printed)


def test_layer_two_is_sigmoid_of_z1_w2_plus_b2_exactly():
    values = lecture_network().forward([1.0, 0.5]).layers
    assert values[1].A == values[0].Z * exact_matrix(W2) + exact_matrix(B2)
    # the form is built unevaluated (exp(-(...)) kept as written); doit() evaluates it
    assert values[1].Z.doit() == sigmoid(values[1].A).doit()


def test_the_lectures_softmax_print_is_a3_not_softmax_of_a3():
    out = lecture_network("softmax").forward([1.0, 0.5]).output
    assert agrees(out[0], "0.40625907") and agrees(out[1], "0.59374093")
    assert not agrees(out[0], "0.31682708")


def test_a_batch_of_rows_gives_one_row_each():
    result = lecture_network().forward([[1.0, 0.5], [0, 0]])
    assert result.layers[0].A.shape == (2, 3)
    assert result.layers[0].A.row(1) == exact_matrix(B1)


def test_shapes_that_do_not_fit_are_named():
    with pytest.raises(SpecError, match="layer 2: W has 2 rows but layer 1 has 3 outputs"):
        Network([Layer(W1, B1), Layer(W3, B3)])
    with pytest.raises(SpecError, match="b: has 2 entries but W has 3 columns"):
        Layer(W1, [0, 0])
    with pytest.raises(SpecError, match="input: has 3 columns but layer 1 takes 2 inputs"):
        lecture_network().forward([1, 2, 3])


def test_an_undecidable_kink_names_its_layer_and_entry():
    # sigmoid(k) + sigmoid(-k) = 1: A2 = sum over k = 1..39 of both, minus 39, is exactly 0,
    # and its closed form is too long for SymPy's zero test: symnn says where, not a guess.
    ks = [k for n in range(1, 40) for k in (n, -n)]
    spec = parse_spec({"input": [1], "layer": [
        {"W": [ks], "b": [0] * len(ks), "activation": "sigmoid"},
        {"W": [[1]] * len(ks), "b": [-39], "activation": "relu"}]})
    with pytest.raises(PrecisionError, match=r"layer 2: A\[0, 0\]: cannot tell whether the "
                                             r"input of relu"):
        spec.network.forward(spec.input)


def test_a_zero_weight_after_an_irrational_layer_gives_exact_zeros():
    spec = parse_spec({"input": [1, 0.5], "layer": [
        {"W": [[0.1], [0.2]], "b": [0.1], "activation": "sigmoid"},
        {"W": [[0]], "b": [0], "activation": "sigmoid"}]})
    second = spec.network.forward(spec.input).layers[1]
    assert second.a[0, 0].exact == 0 and second.z[0, 0].exact == Fraction(1, 2)
