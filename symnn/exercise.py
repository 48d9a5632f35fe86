"""Exercises of the lecture's kinds with numbers a person can work by hand, their answer keys,
and the worksheet a student fills in.

Every exercise is a worksheet in the ``symnn check`` format: its givens in ``[values]``, each
quantity to find in ``[define]``, and one claim per answer, so the key is checked by the same
code that checks a student. Numbers are searched, not hoped for: candidates are drawn from a
seeded generator and kept only when every answer, computed exactly, is short (a few decimals)
or is asked to a stated number of decimals. The same seed gives the same sheet.

>>> ex = exercises("graph", seed=3)[0]
>>> [c["name"] for c in ex.key["claim"]][:2]
['1. f', '1. df/dx']
>>> check_worksheet(ex.key).summary["correct"] == len(ex.key["claim"])
True
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from symnn.check import check_worksheet
from symnn.derivation import Derivation, Frame, Items, Step, Text
from symnn.errors import SymnnError, did_you_mean
from symnn.render.inline import particle

KINDS = ("gate", "separable", "forward", "softmax", "loss", "graph", "step", "numeric",
         "momentum", "adagrad", "rmsprop", "adam")
MAX_COUNT = 50
TRIES = 2000  # candidates drawn before giving up on hand-friendly numbers
PLACES = 4  # an exact answer may have at most this many decimals


@dataclass(frozen=True)
class Exercise:
    """One exercise: what to do (``task``), and the key worksheet whose claims are the
    answers (``equals`` exact); ``kind`` and ``number`` name it."""

    kind: str
    number: int
    task: Text
    key: dict[str, Any]
    hidden: tuple[str, ...] = ()  # values the key uses that the sheet does not show
    data: dict[str, Any] = field(default_factory=dict)  # what the worked key needs besides

    @property
    def claims(self) -> list[str]:
        """Return the names of the answers asked for, in order."""
        return [c["name"] for c in self.key["claim"]]

    def givens(self) -> list[Step]:
        """Return the given values as steps (``X = [1, 2]``, given), for the sheets.

        >>> [str(s.lhs) for s in exercises("forward", seed=1)[0].givens()]
        ['X', 'W^{(1)}', 'b^{(1)}', 'W^{(2)}', 'b^{(2)}']
        """
        import sympy

        from symnn.numbers import exact, exact_matrix

        steps = []
        for name, value in self.key.get("values", {}).items():
            if name in self.hidden:
                continue
            shown = exact_matrix(value, name) if isinstance(value, list) else \
                sympy.Float(repr(value), 1) if isinstance(value, float) and "e" in repr(value) \
                else exact(str(value), name)  # 1e-08 reads as 1.0 · 10^-8, not 1/100000000
            steps.append(Step(sympy.Symbol(self.symbol(name)), shown, "given"))
        return steps

    def symbol(self, name: str) -> str:
        r"""Return how the sheet writes the key's name ``name`` (LaTeX): W1 is W^{(1)} for
        a layer's matrix, beta1 is β₁, lr is η, m_hat1 is m̂₁, ...

        >>> ex = exercises("step", seed=7)[0]
        >>> ex.symbol("W1"), ex.symbol("rate"), ex.symbol("dA")
        ('W^{(1)}', '\\eta', '\\delta')
        """
        return self.data.get("symbols", {}).get(name) or symbol(name)


def _short(value: Fraction, places: int = PLACES) -> bool:
    """Whether a rational has at most ``places`` decimals (a terminating decimal)."""
    scaled = value * 10 ** places
    return scaled.denominator == 1 and abs(value) <= 1000


def _text(value: Fraction) -> str:
    """A short rational as the decimal a student writes: 0.25, -3, 1.5."""
    if value.denominator == 1:
        return str(value.numerator)
    digits = 0
    while (value * 10 ** digits).denominator != 1:
        digits += 1
    return f"{float(value):.{digits}f}"


def _solve(key: dict[str, Any], decimals: dict[str, int] | None = None) -> dict | None:
    """Fill every claim's ``equals`` with its value (exact and short, or to the decimals the
    claim states); None when some answer is not hand-friendly."""
    probe = {"values": key.get("values", {}), "define": key.get("define", {}),
             "claim": [{**c, "equals": 0} for c in key["claim"]]}
    report = check_worksheet(probe, "exercise")
    claims = []
    for claim, verdict in zip(key["claim"], report.verdicts):
        if verdict.expected is None:
            return None  # an error (log(0), a kink): not an exercise
        array = verdict.expected if isinstance(verdict.expected, np.ndarray) else None
        entries = list(array.ravel()) if array is not None else [verdict.expected]
        places = (decimals or {}).get(claim["name"])
        if places is None and not all(v.exact is not None and _short(v.exact)
                                      for v in entries):
            return None
        texts = [_fixed(v, places) if places is not None else _text(v.exact) for v in entries]
        numbers = [float(t) if "." in t else int(t) for t in texts]
        if array is None:
            equals: Any = numbers[0]
        elif array.shape[0] == 1:
            equals = numbers
        else:
            equals = [numbers[i:i + array.shape[1]] for i in range(0, len(numbers),
                                                                   array.shape[1])]
        claims.append({**claim, "equals": equals, **({"decimals": places} if places else {})})
    return {**key, "claim": claims}


def _fixed(value: Any, places: int) -> str:
    """A value rounded to ``places`` decimals (half away from zero), as written by hand."""
    from symnn import rounding

    return rounding.fixed(value, places)


def _search(make: Any, seed: int, decimals: dict[str, int] | None = None) -> tuple:
    """Draw candidates from ``make(rng)`` until one has hand-friendly answers; return the
    task, the solved key and the names of the values not to show."""
    rng = random.Random(seed)
    for _ in range(TRIES):
        task, key, *rest = make(rng)
        solved = _solve(key, decimals)
        if solved is not None:
            hidden = tuple(rest[0]) if rest else ()
            return task, solved, hidden, rest[1] if len(rest) > 1 else {}
    raise SymnnError("no hand-friendly numbers found for this exercise (try another seed)")


_LETTERS = {"lr": "\\eta", "rate": "\\eta", "momentum": "\\mu", "mu": "\\mu",
            "alpha": "\\alpha", "eps": "\\epsilon", "a_max": "\\max a"}


def symbol(name: str) -> str:
    r"""Return a key's name as the sheets write it (LaTeX).

    >>> symbol("beta1"), symbol("m_hat2"), symbol("g1"), symbol("y")
    ('\\beta_{1}', '\\hat{m}_{2}', 'g_{1}', 'y')
    """
    if name in _LETTERS:
        return _LETTERS[name]
    hat = re.fullmatch(r"([a-z])_hat(\d)", name)
    if hat:
        return f"\\hat{{{hat[1]}}}_{{{hat[2]}}}"
    greek = re.fullmatch(r"(beta)(\d)", name)
    if greek:
        return f"\\{greek[1]}_{{{greek[2]}}}"
    indexed = re.fullmatch(r"([a-z])(\d)", name)
    if indexed:
        return f"{indexed[1]}_{{{indexed[2]}}}"
    return name


def _pick(rng: random.Random, pool: list) -> Any:
    return pool[rng.randrange(len(pool))]


LAYER_SYMBOLS = {f"{m}{k}": f"{m}^{{({k})}}" for m in "WbAZ" for k in (1, 2)}
STEP_SYMBOLS = {**LAYER_SYMBOLS, "rate": "\\eta", "dy": "\\frac{\\partial L}{\\partial y}",
                "dW2": "\\frac{\\partial L}{\\partial W^{(2)}}",
                "dZ": "\\frac{\\partial L}{\\partial Z}", "dA": "\\delta",
                "dW1": "\\frac{\\partial L}{\\partial W^{(1)}}", "W2_new": "W^{(2)+}"}
GATES = {"AND": (0, 0, 0, 1), "OR": (0, 1, 1, 1), "NAND": (1, 1, 1, 0), "NOR": (1, 0, 0, 0)}
INPUTS = ((0, 0), (0, 1), (1, 0), (1, 1))


def _gate(rng: random.Random) -> tuple:
    gate = _pick(rng, list(GATES))
    while True:
        w1, w2 = (_pick(rng, [-1, -0.5, 0.5, 1]) for _ in range(2))
        b = _pick(rng, [-1.5, -1, -0.7, -0.5, -0.3, 0.3, 0.5, 0.7, 1, 1.5])
        outputs = tuple(int(Fraction(str(w1)) * x1 + Fraction(str(w2)) * x2 +
                            Fraction(str(b)) > 0) for x1, x2 in INPUTS)
        if outputs == GATES[gate]:
            break
    define, claims = {}, []
    for x1, x2 in INPUTS:
        define[f"s{x1}{x2}"] = f"w1*{x1} + w2*{x2} + b"
        define[f"y{x1}{x2}"] = f"step(s{x1}{x2})"
        claims += [{"name": f"w.x + b at ({x1}, {x2})", "expr": f"s{x1}{x2}"},
                   {"name": f"y at ({x1}, {x2})", "expr": f"y{x1}{x2}"}]
    task = Text(f"A perceptron has $w_1 = {w1}$, $w_2 = {w2}$ and bias $b = {b}$. For each "
                "input $(x_1, x_2)$ compute $w \\cdot x + b$ and the output "
                "$y = h(w \\cdot x + b)$ ($h$ the step function). Which gate is it?",
                f"퍼셉트론의 $w_1 = {w1}$, $w_2 = {w2}$, 편향 $b = {b}$. 각 입력 $(x_1, x_2)$에 "
                "대해 $w \\cdot x + b$와 출력 $y = h(w \\cdot x + b)$ ($h$는 계단 함수)를 구하라. "
                "어떤 게이트인가?")
    symbols = {f"{k}{x1}{x2}": f"{letter}_{{({x1},{x2})}}" for x1, x2 in INPUTS
               for k, letter in (("s", "a"), ("y", "y"))}
    return task, {"values": {"w1": w1, "w2": w2, "b": b}, "define": define, "claim": claims}, \
        (), {"symbols": symbols, "gate": gate}


def _separable(rng: random.Random) -> tuple:
    from symnn.separability import separate

    labels = tuple(rng.randrange(2) for _ in INPUTS)
    rows = tuple(zip(INPUTS, labels))
    result = separate(rows)
    table = ", ".join(f"$({x1}, {x2}) \\to {y}$" for (x1, x2), y in rows)
    task = Text(f"Can one perceptron realize the table {table}? Answer 1 (yes) or 0 (no); "
                "then give weights and a bias, or the reason none exist.",
                f"퍼셉트론 하나로 표 {table}를 만들 수 있는가? 1(예) 또는 0(아니오)로 답하고, "
                "가중치와 편향을 주거나 없는 이유를 보여라.")
    return task, {"claim": [{"name": "separable", "expr": "1" if result.separable else "0"}]}, \
        (), {"rows": rows}


def _forward(rng: random.Random) -> tuple:
    weights = [-1, -0.5, 0.5, 1, 1.5, 2]
    X = [_pick(rng, [-1, 0, 1, 2]) for _ in range(2)]
    W1 = [[_pick(rng, weights) for _ in range(2)] for _ in range(2)]
    B1 = [_pick(rng, [-1, -0.5, 0, 0.5, 1]) for _ in range(2)]
    W2 = [[_pick(rng, weights)] for _ in range(2)]
    B2 = [_pick(rng, [-0.5, 0, 0.5])]
    task = Text("A 2-2-1 network: $A^{(1)} = X W^{(1)} + b^{(1)}$, $Z^{(1)} = "
                "\\mathrm{ReLU}(A^{(1)})$, $y = Z^{(1)} W^{(2)} + b^{(2)}$. Compute "
                "$A^{(1)}$, $Z^{(1)}$ and $y$.",
                "2-2-1 신경망: $A^{(1)} = X W^{(1)} + b^{(1)}$, $Z^{(1)} = "
                "\\mathrm{ReLU}(A^{(1)})$, $y = Z^{(1)} W^{(2)} + b^{(2)}$. $A^{(1)}$, "
                "$Z^{(1)}$, $y$를 구하라.")
    key = {"values": {"X": X, "W1": W1, "b1": B1, "W2": W2, "b2": B2},
           "define": {"A1": "X @ W1 + b1", "Z1": "relu(A1)", "y": "Z1 @ W2 + b2"},
           "claim": [{"name": "A1", "expr": "A1"}, {"name": "Z1", "expr": "Z1"},
                     {"name": "y", "expr": "y"}]}
    return task, key, (), {"symbols": LAYER_SYMBOLS}


def _softmax(rng: random.Random) -> tuple:
    a = [rng.randint(-2, 3) for _ in range(3)]
    task = Text(f"Compute $\\mathrm{{softmax}}(a)$ of $a = {a}$: first subtract $\\max a$, "
                "then exponentiate and divide by the sum. Give 4 decimals.",
                f"$a = {a}$의 $\\mathrm{{softmax}}(a)$를 구하라: $\\max a$를 뺀 뒤 지수를 "
                "취해 합으로 나눈다. 소수 4자리까지.")
    # softmax(a) worked as the lecture's code does: subtract the max, exponentiate, divide
    key = {"values": {"a": a, "a_max": max(a)},
           "define": {"shifted": "a - a_max", "ex": "exp(shifted)", "total": "sum(ex)",
                      "y": "ex / total"},
           "claim": [{"name": "a - max a", "expr": "shifted"},
                     {"name": "softmax(a)", "expr": "y"}]}
    return task, key, ("a_max",), {"symbols": {"shifted": "s", "ex": "e^{s}",
                                               "total": "\\sum e^{s}"}}


def _loss(rng: random.Random) -> tuple:
    while True:
        y = [rng.randint(1, 8) / 10 for _ in range(2)]
        last = round(1 - sum(y), 1)
        if 0 < last < 1:
            break
    y.append(last)
    k = rng.randrange(3)
    t = [1 if i == k else 0 for i in range(3)]
    task = Text(f"The network outputs $y = {y}$ and the target is $t = {t}$. Compute the "
                "squared error $E = \\frac{1}{2}\\sum (y - t)^2$ (as the lecture writes it) "
                "and the cross-entropy $E = -\\sum t \\log y$ (4 decimals).",
                f"신경망의 출력은 $y = {y}$, 정답은 $t = {t}$. 강의의 평균제곱오차 "
                "$E = \\frac{1}{2}\\sum (y - t)^2$와 교차 엔트로피 $E = -\\sum t \\log y$를 "
                "구하라 (소수 4자리).")
    key = {"values": {"y": y, "t": t},
           "define": {"E_sq": "sum((y - t)**2) / 2", "E_ce": "-sum(t * log(y))"},
           "claim": [{"name": "squared error", "expr": "E_sq"},
                     {"name": "cross-entropy", "expr": "E_ce"}]}
    return task, key, (), {"symbols": {"E_sq": "E_{\\mathrm{SE}}", "E_ce": "E_{\\mathrm{CE}}"}}


GRAPHS = ["(x + y) * z", "(x + y)**2", "x * y + y * z", "(x + 1) * (y + x)", "x * y * z",
          "(x * y + 1) * z"]


def _graph(rng: random.Random) -> tuple:
    from symnn.parse import parse

    expr = _pick(rng, GRAPHS)
    names = sorted(parse(expr).names())
    point = {n: rng.randint(-2, 4) for n in names}
    at = ", ".join(f"${n} = {v}$" for n, v in point.items())
    shown = expr.replace("**", "^").replace("*", " \\cdot ")
    task = Text(f"Draw the computational graph of $f = {shown}$ at {at}, "
                "run it forward, then backward: give $f$ and $\\partial f/\\partial$ of every "
                "input.",
                f"{at}에서 $f = {shown}$의 계산 그래프를 그리고 순전파와 "
                "역전파를 하라: $f$와 모든 입력에 대한 $\\partial f/\\partial$를 구하라.")
    claims = [{"name": "f", "expr": "f"}] + [{"name": f"df/d{n}", "expr": f"diff(f, {n})"}
                                             for n in names]
    return task, {"values": point, "define": {"f": expr}, "claim": claims}, (), \
        {"expr": expr, "point": point}


def _step(rng: random.Random) -> tuple:
    weights = [-1, -0.5, 0.5, 1, 2]
    X = [_pick(rng, [1, 2, -1]) for _ in range(2)]
    W1 = [[_pick(rng, weights) for _ in range(2)] for _ in range(2)]
    W2 = [[_pick(rng, weights)] for _ in range(2)]
    t = [_pick(rng, [0, 1, 2])]
    rate = _pick(rng, [0.1, 0.5])
    task = Text(f"One step of backpropagation: $X = {X}$, target $t = {t}$, no biases, "
                "$A = X W^{(1)}$, $Z = \\mathrm{ReLU}(A)$, $y = Z W^{(2)}$, loss "
                f"$L = \\frac{{1}}{{2}}(y - t)^2$, learning rate ${rate}$. Compute $A$, $Z$, "
                "$y$, $L$, $\\partial L/\\partial W^{(2)}$, $\\partial L/\\partial W^{(1)}$ and "
                "the updated $W^{(2)}$.",
                f"오차역전파 한 단계: $X = {X}$, 정답 $t = {t}$, 편향 없음, $A = X W^{{(1)}}$, "
                "$Z = \\mathrm{ReLU}(A)$, $y = Z W^{(2)}$, 손실 "
                f"$L = \\frac{{1}}{{2}}(y - t)^2$, 학습률 ${rate}$. $A$, $Z$, $y$, $L$, "
                "$\\partial L/\\partial W^{(2)}$, $\\partial L/\\partial W^{(1)}$, 갱신된 "
                "$W^{(2)}$를 구하라.")
    key = {"values": {"X": X, "W1": W1, "W2": W2, "t": t, "rate": rate},
           # backpropagation as the lecture works it: dL/dy, then back layer by layer
           "define": {"A": "X @ W1", "Z": "relu(A)", "y": "Z @ W2",
                      "L": "sum((y - t)**2) / 2", "dy": "y - t", "dW2": "T(Z) @ dy",
                      "dZ": "dy @ T(W2)", "dA": "dZ * step(A)", "dW1": "T(X) @ dA",
                      "W2_new": "W2 - rate * dW2"},
           "claim": [{"name": n, "expr": e} for n, e in (
               ("A", "A"), ("Z", "Z"), ("y", "y"), ("L", "L"), ("dL/dW2", "dW2"),
               ("dL/dW1", "dW1"), ("updated W2", "W2_new"))]}
    # No pre-activation at the ReLU's kink (where the derivative is a convention), at least
    # one unit alive, and an output off its target: every part of the step has work to do.
    A = [sum(Fraction(str(X[i])) * Fraction(str(W1[i][j])) for i in range(2)) for j in range(2)]
    y = sum(max(a, 0) * Fraction(str(W2[j][0])) for j, a in enumerate(A))
    if any(a == 0 for a in A) or all(a < 0 for a in A) or y == t[0]:
        return _step(rng)
    return task, key, (), {"symbols": STEP_SYMBOLS}


FUNCTIONS = ["x**2", "x**3", "x**2 + 3*x", "2*x**2 - x", "x**3 - 2*x"]


def _numeric(rng: random.Random) -> tuple:
    f = _pick(rng, FUNCTIONS)
    x = rng.randint(1, 3)
    h = _pick(rng, [0.1, 0.01])
    shown = f.replace("**", "^").replace("*", " ")
    task = Text(f"For $f(x) = {shown}$ at $x = {x}$ with $h = {h}$: compute $f(x + h)$, "
                "$f(x - h)$, the central difference $\\frac{f(x + h) - f(x - h)}{2h}$, the "
                "exact derivative $f'(x)$, and how far apart the two are.",
                f"$f(x) = {shown}$, $x = {x}$, $h = {h}$일 때 $f(x + h)$, $f(x - h)$, 중심차분 "
                "$\\frac{f(x + h) - f(x - h)}{2h}$, 정확한 미분 $f'(x)$, 그리고 둘의 차이를 "
                "구하라.")
    from symnn.expression import expression

    up, down = (f.replace("x", f"(x {s} h)") for s in "+-")
    slope = sympy.sstr(sympy.diff(expression(f), sympy.Symbol("x")))  # f' by the rules
    key = {"values": {"x": x, "h": h},
           "define": {"f_up": up, "f_down": down, "central": "(f_up - f_down) / (2*h)",
                      "exact": slope, "error": "central - exact"},
           "claim": [{"name": n, "expr": e} for n, e in (
               ("f(x + h)", "f_up"), ("f(x - h)", "f_down"), ("central difference", "central"),
               ("f'(x)", "exact"), ("central - exact", "error"))]}
    return task, key, (), {"symbols": {"f_up": "f(x + h)", "f_down": "f(x - h)",
                                       "central": "D_{h}", "exact": "f'(x)",
                                       "error": "D_{h} - f'(x)"}}


# Two steps of an optimizer on one weight w, the gradients given (as backpropagation would
# give them at each step); the hyper-parameters are the defaults of torch.optim, the learning
# rate a round one. Each rule is the one symnn.optim computes, written as the worksheet's
# definitions (tests check the two agree).
OPTIMIZER_RULES = {
    "momentum": ({"lr": [0.1, 0.5], "momentum": [0.9]}, (
        ("v", "momentum*v{p} + g{t}", None), ("w", "w{p} - lr*v{t}", None))),
    "adagrad": ({"lr": [0.1, 0.5], "eps": [1e-10]}, (
        ("s", "s{p} + g{t}**2", None), ("w", "w{p} - lr*g{t}/(sqrt(s{t}) + eps)", 4))),
    "rmsprop": ({"lr": [0.01, 0.1], "alpha": [0.99], "eps": [1e-8]}, (
        ("v", "alpha*v{p} + (1 - alpha)*g{t}**2", 6),
        ("w", "w{p} - lr*g{t}/(sqrt(v{t}) + eps)", 4))),
    "adam": ({"lr": [0.01, 0.1], "beta1": [0.9], "beta2": [0.999], "eps": [1e-8]}, (
        ("m", "beta1*m{p} + (1 - beta1)*g{t}", 6), ("v", "beta2*v{p} + (1 - beta2)*g{t}**2", 8),
        ("m_hat", "m{t}/(1 - beta1**{t})", 6), ("v_hat", "v{t}/(1 - beta2**{t})", 6),
        ("w", "w{p} - lr*m_hat{t}/(sqrt(v_hat{t}) + eps)", 4))),
}
RULE_WORDS = {
    "momentum": ("momentum as PyTorch writes it: $v_t = \\mu v_{t-1} + g_t$, "
                 "$w_t = w_{t-1} - \\eta v_t$",
                 "PyTorch 방식의 모멘텀: $v_t = \\mu v_{t-1} + g_t$, $w_t = w_{t-1} - \\eta v_t$"),
    "adagrad": ("AdaGrad: $s_t = s_{t-1} + g_t^2$, $w_t = w_{t-1} - \\eta g_t / "
                "(\\sqrt{s_t} + \\epsilon)$",
                "AdaGrad: $s_t = s_{t-1} + g_t^2$, $w_t = w_{t-1} - \\eta g_t / "
                "(\\sqrt{s_t} + \\epsilon)$"),
    "rmsprop": ("RMSProp: $v_t = \\alpha v_{t-1} + (1 - \\alpha) g_t^2$, $w_t = w_{t-1} - "
                "\\eta g_t / (\\sqrt{v_t} + \\epsilon)$",
                "RMSProp: $v_t = \\alpha v_{t-1} + (1 - \\alpha) g_t^2$, $w_t = w_{t-1} - "
                "\\eta g_t / (\\sqrt{v_t} + \\epsilon)$"),
    "adam": ("Adam: $m_t = \\beta_1 m_{t-1} + (1 - \\beta_1) g_t$, $v_t = \\beta_2 v_{t-1} + "
             "(1 - \\beta_2) g_t^2$, $\\hat{m}_t = m_t / (1 - \\beta_1^t)$, $\\hat{v}_t = "
             "v_t / (1 - \\beta_2^t)$, $w_t = w_{t-1} - \\eta \\hat{m}_t / "
             "(\\sqrt{\\hat{v}_t} + \\epsilon)$",
             "Adam: $m_t = \\beta_1 m_{t-1} + (1 - \\beta_1) g_t$, $v_t = \\beta_2 v_{t-1} + "
             "(1 - \\beta_2) g_t^2$, $\\hat{m}_t = m_t / (1 - \\beta_1^t)$, $\\hat{v}_t = "
             "v_t / (1 - \\beta_2^t)$, $w_t = w_{t-1} - \\eta \\hat{m}_t / "
             "(\\sqrt{\\hat{v}_t} + \\epsilon)$"),
}
LETTER = {"lr": "\\eta", "momentum": "\\mu", "alpha": "\\alpha", "beta1": "\\beta_1",
          "beta2": "\\beta_2", "eps": "\\epsilon"}


def _optimizer_maker(kind: str) -> Any:
    """The exercise maker of two steps of the optimizer ``kind`` on one weight."""
    pools, rules = OPTIMIZER_RULES[kind]

    def make(rng: random.Random) -> tuple:
        hyper = {name: _pick(rng, pool) for name, pool in pools.items()}
        w0 = _pick(rng, [-1, 0.5, 1, 2])
        g1 = _pick(rng, [-2, -1, -0.5, 0.5, 1, 2])
        g2 = _pick(rng, [g for g in (-2, -1, -0.5, 0.5, 1, 2) if g != g1])
        state = {name for name, _, _ in rules if name not in ("w", "m_hat", "v_hat")}
        values = {"w0": w0, "g1": g1, "g2": g2, **hyper, **{f"{s}0": 0 for s in state}}
        define, claims = {}, []
        for t in (1, 2):
            for name, rule, _ in rules:
                define[f"{name}{t}"] = rule.format(t=t, p=t - 1)
                claims.append({"name": f"{name}{t}", "expr": f"{name}{t}"})
        shown = ", ".join(f"${LETTER[k]} = {_tex_number(v)}$" for k, v in hyper.items())
        en, ko = RULE_WORDS[kind]
        task = Text(f"Two steps of {en}, every state starting at $0$. The weight starts at "
                    f"$w_0 = {w0}$; backpropagation gives $g_1 = {g1}$ at step 1 and "
                    f"$g_2 = {g2}$ at step 2; {shown}. Compute every quantity of both steps.",
                    f"{ko}의 두 단계 (모든 상태는 $0$에서 시작). 가중치는 $w_0 = {w0}$에서 "
                    f"시작하고, 역전파로 1단계에서 $g_1 = {g1}$, 2단계에서 "
                    f"$g_2 = {g2}${particle(str(g2), '을/를')} 얻는다; "
                    f"{shown}. 두 단계의 모든 값을 구하라.")
        return task, {"values": values, "define": define, "claim": claims}
    return make


def _tex_number(v: Any) -> str:
    """A hyper-parameter in math: 0.9, or 10^{-8} for 1e-8."""
    text = repr(v)
    if "e-" in text:
        mantissa, power = text.split("e-")
        return (f"{mantissa} \\cdot " if mantissa not in ("1", "1.0") else "") + \
            f"10^{{-{int(power)}}}"
    return text


def _optimizer_decimals(kind: str) -> dict[str, int]:
    return {f"{name}{t}": places for name, _, places in OPTIMIZER_RULES[kind][1]
            for t in (1, 2) if places is not None}


MAKERS = {"gate": (_gate, None), "separable": (_separable, None), "forward": (_forward, None),
          "softmax": (_softmax, {"softmax(a)": 4}), "loss": (_loss, {"cross-entropy": 4}),
          "graph": (_graph, None), "step": (_step, None), "numeric": (_numeric, None),
          **{kind: (_optimizer_maker(kind), _optimizer_decimals(kind) or None)
             for kind in OPTIMIZER_RULES}}


def exercises(kind: str, seed: int = 0, count: int = 1) -> list[Exercise]:
    """Return ``count`` exercises of ``kind`` (one of :data:`KINDS`), the same for the same
    seed; each one's key is its worksheet with the exact answers."""
    if kind not in MAKERS:
        raise SymnnError(f"unknown kind of exercise {kind!r}{did_you_mean(kind, KINDS)} "
                         f"(one of {', '.join(KINDS)})")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise SymnnError(f"count must be a whole number from 1 to {MAX_COUNT}, got {count!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SymnnError(f"seed must be a whole number of at least 0, got {seed!r}")
    make, decimals = MAKERS[kind]
    out = []
    for n in range(1, count + 1):
        task, key, hidden, data = _search(make, seed * 1000 + n, decimals)
        named = {**key, "claim": [{**c, "name": f"{n}. {c['name']}"} for c in key["claim"]]}
        out.append(Exercise(kind, n, task, named, hidden, data))
    return out


def problem_sheet(items: list[Exercise], title: Text) -> Derivation:
    """Return the problems: each task with its givens and what to give, no answers.

    >>> problem_sheet(exercises("loss", seed=2), Text("Week 5", "5주차")).title("ko")
    '5주차'
    """
    frames = []
    for ex in items:
        asked = []
        for claim in ex.key["claim"]:
            name = claim["name"].split(". ", 1)[1]
            named = claim["expr"] in ex.key.get("define", {})
            sym = f"${ex.symbol(claim['expr'])}$: " if named else ""
            asked.append(Text(f"{sym}`{name}` in the worksheet",
                              f"{sym}워크시트의 `{name}`"))
        frames.append(Frame(Text(f"Exercise {ex.number}", f"문제 {ex.number}"),
                            (ex.task, *ex.givens(), Text("Give:", "답할 것:"),
                             Items(tuple(asked)))))
    return Derivation("problems", title, tuple(frames))


KIND_NAMES = {"gate": ("logic gates", "논리 게이트"),
              "separable": ("linear separability", "선형 분리"),
              "forward": ("a forward pass", "순전파"), "softmax": ("softmax", "소프트맥스"),
              "loss": ("loss functions", "손실 함수"),
              "graph": ("computational graphs", "계산 그래프"),
              "step": ("one step of backpropagation", "오차역전파 한 단계"),
              "numeric": ("numerical differentiation", "수치 미분"),
              "momentum": ("momentum", "모멘텀"), "adagrad": ("AdaGrad", "AdaGrad"),
              "rmsprop": ("RMSProp", "RMSProp"), "adam": ("Adam", "Adam")}


def sheet_titles(kind: str, seed: int) -> tuple[Text, Text]:
    """Return the titles of the problem sheet and of the answer key, in both languages.

    >>> sheet_titles("step", 7)[1].ko
    '정답: 오차역전파 한 단계 (시드 7)'
    """
    en, ko = KIND_NAMES.get(kind, (kind, kind))
    return (Text(f"Exercises: {en} (seed {seed})", f"연습 문제: {ko} (시드 {seed})"),
            Text(f"Answer key: {en} (seed {seed})", f"정답: {ko} (시드 {seed})"))


def toml_text(data: dict[str, Any], blank: bool = False) -> str:
    """Return a worksheet as TOML text. ``blank`` writes the sheet a student fills in: each
    claim's name and ``equals = "?"`` only (the key's definitions stay with the teacher).

    >>> print(toml_text({"claim": [{"name": "y", "expr": "1 + 1", "equals": 2}]}))
    [[claim]]
    name = "y"
    expr = "1 + 1"
    equals = 2
    <BLANKLINE>
    """
    lines = []

    def value(v: Any) -> str:
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return repr(v)

    if blank:
        lines += ["# Fill in every equals with your answer: a number, or a list like [0.5, 1]",
                  "# for a row ([[1, 2], [3, 4]] for a matrix). Write decimals as you worked",
                  "# them; a claim with decimals = 4 is checked to 4 decimals. Leave \"?\" for",
                  "# no answer.", ""]
    for table in ("values", "define"):
        if data.get(table) and not blank:
            lines.append(f"[{table}]")
            lines += [f"{k} = {value(v)}" for k, v in data[table].items()]
            lines.append("")
    for claim in data["claim"]:
        lines.append("[[claim]]")
        for key in ("name", "expr", "equals", "decimals"):
            if key == "equals" and blank:
                lines.append('equals = "?"')
            elif key in claim and not (blank and key == "expr"):
                lines.append(f"{key} = {value(claim[key])}")
        lines.append("")
    return "\n".join(lines)


def key_worksheet(items: list[Exercise]) -> dict[str, Any]:
    """Return one worksheet holding every exercise's key (names kept apart by number).

    >>> sorted(key_worksheet(exercises("graph", seed=3, count=2))["define"])
    ['e1_f', 'e2_f']
    """
    values: dict[str, Any] = {}
    define: dict[str, Any] = {}
    claims = []
    for ex in items:
        rename = {n: f"e{ex.number}_{n}" for n in (*ex.key.get("values", {}),
                                                    *ex.key.get("define", {}))}
        values.update({rename[n]: v for n, v in ex.key.get("values", {}).items()})
        define.update({rename[n]: _renamed(t, rename) for n, t in
                       ex.key.get("define", {}).items()})
        claims += [{**c, "expr": _renamed(c["expr"], rename)} for c in ex.key["claim"]]
    return {"values": values, "define": define, "claim": claims}


def _renamed(text: str, rename: dict[str, str]) -> str:
    """An expression with its names renamed, token by token (never inside other names)."""
    return re.sub(r"[A-Za-z_][A-Za-z_0-9]*", lambda m: rename.get(m.group(0), m.group(0)),
                  text)
