"""The lecture's computational graphs, every number exactly, both sweeps of the chain rule."""

import json

import pytest
import sympy
from sympy import Rational, Symbol

from symnn import (
    Graph,
    GraphError,
    Node,
    ParseError,
    apples,
    apples_and_oranges,
    chain_rule,
    sum_times_successor,
)

x, y = sympy.symbols("x y")


def test_apples_total_220_and_its_derivatives():
    g = apples()
    assert g.output.value == 220
    assert g.values()["subtotal"] == 200
    sweep = g.backward()
    # "If an apple costs 1 won more, the bill grows by 2.2 won."
    assert sweep.gradient["price"] == Rational(22, 10)
    assert sweep.gradient["count"] == 110
    assert sweep.gradient["tax"] == 200


def test_apples_and_oranges_total_715_and_every_input():
    g = apples_and_oranges()
    assert g.output.value == 715
    assert g.values()["subtotal"] == 650
    gradient = g.backward().gradient
    expected = {"apple_price": Rational(11, 5), "apple_count": 110,
                "orange_price": Rational(33, 10), "orange_count": 165, "tax": 650}
    assert {name: gradient[name] for name in expected} == expected


def test_add_node_passes_on_and_multiply_node_swaps_inputs():
    sweep = apples_and_oranges().backward()
    add = [e for e in sweep.edges if e.node == "subtotal"]
    assert {e.parent for e in add} == {"apples", "oranges"}
    assert all(e.local == 1 and e.product_value is e.upstream_value for e in add)
    mul = [e for e in sweep.edges if e.node == "apples"]
    # d(price × count)/d price = count, and the other way round.
    assert {e.parent: e.local_value.exact for e in mul} == {"apple_price": 2,
                                                             "apple_count": 100}
    assert "passes the upstream derivative on unchanged" in add[0].rule
    assert "multiplies it by the other input" in mul[0].rule


def test_chain_rule_z_equals_t_squared_gives_2_x_plus_y():
    g = chain_rule()
    sweep = g.backward()
    # dz/dt = 2t, dt/dx = 1, so dz/dx = 2t · 1 = 2(x + y).
    assert sweep.symbolic["t"] == 2 * Symbol("t")
    assert sweep.symbolic["x"] == 2 * Symbol("t")
    assert g.in_inputs(sweep.symbolic["x"]) == 2 * (x + y)
    assert sweep.gradient["x"] == 2 * (x + y)
    assert chain_rule(1, 2).backward().gradient["x"] == 6


def test_e_equals_a_plus_b_times_b_plus_1_at_the_lectures_a1_b2():
    g = sum_times_successor(1, 2)
    assert g.values() == {"a": 1, "b": 2, "c": 3, "d": 3, "e": 9}
    reverse, forward = g.backward(), g.forward_mode()
    assert (reverse.gradient["a"], reverse.gradient["b"]) == (3, 6)
    assert (forward.gradient["a"], forward.gradient["b"]) == (3, 6)


def test_the_lectures_printed_c3_d2_e6_belong_to_a2_b1():
    # The lecture prints c = 3, d = 2, e = 6, de/da = 2, de/db = 5 for a = 1, b = 2; those
    # numbers are the graph's at a = 2, b = 1 (d = b + 1 = 2 needs b = 1).
    g = sum_times_successor(2, 1)
    assert g.values() == {"a": 2, "b": 1, "c": 3, "d": 2, "e": 6}
    sweep = g.backward()
    assert (sweep.gradient["a"], sweep.gradient["b"]) == (2, 5)


def test_reverse_mode_is_one_pass_forward_mode_one_per_input():
    g = apples_and_oranges()
    reverse, forward = g.backward(), g.forward_mode()
    assert reverse.passes == 1 and forward.passes == 5
    assert {k: reverse.gradient[k] for k in forward.gradient} == forward.gradient


def test_many_inputs_cost_forward_mode_many_passes():
    inputs = [Node.input(f"x{i}", i + 1) for i in range(30)]
    total = inputs[0]
    for node in inputs[1:]:
        total = total * node
    g = Graph(total)
    reverse, forward = g.backward(), g.forward_mode()
    assert reverse.passes == 1 and forward.passes == 30
    assert reverse.multiplications < forward.multiplications
    assert {k: reverse.gradient[k] for k in forward.gradient} == forward.gradient


@pytest.mark.parametrize("text,values,expected", [
    ("(a + b) * (b + 1)", {"a": 1, "b": 2}, {"a": 3, "b": 6}),
    ("x / y - exp(x)", {"x": 0, "y": 2}, {"x": Rational(1, 2) - 1, "y": 0}),
    ("sigmoid(w * x + b)", {"w": 0, "x": 1, "b": 0},
     {"w": Rational(1, 4), "x": 0, "b": Rational(1, 4)}),
    ("relu(x) + relu(-y)", {"x": 0, "y": 1}, {"x": 0, "y": 0}),
    ("log(x) * sqrt(x)", {"x": 1}, {"x": 1}),
    ("x ** y", {"x": 2, "y": 3}, {"x": 12, "y": 8 * sympy.log(2)}),
    ("-x * tanh(0 * x)", {"x": 5}, {"x": 0}),
])
def test_graphs_from_text_agree_with_sympy_diff(text, values, expected):
    g = Graph.from_text(text, values)
    reverse, forward = g.backward(), g.forward_mode()
    for name, value in expected.items():
        assert sympy.simplify(reverse.gradient[name] - value) == 0
        assert sympy.simplify(forward.gradient[name] - value) == 0


def test_graph_from_a_sympy_expression():
    g = Graph.from_expr((x + y) ** 2 * sympy.exp(-x), {"x": 0, "y": 1})
    assert g.output.value == 1
    assert g.backward().gradient["x"] == 1  # 2(x + y)e^-x - (x + y)^2 e^-x at (0, 1)


def test_bad_graph_inputs():
    with pytest.raises(GraphError, match="softmax\\(\\) cannot be a graph node"):
        Graph.from_text("softmax(x)")
    with pytest.raises(ParseError, match="column 2"):
        Graph.from_text("x.y")
    with pytest.raises(GraphError, match="does not use"):
        Graph.from_text("x + 1", {"z": 1})
    with pytest.raises(GraphError, match="two different inputs"):
        Graph(Node.input("x", 1) + Node.input("x", 2))


def test_graph_cli_values_backprop_and_pictures():
    from tests.conftest import run_symnn

    out = run_symnn("graph", "(a + b) * (b + 1)", "--at", "a=1", "b=2")
    assert out.returncode == 0, out.stderr
    assert "a = 1    df/da = 3" in out.stdout and "b = 2    df/db = 6" in out.stdout
    # reverse: 5 edges, one product each; forward: one pass per input, a product wherever a
    # nonzero tangent crosses an edge (a: 3 edges; b: 3); every one of them is by 0 or 1 here
    assert "reverse mode: 1 pass, 5 chain-rule products" in out.stdout
    assert "forward mode: 2 passes, 6 chain-rule products" in out.stdout
    assert "0 of them by a number other than 0 or 1" in out.stdout
    data = json.loads(run_symnn("graph", "price * count * tax", "--at", "price=100", "count=2",
                                "tax=1.1", "--json", "--exact").stdout)
    assert data["gradient"]["price"] == "11/5" and data["values"]["f"] == "220"
    tikz = run_symnn("graph", "(x + y)**2", "--format", "tikz").stdout
    assert tikz.startswith(r"\begin{tikzpicture}") and r"(\cdot)^{2}" in tikz
    assert run_symnn("graph", "x * y", "--at", "x=1", "y=2", "--format", "svg").stdout \
        .startswith("<svg")
    bad = run_symnn("graph", "x.y")
    assert bad.returncode == 2 and "attribute access is not allowed" in bad.stderr


def test_a_graph_keeps_what_the_user_wrote():
    from tests.conftest import run_symnn

    out = run_symnn("graph", "x*x", "--at", "x=3").stdout
    assert "f = x*x = 9" in out and "df/dx = 6" in out
    assert "reverse mode: 1 pass, 2 chain-rule products" in out  # two edges from x
    out = run_symnn("graph", "count*price*1.1", "--at", "price=100", "count=2").stdout
    assert "v1 = count*price = 200" in out and "f = v1*1.1 = 220" in out
    node = Node.input("x", 3)
    square = node * node
    assert square.parents == (node, node) and Graph(square).backward().gradient["x"] == 6


def test_sympy_expressions_and_symbol_keys_are_taken_everywhere():
    from symnn import check_expression, expression, grad

    assert grad(x**2 * y, {x: 3, "y": 0.5}).exact["y"].exact == 9
    assert Graph.from_text("x*y", {x: 2, y: 3}).backward().gradient["x"] == 3
    assert check_expression(x * y, {x: 2, y: 3}).ok
    assert expression("x*y", {x: 2}) == 2 * y
    with pytest.raises(ParseError, match="no value given for 'y'$"):
        grad(x * y, {x: 1})
