"""The example notebook runs in a real kernel, and every result shows itself richly."""

import re

import pytest

from tests.conftest import EXAMPLES

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

# What each code cell of examples/notebook.ipynb must display, in order.
EXPECTED = [
    None,                       # imports
    ("text/markdown", "Derivation('apple_graph'"),
    ("text/latex", "Network(2-3-2-2"),
    ("text/latex", "ForwardPass(3 layers"),
    ("text/latex", "Gradient(sigmoid"),
    ("text/markdown", "Separation(00:0 01:1 10:1 11:0: not separable"),
    ("image/svg+xml", "Graph(f: 3 operations"),
    ("text/markdown", "Report(lecture.toml: 20 correct, 4 wrong"),
    ("image/svg+xml", "History(3000 epochs"),
]


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(EXAMPLES / "notebook.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(EXAMPLES)}})
    client.execute()
    return [c for c in nb.cells if c.cell_type == "code"]


def test_every_cell_shows_its_rich_form_and_a_short_text(executed):
    assert len(executed) == len(EXPECTED)
    for cell, expected in zip(executed, EXPECTED):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, errors
        if expected is None:
            continue
        kind, text = expected
        (result,) = [o for o in cell.outputs if o.output_type == "execute_result"]
        assert kind in result.data, (cell.source, sorted(result.data))
        plain = result.data["text/plain"]
        assert plain.startswith(text) and len(plain) < 200, plain


def test_the_derivation_shows_whole_with_its_figure_inline(executed):
    markdown = executed[1].outputs[0].data["text/markdown"]
    assert markdown.startswith("## Computational graph: apples")
    assert "### forward" in markdown and "### backward" in markdown  # the frames' titles
    assert "(multiply node)" in markdown  # each step's reason
    assert "If the apple price rises by 1 won" in markdown  # the sentences
    assert re.search(r"!\[[^\]]*\]\(data:image/svg\+xml;base64,", markdown)  # the graph


def test_the_formulas_are_delimited_math(executed):
    for cell in executed[2:5]:
        latex = cell.outputs[0].data["text/latex"]
        assert latex.startswith("$$\\begin{aligned}") and latex.endswith("\\end{aligned}$$")
    assert "\\operatorname{softmax}" in executed[2].outputs[0].data["text/latex"]
    assert "0.406259" in executed[3].outputs[0].data["text/latex"]  # the lecture's output
