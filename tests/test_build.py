"""`symnn build` and the pages it makes, looked at the way a lecturer would: every file compiled
by a real TeX engine, every page turned into a picture, and the text of every page checked for
what a look would catch (broken matrices, ¿ for >, near-empty frames, English on Korean pages).
"""

import functools
import os
import re
import shutil
import stat
import subprocess

import pytest

from symnn import catalog as derivations
from tests.conftest import run_symnn

HAVE_TEX = shutil.which("pdflatex") is not None and shutil.which("pdftotext") is not None
needs_tex = pytest.mark.skipif(not HAVE_TEX and not os.environ.get("CI"),
                               reason="pdflatex and poppler not installed (CI installs them)")
LECTURE_NUMBERS = ["0.57444252", "0.66818777", "0.75026011", "0.51615984", "1.21402696",
                   "0.62624937", "0.7710107", "0.31682708", "0.69627909", "0.40625907",
                   "0.59374093", "220", "715", "2.2", "110"]
TOOLS = re.compile(r"symnn|sympy|numpy|matplotlib|pytest|scikit|\bjax\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = run_symnn("build", "--out", str(out), "--course", "Machine learning 101",
                       "--author", "Dr. Kim", "--date", "2026-11-28", timeout=1200)
    return out, result


def page_texts(pdf):
    """The text of each page of a PDF, as pdftotext reads it."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
                           capture_output=True, text=True).stdout for i in range(1, count + 1)]


@needs_tex
def test_build_compiles_every_file_in_both_languages(built):
    out, result = built
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    for lang in ("en", "ko"):
        for name in derivations.names():
            assert (out / lang / f"{name}.tex").exists()
            assert (out / lang / f"{name}.md").exists()
            assert (out / lang / f"{name}.pdf").stat().st_size > 1000
        assert (out / lang / "lecture-slides.pdf").stat().st_size > 10000
        for tex in (out / lang / "figures").glob("*.tex"):
            assert tex.with_suffix(".pdf").exists(), tex
    # The build fails any file whose frame is taller than the slide or whose line is wider
    # than the page (TeX's Overfull boxes), so 0 failed means every page fits.
    assert "0 failed" in result.stdout
    total = 2 * len(derivations.names())
    assert f"[1/{total}] en/history" in result.stdout


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_deck_shows_the_lectures_numbers_readably(built, lang):
    out, _ = built
    pages = page_texts(out / lang / "lecture-slides.pdf")
    text = "\n".join(pages)
    for number in LECTURE_NUMBERS:
        assert number in text, number
    assert re.search(r"9\s+12\s+15", text)                     # the matrix product's entries
    assert re.search(r"0\.57444252\s+0\.66818777\s+0\.75026011", text)
    for broken in ("¿", "¡", "0for", "zfor", "otherwise", "Matrix(", "\\frac", "\\left"):
        assert broken not in text, broken
    prose = without_code(text)
    assert "_" not in prose                     # y_k set as math, never a literal underscore
    assert not re.search(r"\d\.\d+\.\d", prose)  # no matrix entries run together
    assert not re.search(r"\d{12,}", prose)     # no ten-digit decimals or long rationals


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_deck_has_structure(built, lang):
    out, _ = built
    pages = page_texts(out / lang / "lecture-slides.pdf")
    # Figures too large to stand beside their steps have slides of their own (never shrunk).
    assert 50 <= len(pages) <= 85
    title = pages[0]
    assert "Machine learning 101" in title and "Dr. Kim" in title and "2026-11-28" in title
    assert ("신경망의 기초" if lang == "ko" else "Neural network basics") in title
    outline = "목차" if lang == "ko" else "Outline"
    assert sum(outline in p for p in pages) == len(derivations.parts())
    for k, page in enumerate(pages[1:], start=2):
        assert re.search(rf"\b{k} / {len(pages)}\b", page), f"page {k} has no number"
    erratum = "강의 자료의 오류" if lang == "ko" else "Erratum"
    errata = [p for p in pages if erratum in p]
    assert len(errata) >= 3
    softmax = next(p for p in errata if "0.40625907" in p)
    assert "0.31682708" in softmax               # the printed value beside the right one
    assert "0.4063" in softmax                   # and the right one, as the pages show numbers
    # the factor 2 of gradient descent is a convention, set apart but not as an erratum
    rule = "경사하강법 — 갱신 규칙" if lang == "ko" else "Gradient descent — the update rule"
    descent = next(p for p in pages if rule in p)
    assert erratum not in descent
    assert ("정리" if lang == "ko" else "Summary") in pages[-1]  # a closing summary


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_frame_is_a_stub(built, lang):
    """Every slide below its title is filled at least a third of the way down (a split frame
    that left one line on a slide of its own is a stub)."""
    out, _ = built
    pages = page_texts(out / lang / "lecture-slides.pdf")
    outline = "목차" if lang == "ko" else "Outline"
    for k, (words, (_, height)) in enumerate(word_places(
            out / lang / "lecture-slides.pdf"), start=1):
        if k == 1 or outline in pages[k - 1].splitlines()[0]:
            continue
        title = min(y1 for _, y0, y1 in words)  # the frame title's bar
        body = [(y0, y1) for w, y0, y1 in words if y0 > title + 4 and y1 < height - 12]
        filled = (max(y1 for _, y1 in body) - title) / (height - 12 - title) if body else 0
        assert filled > 1 / 3, f"page {k} is filled {filled:.0%}: {pages[k - 1][:200]!r}"


@needs_tex
def test_korean_slides_carry_no_english_words(built):
    out, _ = built
    words = {lang: set(re.findall(r"[A-Za-z]{3,}", without_code("\n".join(
        page_texts(out / lang / "lecture-slides.pdf"))))) for lang in ("en", "ko")}
    # Names of functions and gates are the same in both decks; sentences are not.  The
    # lecture's code is the same in both (its lines are taken out above).
    allowed = {"AND", "NAND", "OR", "XOR", "ReLU", "MSE", "SVM", "PDP", "Perceptrons", "cost",
               "log", "exp", "max", "lim", "round", "Machine", "learning", "Kim",
               "softmax",  # the lecture's function, as its code names it
               "Cea", "eak", "eai", "eaj", "maxi", "wji", "wxi", "elog", "Pn"}  # formulas
    english = words["ko"] & words["en"] - allowed
    assert not english, english


@needs_tex
def test_korean_particles_follow_the_numbers_as_read(built):
    """6을, 2를, 100과: the particle after a number is the one its Korean reading takes (the
    review found "6를")."""
    from symnn.render.inline import particle

    out, _ = built
    text = without_code("\n".join(page_texts(out / "ko" / "lecture-slides.pdf")))
    seen = 0
    for m in re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)\s?(을|를|과|와)(?=[\s,.)]|$)", text):
        number, found = m.groups()
        pair = "을/를" if found in "을를" else "과/와"
        assert found == particle(number, pair), m.group(0)
        seen += 1
    assert seen >= 3


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_program_is_shown_on_two_slides_in_a_row(built, lang):
    """A frame with a program beside it fits one slide: a split frame repeats its program
    (the review found each gate's code twice, a plot on one slide and a line on the other)."""
    out, _ = built
    pages = [" ".join(p.split()) for p in page_texts(out / lang / "lecture-slides.pdf")]
    for listing in listings():
        first = " ".join(listing.code.strip().splitlines()[0].split())
        showing = [k for k, p in enumerate(pages, start=1) if first in p]
        assert all(b - a > 1 for a, b in zip(showing, showing[1:])), (first, showing)


@functools.cache
def listings():
    """Every program the lecture's slides show (the derivations made once for every test)."""
    return tuple(listing for name in derivations.names()
                 for listing in derivations.derivation(name).listings())


def without_code(text):
    """The text with the lines of the lecture's programs and their outputs taken out (the
    code is the lecture's, the same in both languages)."""
    lines = {" ".join(line.split()) for listing in listings()
             for line in (listing.code + "\n" + listing.output).splitlines() if line.strip()}
    out = []
    for row in text.splitlines():
        flat = " ".join(row.split())
        for line in sorted(lines, key=len, reverse=True):
            flat = flat.replace(line, " ")
        out.append(flat)
    return "\n".join(out)


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_listing_shows_what_running_it_prints(built, lang):
    """The slide with a program shows its output as running the program printed it (the test
    of test_derivations runs every program again in a fresh Python)."""
    out, _ = built
    pages = [" ".join(p.split()) for p in page_texts(out / lang / "lecture-slides.pdf")]
    for listing in listings():
        first = " ".join(listing.code.strip().splitlines()[0].split())
        showing = [p for p in pages if first in p]
        assert showing, first
        for line in listing.output.strip().splitlines():
            assert any(" ".join(line.split()) in p for p in showing), (first, line)


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_tool_names_on_the_students_pages(built, lang):
    out, _ = built
    for k, page in enumerate(page_texts(out / lang / "lecture-slides.pdf"), start=1):
        found = TOOLS.findall(without_code(page))
        assert not found, (k, found)
    source = (out / lang / "lecture-slides.tex").read_text()
    assert r"\note{" in source and "SymPy" in source  # how it was computed: speaker notes


def _significant(number):
    digits = number.lstrip("−-").replace(".", "").lstrip("0")
    return len(digits)


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_numbers_show_four_digits_unless_the_lecture_printed_more(built, lang):
    """A decimal has at most 4 significant digits (the default of --digits) unless it is one
    the lecture printed (quoted or corrected) or a program's output."""
    from symnn.catalog.forward_pass import PRINTED

    out, _ = built
    allowed = {v for values in PRINTED.values() for v in values}
    for listing in listings():
        allowed |= set(re.findall(r"\d+\.\d+", listing.output + listing.code))
    for k, page in enumerate(page_texts(out / lang / "lecture-slides.pdf"), start=1):
        for number in re.findall(r"\d+\.\d+", page):
            assert _significant(number) <= 4 or number in allowed, (k, number)


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_softmax_numerators_are_their_own_exponentials(built, lang):
    """y_k = e^{a_k} / ..., y_1 = e^{a_1} / ...: the exponent above a fraction bar after
    y_i = is a_i (pdftotext sets a fraction's numerator on the line above)."""
    out, _ = built
    seen = set()
    for page in page_texts(out / lang / "lecture-slides.pdf"):
        lines = page.splitlines()
        for i, line in enumerate(lines[1:], start=1):
            for m in re.finditer(r"\by([1-9k])\s*=", line):
                above = lines[i - 1][m.end() - 1:m.end() + 14]
                top = re.search(r"e\s?a\s?([1-9k])", above)
                if top:
                    assert top.group(1) == m.group(1), (line, lines[i - 1])
                    seen.add(m.group(1))
    assert {"k", "1"} <= seen  # the general formula and the lecture's output layer


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_symbols_keep_to_the_notation_table(built, lang):
    """The loss is E (L and cost only where the notation page says the lecture writes
    them), the activation's input is a, and every derivative is of a letter of the table
    (or, on a computational graph's pages, of its nodes)."""
    out, _ = built
    pages = page_texts(out / lang / "lecture-slides.pdf")
    letters = "표기법" if lang == "ko" else "Notation"
    graphs = ("계산 그래프", "연쇄법칙", "순방향", "Computational graph", "chain rule",
              "Forward and reverse", "덧셈 노드", "add and multiply")
    for k, page in enumerate(pages, start=1):
        title = page.splitlines()[0] if page.strip() else ""
        if letters in title:
            continue
        math = without_code(page)
        assert not re.search(r"∂\s?[LJ]\b|\bcost\b", math), (k, title)
        assert not re.search(r"(ReLU|σ|\bh)\s?\(\s?z\b", math), (k, title)
        if any(g in title for g in graphs):
            continue
        for letter in re.findall(r"∂\s?([A-Za-z])", math.replace("ReLU", "")):
            # h: the activation; e: the exponential e^{a_k} in the softmax's quotient rule;
            # else a letter the page itself defines (S = Σ e^{a_i})
            assert letter in "Eawbyxzfhe" or re.search(rf"\b{letter}\s?=", math), \
                (k, title, letter)


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_turns_into_a_picture(built, lang, tmp_path):
    out, _ = built
    pdf = out / lang / "lecture-slides.pdf"
    done = subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    pictures = sorted(tmp_path.glob("p-*.png"))
    assert len(pictures) == len(page_texts(pdf))
    # A page that drew nothing compresses to almost nothing.
    assert all(p.stat().st_size > 2000 for p in pictures)


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_standalone_pdf_reads_cleanly(built, lang):
    out, _ = built
    for name in derivations.names():
        text = "\n".join(page_texts(out / lang / f"{name}.pdf"))
        assert derivations.derivation(name).title(lang) in text.replace("\n", " ") or \
            derivations.derivation(name).title(lang).split()[0] in text
        assert "¿" not in text and "Matrix(" not in text and "_" not in without_code(text)


@needs_tex
def test_the_deck_never_shrinks_text(built):
    out, _ = built
    for lang in ("en", "ko"):
        source = (out / lang / "lecture-slides.tex").read_text()
        assert r"\fitwidth" not in source and r"\tiny" not in source
        assert r"\scriptsize" not in source and r"\resizebox" not in source
        # A figure alone on its slide may be drawn larger; none is drawn smaller.
        factors = [float(f) for f in re.findall(r"\\scalebox\{([\d.]+)\}", source)]
        assert factors and min(factors) > 1


def word_places(pdf):
    """Every page's words with their top and bottom in points, and the page's size."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        width, height = (float(v) for v in re.search(
            r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        words = [(w, float(y0), float(y1)) for y0, y1, w in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)]
        pages.append((words, (width, height)))
    return pages


def word_boxes(pdf):
    """Every word of every page with its height in points, as pdftotext -bbox reads them."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([(w, float(y1) - float(y0)) for y0, y1, w in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


NUMBER = re.compile(r"^[−-]?\d+(\.\d+)?$")


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_figure_labels_are_at_least_footnote_size(built, lang, tmp_path):
    """Measured in the compiled deck: every number a figure prints is at least as tall as
    the same digits set at footnote size on a slide (the back row reads footnotes)."""
    from symnn.render.figures import figure_drawing

    reference = tmp_path / "reference.tex"
    reference.write_text("\n".join([
        r"\documentclass[aspectratio=169,11pt]{beamer}", r"\usefonttheme{professionalfonts}",
        r"\begin{document}", r"\begin{frame}", r"{\footnotesize $2.25$ \boldmath $3.75$}",
        r"\end{frame}", r"\end{document}"]))
    subprocess.run(["pdflatex", "-interaction=nonstopmode", reference.name], cwd=tmp_path,
                   capture_output=True, check=True)
    footnote = min(h for _, h in word_boxes(tmp_path / "reference.pdf")[0])
    out, _ = built
    pages = word_boxes(out / lang / "lecture-slides.pdf")
    texts = page_texts(out / lang / "lecture-slides.pdf")
    # a program's numbers are set at footnote size in typewriter type: not a figure's labels
    programs = listings()
    code_on = [{n for listing in programs if listing.code.splitlines()[0] in text
                for n in re.findall(r"[\d.]+", listing.code + listing.output)} for text in texts]
    seen = 0
    for name in derivations.names():
        d = derivations.derivation(name)
        for figure in d.figures():
            drawing = figure_drawing(figure, lang, d.labels)
            if drawing is None:
                continue
            numbers = {lb.tag.plain.replace("−", "-") for lb in drawing.labels
                       if NUMBER.match(lb.tag.plain) and len(lb.tag.plain) >= 2}
            if len(numbers) < 2:
                continue
            for words, code in zip(pages, code_on):
                found = [(w.replace("−", "-"), h) for w, h in words
                         if w.replace("−", "-") in numbers - code]
                if len({w for w, _ in found}) >= min(3, len(numbers)):
                    seen += 1
                    small = [(w, round(h, 2)) for w, h in found if h < footnote * 0.98]
                    assert not small, (name, figure.name, small, footnote)
    assert seen >= 10


@needs_tex
def test_the_deck_has_every_derivation_in_order(built):
    out, _ = built
    deck = (out / "en" / "lecture-slides.tex").read_text()
    titles = [derivations.derivation(n).title("en") for n in derivations.names()]
    positions = [deck.index(t.replace("%", r"\%")) for t in titles]
    assert positions == sorted(positions)


def test_without_a_tex_engine_build_writes_sources_and_says_so(tmp_path):
    result = run_symnn("build", "--out", str(tmp_path), "--lang", "en", "--only", "chain_rule",
                       "--engine", "no-such-tex")
    assert result.returncode == 0
    assert "compiled nothing" in result.stdout and "no-such-tex is not on PATH" in result.stdout
    assert (tmp_path / "en" / "chain_rule.tex").exists()
    assert not list(tmp_path.rglob("*.pdf"))
    nopdf = run_symnn("build", "--out", str(tmp_path), "--lang", "en", "--only", "chain_rule",
                      "--no-pdf")
    # Asked for no PDF: it says so plainly, asks for no TeX Live, and names no PDF.
    assert "you asked for none (--no-pdf): wrote the sources, compiled nothing" in nopdf.stdout
    assert "TeX Live" not in nopdf.stdout and ".pdf" not in nopdf.stdout.replace("--no-pdf", "")
    assert "(the slides: en/lecture-slides.tex)" in nopdf.stdout


def test_a_failing_tex_engine_shows_its_log_and_exits_nonzero(tmp_path):
    engine = tmp_path / "badtex"
    engine.write_text("#!/bin/sh\nfor f; do :; done\n"  # the last argument: the .tex
                      "echo '! Undefined control sequence.' > \"${f%.tex}.log\"\n"
                      "echo 'l.7 \\\\oops' >> \"${f%.tex}.log\"\nexit 1\n")
    engine.chmod(engine.stat().st_mode | stat.S_IEXEC)
    out = tmp_path / "out"
    result = run_symnn("build", "--out", str(out), "--lang", "en", "--only", "chain_rule",
                       "node_rules", "--engine", str(engine))
    assert result.returncode == 1
    assert "FAILED" in result.stdout and "Undefined control sequence" in result.stdout
    assert (out / "en" / "node_rules.tex").exists()  # kept going with the other files


def test_unknown_name_suggests_close_ones():
    result = run_symnn("show", "chain_rul")
    assert result.returncode == 2
    assert "no derivation called 'chain_rul' (did you mean 'chain_rule'" in result.stderr
    result = run_symnn("build", "--only", "chain_rul", "--no-pdf")
    assert result.returncode == 2 and "did you mean 'chain_rule'" in result.stderr


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_symnn("build", "--out", str(blocker / "sub"), "--no-pdf")
    assert result.returncode == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_list_and_show(tmp_path):
    listing = run_symnn("list")
    assert listing.returncode == 0
    assert len(listing.stdout.splitlines()) == len(derivations.names()) + len(derivations.parts())
    assert "연쇄법칙" in run_symnn("show", "chain_rule", "--lang", "ko").stdout
    latex = run_symnn("show", "apple_graph", "--format", "latex").stdout
    assert r"\begin{align*}" in latex and r"\begin{tikzpicture}" in latex
    assert run_symnn("show", "softmax", "--format", "markdown").stdout.startswith("## Softmax")
