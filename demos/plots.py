"""The pictures the demos draw: decision boundaries and curves, on matplotlib axes.

matplotlib is imported by the caller (through :meth:`demos.cli.Run.figure`), so this
module only draws on the axes it is given.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

import numpy as np

import nn

CLASS_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"]
"""One colour per class, the same in every demo (blue, red, green, ...)."""


def decision_boundary(ax: Any, model: nn.Module, X: np.ndarray, y: np.ndarray, title: str,
                      resolution: int = 100, X_test: Optional[np.ndarray] = None,
                      y_test: Optional[np.ndarray] = None) -> None:
    """Shade the plane by the class ``model`` predicts, then draw the data on top.

    Training points are circles; a test set, if given, is drawn as squares in the
    colours of its true classes, so a square on the wrong shade is a test error.

    The model is evaluated on a ``resolution`` x ``resolution`` grid covering the data
    with a margin (``nn.predict_outputs``: eval mode, no graph). A single output is a
    score (class 1 where positive), several are logits (the largest wins).
    """
    from matplotlib.colors import ListedColormap

    n_classes = max(int(np.max(y)) + 1, 2)
    colours = ListedColormap(CLASS_COLOURS[:n_classes])
    everything = X if X_test is None else np.vstack([X, X_test])
    low = everything.min(axis=0) - 0.5
    high = everything.max(axis=0) + 0.5
    xs = np.linspace(low[0], high[0], resolution)
    ys = np.linspace(low[1], high[1], resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    outputs = nn.predict_outputs(model, np.column_stack([grid_x.ravel(), grid_y.ravel()]))
    levels = np.arange(n_classes + 1) - 0.5
    if outputs.ndim == 1:
        # one score: class 1 where it is positive; its zero level is a smooth boundary
        scores = outputs.reshape(grid_x.shape)
        classes = (scores > 0).astype(int)
        ax.contour(grid_x, grid_y, scores, levels=[0.0], colors="k", linewidths=0.8)
    else:
        classes = outputs.argmax(axis=1).reshape(grid_x.shape)
        ax.contour(grid_x, grid_y, classes, levels=levels[1:-1], colors="k", linewidths=0.8)
    ax.contourf(grid_x, grid_y, classes, levels=levels, cmap=colours, alpha=0.25)
    style = {"cmap": colours, "vmin": -0.5, "vmax": n_classes - 0.5, "edgecolors": "k", "linewidths": 0.5}
    ax.scatter(X[:, 0], X[:, 1], c=y, s=22, label="training points", **style)
    if X_test is not None:
        ax.scatter(X_test[:, 0], X_test[:, 1], c=y_test, s=26, marker="s", label="test points", **style)
        ax.legend(loc="lower right", fontsize="small")
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)


def curves(ax: Any, runs: Mapping[str, Sequence[Optional[float]]], ylabel: str, title: str,
           xlabel: str = "epoch", log: bool = False, x: Optional[Mapping[str, Sequence[float]]] = None,
           styles: Optional[Mapping[str, str]] = None) -> None:
    """One line per run, labelled in a legend; ``x`` gives each run's x values (default 1..n)."""
    for name, values in runs.items():
        xs = x[name] if x is not None else range(1, len(values) + 1)
        ax.plot(list(xs), [np.nan if v is None else v for v in values],
                (styles or {}).get(name, "-"), label=name)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
