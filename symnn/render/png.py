"""Figures as PNG through matplotlib (the optional ``plot`` extra): activation plots and gates.

Importing this module needs matplotlib; :mod:`symnn` itself never imports it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from symnn.files import write_atomic  # noqa: E402

CURVES = {
    "step": lambda z: (z > 0).astype(float),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "relu": lambda z: np.maximum(0, z),
    "tanh": np.tanh,
    "identity": lambda z: z,
}


def figure_png(figure: Any, path: Path) -> Path | None:
    """Write ``figure`` as a PNG at ``path`` and return the path (None for graph figures)."""
    data = figure_png_bytes(figure)
    if data is None:
        return None
    write_atomic(path, data)
    return path


def figure_png_bytes(figure: Any) -> bytes | None:
    """Return ``figure`` drawn as PNG bytes (None for graph figures, drawn as TikZ or SVG)."""
    if figure.kind == "graph":
        return None
    fig, ax = plt.subplots(figsize=(5, 3.2), dpi=120)
    if figure.kind == "plot":
        z = np.linspace(-5, 5, 401)
        for legend, name in figure.content.items():
            ax.plot(z, CURVES[name](z), label=getattr(legend, "en", legend))
        ax.axhline(0, color="gray", lw=0.5)
        ax.axvline(0, color="gray", lw=0.5)
        ax.legend()
        ax.set_xlabel("z")
    elif figure.kind == "neglog":
        y = np.linspace(0.01, 1, 300)
        ax.plot(y, -np.log(y), color="tab:blue")
        ax.set_xlabel("y")
        ax.set_ylabel("-log y")
    elif figure.kind == "decision":
        rows, perceptron = figure.content
        for (x1, x2), y in rows:
            ax.scatter([x1], [x2], s=80, c="black" if y else "white", edgecolors="black")
        if perceptron is not None:
            w1, w2, b = (float(v) for v in (*perceptron.weights, perceptron.bias))
            grid = np.linspace(-0.4, 1.4, 200)
            gx, gy = np.meshgrid(grid, grid)
            ax.contourf(gx, gy, w1 * gx + w2 * gy + b > 0, levels=[0.5, 1.5],
                        colors=["tab:blue"], alpha=0.15)
            xs = np.linspace(-0.4, 1.4, 2)
            if w2 != 0:
                ax.plot(xs, (-b - w1 * xs) / w2, color="tab:blue")
            else:
                ax.axvline(-b / w1, color="tab:blue")
        ax.set_xlim(-0.4, 1.4)
        ax.set_ylim(-0.4, 1.4)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
