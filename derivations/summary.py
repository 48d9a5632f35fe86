"""The closing slide: what the lecture derived, one line a part."""

from __future__ import annotations

from symnn.derivation import Derivation, Frame, Items, Text

POINTS = (
    Text("A perceptron fires when $w \\cdot x + b > 0$ ($b = -\\theta$): one line separates "
         "its classes. No line separates XOR's, so it needs two layers: "
         "XOR $= \\mathrm{AND}(\\mathrm{NAND}, \\mathrm{OR})$.",
         "퍼셉트론은 $w \\cdot x + b > 0$이면 1을 낸다 ($b = -\\theta$): 직선 하나로 나눈다. "
         "XOR은 직선 하나로 나눌 수 없으므로 두 층이 필요하다: "
         "XOR $= \\mathrm{AND}(\\mathrm{NAND}, \\mathrm{OR})$."),
    Text("A layer computes $A = XW + B$, then $Z = h(A)$; softmax turns the last layer's "
         "weighted sums into probabilities (subtract $\\max_i a_i$ first).",
         "층은 $A = XW + B$, $Z = h(A)$를 계산한다. 소프트맥스는 마지막 층의 가중합을 확률로 "
         "바꾼다 (먼저 $\\max_i a_i$를 뺌)."),
    Text("Learning: a loss $E$ (MSE or cross-entropy, never the accuracy) and gradient "
         "descent, $w \\leftarrow w - \\alpha\\, \\partial E / \\partial w$.",
         "학습: 손실함수 $E$ (MSE나 교차 엔트로피, 정확도는 아님)와 경사하강법 "
         "$w \\leftarrow w - \\alpha\\, \\partial E / \\partial w$."),
    Text("Derivatives numerically (two passes per parameter) or by backpropagation: the chain "
         "rule on a computational graph, each node multiplying the gradient from above by its "
         "local derivative (add: passes it on; multiply: times the other input).",
         "미분은 수치미분(매개변수마다 두 번)이나 오차역전파로 구한다: 계산 그래프의 "
         "연쇄법칙, 각 노드는 위에서 온 기울기에 국소미분을 곱한다 (덧셈: 그대로, 곱셈: 다른 "
         "입력을 곱함)."),
    Text("The formulas to remember: $\\sigma' = \\sigma(1 - \\sigma)$, "
         "$\\partial E / \\partial a = y - t$ for softmax with cross-entropy, "
         "$\\delta = \\partial E / \\partial a$.",
         "기억할 식: $\\sigma' = \\sigma(1 - \\sigma)$, 소프트맥스와 교차 엔트로피에서 "
         "$\\partial E / \\partial a = y - t$, $\\delta = \\partial E / \\partial a$."),
)


def summary() -> Derivation:
    """Return the lecture's summary: one point for each idea it derived."""
    return Derivation("summary", Text("Summary", "정리"), (
        Frame(None, (Items(POINTS),)),
    ))
