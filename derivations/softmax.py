"""Softmax, its overflow-safe form with max a subtracted, and the lecture's softmax(A3)."""

from __future__ import annotations

import sympy
from sympy import Matrix, Symbol, exp

from derivations.forward_pass import network
from symnn import SymnnError, agrees, exact_matrix, softmax, softmax_forms_agree, softmax_shifted
from symnn.derivation import Derivation, Step, Text
from symnn.derive import decimal_step


def softmax_derivation() -> Derivation:
    """Return y_k = exp(a_k)/sum exp(a_i), why subtracting max a changes nothing, and the lecture's
    output layer through softmax."""
    a = Matrix([sympy.symbols("a1:4", real=True)])
    m = Symbol("m", real=True)
    k = 0
    yk = Symbol("y_1")
    shifted = exp(a[k] - m) / sum(exp(v - m) for v in a)
    # The lecture's A3 as it prints it (its exact value is a long nest of exponentials).
    A3 = exact_matrix(["0.31682708", "0.69627909"])
    if not all(agrees(v, p) for v, p in zip(network().forward([1.0, 0.5]).layers[2].A,
                                            ["0.31682708", "0.69627909"])):
        raise SymnnError("the lecture's printed A3 does not agree with the forward pass")
    y = softmax(A3)
    if not (softmax_forms_agree(a) and softmax_forms_agree(A3)):
        raise SymnnError("SymPy could not show that subtracting max a changes nothing")
    title = Text("Softmax and the overflow trick", "소프트맥스와 오버플로 방지")
    return Derivation("softmax", title, (
        Step(yk, softmax(a)[k], "definition"),
        Text("Subtracting any constant m, such as m = max a, leaves every y_k unchanged:",
             "어떤 상수 m(예: m = max a)을 빼도 y_k는 그대로이다:"),
        Step(yk, shifted, "shift"),
        Step(yk, sympy.simplify(shifted), "simplify"),
        Text("The lecture's output layer A3 = [0.31682708, 0.69627909] through softmax:",
             "강의의 출력층 A3 = [0.31682708, 0.69627909]에 소프트맥스를 적용하면:"),
        Step(Symbol("Y"), softmax_shifted(A3).applyfunc(lambda v: v), "shift"),
        decimal_step(Symbol("Y"), y, 10,
                     note=Text("The lecture prints softmax(A3) as [0.31682708 0.69627909]; "
                               "those are the values of A3 itself. softmax(A3) = "
                               "[0.40625907 0.59374093], and its entries sum to 1.",
                               "강의 자료는 softmax(A3)를 [0.31682708 0.69627909]로 출력하지만 "
                               "이는 A3 자체의 값이다. softmax(A3) = [0.40625907 0.59374093]이며 "
                               "합은 1이다.")),
        Step(sum(y), sympy.simplify(sum(y)), "check"),
    ))
