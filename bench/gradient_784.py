"""The gradient of a 784-50-10 sigmoid network with softmax and cross-entropy on a batch of 100.

Times symnn's compiled gradient against the hand-written NumPy backpropagation in
bench/reference.py, against central-difference numerical differentiation (timed on a sample
of parameters and extrapolated to all 39,760, as the lecture's book does), and against
PyTorch's CPU autograd when torch is installed. Also the time to derive and compile, and how
it grows with the hidden width.

Run by hand:  python bench/gradient_784.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

# One BLAS thread: on 2 cores, threaded small matrix products make the timings jump around.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import reference  # noqa: E402

from symnn import compile, initial_network  # noqa: E402


def best(f, repeat: int = 200) -> float:
    """Best of ``repeat`` runs, in seconds (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    model = compile(initial_network((784, 50, 10), "sigmoid", "softmax", seed=0),
                    loss="cross_entropy")
    build = time.perf_counter() - start
    X = rng.random((100, 784))
    T = np.eye(10)[rng.integers(0, 10, 100)]
    params = {k: v.copy() for k, v in model.parameters.items()}
    ours, theirs = model.gradients(X, T), reference.gradient(params, X, T)
    error = max(float(np.abs(ours[k] - theirs[k]).max()) for k in ours)

    # Interleaved, best of many: both sides see the same state of the machine.
    t_symnn, t_numpy = float("inf"), float("inf")
    for _ in range(10):
        t_symnn = min(t_symnn, best(lambda: model.gradients(X, T), 100))
        t_numpy = min(t_numpy, best(lambda: reference.gradient(params, X, T), 100))
    total = sum(v.size for v in params.values())
    sample = 200
    flat = [(k, i) for k in params for i in np.ndindex(params[k].shape)]
    picks = [flat[i] for i in rng.choice(len(flat), sample, replace=False)]

    def numeric() -> None:
        h = 1e-4
        for k, i in picks:
            saved = params[k][i]
            params[k][i] = saved + h
            up = reference.loss(params, X, T)
            params[k][i] = saved - h
            down = reference.loss(params, X, T)
            params[k][i] = saved
            _ = (up - down) / (2 * h)

    t_numeric = best(numeric, repeat=3) / sample * total
    print(f"derive and compile 784-50-10: {build:.3f} s; max |symnn - numpy| = {error:.1e}")
    print(f"symnn compiled gradient   {t_symnn * 1e3:8.3f} ms")
    print(f"hand-written NumPy        {t_numpy * 1e3:8.3f} ms   (symnn / numpy = "
          f"{t_symnn / t_numpy:.2f})")
    print(f"numerical differentiation {t_numeric:8.1f} s    (extrapolated from {sample} of "
          f"{total} parameters; {t_numeric / t_symnn:,.0f} times slower than symnn)")
    try:
        import torch
    except ImportError:
        print("PyTorch autograd          not installed")
    else:
        tp = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
        tx, tt = torch.tensor(X), torch.tensor(T)

        def torch_grad() -> None:
            for v in tp.values():
                v.grad = None
            z = torch.sigmoid(tx @ tp["W1"] + tp["b1"])
            logits = z @ tp["W2"] + tp["b2"]
            loss = -(tt * torch.log_softmax(logits, dim=1)).sum() / tx.shape[0]
            loss.backward()

        t_torch = best(torch_grad)
        print(f"PyTorch CPU autograd      {t_torch * 1e3:8.3f} ms   (symnn / torch = "
              f"{t_symnn / t_torch:.2f})")
    print("width  derive+compile s  gradient ms")
    for width in (10, 50, 100, 200, 400):
        start = time.perf_counter()
        m = compile(initial_network((784, width, 10), "sigmoid", "softmax", seed=0),
                    loss="cross_entropy")
        seconds = time.perf_counter() - start
        print(f"{width:>5}  {seconds:16.3f}  {best(lambda m=m: m.gradients(X, T), 50) * 1e3:11.3f}")


if __name__ == "__main__":
    main()
