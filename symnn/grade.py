r"""``symnn grade``: a class's worksheets checked against the key, one report per class.

The key is a worksheet (``symnn check`` format) whose claims hold the right answers; a
student's file names the same claims and fills in ``equals``. Only the student's ``equals``
are read: the key's values, definitions and expressions decide, so a sheet cannot change what
it is checked against. Each claim is correct, wrong, an error (an answer that is not a number
of the right shape) or missing; a wrong claim names the first wrong step it depends on. One
malformed file is that student's error and never stops the others. Files are graded in
worker processes, each claim within the checker's work budget.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "key.toml").write_text('[values]\nx = 3\n[define]\nf = "x**2"\n'
...     '[[claim]]\nname = "f"\nexpr = "f"\nequals = 9\n'
...     '[[claim]]\nname = "df/dx"\nexpr = "diff(f, x)"\nequals = 6\n')
>>> (folder / "answers").mkdir()
>>> _ = (folder / "answers" / "kim.toml").write_text(
...     '[[claim]]\nname = "f"\nequals = 9\n[[claim]]\nname = "df/dx"\nequals = 3\n')
>>> report = grade(folder / "answers", folder / "key.toml", jobs=1)
>>> [(c.claim, c.status, c.answer) for c in report.students[0].claims]
[('f', 'correct', '9'), ('df/dx', 'wrong', '3')]
>>> [p.name for p in write_report(report, folder / "grades")]
['grades.csv', 'grades.json']
>>> default_out(folder / "answers").name
'answers-grades'
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from symnn.check import answer_text, check_worksheet, load_worksheet, plain_answer
from symnn.errors import SymnnError, WorksheetError, visible
from symnn.files import csv_text, write_atomic

MAX_FILES = 5000
BLANK = ("?", "")


@dataclass(frozen=True)
class ClaimResult:
    """One student's verdict on one claim of the key."""

    claim: str
    status: str  # correct, wrong, error or missing
    answer: str = ""
    first_wrong: tuple[str, ...] = ()
    message: str = ""


@dataclass(frozen=True)
class StudentResult:
    """One student's claims, in the key's order, and what was wrong with the file itself."""

    student: str
    claims: tuple[ClaimResult, ...]
    error: str = ""
    notes: tuple[str, ...] = ()  # what was ignored in the file (a claim the key lacks)

    @property
    def score(self) -> int:
        """Return how many claims are correct."""
        return sum(c.status == "correct" for c in self.claims)


@dataclass
class ClassReport:
    """Every student's results and, per claim, how the class did."""

    claims: list[str]
    students: list[StudentResult] = field(default_factory=list)

    def summary(self) -> list[dict[str, Any]]:
        """Return, per claim: how many were correct, wrong, errors or missing, and the most
        common wrong answer (what the class misunderstands)."""
        out = []
        for i, name in enumerate(self.claims):
            results = [s.claims[i] for s in self.students]
            counts = Counter(r.status for r in results)
            wrong = Counter(r.answer for r in results if r.status == "wrong")
            common = wrong.most_common(1)
            out.append({"claim": name, "correct": counts["correct"], "wrong": counts["wrong"],
                        "error": counts["error"], "missing": counts["missing"],
                        "most_common_wrong": common[0][0] if common else None,
                        "most_common_wrong_count": common[0][1] if common else 0})
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON data."""
        return {"claims": self.claims, "out_of": len(self.claims),
                "students": [{"student": s.student, "score": s.score, "error": s.error,
                              "notes": list(s.notes),
                              "claims": [{"claim": c.claim, "status": c.status,
                                          "answer": c.answer,
                                          "first_wrong": list(c.first_wrong),
                                          "message": c.message} for c in s.claims]}
                             for s in self.students],
                "summary": self.summary()}

    def csv_text(self) -> str:
        """Return one row per student and claim: student, claim, status, answer, first wrong
        step, message, and the student's score (cells a spreadsheet would take for a formula
        start with ', see :func:`symnn.files.csv_text`)."""
        rows = [["student", "claim", "status", "answer", "first_wrong", "message", "score",
                 "out_of"]]
        for s in self.students:
            for c in s.claims:
                rows.append([s.student, c.claim, c.status, c.answer, "; ".join(c.first_wrong),
                             c.message or s.error, s.score, len(self.claims)])
        return csv_text(rows)


def grade_one(key: dict[str, Any], path: str) -> StudentResult:
    """Return one student's results: their ``equals`` checked with the key's definitions."""
    student = Path(path).stem
    claims = list(key["claim"])
    names = [str(c.get("name")) for c in claims]
    try:
        sheet = load_worksheet(path, follow=False)  # a student's link may point anywhere
        given = sheet.get("claim", [])
        if not isinstance(given, list) or not all(isinstance(c, dict) for c in given):
            raise WorksheetError("expected [[claim]] tables with name and equals")
        answers = {}
        for c in given:
            if "name" in c and "equals" in c:
                answers[str(c["name"])] = c["equals"]
    except Exception as e:  # noqa: BLE001  (one student's file never stops the class)
        return _unreadable(student, names, e)
    misnamed, notes = _misnamed(answers, names)
    results: list[ClaimResult | None] = [None] * len(names)
    asked = []
    for i, n in enumerate(names):
        if n in misnamed:
            written = misnamed[n]
            results[i] = ClaimResult(n, "error", answer_text(answers[written]),
                                     message=visible(f"the sheet calls this claim {written!r}; "
                                                     f"the key's name is {n!r}"))
            continue
        if n not in answers or isinstance(answers[n], str) and answers[n].strip() in BLANK:
            results[i] = ClaimResult(n, "missing")
            continue
        try:
            plain_answer(answers[n])  # a number, never an expression over the key's names
        except SymnnError as e:
            results[i] = ClaimResult(n, "error", answer_text(answers[n]),
                                     message=visible(str(e)))
            continue
        asked.append(i)
    if asked:
        worksheet = {"values": key.get("values", {}), "define": key.get("define", {}),
                     "claim": [{**claims[i], "equals": answers[names[i]]} for i in asked]}
        try:
            report = check_worksheet(worksheet, student)
        except Exception as e:  # noqa: BLE001
            # The key is checked before grading, so whatever goes wrong is this student's
            # file: say so for this student and go on with the others.
            return _unreadable(student, names, e)
        for i, verdict in zip(asked, report.verdicts):
            results[i] = ClaimResult(names[i], verdict.status, answer_text(answers[names[i]]),
                                     verdict.first_wrong, visible(verdict.message))
    return StudentResult(student, tuple(r for r in results if r is not None), notes=notes)


def _misnamed(answers: dict[str, Any], names: list[str]) -> tuple[dict[str, str], tuple]:
    """The key's claims a sheet answers under another name ('3.L' for '3. L'), each with the
    name written, and notes on names that are close to none of the key's."""
    unanswered = [n for n in names if n not in answers]
    misnamed: dict[str, str] = {}
    notes = []
    for written in (n for n in answers if n not in names):
        close = get_close_matches(written, [n for n in unanswered if n not in misnamed], n=1,
                                  cutoff=0.6)
        if close:
            misnamed[close[0]] = written
        else:
            notes.append(visible(f"claim {written!r} is not in the key (ignored)"))
    return misnamed, tuple(notes)


def _unreadable(student: str, names: list[str], error: Exception) -> StudentResult:
    """A file that cannot be graded: every claim is an error, with the reason."""
    message = visible(str(error)) if isinstance(error, SymnnError) else \
        f"cannot check this file ({type(error).__name__})"
    return StudentResult(student, tuple(ClaimResult(n, "error", message=message)
                                        for n in names), error=message)


def _grade_many(key: dict[str, Any] | None, paths: list[str]) -> list[StudentResult]:
    return [grade_one(key, p) if key is not None else grade_own(p) for p in paths]


def grade(answers: str | Path, key_path: str | Path | None = None, jobs: int | None = None,
          progress: Callable[[int, int], None] | None = None) -> ClassReport:
    """Return the class report for every ``*.toml`` in the folder ``answers``, checked
    against the key worksheet ``key_path``; ``jobs`` worker processes (default: the cores).

    Without a key, each sheet is checked against its own ``[values]`` and ``[define]``, as
    ``symnn check`` reads it, and the report lists every claim any sheet makes.
    """
    key = None if key_path is None else read_key(key_path)
    folder = Path(answers)
    if not folder.is_dir():
        raise WorksheetError("not a folder of worksheets", source=str(folder))
    paths = sorted(str(p) for p in folder.glob("*.toml")
                   if key_path is None or not _same_file(p, key_path))
    if not paths:
        raise WorksheetError("no .toml worksheets in this folder", source=str(folder))
    if len(paths) > MAX_FILES:
        raise WorksheetError(f"{len(paths)} files; symnn grades at most {MAX_FILES} at once",
                             source=str(folder))
    report = ClassReport([] if key is None else [str(c["name"]) for c in key["claim"]])
    workers = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    chunk = max(1, min(25, len(paths) // (workers * 4) or 1))
    batches = [paths[i:i + chunk] for i in range(0, len(paths), chunk)]
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        run = pool.map if pool is not None else map
        for batch in run(_grade_many, [key] * len(batches), batches):
            report.students.extend(batch)
            if progress:
                progress(len(report.students), len(paths))
    if key is None:
        _align(report)
    return report


def read_key(key_path: str | Path) -> dict[str, Any]:
    """Return the key worksheet at ``key_path``, checked: a malformed key is the teacher's
    error, said once before any sheet is graded."""
    key = load_worksheet(key_path)
    claims = key.get("claim") if isinstance(key, dict) else None
    if not isinstance(claims, list) or not claims or \
            not all(isinstance(c, dict) and "name" in c and "expr" in c for c in claims):
        raise WorksheetError("the key needs [[claim]] tables with name, expr and equals",
                             source=str(key_path))
    names = [str(c["name"]) for c in claims]
    if len(set(names)) != len(names):
        raise WorksheetError("two claims of the key have the same name", source=str(key_path))
    # a malformed key is the teacher's error, said once before any student is graded
    for verdict in check_worksheet(key, str(key_path)).verdicts:
        if verdict.status != "correct":
            problem = verdict.message if verdict.status == "error" else \
                f"its own equals is wrong ({verdict.message})"
            raise WorksheetError(f"claim {visible(verdict.name)!r} of the key: {problem}",
                                 source=str(key_path))
    return key


def grade_own(path: str) -> StudentResult:
    """Return one sheet's results against its own values and definitions (no key)."""
    student = Path(path).stem
    try:
        sheet = load_worksheet(path, follow=False)  # a student's link may point anywhere
        report = check_worksheet(sheet, student)
    except Exception as e:  # noqa: BLE001  (one student's file never stops the class)
        return StudentResult(student, (), error=visible(str(e)) if isinstance(e, SymnnError)
                             else f"cannot check this file ({type(e).__name__})")
    written = [c.get("equals", "") if isinstance(c, dict) else "" for c in sheet["claim"]]
    return StudentResult(student, tuple(
        ClaimResult(v.name, v.status, answer_text(w), v.first_wrong, visible(v.message))
        for v, w in zip(report.verdicts, written)))


def _align(report: ClassReport) -> None:
    """Without a key: every claim any sheet makes, in the order first seen, and each
    student's results in that order (missing where a sheet lacks it)."""
    for s in report.students:
        for c in s.claims:
            if c.claim not in report.claims:
                report.claims.append(c.claim)
    for k, s in enumerate(report.students):
        own = {}
        for c in s.claims:
            own.setdefault(c.claim, c)
        status = "error" if s.error else "missing"
        report.students[k] = StudentResult(
            s.student, tuple(own.get(n, ClaimResult(n, status, message=s.error))
                             for n in report.claims), s.error, s.notes)


def _same_file(path: Path, other: str | Path) -> bool:
    """Whether two paths name one file (False where either cannot be looked at: a link loop)."""
    try:
        return os.path.samefile(path, other)
    except (OSError, ValueError):
        return False


def default_out(answers: str | Path) -> Path:
    """Return where ``grade`` writes its reports by default: a folder beside the answers
    (``answers-grades``), never inside what the students control.

    >>> default_out("week5/answers") == Path("week5/answers-grades").absolute()
    True
    """
    folder = Path(os.path.abspath(answers))
    return folder.parent / f"{folder.name or 'answers'}-grades"


def write_report(report: ClassReport, out: str | Path) -> tuple[Path, Path]:
    """Write ``grades.csv`` and ``grades.json`` in the folder ``out``; return their paths.

    Each replaces its path whole (a link planted there is replaced, never written through).
    """
    out = Path(out)
    csv_path, json_path = out / "grades.csv", out / "grades.json"
    write_atomic(csv_path, report.csv_text(), WorksheetError, root=out)
    write_atomic(json_path, json.dumps(report.to_dict(), ensure_ascii=False, indent=1),
                 WorksheetError, root=out)
    return csv_path, json_path
