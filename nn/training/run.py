"""One run of :func:`nn.fit`, as the named steps its loop is made of.

:func:`prepare_run` checks fit's arguments (before anything changes) and makes a
:class:`FitRun`, which holds what the loop needs (the model, the training step, the
validation pass, the callbacks and the History) and does one thing per method:
:meth:`~FitRun.epoch` (a step on every batch, then :meth:`~FitRun.validation`),
:meth:`~FitRun.end_epoch` (the History, the scheduler, the callbacks; whether to stop) and
:meth:`~FitRun.finish`. A loss or gradient that becomes NaN or infinite, or an
overflow, ends the run with :class:`TrainingDivergedError`.
"""

from __future__ import annotations

import math
import sys
import time
from typing import Any, Callable, Optional

from nn.checks import check_bool, check_int, plural
from nn.losses.table import check_targets, get_loss
from nn.modules.module import Module
from nn.training.arguments import (
    callback_list,
    check_batch_size,
    check_data,
    check_model,
    check_optimizer,
    check_parameters,
    check_penalties,
    check_random_state,
    check_scheduler,
)
from nn.training.callbacks import EarlyStopping, ProgressBar, Snapshots
from nn.training.history import History
from nn.training.inference import loss_and_accuracy, mode
from nn.training.replay_step import CompiledEvaluation, CompiledStep
from nn.training.step import TrainingStep, epoch_parts


class TrainingDivergedError(FloatingPointError):
    """``fit`` stopped: a loss or gradient became NaN or infinite, or a number overflowed.

    The message says in which epoch and batch, and what happened; the model's parameters
    are those after the last good step. ``history`` holds the epochs that finished (its
    ``stop_reason`` is ``"diverged"``), so nothing measured so far is lost.
    """

    def __init__(self, message: str, history: History) -> None:
        super().__init__(message)
        self.history = history


DETAIL_CHARS = 300
"""How much of the error that stopped training :class:`TrainingDivergedError` quotes (the engine
lists every operand of an operation, which for a wide layer is long); all of it is the
``__cause__``."""


def diverged(error: BaseException, where: str, history: History) -> TrainingDivergedError:
    """The error that ends a run at ``where`` (``in epoch 3 of 10, batch 2 of 5``) after ``error``."""
    history.stop_reason = "diverged"
    detail = str(error)
    if len(detail) > DETAIL_CHARS:
        detail = detail[:DETAIL_CHARS] + " ..."
    return TrainingDivergedError(
        f"fit: training diverged {where}: {detail}. The parameters are those after the last good step; "
        f"the history of the {plural(len(history), 'finished epoch')} is this error's .history. "
        "Lower the learning rate, pass clip=1.0 (a largest gradient norm), or standardize the inputs "
        "(nn.standardize)",
        history,
    )


def validation_pass(model: Module, validation: Optional[tuple], loss: Callable,
                    compile: bool) -> Optional[Callable[[], tuple]]:
    """A function giving the validation loss and accuracy, in eval mode; compiled once with ``compile``."""
    if validation is None:
        return None
    if not compile:
        return lambda: loss_and_accuracy(model, *validation, loss, "fit")
    evaluation = CompiledEvaluation(model, *validation, loss)

    def evaluate_compiled() -> tuple:
        with mode(model, False):
            return evaluation()

    return evaluate_compiled


def prepare_run(model: Any, X: Any, y: Any, loss: Any, optimizer: Any, epochs: Any, batch_size: Any,
                scheduler: Any, validation_data: Any, early_stopping: Any, l1: Any, l2: Any, clip: Any,
                callbacks: Any, random_state: Any, record: Any, compile: Any) -> FitRun:
    """fit's arguments checked (an error naming the first bad one, nothing changed), as a :class:`FitRun`."""
    check_model(model)
    loss_fn = get_loss(loss)
    rows, targets, validation = check_data(model, X, y, validation_data, loss_fn)
    epochs = check_int(epochs, "epochs", "fit", at_least=0)
    check_batch_size(model, len(rows), batch_size)
    l1, l2, clip = check_penalties(l1, l2, clip)
    params = model.parameters()
    check_parameters(model)
    check_optimizer(optimizer, params)
    check_scheduler(scheduler, optimizer)
    watchers = callback_list(early_stopping, callbacks)
    if record is not None and record is not False:
        watchers.append(Snapshots(record, epochs))
    n_classes = check_targets(targets, loss_fn)
    check_random_state(random_state)
    check_bool(compile, "compile", "fit")
    args = (model, loss_fn, optimizer, params, l1, l2, clip, n_classes, (rows, targets))
    step = CompiledStep(*args, numbers=X) if compile else TrainingStep(*args)
    validate = validation_pass(model, validation, loss_fn, compile)
    step.watched = bool(watchers) or validate is not None
    return FitRun(model, optimizer, scheduler, epochs, step, validate, watchers, len(rows),
                  batch_size, random_state)


class FitRun:
    """The state of one run of fit once its arguments are checked, and the steps of its loop.

    Made, it has begun: the callbacks were told (EarlyStopping checks there that the History
    records what it monitors), then the generator shuffling the ``samples`` was drawn, so that
    a refusal leaves even Python's global generator as it was.
    """

    def __init__(self, model: Module, optimizer: Any, scheduler: Any, epochs: int, step: TrainingStep,
                 validate: Optional[Callable[[], tuple]], callbacks: list, samples: int,
                 batch_size: Optional[int], random_state: Any) -> None:
        self.model, self.optimizer, self.scheduler, self.epochs = model, optimizer, scheduler, epochs
        self.step, self.validate, self.callbacks = step, validate, callbacks
        names = ["train_loss"] + (["train_accuracy"] if step.classifies else [])
        if validate is not None:
            names += ["val_loss"] + (["val_accuracy"] if step.classifies else [])
        self.history = History(names + ["lr", "grad_norm", "time"])
        for cb in callbacks:
            if hasattr(cb, "on_train_begin"):
                cb.on_train_begin(model, self.history)
        self.parts = epoch_parts(samples, batch_size, random_state)

    def epoch(self, epoch: int) -> dict[str, Any]:
        """One epoch: a step on every batch, then the validation pass; the epoch's numbers."""
        started = time.perf_counter()
        lr = self.optimizer.lr
        self.step.reset()
        parts = self.parts()
        with self.step.epoch() as stopping:
            for i, part in enumerate(parts):
                if stopping:
                    break
                try:
                    self.step(part)
                except (OverflowError, FloatingPointError) as error:
                    where = f"in epoch {epoch + 1} of {self.epochs}, batch {i + 1} of {len(parts)}"
                    raise diverged(error, where, self.history) from error
        measured = self.step.record()
        if self.validate is not None:
            measured.update(self.validation(epoch))
        measured["lr"] = lr
        measured["time"] = time.perf_counter() - started
        return measured

    def validation(self, epoch: int) -> dict[str, float]:
        """The validation loss (and accuracy); a NaN or infinite loss, or an overflow, diverges."""
        try:
            val_loss, accuracy = self.validate()
            if not math.isfinite(val_loss):
                raise FloatingPointError(f"the validation loss is {val_loss}")
        except (OverflowError, FloatingPointError) as error:
            where = f"in epoch {epoch + 1} of {self.epochs}, measuring the validation loss"
            raise diverged(error, where, self.history) from error
        measured = {"val_loss": val_loss}
        if accuracy is not None:
            measured["val_accuracy"] = accuracy
        return measured

    def end_epoch(self, epoch: int, measured: dict[str, Any], bar: Optional[ProgressBar]) -> bool:
        """Record the epoch, step the scheduler, call the callbacks, move the bar; True to stop."""
        self.history.append(**measured)
        scheduler = self.scheduler
        if scheduler is not None:
            if getattr(scheduler, "takes_metric", False):
                scheduler.step(measured["val_loss" if self.validate is not None else "train_loss"])
            else:
                scheduler.step()
        stoppers = [cb for cb in self.callbacks if cb(epoch, self.history)]
        if bar is not None:
            bar.update(measured)
        if stoppers:
            by_early_stopping = isinstance(stoppers[0], EarlyStopping)
            self.history.stop_reason = "early_stopping" if by_early_stopping else "callback"
        return bool(stoppers)

    def settle(self) -> None:
        """The model's Values as training left them, however it ends (see :meth:`TrainingStep.settle`)."""
        self.step.settle()

    def finish(self) -> History:
        """Say on stderr that Ctrl-C ended the run (if it did), tell the callbacks; the History."""
        history = self.history
        if history.stop_reason == "interrupted":
            print(
                f"fit: training interrupted (Ctrl-C) after {len(history)} of {self.epochs} epochs; "
                "returning the history so far",
                file=sys.stderr,
            )
        for cb in self.callbacks:
            if hasattr(cb, "on_train_end"):
                cb.on_train_end(self.model, history)
        return history
