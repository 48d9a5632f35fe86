"""``symnn separable``: can one perceptron realize a truth table?"""

from __future__ import annotations

import argparse
import json
from typing import Any

import symnn
from symnn.cli.common import format_options, rendered


def cmd_separable(args: argparse.Namespace) -> int:
    from symnn import worked

    weights = None if args.weights is None else [w.strip() for w in args.weights.split(",")]
    result = symnn.separate(symnn.parse_table(args.table), weights, args.bias)
    if rendered(args, lambda: worked.separation_derivation(result)):
        return 0 if not result.wrong_rows else 1
    if args.json:
        print(json.dumps(result.to_dict(exact=args.exact)))
    else:
        print(result.explain())
    return 0 if not result.wrong_rows else 1


def register(sub: Any) -> None:
    """Add separable to the ``symnn`` command."""
    p = sub.add_parser(
        "separable", help="can one perceptron realize a truth table? weights or a proof",
        description="Decide whether one perceptron realizes a Boolean truth table: print exact "
                    "weights and bias that do (a line no row lies on), or nonnegative "
                    "multipliers whose weighted sum of the rows' inequalities reads 0 > 0. "
                    "With --weights and --bias, check that perceptron on every row instead.",
        epilog="examples:\n  symnn separable \"00:0 01:0 10:0 11:1\"    # AND: separable\n"
               "  symnn separable \"00:0 01:1 10:1 11:0\"    # XOR: a certificate\n"
               "  symnn separable \"00:0 01:1 10:1 11:0\" --json\n"
               "  symnn separable \"00:0 01:0 10:0 11:1\" --weights 1,1 --bias -1.5   # check "
               "your own perceptron",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("table", help="rows as input bits, a colon and the label, e.g. \"0:1 1:0\"")
    p.add_argument("--weights", metavar="W1,W2,...", default=None,
                   help="check this perceptron's weights (with --bias) on every row instead of "
                        "finding one")
    p.add_argument("--bias", metavar="B", default=None,
                   help="the bias of the perceptron to check (b = -theta)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--exact", action="store_true",
                   help="with --json, weights, bias and multipliers as exact strings ('1/2'); "
                        "the text is exact already")
    format_options(p)
    p.set_defaults(run=cmd_separable)
