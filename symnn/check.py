"""Worksheets: a student's claimed numbers, checked exactly, with where a chain first went wrong.

A worksheet has ``[values]`` (names bound to exact numbers, vectors, matrices), ``[define]``
(names bound to expressions over earlier names, in order) and ``[[claim]]`` tables, each with a
``name``, an ``expr`` and what it ``equals``.  A number written with k decimals is correct when
it lies within half a unit of its last digit; a whole number or a fraction (``3/10``) must be
exact; ``decimals = n`` or ``tol = x`` say otherwise.

>>> report = check_worksheet({"values": {"x": 0.3}, "define": {"y": "sigmoid(x)"},
...     "claim": [{"name": "y", "expr": "y", "equals": "0.5744"},
...               {"name": "y wrong", "expr": "y", "equals": "0.5745"}]})
>>> [v.status for v in report.verdicts], report.exit_status
(['correct', 'wrong'], 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from symnn import arrays, rounding, values
from symnn.display import Displayable
from symnn.errors import SymnnError, WorksheetError, did_you_mean, visible
from symnn.expression import Evaluator, as_value
from symnn.numbers import bracketed, exact, exact_text
from symnn.parse import Tree, parse
from symnn.spec import read_toml

TOP_KEYS = ("values", "define", "claim")
CLAIM_KEYS = ("name", "expr", "equals", "decimals", "tol")
MAX_BYTES = 1_000_000
CLAIM_WORK = 2_000_000      # operations on values for one claim (about 10 s at most)
WORKSHEET_WORK = 20_000_000  # and for the whole worksheet


@dataclass(frozen=True)
class Verdict:
    """One claim's verdict: ``correct``, ``wrong`` or ``error``, with what was expected."""

    name: str
    status: str
    expected: Any = None
    message: str = ""
    wrong_entries: tuple[tuple[int, ...], ...] = ()
    upstream_wrong: tuple[str, ...] = ()
    first_wrong: tuple[str, ...] = ()
    shape_problem: bool = False  # wrong in shape, not in its numbers

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        """Return the verdict as JSON data (expected as floats and as exact strings; with
        ``exact``, ``expected`` is the exact strings too)."""
        expected = None if self.expected is None else arrays.data(self.expected, exact)
        exact_form = None if self.expected is None else _exact_data(self.expected)
        return {"name": self.name, "status": self.status, "expected": expected,
                "expected_exact": exact_form, "message": self.message,
                "wrong_entries": [list(i) for i in self.wrong_entries],
                "upstream_wrong": list(self.upstream_wrong),
                "first_wrong": list(self.first_wrong)}


@dataclass(frozen=True, repr=False)
class Report(Displayable):
    """Every claim's verdict, in the worksheet's order."""

    source: str
    verdicts: tuple[Verdict, ...] = field(default_factory=tuple)
    sheet: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        s = self.summary
        return (f"Report({visible(self.source)}: {s['correct']} correct, {s['wrong']} wrong, "
                f"{s['error']} error)")

    @property
    def summary(self) -> dict[str, int]:
        """Return how many claims are correct, wrong and in error."""
        return {s: sum(v.status == s for v in self.verdicts) for s in ("correct", "wrong",
                                                                        "error")}

    @property
    def exit_status(self) -> int:
        """Return 0 when every claim is correct, 1 when any is wrong, 2 when any is in error."""
        s = self.summary
        return 2 if s["error"] else 1 if s["wrong"] else 0

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        """Return ``{"claims": [...], "summary": {...}}`` (``exact``: values as exact strings)."""
        return {"claims": [v.to_dict(exact) for v in self.verdicts], "summary": self.summary}

    def text(self, exact: bool = False) -> str:
        """Return the report as readable lines and a summary; with ``exact``, each claim's
        exact value below it."""
        marks = {"correct": "ok   ", "wrong": "WRONG", "error": "ERROR"}
        lines = [f"{visible(self.source)}:"]
        for v in self.verdicts:
            lines.append(f"  {marks[v.status]}  {visible(v.name)}" +
                         (f": {visible(v.message)}" if v.message else ""))
            if exact and v.expected is not None:
                lines.append(f"         exact value: {_exact_text(v.expected)}")
            if v.first_wrong:
                lines.append("         first wrong step: " +
                             ", ".join(visible(n) for n in v.first_wrong))
        s = self.summary
        lines.append(f"{s['correct']} correct, {s['wrong']} wrong, {s['error']} error")
        return "\n".join(lines)


def _exact_text(expected: Any) -> str:
    """The exact value as text: a number, or rows of numbers; too long, its decimal."""
    data = _exact_data(expected)
    if data is None:
        return f"{arrays.data(expected)} (its exact form is longer than 400 characters)"
    return str(data).replace("'", "")


def _exact_data(expected: Any) -> Any:
    """Exact strings of the expected value, or None where an exact form would be too long."""
    entries = list(expected.ravel()) if isinstance(expected, np.ndarray) else [expected]
    if any(v.form(limit=400) is None for v in entries):
        return None
    return arrays.data(expected, exact_strings=True)


def load_worksheet(path: str | Path, follow: bool = True) -> dict[str, Any]:
    """Return the worksheet at ``path`` as data (floats kept as the decimals written); its
    size and nesting are bounded before it is parsed, and with ``follow`` False a link at
    ``path`` is refused.

    >>> load_worksheet("examples/lecture.toml")["values"]["X"]
    [Decimal('1.0'), Decimal('0.5')]
    """
    return read_toml(Path(path), WorksheetError, MAX_BYTES, follow)


def check_worksheet(source: str | Path | dict[str, Any], name: str | None = None) -> Report:
    """Return the verdict on every claim of a worksheet (a path or its parsed dict)."""
    if isinstance(source, dict):
        data, label = source, name or "worksheet"
    else:
        data, label = load_worksheet(source), str(source)
    try:
        return _check(data, label)
    except SymnnError as e:
        if e.source:
            raise
        raise WorksheetError(e.message, source=label) from None


def _check(data: dict[str, Any], label: str) -> Report:
    if not isinstance(data, dict):
        raise WorksheetError("expected tables [values], [define] and [[claim]]")
    for key in data:
        if key not in TOP_KEYS:
            raise WorksheetError(f"unknown key {key!r}{did_you_mean(key, TOP_KEYS)}")
    given = data.get("values", {})
    definitions = data.get("define", {})
    claims = data.get("claim", [])
    if not isinstance(given, dict) or not isinstance(definitions, dict):
        raise WorksheetError("[values] and [define] must be tables of names")
    if not isinstance(claims, list) or not claims or not all(isinstance(c, dict) for c in claims):
        raise WorksheetError("no [[claim]] tables: a worksheet needs at least one claim")
    if not given and not definitions and all("expr" not in c for c in claims):
        raise WorksheetError("its claims have no expr: this is a student's worksheet, checked "
                             "against its key: 'symnn check FILE --key KEY.toml' (or a class: "
                             "'symnn grade FOLDER --key KEY.toml')")
    for name in (*given, *definitions):
        if not str(name).isidentifier() or str(name).startswith("_"):
            raise WorksheetError(f"{name!r} is not a name (letters, digits and _)")
    clash = set(given) & set(definitions)
    if clash:
        raise WorksheetError(f"{sorted(clash)[0]!r} is both in [values] and in [define]")
    bound = {n: as_value(_plain(v, f"[values] {n}"), f"[values] {n}") for n, v in given.items()}
    trees: dict[str, Tree] = {}
    broken: dict[str, str] = {}
    for n, text in definitions.items():
        if not isinstance(text, str):
            broken[n] = f"[define] {n}: expected an expression string"
            continue
        try:
            tree = parse(text)
        except SymnnError as e:
            broken[n] = f"[define] {n}: {e}"
            continue
        later = [m for m in tree.names() if m in definitions and
                 list(definitions).index(m) >= list(definitions).index(n)]
        if later:
            broken[n] = f"[define] {n}: uses {later[0]!r}, which is defined later (or itself)"
            continue
        trees[n] = tree
    evaluator = _NamedEvaluator(bound, trees, broken)
    with values.budget(WORKSHEET_WORK, "this worksheet"):
        verdicts = [_verdict(i, c, evaluator) for i, c in enumerate(claims, start=1)]
    return Report(label, tuple(_upstream(verdicts, claims, evaluator)), data)


class _NamedEvaluator(Evaluator):
    """An Evaluator whose errors in a definition name that definition."""

    def __init__(self, given: dict, trees: dict, broken: dict[str, str]):
        super().__init__(given, trees)
        self.broken = broken

    def _lookup(self, name: str, tree: Tree, symbols: Any) -> Any:
        if name in self.broken:
            raise SymnnError(f"uses {name!r}, whose definition is malformed: "
                             f"{self.broken[name]}")
        if name in self.definitions and name not in (symbols or {}):
            try:
                return super()._lookup(name, tree, symbols)
            except SymnnError as e:
                if str(e).startswith(("[define]", "uses ")):
                    raise
                raise SymnnError(f"[define] {name}: {e}") from None
        return super()._lookup(name, tree, symbols)

    def depends(self, names: set[str]) -> set[str]:
        """Return every name reached from ``names`` through the definitions."""
        seen: set[str] = set()
        stack = list(names)
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if n in self.definitions:
                stack.extend(self.definitions[n].names())
        return seen


def _plain(v: Any, where: str) -> Any:
    """TOML data with its Decimals and number strings ("-3/2") as exact numbers (and every
    entry checked)."""
    if isinstance(v, list):
        return [_plain(x, where) for x in v]
    if isinstance(v, (Decimal, int, float, str)) and not isinstance(v, bool):
        try:
            return exact(v, where)
        except SymnnError:
            pass
    raise WorksheetError(f"{where}: {visible(repr(v))} is not a number, vector or matrix")


def plain_answer(v: Any) -> Any:
    """Return a student's answer as exact numbers: a number, a fraction string ("-3/2") or a
    list (of lists) of them; anything else, an expression above all, is refused.

    >>> plain_answer("-3/2"), plain_answer([0.5, "1/3"])
    (-3/2, [1/2, 1/3])
    >>> plain_answer("e1_A")
    Traceback (most recent call last):
    ...
    symnn.errors.WorksheetError: write a number (or a list of numbers), not 'e1_A'
    """
    try:
        return _plain(v, "equals")
    except SymnnError:
        shown = visible(repr(v)) if len(repr(v)) <= 60 else visible(repr(v)[:57]) + "..."
        raise WorksheetError(f"write a number (or a list of numbers), not {shown}") from None


def _verdict(index: int, claim: dict[str, Any], evaluator: _NamedEvaluator) -> Verdict:
    name = str(claim.get("name", f"claim {index}"))
    try:
        for key in claim:
            if key not in CLAIM_KEYS:
                raise SymnnError(f"unknown key {key!r}{did_you_mean(key, CLAIM_KEYS)}")
        for key in ("expr", "equals"):
            if key not in claim:
                raise SymnnError(f"missing key {key!r}")
        if not isinstance(claim["expr"], str):
            raise SymnnError("expr must be an expression string")
        with values.budget(CLAIM_WORK, "this claim"):
            value = evaluator.evaluate(parse(claim["expr"]))
            return _compare(name, value, claim, evaluator)
    except SymnnError as e:
        return Verdict(name, "error", message=str(e))
    except (RecursionError, MemoryError, OverflowError, ZeroDivisionError) as e:
        return Verdict(name, "error", message=f"cannot compute this claim ({type(e).__name__})")
    except Exception as e:  # noqa: BLE001  (one claim never stops the others, or a class)
        return Verdict(name, "error", message=f"cannot compute this claim ({type(e).__name__}: "
                       f"{visible(str(e))[:200]}); please report this to symnn's authors")


def _compare(name: str, value: Any, claim: dict[str, Any], evaluator: Evaluator) -> Verdict:
    equals = claim["equals"]
    tol = claim.get("tol")
    places = claim.get("decimals")
    if tol is not None:
        if isinstance(tol, list):
            raise SymnnError(f"tol must be one number, got {tol!r}")
        tol = values.Value(_plain(tol, "tol"))
        if tol.sign() < 0:
            raise SymnnError("tol must not be negative")
    if places is not None and (isinstance(places, bool) or not isinstance(places, int)
                               or not 0 <= places <= 50):
        raise SymnnError("decimals must be a whole number from 0 to 50")
    if isinstance(equals, str) and not _is_number_text(equals):
        claimed = evaluator.evaluate(parse(equals))
        texts = None
    else:
        texts = _texts(equals)
        claimed = evaluator._own(as_value(_plain(equals, "equals"), "equals")
                                 if not isinstance(equals, str) else exact(equals, "equals"))
    got, want = _table(value), _table(claimed)
    flat_texts = [t for row in texts for t in row] if texts else [None] * got.size
    if got.shape != want.shape:
        return _shape_verdict(name, value, got, want, flat_texts, tol, places, equals)
    wrong = []
    for k, (g, w, t) in enumerate(zip(got.ravel(), want.ravel(), flat_texts)):
        if not isinstance(g, values.Value):
            raise SymnnError(f"the value still contains {g}")
        if not _close(g, w, t, tol, places):
            wrong.append(divmod(k, got.shape[1]) if got.shape[0] > 1 else (k,))
    if not wrong:
        return Verdict(name, "correct", value)
    entries = list(got.ravel())
    where = "" if got.shape == (1, 1) else \
        " (entries " + ", ".join(str(list(i)) for i in wrong) + " are off)"
    decimals = [v.decimal(20) if v.exact is not None and abs(v.exact) < 10**15 else None
                for v in entries]
    if all(d is not None and Fraction(d) == v.exact for d, v in zip(decimals, entries)):
        told = bracketed(value, lambda v: v.decimal(20))  # 0.3, not 3/10: the decimal is exact
    else:
        shown = _show(value, _claimed_places(flat_texts, places), flat_texts)
        exact_form = _exact_short(value)
        told = exact_form if exact_form == shown else f"{exact_form} ≈ {shown}"
    return Verdict(name, "wrong", value, f"the value is {told}, not {_written(equals)}{where}",
                   tuple(tuple(i) for i in wrong))


def _shape_verdict(name: str, value: Any, got: np.ndarray, want: np.ndarray, texts: list,
                   tol: Any, places: int | None, equals: Any) -> Verdict:
    """A claim of another shape: correct when both are vectors of the same entries (a row
    written for a column), else a shape problem, never a wrong number."""
    def described(shape: tuple[int, int]) -> str:
        return "a number" if shape == (1, 1) else f"a {shape[0]}x{shape[1]} " + (
            "row" if shape[0] == 1 else "column" if shape[1] == 1 else "matrix")

    vectors = 1 in got.shape and 1 in want.shape and got.size == want.size
    if vectors and all(_close(g, w, t, tol, places) for g, w, t in
                       zip(got.ravel(), want.ravel(), texts)):
        return Verdict(name, "correct", value, f"right numbers, written as {described(want.shape)}"
                       f" for {described(got.shape)}")
    return Verdict(name, "wrong", value, f"a shape problem: the value is {described(got.shape)},"
                   f" {_show(value)}, and the answer {described(want.shape)}, "
                   f"{_written(equals)}", shape_problem=True)


def answer_text(value: Any, limit: int = 200) -> str:
    """Return an answer as it was written: 0.25, [1, 2], [[1, 2], [3, 4]], e1_y (at most
    ``limit`` characters, control characters shown escaped).

    >>> answer_text([[1, 2], ["3/4", 0.5]])
    '[[1, 2], [3/4, 0.5]]'
    """
    if isinstance(value, list):
        text = "[" + ", ".join(answer_text(v, limit) for v in value) + "]"
    else:
        text = str(value)
    text = visible(text)
    return text if len(text) <= limit else text[:limit - 10] + " ..."


def _written(equals: Any) -> str:
    return answer_text(equals, 120)


def _table(x: Any) -> np.ndarray:
    if isinstance(x, np.ndarray):
        return x
    out = np.empty((1, 1), dtype=object)
    out[0, 0] = x
    return out


def _is_number_text(text: str) -> bool:
    try:
        exact(text)
    except SymnnError:
        return False
    return True


def _texts(equals: Any) -> list[list[str]] | None:
    """The claimed numbers as written, to know how many decimals each one shows."""
    def one(v: Any) -> str:
        return str(v) if isinstance(v, (Decimal, int, str)) else repr(v)

    if isinstance(equals, list):
        if equals and isinstance(equals[0], list):
            return [[one(v) for v in row] for row in equals]
        return [[one(v) for v in equals]]
    return [[one(equals)]]


def _close(got: values.Value, want: values.Value, text: str | None, tol: Any,
           places: int | None) -> bool:
    if tol is not None:
        return (tol - abs(got - want)).sign("the distance to the claim") >= 0
    if places is not None:
        half = values.Value(Fraction(1, 2) / 10 ** places)
        return (half - abs(got - want)).sign("the distance to the claim") >= 0
    if text is not None and _is_number_text(text) and ("." in text or "e" in text.lower()):
        return rounding.agrees(got, text)  # written with decimals: rounded to what it shows
    return rounding.equal(got, want)


def _claimed_places(texts: list, places: int | None) -> int:
    if places is not None:
        return places
    decimals = [len(t.split(".")[1].split("e")[0]) for t in texts if t and "." in t]
    return max(decimals, default=10)


def _show(value: Any, places: int = 10, texts: list | None = None) -> str:
    """The value to ``places`` decimals, with more where that would read as the claim."""
    entries = iter(texts or [])

    def one(v: values.Value) -> str:
        if abs(float(v)) >= 1e16:
            return v.decimal(max(places, 10))
        written = next(entries, None)
        text = rounding.fixed(v, places)
        extra = places
        while written is not None and text == written.strip() and extra < places + 20:
            extra += 2
            text = rounding.fixed(v, extra)
        return text

    return bracketed(value, one)


def _exact_short(value: Any) -> str:
    entries = list(value.ravel()) if isinstance(value, np.ndarray) else [value]
    forms = [v.form(limit=12) if v.exact is None or len(str(v.exact)) <= 40 else None
             for v in entries]
    if any(f is None for f in forms):
        return "(a long exact expression)"
    text = iter(exact_text(f) for f in forms)
    return bracketed(value, lambda v: next(text))


def _upstream(verdicts: list[Verdict], claims: list[dict], evaluator: _NamedEvaluator
              ) -> list[Verdict]:
    """Add, to each wrong claim, the other claims it depends on that are wrong too."""
    deps = []
    for claim in claims:
        try:
            deps.append(evaluator.depends(parse(str(claim.get("expr", ""))).names()))
        except SymnnError:
            deps.append(set())
    covers = []
    for claim in claims:
        try:
            tree = parse(str(claim.get("expr", "")))
            covers.append(tree.value if tree.kind == "name" else None)
        except SymnnError:
            covers.append(None)
    out = []
    for i, v in enumerate(verdicts):
        if v.status != "wrong" or v.shape_problem:  # a shape problem is this claim's own
            out.append(v)
            continue
        upstream = [j for j, w in enumerate(verdicts) if j != i and w.status == "wrong" and
                    not w.shape_problem and
                    covers[j] is not None and covers[j] in deps[i] and covers[j] != covers[i]]
        first = [j for j in upstream
                 if not any(k != j and covers[k] in deps[j] and covers[k] != covers[j]
                            for k in upstream)]
        out.append(Verdict(v.name, v.status, v.expected, v.message, v.wrong_entries,
                           tuple(verdicts[j].name for j in upstream),
                           tuple(verdicts[j].name for j in first)))
    return out
