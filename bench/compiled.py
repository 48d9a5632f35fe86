"""symnn's compiled gradient against hand-written NumPy, PyTorch CPU and JAX, side by side.

For each network (sigmoid hidden layers, softmax output, cross-entropy) and batch, in float64
and float32: the time to draw its random start weights (``initial_network``) and to compile
the model (weights included: the code generated from the rules, the arrays cast to the dtype;
the rules themselves are derived once a session, timed on its own line), the time of one
gradient of the batch loss for symnn (NumPy backend), hand-written NumPy backpropagation
(bench/reference.py), PyTorch CPU autograd and JAX's jit-compiled grad, each when installed,
plus symnn's JAX backend. Ratios are symnn / other: under 1 means symnn is faster; each comes
from the two sides timed together (best of interleaved bursts, see ``timings``); symnn ms is
from its round with hand-written NumPy. One BLAS thread (and one PyTorch thread) everywhere.

Run by hand:  python bench/compiled.py            (about 3 minutes on 2 cores)
              python bench/compiled.py --memory   (peak memory of the largest network)
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false "
                      "intra_op_parallelism_threads=1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import reference  # noqa: E402

from symnn import compile, initial_network  # noqa: E402

CASES = [((64, 64, 10), 32), ((784, 50, 10), 100), ((784, 256, 256, 10), 256),
         ((784, 1024, 1024, 10), 1024)]


def timings(runs: dict, seconds: float, least: int = 15) -> dict:
    """Best time of one call of each function: bursts of calls (about 20 ms each, so the cold
    first call after another library's burst weighs little), interleaved round after round for
    about ``seconds`` per function, so every side sees the same moments of a noisy machine;
    the best burst is the least disturbed one."""
    calls = {}
    for name, f in runs.items():  # a burst's length from the best of a few calls
        once = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            f()
            once = min(once, time.perf_counter() - start)
        calls[name] = max(1, int(0.02 / once))
    times = {name: float("inf") for name in runs}
    names = list(runs)
    spent, rounds = 0.0, 0
    while rounds < least or spent < seconds * len(runs):
        # Each round starts one further along, so no side always runs right after PyTorch or
        # JAX (whose worker threads stay busy for a moment after a call).
        for name in names[rounds % len(names):] + names[:rounds % len(names)]:
            f = runs[name]
            start = time.perf_counter()
            for _ in range(calls[name]):
                f()
            took = time.perf_counter() - start
            spent += took
            times[name] = min(times[name], took / calls[name])
        rounds += 1
    return times


def torch_gradient(params, X, T):
    import torch
    torch.set_num_threads(1)
    tp = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    tx, tt = torch.tensor(X), torch.tensor(T)
    layers = len(params) // 2

    def run():
        for v in tp.values():
            v.grad = None
        z = tx
        for k in range(1, layers):
            z = torch.sigmoid(z @ tp[f"W{k}"] + tp[f"b{k}"])
        logits = z @ tp[f"W{layers}"] + tp[f"b{layers}"]
        loss = -(tt * torch.log_softmax(logits, dim=1)).sum() / tx.shape[0]
        loss.backward()
        return {k: v.grad for k, v in tp.items()}
    return run


def jax_gradient(params, X, T):
    import jax
    import jax.numpy as jnp
    layers = len(params) // 2

    def loss(p, x, t):
        z = x
        for k in range(1, layers):
            z = jax.nn.sigmoid(z @ p[f"W{k}"] + p[f"b{k}"])
        logits = z @ p[f"W{layers}"] + p[f"b{layers}"]
        return -(t * jax.nn.log_softmax(logits, axis=1)).sum() / x.shape[0]

    grad = jax.jit(jax.grad(loss))
    jp = {k: jnp.asarray(v) for k, v in params.items()}
    jx, jt = jnp.asarray(X), jnp.asarray(T)
    return lambda: jax.block_until_ready(grad(jp, jx, jt))


def installed(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


def row(shape, batch, dtype, others: dict) -> str:
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    network = initial_network(shape, "sigmoid", "softmax", seed=0)
    made = time.perf_counter() - start
    built = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        model = compile(network, loss="cross_entropy", dtype=dtype)
        built = min(built, time.perf_counter() - start)
    X = rng.random((batch, shape[0])).astype(dtype)
    T = np.eye(shape[-1], dtype=dtype)[rng.integers(0, shape[-1], batch)]
    params = {k: v.copy() for k, v in model.parameters.items()}
    ours = model.gradients(X, T)
    hand = reference.gradient_deep(params, X, T)
    error = max(float(np.abs(ours[k] - hand[k]).max()) for k in ours)
    symnn = {"symnn": lambda: model.gradients(X, T)}
    groups = [{**symnn, "numpy": lambda: reference.gradient_deep(params, X, T)}]
    if "torch" in others:
        groups.append({**symnn, "torch": torch_gradient(params, X, T)})
    if "jax" in others:
        jmodel = compile(initial_network(shape, "sigmoid", "softmax", seed=0),
                         loss="cross_entropy", dtype=dtype, backend="jax")
        import jax
        import jax.numpy as jnp
        jx, jt = jnp.asarray(X), jnp.asarray(T)
        groups.append({**symnn, "jax": jax_gradient(params, X, T),
                       "symnn[jax]": lambda: jax.block_until_ready(jmodel.gradients(jx, jt))})
    # Each ratio comes from the sides timed together in one group, so PyTorch's and JAX's
    # worker threads and caches never weigh on the comparison with hand-written NumPy.
    ratio, times = {}, {}
    for runs in groups:
        for f in runs.values():
            f()  # warm up (JIT compiles)
        group = timings(runs, 1.0 if batch < 1000 else 3.0)
        times.setdefault("symnn", group["symnn"])
        for name in runs:
            ratio[name] = group["symnn"] / group[name]
        if "symnn[jax]" in group:
            ratio["[jax]/jax"] = group["symnn[jax]"] / group["jax"]
    widths = "-".join(str(n) for n in shape)
    ratios = "  ".join(f"{ratio[name]:5.2f}" if name in ratio else "    -"
                       for name in ("numpy", "torch", "jax"))
    jax_backend = f"{ratio['[jax]/jax']:6.2f}" if "[jax]/jax" in ratio else "     -"
    return (f"{widths:>18} {batch:>5} {np.dtype(dtype).name:>7} {made:8.3f} {built:9.3f} "
            f"{times['symnn'] * 1e3:10.3f}  {ratios}  {jax_backend}   {error:.0e}")


def memory() -> None:
    """Compile 784-1024-1024-10 and run one gradient on a batch of 1024; print peak memory."""
    rng = np.random.default_rng(0)
    model = compile(initial_network((784, 1024, 1024, 10), "sigmoid", "softmax"),
                    loss="cross_entropy")
    X = rng.random((1024, 784))
    T = np.eye(10)[rng.integers(0, 10, 1024)]
    model.gradients(X, T)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"784-1024-1024-10, compile and one gradient on batch 1024: peak {peak:.0f} MB "
          "resident (Python, NumPy and SymPy included)")


def main() -> None:
    if "--memory" in sys.argv:
        memory()
        return
    others = [name for name in ("torch", "jax") if installed(name)]
    print(f"installed: {', '.join(others) or 'neither PyTorch nor JAX'}; one thread each")
    start = time.perf_counter()
    compile(initial_network((2, 2, 2), "sigmoid", "softmax"), loss="cross_entropy")
    print(f"first compile of a session (SymPy derives and prints the rules once): "
          f"{time.perf_counter() - start:.2f} s; compile s below: best of 5 after it")
    print(f"{'network':>18} {'batch':>5} {'dtype':>7} {'random s':>8} {'compile s':>9} "
          f"{'symnn ms':>10}  "
          "numpy  torch    jax  [jax]/jax   max|symnn-numpy|")
    for shape, batch in CASES:
        for dtype in (np.float64, np.float32):
            print(row(shape, batch, dtype, others), flush=True)
    print("ratios: symnn's time / the other's (under 1: symnn faster); [jax]/jax: symnn's "
          "JAX backend against JAX's own grad")


if __name__ == "__main__":
    main()
