"""Numerical differentiation against backpropagation on the lecture's network: same numbers,
very different cost."""

from __future__ import annotations

from sympy import Derivative, Symbol

from derivations.forward_pass import B1, B2, B3, W1, W2, W3
from symnn import backprop, parse_spec
from symnn.derivation import Derivation, Step, Table, Text
from symnn.derive import decimal_step


def numerical_vs_backprop() -> Derivation:
    """Return the gradient check of every weight of the 2-3-2-2 network (softmax, CE)."""
    spec = parse_spec({"input": [1.0, 0.5], "target": [0, 1], "loss": "cross_entropy",
                       "output": "softmax", "layer": [
                           {"W": W1, "b": B1, "activation": "sigmoid"},
                           {"W": W2, "b": B2, "activation": "sigmoid"},
                           {"W": W3, "b": B3, "activation": "identity"}]})
    bp = backprop(spec)
    check = bp.check()
    n = len(check.rows)
    rows = tuple((r.name, f"{r.analytic:.10f}", f"{r.numeric:.10f}", f"{r.abs_error:.1e}")
                 for r in check.rows[:6])
    L = Symbol("L")
    h = Symbol("h")
    w = Symbol("W1_1_1")
    return Derivation("numerical_vs_backprop",
                      Text("Numerical differentiation and backpropagation",
                           "수치미분과 오차역전파"), (
        Step(Derivative(L, w), (Symbol("L(w+h)") - Symbol("L(w-h)")) / (2 * h), "definition"),
        Step(Derivative(L, w), bp.gradients["W1"][0, 0], "chain_rule"),
        decimal_step(Derivative(L, w), bp.values()["W1"][0, 0], 10),
        Table(("parameter", "backprop", "numerical", "|difference|"), rows,
              Text(f"first 6 of {n} parameters; all {n} agree" if check.ok else "disagreement",
                   f"{n}개 중 처음 6개. {n}개 모두 일치" if check.ok else "불일치")),
        Text(f"Numerical differentiation runs the forward pass twice per parameter: {2 * n} "
             f"passes for {n} parameters. Backpropagation needs one forward and one backward "
             "pass, however many parameters there are.",
             f"수치미분은 매개변수마다 순전파를 두 번 한다: 매개변수 {n}개에 {2 * n}번. "
             "오차역전파는 매개변수 수와 상관없이 순전파 한 번, 역전파 한 번이면 된다."),
    ))
