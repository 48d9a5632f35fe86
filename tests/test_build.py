"""`symnn build`: every file written, every .tex compiled by a real TeX engine, both languages."""

import os
import shutil
import stat

import pytest

import derivations
from tests.conftest import run_symnn

HAVE_TEX = shutil.which("pdflatex") is not None
needs_tex = pytest.mark.skipif(not HAVE_TEX and not os.environ.get("CI"),
                               reason="pdflatex not installed (CI installs it)")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = run_symnn("build", "--out", str(out), timeout=900)
    return out, result


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
    assert "0 failed" in result.stdout
    assert "[1/32] en/perceptron" in result.stdout


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
    assert "compiled nothing" in result.stdout
    assert (tmp_path / "en" / "chain_rule.tex").exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_failing_tex_engine_shows_its_log_and_exits_nonzero(tmp_path):
    engine = tmp_path / "badtex"
    engine.write_text("#!/bin/sh\necho '! Undefined control sequence.' > \"${3%.tex}.log\"\n"
                      "echo 'l.7 \\\\oops' >> \"${3%.tex}.log\"\nexit 1\n")
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


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_symnn("build", "--out", str(blocker / "sub"), "--no-pdf")
    assert result.returncode == 2
    assert "cannot write to" in result.stderr and "Traceback" not in result.stderr


def test_list_and_show(tmp_path):
    listing = run_symnn("list")
    assert listing.returncode == 0 and len(listing.stdout.splitlines()) == len(derivations.names())
    assert "연쇄법칙" in run_symnn("show", "chain_rule", "--lang", "ko").stdout
    latex = run_symnn("show", "apple_graph", "--format", "latex").stdout
    assert r"\begin{align*}" in latex and r"\begin{tikzpicture}" in latex
    assert run_symnn("show", "softmax", "--format", "markdown").stdout.startswith("## Softmax")
