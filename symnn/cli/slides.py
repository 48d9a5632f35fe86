"""``symnn list``, ``show``, ``build`` and ``deck``: the lecture's catalog and decks of slides."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from symnn import stamps
from symnn.cli.common import build_options


def catalog_module():
    from symnn import catalog as derivations

    return derivations


def cmd_list(args: argparse.Namespace) -> int:
    catalog = catalog_module()
    summaries = {name: summary for name, _, summary in catalog.CATALOG}
    parts = catalog.parts()
    if args.json:
        print(json.dumps([{"name": n, "summary": summaries[n](args.lang), "part": p}
                          for p, (_, names) in enumerate(parts, start=1) for n in names],
                         ensure_ascii=False))
        return 0
    width = max(len(n) for n in catalog.names())
    for index, (title, names) in enumerate(parts, start=1):
        print(f"{index}. {title(args.lang)}")
        for name in names:
            print(f"  {name:<{width}}  {summaries[name](args.lang)}")
    return 0


def page_digits(text: str) -> int:
    """--digits of the lecture's pages: a whole number from 2 to 12."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 2 <= n <= 12:
        raise argparse.ArgumentTypeError(f"{n} is not between 2 and 12")
    return n


def cmd_show(args: argparse.Namespace) -> int:
    catalog = catalog_module()
    with catalog.digits.showing(args.digits):
        d = catalog.derivation(args.name)
    print(d.render(args.format, args.lang))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from symnn.build import SLIDES
    from symnn.deck import LANGS
    from symnn.errors import RenderError
    from symnn.render.inline import check_text

    for option in ("title", "subtitle", "course", "author", "date"):
        words = getattr(args, option)
        try:
            if words is not None:
                check_text(words)
        except RenderError as e:
            raise RenderError(f"--{option}: {e.message}") from None
    catalog = catalog_module()
    for name in args.only or []:
        catalog.derivation(name)  # an unknown name is an error that suggests close ones
    made_from = _build_inputs(args)
    if made_from is not None:
        kept = stamps.unchanged(Path(args.out), made_from)
        if kept is not None:
            print(f"nothing changed since the last build in {args.out}/ (the same symnn, "
                  f"options and TeX engine): its {len(kept)} files are up to date")
            return 0
    with catalog.digits.showing(args.digits):
        lecture = catalog.lecture(args.only, title=args.title, subtitle=args.subtitle,
                                  course=args.course, author=args.author, date=args.date)
    return build_deck(lecture, args, LANGS[args.lang], SLIDES, made_from)


def _build_inputs(args: argparse.Namespace) -> str | None:
    """What ``symnn build`` makes its files from: symnn's code, the options, the date on the
    title page and the engine (None without PDFs: then there is nothing slow to skip)."""
    from symnn.render.beamer import today

    if args.no_pdf:
        return None
    options = [args.lang, args.only, args.digits, args.title, args.subtitle, args.course,
               args.author, args.date or [today("en"), today("ko")]]
    return stamps.key(json.dumps(options), args.engine, args.tex_time_limit,
                      stamps.code_inputs())


def build_deck(deck: Any, args: argparse.Namespace, langs: list[str], slides: str,
               made_from: str | None = None) -> int:
    """Build a deck as ``build`` and ``deck`` do: sources, figures, slides, and PDFs; given
    what the build is ``made_from``, a stamp of every file when it all compiled."""
    from symnn.build import build

    engine = None if args.no_pdf else args.engine
    out = Path(args.out)
    if made_from is not None:
        stamps.forget(out)
    report = build(deck, out, langs, engine=engine, slides_name=slides,
                   progress=lambda line: print(line, flush=True),
                   tex_time_limit=args.tex_time_limit)
    if made_from is not None and report.ok and report.engine is not None:
        stamps.remember(out, made_from, report.written + report.compiled + report.current)
    made = {p.relative_to(args.out).as_posix() for p in report.compiled + report.current}
    pdfs = [f"{lang}/{slides}.pdf" for lang in langs if f"{lang}/{slides}.pdf" in made]
    sources = [f"{lang}/{slides}.tex" for lang in langs]
    kept = f"{len(report.current)} up to date, " if report.current else ""
    print(f"done: {len(report.written)} files written, {len(report.compiled)} PDFs compiled, "
          f"{kept}{len(report.failures)} failed, in {args.out}/ (the slides: "
          f"{', '.join(pdfs or sources)})")
    return 0 if report.ok else 1


def cmd_deck(args: argparse.Namespace) -> int:
    from symnn.deck import LANGS, load_deck_file

    deck, langs = load_deck_file(args.deck, args.only)
    return build_deck(deck, args, LANGS[args.lang] if args.lang else langs,
                      f"{Path(args.deck).stem}-slides")


def digits_argument(p: argparse.ArgumentParser) -> None:
    """--digits N: significant digits of the decimals on the lecture's pages."""
    from symnn.catalog.digits import DEFAULT

    p.add_argument("--digits", type=page_digits, default=DEFAULT, metavar="N",
                   help=f"significant digits of decimals on the pages, 2 to 12 (default "
                        f"{DEFAULT}; the lecture's own printed values keep their digits)")


def register(sub: Any) -> None:
    """Add list, show, build, deck to the ``symnn`` command."""
    p = sub.add_parser("list", help="the lecture's derivations, one line each",
                       description="List the catalog of the lecture's derivations in order.")
    p.add_argument("--lang", choices=["en", "ko"], default="en", help="language of the titles")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser(
        "show", help="print one derivation (text, LaTeX, Markdown or Beamer)",
        description="Print one derivation of the catalog in the terminal or as source.",
        epilog="examples:\n  symnn show chain_rule\n  symnn show softmax --format latex --lang ko",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("name", help="a name from 'symnn list'")
    p.add_argument("--format", choices=["text", "latex", "document", "markdown", "beamer"],
                   default="text",
                   help="text for the terminal; latex (a fragment), document (a whole .tex), "
                        "markdown or beamer (frames) as source")
    p.add_argument("--lang", choices=["en", "ko"], default="en", help="language of the words")
    digits_argument(p)
    p.set_defaults(run=cmd_show)

    p = sub.add_parser(
        "build", help="write the whole lecture: .tex, .md, figures, slides, PDFs",
        description="Write every derivation as LaTeX and Markdown, the figures, and one Beamer "
                    "deck of the whole lecture (lecture-slides.tex), in English and Korean; "
                    "compile PDFs when pdflatex is on PATH. Exit status 1 if a file fails to "
                    "compile (its log's relevant lines are shown).",
        epilog="examples:\n  symnn build\n  symnn build --out slides --lang ko\n"
               "  symnn build --only chain_rule apple_graph --no-pdf",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    build_options(p, "both", "language of the pages", "build only these derivations")
    p.add_argument("--title", help="title on the slides' title page "
                                   "(default: Neural network basics / 신경망의 기초)")
    p.add_argument("--subtitle", help="subtitle on the title page")
    p.add_argument("--course", help="course name on the title page")
    p.add_argument("--author", help="author (lecturer) on the title page (default: none)")
    p.add_argument("--date", help="date on the title page, as written (default: none)")
    digits_argument(p)
    p.set_defaults(run=cmd_build)

    p = sub.add_parser(
        "deck", help="build a deck file: your own lecture as Beamer slides, LaTeX, Markdown",
        description="Build the deck a deck file (TOML) lists: catalog entries, your own networks "
                    "(forward pass, one training step), expressions (gradient, graph), truth "
                    "tables, worksheets and text frames, in sections, with a title page. Writes "
                    "one Beamer deck and each item as LaTeX and Markdown, in English and/or "
                    "Korean, and compiles PDFs when pdflatex is on PATH.",
        epilog="a deck file:\n"
               "  title = \"Backpropagation by hand\"\n  author = \"A. Teacher\"\n"
               "  lang = \"en\"            # en, ko or both\n\n"
               "  [[section]]\n  title = \"One step\"\n\n"
               "  [[section.item]]\n  step = \"net.toml\"      # a spec file beside the deck\n"
               "  show = [\"w5\", \"w1\"]\n\n"
               "  [[section.item]]\n  graph = \"(a + b) * (b + 1)\"\n  at = { a = 1, b = 2 }\n\n"
               "items: catalog = NAME, forward = SPEC, step = SPEC (show, rate), grad = EXPR "
               "(at), graph = EXPR (at), separable = TABLE, check = WORKSHEET, text = TEXT; "
               "each may have title and name\n\nexample: symnn deck examples/deck.toml --out "
               "slides",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("deck", help="deck file (TOML)")
    build_options(p, None, "language of the pages (default: the deck file's lang, else both)",
                   "build only the items of these names")
    p.set_defaults(run=cmd_deck)
