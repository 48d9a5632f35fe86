"""The rules a compiled network runs, derived by SymPy and checked against the per-scalar
derivation: each activation's derivative, the loss's gradient at the output, the affine layer's
matrix rules.

    dA_k = dZ_k ∘ h'(A_k)      dW_k = Z_(k-1)^T dA_k      db_k = column sums of dA_k
    dZ_(k-1) = dA_k W_k^T      dZ_L = (Y·rowsum(T) - T)/N for softmax with cross-entropy
                               dZ_L = (Y - T)/(N K) for the sigmoid with binary cross-entropy

>>> activation_derivative("tanh")
1 - z**2
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Symbol

from symnn.activations import activation as activation_named
from symnn.activations import sigmoid, softmax
from symnn.losses import loss as loss_named
from symnn.losses import sigmoid_binary_cross_entropy_gradient, softmax_cross_entropy_gradient

N = Symbol("N", integer=True, positive=True)


def activation_derivative(name: str) -> sympy.Expr:
    """Return h'(a) written with z = h(a) where possible, as SymPy derives it.

    >>> activation_derivative("sigmoid"), activation_derivative("relu")
    (z*(1 - z), step(a))
    """
    a, z = sympy.symbols("a z")
    h = activation_named(name)
    return sympy.factor_terms(sympy.diff(h(a), a).subs(h(a), z)) if name != "identity" \
        else sympy.S.One


def output_gradient(loss: str, output: str) -> sympy.Expr:
    """Return dL/dz of one entry of the last layer, per scalar, for the batch loss.

    ``y`` is the output, ``t`` the target, ``N`` the rows and ``K`` the columns.

    >>> output_gradient("mse", "identity"), output_gradient("cross_entropy", "softmax")
    ((-2*t + 2*y)/(K*N), (-t + y)/N)
    >>> output_gradient("binary_cross_entropy", "sigmoid")
    (-t + y)/(K*N)
    """
    y, t, K = sympy.symbols("y t K")
    if output == "softmax" and loss == "cross_entropy":
        g = softmax_cross_entropy_gradient(2)
        # Derived once for symbolic logits: (y - t) per row; the batch loss divides by N.
        per_row = g.reduced[0].subs({softmax(g.logits)[0]: y, g.targets[0]: t})
        return per_row / N
    if output == "sigmoid" and loss == "binary_cross_entropy":
        g = sigmoid_binary_cross_entropy_gradient()
        # y - t for any target; the batch loss is the mean over all N K entries.
        return g.reduced[0].subs({sigmoid(g.logits[0]): y, g.targets[0]: t}) / (N * K)
    return sympy.diff(loss_term(loss), y)


def loss_term(loss: str) -> sympy.Expr:
    """Return one entry's share of the batch loss: the loss is its sum over the N x K entries.

    >>> loss_term("mse"), loss_term("cross_entropy")
    ((-t + y)**2/(K*N), -t*log(y)/N)
    """
    y, t, K = sympy.symbols("y t K")
    terms = {"mse": (y - t) ** 2 / (N * K), "half_sse": (y - t) ** 2 / (2 * N),
             "cross_entropy": -t * sympy.log(y) / N,
             "binary_cross_entropy": -(t * sympy.log(y) + (1 - t) * sympy.log(1 - y)) / (N * K)}
    if loss not in terms:
        loss_named(loss)
    return terms[loss]


def softmax_cross_entropy_rule() -> sympy.Expr:
    """Return dL/dz of softmax then cross-entropy for any targets, ``s`` the row's target sum.

    It is y - t (divided by N) only when every target row sums to 1; this general form costs
    one row sum more and is what compiled code uses (:func:`verify_matrix_rules` checks it).

    >>> softmax_cross_entropy_rule()
    (s*y - t)/N
    """
    y, t, s = sympy.symbols("y t s")
    return (y * s - t) / N


def _grad(L: Any, M: sympy.Matrix) -> sympy.Matrix:
    """dL/dM entry by entry: the per-scalar derivation the matrix rules must equal."""
    return M.applyfunc(lambda v: sympy.diff(L, v))


def verify_matrix_rules(max_size: int = 3) -> dict[str, bool]:
    """Return, for each matrix-form rule, whether it equals the per-scalar derivation for every
    size N x n x m up to ``max_size``.

    >>> all(verify_matrix_rules(2).values())
    True
    """
    results: dict[str, bool] = {}
    for rows in range(1, max_size + 1):
        for n in range(1, max_size + 1):
            for m in range(1, max_size + 1):
                X = sympy.Matrix(rows, n, lambda i, j: Symbol(f"x{i}{j}"))
                W = sympy.Matrix(n, m, lambda i, j: Symbol(f"w{i}{j}"))
                b = sympy.Matrix(1, m, lambda i, j: Symbol(f"b{j}"))
                G = sympy.Matrix(rows, m, lambda i, j: Symbol(f"g{i}{j}"))
                Y = X * W + sympy.ones(rows, 1) * b
                L = sum(G.multiply_elementwise(Y))
                dX, dW, db = _grad(L, X), _grad(L, W), _grad(L, b)
                ok = (dX == G * W.T and dW == X.T * G and db == sympy.ones(1, rows) * G)
                results["affine"] = results.get("affine", True) and ok
    for name in ("sigmoid", "relu", "tanh", "identity", "step", "leaky_relu",
                 "leaky_relu(0.2)"):
        h = activation_named(name)
        for rows in range(1, max_size + 1):
            for m in range(1, max_size + 1):
                A = sympy.Matrix(rows, m, lambda i, j: Symbol(f"a{i}{j}"))
                G = sympy.Matrix(rows, m, lambda i, j: Symbol(f"g{i}{j}"))
                Z = h(A)
                L = sum(G.multiply_elementwise(Z))
                d = activation_derivative(name)
                ok = all(sympy.simplify(sympy.diff(L, A[i, j]) - G[i, j] * d.subs(
                    {Symbol("a"): A[i, j], Symbol("z"): Z[i, j]})) == 0
                    for i in range(rows) for j in range(m))
                results[name] = results.get(name, True) and ok
    for loss, output in (("mse", "identity"), ("half_sse", "identity"),
                         ("cross_entropy", "identity"), ("cross_entropy", "softmax")):
        rule = output_gradient(loss, output)
        for rows in range(1, max_size + 1):
            for m in range(2 if output == "softmax" else 1, max_size + 1):
                Zs = sympy.Matrix(rows, m, lambda i, j: Symbol(f"z{i}{j}", real=True))
                T = sympy.Matrix(rows, m, lambda i, j: Symbol(f"t{i}{j}", positive=True))
                Y = softmax(Zs) if output == "softmax" else Zs
                L = loss_named(loss)(Y, T)
                last = {T[i, m - 1]: 1 - sum(T[i, j] for j in range(m - 1)) for i in range(rows)}
                ok = True
                for i in range(rows):
                    for j in range(m):
                        want = rule.subs({Symbol("y"): Y[i, j], Symbol("t"): T[i, j], N: rows,
                                          Symbol("K"): m})
                        diff = sympy.diff(L, Zs[i, j]) - want
                        if output == "softmax":
                            diff = diff.subs(last)
                        ok = ok and sympy.simplify(diff) == 0
                results[f"{output}+{loss}"] = results.get(f"{output}+{loss}", True) and ok
    for rows in range(1, max_size + 1):
        for m in range(1, max_size + 1):
            # The sigmoid with binary cross-entropy, for any real targets (none assumed in
            # [0, 1]): the rule compiled code uses.
            Zs = sympy.Matrix(rows, m, lambda i, j: Symbol(f"z{i}{j}", real=True))
            T = sympy.Matrix(rows, m, lambda i, j: Symbol(f"t{i}{j}", real=True))
            Y = sigmoid(Zs)
            L = loss_named("binary_cross_entropy")(Y, T)
            rule = output_gradient("binary_cross_entropy", "sigmoid")
            ok = all(sympy.simplify(sympy.diff(L, Zs[i, j]) - rule.subs(
                {Symbol("y"): Y[i, j], Symbol("t"): T[i, j], N: rows, Symbol("K"): m})) == 0
                for i in range(rows) for j in range(m))
            results["sigmoid+binary_cross_entropy, any targets"] = results.get(
                "sigmoid+binary_cross_entropy, any targets", True) and ok
    for rows in range(1, max_size + 1):
        for m in range(2, max_size + 1):
            # Any targets at all (rows need not sum to 1): the rule compiled code uses.
            Zs = sympy.Matrix(rows, m, lambda i, j: Symbol(f"z{i}{j}", real=True))
            T = sympy.Matrix(rows, m, lambda i, j: Symbol(f"t{i}{j}", positive=True))
            Y = softmax(Zs)
            L = loss_named("cross_entropy")(Y, T)
            ok = all(sympy.simplify(sympy.diff(L, Zs[i, j]) - softmax_cross_entropy_rule().subs(
                {Symbol("y"): Y[i, j], Symbol("t"): T[i, j], N: rows,
                 Symbol("s"): sum(T.row(i))})) == 0 for i in range(rows) for j in range(m))
            results["softmax+cross_entropy, any targets"] = results.get(
                "softmax+cross_entropy, any targets", True) and ok
    return results
