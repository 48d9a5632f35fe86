"""Shared helpers: run the installed ``symnn`` command the way a user does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run_symnn(*args: str, cwd: Path | None = None, timeout: int = 120):
    """Run ``symnn ARGS`` as a subprocess (the console script when installed)."""
    exe = shutil.which("symnn")
    command = [exe] if exe else [sys.executable, "-m", "symnn"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


@pytest.fixture
def symnn_cli():
    return run_symnn
