"""The lecture's opening: the neuron, a short history of neural networks, and their kinds."""

from __future__ import annotations

import sympy

from symnn.derivation import Derivation, Frame, Items, Step, Table, Text

EVENTS = [
    ("1943", Text("McCulloch and Pitts: the first neural network model",
                  "매컬록과 피츠: 최초의 신경망")),
    ("1949", Text("Hebb: the first learning rule", "헤브: 최초의 학습 알고리즘")),
    ("1957", Text("Rosenblatt: the perceptron learns from examples (published 1958)",
                  "로젠블랫: 예제로 배우는 퍼셉트론 (1958년 발표)")),
    ("1960", Text("Widrow and Hoff: Adaline; great hopes for neural networks",
                  "위드로와 호프: 아달린, 신경망에 대한 큰 기대")),
    ("1969", Text("Minsky and Papert, \u201cPerceptrons\u201d: a perceptron is a linear "
                  "classifier and cannot solve XOR", "민스키와 페퍼트 『Perceptrons』: 퍼셉트론은 "
                  "선형 분류기로 XOR조차 못 푼다")),
    (Text("1970s", "1970년대"), Text("research on neural networks declines", "신경망 연구의 침체")),
    ("1986", Text("Rumelhart, \u201cParallel Distributed Processing\u201d: multi-layer "
                  "perceptrons trained by backpropagation; research revives",
                  "루멜하트 『PDP』: 역전파로 학습하는 다층 퍼셉트론, 연구의 부활")),
    (Text("1990s", "1990년대"), Text("support vector machines take the lead", "SVM에 밀리는 형국")),
    (Text("2000s", "2000년대"), Text("deep learning: neural networks lead machine learning",
                   "딥러닝으로 신경망이 기계학습의 주류가 됨")),
]


def history() -> Derivation:
    """Return the neuron's numbers, the timeline, and the three pairs of kinds of networks."""
    if sympy.Integer(10) ** 11 * sympy.Integer(10) ** 3 != sympy.Integer(10) ** 14:
        raise AssertionError("10^11 × 10^3 is 10^14")
    product = sympy.Mul(sympy.Pow(10, 11, evaluate=False), sympy.Pow(10, 3, evaluate=False),
                        evaluate=False)
    return Derivation("history", Text("Neural networks", "신경망"), (
        Frame(Text("a short history", "간략한 역사"), (
            Table((Text("year", "연도"), Text("event", "사건")),
                  tuple((year, event) for year, event in EVENTS)),
        )),
        Frame(Text("the neuron and kinds of networks", "뉴런과 신경망의 종류"), (
            Text("A neuron is the brain's smallest unit of information processing: a cell "
                 "body, dendrites and an axon. A human brain has about $10^{11}$ of them, "
                 "each linked to about 1,000 others:",
                 "뉴런은 두뇌의 가장 작은 정보처리 단위로, 세포체·수상돌기·축삭돌기로 "
                 "이루어진다. 사람의 뇌에는 약 $10^{11}$개가 있으며, 각각 약 1,000개의 다른 뉴런과 "
                 "연결된다:"),
            Step(sympy.Symbol("connections"), (product, sympy.Pow(10, 14, evaluate=False)),
                 Text("neurons $\\times$ links per neuron", "뉴런 수 $\\times$ 뉴런당 연결 수")),
            Text("Neural networks come in very many models; three ways to tell them apart:",
                 "신경망에는 아주 다양한 모델이 있다. 세 가지로 나누어 보면:"),
            Items((
                Text("feed-forward and recurrent networks", "전방 신경망과 순환 신경망"),
                Text("shallow and deep networks", "얕은 신경망과 깊은 신경망"),
                Text("deterministic (the same input always gives the same output) and "
                     "stochastic (random numbers: a different output each time)",
                     "결정론적 신경망(입력이 같으면 항상 같은 결과)과 확률적(스토캐스틱) "
                     "신경망(난수를 써서 매번 다른 결과)"),
            )),
        )),
    ), labels={"connections": Text("connections", "연결 수")})
