"""MSE and cross-entropy on the same example, their gradients in board form, the curve -log y,
and why softmax followed by cross-entropy has the gradient y - t."""

from __future__ import annotations

import sympy
from sympy import Derivative, Matrix, Rational, Symbol, log

from symnn import SymnnError, cross_entropy, loss_gradient, mse, softmax_cross_entropy_gradient
from symnn.derivation import Derivation, Figure, Frame, Step, Text
from symnn.derive import decimal_step, fraction

Y = [Rational(1, 10), Rational(6, 10), Rational(3, 10)]
T = [0, 1, 0]


def _given() -> Text:
    return Text("Output $y = [0.1\\ 0.6\\ 0.3]$ (a softmax), target $t = [0\\ 1\\ 0]$ "
                "(class 2 is right):",
                "출력 $y = [0.1\\ 0.6\\ 0.3]$ (소프트맥스), 정답 $t = [0\\ 1\\ 0]$ "
                "(2번 클래스가 정답):")


def losses() -> Derivation:
    """Return MSE and cross-entropy on y = [0.1, 0.6, 0.3], t = [0, 1, 0] with gradients,
    and d/da_j of cross-entropy after softmax reduced to y_j - t_j."""
    n, k = Symbol("n", positive=True, integer=True), Symbol("k", integer=True)
    yk, tk = sympy.IndexedBase("y")[k], sympy.IndexedBase("t")[k]
    E = Symbol("E")
    u = sympy.UnevaluatedExpr
    terms = sympy.Add(*[sympy.Pow(sympy.Add(u(yv), -u(tv), evaluate=False), 2, evaluate=False)
                        for yv, tv in zip(Y, T)], evaluate=False)
    E_mse = mse(Matrix([Y]), Matrix([T]))
    y2, t2 = Symbol("y2"), Symbol("t2")
    ys, ts = Matrix([sympy.symbols("y1:4")]), Matrix([sympy.symbols("t1:4")])
    dmse = loss_gradient(mse, ys, ts)[1]
    board = fraction(sympy.Mul(2, sympy.Add(y2, -t2, evaluate=False), evaluate=False), 3)
    if sympy.simplify(dmse - board.doit()) != 0:
        raise SymnnError("the board form of the MSE gradient does not match SymPy's")
    E_ce = cross_entropy(Matrix([Y]), Matrix([T]))
    ce_terms = sympy.Add(*[sympy.Mul(u(tv), log(u(yv)), evaluate=False)
                           for yv, tv in zip(Y, T)], evaluate=False)
    softmax_cross_entropy_gradient(3)  # raises unless SymPy reduces it to y - t
    j = Symbol("j", integer=True)
    kron = sympy.KroneckerDelta(k, j)
    y_j, t_j = sympy.IndexedBase("y")[j], sympy.IndexedBase("t")[j]
    total = sympy.Sum(sympy.Mul(tk, sympy.Add(kron, -y_j, evaluate=False), evaluate=False),
                      (k, 1, n))
    curve = Figure("neglog", None, Text("$-\\log y_k$: 0 for a sure right answer, without "
                                        "bound as $y_k \\to 0$",
                                        "$-\\log y_k$: 확실한 정답이면 0, $y_k \\to 0$이면 "
                                        "한없이 커짐"), name="neglog-plot")
    return Derivation("losses", Text("Loss functions", "손실함수"), (
        Frame(Text("mean squared error", "평균제곱오차 (MSE)"), (
            _given(),
            Step(E, fraction(sympy.Sum(sympy.Pow(sympy.Add(yk, -tk, evaluate=False), 2),
                                       (k, 1, n)), n), Text("MSE", "MSE")),
            Step(E, fraction(terms, 3), Text("substitute $y$, $t$, $n = 3$",
                                             "$y$, $t$, $n = 3$ 대입")),
            Step(E, E_mse, Text("$0.01 + 0.16 + 0.09 = 0.26$", "$0.01 + 0.16 + 0.09 = 0.26$")),
            decimal_step(E, E_mse, 8, Text("divide", "나눗셈")),
            Step(Derivative(E, y2), (board, fraction(sympy.Mul(2, sympy.Add(
                u(Y[1]), -u(T[1]), evaluate=False), evaluate=False), 3),
                2 * (Y[1] - T[1]) / sympy.Integer(3)),
                 Text("only the $k = 2$ term has $y_2$; $y_2 = 0.6$, $t_2 = 1$",
                      "$y_2$는 $k = 2$ 항에만 있음, $y_2 = 0.6$, $t_2 = 1$")),
            decimal_step(Derivative(E, y2), 2 * (Y[1] - T[1]) / sympy.Integer(3), 8,
                         Text("divide", "나눗셈")),
        )),
        Frame(Text("cross-entropy", "교차 엔트로피"), (
            Step(E, -sympy.Sum(tk * log(yk), (k, 1, n)), Text("cross-entropy",
                                                              "교차 엔트로피")),
            Step(E, -ce_terms, Text("substitute $y$, $t$", "$y$, $t$ 대입")),
            Step(E, E_ce, Text("only the right class counts ($t_2 = 1$)",
                               "정답 클래스만 남음 ($t_2 = 1$)")),
            decimal_step(E, E_ce, 8, Text("compute", "계산")),
            Step(Derivative(E, y2), loss_gradient(cross_entropy, ys, ts)[1],
                 Text("$\\frac{d}{dy}\\log y = \\frac{1}{y}$",
                      "$\\frac{d}{dy}\\log y = \\frac{1}{y}$")),
            Step(Derivative(E, y2), (fraction(-1, u(Y[1])), -Rational(1) / Y[1]),
                 Text("$t_2 = 1$, $y_2 = 0.6$", "$t_2 = 1$, $y_2 = 0.6$")),
        ), side=(curve,)),
        Frame(Text("softmax then cross-entropy", "소프트맥스 뒤의 교차 엔트로피"), (
            Step(Derivative(sympy.IndexedBase("y")[k], sympy.IndexedBase("a")[j]),
                 sympy.Mul(yk, sympy.Add(kron, -y_j, evaluate=False), evaluate=False),
                 Text("quotient rule on $y_k = e^{a_k} / \\sum_i e^{a_i}$",
                      "$y_k = e^{a_k} / \\sum_i e^{a_i}$에 몫의 미분")),
            Step(Derivative(E, sympy.IndexedBase("a")[j]),
                 -sympy.Sum(sympy.Mul(fraction(tk, yk), Derivative(yk, sympy.IndexedBase("a")[j]),
                                      evaluate=False), (k, 1, n)),
                 "chain_rule"),
            Step(Derivative(E, sympy.IndexedBase("a")[j]), (
                -total, sympy.Add(sympy.Mul(y_j, sympy.Sum(tk, (k, 1, n)), evaluate=False), -t_j,
                                  evaluate=False)),
                 Text("substitute $\\partial y_k / \\partial a_j$; $\\delta_{jk}$ keeps "
                      "$k = j$", "$\\partial y_k / \\partial a_j$ 대입, $\\delta_{jk}$는 "
                      "$k = j$만 남김")),
            Step(Derivative(E, sympy.IndexedBase("a")[j]), sympy.Add(y_j, -t_j, evaluate=False),
                 Text("$\\sum_k t_k = 1$: $t$ is a distribution", "$\\sum_k t_k = 1$: $t$는 "
                      "확률분포"),
                 note=Text("SymPy gets the same for $n = 3$. If $\\sum_k t_k \\ne 1$, symnn "
                           "keeps $y_j \\sum_k t_k - t_j$.",
                           "SymPy도 $n = 3$에서 같은 결과를 얻는다. $\\sum_k t_k \\ne 1$이면 "
                           "symnn은 $y_j \\sum_k t_k - t_j$를 쓴다.")),
        )),
    ))

