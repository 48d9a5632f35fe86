"""``symnn check``, ``exercise`` and ``grade``: worksheets, exercises and grading a class."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import symnn
from symnn.cli.common import digits_option, format_options, rendered, tex_time_option
from symnn.errors import visible


def cmd_check(args: argparse.Namespace) -> int:
    from symnn import worked

    if args.key is not None:
        return check_against_key(args)
    report = symnn.check_worksheet(args.worksheet)
    if rendered(args, lambda: worked.check_derivation(report, args.digits)):
        return report.exit_status
    if args.json:
        print(json.dumps(report.to_dict(exact=args.exact)))
    else:
        print(report.text(exact=args.exact))
    return report.exit_status


def check_against_key(args: argparse.Namespace) -> int:
    """``check SHEET --key KEY``: one student's sheet graded as ``grade`` grades a class."""
    from symnn.errors import WorksheetError
    from symnn.grade import grade_one, read_key

    if args.format not in ("text", "json"):
        raise WorksheetError("with --key, the result is text or --json (a derivation needs "
                             "the sheet's own definitions)")
    result = grade_one(read_key(args.key), args.worksheet)
    if result.error:
        raise WorksheetError(result.error, source=args.worksheet)
    statuses = {c.status for c in result.claims}
    status = 2 if "error" in statuses else 1 if statuses - {"correct"} else 0
    if args.json:
        print(json.dumps({"student": result.student, "score": result.score,
                          "out_of": len(result.claims), "notes": list(result.notes),
                          "claims": [c.__dict__ | {"first_wrong": list(c.first_wrong)}
                                     for c in result.claims]}, ensure_ascii=False))
        return status
    marks = {"correct": "ok     ", "wrong": "WRONG  ", "error": "ERROR  ", "missing": "missing"}
    print(f"{visible(args.worksheet)} against {visible(args.key)}:")
    for c in result.claims:
        print(f"  {marks[c.status]}  {visible(c.claim)}" + (f": {c.message}" if c.message else ""))
        if c.first_wrong:
            print("           first wrong step: " + ", ".join(visible(n) for n in c.first_wrong))
    for note in result.notes:
        print(f"  note: {note}")
    print(f"{result.score} of {len(result.claims)} correct")
    return status


def cmd_exercise(args: argparse.Namespace) -> int:
    import shutil

    from symnn.answers import answer_key
    from symnn.build import compile_tex
    from symnn.exercise import (
        exercises,
        key_worksheet,
        problem_sheet,
        sheet_titles,
        toml_text,
    )
    from symnn.files import write_atomic

    items = exercises(args.kind, args.seed, args.count)
    title, key_title = sheet_titles(args.kind, args.seed)
    out = Path(args.out)
    problems, answers = problem_sheet(items, title), answer_key(items, key_title)
    files = {"problems.md": problems.render("markdown", args.lang),
             "problems.tex": problems.render("document", args.lang),
             "answers.md": answers.render("markdown", args.lang),
             "answers.tex": answers.render("document", args.lang),
             "worksheet.toml": toml_text(key_worksheet(items), blank=True),
             "key.toml": toml_text(key_worksheet(items))}
    for name, text in files.items():
        write_atomic(out / name, text, root=out)
        print(f"wrote {out / name}")
    if not args.no_pdf and shutil.which("pdflatex"):
        for name in ("problems.tex", "answers.tex"):
            result = compile_tex(files[name], "pdflatex", args.tex_time_limit)
            if not result.ok:
                print(f"  {name} FAILED: {result.error}")
                return 1
            write_atomic(out / name.replace(".tex", ".pdf"), result.pdf, root=out)
            print(f"  {name} -> .pdf")
    print(f"done: {len(items)} {args.kind} exercise{'s' * (len(items) > 1)}; students fill in "
          f"{out / 'worksheet.toml'}, and 'symnn grade FOLDER --key {out / 'key.toml'}' "
          "checks a class")
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from symnn.grade import default_out, grade, write_report

    def progress(done: int, total: int) -> None:
        if done == total or done % max(1, total // 10) < 25:
            print(f"graded {done}/{total}", file=sys.stderr, flush=True)

    report = grade(args.answers, args.key, args.jobs, progress)
    csv_path, json_path = write_report(report, args.out or default_out(args.answers))
    summary = report.summary()
    scores = [s.score for s in report.students]
    print(f"{len(report.students)} worksheets, {len(report.claims)} claims each; mean score "
          f"{sum(scores) / len(scores):.1f} of {len(report.claims)}")
    for row in summary:
        common = "" if row["most_common_wrong"] is None else \
            (f"; most common wrong answer {row['most_common_wrong']} "
             f"({row['most_common_wrong_count']})")
        print(f"  {visible(row['claim'])}: {row['correct']} correct, {row['wrong']} wrong, "
              f"{row['error']} error, {row['missing']} missing{common}")
    for s in report.students:
        for line in ([s.error] if s.error else []) + list(s.notes):
            print(f"  {visible(s.student)}: {line}")
    print(f"wrote {csv_path} and {json_path}")
    return 0


def register(sub: Any) -> None:
    """Add check, exercise, grade to the ``symnn`` command."""
    p = sub.add_parser(
        "check", help="check a worksheet of hand-computed claims; show where it went wrong",
        description="Check every claim of a worksheet (TOML) exactly. Exit status 0 when all "
                    "are correct, 1 when any is wrong, 2 when the worksheet cannot be read or "
                    "a claim or definition is malformed.",
        epilog="worksheet:\n  [values]\n  X = [1.0, 0.5]\n  W1 = [[0.1, 0.3, 0.5], "
               "[0.2, 0.4, 0.6]]\n  B1 = [0.1, 0.2, 0.3]\n  [define]\n"
               "  Z1 = \"sigmoid(X @ W1 + B1)\"\n  [[claim]]\n  name = \"Z1 by hand\"\n"
               "  expr = \"Z1\"\n  equals = [0.5744, 0.6682, 0.7503]\n\n"
               "a number with k decimals is correct within half a unit of its last digit; "
               "whole numbers and fractions must be exact; decimals = n or tol = x per claim.\n"
               "expressions: numbers, names, + - * / ** @, T(M), Z[0], W[0, 1], "
               "diff(expr, name), exp, log, sqrt, sum, the activations and losses",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("worksheet", help="worksheet file (TOML)")
    p.add_argument("--key", default=None, metavar="KEY",
                   help="check a student's worksheet (claims with equals only, as 'symnn "
                        "exercise' writes it) against this key, as 'symnn grade' does")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--exact", action="store_true",
                   help="show each claim's exact value (with --json, 'expected' as exact "
                        "strings)")
    format_options(p)
    p.add_argument("--digits", type=digits_option, default=6, metavar="N",
                   help="significant digits of the values in a derivation")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser(
        "exercise", help="make exercises with hand-friendly numbers, their key and worksheet",
        description="Make exercises of one kind with numbers a person can work by hand (searched "
                    "and checked exactly), and write the problem sheet and the answer key "
                    "(Markdown and LaTeX, PDF when pdflatex is on PATH), the worksheet students "
                    "fill in and the key 'symnn grade' checks them against. The same seed gives "
                    "the same sheet.",
        epilog="kinds: gate, separable, forward, softmax, loss, graph, step, numeric; and two "
               "steps of an optimizer on one weight: momentum, adagrad, rmsprop, adam\n\n"
               "examples:\n  symnn exercise step --count 3 --seed 7 --lang ko --out week5\n"
               "  symnn exercise adam --count 2 --out week6",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", help="the kind of exercise (see below)")
    p.add_argument("--seed", type=int, default=0, help="seed of the numbers")
    p.add_argument("--count", type=int, default=3, help="how many exercises, 1 to 50")
    p.add_argument("--lang", choices=["en", "ko"], default="en", help="language of the sheets")
    p.add_argument("--out", default="exercises", help="output folder")
    p.add_argument("--no-pdf", action="store_true", help="write the sources only")
    tex_time_option(p)
    p.set_defaults(run=cmd_exercise)

    p = sub.add_parser(
        "grade", help="check a folder of students' worksheets against a key; CSV and JSON",
        description="Check every student's worksheet (*.toml) in a folder against the key: per "
                    "student and claim correct, wrong, error or missing, the first wrong step "
                    "and a score; per claim how many got it right and the most common wrong "
                    "answer. Only the students' equals are read; the key decides. Writes "
                    "grades.csv and grades.json (by default in ANSWERS-grades beside the folder); "
                    "a malformed file is that student's error.",
        epilog="example: symnn grade answers/ --key week5/key.toml --out week5",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("answers", help="folder of the students' worksheets (one .toml each)")
    p.add_argument("--key", default=None,
                   help="the key worksheet (from symnn exercise); without it each sheet is "
                        "checked against its own [values] and [define], as 'symnn check' does")
    p.add_argument("--out", default=None,
                   help="folder for the reports (default: ANSWERS-grades beside the answers "
                        "folder, never inside it)")
    p.add_argument("--jobs", type=int, default=None,
                   help="worker processes (default: the machine's cores)")
    p.set_defaults(run=cmd_grade)
