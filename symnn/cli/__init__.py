"""The ``symnn`` command: a thin layer that parses arguments and prints library results.

Every command calls one public function and prints it as text or, with ``--json``, as the data
that function's result serializes to.  A :class:`~symnn.errors.SymnnError` becomes one line on
stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence

import symnn
from symnn import values
from symnn.cli import classroom, expressions, network, perceptron, slides, training
from symnn.cli.common import COMMAND_WORK, Help, fail
from symnn.errors import SymnnError


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

    for group in (network, perceptron, expressions, training, classroom, slides):
        group.register(sub)
    for command in sub.choices.values():
        command.formatter_class = Help
    return top


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``symnn`` command with ``argv``; return its exit status."""
    top = parser()
    args, unknown = top.parse_known_args(argv)
    if unknown:
        # The command's own usage line, not the top-level one, says what it takes.
        command = top._subparsers._group_actions[0].choices[args.command]
        command.error(f"unrecognized arguments: {' '.join(unknown)}")
    if threading.current_thread() is threading.main_thread():
        # SIGTERM ends the command as Ctrl-C does: temporary files are removed and every
        # output already in place stays whole
        signal.signal(signal.SIGTERM, _interrupted)
    try:
        with values.budget(COMMAND_WORK, "this command"):
            status = args.run(args)
        sys.stdout.flush()
        return status
    except SymnnError as e:
        return fail(args.command, str(e))
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
        return fail(args.command, f"cannot write the output: {e.strerror or e}")
    except RecursionError:
        return fail(args.command, "the input is nested too deeply to work with")
    except MemoryError:
        return fail(args.command, "the input needs more memory than this machine has")
