"""Figures as PNG through matplotlib (the optional ``plot`` extra): activation plots and gates.

Graphs and networks are drawn as SVG (:mod:`symnn.render.svg`), with no matplotlib.
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
from matplotlib import font_manager  # noqa: E402

from symnn.derivation import text_of  # noqa: E402
from symnn.files import write_atomic  # noqa: E402
from symnn.render.gate_figure import HIGH, LOW, WORDS  # noqa: E402

CURVES = {
    "step": lambda z: (z > 0).astype(float),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "relu": lambda z: np.maximum(0, z),
    "tanh": np.tanh,
    "identity": lambda z: z,
}
KOREAN = ("NanumGothic", "Noto Sans CJK KR", "UnDotum", "Baekmuk Dotum", "Baekmuk Gulim",
          "UnBatang")  # the first installed one sets Korean words


def _fonts(lang: str) -> list[str]:
    """DejaVu Sans for Latin letters, with a Korean font behind it on a Korean page."""
    if lang != "ko":
        return ["DejaVu Sans"]
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *[name for name in KOREAN if name in installed]]


def figure_png(figure: Any, path: Path, lang: str = "en") -> Path | None:
    """Write ``figure`` as a PNG at ``path`` and return the path (None for drawings, which
    are SVG)."""
    data = figure_png_bytes(figure, lang)
    if data is None:
        return None
    write_atomic(path, data)
    return path


def figure_png_bytes(figure: Any, lang: str = "en") -> bytes | None:
    """Return ``figure`` drawn as PNG bytes in ``lang`` (None for graphs and networks, drawn
    as TikZ or SVG)."""
    if figure.kind not in ("plot", "neglog", "decision"):
        return None
    with plt.rc_context({"font.family": _fonts(lang), "font.size": 11}):
        fig, ax = plt.subplots(figsize=(5, 3.4), dpi=120)
        if figure.kind == "plot":
            z = np.linspace(-5, 5, 401)
            for legend, name in figure.content.items():
                ax.plot(z, CURVES[name](z), label=text_of(legend, lang))
            ax.axhline(0, color="gray", lw=0.5)
            ax.axvline(0, color="gray", lw=0.5)
            ax.legend()
            ax.set_xlabel("a")
        elif figure.kind == "neglog":
            y = np.linspace(0.01, 1, 300)
            ax.plot(y, -np.log(y), color="tab:blue")
            ax.set_xlabel("y")
            ax.set_ylabel("-log y")
        else:
            _decision(ax, *figure.content, lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        plt.close(fig)
    return buffer.getvalue()


def _decision(ax: Any, rows: Any, perceptron: Any, lang: str) -> None:
    """A gate's points, its line and its side shaded, axes whose ticks lie outside the
    points, and a legend beside the plot for the two outputs and the line's equation."""
    from symnn.render.gate_figure import line_text
    from symnn.render.inline import plain_math

    key = 1 if lang == "ko" else 0
    for y, fill in ((1, "black"), (0, "white")):
        xs = [x for x, out in rows if bool(out) == bool(y)]
        word = WORDS["one" if y else "zero"][key]
        ax.scatter([x[0] for x in xs], [x[1] for x in xs], s=90, c=fill, edgecolors="black",
                   zorder=3, label=word)
    if perceptron is not None:
        w1, w2, b = (float(v) for v in (*perceptron.weights, perceptron.bias))
        grid = np.linspace(LOW, HIGH, 300)
        gx, gy = np.meshgrid(grid, grid)
        ax.contourf(gx, gy, w1 * gx + w2 * gy + b > 0, levels=[0.5, 1.5], colors=["tab:blue"],
                    alpha=0.15)
        xs = np.linspace(LOW, HIGH, 2)
        # The line's equation in the legend beside the plot, clear of the points.
        equation = plain_math(line_text(perceptron.weights, perceptron.bias))
        if w2 != 0:
            ax.plot(xs, (-b - w1 * xs) / w2, color="tab:blue", lw=2, label=equation)
        else:
            ax.axvline(-b / w1, color="tab:blue", lw=2, label=equation)
    ax.set_xlim(LOW, HIGH)
    ax.set_ylim(LOW, HIGH)
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_aspect("equal")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), frameon=False)
