"""Callbacks for :func:`nn.fit`, and ``EarlyStopping``.

A callback is any callable ``callback(epoch, history)``, called after every epoch with
the epoch's number (from 0) and the :class:`~nn.history.History` so far; returning True
stops training. The gradients of the epoch's last step are still in ``p.grad`` then,
so ``lambda epoch, h: norms.append(nn.gradient_norms(model))`` follows them over training.

A callback object may also have ``on_train_begin(model, history)`` and
``on_train_end(model, history)`` methods; ``fit`` calls them before the first epoch
and after the last (also after Ctrl-C, not after an error).
"""

from __future__ import annotations

import math
from typing import Any, Optional

from nn.checks import check_int, check_number
from nn.history import History


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
        if mode == "auto":
            mode = "max" if monitor.endswith("accuracy") else "min"
        if mode not in ("min", "max"):
            raise ValueError(f"EarlyStopping: mode must be 'auto', 'min' or 'max', got {mode!r}")
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
                f"EarlyStopping monitors {self.monitor!r}, which this training does not record{hint}; "
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
            f"EarlyStopping(monitor={self.monitor!r}, mode={self.mode!r}, patience={self.patience}, "
            f"min_delta={self.min_delta:g}, restore_best={self.restore_best})"
        )
