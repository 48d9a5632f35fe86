"""Softmax y_k = exp(a_k) / sum_i exp(a_i), why subtracting the maximum changes nothing, and the
lecture's softmax(A3), run as its code and corrected."""

from __future__ import annotations

import sympy
from sympy import Matrix, Symbol, exp, log

from symnn import SymnnError, softmax, softmax_forms_agree
from symnn.derivation import Derivation, Erratum, Frame, Note, Step, Text
from symnn.derive import fraction, number

from . import listings
from .digits import approx, decimal
from .forward_pass import PRINTED, network


def softmax_derivation() -> Derivation:
    """Return y_k = exp(a_k)/sum exp(a_i), the shift by C = exp(-max a), and softmax(A3)."""
    k, i, n = Symbol("k", integer=True), Symbol("i", integer=True), Symbol("n", integer=True)
    a, y = sympy.IndexedBase("a"), sympy.IndexedBase("y")
    C, m = Symbol("C", positive=True), Symbol("m", real=True)
    u = sympy.UnevaluatedExpr
    total = sympy.Sum(exp(a[i]), (i, 1, n))
    scaled = fraction(sympy.Mul(C, exp(a[k]), evaluate=False),
                      sympy.Mul(C, u(total), evaluate=False))
    into = fraction(exp(sympy.Add(a[k], log(C), evaluate=False), evaluate=False),
                    sympy.Sum(exp(sympy.Add(a[i], log(C), evaluate=False), evaluate=False),
                              (i, 1, n)))
    shifted = fraction(exp(sympy.Add(a[k], -m, evaluate=False)),
                       sympy.Sum(exp(sympy.Add(a[i], -m, evaluate=False)), (i, 1, n)))
    if not softmax_forms_agree(Matrix([sympy.symbols("a1:4", real=True)])):
        raise SymnnError("subtracting max a changes softmax")
    A3 = network().forward([1.0, 0.5]).layers[2].a
    Y = softmax(A3)
    shown = [number(decimal(v)) for v in A3.ravel()]
    top = max(shown)
    a1, a2 = Symbol("a1"), Symbol("a2")

    def e(v: sympy.Expr) -> sympy.Expr:
        return exp(v, evaluate=False)

    gap = number(decimal(A3[0, 0] - A3[0, 1]))
    y1 = Symbol("y_1")
    code = listings.listing(listings.SOFTMAX, listings.FORWARD)
    printed = "\\ \\ ".join(PRINTED["A3"])
    return Derivation("softmax", Text("Softmax and the overflow trick",
                                      "소프트맥스와 오버플로 방지"), (
        Frame(Text("subtracting the maximum", "최댓값 빼기"), (
            Text("Softmax turns the outputs into probabilities; $\\exp$ overflows fast, so the "
                 "lecture subtracts the largest $a_i$ first:",
                 "소프트맥스는 출력을 확률로 바꾼다. 지수함수는 쉽게 오버플로가 나므로 강의는 "
                 "가장 큰 $a_i$를 먼저 뺀다:"),
            Step(y[k], fraction(exp(a[k]), total), Text("softmax, $k = 1, \\dots, n$",
                                                         "소프트맥스, $k = 1, \\dots, n$")),
            Step(y[k], scaled, Text("times $C / C = 1$ for any $C > 0$",
                                    "$C / C = 1$을 곱함 ($C > 0$)")),
            Step(y[k], into, Text("$C e^{a} = e^{\\log C} e^{a} = e^{a + \\log C}$",
                                  "$C e^{a} = e^{\\log C} e^{a} = e^{a + \\log C}$")),
            Step(y[k], shifted, Text("choose $\\log C = -m$ with $m = \\max_i a_i$",
                                     "$\\log C = -m$, $m = \\max_i a_i$로 둠")),
            Text("The largest exponent is now $0$: nothing overflows, and every $y_k$ is "
                 "unchanged.",
                 "가장 큰 지수가 $0$이 되어 오버플로가 없고, 모든 $y_k$는 그대로이다."),
            Note(Text("That the shifted form equals softmax for every a was checked with SymPy.",
                      "이동한 식이 모든 a에서 소프트맥스와 같음은 SymPy로 확인했다.")),
        )),
        Frame(Text("the lecture's output layer", "강의의 출력층"), (
            Text(f"$A^{{(3)}} \\approx [{shown[0]}\\ {shown[1]}]$, so $m \\approx {top}$:",
                 f"$A^{{(3)}} \\approx [{shown[0]}\\ {shown[1]}]$이므로 $m \\approx {top}$:"),
            Step(y1, (fraction(e(a1), sympy.Add(e(a1), e(a2), evaluate=False)),
                      fraction(e(sympy.Add(a1, -m, evaluate=False)),
                               sympy.Add(e(sympy.Add(a1, -m, evaluate=False)),
                                         e(sympy.Add(a2, -m, evaluate=False)),
                                         evaluate=False))),
                 Text("$k = 1$; subtract $m$", "$k = 1$, $m$을 뺌")),
            approx(y1, Y[0, 0], Text(f"$a_1 - m \\approx {gap}$, $a_2 - m = 0$",
                                     f"$a_1 - m \\approx {gap}$, $a_2 - m = 0$")),
            approx(Symbol("y_2"), Y[0, 1], Text("$y_2 = 1 - y_1$: the probabilities add to 1",
                                                "$y_2 = 1 - y_1$: 확률의 합은 1")),
            Erratum(r"\operatorname{softmax}(A^{(3)})", f"[{printed}]",
                    "[" + "\\ \\ ".join(decimal(v) for v in Y.ravel()) + "]",
                    Text("The printed numbers are $A^{(3)}$ itself, not its softmax; the code "
                         "beside, run, prints the right ones.",
                         "출력된 값은 소프트맥스가 아니라 $A^{(3)}$ 그 자체이다. 코드를 실행하면 "
                         "옆의 출력이 나온다.")),
        ), side=(code,)),
    ))


__all__ = ["softmax_derivation"]
