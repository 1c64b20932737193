"""``History``: what :func:`nn.fit` measured, one entry per epoch."""

from __future__ import annotations

from typing import Any, Iterable, Optional


class History:
    """Per-epoch numbers of a training run, as lists: ``history.train_loss[epoch]``.

    ``fit`` records, for every epoch that finished:

    * ``train_loss``: the mean data loss (without the l1/l2 penalties) over the epoch's
      samples, each measured in the step that used it, before that step's update;
    * ``train_accuracy``: the fraction of those samples classified right (classification
      losses only; see :mod:`nn.losses`);
    * ``val_loss``, ``val_accuracy``: on the validation data after the epoch, in eval mode
      (only with ``validation_data``);
    * ``lr``: the learning rate the epoch's steps used;
    * ``grad_norm``: the global L2 norm of the gradient (penalties included, before
      clipping), averaged over the epoch's steps;
    * ``time``: the seconds the epoch took, validation included.

    ``len(history)`` is the number of epochs recorded; ``history["val_loss"]`` works too.
    ``stop_reason`` says why training ended before ``epochs``: ``"early_stopping"``,
    ``"callback"``, ``"interrupted"`` (Ctrl-C), ``"diverged"`` (a NaN or infinite loss or
    gradient: the history of :class:`~nn.train.TrainingDivergedError`), or None when every
    epoch ran.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._columns: dict[str, list] = {name: [] for name in names}
        self._epochs = 0
        self.stop_reason: Optional[str] = None

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
            raise KeyError(f"History has no {name!r}; it holds {', '.join(self._columns)}") from None

    def __getattr__(self, name: str) -> list:
        columns = self.__dict__.get("_columns", {})
        if name in columns:
            return columns[name]
        raise AttributeError(f"History has no {name!r}; it holds {', '.join(columns) or 'nothing'}")

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
