"""MSE and cross-entropy on the same example beside the code that computes them, their gradients
in board form, the curve -log y, the softmax's derivative by the quotient rule, and why softmax
followed by cross-entropy has the gradient y - t."""

from __future__ import annotations

import sympy
from sympy import Derivative, Matrix, Rational, Symbol, exp, log

from symnn import SymnnError, cross_entropy, loss_gradient, mse, softmax_cross_entropy_gradient
from symnn.derivation import Derivation, Figure, Frame, Note, Step, Text
from symnn.derive import fraction

from . import listings
from .digits import approx, decimal, short

Y = [Rational(1, 10), Rational(6, 10), Rational(3, 10)]
T = [0, 1, 0]


def losses() -> Derivation:
    """Return MSE and cross-entropy on y = [0.1, 0.6, 0.3], t = [0, 1, 0] with gradients,
    and d/da_j of cross-entropy after softmax reduced to y_j - t_j."""
    n, k = Symbol("n", positive=True, integer=True), Symbol("k", integer=True)
    yk, tk = sympy.IndexedBase("y")[k], sympy.IndexedBase("t")[k]
    E = Symbol("E")
    u = sympy.UnevaluatedExpr
    terms = sympy.Add(*[sympy.Pow(u(yv - tv), 2, evaluate=False) for yv, tv in zip(Y, T)],
                      evaluate=False)
    squares = sum((yv - tv) ** 2 for yv, tv in zip(Y, T))
    E_mse = mse(Matrix([Y]), Matrix([T]))
    if E_mse != squares / 3:
        raise SymnnError("the MSE is not the mean of the squares")
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
    a = sympy.IndexedBase("a")
    kron = sympy.KroneckerDelta(j, k)
    y_j, t_j = sympy.IndexedBase("y")[j], sympy.IndexedBase("t")[j]
    S = Symbol("S")
    total = sympy.Sum(sympy.Mul(tk, sympy.Add(kron, -y_j, evaluate=False), evaluate=False),
                      (k, 1, n))
    curve = Figure("neglog", None, Text("$-\\log y_k$: 0 for a sure right answer, without "
                                        "bound as $y_k \\to 0$",
                                        "$-\\log y_k$: 확실한 정답이면 0, $y_k \\to 0$이면 "
                                        "한없이 커짐"), name="neglog-plot")
    dmse_value = 2 * (Y[1] - T[1]) / sympy.Integer(3)
    quotient = fraction(sympy.Add(sympy.Mul(kron, exp(a[k]), S, evaluate=False),
                                  -sympy.Mul(exp(a[k]), exp(a[j]), evaluate=False),
                                  evaluate=False), sympy.Pow(S, 2, evaluate=False))
    split = sympy.Mul(fraction(exp(a[k]), S), sympy.Add(kron, -fraction(exp(a[j]), S),
                                                       evaluate=False), evaluate=False)
    code = listings.listing(listings.LOSSES)
    return Derivation("losses", Text("Loss functions", "손실함수"), (
        Frame(Text("mean squared error", "평균제곱오차 (MSE)"), (
            Text("Output $y = [0.1\\ 0.6\\ 0.3]$ (a softmax), target $t = [0\\ 1\\ 0]$:",
                 "출력 $y = [0.1\\ 0.6\\ 0.3]$ (소프트맥스), 정답 $t = [0\\ 1\\ 0]$:"),
            Step(E, fraction(sympy.Sum(sympy.Pow(sympy.Add(yk, -tk, evaluate=False), 2),
                                       (k, 1, n)), n), Text("MSE, the lecture's $E$",
                                                            "MSE, 강의의 $E$")),
            Step(E, fraction(terms, 3), Text("$y - t = [0.1\\ {-0.4}\\ 0.3]$, $n = 3$",
                                             "$y - t = [0.1\\ {-0.4}\\ 0.3]$, $n = 3$")),
            Step(E, fraction(short(squares), 3), Text("$0.01 + 0.16 + 0.09 = 0.26$",
                                                      "$0.01 + 0.16 + 0.09 = 0.26$")),
            approx(E, E_mse, Text(f"$0.26 / 3 \\approx {decimal(E_mse)}$",
                                  f"$0.26 / 3 \\approx {decimal(E_mse)}$")),
            Step(Derivative(E, y2), (board, short(dmse_value),
                                     ("≈", approx(y2, dmse_value).rhs)),
                 Text("only $k = 2$ has $y_2$: $y_2 = 0.6$, $t_2 = 1$",
                      "$y_2$는 $k = 2$ 항에만 있다: $y_2 = 0.6$, $t_2 = 1$")),
        ), side=(code,)),
        Frame(Text("cross-entropy", "교차 엔트로피"), (
            Step(E, -sympy.Sum(tk * log(yk), (k, 1, n)), Text("cross-entropy",
                                                              "교차 엔트로피")),
            Step(E, -ce_terms, Text("substitute $y$, $t$", "$y$, $t$ 대입")),
            Step(E, E_ce, Text("only the right class counts ($t_2 = 1$)",
                               "정답 클래스만 남음 ($t_2 = 1$)")),
            approx(E, E_ce, Text(f"$\\log 0.6 \\approx -{decimal(E_ce)}$",
                                 f"$\\log 0.6 \\approx -{decimal(E_ce)}$")),
            Step(Derivative(E, y2), loss_gradient(cross_entropy, ys, ts)[1],
                 Text("$\\frac{d}{dy}\\log y = \\frac{1}{y}$",
                      "$\\frac{d}{dy}\\log y = \\frac{1}{y}$")),
            Step(Derivative(E, y2), (fraction(-1, u(Y[1])), -Rational(1) / Y[1]),
                 Text("$t_2 = 1$, $y_2 = 0.6$", "$t_2 = 1$, $y_2 = 0.6$")),
            Text("Here $\\log$ is the natural logarithm. The cross-entropy code "
                 "adds $10^{-7}$ inside the $\\log$, so that $y_k = 0$ never gives $\\log 0$.",
                 "여기서 $\\log$는 자연로그이다. 교차 엔트로피 오차의 코드는 $\\log$ 안에 "
                 "$10^{-7}$을 더해 $y_k = 0$일 때 $\\log 0$이 되지 않게 한다."),
        ), side=(curve,)),
        Frame(Text("the derivative of softmax", "소프트맥스의 미분"), (
            Text("With $S = \\sum_i e^{a_i}$, $y_k = e^{a_k} / S$. Differentiate by $a_j$:",
                 "$S = \\sum_i e^{a_i}$라 하면 $y_k = e^{a_k} / S$. $a_j$로 미분하면:"),
            Step(Derivative(yk, a[j]), quotient,
                 Text("quotient rule: $\\partial e^{a_k} / \\partial a_j = \\delta_{jk} e^{a_k}$, "
                      "$\\partial S / \\partial a_j = e^{a_j}$",
                      "몫의 미분: $\\partial e^{a_k} / \\partial a_j = \\delta_{jk} e^{a_k}$, "
                      "$\\partial S / \\partial a_j = e^{a_j}$")),
            Step(Derivative(yk, a[j]), split, Text("$e^{a_k}/S$ taken out",
                                                  "$e^{a_k}/S$로 묶음")),
            Step(Derivative(yk, a[j]), sympy.Mul(yk, sympy.Add(kron, -y_j, evaluate=False),
                                                 evaluate=False),
                 Text("$e^{a_k} / S = y_k$, $e^{a_j} / S = y_j$",
                      "$e^{a_k} / S = y_k$, $e^{a_j} / S = y_j$")),
            Text("$\\delta_{jk}$ is 1 when $j = k$, else 0 (two indices: not a neuron's "
                 "error $\\delta$).",
                 "$\\delta_{jk}$는 $j = k$이면 1, 아니면 0이다 (첨자가 둘: 뉴런의 오차 "
                 "$\\delta$가 아니다)."),
        )),
        Frame(Text("softmax then cross-entropy", "소프트맥스 뒤의 교차 엔트로피"), (
            Step(Derivative(E, a[j]),
                 -sympy.Sum(sympy.Mul(fraction(tk, yk), Derivative(yk, a[j]),
                                      evaluate=False), (k, 1, n)),
                 Text("chain rule through every $y_k$; $\\partial E / \\partial y_k = "
                      "-t_k / y_k$", "모든 $y_k$를 거치는 연쇄법칙, $\\partial E / "
                      "\\partial y_k = -t_k / y_k$")),
            Step(Derivative(E, a[j]), (-total, sympy.Add(sympy.Mul(y_j, sympy.Sum(
                tk, (k, 1, n)), evaluate=False), -t_j, evaluate=False)),
                 Text("$\\partial y_k / \\partial a_j = y_k (\\delta_{jk} - y_j)$; "
                      "$\\delta_{jk}$ keeps $k = j$",
                      "$\\partial y_k / \\partial a_j = y_k (\\delta_{jk} - y_j)$, "
                      "$\\delta_{jk}$는 $k = j$만 남김")),
            Step(Derivative(E, a[j]), sympy.Add(y_j, -t_j, evaluate=False),
                 Text("$\\sum_k t_k = 1$: $t$ is a distribution", "$\\sum_k t_k = 1$: $t$는 "
                      "확률분포")),
            Text("The output layer passes back simply $y - t$: for the example above, "
                 "$[0.1\\ \\ {-0.4}\\ \\ 0.3]$.",
                 "출력층이 거꾸로 보내는 값은 간단히 $y - t$이다. 앞의 예에서는 "
                 "$[0.1\\ \\ {-0.4}\\ \\ 0.3]$."),
            Note(Text("SymPy gives the same for n = 3. If the targets do not add to 1, the "
                      "result is y_j (sum of t_k) - t_j.",
                      "SymPy도 n = 3에서 같은 결과를 준다. 정답의 합이 1이 아니면 결과는 "
                      "y_j (t_k의 합) - t_j이다.")),
        )),
    ))
