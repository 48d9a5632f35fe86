"""Wall time of the exact commands as a user runs them, process start included.

For sigmoid networks with three-decimal random weights, an MSE target and a learning rate, it
times ``symnn forward`` and ``symnn step`` as subprocesses, and ``symnn check`` on a worksheet
that claims every intermediate of the 4-16-16-4 step (each entry of every A, Z, the loss and
every entry of dL/dW and dL/db, to 8 decimals).  The claimed numbers come from ``symnn step
--json`` of the same network, so the worksheet is all correct.

Run by hand:  python bench/exact_growth.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SHAPES = [(2, 3, 2, 2), (4, 16, 16, 4), (8, 32, 32, 8), (16, 64, 64, 16), (32, 128, 128, 32)]


def spec_text(shape: tuple[int, ...], seed: int = 0) -> str:
    """A spec with weights of three decimals, as a teacher would write them."""
    rng = np.random.default_rng(seed)

    def row(values) -> str:
        return "[" + ", ".join(f"{v:.3f}" for v in values) + "]"

    lines = [f"input = {row(rng.normal(0, 1, shape[0]))}",
             f"target = {row(rng.uniform(0, 1, shape[-1]))}", 'loss = "mse"',
             "learning_rate = 0.1"]
    for n_in, n_out in zip(shape, shape[1:]):
        W = rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_out))
        lines += ["", "[[layer]]", "W = [" + ", ".join(row(r) for r in W) + "]",
                  f"b = {row(rng.normal(0, 0.1, n_out))}", 'activation = "sigmoid"']
    return "\n".join(lines) + "\n"


def worksheet_text(spec: str, step: dict) -> str:
    """A worksheet whose claims are every intermediate of the step, to 8 decimals."""
    import tomllib

    data = tomllib.loads(spec)
    lines = ["[values]", f"X = {data['input']}", f"T = {data['target']}"]
    layers = data["layer"]
    for k, layer in enumerate(layers, start=1):
        lines += [f"W{k} = {layer['W']}", f"b{k} = {layer['b']}"]
    lines.append("[define]")
    previous = "X"
    for k in range(1, len(layers) + 1):
        lines += [f'A{k} = "{previous} @ W{k} + b{k}"', f'Z{k} = "sigmoid(A{k})"']
        previous = f"Z{k}"
    lines.append(f'E = "mse({previous}, T)"')
    claims = []

    def claim(name: str, expr: str, value: float) -> None:
        claims.append(f'[[claim]]\nname = "{name}"\nexpr = "{expr}"\nequals = "{value:.8f}"')

    for k, layer in enumerate(step["layers"], start=1):
        for key in ("A", "Z"):
            for j, v in enumerate(layer[key]):
                claim(f"{key}{k}[{j}]", f"{key}{k}[{j}]", v)
    claim("E", "E", step["loss"])
    for name, grad in step["gradients"].items():
        if name.startswith("W"):
            for i, row in enumerate(grad):
                for j, v in enumerate(row):
                    claim(f"dE/d{name}[{i},{j}]", f"diff(E, {name}[{i}, {j}])", v)
        else:
            for j, v in enumerate(grad):
                claim(f"dE/d{name}[{j}]", f"diff(E, {name}[0, {j}])", v)
    return "\n".join(lines) + "\n\n" + "\n\n".join(claims) + "\n"


def run(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    exe = shutil.which("symnn")
    command = [exe] if exe else [sys.executable, "-m", "symnn"]
    start = time.perf_counter()
    done = subprocess.run([*command, *args], capture_output=True, text=True)
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (best is shown)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="symnn-bench-"))
    start_up = min(run("--version")[0] for _ in range(args.repeat))
    print(f"process start alone (symnn --version): {start_up:.2f} s")
    print(f"{'network':<16}{'params':>8}{'forward s':>11}{'step s':>9}")
    for shape in SHAPES:
        name = "-".join(map(str, shape))
        path = folder / f"net-{name}.toml"
        path.write_text(spec_text(shape))
        params = sum(a * b + b for a, b in zip(shape, shape[1:]))
        times = {}
        for command in ("forward", "step"):
            best = None
            for _ in range(args.repeat):
                seconds, done = run(command, str(path))
                if done.returncode != 0:
                    raise SystemExit(f"symnn {command} {name} failed: {done.stderr}")
                best = seconds if best is None else min(best, seconds)
            times[command] = best
        print(f"{name:<16}{params:>8}{times['forward']:>11.2f}{times['step']:>9.2f}")
    spec = (folder / "net-4-16-16-4.toml").read_text()
    step = json.loads(run("step", str(folder / "net-4-16-16-4.toml"), "--json")[1].stdout)
    sheet = folder / "sheet-4-16-16-4.toml"
    sheet.write_text(worksheet_text(spec, step))
    seconds, done = run("check", str(sheet))
    summary = done.stdout.strip().splitlines()[-1]
    print(f"symnn check, every intermediate of the 4-16-16-4 step: {seconds:.2f} s ({summary})")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
