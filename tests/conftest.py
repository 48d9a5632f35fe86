"""Shared helpers: run the installed ``symnn`` command the way a user does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


MEMORY_LIMIT = 3 * 1024**3  # bytes of address space a symnn command may use in the tests


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_symnn(*args: str, cwd: Path | None = None, timeout: int = 120, stdin: str | None = None,
              errors: str = "strict"):
    """Run ``symnn ARGS`` as a subprocess (the console script when installed), the way a user
    does; a run that prints a Python traceback fails the test that made it."""
    exe = shutil.which("symnn")
    command = [exe] if exe else [sys.executable, "-m", "symnn"]
    done = subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, input=stdin, errors=errors,
                          preexec_fn=_limit_memory)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return done


@pytest.fixture
def symnn_cli():
    return run_symnn
