"""``symnn separable``: can one perceptron realize a truth table?"""

from __future__ import annotations

import argparse
import json
from typing import Any

import symnn
from symnn.cli.common import format_options, rendered


def cmd_separable(args: argparse.Namespace) -> int:
    from symnn import worked

    result = symnn.separate(symnn.parse_table(args.table))
    if rendered(args, lambda: worked.separation_derivation(result)):
        return 0
    if args.json:
        print(json.dumps(result.to_dict(exact=args.exact)))
    else:
        print(result.explain())
    return 0


def register(sub: Any) -> None:
    """Add separable to the ``symnn`` command."""
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
    format_options(p)
    p.set_defaults(run=cmd_separable)
