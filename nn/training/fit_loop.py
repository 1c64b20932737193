"""Training and using a model: ``fit``, ``evaluate``, ``predict``, ``predict_outputs``, ``gradient_norms``.

``fit`` runs the loop every lecture writes by hand::

    for epoch in range(epochs):
        for each batch:
            optimizer.zero_grad()
            outputs = model(batch)                       # one output per sample
            loss = data_loss(outputs, targets)           # mean over the batch
                   + l1 * l1_penalty(params) + l2 * l2_penalty(params)
            loss.backward()
            clip_grad_norm(params, clip)                 # when clip is given
            optimizer.step()
        scheduler.step()                                 # once per epoch
        validation, early stopping, callbacks

and returns a :class:`~nn.training.history.History` of what it measured.

Accuracy comes from the loss's own class decision (its record, :mod:`nn.losses.table`): the argmax of
the logits for ``cross_entropy``, the sign of the output for ``hinge`` and
``binary_cross_entropy_with_logits``. A loss without one (``mse``, a plain function)
gives no accuracy.

Nothing is trained on bad data, and nothing diverges silently:

* before the first step, ``X`` and ``y`` (and the validation data) are checked
  (:mod:`nn.data.samples`): rows of one length, numbers only, none NaN or infinite, and
  as many targets as samples; the error names the entry (``fit: X[3, 1] must be
  finite, got nan; drop or impute that row``);
* a step whose loss or gradient is NaN or infinite, or that overflows (the engine's
  OverflowError naming the operation, an optimizer refusing to write inf), stops
  training with :class:`TrainingDivergedError`. Its message says where (epoch and
  batch) and what happened; the parameters are those after the last good step; and
  its ``history`` holds the epochs that finished. An error rather than a quiet
  ``stop_reason``: a diverged run is a setting to fix (the learning rate, clipping,
  the scale of the inputs), and a script that went on would plot or save a broken model.

``predict``, ``predict_outputs``, ``evaluate`` and ``gradient_norms`` are in
:mod:`nn.training.inference` (and importable from here).
"""

from __future__ import annotations

import math
import sys
import time
from typing import Any, Callable, Optional, Sequence, Union

import numpy as np

from nn.checks import check_int, check_number, plural
from nn.data.samples import sample_rows, target_list
from nn.losses.table import check_targets, get_loss
from nn.modules.module import Module
from nn.training.arguments import (
    callback_list,
    check_batch_norm,
    check_optimizer,
    check_parameters,
    check_random_state,
    check_scheduler,
    check_width,
)
from nn.training.callbacks import EarlyStopping, ProgressBar, Record, Snapshots
from nn.training.history import History
from nn.training.inference import (
    evaluate,
    gradient_norms,
    loss_and_accuracy,
    mode,
    predict,
    predict_outputs,
)
from nn.training.replay_step import CompiledEvaluation, CompiledStep
from nn.training.step import TrainingStep, epoch_batcher

__all__ = ["fit", "TrainingDivergedError", "evaluate", "predict", "predict_outputs", "gradient_norms",
           "PROGRESS_MIN_EPOCHS"]

try:  # optional: without tqdm, training runs silently
    from tqdm.auto import tqdm
except ImportError:  # pragma: no cover - depends on the environment
    tqdm = None

PROGRESS_MIN_EPOCHS = 5
"""``fit`` shows a progress bar (with ``progress=True``) only from this many epochs on."""

Loss = Union[str, Callable]
Callback = Callable[[int, History], Optional[bool]]


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


def _diverged(error: BaseException, where: str, history: History) -> TrainingDivergedError:
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


def _validation(model: Module, validation: Optional[tuple], loss: Callable,
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


def fit(
    model: Module,
    X: Any,
    y: Any,
    loss: Loss,
    optimizer: Any,
    epochs: int = 100,
    batch_size: Optional[int] = None,
    scheduler: Any = None,
    validation_data: Optional[tuple[Any, Any]] = None,
    early_stopping: Optional[EarlyStopping] = None,
    l1: float = 0.0,
    l2: float = 0.0,
    clip: Optional[float] = None,
    callbacks: Sequence[Callback] = (),
    progress: bool = True,
    random_state: Any = None,
    record: Record = None,
    compile: bool = False,
) -> History:
    """Train ``model`` on the samples ``X`` (rows) with targets ``y``; returns the :class:`History`.

    ``loss``: a function ``loss(outputs, targets)`` giving the batch's mean loss, or one of
    the names in :data:`nn.losses.table.LOSSES` (``"mse"``, ``"hinge"``, ``"cross_entropy"``, ...)
    (``"bce_with_logits"`` among them). ``optimizer``: made from the
    model's parameters. ``batch_size=None`` trains on the whole data set at once (one step
    per epoch); a number gives mini-batches (:func:`nn.data.splitting.batches`), shuffled afresh every
    epoch by a generator seeded from ``random_state`` (None: Python's global ``random``
    generator, see :mod:`nn.seeding`, so ``random.seed`` or ``nn.manual_seed`` makes runs
    repeat; an int; a ``random.Random``; or a ``numpy.random.Generator``). When
    ``batch_size > 1`` leaves a last batch of one sample (101 samples in batches of 20),
    that sample joins the batch before it (one of 21): a single sample makes a noisy step,
    and BatchNorm cannot train on it at all. A
    model with BatchNorm and ``batch_size=1`` is a ValueError before training starts.
    ``l1``, ``l2``: weights of the penalties added to the loss; ``clip``: a maximal global
    gradient norm (:func:`~nn.optim.clip.clip_grad_norm`). ``scheduler`` is stepped after every
    epoch, a :class:`~nn.optim.schedulers.ReduceLROnPlateau` with the validation loss (the
    training loss without ``validation_data=(X_val, y_val)``). ``early_stopping``: an
    :class:`~nn.training.callbacks.EarlyStopping`; ``callbacks``: functions ``callback(epoch,
    history)`` called after each epoch, True from any stops training. ``record`` keeps
    copies of the parameters during training in ``history.snapshots``, ``{epoch:
    state_dict}`` with 0 for the start: ``record=5`` every 5th epoch (and the start and the
    end), ``record=[0, 10, 50]`` those epochs, ``record=True`` every epoch (see
    :class:`~nn.training.callbacks.Snapshots`); :func:`demos.plots.training_animation` films them.

    ``compile=True`` records the graph of the first batch of each size once and replays it
    with NumPy for every later batch (:mod:`nn.training.replay_step`, :func:`autograd.replay.compile`),
    the validation pass too: the same History up to rounding, many times faster. It
    replays ``mse``, ``hinge``, ``cross_entropy`` and ``binary_cross_entropy_with_logits``,
    and refuses (ValueError, before training) Dropout, modules with buffers (BatchNorm),
    ``binary_cross_entropy`` and a loss of your own. A model with modules of its own is
    checked at the second batch of each size: one whose graph changes with the numbers
    is refused there (ValueError, the parameters those after the first step).

    The model trains in training mode; afterwards every module gets its previous mode
    back. With ``progress=True`` and at least :data:`PROGRESS_MIN_EPOCHS` epochs, a tqdm bar
    shows the latest loss and accuracy.

    Ctrl-C stops training cleanly: the History of the finished epochs comes back (with
    ``stop_reason="interrupted"``), the parameters and buffers (BatchNorm's running
    statistics) are those after the last whole step (or the best epoch's, with early
    stopping's ``restore_best``), and a line on stderr says so. A NaN or infinite loss or
    gradient, or an overflow, raises :class:`TrainingDivergedError` (see the module
    docstring). Any other error is raised too, the parameters and buffers left as before
    the step that failed.

    Bad arguments are refused before anything changes, with an error naming them:
    ``X`` and ``y`` (see :mod:`nn.data.samples`), outputs that do not fit the loss (``fit:
    cross_entropy needs one output per class: y has 3 classes, the model has 1 output``),
    a model, optimizer, scheduler or callback of the wrong kind, and bad numbers.
    """
    if not isinstance(model, Module):
        raise TypeError(f"fit: model must be a Module (e.g. nn.MLP), got {type(model).__name__}")
    loss_fn = get_loss(loss)
    rows = sample_rows(X, "fit")
    targets = target_list(y, len(rows), "fit")
    check_width(model, rows, "X")
    epochs = check_int(epochs, "epochs", "fit", at_least=0)
    if batch_size is not None:
        check_int(batch_size, "batch_size", "fit", at_least=1)
    check_batch_norm(model, len(rows), batch_size)
    l1 = check_number(l1, "l1", "fit", at_least=0)
    l2 = check_number(l2, "l2", "fit", at_least=0)
    if clip is not None:
        clip = check_number(clip, "clip", "fit", above=0)
    validation = None
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            kind = type(validation_data).__name__
            raise TypeError(f"fit: validation_data must be a pair (X_val, y_val), got {kind}")
        val_rows = sample_rows(validation_data[0], "fit", "validation X")
        check_width(model, val_rows, "validation X")
        validation = (val_rows, target_list(validation_data[1], len(val_rows), "fit", "validation y"))
        check_targets(validation[1], loss_fn)
    params = model.parameters()
    check_parameters(model)
    check_optimizer(optimizer, params)
    check_scheduler(scheduler, optimizer)
    all_callbacks = callback_list(early_stopping, callbacks)
    if record is not None and record is not False:
        all_callbacks.append(Snapshots(record, epochs))
    n_classes = check_targets(targets, loss_fn)
    check_random_state(random_state)
    if not isinstance(compile, (bool, np.bool_)):
        raise TypeError(f"fit: compile must be True or False, got {compile!r}")

    make_step = CompiledStep if compile else TrainingStep
    step = make_step(model, loss_fn, optimizer, params, l1, l2, clip, n_classes)
    evaluate_validation = _validation(model, validation, loss_fn, compile)
    names = ["train_loss"] + (["train_accuracy"] if step.classifies else [])
    if validation is not None:
        names += ["val_loss"] + (["val_accuracy"] if step.classifies else [])
    history = History(names + ["lr", "grad_norm", "time"])
    for cb in all_callbacks:
        if hasattr(cb, "on_train_begin"):
            cb.on_train_begin(model, history)

    epoch_batches = epoch_batcher(rows, targets, batch_size, random_state)
    show_bar = progress and tqdm is not None and epochs >= PROGRESS_MIN_EPOCHS
    bar = ProgressBar(tqdm, epochs) if show_bar else None
    try:
        with mode(model, True):
            for epoch in range(epochs):
                started = time.perf_counter()
                lr = optimizer.lr
                step.reset()
                parts = epoch_batches()
                for i, (xb, yb) in enumerate(parts):
                    try:
                        step(xb, yb)
                    except (OverflowError, FloatingPointError) as error:
                        where = f"in epoch {epoch + 1} of {epochs}, batch {i + 1} of {len(parts)}"
                        raise _diverged(error, where, history) from error
                measured = step.record()
                if validation is not None:
                    try:
                        measured["val_loss"], accuracy = evaluate_validation()
                        if not math.isfinite(measured["val_loss"]):
                            raise FloatingPointError(f"the validation loss is {measured['val_loss']}")
                    except (OverflowError, FloatingPointError) as error:
                        where = f"in epoch {epoch + 1} of {epochs}, measuring the validation loss"
                        raise _diverged(error, where, history) from error
                    if accuracy is not None:
                        measured["val_accuracy"] = accuracy
                measured["lr"] = lr
                measured["time"] = time.perf_counter() - started
                history.append(**measured)
                if scheduler is not None:
                    if getattr(scheduler, "takes_metric", False):
                        scheduler.step(measured["val_loss" if validation is not None else "train_loss"])
                    else:
                        scheduler.step()
                stoppers = [cb for cb in all_callbacks if cb(epoch, history)]
                if bar is not None:
                    bar.update(measured)
                if stoppers:
                    by_early_stopping = isinstance(stoppers[0], EarlyStopping)
                    history.stop_reason = "early_stopping" if by_early_stopping else "callback"
                    break
    except KeyboardInterrupt:
        history.stop_reason = "interrupted"
    finally:
        if bar is not None:
            bar.close()
    if history.stop_reason == "interrupted":
        print(
            f"fit: training interrupted (Ctrl-C) after {len(history)} of {epochs} epochs; "
            "returning the history so far",
            file=sys.stderr,
        )
    for cb in all_callbacks:
        if hasattr(cb, "on_train_end"):
            cb.on_train_end(model, history)
    return history
