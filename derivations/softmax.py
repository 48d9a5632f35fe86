"""Softmax, why subtracting the row's maximum changes nothing, and the lecture's softmax(A3)."""

from __future__ import annotations

import sympy
from sympy import Matrix, Symbol, exp, log

from symnn import SymnnError, arrays, softmax, softmax_forms_agree
from symnn.derivation import Derivation, Erratum, Frame, Step, Text
from symnn.derive import decimal_step, fraction, number, rounded

from .forward_pass import DIGITS, network


def softmax_derivation() -> Derivation:
    """Return y_k = exp(a_k)/sum exp(a_i), the shift by C = exp(-max a), and softmax(A3)."""
    n = 3
    a = [Symbol(f"a{i}", real=True) for i in range(1, n + 1)]
    C, m = Symbol("C", positive=True), Symbol("m", real=True)
    k = 0
    yk = Symbol("y_1")
    u = sympy.UnevaluatedExpr
    total = sympy.Add(*[exp(v) for v in a], evaluate=False)
    scaled = fraction(sympy.Mul(C, exp(a[k]), evaluate=False),
                      sympy.Mul(C, u(total), evaluate=False))
    into = fraction(exp(sympy.Add(a[k], log(C), evaluate=False)),
                    sympy.Add(*[exp(sympy.Add(v, log(C), evaluate=False)) for v in a],
                              evaluate=False))
    shifted = fraction(exp(sympy.Add(a[k], -m, evaluate=False)),
                       sympy.Add(*[exp(sympy.Add(v, -m, evaluate=False)) for v in a],
                                 evaluate=False))
    if not softmax_forms_agree(Matrix([a])):
        raise SymnnError("SymPy could not show that subtracting max a changes nothing")
    forward = network().forward([1.0, 0.5])
    A3 = forward.layers[2].a
    y = softmax(A3)
    shown = [number(rounded(v, DIGITS)) for v in A3.ravel()]
    top = max(shown)
    def e(v: sympy.Expr) -> sympy.Expr:
        return exp(v, evaluate=False)

    a1, a2 = Symbol("a1"), Symbol("a2")
    rows = []
    for k, mine in enumerate((a1, a2)):
        yk_ = Symbol(f"y_{k + 1}")
        mine_v = shown[k]
        top_form = fraction(e(mine), sympy.Add(e(a1), e(a2), evaluate=False))
        numbers = fraction(e(number(rounded(mine_v - top, DIGITS))),
                           sympy.Add(*[e(number(rounded(w - top, DIGITS))) for w in shown],
                                     evaluate=False))
        rows.append(Step(yk_, (top_form, ("≈", numbers)), Text(f"subtract $m = {top}$",
                                                               f"$m = {top}$을 뺌")))
        rows.append(decimal_step(yk_, y[0, k], DIGITS, Text("compute", "계산")))
    Y = [v.decimal(DIGITS) for v in y.ravel()]
    total_y = y[0, 0] + y[0, 1]
    return Derivation("softmax", Text("Softmax and the overflow trick",
                                      "소프트맥스와 오버플로 방지"), (
        Frame(Text("subtracting the maximum", "최댓값 빼기"), (
            Text("$\\exp$ overflows fast, so the lecture subtracts the maximum first:",
                 "지수함수는 쉽게 오버플로가 나므로 강의는 먼저 최댓값을 뺀다:"),
            Step(yk, fraction(exp(a[k]), total), Text("softmax, $k = 1$ of $n = 3$",
                                             "소프트맥스, $n = 3$ 중 $k = 1$")),
            Step(yk, scaled, Text("times $C / C$ for any $C > 0$", "$C > 0$을 분자·분모에 곱함")),
            Step(yk, into, Text("$C e^{a} = e^{a + \\log C}$", "$C e^{a} = e^{a + \\log C}$")),
            Step(yk, shifted, Text("choose $\\log C = -m$ with $m = \\max_i a_i$",
                                   "$\\log C = -m$, $m = \\max_i a_i$로 둠"),
                 note=Text("The largest exponent is now $0$: nothing overflows, and $y_k$ is "
                           "unchanged (SymPy checks it for every $a$).",
                           "가장 큰 지수가 $0$이 되어 오버플로가 없고, $y_k$는 그대로이다 "
                           "(SymPy가 모든 $a$에 대해 확인함).")),
        )),
        Frame(Text("the lecture's output layer", "강의의 출력층"), (
            Text(f"With $A^{{(3)}} \\approx [{shown[0]}\\ {shown[1]}]$ and "
                 f"$m = {top}$:",
                 f"$A^{{(3)}} \\approx [{shown[0]}\\ {shown[1]}]$, $m = {top}$이면:"),
            *rows,
            decimal_step(Symbol("y_1") + Symbol("y_2"), total_y, DIGITS,
                         Text("probabilities sum to 1", "확률의 합은 1")),
            Erratum(r"\operatorname{softmax}(A^{(3)})",
                    r"[0.31682708\ \ 0.69627909]", f"[{Y[0]}\\ \\ {Y[1]}]",
                    Text("The printed numbers are $A^{(3)}$ itself: the softmax was never "
                         "applied to them.",
                         "출력된 값은 $A^{(3)}$ 그 자체로, 소프트맥스를 적용하지 않은 값이다.")),
        )),
    ))


__all__ = ["arrays", "softmax_derivation"]
