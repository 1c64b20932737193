"""Callbacks for :func:`nn.fit`: ``EarlyStopping``, ``Snapshots`` and the progress bar.

A callback is any callable ``callback(epoch, history)``, called after every epoch with
the epoch's number (from 0) and the :class:`~nn.training.history.History` so far; returning True
stops training. The gradients of the epoch's last step are still in ``p.grad`` then,
so ``lambda epoch, h: norms.append(nn.gradient_norms(model))`` follows them over training.

A callback object may also have ``on_train_begin(model, history)`` and
``on_train_end(model, history)`` methods; ``fit`` calls them before the first epoch
and after the last (also after Ctrl-C, not after an error).

:class:`Snapshots` is what ``fit(..., record=...)`` uses to keep the model's parameters
at chosen epochs (for watching training, see :mod:`demos.plots`), and
:class:`ProgressBar` is ``fit``'s bar: tqdm.auto's, a widget in Jupyter where ipywidgets
is installed and text elsewhere.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Optional, Union

from nn.checks import check_choice, check_int, check_number, must, quoted
from nn.training.history import History, Snapshot


class EarlyStopping:
    """Stop when ``monitor`` has not improved for ``patience`` epochs; then restore the best parameters.

    ``monitor`` names a History column: ``"val_loss"`` (the default, needs validation
    data), ``"val_accuracy"``, ``"train_loss"``, ... ``mode="auto"`` maximises names ending
    in ``accuracy`` and minimises the rest; ``"min"`` or ``"max"`` choose. An epoch
    improves on the best so far when it beats it by more than ``min_delta``.

    After ``patience`` epochs in a row without improvement training stops. With
    ``restore_best=True``, at the end of training (also when every epoch ran, or after
    Ctrl-C) the model gets back the parameters it had after its best epoch. After
    ``fit``: ``best_epoch``, ``best`` (the monitored value there) and ``stopped_epoch``
    (None if it did not stop training).

    Note that ``train_loss`` is measured during the epoch, before each step's update, so
    monitoring it keeps parameters one epoch's updates newer than the loss recorded.
    """

    def __init__(
        self,
        patience: int = 10,
        min_delta: float = 0.0,
        monitor: str = "val_loss",
        restore_best: bool = True,
        mode: str = "auto",
    ) -> None:
        self.patience = check_int(patience, "patience", "EarlyStopping", at_least=0)
        self.min_delta = check_number(min_delta, "min_delta", "EarlyStopping", at_least=0)
        self.monitor = monitor
        self.restore_best = bool(restore_best)
        if check_choice(mode, "mode", "EarlyStopping", ("auto", "min", "max")) == "auto":
            mode = "max" if monitor.endswith("accuracy") else "min"
        self.mode = mode
        self._model: Any = None
        self._reset()

    def _reset(self) -> None:
        self.best: Optional[float] = None
        self.best_epoch: Optional[int] = None
        self.stopped_epoch: Optional[int] = None
        self.wait = 0
        self._best_state: Optional[dict] = None

    def on_train_begin(self, model: Any, history: History) -> None:
        """Start afresh on ``model``; a ValueError if ``history`` will not record ``monitor``."""
        if self.monitor not in history:
            hint = " (pass validation_data to fit)" if self.monitor.startswith("val_") else ""
            raise ValueError(
                f"EarlyStopping monitors {quoted(self.monitor)}, which this training does not record{hint}; "
                f"it records {', '.join(history.keys())}"
            )
        self._model = model
        self._reset()

    def _improves(self, value: float) -> bool:
        if self.best is None:
            return not math.isnan(value)
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def __call__(self, epoch: int, history: History) -> bool:
        """Read this epoch's ``monitor``; True (stop) after ``patience`` epochs without improvement."""
        if self._model is None:
            raise RuntimeError("EarlyStopping: pass it to fit as early_stopping=... (or in callbacks)")
        value = history[self.monitor][-1]
        if value is not None and self._improves(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best:
                self._best_state = self._model.state_dict()
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False

    def on_train_end(self, model: Any, history: History) -> None:
        """Put the best epoch's parameters back (with ``restore_best``)."""
        if self.restore_best and self._best_state is not None:
            model.load_state_dict(self._best_state)
        self._model = None

    def __repr__(self) -> str:
        return (
            f"EarlyStopping(monitor={self.monitor!r}, mode={self.mode!r}, patience={quoted(self.patience)}, "
            f"min_delta={self.min_delta:g}, restore_best={self.restore_best})"
        )


Record = Union[None, bool, int, Iterable[int]]
"""What ``fit``'s ``record=`` takes: see :class:`Snapshots`."""


class Snapshots:
    """Keep a copy of the model's parameters at chosen epochs, in ``history.snapshots``.

    ``fit(model, ..., record=...)`` makes one; ``history.snapshots`` is then a dict
    ``{epoch: state_dict}``, where epoch ``k`` is the model after ``k`` epochs of training
    and epoch 0 the model before the first step. ``record`` is

    * ``True``: every epoch (and the start);
    * an int ``n``: the start, every ``n``-th epoch, and the last epoch that ran (also when
      early stopping or Ctrl-C ended training sooner), so a film of training ends where
      training did;
    * a list of epoch numbers, from 0 to ``epochs``: exactly those that ran.

    A snapshot reads as a :meth:`~nn.Module.state_dict` (floats, buffers included), so
    ``model.load_state_dict(history.snapshots[k])`` puts epoch ``k`` back. Each costs one
    double (8 bytes) per parameter (a :class:`~nn.training.history.Snapshot`), little next to
    an epoch of training: 10,000 epochs of the README's moons model (337 parameters) keep 30 MB.
    """

    def __init__(self, record: Record, epochs: int, owner: str = "fit") -> None:
        self.every: Optional[int] = None
        self.chosen: set[int] = set()
        if record is True:
            self.every = 1
        elif isinstance(record, int) and not isinstance(record, bool):
            self.every = check_int(record, "record", owner, at_least=1)
        elif isinstance(record, Iterable) and not isinstance(record, (str, bytes)):
            for k in record:
                if isinstance(k, bool) or not isinstance(k, int) and not _is_integer(k):
                    raise TypeError(must(owner, "record", "list whole epoch numbers", quoted(k)))
                if not 0 <= int(k) <= epochs:
                    raise ValueError(must(owner, "record's epochs", f"be from 0 (the model before training) "
                                          f"to {epochs} (the end of training)", f"{k}"))
                self.chosen.add(int(k))
        else:
            raise TypeError(must(owner, "record", "be True, an int n (every n-th epoch) or a list of epochs",
                                 quoted(record)))
        self._model: Any = None
        self._latest: Optional[tuple[int, Snapshot]] = None
        self._last: Optional[Snapshot] = None

    def wants(self, epoch: int) -> bool:
        """Whether the model after ``epoch`` epochs is kept (0: before training)."""
        if self.every is not None:
            return epoch % self.every == 0
        return epoch in self.chosen

    def on_train_begin(self, model: Any, history: History) -> None:
        """Start afresh, keeping the model before training if epoch 0 is wanted."""
        self._model, self._latest, self._last = model, None, None
        history.snapshots.clear()
        if self.wants(0):
            history.snapshots[0] = self._take()

    def __call__(self, epoch: int, history: History) -> bool:
        """After the epoch numbered ``epoch`` (from 0): keep the model if its count is wanted."""
        if self._model is None:
            raise RuntimeError("Snapshots: pass it to fit as record=... (or in callbacks)")
        done = epoch + 1
        if self.wants(done):
            history.snapshots[done] = self._take()
        elif self.every is not None:
            self._latest = (done, self._take())
        return False

    def on_train_end(self, model: Any, history: History) -> None:
        """With ``every``: keep the last epoch that ran, if it was not kept already."""
        if self._latest is not None and self._latest[0] not in history.snapshots:
            done, state = self._latest
            if done == len(history):
                history.snapshots[done] = state
        self._model, self._latest, self._last = None, None, None

    def _take(self) -> Snapshot:
        """The model's state now, sharing its names with the snapshot taken before."""
        self._last = Snapshot(self._model.state_dict(), like=self._last)
        return self._last


def _is_integer(k: Any) -> bool:
    """Whether ``k`` is a whole number of another type (a NumPy integer)."""
    try:
        return int(k) == k
    except (TypeError, ValueError):
        return False


_SHORT = {"train_loss": "loss", "train_accuracy": "acc", "val_loss": "val_loss", "val_accuracy": "val_acc"}


class ProgressBar:
    """``fit``'s bar over the epochs, showing the latest loss and accuracy.

    ``bar_class`` is tqdm.auto's ``tqdm``: a widget in Jupyter where ipywidgets is
    installed, text on stderr elsewhere. In Jupyter its output is shown once more when it closes, so that a
    saved notebook's text for it (what a page that cannot run widgets shows, a code
    host's for one) is the final count rather than the 0% it started from.
    """

    def __init__(self, bar_class: Any, epochs: int) -> None:
        in_notebook = any(kind.__module__ == "tqdm.notebook" for kind in bar_class.__mro__)
        options = {"display": False} if in_notebook else {}
        self._bar = bar_class(total=epochs, unit="epoch", desc="fit", leave=True, **options)
        self._shown: Any = None
        if in_notebook:
            from IPython.display import display

            self._shown = display(self._bar.container, display_id=True)

    def update(self, record: dict) -> None:
        """One more epoch done; ``record`` holds its numbers (``train_loss``, ...)."""
        shown = {short: f"{record[name]:.4f}" for name, short in _SHORT.items()
                 if record.get(name) is not None}
        self._bar.set_postfix(shown, refresh=False)
        self._bar.update(1)

    def close(self) -> None:
        """Finish the bar (a widget turns green, or red when training ended early)."""
        self._bar.close()
        if self._shown is not None:
            self._shown.update(self._bar.container)

