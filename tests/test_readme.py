"""README's Python tour and command-line transcripts run as written."""

import doctest
import os
import shlex
import shutil

import pytest

from tests.conftest import ROOT, run_symnn


def test_readme_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(os.path.join(ROOT, "README.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0


def transcripts(text: str) -> list[tuple[str, list[str]]]:
    """Every ``$ symnn ...`` command of README's plain code blocks, with the lines it shows."""
    blocks, block, fence = [], None, None
    for line in text.split("\n"):
        if line.startswith("```"):
            if block is None:
                block, fence = [], line[3:].strip()
            else:
                if not fence:
                    blocks.append(block)
                block = None
        elif block is not None:
            block.append(line)
    out = []
    for lines in blocks:
        if not lines or not lines[0].startswith("$ symnn"):
            continue
        for line in lines:
            if line.startswith("$ "):
                out.append((line[2:].split("  #")[0].strip(), []))
            else:
                out[-1][1].append(line)
    return out


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether the printed lines are the shown ones, where a line '...' stands for any lines."""
    if not shown:
        return not printed
    if shown[0].strip() == "...":
        return any(matches(shown[1:], printed[i:]) for i in range(len(printed) + 1))
    return bool(printed) and printed[0].rstrip() == shown[0].rstrip() and \
        matches(shown[1:], printed[1:])


COMMANDS = transcripts(open(os.path.join(ROOT, "README.md"), encoding="utf-8").read())


def test_readme_has_transcripts():
    assert len(COMMANDS) >= 6


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A folder holding a copy of examples/, where README's commands run one after another."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", folder / "examples")
    return folder


@pytest.mark.parametrize("index", range(len(COMMANDS)),
                         ids=[c for c, _ in COMMANDS])
def test_readme_transcripts_print_what_they_show(index, workspace):
    for earlier, (command, _) in enumerate(COMMANDS[:index]):  # earlier ones make files
        if not (workspace / f".done-{earlier}").exists():
            command, _, target = command.partition(" > ")
            done = run_symnn(*shlex.split(command)[1:], cwd=workspace)
            if target:
                (workspace / target.strip()).write_text(done.stdout)
            (workspace / f".done-{earlier}").touch()
    command, shown = COMMANDS[index]
    command, _, target = command.partition(" > ")  # "> net.svg": the output goes to a file
    done = run_symnn(*shlex.split(command)[1:], cwd=workspace)
    (workspace / f".done-{index}").touch()
    out = done.stdout if done.returncode != 2 else done.stderr  # an error is shown as printed
    if target:
        assert done.returncode == 0 and done.stdout.strip(), done.stderr
        (workspace / target.strip()).write_text(done.stdout)
        out = ""
    printed = out.rstrip("\n").split("\n") if out.strip() else []
    assert matches(shown, printed), "\n".join(["shown:", *shown, "printed:", *printed])
