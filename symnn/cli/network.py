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


def print_forward(spec: Any, forward: Any, loss: Any, digits: int, always: bool,
                  indent: str = "") -> None:
    """Print a step's forward pass: every layer's A and Z, the output and the loss."""
    for k, v in enumerate(forward.layers, start=1):
        print(*both(f"{indent}A{k}", v.a, digits, always), sep="\n")
        print(*both(f"{indent}Z{k}", v.z, digits, always), sep="\n")
    if spec.network.output != "identity":
        print(*both(f"{indent}Y", forward.y, digits, always), sep="\n")
    print(f"{indent}loss ({spec.loss})")
    print(*both(f"{indent}L", loss, digits, always), sep="\n")


def cmd_step(args: argparse.Namespace) -> int:
    spec = symnn.load_spec(args.spec)
    if args.optimizer is not None or args.steps is not None or spec.optimizer is not None:
        return descent_steps(args, spec)
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
    print_forward(spec, step.forward, step.loss, digits, always)
    print("backward pass: delta_k = dL/dA_k; dL/dW_k = Z_(k-1)^T delta_k; dL/db_k = sum of "
          "delta_k over rows")
    for name, g in step.gradients.items():
        print(*both(f"dL/d{name}", g, digits, always), sep="\n")
    print(f"update: p <- p - {step.learning_rate} * dL/dp")
    for name, p in step.updated.items():
        print(*both(name, p, digits, always), sep="\n")
    return 0


def descent_steps(args: argparse.Namespace, spec: Any) -> int:
    """``step --optimizer NAME [KEY=VALUE ...] [--steps K]``: every intermediate of K steps."""
    from symnn.descent import descent
    from symnn.optim import SCALARS, optimizer, settings
    from symnn.worked_descent import descent_derivation

    if args.show is not None:
        raise SymnnError("--show works one SGD step through the chain rule; with an optimizer "
                         "every parameter's update is shown, so leave out --show")
    rule = None if args.optimizer is None else settings(args.optimizer)
    if rule is not None and spec.optimizer is not None and \
            rule["name"].strip().lower() == spec.optimizer.name and len(rule) == 1:
        rule = spec.optimizer  # --optimizer adam on a spec that sets adam's hyper-parameters
    elif rule is not None:
        rule = optimizer(rule, "--optimizer")  # its errors are the option's, not the spec's
    if args.rate is not None and not symnn.exact(args.rate, "--rate").is_positive:
        raise SymnnError(f"--rate: the learning rate must be a positive number, got {args.rate}")
    steps = 1 if args.steps is None else args.steps
    if not 1 <= steps <= 20:
        raise SymnnError(f"--steps: a whole number from 1 to 20, got {steps}")
    try:
        run = descent(spec, rule, steps, args.rate)
    except SymnnError as e:
        raise named(spec, e) from None
    if rendered(args, lambda: descent_derivation(run, args.digits)):
        return 0
    if args.exact:
        run.check_exact()
    if args.json:
        print(json.dumps(run.to_dict(exact_strings=args.exact)))
        return 0
    digits, always = args.digits, args.exact
    rule = run.optimizer
    count = len(run.steps)
    print(f"{visible(spec.source)}: {count} step{'s' * (count > 1)} of {rule.describe()}, "
          "as torch.optim writes it")
    print(f"{rule.title}: " + "; ".join(f"{q.name} = {q.text}" for q in rule.quantities()) +
          "; p <- p - step (every state starts at 0)")
    for step in run.steps:
        print(f"step {step.t}")
        print("  forward pass" + (" at the updated parameters" if step.t > 1 else ""))
        print_forward(spec, step.forward, step.loss, digits, always, "  ")
        print("  gradients (backward pass)")
        for name, g in step.gradients.items():
            print(*both(f"  dL/d{name}", g, digits, always), sep="\n")
        print(f"  {rule.title}, t = {step.t}")
        for key, v in step.update.scalars.items():
            print(*both(f"  {SCALARS[key].text.replace('**t', f'**{step.t}')}", v, digits,
                        always), sep="\n")
        for name, quantities in step.update.quantities.items():
            for key, v in quantities.items():
                label = f"{name} (updated)" if key == "p" else f"{key}[{name}]"
                print(*both(f"  {label}", v, digits, always), sep="\n")
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
               "optimizers (the update rules of torch.optim, every intermediate shown):\n"
               "  sgd       lr (0.001)\n"
               "  momentum  lr (0.001), momentum (0.9)\n"
               "  adagrad   lr (0.01), eps (1e-10)\n"
               "  rmsprop   lr (0.01), alpha (0.99), eps (1e-8)\n"
               "  adam      lr (0.001), beta1 (0.9), beta2 (0.999), eps (1e-8)\n"
               "the learning rate is --rate, else the optimizer's lr, else the spec's "
               "learning_rate, else the default above;\nin a spec: optimizer = { name = "
               "\"adam\", beta1 = 0.9 }\n\n"
               "examples:\n  symnn step net.toml --json\n"
               "  symnn step net.toml --optimizer adam beta2=0.99 --steps 2\n"
               "  symnn step net.toml --optimizer momentum --steps 3 --format beamer --lang ko",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("spec", help="network spec file (TOML) with a target")
    p.add_argument("--rate", default=None, help="learning rate (overrides the spec's)")
    output_options(p)
    format_options(p, (*FORMATS, "tikz", "svg"), "; tikz or svg: the network's diagram, "
                   "weights on the edges when they fit")
    p.add_argument("--optimizer", nargs="+", metavar="NAME [KEY=VALUE]", default=None,
                   help="take the steps with an optimizer: sgd, momentum, adagrad, rmsprop or "
                        "adam, and its hyper-parameters (like adam beta1=0.8 eps=1e-6); "
                        "default: the spec's optimizer, else one step of plain gradient descent")
    p.add_argument("--steps", type=int, default=None, metavar="K",
                   help="steps to take, 1 to 20 (default 1)")
    p.add_argument("--show", metavar="W,...", default=None,
                   help="weights to work through the chain rule in a derivation (--format "
                        "latex, document, markdown, beamer, or text with --lang ko), like w5,w1 "
                        "(numbered layer by layer, neuron by neuron; default: every weight of "
                        "a network of at most 8)")
    p.set_defaults(run=cmd_step)
