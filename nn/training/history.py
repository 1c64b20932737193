"""``History``: what :func:`nn.fit` measured, one entry per epoch, and how it shows itself.

Printed it is a table of the epochs (``print(history)``), in Jupyter an HTML table, and
``history.plot()`` draws the curves as a matplotlib figure.
"""

from __future__ import annotations

from array import array
from typing import Any, Iterable, Iterator, Mapping, Optional

from autograd.jupyter import escape_html
from nn.checks import quoted


class Snapshot(Mapping):
    """A model's :meth:`~nn.Module.state_dict` as ``fit(record=...)`` keeps it: 8 bytes a number.

    It reads as the state dict it copies: ``snapshot[name]`` is a float, iterating gives the
    names in order, and ``len``, ``==`` with a dict, ``dict(snapshot)`` (a plain dict, for
    ``json``) and ``model.load_state_dict(snapshot)`` work. The numbers are one array of
    doubles, and the names (with where each number is) are shared with the snapshot it is
    made ``like``, so a run's snapshots cost a double per parameter each, not the ~115 bytes
    of a dict of floats with names of its own.
    """

    __slots__ = ("_where", "_numbers")

    def __init__(self, state: Mapping[str, float], like: Optional[Snapshot] = None) -> None:
        where = like._where if like is not None else None
        if where is None or len(where) != len(state) or any(a != b for a, b in zip(where, state)):
            where = {name: i for i, name in enumerate(state)}
        self._where: dict[str, int] = where
        self._numbers = array("d", state.values())

    def __getitem__(self, name: str) -> float:
        return self._numbers[self._where[name]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._numbers)

    def __repr__(self) -> str:
        return f"Snapshot({dict(self)!r})"


class History:
    """Per-epoch numbers of a training run, as lists: ``history.train_loss[epoch]``.

    ``fit`` records, for every epoch that finished:

    * ``train_loss``: the mean data loss (without the l1/l2 penalties) over the epoch's
      samples, each measured in the step that used it, before that step's update;
    * ``train_accuracy``: the fraction of those samples classified right (classification
      losses only; see :mod:`nn.losses.functions`);
    * ``val_loss``, ``val_accuracy``: on the validation data after the epoch, in eval mode
      (only with ``validation_data``);
    * ``lr``: the learning rate the epoch's steps used;
    * ``grad_norm``: the global L2 norm of the gradient (penalties included, before
      clipping), averaged over the epoch's steps;
    * ``time``: the seconds the epoch took, validation included.

    ``len(history)`` is the number of epochs recorded; ``history["val_loss"]`` works too.
    ``stop_reason`` says why training ended before ``epochs``: ``"early_stopping"``,
    ``"callback"``, ``"interrupted"`` (Ctrl-C), ``"diverged"`` (a NaN or infinite loss or
    gradient: the history of :class:`~nn.training.run.TrainingDivergedError`), or None when every
    epoch ran. ``snapshots`` holds the parameters kept with ``fit(..., record=...)``:
    ``{epoch: snapshot}``, 0 for the model before training (empty without ``record``), each
    a :class:`Snapshot` that reads as the model's state dict at that epoch.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._columns: dict[str, list] = {name: [] for name in names}
        self._epochs = 0
        self.stop_reason: Optional[str] = None
        self.snapshots: dict[int, Mapping[str, float]] = {}

    def append(self, **values: Any) -> None:
        """Record one epoch. A name not seen before gets None for the earlier epochs; a name
        left out gets None for this one."""
        for name in values:
            if name not in self._columns:
                self._columns[name] = [None] * self._epochs
        for name, column in self._columns.items():
            column.append(values.get(name))
        self._epochs += 1

    def keys(self) -> list[str]:
        """The names recorded, in the order they were first recorded."""
        return list(self._columns)

    def __contains__(self, name: str) -> bool:
        return name in self._columns

    def __getitem__(self, name: str) -> list:
        try:
            return self._columns[name]
        except KeyError:
            raise KeyError(f"History has no {quoted(name)}; it holds {', '.join(self._columns)}") from None

    def __getattr__(self, name: str) -> list:
        columns = self.__dict__.get("_columns", {})
        if name in columns:
            return columns[name]
        raise AttributeError(f"History has no {quoted(name)}; it holds {', '.join(columns) or 'nothing'}")

    def __len__(self) -> int:
        return self._epochs

    def to_dict(self) -> dict[str, list]:
        """A copy of the columns, ``{name: [value per epoch]}`` (ready for ``pandas.DataFrame``)."""
        return {name: list(column) for name, column in self._columns.items()}

    def __repr__(self) -> str:
        if not self._epochs:
            return "History(0 epochs)"
        last = ", ".join(
            f"{name}={value:.4g}" for name, column in self._columns.items()
            if isinstance(value := column[-1], (int, float)) and name != "time"
        )
        stopped = f", stopped: {self.stop_reason}" if self.stop_reason else ""
        return f"History({self._epochs} epochs, last: {last}{stopped})"

    # showing -------------------------------------------------------------------------------
    def _shown_rows(self, max_rows: int) -> list[Optional[int]]:
        """The epochs a table shows (from 0): all, or the first and last few around a None (a gap)."""
        if self._epochs <= max_rows:
            return list(range(self._epochs))
        head = max_rows // 2
        return [*range(head), None, *range(self._epochs - (max_rows - head), self._epochs)]

    def _cells(self, epoch: int) -> list[str]:
        return [str(epoch + 1)] + [_cell(name, column[epoch]) for name, column in self._columns.items()]

    def _heading(self) -> str:
        text = f"History of {self._epochs} epoch{'' if self._epochs == 1 else 's'}"
        if self.stop_reason:
            text += f", stopped: {self.stop_reason}"
        if self.snapshots:
            text += f", {len(self.snapshots)} snapshots"
        return text

    def table(self, max_rows: int = 12) -> str:
        """The epochs as an aligned text table (the first and last ones when there are more
        than ``max_rows``); ``str(history)`` is this table."""
        header = ["epoch", *self._columns]
        rows = [self._cells(e) if e is not None else ["..."] * len(header)
                for e in self._shown_rows(max_rows)]
        widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
        lines = [self._heading(), "  ".join(h.rjust(w) for h, w in zip(header, widths))]
        lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in rows]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        """Jupyter's view: the table of :meth:`table` in HTML, every cell text, never markup."""
        columns = ["epoch", *self._columns]
        head = "".join(f"<th>{escape_html(h)}</th>" for h in columns)
        body = []
        for e in self._shown_rows(12):
            cells = [escape_html(c) for c in self._cells(e)] if e is not None else ["&#8942;"] * len(columns)
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return (f"<table><caption style=\"text-align: left\">{escape_html(self._heading())}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")

    def plot(self, figsize: tuple[float, float] = (10.0, 3.2)) -> Any:
        """The curves, one panel each: loss (training and validation), accuracy when
        recorded, and the learning rate when a scheduler changed it. Returns a
        ``matplotlib.figure.Figure`` that pyplot does not keep: Jupyter shows it once, and a
        script saves it with ``history.plot().savefig("curves.png")``. Needs matplotlib."""
        try:
            from matplotlib import pyplot
        except ImportError:
            raise ImportError("History.plot needs matplotlib: pip install 'chainrule[plot]'") from None
        panels = [("loss", ["train_loss", "val_loss"])]
        if any(v is not None for v in self._columns.get("train_accuracy", [])):
            panels.append(("accuracy", ["train_accuracy", "val_accuracy"]))
        if len({lr for lr in self._columns.get("lr", []) if lr is not None}) > 1:
            panels.append(("learning rate", ["lr"]))
        # made by pyplot (which, in Jupyter, sets up how figures show) but not kept by it
        figure = pyplot.figure(figsize=figsize, layout="constrained")
        pyplot.close(figure)
        epochs = list(range(1, self._epochs + 1))
        for ax, (title, names) in zip(figure.subplots(1, len(panels), squeeze=False)[0], panels):
            for name in names:
                if any(v is not None for v in self._columns.get(name, [])):
                    values = [float("nan") if v is None else v for v in self._columns[name]]
                    ax.plot(epochs, values, label=name.replace("_", " "))
            ax.set_title(title)
            ax.set_xlabel("epoch")
            ax.grid(alpha=0.3)
            if len(ax.lines) > 1:
                ax.legend(fontsize="small")
        return figure


def _cell(name: str, value: Any) -> str:
    """One number of a table: 4 significant digits, seconds with 3 decimals, a dash for none."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if name == "time" else f"{value:.4g}"
    return str(value)
