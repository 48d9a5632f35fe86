"""Your own example, your own slides: every command that derives renders, and deck files."""

import shutil
import subprocess

import pytest

import symnn
from symnn import SymnnError
from symnn.build import compile_tex
from symnn.cli import main
from symnn.deck import load_deck, parse_deck
from symnn.errors import DeckError
from tests.conftest import EXAMPLES, run_symnn

TWO_TWO_TWO = EXAMPLES / "two_two_two.toml"
HAS_TEX = shutil.which("pdflatex") is not None and shutil.which("pdftotext") is not None


def test_the_published_2_2_2_step_comes_out_number_for_number():
    spec = symnn.load_spec(TWO_TWO_TWO)
    text = symnn.step_derivation(spec, digits=9).render("text")
    # The published step-by-step example prints these (E_total, dE/dw5, the updated weights).
    for number in ("0.298371109", "0.593269992", "0.75136507", "0.74136507", "0.186815602",
                   "0.082167041", "0.35891648", "0.408666186", "0.51130127", "0.561370121",
                   "0.036350306", "0.241300709", "0.000438568", "0.149780716", "0.199561432",
                   "0.249751144", "0.299502287"):
        assert number in text, number
    assert "0.74136507 · 0.186815602 · 0.593269992" in text  # dE/dw5, factor by factor


def test_weights_are_numbered_as_the_step_by_step_examples_number_them():
    names = symnn.weight_names(symnn.load_spec(TWO_TWO_TWO))
    # w1: input 1 -> hidden 1, w2: input 2 -> hidden 1, w3: input 1 -> hidden 2, ... w5: h1 -> o1
    assert names["w1"] == (1, 0, 0) and names["w2"] == (1, 1, 0) and names["w3"] == (1, 0, 1)
    assert names["w5"] == (2, 0, 0) and names["w8"] == (2, 1, 1) and len(names) == 8


def test_a_larger_network_works_the_chosen_weights_only():
    spec = symnn.load_spec(EXAMPLES / "one_step.toml")  # 2-3-2-2: 16 weights
    d = symnn.step_derivation(spec, show=["w13", "w1"])
    # Each chosen weight goes through the chain rule and is updated; no other weight is.
    updated = [str(s.lhs) for s in d.steps() if str(s.lhs).endswith("^+")]
    assert list(dict.fromkeys(updated)) == ["w13^+", "w1^+"]
    with pytest.raises(SymnnError, match="no weight 'w17'; this network has w1 to w16"):
        symnn.step_derivation(spec, show=["w17"])


def test_a_spec_and_a_training_step_give_their_derivation():
    spec = symnn.load_spec(TWO_TWO_TWO)
    assert spec.derivation().name == "forward"
    step = symnn.train_step(spec).derivation(show=["w1"], digits=9)
    assert "0.149780716" in step.render("text") and step.name == "step"


def test_results_give_their_derivation():
    g = symnn.grad("x*y", {"x": 2, "y": 3})
    assert g.derivation().steps()[0].rhs == 2
    sep = symnn.separate(symnn.parse_table("00:0 01:1 10:1 11:0"))
    assert "0 > 0" in sep.derivation().render("text").replace("0 > 0 ", "0 > 0")
    graph = symnn.Graph.from_text("(a + b) * (b + 1)", {"a": 1, "b": 2})
    assert graph.derivation().figures()[0].kind == "graph"
    report = symnn.check_worksheet(EXAMPLES / "lecture.toml")
    assert "20 correct, 4 wrong" in report.derivation().render("text")


COMMANDS = {
    "forward": [str(EXAMPLES / "one_step.toml")],
    "step": [str(TWO_TWO_TWO), "--show", "w5,w1"],
    "grad": ["sigmoid(w*x + b)", "--at", "w=0.5", "x=1", "b=-0.7"],
    "graph": ["(a + b) * (b + 1)", "--at", "a=1", "b=2"],
    "separable": ["00:0 01:1 10:1 11:0"],
    "check": [str(EXAMPLES / "lecture.toml")],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("fmt", ["latex", "document", "markdown", "beamer", "text"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_deriving_command_renders_in_every_format_and_language(command, fmt, lang,
                                                                      capsys):
    status = main([command, *COMMANDS[command], "--format", fmt, "--lang", lang])
    out = capsys.readouterr().out
    assert status == (1 if command == "check" else 0)  # the lecture's worksheet has 4 wrong
    assert len(out.splitlines()) > 3
    if lang == "ko":
        assert any("\uac00" <= c <= "\ud7a3" for c in out), out[:200]  # Hangul
    if fmt == "document":
        assert out.startswith("\\documentclass") and out.rstrip().endswith("\\end{document}")
    if fmt == "beamer":
        assert "\\begin{frame}" in out


def test_text_and_json_keep_their_content():
    text = run_symnn("grad", "x*y", "--at", "x=1", "y=2").stdout
    assert text.startswith("f = x*y    at x = 1, y = 2")
    assert run_symnn("grad", "x*y", "--at", "x=1", "y=2", "--format", "json").stdout == \
        run_symnn("grad", "x*y", "--at", "x=1", "y=2", "--json").stdout


@pytest.mark.skipif(not HAS_TEX, reason="needs pdflatex and pdftotext")
@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("fmt", ["document", "beamer"])
def test_each_commands_document_and_slides_compile_and_fit(command, lang, fmt, tmp_path,
                                                           capsys):
    main([command, *COMMANDS[command], "--format", fmt, "--lang", lang])
    path = tmp_path / f"{command}.tex"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    result = compile_tex(path)
    assert result.ok, result.error  # compiled, and no box too wide or too tall
    path.with_suffix(".pdf").write_bytes(result.pdf)
    text = subprocess.run(["pdftotext", str(path.with_suffix(".pdf")), "-"],
                          capture_output=True, text=True).stdout
    assert "¿" not in text and "¡" not in text
    if fmt == "beamer":
        pages = text.split("\f")[:-1]
        assert len(pages) >= 2 and all(len(p.split()) >= 3 for p in pages)


def test_a_two_input_table_is_drawn_with_its_line():
    for table, caption in [("00:0 01:0 10:0 11:1", "the line"), ("00:0 01:1 10:1 11:0",
                                                                 "no line")]:
        d = symnn.separate(symnn.parse_table(table)).derivation()
        (figure,) = d.figures()
        assert figure.kind == "decision" and figure.caption("en").startswith(caption)
    assert symnn.separate(symnn.parse_table("000:0 001:1 010:1 011:1 100:1 101:1 110:1 "
                                            "111:1")).derivation().figures() == []


DECK = """
title = "My lecture"
author = "A. Teacher"
date = "1 December 2026"
lang = "en"

[[section]]
title = "Gates"

[[section.item]]
catalog = "gates"

[[section.item]]
separable = "00:0 01:1 10:1 11:0"
title = "XOR, once more"

[[section]]
title = "Backprop"

[[section.item]]
forward = { input = [1, 2], layer = [{ W = [[1], [-1]], b = [0], activation = "relu" }] }

[[section.item]]
grad = "x**2 * y"
at = { x = 3, y = 2 }

[[section.item]]
text = { en = "Questions?", ko = "질문?" }
title = "The end"
"""


def test_a_deck_file_lists_the_lecture_of_ones_own(tmp_path):
    (tmp_path / "deck.toml").write_text(DECK)
    deck = load_deck(tmp_path / "deck.toml")
    assert deck.title("en") == "My lecture" and deck.author("en") == "A. Teacher"
    assert [s.title("en") for s in deck.sections] == ["Gates", "Backprop"]
    assert [d.name for d in deck.derivations()] == ["gates", "item-2-separable",
                                                    "item-3-forward", "item-4-grad",
                                                    "item-5-text"]
    assert deck.derivations()[1].title("en") == "XOR, once more"


@pytest.mark.parametrize("item,message", [
    ('catalog = "chain_rul"', "section 1, item 1 (catalog): no derivation called 'chain_rul' "
                              "(did you mean 'chain_rule'?)"),
    ('grap = "x*y"', "section 1, item 1 (item): give exactly one of catalog, forward, step, "
                     "grad, graph, separable, check, text; unknown key 'grap' (did you mean "
                     "'graph'?)"),
    ('grad = "x**"', "section 1, item 1 (grad): "),
    ('forward = "missing.toml"', "section 1, item 1 (forward): "),
    ('step = { input = [1], layer = [{ W = [[1]], b = [0], activation = "relu" }] }',
     "section 1, item 1 (step): "),
    ('graph = "x*y"\nat = 3', "section 1, item 1 (graph): at: expected a table"),
    ('separable = "00:0 01"', "section 1, item 1 (separable): "),
    ('separable = "00:0 01:0 10:0 11:1"\nweights = [1]\nbias = 0',
     "section 1, item 1 (separable): weights: the table has 2 inputs, so 2 weights are "
     "needed, got 1"),
    ('grad = "x*y"\ndigits = 0', "section 1, item 1 (grad): digits: expected a whole number"),
    ('catalog = "gates"\ncolour = "red"',
     "section 1, item 1 (catalog): unknown key 'colour' for a catalog item"),
])
def test_a_bad_item_is_one_line_naming_its_place(item, message, tmp_path):
    path = tmp_path / "deck.toml"
    path.write_text(f'[[section]]\ntitle = "S"\n\n[[section.item]]\n{item}\n')
    with pytest.raises(DeckError, match="^" + str(path).replace(".", r"\.") + ", "
                       + message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")
                       .replace("?", r"\?")):
        load_deck(path)
    out = run_symnn("deck", str(path), "--out", str(tmp_path / "out"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_a_separable_item_checks_the_teachers_own_perceptron():
    deck = parse_deck({"item": [{"separable": "00:0 01:0 10:0 11:1", "weights": [1, 1],
                                 "bias": -1.5}]})
    (d,) = deck.derivations()
    assert d.title("en") == "The given perceptron realizes the table"
    text = d.render("markdown", "en")
    assert "given" in text and "found" not in text


def test_a_deck_without_items_or_with_a_name_twice_is_refused():
    with pytest.raises(DeckError, match="no items"):
        parse_deck({"title": "x"})
    with pytest.raises(DeckError, match="the name 'gates' is used twice"):
        parse_deck({"item": [{"catalog": "gates"}, {"catalog": "gates"}]})


@pytest.mark.skipif(not HAS_TEX, reason="needs pdflatex and pdftotext")
def test_the_example_deck_builds_slides_a_lecturer_can_project(tmp_path):
    out = run_symnn("deck", str(EXAMPLES / "deck.toml"), "--out", str(tmp_path), timeout=600)
    assert out.returncode == 0, out.stdout[-2000:]
    for lang in ("en", "ko"):
        pdf = tmp_path / lang / "deck-slides.pdf"
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                              text=True).stdout
        pages = text.split("\f")[:-1]
        assert len(pages) >= 12
        assert all(len(p.split()) >= 3 for p in pages)  # no empty page
        for number in ("0.298371109", "0.35891648", "0.149780716", "0.082167041"):
            assert number in text, (lang, number)
        png = tmp_path / lang / "png"
        png.mkdir()
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(png / "p")], check=True)
        assert len(list(png.glob("*.png"))) == len(pages)


def test_build_is_the_lectures_own_deck_file():
    from symnn import catalog

    deck = load_deck(catalog.LECTURE)
    assert [d.name for d in deck.derivations()] == [d.name for d in
                                                    catalog.lecture().derivations()]
    assert [n for _, names in catalog.parts() for n in names] == \
        [d.name for d in deck.derivations()]


def test_a_batch_of_two_rows_adds_the_bias_to_each_row_in_the_derivation():
    from symnn import parse_spec
    from symnn.worked import step_derivation

    spec = parse_spec({"input": [[1, 2], [-1, 0.5]], "target": [[1], [0]],
                       "learning_rate": 0.1,
                       "layer": [{"W": [[0.5], [-0.25]], "b": [0.5], "activation": "identity"}]})
    text = step_derivation(spec).render("text")
    # X W + b with b on both rows: [[1, 2], [-1, 0.5]] [[0.5], [-0.25]] + [[0.5], [0.5]]
    assert "+ [[0.5], [0.5]]" in text and "= [[0.5], [-0.125]]" in text


def test_a_check_frame_teaches_from_the_givens_to_each_verdict():
    from symnn.worked import check_derivation

    report = symnn.check_worksheet(EXAMPLES / "lecture.toml")
    d = check_derivation(report)
    en, ko = d.render("text", "en"), d.render("text", "ko")
    # the givens and each definition worked out, formula = numbers = value
    assert "W⁽¹⁾ = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]    (given)" in en
    assert "c = a + b = 1 + 2 = 3    (definition)" in en
    # a claim: its expression and right value, what was written, the verdict and why
    assert "d = 3    (d = b + 1 as the lecture prints it: wrong: the first wrong step)" in en
    assert "written 2; entries [0] are off." in en
    assert "it uses d = b + 1 as the lecture prints it, wrong first." in en
    # Korean pages keep the reasons, in Korean
    assert "쓴 값 2; [0]번째 값이 다르다." in ko and "틀림: 처음 틀린 단계" in ko
    assert "entries" not in ko and "written" not in ko
    # no frame of one line: the count closes the last frame of claims
    assert len(d.parts[-1].parts) > 1
