"""``symnn forward`` and ``symnn step``: a spec's forward pass and one training step by hand."""

from __future__ import annotations

import argparse
import json
from typing import Any

import symnn
from symnn import arrays
from symnn.cli.common import FORMATS, both, format_options, named, output_options, rendered
from symnn.errors import SymnnError, visible

PICTURE = ("; tikz or svg: the network's diagram (neurons in labelled layers, weights on the "
           "edges when they fit) with each neuron's value for the first input row")


def cmd_forward(args: argparse.Namespace) -> int:
    spec = symnn.load_spec(args.spec)
    try:
        result = spec.network.forward(spec.input)
    except SymnnError as e:
        raise named(spec, e) from None
    from symnn import worked

    if rendered(args, lambda: worked.forward_derivation(spec, args.digits)):
        return 0
    if args.format in ("tikz", "svg"):
        print(network_picture(spec.network, result, args.format, args.lang))
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
    print(*both("X", arrays.array(result.X), args.digits, args.exact), sep="\n")
    for k, (layer, v) in enumerate(zip(spec.network.layers, result.layers), start=1):
        previous = "X" if k == 1 else f"Z{k - 1}"
        print(f"layer {k}: A{k} = {previous} W{k} + b{k}, Z{k} = {layer.activation}(A{k})")
        print(*both(f"A{k}", v.a, args.digits, args.exact), sep="\n")
        print(*both(f"Z{k}", v.z, args.digits, args.exact), sep="\n")
    if spec.network.output != "identity":
        print(f"output: Y = {spec.network.output}(Z{len(result.layers)})")
        print(*both("Y", result.y, args.digits, args.exact), sep="\n")
    if loss is not None:
        print(f"loss: {spec.loss}(Y, T)")
        print(*both("L", loss, args.digits, args.exact), sep="\n")
    return 0


def cmd_step(args: argparse.Namespace) -> int:
    spec = symnn.load_spec(args.spec)
    try:
        step = symnn.train_step(spec, args.rate)
    except SymnnError as e:
        raise named(spec, e) from None
    from symnn import worked

    show = None if args.show is None else [w.strip() for w in args.show.split(",") if w.strip()]
    names = worked.weight_names(spec)
    for name in show or []:
        if name not in names:
            raise SymnnError(f"--show: no weight {name!r}; this network has w1 to "
                             f"w{len(names)} (numbered layer by layer, neuron by neuron)")
    if rendered(args, lambda: worked.step_derivation(spec, args.rate, args.digits, show)):
        return 0
    if args.format in ("tikz", "svg"):
        print(network_picture(spec.network, None, args.format, args.lang))
        return 0
    if args.json:
        print(json.dumps(step.to_dict(exact_strings=args.exact)))
        return 0
    digits, always = args.digits, args.exact
    print(f"{visible(spec.source)}: one step of gradient descent, learning rate "
          f"{step.learning_rate}")
    print("forward pass")
    for k, v in enumerate(step.forward.layers, start=1):
        print(*both(f"A{k}", v.a, digits, always), sep="\n")
        print(*both(f"Z{k}", v.z, digits, always), sep="\n")
    if spec.network.output != "identity":
        print(*both("Y", step.forward.y, digits, always), sep="\n")
    print(f"loss ({spec.loss})")
    print(*both("L", step.loss, digits, always), sep="\n")
    print("backward pass: delta_k = dL/dA_k; dL/dW_k = Z_(k-1)^T delta_k; dL/db_k = sum of "
          "delta_k over rows")
    for name, g in step.gradients.items():
        print(*both(f"dL/d{name}", g, digits, always), sep="\n")
    print(f"update: p <- p - {step.learning_rate} * dL/dp")
    for name, p in step.updated.items():
        print(*both(name, p, digits, always), sep="\n")
    return 0


def network_picture(network: Any, forward: Any, fmt: str, lang: str) -> str:
    """The network diagram (forward values in the neurons, given them) as TikZ or SVG."""
    from symnn.render.network_figure import network_drawing

    drawing = network_drawing(network, forward, lang)
    if fmt == "svg":
        from symnn.render.svg import drawing_svg

        return drawing_svg(drawing)
    from symnn.render.tikz import drawing_tikz

    return drawing_tikz(drawing)


def register(sub: Any) -> None:
    """Add forward, step to the ``symnn`` command."""
    p = sub.add_parser(
        "forward", help="forward pass of a network spec: every layer's A and Z",
        description="Run the forward pass A = X W + b, Z = h(A) of a network spec (TOML) "
                    "exactly and print every layer's A and Z, the output and, with a target, "
                    "the loss.",
        epilog="example spec:\n  input = [1.0, 0.5]\n  [[layer]]\n"
               "  W = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]\n  b = [0.1, 0.2, 0.3]\n"
               "  activation = \"sigmoid\"\n\nexamples:\n  symnn forward net.toml --json --exact\n"
               "  symnn forward net.toml --format svg > net.svg",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("spec", help="network spec file (TOML)")
    output_options(p)
    format_options(p, (*FORMATS, "tikz", "svg"), PICTURE)
    p.set_defaults(run=cmd_forward)

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
    output_options(p)
    format_options(p, (*FORMATS, "tikz", "svg"), "; tikz or svg: the network's diagram, "
                   "weights on the edges when they fit")
    p.add_argument("--show", metavar="W,...", default=None,
                   help="weights to work through the chain rule in a derivation (--format "
                        "latex, document, markdown, beamer, or text with --lang ko), like w5,w1 "
                        "(numbered layer by layer, neuron by neuron; default: every weight of "
                        "a network of at most 8)")
    p.set_defaults(run=cmd_step)
