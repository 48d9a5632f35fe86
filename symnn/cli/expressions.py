"""``symnn grad`` and ``symnn graph``: an expression's derivatives and its computational graph."""

from __future__ import annotations

import argparse
import json
from typing import Any

import sympy

import symnn
from symnn.cli.common import (
    RENDERED,
    both,
    data,
    format_options,
    output_options,
    rendered,
    short,
    short_number,
)
from symnn.errors import ParseError, SymnnError
from symnn.expression import scalar_expression
from symnn.grad import GRAD_FUNCTIONS


def parse_point(pairs: list[str]) -> dict[str, str]:
    point = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip().isidentifier() or not value.strip():
            raise SymnnError(f"--at: {pair!r} is not NAME=NUMBER (like x=1 or w=0.5)")
        if name.strip() in point:
            raise SymnnError(f"--at: {name.strip()!r} is given twice")
        point[name.strip()] = value.strip()
    return point


def all_given(text: str, point: dict[str, str]) -> None:
    """Every variable of ``text`` has a value on --at (the library's message, with the fix)."""
    _, names = scalar_expression(text, GRAD_FUNCTIONS)
    missing = [n for n in names if n not in point]
    if missing:
        raise ParseError(f"no value given for {missing[0]!r} (add --at {missing[0]}=NUMBER)")


def cmd_grad(args: argparse.Namespace) -> int:
    point = parse_point(args.at)
    all_given(args.expression, point)
    from symnn import worked

    g = symnn.grad(args.expression, point, h=args.h)
    if rendered(args, lambda: worked.grad_derivation(g, args.digits)):
        return 0 if g.check.ok else 1
    if args.json:
        print(json.dumps(g.to_dict(exact_strings=args.exact)))
        return 0 if g.check.ok else 1
    at = ", ".join(f"{n} = {short_number(v)}" for n, v in g.point.items())
    print(f"f = {g.text(g.expression)}    at {at}")
    print(*both("f", g.value, args.digits, args.exact), sep="\n")
    for row in g.check.rows:
        n = row.name
        print(f"df/d{n} = {g.text(g.symbolic[n])}")
        print(*both(f"df/d{n}", g.exact[n], args.digits, args.exact), sep="\n")
        if row.note:
            print(f"  numerical (h = {row.h_text}): {row.numeric_text}, "
                  f"{'fine at a ' if row.ok else 'DISAGREES at a '}{row.note}")
            continue
        verdict = "agrees" if row.ok else "DISAGREES"
        print(f"  numerical (h = {row.h_text}): {row.numeric_text}, {verdict} "
              f"(abs error {row.error_text})")
    return 0 if g.check.ok else 1


def cmd_graph(args: argparse.Namespace) -> int:
    graph = symnn.Graph.from_text(args.expression, parse_point(args.at))
    from symnn import worked

    reverse, forward = graph.backward(), graph.forward_mode()
    if rendered(args, lambda: worked.graph_derivation(graph)):
        return 0
    if args.format in ("tikz", "svg"):
        sweep = None if args.values_only else \
            graph.tangents(args.tangent) if args.tangent else reverse
        from symnn.render.graph_figure import graph_drawing

        drawing = graph_drawing(graph, sweep, args.lang)
        if args.format == "svg":
            from symnn.render.svg import drawing_svg

            print(drawing_svg(drawing))
        else:
            from symnn.render.tikz import drawing_tikz

            print(drawing_tikz(drawing))
        return 0
    modes = {m.mode: {"passes": m.passes, "products": m.products,
                      "multiplications": m.multiplications} for m in (reverse, forward)}
    nodes = [n for n in graph.nodes if n.kind != "const"]
    if args.json:
        print(json.dumps({
            "values": {graph.name(n): data(n.number if n.number is not None else n.value,
                                            args.exact) for n in nodes},
            "gradient": {k: data(v, args.exact) for k, v in reverse.numbers.items()},
            "modes": modes}))
        return 0
    out = graph.name(graph.output)
    for node in nodes:
        name = graph.name(node)
        rule = "" if node.kind == "input" else f" = {sympy.sstr(graph.rule(node), order='none')}"
        shown = short(node.number, args.digits, args.exact) if node.number is not None \
            else str(node.value)
        print(f"{name}{rule} {shown}    d{out}/d{name} "
              f"{short(reverse.numbers[name], args.digits, args.exact)}")
    for mode, counts in modes.items():
        passes = f"{counts['passes']} pass" + ("es" if counts["passes"] != 1 else "")
        print(f"{mode} mode: {passes}, {counts['products']} chain-rule products (upstream × "
              f"local derivative), {counts['multiplications']} of them by a number other "
              "than 0 or 1")
    return 0


def register(sub: Any) -> None:
    """Add grad, graph to the ``symnn`` command."""
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
    output_options(p)
    format_options(p)
    p.set_defaults(run=cmd_grad)

    p = sub.add_parser(
        "graph", help="computational graph of an expression: values, backprop, TikZ or SVG",
        description="Build the computational graph of an expression, run it forward at the "
                    "point and backward (reverse mode), and print every node's value and "
                    "derivative, or the graph as TikZ (for LaTeX) or SVG.",
        epilog="examples:\n  symnn graph \"(a + b) * (b + 1)\" --at a=1 b=2\n"
               "  symnn graph \"price * count * tax\" --at price=100 count=2 tax=1.1 "
               "--format tikz\n"
               "  symnn graph \"(a + b) * (b + 1)\" --at a=1 b=2 --format svg --tangent b",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("expression", help="the expression, quoted")
    p.add_argument("--at", nargs="*", default=[], metavar="NAME=NUMBER",
                   help="values of the inputs (inputs without a value stay symbolic)")
    output_options(p)
    p.add_argument("--format", choices=["text", "json", "tikz", "svg", *RENDERED], default="text",
                   help="text: every node's value and derivative; json; tikz: a LaTeX figure; "
                        "svg: a picture (values above the edges, below them the derivative "
                        "flowing back along each); or the derivation, forward and backward with "
                        "the figures: latex, document, markdown, beamer")
    p.add_argument("--lang", choices=["en", "ko"], default="en",
                   help="language of a derivation's words")
    drawn = p.add_mutually_exclusive_group()
    drawn.add_argument("--values-only", action="store_true",
                       help="tikz, svg: the forward values alone, no derivatives (a forward "
                            "page that does not give the backward answers away)")
    drawn.add_argument("--tangent", metavar="NAME", default=None,
                       help="tikz, svg: forward mode instead of reverse: below each edge the "
                            "derivative by the input NAME it carries forward")
    p.set_defaults(run=cmd_graph)
