"""Answer keys that show the work: every answer of an exercise worked out step by step, in the
sheet's notation, with the derivation model and renderers of the slides.

Each line of an exercise's key (``A = X @ W1``, ``dW2 = T(Z) @ dy``) is written out three
times: as the formula in the sheet's letters (A = X W⁽¹⁾), with the numbers put in, and as its
value, exact where it is short and to the decimals the claim asks for.  A graph exercise is
worked as the slides work a graph (forward values, then backward by the chain rule, with the
figure); a truth table as the slides decide it (a line, or the multipliers that prove none).

>>> from symnn.exercise import exercises
>>> key = answer_key(exercises("softmax", seed=3), Text("Key", "정답"))
>>> print(key.render("text").split("-- worked --")[1].splitlines()[3].split("    (")[0].strip())
e^s = exp(s) = exp([-3, 0, -2]) = [e⁻³, 1, e⁻²] ≈ [0.04979, 1, 0.1353]
"""

from __future__ import annotations

from typing import Any

import sympy

from symnn.derivation import Derivation, Frame, Step, Text
from symnn.derive import line_chain
from symnn.exercise import Exercise
from symnn.handcalc import work
from symnn.render.printer import latex

SUBSTITUTED = 6  # significant digits of an inexact number put into the next line's formula


def answer_key(items: list[Exercise], title: Text) -> Derivation:
    """Return the answers, each exercise restated with its givens, then worked out.

    >>> from symnn.exercise import exercises
    >>> d = answer_key(exercises("numeric", seed=1), Text("Key", "정답"))
    >>> str(d.steps()[-1].lhs), d.steps()[-1].rhs[-1]
    ("D_{h} - f'(x)", 0)
    """
    frames: list[Any] = []
    labels: dict[str, Text] = {}
    for ex in items:
        frames.append(Frame(Text(f"Exercise {ex.number}", f"문제 {ex.number}"),
                            (ex.task, *ex.givens())))
        d = worked(ex)
        frames.extend(d.parts)
        labels.update(d.labels)
    return Derivation("answers", title, tuple(frames), labels)


def worked(ex: Exercise) -> Derivation:
    """Return one exercise's answers worked out, line by line (a graph and a truth table as
    the slides work them)."""
    if ex.kind == "graph":
        from symnn.graph import Graph
        from symnn.worked import graph_derivation

        return graph_derivation(Graph.from_text(ex.data["expr"], ex.data["point"]))
    if ex.kind == "separable":
        from symnn.separability import separate
        from symnn.worked import separation_derivation

        return separation_derivation(separate(ex.data["rows"]))
    key = ex.key
    claims = {c["expr"]: c for c in key["claim"]}
    calc = work(key.get("values", {}), list(key.get("define", {}).items()), SUBSTITUTED,
                {n: ex.symbol(n) for n in (*key.get("values", {}), *key.get("define", {}))})
    steps = []
    for line in calc.lines:
        lhs = sympy.Symbol(ex.symbol(line.name))
        claim = claims.get(line.name)
        links = line_chain(line, None if claim is None else claim.get("decimals"))
        if latex(links[0]) == latex(lhs):  # Σ e^s = Σ e^s: the name is the formula
            links = links[1:]
        steps.append(Step(lhs, links, _reason(claims.get(line.name))))
    parts: list[Any] = list(_preface(ex)) + steps
    if ex.kind == "gate":
        parts.append(Text(f"The outputs are those of {ex.data['gate']}.",
                          f"출력은 {ex.data['gate']} 게이트의 출력과 같다."))
    return Derivation("worked", Text("Worked", "풀이"), (Frame(Text("worked", "풀이"),
                                                              tuple(parts)),))


def _reason(claim: dict | None) -> Any:
    if claim is None:
        return "substitution"
    name = claim["name"].split(". ", 1)[-1]
    return Text(f"answer `{name}`", f"답 `{name}`")


def _preface(ex: Exercise) -> tuple:
    """A sentence that says what the lines below compute, where the sheet's task does not."""
    if ex.kind == "step":
        return (Text("Forward, then backward layer by layer: $\\partial L/\\partial y = y - t$, "
                     "$\\partial L/\\partial W^{(2)} = Z^{\\top} \\partial L/\\partial y$, "
                     "$\\partial L/\\partial Z = \\partial L/\\partial y\\, W^{(2)\\top}$, "
                     "$\\delta = \\partial L/\\partial A = \\partial L/\\partial Z \\circ "
                     "h(A)$ (the derivative of ReLU is the step $h$: 1 where $A > 0$), "
                     "$\\partial L/\\partial W^{(1)} = X^{\\top} \\delta$, then "
                     "$W^{(2)+} = W^{(2)} - \\eta\\, \\partial L/\\partial W^{(2)}$.",
                     "순전파 뒤 층마다 거꾸로: $\\partial L/\\partial y = y - t$, "
                     "$\\partial L/\\partial W^{(2)} = Z^{\\top} \\partial L/\\partial y$, "
                     "$\\partial L/\\partial Z = \\partial L/\\partial y\\, W^{(2)\\top}$, "
                     "$\\delta = \\partial L/\\partial A = \\partial L/\\partial Z \\circ "
                     "h(A)$ (ReLU의 미분은 계단 함수 $h$: $A > 0$에서 1), "
                     "$\\partial L/\\partial W^{(1)} = X^{\\top} \\delta$, 그리고 "
                     "$W^{(2)+} = W^{(2)} - \\eta\\, \\partial L/\\partial W^{(2)}$."),)
    if ex.kind == "gate":
        return (Text("For each input, $a = w_1 x_1 + w_2 x_2 + b$ and $y = h(a)$.",
                     "각 입력에서 $a = w_1 x_1 + w_2 x_2 + b$, $y = h(a)$."),)
    if ex.kind == "softmax":
        return (Text("Subtract the largest entry (the result is the same and no exponential "
                     "overflows), exponentiate, divide by the sum.",
                     "가장 큰 값을 빼고 (결과는 같고 지수가 넘치지 않는다) 지수를 취해 합으로 "
                     "나눈다."),)
    return ()


__all__ = ["answer_key", "worked"]
