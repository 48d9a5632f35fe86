r"""Sentences with math in them: LaTeX between dollar signs, set as math or written in Unicode.

Math reaches TeX only through a whitelist, checked token by token: letters, digits, the
operators and brackets a formula needs, sub- and superscripts, braces that balance, and the
control sequences of :data:`MATH_COMMANDS` (Greek letters, \frac, \sqrt, \cdot, \sum,
\partial, \mathbf, \hat, \left/\right, ...).  Anything else (``\input``, ``\write``,
``\def``, ``\catcode``, ``#``, ``%``, ``&``, ``^^``) is refused with a
:class:`~symnn.errors.RenderError` naming it, so a deck file shared by a colleague cannot make
TeX read or write files or loop.  The words around the math are escaped character by character.

>>> print(latex_text(r"fires when $w \cdot x + b > 0$ & 10 %"))
fires when $w \cdot x + b > 0$ \& 10 \%
>>> latex_text(r"$\input{/etc/hostname}$")
Traceback (most recent call last):
...
symnn.errors.RenderError: math may not use \input (see README, 'Math in deck files')
>>> plain(r"fires when $w \cdot x + b > 0$, $a^{(1)}_1 = w_{11}^{(1)} x_1$, $\frac{1}{2}$")
'fires when w · x + b > 0, a⁽¹⁾₁ = w₁₁⁽¹⁾ x₁, 1/2'
"""

from __future__ import annotations

import re

from symnn.errors import RenderError

GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
         "nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
         "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega").split()
MATH_COMMANDS = frozenset(GREEK + """
    frac dfrac tfrac sqrt cdot cdots ldots dots vdots ddots times div pm mp ast star circ bullet
    le leq ge geq ne neq lt gt approx equiv sim simeq propto ll gg
    to rightarrow leftarrow Rightarrow Leftarrow Leftrightarrow leftrightarrow mapsto
    in notin subset subseteq supset cup cap setminus emptyset forall exists neg land lor
    infty partial nabla top prime sum prod int lim sup inf
    log ln exp max min arg sin cos tan tanh sinh cosh det dim
    mathbf mathrm mathit mathsf mathcal mathbb boldsymbol operatorname text textbf textit
    hat bar tilde vec dot ddot widehat overline underline
    left right big Big bigg Bigg bigl bigr Bigl Bigr middle
    langle rangle lvert rvert lVert rVert vert Vert mid lfloor rfloor lceil rceil
    quad qquad displaystyle
""".split())
# Control symbols (a backslash and one character): spaces, braces, and characters as themselves
MATH_SYMBOLS = frozenset(" ,;:!{}|%_#&$")
MATH_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                            " +-*/=<>()[]|,.;:!?'\"@^_{}\n\t")


def check_math(math: str) -> None:
    r"""Raise :class:`~symnn.errors.RenderError` unless ``math`` (the text between two dollar
    signs) keeps to the whitelist: its message names the first command or character refused.

    >>> check_math(r"\frac{\partial E}{\partial w_1} = \sigma(z)(1 - \sigma(z))")
    >>> check_math(r"\def\x{\x}\x")
    Traceback (most recent call last):
    ...
    symnn.errors.RenderError: math may not use \def (see README, 'Math in deck files')
    """
    depth, i = 0, 0
    while i < len(math):
        c = math[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.?)", math[i:], re.DOTALL)
            name = m.group(1)
            if not (name in MATH_COMMANDS or (len(name) == 1 and name in MATH_SYMBOLS)):
                shown = "a lone backslash" if not name else "\\" + name
                raise RenderError(f"math may not use {shown} (see README, 'Math in deck files')")
            i += len(m.group(0))
            continue
        if c == "^" and math[i + 1:i + 2] == "^":
            raise RenderError("math may not use ^^ (TeX's character codes; see README, "
                              "'Math in deck files')")
        if c not in MATH_CHARACTERS and (ord(c) < 128 or not c.isprintable()):
            raise RenderError(f"math may not use the character {c!r} (see README, 'Math in "
                              "deck files')")
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            raise RenderError("math has a } with no { before it")
        i += 1
    if depth:
        raise RenderError("math has a { that is never closed")


def check_text(text: str) -> None:
    r"""Raise :class:`~symnn.errors.RenderError` unless every ``$...$`` of a sentence keeps to
    the whitelist (see :func:`check_math`).

    >>> check_text(r"one $\input{x}$")
    Traceback (most recent call last):
    ...
    symnn.errors.RenderError: math may not use \input (see README, 'Math in deck files')
    """
    for kind, piece in spans(text):
        if kind == "math":
            check_math(piece)


_TEXT_ESCAPES = {"$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{",
                 "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}", "\\": r"\textbackslash{}",
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
    # control characters would stop TeX ("invalid character"): a space stands for them
    return "".join(_TEXT_ESCAPES.get(c, c) if c.isprintable() or c in "\n\t" else " "
                   for c in piece)


def latex_text(text: str) -> str:
    """Return a sentence for LaTeX: text escaped (so > is never ¿), math kept as math, code in
    typewriter type.  Math outside the whitelist raises a RenderError (see
    :func:`check_math`)."""
    out = []
    pieces = spans(text)
    for k, (kind, piece) in enumerate(pieces):
        if kind == "math":
            check_math(piece)
            out.append(f"${piece}$")
            after = pieces[k + 1][1][:1] if k + 1 < len(pieces) else ""
            if "\uac00" <= after <= "\ud7a3":
                out.append(r"\nobreak ")  # a Korean particle stays with its number: 220이
        elif kind == "code":
            out.append(r"\texttt{" + _escape(piece) + "}")
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
    r"\varepsilon": "ε",
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


# Whether the Korean reading of the last digit ends in a consonant (영, 일, 삼, 육, 칠, 팔)
# or a vowel (이, 사, 오, 구); 십, 백, 천, 만 end in one too.
_CLOSED = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True,
           "7": True, "8": True, "9": False}


def particle(number: str, pair: str) -> str:
    """Return the Korean particle of ``pair`` ("을/를", "이/가", "은/는", "과/와") that
    follows a number written in LaTeX, as the number is read aloud: 6을, 2를, 0.5를, and
    \\frac{1}{2}를 (이분의 일: the numerator is read last) — 을 after 일.

    >>> particle("6", "을/를"), particle("2", "을/를"), particle(r"\\frac{1}{2}", "이/가")
    ('을', '를', '이')
    >>> particle("100", "과/와"), particle("-0.25", "은/는")
    ('과', '는')
    """
    closed_form, open_form = pair.split("/")
    fraction = re.search(r"\\frac\{([^{}]*)\}\{[^{}]*\}\s*$", number)
    digits = re.sub(r"[^0-9]", "", fraction.group(1) if fraction else number)
    if not digits:
        raise ValueError(f"not a number: {number!r}")
    if digits.endswith("0") and digits.rstrip("0") and "." not in number:
        closed = True  # 십, 백, 천, 만: every power of ten ends in a consonant
    else:
        closed = _CLOSED[digits[-1]]
    return closed_form if closed else open_form


_NATIVE = ("한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열")


def times_ko(n: int) -> str:
    """Return "n times" in Korean as it is said: native numbers up to ten (한 번, 두 번),
    digits beyond (100만 번 is written 1000000번).

    >>> times_ko(1), times_ko(2), times_ko(46)
    ('한 번', '두 번', '46번')
    """
    return f"{_NATIVE[n - 1]} 번" if 1 <= n <= len(_NATIVE) else f"{n}번"
