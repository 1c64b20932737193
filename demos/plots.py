"""The pictures the demos draw: decision boundaries and curves, on matplotlib axes.

matplotlib is imported by the caller (through :meth:`demos.cli.Run.figure`), so this
module only draws on the axes it is given.

:func:`training_animation` films training from the snapshots ``nn.fit(..., record=...)``
keeps: the decision boundary forming beside the loss curve, as a GIF (matplotlib's
Pillow writer, no ffmpeg) that Jupyter shows inline and ``save`` writes atomically.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union

import numpy as np

import nn
from autograd.files import atomic_path, atomic_write
from nn.checks import check_int, check_number, must, shown

CLASS_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"]
"""One colour per class, the same in every demo (blue, red, green, ...)."""


def plane(X: np.ndarray, X_test: Optional[np.ndarray] = None, resolution: int = 100) -> tuple:
    """A ``resolution`` x ``resolution`` grid covering the data with a margin: ``(grid_x, grid_y)``."""
    everything = X if X_test is None else np.vstack([X, X_test])
    low = everything.min(axis=0) - 0.5
    high = everything.max(axis=0) + 0.5
    return np.meshgrid(np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution))


def outputs_on(model: nn.Module, grid: tuple) -> np.ndarray:
    """The model's outputs at every point of ``grid`` (``nn.predict_outputs``: eval mode, one
    chunk's graph recorded and replayed over the whole grid)."""
    grid_x, grid_y = grid
    return nn.predict_outputs(model, np.column_stack([grid_x.ravel(), grid_y.ravel()]), compile=True)


def draw_boundary(ax: Any, grid: tuple, outputs: np.ndarray, X: np.ndarray, y: np.ndarray, title: str,
                  n_classes: int, X_test: Optional[np.ndarray] = None,
                  y_test: Optional[np.ndarray] = None) -> None:
    """Shade ``grid`` by the class the ``outputs`` there predict, then draw the data on top.

    A single output per point is a score (class 1 where positive, its zero level drawn as
    a smooth boundary); several are logits (the largest wins).
    """
    from matplotlib.colors import ListedColormap

    grid_x, grid_y = grid
    colours = ListedColormap(CLASS_COLOURS[:n_classes])
    levels = np.arange(n_classes + 1) - 0.5
    if outputs.ndim == 1:
        scores = outputs.reshape(grid_x.shape)
        classes = (scores > 0).astype(int)
        if scores.min() < 0 < scores.max():
            ax.contour(grid_x, grid_y, scores, levels=[0.0], colors="k", linewidths=0.8)
    else:
        classes = outputs.argmax(axis=1).reshape(grid_x.shape)
        if classes.min() != classes.max():
            ax.contour(grid_x, grid_y, classes, levels=levels[1:-1], colors="k", linewidths=0.8)
    ax.contourf(grid_x, grid_y, classes, levels=levels, cmap=colours, alpha=0.25)
    style = {"cmap": colours, "vmin": -0.5, "vmax": n_classes - 0.5, "edgecolors": "k", "linewidths": 0.5}
    ax.scatter(X[:, 0], X[:, 1], c=y, s=22, label="training points", **style)
    if X_test is not None:
        ax.scatter(X_test[:, 0], X_test[:, 1], c=y_test, s=26, marker="s", label="test points", **style)
        ax.legend(loc="lower right", fontsize="small")
    ax.set_xlim(grid_x.min(), grid_x.max())
    ax.set_ylim(grid_y.min(), grid_y.max())
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)


def decision_boundary(ax: Any, model: nn.Module, X: np.ndarray, y: np.ndarray, title: str,
                      resolution: int = 100, X_test: Optional[np.ndarray] = None,
                      y_test: Optional[np.ndarray] = None) -> None:
    """Shade the plane by the class ``model`` predicts, then draw the data on top.

    Training points are circles; a test set, if given, is drawn as squares in the
    colours of its true classes, so a square on the wrong shade is a test error.

    The model is evaluated on a ``resolution`` x ``resolution`` grid covering the data
    with a margin (``nn.predict_outputs``: eval mode, no graph). A single output is a
    score (class 1 where positive), several are logits (the largest wins). The points and
    labels are checked as :func:`training_animation` checks them (:func:`plane_data`), and
    ``resolution`` is at most :data:`MOST_RESOLUTION`.
    """
    owner = "decision_boundary"
    X, y = plane_data(X, y, owner)
    if X_test is not None or y_test is not None:
        X_test, y_test = plane_data(X_test, y_test, owner, ("X_test", "y_test"))
    grid = plane(X, X_test, check_resolution(resolution, owner))
    draw_boundary(ax, grid, outputs_on(model, grid), X, y, title, max(int(np.max(y)) + 1, 2), X_test, y_test)


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


def predicted_classes(outputs: np.ndarray) -> np.ndarray:
    """The class each output says: a score's sign (class 1 where positive), or the largest logit."""
    return (outputs > 0).astype(int) if outputs.ndim == 1 else outputs.argmax(axis=1)


def film_epochs(epochs: int, frames: int = 31) -> list[int]:
    """``frames`` epochs from 0 to ``epochs`` (every epoch if there are fewer) for
    ``nn.fit(..., record=...)``: closer together at the start, where the boundary changes
    most (spaced as the 1.5th power), each one after the one before."""
    if epochs < frames:
        return list(range(epochs + 1))
    chosen: list[int] = []
    for i in range(frames):
        wanted = round(epochs * (i / (frames - 1)) ** 1.5)
        after = chosen[-1] + 1 if chosen else 0
        chosen.append(min(max(wanted, after), epochs - (frames - 1 - i)))  # room for the rest
    return chosen


class TrainingAnimation:
    """A film of training: the decision boundary at each snapshot of ``history`` beside the loss.

    Made by :func:`training_animation`. ``len(film)`` is its number of frames (one per
    snapshot); ``film.gif()`` the GIF's bytes (rendered once, by matplotlib's Pillow
    writer); ``film.save(path)`` writes them atomically; Jupyter shows the film inline.
    """

    def __init__(self, model: nn.Module, X: np.ndarray, y: np.ndarray, history: nn.History, title: str,
                 resolution: int, fps: int, figsize: tuple[float, float], dpi: int) -> None:
        self.epochs = sorted(history.snapshots)
        if len(self.epochs) < 2:
            raise ValueError(
                f"training_animation needs snapshots of at least 2 epochs, got {len(self.epochs)}: "
                "train with nn.fit(..., record=5) (every 5th epoch) or record=[0, 10, 20, ...]"
            )
        self.X, self.y, self.history, self.title = np.asarray(X, dtype=float), np.asarray(y), history, title
        self.fps, self.figsize, self.dpi = fps, figsize, dpi
        self.n_classes = max(int(np.max(self.y)) + 1, 2)
        self.grid = plane(self.X, resolution=resolution)
        self.outputs, self.accuracy = [], []
        kept = model.state_dict()
        truth = self.y > 0 if self.n_classes == 2 else self.y  # labels 0/1 or -1/+1 alike
        try:  # the model as it was at each snapshot, then as it is now
            for epoch in self.epochs:
                model.load_state_dict(history.snapshots[epoch])
                self.outputs.append(outputs_on(model, self.grid))
                right = predicted_classes(nn.predict_outputs(model, self.X)) == truth
                self.accuracy.append(float(np.mean(right)))
        finally:
            model.load_state_dict(kept)
        self._gif: Optional[bytes] = None

    def __len__(self) -> int:
        return len(self.epochs)

    def __repr__(self) -> str:
        return (f"TrainingAnimation({len(self)} frames, epochs {self.epochs[0]} to {self.epochs[-1]}; "
                "shown inline in Jupyter, written by .save(path))")

    def _draw(self) -> Any:
        """The figure and its ``FuncAnimation`` (frames drawn when the writer asks for them)."""
        from matplotlib.animation import FuncAnimation
        from matplotlib.figure import Figure

        figure = Figure(figsize=self.figsize, dpi=self.dpi)  # fixed margins: no layout pass per frame
        top = 0.8 if self.title else 0.88
        left, right = figure.subplots(1, 2, width_ratios=[1, 1.3], gridspec_kw={
            "left": 0.08, "right": 0.98, "bottom": 0.15, "top": top, "wspace": 0.22})
        epochs = np.arange(1, len(self.history) + 1)
        losses = {name: self.history[name] for name in ("train_loss", "val_loss")
                  if name in self.history and any(v is not None for v in self.history[name])}
        lines = {}
        for name, values in losses.items():
            values = np.array([np.nan if v is None else v for v in values], dtype=float)
            right.plot(epochs, values, color="0.85", lw=1)
            lines[name] = (right.plot([], [], lw=1.8, label=name.replace("_", " "))[0], values)
        marker = right.axvline(0, color="k", lw=0.8, ls=":")
        right.set_xlim(0, max(1, len(self.history)))
        right.set_xlabel("epoch")
        right.set_ylabel("loss")
        right.grid(alpha=0.3)
        right.legend(fontsize="small", loc="upper right")
        if self.title:
            figure.suptitle(self.title)

        def frame(i: int) -> None:
            epoch = self.epochs[i]
            left.clear()
            when = "before training" if epoch == 0 else f"after epoch {epoch}"
            draw_boundary(left, self.grid, self.outputs[i], self.X, self.y,
                          f"{when}: {self.accuracy[i]:.0%} right", self.n_classes)
            for line, values in lines.values():
                line.set_data(epochs[:epoch], values[:epoch])
            marker.set_xdata([epoch, epoch])
            right.set_title(f"loss, epoch {epoch} of {len(self.history)}")

        held = [len(self) - 1] * self.fps  # the last frame stays a second longer
        return figure, FuncAnimation(figure, frame, frames=[*range(len(self)), *held], repeat=False)

    def gif(self) -> bytes:
        """The film as GIF bytes: ``fps`` frames a second, the last one held for a second."""
        if self._gif is None:
            from matplotlib.animation import PillowWriter

            figure, film = self._draw()
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "training.gif"
                with atomic_path(path) as temporary:
                    film.save(temporary, writer=PillowWriter(fps=self.fps), dpi=self.dpi)
                self._gif = path.read_bytes()
        return self._gif

    def save(self, path: Union[str, Path]) -> Union[str, Path]:
        """Write the GIF to ``path`` in one step (:func:`autograd.files.atomic_write`); returns ``path``."""
        return atomic_write(path, self.gif())

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        """Jupyter's view: the GIF itself (with this repr as its text)."""
        return {"image/gif": base64.b64encode(self.gif()).decode("ascii"), "text/plain": repr(self)}


def training_animation(model: nn.Module, X: np.ndarray, y: np.ndarray, history: nn.History, title: str = "",
                       resolution: int = 50, fps: int = 8, figsize: tuple[float, float] = (8.0, 3.4),
                       dpi: int = 72) -> TrainingAnimation:
    """A film of ``model`` learning ``X, y``: one frame per snapshot in ``history.snapshots``.

    Train with ``history = nn.fit(model, X, y, ..., record=4)`` (a snapshot every 4th
    epoch, see :class:`nn.training.callbacks.Snapshots`), then ``training_animation(model, X, y,
    history)``: each frame shades the plane by the class the model predicted at that
    epoch (a ``resolution`` x ``resolution`` grid, computed now, for every frame) beside
    the loss curve drawn up to it. The model is left as it was. ``film.save("t.gif")``
    writes it; in Jupyter it shows inline. The size grows with ``figsize``, ``dpi`` and
    the number of frames: the defaults make about 30 frames weigh a few hundred kB.
    """
    X, y = check_film(model, X, y, history, title, resolution, fps, figsize, dpi)
    return TrainingAnimation(model, X, y, history, title, resolution, fps, figsize, dpi)


FILM_SIDE = 4096
"""The most pixels a film may have on a side (``figsize`` times ``dpi``): a GIF of several
frames that size already weighs megabytes."""


def check_film(model: Any, X: Any, y: Any, history: Any, title: Any, resolution: Any, fps: Any,
               figsize: Any, dpi: Any) -> tuple[np.ndarray, np.ndarray]:
    """The points and labels of :func:`training_animation` as arrays, once every argument is one it
    can film; else a clear error naming it, before any frame is drawn (not one from inside
    matplotlib or Pillow)."""
    owner = "training_animation"
    if not isinstance(model, nn.Module):
        raise TypeError(must(owner, "model", "be an nn.Module", type(model).__name__))
    if not isinstance(history, nn.History):
        raise TypeError(must(owner, "history", "be the History nn.fit returns", type(history).__name__))
    if not isinstance(title, str):
        raise TypeError(must(owner, "title", "be a string", type(title).__name__))
    X, y = plane_data(X, y, owner)
    check_resolution(resolution, owner)
    check_int(fps, "fps", owner, at_least=1)
    if fps > 100:
        raise ValueError(must(owner, "fps", "be at most 100", repr(fps), "a GIF counts time in hundredths "
                              "of a second"))
    check_number(dpi, "dpi", owner, above=0)
    if not (isinstance(figsize, (tuple, list)) and len(figsize) == 2):
        raise ValueError(must(owner, "figsize", "be (width, height) in inches", repr(figsize)[:60]))
    for side, name in zip(figsize, ("width", "height")):
        pixels = check_number(side, f"figsize's {name}", owner, above=0) * dpi
        if not 1 <= pixels <= FILM_SIDE:
            raise ValueError(must(owner, f"figsize's {name} times dpi", f"be 1 to {FILM_SIDE} pixels",
                                  f"{side!r} x {dpi!r} = {pixels:g}", "change figsize or dpi"))
    return X, y


MOST_RESOLUTION = 1000
"""The finest grid a picture of the plane evaluates: ``resolution`` x ``resolution`` points, each a
model output, so 1000 is a million of them (and 10**5 would ask for tens of GiB)."""


def check_resolution(resolution: Any, owner: str) -> int:
    """``resolution`` as an int from 2 to :data:`MOST_RESOLUTION`, or a ValueError naming it."""
    resolution = check_int(resolution, "resolution", owner, at_least=2)
    if resolution > MOST_RESOLUTION:
        raise ValueError(must(owner, "resolution", f"be at most {MOST_RESOLUTION} (the grid has resolution "
                              "squared points, each a model output)", repr(resolution), "100 is plenty"))
    return resolution


def plane_data(X: Any, y: Any, owner: str,
               names: tuple[str, str] = ("X", "y")) -> tuple[np.ndarray, np.ndarray]:
    """``X`` as at least one point of the plane (two finite numbers each) and ``y`` as one class
    number per point (0 .. k-1, or -1/+1), or a ValueError naming what is wrong (``names`` are how
    the message calls them): what :func:`decision_boundary` and :func:`training_animation` draw."""
    x_name, y_name = names
    try:
        points, labels = np.asarray(X), np.asarray(y)
    except ValueError:  # NumPy refuses ragged rows
        raise ValueError(must(owner, f"{x_name} and {y_name}", "be arrays (rows of one length)",
                              "ragged rows")) from None
    if points.ndim != 2 or points.shape[1:] != (2,) or points.dtype.kind not in "biuf":
        raise ValueError(must(owner, x_name, "be points of the plane, an array of shape (n, 2) of numbers",
                              f"shape {points.shape} of {points.dtype}", "the picture draws two features"))
    if not len(points):
        raise ValueError(must(owner, x_name, "hold at least one point", "none"))
    if not np.isfinite(points).all():
        raise ValueError(must(owner, x_name, "hold finite numbers", "NaN or infinity"))
    if labels.dtype.kind not in "biuf" or labels.shape != (len(points),):
        raise ValueError(must(owner, y_name, f"be one class number per point ({len(points)})",
                              f"shape {labels.shape} of {labels.dtype}"))
    whole = np.isfinite(labels) & (labels == np.round(labels)) & (labels >= -1)
    if not whole.all() or labels.max(initial=0) >= len(CLASS_COLOURS):
        bad = labels[~whole][0] if not whole.all() else labels.max()
        classes = f"hold classes 0 .. {len(CLASS_COLOURS) - 1} (or -1/+1)"
        raise ValueError(must(owner, y_name, classes, shown(bad), "one colour per class"))
    return points.astype(float), labels
