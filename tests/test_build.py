"""`symnn build` and the pages it makes, looked at the way a lecturer would: every file compiled
by a real TeX engine, every page turned into a picture, and the text of every page checked for
what a look would catch (broken matrices, ¿ for >, near-empty frames, English on Korean pages).
"""

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
    assert "_" not in text                      # y_k set as math, never a literal underscore
    assert not re.search(r"\d\.\d+\.\d", text)  # no matrix entries run together
    assert not re.search(r"\d{12,}", text)      # no ten-digit decimals or long rationals


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_deck_has_structure(built, lang):
    out, _ = built
    pages = page_texts(out / lang / "lecture-slides.pdf")
    # Figures too large to stand beside their steps have slides of their own (never shrunk).
    assert 40 <= len(pages) <= 70
    title = pages[0]
    assert "Machine learning 101" in title and "Dr. Kim" in title and "2026-11-28" in title
    assert ("신경망의 기초" if lang == "ko" else "Neural network basics") in title
    outline = "목차" if lang == "ko" else "Outline"
    assert sum(outline in p for p in pages) == len(derivations.parts())
    for k, page in enumerate(pages[1:], start=2):
        assert re.search(rf"\b{k} / {len(pages)}\b", page), f"page {k} has no number"
    erratum = "강의 자료의 오류" if lang == "ko" else "Erratum"
    errata = [p for p in pages if erratum in p]
    assert len(errata) >= 4
    softmax = next(p for p in errata if "0.40625907" in p)
    assert "0.31682708" in softmax               # the printed value beside the right one


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_frame_is_nearly_empty(built, lang):
    out, _ = built
    pages = page_texts(out / lang / "lecture-slides.pdf")
    outline = "목차" if lang == "ko" else "Outline"
    for k, page in enumerate(pages[1:], start=2):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines and outline in lines[0]:
            continue
        assert len(lines) >= 7, f"page {k} holds only {len(lines)} lines: {lines}"


@needs_tex
def test_korean_slides_carry_no_english_words(built):
    out, _ = built
    words = {lang: set(re.findall(r"[A-Za-z]{3,}", "\n".join(
        page_texts(out / lang / "lecture-slides.pdf")))) for lang in ("en", "ko")}
    # Names of functions, gates and tools are the same in both decks; sentences are not.
    allowed = {"AND", "NAND", "OR", "XOR", "ReLU", "MSE", "SymPy", "symnn", "NumPy", "SVM",
               "PDP", "Perceptrons", "softmax", "cost", "log", "exp", "max", "dot",
               "separable", "Machine", "learning", "Kim",
               "Cea", "eak", "maxi", "wji"}  # pieces of formulas (C e^a, max_i, w_ji)
    english = words["ko"] & words["en"] - allowed
    assert not english, english


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
        assert "¿" not in text and "Matrix(" not in text and "_" not in text


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
            for words in pages:
                found = [(w.replace("−", "-"), h) for w, h in words
                         if w.replace("−", "-") in numbers]
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
