"""The ``symnn`` command: a thin layer that parses arguments and prints library results.

Every command calls one public function and prints it as text or, with ``--json``, as the data
that function's result serializes to.  A :class:`~symnn.errors.SymnnError` becomes one line on
stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import sympy

import symnn
from symnn import arrays, values
from symnn.errors import ParseError, SymnnError, visible
from symnn.expression import scalar_expression
from symnn.grad import GRAD_FUNCTIONS
from symnn.numbers import bracketed, decimal, exact_text, to_data

EXACT_WIDTH = 72  # exact forms longer than this are left to --exact, decimals are shown instead
EXACT_OPS = 12
SHOWN_ROWS = 8  # rows of a batch printed in text (the rest are in --json)
COMMAND_WORK = 50_000_000  # operations on exact values for one command (a minute at most)


def _vector(M: Any, digits: int, exact: bool) -> str:
    return bracketed(M, exact_text if exact else lambda v: decimal(v, digits))


def _both(name: str, M: Any, digits: int, always_exact: bool) -> list[str]:
    """Lines showing M (a Value or an array of Values) exactly, when short or asked for, and
    as decimals to ``digits`` significant digits.  A batch of many rows shows its first and
    last rows (--json gives them all)."""
    note = []
    if isinstance(M, np.ndarray) and M.ndim == 2 and M.shape[0] > SHOWN_ROWS:
        note = [f"  {' ' * len(name)}   ({M.shape[0]} rows: the first {SHOWN_ROWS - 2} and "
                "the last 2 shown; --json gives all)"]
        M = np.concatenate([M[:SHOWN_ROWS - 2], M[-2:]])
    entries = list(M.ravel()) if isinstance(M, np.ndarray) else [M]
    approx = bracketed(M, lambda v: v.decimal(digits))
    exact = None
    # An exact row over 12 entries is wider than a line: only --exact builds it.
    if always_exact or (len(entries) <= 12 and all(v.size <= EXACT_OPS for v in entries)):
        forms = [v.form(None if always_exact else EXACT_OPS) for v in entries]
        if all(f is not None for f in forms):
            text = iter(exact_text(f) for f in forms)
            exact = bracketed(M, lambda v: next(text))
    terminating = all(v.exact is not None and Fraction(v.decimal(digits)) == v.exact
                      for v in entries)
    if exact == approx or terminating and not always_exact:
        return [f"  {name} = {approx}", *note]  # 0.3 rather than 3/10: the decimal is exact
    sign = "=" if terminating else "≈"
    if exact is not None and (always_exact or len(exact) <= EXACT_WIDTH):
        return [f"  {name} = {exact}", f"  {' ' * len(name)} {sign} {approx}", *note]
    return [f"  {name} {sign} {approx}", *note]


def _short_number(v: Any) -> str:
    """A number as typed when short; else (10**1000) to 10 digits."""
    text = str(v)
    return text if len(text) <= 40 else values.value(v).decimal(10)


def _named(spec: Any, error: SymnnError) -> SymnnError:
    """An error about a spec's content names the spec's file."""
    return error if error.source else type(error)(error.message, source=spec.source)


def cmd_forward(args: argparse.Namespace) -> int:
    spec = symnn.load_spec(args.spec)
    try:
        result = spec.network.forward(spec.input)
    except SymnnError as e:
        raise _named(spec, e) from None
    from symnn import worked

    if _rendered(args, lambda: worked.forward_derivation(spec, args.digits)):
        return 0
    loss = spec.loss_value(result.y)
    if args.json:
        data = {
            "layers": [{"A": v.a, "Z": v.z} for v in result.layers],
            "output": result.y,
            "loss": loss,
        }
        if loss is None:
            del data["loss"]
        print(json.dumps(arrays.data(data, exact_strings=args.exact, rows=not spec.one_row)))
        return 0
    shape = "-".join(map(str, spec.network.shape))
    print(f"{visible(spec.source)}: network {shape}, output function {spec.network.output}")
    print(*_both("X", arrays.array(result.X), args.digits, args.exact), sep="\n")
    for k, (layer, v) in enumerate(zip(spec.network.layers, result.layers), start=1):
        previous = "X" if k == 1 else f"Z{k - 1}"
        print(f"layer {k}: A{k} = {previous} W{k} + b{k}, Z{k} = {layer.activation}(A{k})")
        print(*_both(f"A{k}", v.a, args.digits, args.exact), sep="\n")
        print(*_both(f"Z{k}", v.z, args.digits, args.exact), sep="\n")
    if spec.network.output != "identity":
        print(f"output: Y = {spec.network.output}(Z{len(result.layers)})")
        print(*_both("Y", result.y, args.digits, args.exact), sep="\n")
    if loss is not None:
        print(f"loss: {spec.loss}(Y, T)")
        print(*_both("L", loss, args.digits, args.exact), sep="\n")
    return 0


def cmd_separable(args: argparse.Namespace) -> int:
    from symnn import worked

    result = symnn.separate(symnn.parse_table(args.table))
    if _rendered(args, lambda: worked.separation_derivation(result)):
        return 0
    if args.json:
        print(json.dumps(result.to_dict(exact=args.exact)))
    else:
        print(result.explain())
    return 0


def _point(pairs: list[str]) -> dict[str, str]:
    point = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip().isidentifier() or not value.strip():
            raise SymnnError(f"--at: {pair!r} is not NAME=NUMBER (like x=1 or w=0.5)")
        if name.strip() in point:
            raise SymnnError(f"--at: {name.strip()!r} is given twice")
        point[name.strip()] = value.strip()
    return point


def _all_given(text: str, point: dict[str, str]) -> None:
    """Every variable of ``text`` has a value on --at (the library's message, with the fix)."""
    _, names = scalar_expression(text, GRAD_FUNCTIONS)
    missing = [n for n in names if n not in point]
    if missing:
        raise ParseError(f"no value given for {missing[0]!r} (add --at {missing[0]}=NUMBER)")


def cmd_grad(args: argparse.Namespace) -> int:
    point = _point(args.at)
    _all_given(args.expression, point)
    from symnn import worked

    g = symnn.grad(args.expression, point, h=args.h)
    if _rendered(args, lambda: worked.grad_derivation(g, args.digits)):
        return 0 if g.check.ok else 1
    if args.json:
        print(json.dumps(g.to_dict(exact_strings=args.exact)))
        return 0 if g.check.ok else 1
    at = ", ".join(f"{n} = {_short_number(v)}" for n, v in g.point.items())
    print(f"f = {g.expression}    at {at}")
    print(*_both("f", g.value, args.digits, args.exact), sep="\n")
    for row in g.check.rows:
        n = row.name
        print(f"df/d{n} = {g.symbolic[n]}")
        print(*_both(f"df/d{n}", g.exact[n], args.digits, args.exact), sep="\n")
        if row.note:
            print(f"  numerical (h = {row.h_text}): {row.numeric_text}, "
                  f"{'fine at a ' if row.ok else 'DISAGREES at a '}{row.note}")
            continue
        verdict = "agrees" if row.ok else "DISAGREES"
        print(f"  numerical (h = {row.h_text}): {row.numeric_text}, {verdict} "
              f"(abs error {row.error_text})")
    return 0 if g.check.ok else 1


def cmd_graph(args: argparse.Namespace) -> int:
    graph = symnn.Graph.from_text(args.expression, _point(args.at))
    from symnn import worked

    reverse, forward = graph.backward(), graph.forward_mode()
    if _rendered(args, lambda: worked.graph_derivation(graph)):
        return 0
    if args.format == "tikz":
        from symnn.render.tikz import graph_tikz

        print(graph_tikz(graph, reverse))
        return 0
    if args.format == "svg":
        from symnn.render.svg import graph_svg

        print(graph_svg(graph, reverse))
        return 0
    modes = {m.mode: {"passes": m.passes, "products": m.products,
                      "multiplications": m.multiplications} for m in (reverse, forward)}
    nodes = [n for n in graph.nodes if n.kind != "const"]
    if args.json:
        print(json.dumps({
            "values": {graph.name(n): _data(n.number if n.number is not None else n.value,
                                            args.exact) for n in nodes},
            "gradient": {k: _data(v, args.exact) for k, v in reverse.numbers.items()},
            "modes": modes}))
        return 0
    out = graph.name(graph.output)
    for node in nodes:
        name = graph.name(node)
        rule = "" if node.kind == "input" else f" = {sympy.sstr(graph.rule(node), order='none')}"
        shown = _short(node.number, args.digits, args.exact) if node.number is not None \
            else str(node.value)
        print(f"{name}{rule} {shown}    d{out}/d{name} "
              f"{_short(reverse.numbers[name], args.digits, args.exact)}")
    for mode, counts in modes.items():
        passes = f"{counts['passes']} pass" + ("es" if counts["passes"] != 1 else "")
        print(f"{mode} mode: {passes}, {counts['products']} chain-rule products (upstream × "
              f"local derivative), {counts['multiplications']} of them by a number other "
              "than 0 or 1")
    return 0


def _data(v: Any, exact: bool) -> Any:
    """A graph's number (a Value) or symbolic value as JSON."""
    if isinstance(v, values.Value):
        return arrays.data(v, exact)
    return str(v) if exact or getattr(v, "free_symbols", None) else to_data(v)


def _short(v: Any, digits: int, always_exact: bool) -> str:
    """'= 11/5', '= 2.2', or '≈ 0.5744425168' (the exact form only when short or asked)."""
    if not isinstance(v, values.Value):
        return f"= {v}"
    approx = v.decimal(digits)
    if v.exact is not None and Fraction(approx) == v.exact:
        return f"= {approx}"
    form = v.form(None if always_exact else EXACT_OPS)
    if form is not None and (always_exact or len(str(form)) <= EXACT_WIDTH):
        return f"= {exact_text(form)} ≈ {approx}"
    return f"≈ {approx}"


def cmd_step(args: argparse.Namespace) -> int:
    spec = symnn.load_spec(args.spec)
    try:
        step = symnn.train_step(spec, args.rate)
    except SymnnError as e:
        raise _named(spec, e) from None
    from symnn import worked

    show = None if args.show is None else [w.strip() for w in args.show.split(",") if w.strip()]
    names = worked.weight_names(spec)
    for name in show or []:
        if name not in names:
            raise SymnnError(f"--show: no weight {name!r}; this network has w1 to "
                             f"w{len(names)} (numbered layer by layer, neuron by neuron)")
    if _rendered(args, lambda: worked.step_derivation(spec, args.rate, args.digits, show)):
        return 0
    if args.json:
        print(json.dumps(step.to_dict(exact_strings=args.exact)))
        return 0
    digits, always = args.digits, args.exact
    print(f"{visible(spec.source)}: one step of gradient descent, learning rate "
          f"{step.learning_rate}")
    print("forward pass")
    for k, v in enumerate(step.forward.layers, start=1):
        print(*_both(f"A{k}", v.a, digits, always), sep="\n")
        print(*_both(f"Z{k}", v.z, digits, always), sep="\n")
    if spec.network.output != "identity":
        print(*_both("Y", step.forward.y, digits, always), sep="\n")
    print(f"loss ({spec.loss})")
    print(*_both("L", step.loss, digits, always), sep="\n")
    print("backward pass: delta_k = dL/dA_k; dL/dW_k = Z_(k-1)^T delta_k; dL/db_k = sum of "
          "delta_k over rows")
    for name, g in step.gradients.items():
        print(*_both(f"dL/d{name}", g, digits, always), sep="\n")
    print(f"update: p <- p - {step.learning_rate} * dL/dp")
    for name, p in step.updated.items():
        print(*_both(name, p, digits, always), sep="\n")
    return 0


def _catalog():
    from symnn import catalog as derivations

    return derivations


def cmd_list(args: argparse.Namespace) -> int:
    catalog = _catalog()
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


def cmd_show(args: argparse.Namespace) -> int:
    d = _catalog().derivation(args.name)
    print(d.render(args.format, args.lang))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from symnn.build import SLIDES
    from symnn.deck import LANGS

    catalog = _catalog()
    for name in args.only or []:
        catalog.derivation(name)  # an unknown name is an error that suggests close ones
    lecture = catalog.lecture(args.only, title=args.title, subtitle=args.subtitle,
                              course=args.course, author=args.author, date=args.date)
    return _build(lecture, args, LANGS[args.lang], SLIDES)


def _build(deck: Any, args: argparse.Namespace, langs: list[str], slides: str) -> int:
    """Build a deck as ``build`` and ``deck`` do: sources, figures, slides, and PDFs."""
    from symnn.build import build

    engine = None if args.no_pdf else args.engine
    report = build(deck, Path(args.out), langs, engine=engine, slides_name=slides,
                   progress=lambda line: print(line, flush=True))
    print(f"done: {len(report.written)} files written, {len(report.compiled)} PDFs compiled, "
          f"{len(report.failures)} failed, in {args.out}/ (the slides: "
          f"{', '.join(f'{lang}/{slides}.pdf' for lang in langs)})")
    return 0 if report.ok else 1


def cmd_deck(args: argparse.Namespace) -> int:
    from symnn.deck import LANGS, load_deck_file

    deck, langs = load_deck_file(args.deck, args.only)
    return _build(deck, args, LANGS[args.lang] if args.lang else langs,
                  f"{Path(args.deck).stem}-slides")


def cmd_exercise(args: argparse.Namespace) -> int:
    import shutil

    from symnn.build import compile_tex
    from symnn.derivation import Text
    from symnn.exercise import answer_key, exercises, key_worksheet, problem_sheet, toml_text
    from symnn.files import write_atomic

    items = exercises(args.kind, args.seed, args.count)
    title = Text(f"Exercises: {args.kind} (seed {args.seed})",
                 f"연습 문제: {args.kind} (seed {args.seed})")
    key_title = Text(f"Answer key: {args.kind} (seed {args.seed})",
                     f"정답: {args.kind} (seed {args.seed})")
    out = Path(args.out)
    problems, answers = problem_sheet(items, title), answer_key(items, key_title)
    files = {"problems.md": problems.render("markdown", args.lang),
             "problems.tex": problems.render("document", args.lang),
             "answers.md": answers.render("markdown", args.lang),
             "answers.tex": answers.render("document", args.lang),
             "worksheet.toml": toml_text(key_worksheet(items), blank=True),
             "key.toml": toml_text(key_worksheet(items))}
    for name, text in files.items():
        write_atomic(out / name, text)
        print(f"wrote {out / name}")
    if not args.no_pdf and shutil.which("pdflatex"):
        for name in ("problems.tex", "answers.tex"):
            error = compile_tex(out / name)
            print(f"  {name} -> .pdf" if error is None else f"  {name} FAILED: {error}")
            if error is not None:
                return 1
    print(f"done: {len(items)} {args.kind} exercise{'s' * (len(items) > 1)}; students fill in "
          f"{out / 'worksheet.toml'}, and 'symnn grade FOLDER --key {out / 'key.toml'}' "
          "checks a class")
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from symnn.grade import grade, write_report

    def progress(done: int, total: int) -> None:
        if done == total or done % max(1, total // 10) < 25:
            print(f"graded {done}/{total}", file=sys.stderr, flush=True)

    report = grade(args.answers, args.key, args.jobs, progress)
    csv_path, json_path = write_report(report, args.out or args.answers)
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
    broken = [s for s in report.students if s.error]
    for s in broken:
        print(f"  {visible(s.student)}: {s.error}")
    print(f"wrote {csv_path} and {json_path}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from symnn import worked

    report = symnn.check_worksheet(args.worksheet)
    if _rendered(args, lambda: worked.check_derivation(report, args.digits)):
        return report.exit_status
    if args.json:
        print(json.dumps(report.to_dict(exact=args.exact)))
    else:
        print(report.text(exact=args.exact))
    return report.exit_status


def cmd_train(args: argparse.Namespace) -> int:
    from symnn.train import check_settings, load_csv, save_spec, train

    if args.exact:
        return _train_exact(args)
    if args.data is None:
        raise SymnnError("--data is required: a CSV of features, then targets (or --exact, to "
                         "train in exact numbers on the spec's own input and target)")
    spec = symnn.load_spec(args.spec)
    model = symnn.compile(spec, loss=args.loss)
    X, T = load_csv(args.data, model.shape[0], model.shape[-1])
    rate = args.rate if args.rate is not None else spec.learning_rate
    if rate is None:
        raise SymnnError("no learning rate: give --rate or learning_rate in the spec")
    check_settings(args.epochs, rate, args.batch_size, args.seed)
    if args.save:
        target = Path(args.save)
        if not target.parent.exists():
            raise SymnnError(f"--save: folder {target.parent} does not exist")
    # With --json, stdout is the JSON alone; progress goes to stderr.
    log = sys.stderr if args.json else sys.stdout
    where = ("--loss" if args.loss else "the spec" if spec.loss else
             "the default; choose with --loss or loss in the spec")
    print(f"training {'-'.join(map(str, model.shape))} on {X.shape[0]} rows of {args.data}: "
          f"loss {model.loss_name} ({where}), output {model.output}, {args.epochs} epochs, "
          f"learning rate {float(rate):g}, batch {args.batch_size or X.shape[0]}, seed "
          f"{args.seed}", file=log, flush=True)

    def report(epoch: int, loss: float, accuracy: float | None) -> None:
        if epoch <= 1 or epoch == args.epochs or epoch % max(1, args.epochs // 20) == 0:
            extra = f"  accuracy {accuracy:.4f}" if accuracy is not None else ""
            print(f"epoch {epoch:>5}  loss {loss:.6f}{extra}", file=log, flush=True)

    before = model.loss(X, T)
    with np.errstate(all="ignore"):
        report(0, before, model.accuracy(X, T) if T.shape[1] > 1 or model.output != "softmax"
               else None)
    history = train(model, X, T, args.epochs, rate, args.batch_size, args.seed, report)
    summary = {"epochs": args.epochs, "loss_name": model.loss_name, "loss_before": before,
               "loss": history.loss[-1],
               "accuracy": history.accuracy[-1] if history.accuracy else None}
    if args.save:
        weights = save_spec(model, args.save, rate)
        summary["saved"] = args.save
        if weights is not None:
            summary["weights"] = str(weights)
    if args.json:
        print(json.dumps({**summary, "history": history.loss}))
    else:
        acc = f", accuracy {summary['accuracy']:.4f}" if summary["accuracy"] is not None else ""
        saved = ""
        if args.save:
            saved = f"; parameters saved to {args.save}" + (
                f" (weights in {summary['weights']})" if "weights" in summary else "")
        print(f"done: {model.loss_name} loss {before:.6f} (epoch 0) -> {history.loss[-1]:.6f}"
              f"{acc}{saved}")
    return 0


def _train_exact(args: argparse.Namespace) -> int:
    """``train --exact``: steps of gradient descent by hand, every number exact."""
    from dataclasses import replace

    from symnn.train import check_settings, train_exact

    for option, given in (("--data", args.data), ("--save", args.save),
                          ("--batch-size", args.batch_size)):
        if given is not None:
            raise SymnnError(f"--exact trains on the spec's own input and target, one step per "
                             f"epoch; leave out {option}")
    spec = symnn.load_spec(args.spec)
    if spec.target is None:
        raise SymnnError("--exact needs a target in the spec (target = [...])",
                         source=spec.source)
    rate = args.rate if args.rate is not None else spec.learning_rate
    if rate is None:
        raise SymnnError("no learning rate: give --rate or learning_rate in the spec")
    check_settings(args.epochs, rate, None, args.seed)
    loss = args.loss or spec.loss
    spec = replace(spec, loss=loss, learning_rate=symnn.exact(str(rate)))
    try:
        steps = train_exact(spec, args.epochs)
    except SymnnError as e:
        raise _named(spec, e) from None
    last = steps[-1]
    losses = [step.loss for step in steps]  # each step's loss, before its update
    if args.json:
        print(json.dumps({"epochs": args.epochs, "loss_name": loss, "exact": True,
                          "loss_before_each_step": [arrays.data(v, True) for v in losses],
                          "loss_before_each_step_decimal": [arrays.data(v) for v in losses],
                          "parameters": {k: arrays.data(v, True, rows=k.startswith("W"))
                                         for k, v in last.updated.items()}}))
        return 0
    steps_text = f"{args.epochs} step{'s' if args.epochs > 1 else ''}"
    print(f"training {'-'.join(map(str, spec.network.shape))} by hand on the spec's input and "
          f"target: loss {loss}, {steps_text}, learning rate {spec.learning_rate}, exact numbers")
    for epoch, v in enumerate(losses, start=1):
        print(f"step {epoch:>3}  L {_short(v, args.digits, False)}  (before its update)")
    for name, p in last.updated.items():
        print(*_both(name, p, args.digits, False), sep="\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from symnn.export import export

    model = symnn.compile(args.spec, dtype=args.dtype, backend=args.backend)
    path = export(model, args.output)
    needs = "JAX" if args.backend == "jax" else "NumPy"
    print(f"wrote {path}: forward(X), loss(X, T), gradients(X, T), loss_and_gradients(X, T) "
          f"of the {'-'.join(map(str, model.shape))} network, loss {model.loss_name}; needs "
          f"only {needs}")
    return 0


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``symnn`` command."""
    top = argparse.ArgumentParser(
        prog="symnn",
        description="Derive the mathematics of neural networks exactly (SymPy), step by step.",
        epilog="Numbers you write are exact: 0.1 means 1/10. Run 'symnn COMMAND --help' for "
               "examples of each command.",
    )
    top.add_argument("--version", action="version", version=f"symnn {symnn.__version__}",
                     help="print symnn's version and exit")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "forward", help="forward pass of a network spec: every layer's A and Z",
        description="Run the forward pass A = X W + b, Z = h(A) of a network spec (TOML) "
                    "exactly and print every layer's A and Z, the output and, with a target, "
                    "the loss.",
        epilog="example spec:\n  input = [1.0, 0.5]\n  [[layer]]\n"
               "  W = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]\n  b = [0.1, 0.2, 0.3]\n"
               "  activation = \"sigmoid\"\n\nexample: symnn forward net.toml --json --exact",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("spec", help="network spec file (TOML)")
    _output_options(p)
    _format_options(p)
    p.set_defaults(run=cmd_forward)

    p = sub.add_parser(
        "separable", help="can one perceptron realize a truth table? weights or a proof",
        description="Decide whether one perceptron realizes a Boolean truth table: print exact "
                    "weights and bias that do, or nonnegative multipliers whose weighted sum "
                    "of the rows' inequalities reads 0 > 0.",
        epilog="examples:\n  symnn separable \"00:0 01:0 10:0 11:1\"    # AND: separable\n"
               "  symnn separable \"00:0 01:1 10:1 11:0\"    # XOR: a certificate\n"
               "  symnn separable \"00:0 01:1 10:1 11:0\" --json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("table", help="rows as input bits, a colon and the label, e.g. \"0:1 1:0\"")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--exact", action="store_true",
                   help="with --json, weights, bias and multipliers as exact strings ('1/2'); "
                        "the text is exact already")
    _format_options(p)
    p.set_defaults(run=cmd_separable)

    p = sub.add_parser(
        "grad", help="value and every partial derivative of an expression, checked numerically",
        description="Differentiate an expression exactly: print its value and each partial "
                    "derivative symbolically, exactly at the point and as a decimal, beside a "
                    "central-difference check. Exit status 1 if a check disagrees.",
        epilog="the expression may use numbers, names, + - * / **, parentheses and "
               f"{', '.join(symnn.GRAD_FUNCTIONS)}\n\nexamples:\n"
               "  symnn grad \"(x + y)**2\" --at x=1 y=2\n"
               "  symnn grad \"sigmoid(w*x + b)\" --at w=0.5 x=1 b=-0.7 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("expression", help="the expression, quoted")
    p.add_argument("--at", nargs="+", default=[], metavar="NAME=NUMBER",
                   help="the point: a value for every name (exact: 0.1 is 1/10)")
    p.add_argument("--h", type=float, default=None,
                   help="relative step of the numerical check, h |x| (default: from 1e-4 "
                        "down to 1e-12 until the check settles)")
    _output_options(p)
    _format_options(p)
    p.set_defaults(run=cmd_grad)

    p = sub.add_parser(
        "graph", help="computational graph of an expression: values, backprop, TikZ or SVG",
        description="Build the computational graph of an expression, run it forward at the "
                    "point and backward (reverse mode), and print every node's value and "
                    "derivative, or the graph as TikZ (for LaTeX) or SVG.",
        epilog="examples:\n  symnn graph \"(a + b) * (b + 1)\" --at a=1 b=2\n"
               "  symnn graph \"price * count * tax\" --at price=100 count=2 tax=1.1 "
               "--format tikz",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("expression", help="the expression, quoted")
    p.add_argument("--at", nargs="*", default=[], metavar="NAME=NUMBER",
                   help="values of the inputs (inputs without a value stay symbolic)")
    _output_options(p)
    p.add_argument("--format", choices=["text", "json", "tikz", "svg", *RENDERED], default="text",
                   help="text: every node's value and derivative; json; tikz: a LaTeX figure; "
                        "svg: a picture; or the derivation, forward and backward with the figure: "
                        "latex, document, markdown, beamer")
    p.add_argument("--lang", choices=["en", "ko"], default="en",
                   help="language of a derivation's words")
    p.set_defaults(run=cmd_graph)

    p = sub.add_parser(
        "step", help="one training step by hand: forward, loss, every gradient, the update",
        description="Do one step of backpropagation and gradient descent on a network spec "
                    "with a target and a learning_rate, exactly: every layer's A and Z, the "
                    "loss, dL/dW and dL/db of every layer and the updated parameters.",
        epilog="the spec needs target = [...] and learning_rate = ... (or --rate)\n\n"
               "example: symnn step net.toml --json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("spec", help="network spec file (TOML) with a target")
    p.add_argument("--rate", default=None, help="learning rate (overrides the spec's)")
    _output_options(p)
    _format_options(p)
    p.add_argument("--show", metavar="W,...", default=None,
                   help="weights to work through the chain rule in a derivation (--format "
                        "latex, document, markdown, beamer, or text with --lang ko), like w5,w1 "
                        "(numbered layer by layer, neuron by neuron; default: every weight of "
                        "a network of at most 8)")
    p.set_defaults(run=cmd_step)

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
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--exact", action="store_true",
                   help="show each claim's exact value (with --json, 'expected' as exact "
                        "strings)")
    _format_options(p)
    p.add_argument("--digits", type=_digits, default=6, metavar="N",
                   help="significant digits of the values in a derivation")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser(
        "train", help="train a network spec on a CSV with the compiled gradients",
        description="Train the spec's network by mini-batch gradient descent on a CSV of "
                    "features then targets (one-hot columns, or one column of class numbers), "
                    "showing the loss (and accuracy) as it goes.",
        epilog="example: symnn train net.toml --data xor.csv --epochs 2000 --rate 2 "
               "--save trained.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("spec", help="network spec file (TOML): layers give shapes and start values")
    p.add_argument("--data", help="CSV file: features, then targets (required unless --exact)")
    p.add_argument("--epochs", type=int, default=100, help="passes over the data")
    p.add_argument("--rate", type=float, default=None, help="learning rate (else the spec's)")
    p.add_argument("--batch-size", type=int, default=None,
                   help="rows per step (default: all rows, one step per epoch)")
    p.add_argument("--seed", type=int, default=0, help="seed for shuffling")
    p.add_argument("--loss", choices=["mse", "half_sse", "cross_entropy"], default=None,
                   help="the loss to minimize (default: the spec's, else mse)")
    p.add_argument("--save", metavar="SPEC", help="write the trained parameters as a spec")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--exact", action="store_true",
                   help="instead of the compiled floats, take --epochs steps of gradient "
                        "descent by hand, in exact numbers, on the spec's own input and target "
                        "(a network small enough to work by hand; no --data)")
    p.add_argument("--digits", type=_digits, default=10, metavar="N",
                   help="with --exact, significant digits of the decimals, 1 to 1000")
    p.set_defaults(run=cmd_train)

    p = sub.add_parser(
        "export", help="write a standalone NumPy (or JAX) module of a network spec",
        description="Write a Python module that needs only NumPy (or JAX), with the spec's "
                    "parameters and forward(X), loss(X, T), gradients(X, T) and "
                    "loss_and_gradients(X, T): the code symnn's compiled model runs, printed "
                    "from the derived rules. The loss is the spec's (default mse).",
        epilog="examples:\n  symnn export net.toml -o model.py\n"
               "  symnn export net.toml -o model_jax.py --backend jax --dtype float32",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("spec", help="network spec file (TOML)")
    p.add_argument("-o", "--output", required=True, help="the .py file to write")
    p.add_argument("--backend", choices=["numpy", "jax"], default="numpy",
                   help="array library of the module")
    p.add_argument("--dtype", choices=["float32", "float64"], default=None,
                   help="float type it computes in (default: the inputs' for NumPy, float32 "
                        "for JAX)")
    p.set_defaults(run=cmd_export)

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
    _build_options(p, "both", "language of the pages", "build only these derivations")
    p.add_argument("--title", help="title on the slides' title page "
                                   "(default: Neural network basics / 신경망의 기초)")
    p.add_argument("--subtitle", help="subtitle on the title page")
    p.add_argument("--course", help="course name on the title page")
    p.add_argument("--author", help="author (lecturer) on the title page (default: none)")
    p.add_argument("--date", help="date on the title page, as written (default: none)")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser(
        "exercise", help="make exercises with hand-friendly numbers, their key and worksheet",
        description="Make exercises of one kind with numbers a person can work by hand (searched "
                    "and checked exactly), and write the problem sheet and the answer key "
                    "(Markdown and LaTeX, PDF when pdflatex is on PATH), the worksheet students "
                    "fill in and the key 'symnn grade' checks them against. The same seed gives "
                    "the same sheet.",
        epilog="kinds: gate, separable, forward, softmax, loss, graph, step, numeric\n\n"
               "example: symnn exercise step --count 3 --seed 7 --lang ko --out week5",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", help="the kind of exercise (see below)")
    p.add_argument("--seed", type=int, default=0, help="seed of the numbers")
    p.add_argument("--count", type=int, default=3, help="how many exercises, 1 to 50")
    p.add_argument("--lang", choices=["en", "ko"], default="en", help="language of the sheets")
    p.add_argument("--out", default="exercises", help="output folder")
    p.add_argument("--no-pdf", action="store_true", help="write the sources only")
    p.set_defaults(run=cmd_exercise)

    p = sub.add_parser(
        "grade", help="check a folder of students' worksheets against a key; CSV and JSON",
        description="Check every student's worksheet (*.toml) in a folder against the key: per "
                    "student and claim correct, wrong, error or missing, the first wrong step "
                    "and a score; per claim how many got it right and the most common wrong "
                    "answer. Only the students' equals are read; the key decides. Writes "
                    "grades.csv and grades.json; a malformed file is that student's error.",
        epilog="example: symnn grade answers/ --key week5/key.toml --out week5",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("answers", help="folder of the students' worksheets (one .toml each)")
    p.add_argument("--key", required=True, help="the key worksheet (from symnn exercise)")
    p.add_argument("--out", default=None, help="folder for the reports (default: the answers)")
    p.add_argument("--jobs", type=int, default=None,
                   help="worker processes (default: the machine's cores)")
    p.set_defaults(run=cmd_grade)

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
    _build_options(p, None, "language of the pages (default: the deck file's lang, else both)",
                   "build only the items of these names")
    p.set_defaults(run=cmd_deck)
    for command in sub.choices.values():
        command.formatter_class = _Help
    return top


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help that keeps the examples' line breaks and shows every option's default."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        empty = action.default is None or action.default is False or action.default == [] \
            or action.default == argparse.SUPPRESS
        if not empty and "default" not in text and action.option_strings:
            text += " (default: %(default)s)"
        return text


RENDERED = ("latex", "document", "markdown", "beamer")
FORMATS = ("text", "json", *RENDERED)


def _rendered(args: argparse.Namespace, build: Any) -> bool:
    """Print the command's result as a derivation when --format asks for LaTeX, a document,
    Markdown or Beamer (or text in Korean); True when done. --format json is --json."""
    fmt = args.format
    if fmt == "json":
        args.json = True
        return False
    if fmt in RENDERED or (fmt == "text" and args.lang != "en"):
        print(build().render(fmt, args.lang))
        return True
    return False


def _format_options(p: argparse.ArgumentParser, formats: Sequence[str] = FORMATS) -> None:
    p.add_argument("--format", choices=list(formats), default="text",
                   help="text for the terminal, json for scripts (as --json), or the result "
                        "as a derivation with every step and its reason: latex (a fragment), "
                        "document (a whole .tex), markdown, beamer (frames)")
    p.add_argument("--lang", choices=["en", "ko"], default="en",
                   help="language of a derivation's words (--format text with ko prints the "
                        "derivation in Korean)")


def _build_options(p: argparse.ArgumentParser, lang: str | None, lang_help: str,
                   only_help: str) -> None:
    """The options ``build`` and ``deck`` share."""
    p.add_argument("--out", default="build", help="output folder")
    p.add_argument("--lang", choices=["en", "ko", "both"], default=lang, help=lang_help)
    p.add_argument("--only", nargs="+", metavar="NAME", help=only_help)
    p.add_argument("--engine", default="pdflatex", help="TeX engine")
    p.add_argument("--no-pdf", action="store_true", help="write the sources only")


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object for scripts")
    p.add_argument("--exact", action="store_true",
                   help="exact values: with --json as strings in SymPy syntax ('3/10'), "
                        "in text always beside the decimals")
    p.add_argument("--digits", type=_digits, default=10, metavar="N",
                   help="significant digits of decimals, 1 to 1000")


def _digits(text: str) -> int:
    """--digits: a whole number from 1 to 1000 (more would take minutes to print)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= n <= 1000:
        raise argparse.ArgumentTypeError(f"{n} is not between 1 and 1000")
    return n


def _fail(command: str, message: str) -> int:
    """One line on stderr, control characters shown escaped, and exit status 2."""
    print(f"symnn {command}: error: {visible(message)}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``symnn`` command with ``argv``; return its exit status."""
    top = parser()
    args, unknown = top.parse_known_args(argv)
    if unknown:
        # The command's own usage line, not the top-level one, says what it takes.
        command = top._subparsers._group_actions[0].choices[args.command]
        command.error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        with values.budget(COMMAND_WORK, "this command"):
            status = args.run(args)
        sys.stdout.flush()
        return status
    except SymnnError as e:
        return _fail(args.command, str(e))
    except KeyboardInterrupt:
        print("symnn: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (say, `head`) stopped early; that is not an error of ours.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except OSError as e:
        # Writing the output failed (a full disk, /dev/full): say so, once.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return _fail(args.command, f"cannot write the output: {e.strerror or e}")
    except RecursionError:
        return _fail(args.command, "the input is nested too deeply to work with")
    except MemoryError:
        return _fail(args.command, "the input needs more memory than this machine has")
