"""Numerical differentiation against backpropagation on the lecture's network: the same
numbers, at very different cost."""

from __future__ import annotations

import sympy
from sympy import Derivative, Symbol

from symnn import backprop, parse_spec
from symnn.derivation import Derivation, Frame, Step, Table, Text
from symnn.derive import decimal_step, fraction

from .forward_pass import B1, B2, B3, W1, W2, W3

H = "10^{-4}"


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
    rows = tuple((_name(r.name), f"{r.analytic:.8f}", f"{r.numeric:.8f}",
                  f"{r.abs_error:.1e}".replace("e-", "\\cdot 10^{-") + "}")
                 for r in check.rows[:6])
    rows = tuple((a, f"${b}$", f"${c}$", f"${d}$") for a, b, c, d in rows)
    L, h = Symbol("L"), Symbol("h")
    w = Symbol("W1_1_1")
    Lf = sympy.Function("L")
    central = fraction(sympy.Add(Lf(sympy.Add(w, h, evaluate=False)),
                                 -Lf(sympy.Add(w, -h, evaluate=False)), evaluate=False), 2 * h)
    value = bp.values()["W1"][0, 0]
    return Derivation("numerical_vs_backprop",
                      Text("Numerical differentiation and backpropagation",
                           "수치미분과 오차역전파"), (
        Frame(None, (
            Text("The lecture's network with softmax, cross-entropy and target $t = [0\\ 1]$. "
                 "The derivative by one weight, two ways:",
                 "강의의 신경망에 소프트맥스, 교차 엔트로피, 정답 $t = [0\\ 1]$. 가중치 하나에 "
                 "대한 미분을 두 가지로:"),
            Step(Derivative(L, w), central, Text(f"central difference, $h = {H}$",
                                                 f"중앙차분, $h = {H}$"), "≈"),
            Step(Derivative(L, w), bp.gradients["W1"][0, 0],
                 Text("backpropagation: input times the neuron's error $\\delta$",
                      "오차역전파: 입력 × 뉴런의 오차 $\\delta$")),
            decimal_step(Derivative(L, w), value, 10, Text("one backward pass",
                                                           "역전파 한 번")),
        )),
        Frame(Text("every parameter", "모든 매개변수"), (
            Table((Text("parameter", "매개변수"), Text("backprop", "역전파"),
                   Text("numerical", "수치미분"), "$|\\Delta|$"), rows,
                  Text(f"first 6 of {n}; all {n} agree" if check.ok else "disagreement",
                       f"{n}개 중 처음 6개, {n}개 모두 일치" if check.ok else "불일치")),
            Text(f"Numerical differentiation runs the forward pass twice per parameter: "
                 f"{2 * n} passes for {n} parameters. Backpropagation needs one forward and "
                 "one backward pass, however many parameters there are.",
                 f"수치미분은 매개변수마다 순전파를 두 번 한다: 매개변수 {n}개에 {2 * n}번. "
                 "오차역전파는 매개변수 수와 상관없이 순전파 한 번, 역전파 한 번이면 된다."),
        )),
    ))


def _name(label: str) -> str:
    """W1[0,1] as the lecture writes it: w^(1)_21 (row 0, column 1: into neuron 2)."""
    base, _, index = label.partition("[")
    parts = [int(p) + 1 for p in index.rstrip("]").split(",")]
    layer = base[1:]
    if base.startswith("W"):
        return f"$w^{{({layer})}}_{{{parts[1]}{parts[0]}}}$"
    return f"$b^{{({layer})}}_{{{parts[-1]}}}$"
