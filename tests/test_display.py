"""Rich display and short text of every result object, and the CLI's rough edges."""

import json

import pytest

import symnn
from symnn.train import History
from tests.conftest import EXAMPLES, run_symnn


def test_graph_edges_start_at_the_edge_of_the_input_labels():
    from symnn.render.graph_figure import graph_drawing

    graph = symnn.Graph.from_text("price * count", {"price": 100, "count": 2})
    drawing = graph_drawing(graph, graph.backward())
    svg = graph._repr_svg_()
    for name in ("price", "count"):
        box = next(b for b in drawing.boxes if b.node.plain == name)
        line = next(line for line in drawing.lines if line.source == box.key)
        # The edge leaves the word at its right edge, not from inside it.
        assert line.points[0][0] >= box.rect()[2]
        assert f">{name}</text>" in svg


def test_every_result_has_a_short_repr_and_a_rich_form():
    spec = symnn.load_spec(EXAMPLES / "one_step.toml")
    objects = {
        "network": (spec.network, "_repr_latex_"),
        "forward": (spec.network.forward(spec.input), "_repr_latex_"),
        "gradient": (symnn.grad("x*y", {"x": 2, "y": 3}), "_repr_latex_"),
        "separation": (symnn.separate(symnn.parse_table("00:0 01:0 10:0 11:1")),
                       "_repr_markdown_"),
        "graph": (symnn.Graph.from_text("x*x", {"x": 3}), "_repr_svg_"),
        "report": (symnn.check_worksheet(EXAMPLES / "lecture.toml"), "_repr_markdown_"),
        "history": (History([0.5, 0.25], []), "_repr_svg_"),
        "derivation": (symnn.catalog.derivation("chain_rule"), "_repr_markdown_"),
    }
    for name, (obj, method) in objects.items():
        assert len(repr(obj)) < 200 and "\n" not in repr(obj), name
        assert getattr(obj, method)(), name


def test_a_report_table_keeps_one_row_per_claim(tmp_path):
    sheet = tmp_path / "w.toml"
    sheet.write_text('[[claim]]\nname = "a | b\\nnext line"\nexpr = "1 + 1"\nequals = 3\n')
    markdown = symnn.check_worksheet(sheet)._repr_markdown_()
    rows = [line for line in markdown.splitlines() if line.startswith("| a")]
    # The bar is escaped and the line break shown as \n (as everywhere symnn prints user text).
    assert rows == ["| a \\| b\\nnext line | ❌ wrong | the value is 2, not 3 |"]


def test_a_history_draws_loss_and_accuracy():
    svg = History([0.7, 0.4, 0.1], [0.5, 0.75, 1.0])._repr_svg_()
    assert svg.count("<polyline") == 2 and ">accuracy<" in svg and ">loss<" in svg
    assert History()._repr_svg_() is None and repr(History()) == "History(no epochs)"


def test_an_unknown_option_shows_the_commands_own_usage():
    result = run_symnn("forward", str(EXAMPLES / "one_step.toml"), "--bogus")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: symnn forward")
    assert "unrecognized arguments: --bogus" in result.stderr


@pytest.mark.parametrize("command,option,default", [
    ("train", "--epochs", "100"), ("train", "--seed", "0"), ("grad", "--digits", "10"),
    ("graph", "--format", "text"), ("show", "--format", "text"), ("build", "--out", "build"),
    ("export", "--backend", "numpy"), ("list", "--lang", "en"),
])
def test_help_shows_every_options_default(command, option, default):
    text = " ".join(run_symnn(command, "--help").stdout.split("options:", 1)[1].split())
    after = text.split(option, 1)[1].split(" --", 1)[0]
    assert f"(default: {default})" in after, after


def test_every_option_has_help():
    for command in ("forward", "separable", "grad", "graph", "step", "check", "train",
                    "export", "list", "show", "build"):
        text = run_symnn(command, "--help").stdout
        options = text.split("options:", 1)[1]
        for line in options.splitlines():
            # An option alone on its line has its help on the next line; none is left bare.
            if line.startswith("  -") and len(line.split()) <= 2:
                following = options.split(line, 1)[1].splitlines()[1]
                assert following.startswith(" " * 10), (command, line)


def test_exact_on_check_separable_and_train(tmp_path):
    out = run_symnn("separable", "00:0 01:1 10:1 11:0", "--json", "--exact")
    assert json.loads(out.stdout)["certificate"] == ["1/2", "1/2", "1/2", "1/2"]
    out = run_symnn("check", str(EXAMPLES / "lecture.toml"), "--exact")
    assert "exact value: [3/10, 7/10, 11/10]" in out.stdout
    out = run_symnn("check", str(EXAMPLES / "lecture.toml"), "--exact", "--json")
    claim = next(c for c in json.loads(out.stdout)["claims"] if c["name"] == "A1")
    assert claim["expected"] == ["3/10", "7/10", "11/10"]
    spec = tmp_path / "lin.toml"
    spec.write_text('input = [[1.0, 2.0], [0.5, -1.0]]\ntarget = [[1.0], [0.0]]\n'
                    'learning_rate = 0.1\nloss = "half_sse"\n[[layer]]\nW = [[0.5], [-0.25]]\n'
                    'b = [0.1]\nactivation = "identity"\n')
    out = run_symnn("train", str(spec), "--exact", "--epochs", "2", "--json")
    data = json.loads(out.stdout)
    # L = ((0.5 + 0.1 - 0.5*... ) by hand: rows give y = 0.1 and 0.85; (0.9² + 0.85²)/(2·2)
    assert data["loss_before_each_step"][0] == "117/400"
    assert data["parameters"]["b1"] == ["481/4000"]
    out = run_symnn("train", str(EXAMPLES / "one_step.toml"), "--exact", "--epochs", "2")
    assert out.returncode == 2 and "no longer rational" in out.stderr
    out = run_symnn("train", str(spec), "--exact", "--data", "x.csv")
    assert out.returncode == 2 and "leave out --data" in out.stderr


def test_train_names_its_loss_and_starts_where_the_summary_starts(tmp_path):
    out = run_symnn("train", str(EXAMPLES / "xor_net.toml"), "--data", str(EXAMPLES / "xor.csv"),
                    "--epochs", "20", "--rate", "2", "--save", str(tmp_path / "t.toml"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "loss mse (the default" in lines[0]
    first = lines[1].split("loss ")[1].split()[0]
    assert lines[1].startswith("epoch     0") and f"loss {first} (epoch 0)" in lines[-1]
    assert 'loss = "mse"' in (tmp_path / "t.toml").read_text()
