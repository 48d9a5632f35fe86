r"""Sentences with math in them: LaTeX between dollar signs, set as math or written in Unicode.

>>> print(latex_text(r"fires when $w \cdot x + b > 0$ & 10 %"))
fires when $w \cdot x + b > 0$ \& 10 \%
>>> plain(r"fires when $w \cdot x + b > 0$, $a^{(1)}_1 = w_{11}^{(1)} x_1$, $\frac{1}{2}$")
'fires when w · x + b > 0, a⁽¹⁾₁ = w₁₁⁽¹⁾ x₁, 1/2'
"""

from __future__ import annotations

import re

_TEXT_ESCAPES = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                 "~": r"\textasciitilde{}", "^": r"\^{}", "\\": r"\textbackslash{}",
                 "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
                 "−": "-", "·": r"$\cdot$", "×": r"$\times$", "≈": r"$\approx$",
                 "≤": r"$\le$", "≥": r"$\ge$", "→": r"$\to$", "θ": r"$\theta$",
                 "σ": r"$\sigma$", "α": r"$\alpha$", "δ": r"$\delta$", "∂": r"$\partial$",
                 "Σ": r"$\Sigma$", "²": r"$^2$", "⇒": r"$\Rightarrow$", "…": r"\dots{}"}


def spans(text: str) -> list[tuple[str, str]]:
    """Split a sentence into ("text" | "math" | "code", piece) pairs: math between dollar
    signs, code between backquotes.

    >>> spans("a $x$ b `np.dot`")
    [('text', 'a '), ('math', 'x'), ('text', ' b '), ('code', 'np.dot')]
    """
    out = []
    for piece in re.split(r"(\$[^$]*\$|`[^`]*`)", text):
        if not piece:
            continue
        if len(piece) > 1 and piece[0] == piece[-1] == "$":
            out.append(("math", piece[1:-1]))
        elif len(piece) > 1 and piece[0] == piece[-1] == "`":
            out.append(("code", piece[1:-1]))
        else:
            out.append(("text", piece))
    return out


def _escape(piece: str) -> str:
    return "".join(_TEXT_ESCAPES.get(c, c) for c in piece)


def latex_text(text: str) -> str:
    """Return a sentence for LaTeX: text escaped (so > is never ¿), math kept as math, code in
    typewriter type."""
    out = []
    for kind, piece in spans(text):
        if kind == "math":
            out.append(f"${piece}$")
        elif kind == "code":
            out.append(r"\texttt{" + _escape(piece).replace("$", "") + "}")
        else:
            out.append(_escape(piece))
    return "".join(out)


_SUPER = str.maketrans("0123456789+-()=niklmtT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾⁼ⁿⁱᵏˡᵐᵗᵀ")
_SUB = str.maketrans("0123456789+-()=aeijklmnoprstux", "₀₁₂₃₄₅₆₇₈₉₊₋₍₎₌ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤₓ")
_COMMANDS = {
    r"\cdot": "·", r"\times": "×", r"\theta": "θ", r"\sigma": "σ", r"\alpha": "α",
    r"\delta": "δ", r"\eta": "η", r"\partial": "∂", r"\Sigma": "Σ", r"\sum": "Σ",
    r"\le": "≤", r"\leq": "≤", r"\ge": "≥", r"\geq": "≥", r"\ne": "≠", r"\approx": "≈",
    r"\to": "→", r"\Rightarrow": "⇒", r"\Leftrightarrow": "⇔", r"\infty": "∞", r"\circ": "∘",
    r"\log": "log", r"\exp": "exp", r"\max": "max", r"\quad": "  ", r"\qquad": "    ",
    r"\,": " ", r"\;": " ", r"\!": "", r"\left": "", r"\right": "", r"\{": "{", r"\}": "}",
    r"\%": "%", r"\ldots": "…", r"\dots": "…", r"\mid": "|", r"\lvert": "|", r"\rvert": "|",
    r"\in": "∈", r"\pm": "±", r"\top": "ᵀ", r"\Delta": "Δ", r"\beta": "β", r"\gamma": "γ",
    r"\lambda": "λ", r"\mu": "μ", r"\pi": "π", r"\epsilon": "ε", r"\omega": "ω",
    r"\leftarrow": "←", r"\prime": "′", r"\surd": "√", r"\div": "÷",
}


def _group(s: str, i: int) -> tuple[str, int]:
    """The braced group (or single character) starting at s[i], and the index after it."""
    if i < len(s) and s[i] == "{":
        depth = 0
        for j in range(i, len(s)):
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            if depth == 0:
                return s[i + 1:j], j + 1
        return s[i + 1:], len(s)
    return s[i:i + 1], i + 1


def _script(body: str, table: dict, mark: str) -> str:
    """A sub- or superscript in Unicode where every character has one, else ^(...) or _(...)."""
    text = plain_math(body)
    if text and all(ord(c) in table for c in text):
        return text.translate(table)
    return f"{mark}({text})" if len(text) > 1 else f"{mark}{text}"


def _wrapped(t: str) -> str:
    return f"({t})" if re.search(r"[ +\-]", t) else t


def _environments(s: str) -> str:
    """Cases and matrices in one line: {0 (z ≤ 0); 1 (z > 0)}, [[1, 2], [3, 4]]."""
    def rows(body: str) -> list[str]:
        return [r.strip() for r in body.split(r"\\") if r.strip()]

    def cases(m: re.Match) -> str:
        return "{" + "; ".join(r.replace("&", " ") for r in rows(m.group(1))) + "}"

    def matrix(m: re.Match) -> str:
        cells = [", ".join(c.strip() for c in r.split("&")) for r in rows(m.group(1))]
        return cells[0] if len(cells) == 1 else "[" + "], [".join(cells) + "]"

    s = re.sub(r"\\begin\{cases\}(.*?)\\end\{cases\}", cases, s)
    s = re.sub(r"\\left\[\\begin\{matrix\}(.*?)\\end\{matrix\}\\right\]",
               lambda m: "[" + matrix(m) + "]", s)
    return s


def plain_math(s: str) -> str:
    """Return LaTeX math written in Unicode: subscripts, superscripts, Greek, a/b fractions."""
    s = _environments(s)
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", s[i:])
            name = "\\" + m.group(1)
            i += len(m.group(0))
            if name == r"\frac":
                top, i = _group(s, i)
                bottom, i = _group(s, i)
                out.append(f"{_wrapped(plain_math(top))}/{_wrapped(plain_math(bottom))}")
            elif name in (r"\operatorname", r"\mathrm", r"\text", r"\mathbf", r"\mathit",
                          r"\textrm", r"\substack"):
                body, i = _group(s, i)
                out.append(plain_math(body) if name != r"\text" else body)
            elif name == r"\sqrt":
                body, i = _group(s, i)
                out.append(f"√({plain_math(body)})")
            elif name == r"\hat":
                body, i = _group(s, i)
                out.append(plain_math(body) + "\u0302")  # m̂: m and a combining circumflex
            elif name in _COMMANDS:
                word = _COMMANDS[name]
                if word[:1].isalpha() and out and out[-1][-1:].isalnum():
                    word = " " + word  # d/dy log y, not d/dylog y
                out.append(word)
            else:
                out.append(name[1:])
        elif c in "^_":
            body, i = _group(s, i + 1)
            out.append(_script(body, _SUPER if c == "^" else _SUB, c))
        elif c in "{}":
            i += 1
        else:
            out.append(c)
            i += 1
    text = re.sub(r" {2,}", " ", "".join(out))
    return re.sub(r"∂ ", "∂", text).replace(" )", ")").replace("( ", "(")


def plain(text: str) -> str:
    """Return a sentence for the terminal: math written in Unicode, dollar signs gone."""
    return "".join(plain_math(piece) if kind == "math" else piece
                   for kind, piece in spans(text))
