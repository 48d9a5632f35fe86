"""How reverse-mode derivation grows with the network, against naive differentiation.

For fully connected sigmoid networks with softmax and cross-entropy, it times symnn's
``backprop`` (every dL/dW and dL/db over intermediate symbols) and measures the size of the
result (``count_ops`` of the definitions and gradients), then does the same for the naive way:
substitute everything into one loss expression and call ``sympy.diff`` once per parameter.
The naive way stops at a time budget per network.

Run by hand:  python bench/backprop_growth.py [--budget SECONDS]
"""

from __future__ import annotations

import argparse
import random
import time

import sympy

from symnn import backprop, parse_spec

SHAPES = [(2, 3, 2, 2), (2, 8, 8, 2), (4, 16, 16, 4), (8, 32, 32, 8)]


def spec_for(shape: tuple[int, ...], seed: int = 0):
    rng = random.Random(seed)

    def w() -> str:
        return f"{rng.randint(-9, 9) / 10}"

    layers = []
    for k, (n_in, n_out) in enumerate(zip(shape, shape[1:])):
        last = k == len(shape) - 2
        layers.append({"W": [[w() for _ in range(n_out)] for _ in range(n_in)],
                       "b": [w() for _ in range(n_out)],
                       "activation": "identity" if last else "sigmoid"})
    target = [0] * shape[-1]
    target[0] = 1
    return parse_spec({"input": [w() for _ in range(shape[0])], "target": target,
                       "loss": "cross_entropy", "output": "softmax", "layer": layers})


def naive(spec, budget: float) -> tuple[float | None, int | None, int]:
    """Differentiate the fully substituted loss by each parameter until the budget runs out."""
    bp = backprop(spec)
    start = time.perf_counter()
    loss = bp.loss_in_parameters()
    params = [s for m in bp.parameters.values() for s in m]
    size = 0
    for done, p in enumerate(params):
        if time.perf_counter() - start > budget:
            return None, None, done
        size += sympy.count_ops(sympy.diff(loss, p))
    return time.perf_counter() - start, size, len(params)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", type=float, default=60.0,
                    help="seconds for the naive way on each network (default 60)")
    args = ap.parse_args()
    print(f"{'network':<12} {'params':>6} {'reverse s':>10} {'reverse ops':>12} "
          f"{'ops/param':>10} {'naive s':>10} {'naive ops':>12}")
    for shape in SHAPES:
        spec = spec_for(shape)
        start = time.perf_counter()
        bp = backprop(spec)
        seconds = time.perf_counter() - start
        size = bp.size()
        params = sum(len(m) for m in bp.parameters.values())
        n_seconds, n_size, done = naive(spec, args.budget)
        naive_s = f"{n_seconds:.2f}" if n_seconds is not None else f">{args.budget:.0f}"
        naive_ops = str(n_size) if n_size is not None else f"({done}/{params} done)"
        print(f"{'-'.join(map(str, shape)):<12} {params:>6} {seconds:>10.3f} {size:>12} "
              f"{size / params:>10.1f} {naive_s:>10} {naive_ops:>12}", flush=True)


if __name__ == "__main__":
    main()
