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

Accuracy comes from the loss's own class decision (see :mod:`nn.losses.functions`): the argmax of
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

``compile=True`` records the graph of the first batch of each size once and replays it
with NumPy for every later batch (:mod:`nn.training.replay_step`, :func:`autograd.replay.compile`),
the validation pass too: the same History up to rounding, many times faster. It
replays ``mse``, ``hinge``, ``cross_entropy`` and ``binary_cross_entropy_with_logits``,
and refuses (ValueError, before training) Dropout, modules with buffers (BatchNorm),
``binary_cross_entropy`` and a loss of your own. A model with modules of its own is
checked at the second batch of each size: one whose graph changes with the numbers
is refused there (ValueError, the parameters those after the first step). While it
trains, the optimizer's parameters and state live in arrays, stepped by the optimizer's
own formula; the Values get their numbers after each epoch when a callback or the
validation pass may look, and when training ends, however it ends.

Ctrl-C stops training cleanly: the History of the finished epochs comes back (with
``stop_reason="interrupted"``), the parameters and buffers (BatchNorm's running
statistics) are those after the last whole step (or the best epoch's, with early
stopping's ``restore_best``; with ``compile=True`` the step underway is finished first),
and a line on stderr says so. A NaN or infinite loss or
gradient, or an overflow, raises :class:`TrainingDivergedError` (above). Any other error
is raised too, the parameters and buffers left as before the step that failed.

Bad arguments are refused before anything changes, with an error naming them:
``X`` and ``y`` (see :mod:`nn.data.samples`), outputs that do not fit the loss (``fit:
cross_entropy needs one output per class: y has 3 classes, the model has 1 output``),
a model, optimizer, scheduler or callback of the wrong kind, and bad numbers.

``fit``'s loop is a few named steps of :class:`nn.training.run.FitRun` (prepared, then each
epoch and its end, then the finish). ``predict``, ``predict_outputs``, ``evaluate`` and
``gradient_norms`` are in :mod:`nn.training.inference` (and importable from here).
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence, Union

from nn.modules.module import Module
from nn.training.callbacks import EarlyStopping, ProgressBar, Record
from nn.training.history import History
from nn.training.inference import evaluate, gradient_norms, mode, predict, predict_outputs
from nn.training.run import TrainingDivergedError, prepare_run

__all__ = ["fit", "TrainingDivergedError", "evaluate", "predict", "predict_outputs", "gradient_norms",
           "PROGRESS_MIN_EPOCHS"]

_NOT_LOADED: Any = object()
tqdm: Any = _NOT_LOADED
"""tqdm.auto's bar, imported by the first ``fit`` that shows one (``None``: tqdm is not installed).

Not at import: in Jupyter without ipywidgets, importing tqdm.auto warns, and ``import nn``
should print nothing. Tests set this to ``None`` to train as without tqdm."""


def bar_class() -> Any:
    """tqdm.auto's bar class, imported on first use, or ``None`` without tqdm (training runs silently)."""
    global tqdm
    if tqdm is _NOT_LOADED:
        try:
            from tqdm.auto import tqdm as loaded
        except ImportError:  # pragma: no cover - depends on the environment
            loaded = None
        tqdm = loaded
    return tqdm

PROGRESS_MIN_EPOCHS = 5
"""``fit`` shows a progress bar (with ``progress=True``) only from this many epochs on."""

Loss = Union[str, Callable]
Callback = Callable[[int, History], Optional[bool]]


def progress_bar(progress: bool, epochs: int) -> Optional[ProgressBar]:
    """The bar over the epochs: with ``progress``, tqdm installed and enough epochs to watch."""
    if not progress or epochs < PROGRESS_MIN_EPOCHS or bar_class() is None:
        return None
    return ProgressBar(tqdm, epochs)


def fit(model: Module, X: Any, y: Any, loss: Loss, optimizer: Any, epochs: int = 100,
        batch_size: Optional[int] = None, scheduler: Any = None,
        validation_data: Optional[tuple[Any, Any]] = None, early_stopping: Optional[EarlyStopping] = None,
        l1: float = 0.0, l2: float = 0.0, clip: Optional[float] = None, callbacks: Sequence[Callback] = (),
        progress: bool = True, random_state: Any = None, record: Record = None,
        compile: bool = False) -> History:
    """Train ``model`` on the samples ``X`` (rows) with targets ``y``; returns the :class:`History`.

    ``loss``: a function ``loss(outputs, targets)`` giving the batch's mean loss, or one of
    the names in :data:`nn.losses.functions.LOSSES` (``"mse"``, ``"hinge"``, ``"cross_entropy"``, ...)
    (``"bce_with_logits"`` among them). ``optimizer``: made from the
    model's parameters. ``batch_size=None`` trains on the whole data set at once (one step
    per epoch); a number gives mini-batches (:func:`nn.data.batches.batches`), shuffled afresh every
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

    The model trains in training mode; afterwards every module gets its previous mode
    back. With ``progress=True`` and at least :data:`PROGRESS_MIN_EPOCHS` epochs, a tqdm bar
    shows the latest loss and accuracy.

    ``compile=True`` replays each batch's recorded graph; Ctrl-C returns the History so far; a
    run that diverges raises :class:`TrainingDivergedError`; bad arguments are refused before
    anything changes: see the module docstring for each.
    """
    run = prepare_run(model, X, y, loss, optimizer, epochs, batch_size, scheduler, validation_data,
                      early_stopping, l1, l2, clip, callbacks, random_state, record, compile)
    bar = progress_bar(progress, run.epochs)
    try:
        with mode(model, True):
            for epoch in range(run.epochs):
                measured = run.epoch(epoch)
                if run.end_epoch(epoch, measured, bar):
                    break
    except KeyboardInterrupt:
        run.history.stop_reason = "interrupted"
    finally:
        run.settle()
        if bar is not None:
            bar.close()
    return run.finish()
