"""``symnn train`` and ``symnn export``: compiled models trained on data, and standalone modules."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import symnn
from symnn import arrays
from symnn.cli.common import both, digits_option, named, short
from symnn.errors import SymnnError
from symnn.optim import optimizer


def cmd_train(args: argparse.Namespace) -> int:
    from symnn.train import check_settings, load_csv, save_spec, train

    if args.exact:
        return train_exact(args)
    if args.data is None:
        raise SymnnError("--data is required: a CSV of features, then targets (or --exact, to "
                         "train in exact numbers on the spec's own input and target)")
    spec = symnn.load_spec(args.spec)
    rule = _optimizer(args, spec)
    model = symnn.compile(spec, loss=args.loss)
    X, T = load_csv(args.data, model.shape[0], model.shape[-1])
    rate = args.rate if args.rate is not None else rule.lr if rule is not None else \
        spec.learning_rate
    if rate is None:
        raise SymnnError("no learning rate: give --rate or learning_rate in the spec")
    check_settings(args.epochs, rate, args.batch_size, args.seed)
    if args.save:
        from symnn.files import check_writable

        target = Path(args.save)
        if not target.parent.exists():
            raise SymnnError(f"--save: folder {target.parent} does not exist")
        check_writable(target)
        check_writable(target.with_suffix(".npz"))
    # With --json, stdout is the JSON alone; progress goes to stderr.
    log = sys.stderr if args.json else sys.stdout
    where = ("--loss" if args.loss else "the spec" if spec.loss else
             "the default; choose with --loss or loss in the spec")
    how = f"learning rate {float(rate):g}" if rule is None else \
        rule.describe() if args.rate is None else optimizer(rule, lr=rate).describe()
    print(f"training {'-'.join(map(str, model.shape))} on {X.shape[0]} rows of {args.data}: "
          f"loss {model.loss_name} ({where}), output {model.output}, {args.epochs} epochs, "
          f"{how}, batch {args.batch_size or X.shape[0]}, seed {args.seed}", file=log, flush=True)

    def report(epoch: int, loss: float, accuracy: float | None) -> None:
        if epoch <= 1 or epoch == args.epochs or epoch % max(1, args.epochs // 20) == 0:
            extra = f"  accuracy {accuracy:.4f}" if accuracy is not None else ""
            print(f"epoch {epoch:>5}  loss {loss:.6f}{extra}", file=log, flush=True)

    history = train(model, X, T, args.epochs, rate, args.batch_size, args.seed, report, rule)
    before = history.loss[0]
    summary = {"epochs": args.epochs, "loss_name": model.loss_name, "loss_before": before,
               "loss": history.loss[-1],
               "accuracy": history.accuracy[-1] if history.accuracy else None}
    if rule is not None:
        summary["optimizer"] = {"name": rule.name, **{
            k: float(v) for k, v in optimizer(rule, lr=rate).hyperparameters().items()}}
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


def _optimizer(args: argparse.Namespace, spec: Any) -> Any:
    """The optimizer of ``--optimizer NAME [KEY=VALUE ...]``, else the spec's, else None."""
    from symnn.optim import settings

    if args.optimizer is None:
        return spec.optimizer
    table = settings(args.optimizer)
    if spec.optimizer is not None and len(table) == 1 and \
            table["name"].strip().lower() == spec.optimizer.name:
        return spec.optimizer  # --optimizer adam on a spec that sets adam's hyper-parameters
    found = optimizer(table, "--optimizer")
    if "lr" not in table and spec.learning_rate is not None:
        found = optimizer(found, lr=spec.learning_rate)
    return found


def train_exact(args: argparse.Namespace) -> int:
    """``train --exact``: steps of gradient descent by hand, every number exact."""
    from dataclasses import replace

    from symnn.train import check_settings, train_exact

    for option, given in (("--data", args.data), ("--save", args.save),
                          ("--batch-size", args.batch_size), ("--optimizer", args.optimizer)):
        if given is not None:
            raise SymnnError(f"--exact trains on the spec's own input and target, one step per "
                             f"epoch; leave out {option}" + (
                                 " (for exact steps with an optimizer: symnn step SPEC "
                                 "--optimizer NAME --steps K)" if option == "--optimizer"
                                 else ""))
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
        raise named(spec, e) from None
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
        print(f"step {epoch:>3}  L {short(v, args.digits, False)}  (before its update)")
    for name, p in last.updated.items():
        print(*both(name, p, args.digits, False), sep="\n")
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


def register(sub: Any) -> None:
    """Add train, export to the ``symnn`` command."""
    p = sub.add_parser(
        "train", help="train a network spec on a CSV with the compiled gradients",
        description="Train the spec's network by mini-batch gradient descent on a CSV of "
                    "features then targets (one-hot columns, or one column of class numbers), "
                    "showing the loss (and accuracy) as it goes.",
        epilog="examples:\n  symnn train net.toml --data xor.csv --epochs 2000 --rate 2 "
               "--save trained.toml\n  symnn train net.toml --data xor.csv --epochs 500 "
               "--optimizer adam lr=0.05",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("spec", help="network spec file (TOML): layers give shapes and start values")
    p.add_argument("--data", help="CSV file: features, then targets (required unless --exact)")
    p.add_argument("--epochs", type=int, default=100, help="passes over the data")
    p.add_argument("--rate", type=float, default=None, help="learning rate (else the spec's)")
    p.add_argument("--batch-size", type=int, default=None,
                   help="rows per step (default: all rows, one step per epoch)")
    p.add_argument("--seed", type=int, default=0, help="seed for shuffling")
    p.add_argument("--loss", choices=["mse", "half_sse", "cross_entropy",
                                      "binary_cross_entropy"], default=None,
                   help="the loss to minimize (default: the spec's, else mse)")
    p.add_argument("--optimizer", nargs="+", metavar="NAME [KEY=VALUE]", default=None,
                   help="sgd, momentum, adagrad, rmsprop or adam, as torch.optim defines them, "
                        "and hyper-parameters (like adam beta2=0.99); default: the spec's "
                        "optimizer, else plain gradient descent. The learning rate is --rate, "
                        "else the optimizer's lr, else the spec's learning_rate, else "
                        "PyTorch's default")
    p.add_argument("--save", metavar="SPEC", help="write the trained parameters as a spec")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--exact", action="store_true",
                   help="instead of the compiled floats, take --epochs steps of gradient "
                        "descent by hand, in exact numbers, on the spec's own input and target "
                        "(a network small enough to work by hand; no --data)")
    p.add_argument("--digits", type=digits_option, default=10, metavar="N",
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
