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

and returns a :class:`~nn.history.History` of what it measured.

Accuracy comes from the loss's own class decision (see :mod:`nn.losses`): the argmax of
the logits for ``cross_entropy``, the sign of the output for ``hinge`` and
``binary_cross_entropy_with_logits``. A loss without one (``mse``, a plain function)
gives no accuracy.
"""

from __future__ import annotations

import math
import sys
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

import numpy as np

from autograd import Value, no_grad
from nn import losses
from nn.callbacks import EarlyStopping
from nn.checks import check_int, check_number
from nn.clip import clip_grad_norm, grad_norm
from nn.data import batches
from nn.history import History
from nn.layers import BatchNorm
from nn.module import Module
from nn.optim import holding_interrupts
from nn.seeding import as_generator

try:  # optional: without tqdm, training runs silently
    from tqdm.auto import tqdm
except ImportError:  # pragma: no cover - depends on the environment
    tqdm = None

PROGRESS_MIN_EPOCHS = 5
"""``fit`` shows a progress bar (with ``progress=True``) only from this many epochs on."""

Loss = Union[str, Callable]
Callback = Callable[[int, History], Optional[bool]]


# inputs ------------------------------------------------------------------------------------
def _classifies(loss: Callable) -> bool:
    """Whether ``loss`` (or the function a ``functools.partial`` wraps) has a class decision."""
    return getattr(getattr(loss, "func", loss), "predict", None) is not None


def _samples(X: Any, what: str = "X") -> list:
    """The samples of ``X`` as a list of rows; a 1-D ``X`` holds one number per sample."""
    rows = X.tolist() if hasattr(X, "tolist") else list(X)
    if not rows:
        raise ValueError(f"{what} holds no samples")
    if not isinstance(rows[0], (list, tuple)) and getattr(rows[0], "ndim", 0) != 1:
        rows = [[x] for x in rows]
    return rows


def _targets(y: Any, n: int, what: str = "y") -> list:
    targets = y.tolist() if hasattr(y, "tolist") else list(y)
    if len(targets) != n:
        raise ValueError(f"{what} has {len(targets)} targets for {n} samples")
    return targets


@contextmanager
def _mode(model: Module, training: bool) -> Iterator[None]:
    """Put ``model`` (every sub-module) in training or eval mode; restore each module's mode after."""
    modules = model.modules()
    before = [m.training for m in modules]
    model.train(training)
    try:
        yield
    finally:
        for m, was in zip(modules, before):
            m.training = was


# using a model ----------------------------------------------------------------------------------
def _numbers(output: Any) -> Any:
    """The float (or list of floats) in a model output; a Value converts with float()."""
    if isinstance(output, (list, tuple)):
        return [_numbers(o) for o in output]
    return float(output)


def _outputs(model: Module, X: Any) -> list:
    """The model's outputs for every sample of ``X``, in eval mode and without a graph."""
    with no_grad(), _mode(model, False):
        return model(_samples(X))


def predict_outputs(model: Module, X: Any) -> np.ndarray:
    """The model's raw outputs as floats: shape ``(n,)`` for one output, ``(n, k)`` for ``k`` logits.

    Runs in eval mode (the previous mode comes back after) and without building a graph.
    """
    return np.array(_numbers(_outputs(model, X)), dtype=float)


def _default_class(output: Any) -> int:
    if isinstance(output, (list, tuple)) and len(output) == 1:
        output = output[0]
    if isinstance(output, (list, tuple)):
        return losses.cross_entropy.predict(output)  # the largest logit
    return int(float(output) > 0)


def predict(model: Module, X: Any, loss: Optional[Loss] = None) -> np.ndarray:
    """The predicted class of every sample of ``X``, as a NumPy int array.

    With ``loss`` the loss's own convention (``loss="hinge"`` gives -1/+1); without it,
    one output ``s`` gives class 1 if ``s > 0`` else 0, and several outputs give the
    index of the largest. Runs in eval mode and without building a graph.
    """
    outputs = _outputs(model, X)
    if loss is None:
        classes = [_default_class(o) for o in outputs]
    else:
        classes = losses.predict_classes(outputs, losses.get_loss(loss))
    return np.array(classes, dtype=int)


def evaluate(model: Module, X: Any, y: Any, loss: Loss) -> tuple[float, Optional[float]]:
    """``(loss, accuracy)`` of ``model`` on ``X, y``: the mean loss, and the fraction classified
    right (None for a loss without classes, like ``mse``). Eval mode, no graph."""
    loss = losses.get_loss(loss)
    outputs = _outputs(model, X)
    targets = _targets(y, len(outputs))
    with no_grad():
        value = float(loss(outputs, targets))
    return value, (losses.accuracy(outputs, targets, loss) if _classifies(loss) else None)


def gradient_norms(model: Module) -> dict[str, float]:
    """The L2 norm of each layer's parameter gradients, ``{layer name: norm}`` in layer order.

    A layer is a direct sub-module of ``model`` (for an MLP: ``layers.0``, ``layers.1``,
    ...); sub-modules without parameters are left out, and a parameter held by ``model``
    itself counts under its own name. Norms shrinking toward the input layers are the
    vanishing-gradient problem; call after ``loss.backward()``.
    """
    children = [name + "." for name, _ in model.named_children()]
    grads: dict[str, list[float]] = {}
    for name, p in model.named_parameters():
        layer = next((c[:-1] for c in children if name.startswith(c)), name)
        grads.setdefault(layer, []).append(p.grad)
    return {layer: math.hypot(*g) for layer, g in grads.items()}


# training ------------------------------------------------------------------------------------------
class _Step:
    """One optimizer step on one batch, and the sums an epoch's record is made of."""

    def __init__(self, model, loss, optimizer, params, l1, l2, clip) -> None:
        self.model, self.loss, self.optimizer = model, loss, optimizer
        self.params, self.l1, self.l2, self.clip = params, l1, l2, clip
        self.classifies = _classifies(loss)
        self.reset()

    def reset(self) -> None:
        self.samples = self.steps = 0
        self.loss_sum = self.correct = self.norm_sum = 0.0

    def __call__(self, xb: list, yb: list) -> None:
        """One step on the batch ``xb, yb``, all or nothing: when anything fails (or Ctrl-C
        comes) before the optimizer has written the new parameters, the model's buffers
        (BatchNorm's running statistics, which the forward pass moves) are put back too."""
        model, optimizer = self.model, self.optimizer
        buffers: Optional[dict] = model.buffers_state()
        try:
            optimizer.zero_grad()
            outputs = model(xb)
            data_loss = self.loss(outputs, yb)
            total = data_loss
            if self.l1:
                total = total + self.l1 * losses.l1_penalty(self.params)
            if self.l2:
                total = total + self.l2 * losses.l2_penalty(self.params)
            total.backward()
            if self.clip is None:
                norm = grad_norm(optimizer.params)
            else:
                norm = clip_grad_norm(optimizer.params, self.clip)
            with holding_interrupts():  # a Ctrl-C from here on waits until the step is written
                optimizer.step()
                buffers = None  # written: the new buffers go with the new parameters
        except BaseException:
            if buffers is not None:
                model.load_buffers_state(buffers)
            raise
        n = len(yb)
        self.samples += n
        self.steps += 1
        self.loss_sum += data_loss.data * n
        self.norm_sum += norm
        if self.classifies:
            self.correct += losses.accuracy(outputs, yb, self.loss) * n

    def record(self) -> dict[str, float]:
        record = {"train_loss": self.loss_sum / self.samples}
        if self.classifies:
            record["train_accuracy"] = self.correct / self.samples
        record["grad_norm"] = self.norm_sum / self.steps
        return record


def _shuffling(random_state: Any) -> np.random.Generator:
    """A NumPy generator for shuffling: a Generator as it is, else seeded from the Python
    generator that ``random_state`` (None, an int, a random.Random) stands for (see :mod:`nn.seeding`)."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    return np.random.default_rng(as_generator(random_state).getrandbits(64))


def _batcher(
    rows: list, targets: list, batch_size: Optional[int], random_state: Any
) -> Callable[[], Iterable]:
    """A function giving one epoch's batches: the whole data set, or shuffled mini-batches.

    With ``batch_size > 1``, a last batch of a single sample joins the batch before it.
    """
    if batch_size is None or batch_size >= len(rows):
        whole = [(rows, targets)]
        return lambda: whole
    X, y = np.array(rows, dtype=float), np.array(targets)
    rng = _shuffling(random_state)

    def epoch() -> list:
        parts = list(batches(X, y, batch_size, shuffle=True, random_state=rng))
        if batch_size > 1 and len(parts[-1][1]) == 1:  # parts has 2 or more batches here
            (x_one, y_one), (x_before, y_before) = parts.pop(), parts[-1]
            parts[-1] = (np.concatenate([x_before, x_one]), np.concatenate([y_before, y_one]))
        return parts

    return epoch


def _check_batch_norm(model: Module, n: int, batch_size: Optional[int]) -> None:
    """A ValueError before training if a model with BatchNorm would get 1-sample batches."""
    if min(n, batch_size or n) > 1 or not any(isinstance(m, BatchNorm) for m in model.modules()):
        return
    got = "batch_size=1" if batch_size == 1 else "a data set of 1 sample"
    raise ValueError(
        f"fit: BatchNorm needs batches of 2 or more samples in training (one sample has no spread "
        f"to normalise by); got {got}"
    )


def _progress_bar(epochs: int, progress: bool) -> Any:
    if not progress or tqdm is None or epochs < PROGRESS_MIN_EPOCHS:
        return None
    return tqdm(total=epochs, unit="epoch", desc="fit", leave=True)


_SHORT = {"train_loss": "loss", "train_accuracy": "acc", "val_loss": "val_loss", "val_accuracy": "val_acc"}


def _postfix(record: dict) -> dict[str, str]:
    return {short: f"{record[name]:.4f}" for name, short in _SHORT.items() if record.get(name) is not None}


def _callback_list(early_stopping: Optional[EarlyStopping], callbacks: Any) -> list:
    if callable(callbacks):
        callbacks = [callbacks]
    found = ([early_stopping] if early_stopping is not None else []) + list(callbacks)
    for cb in found:
        if not callable(cb):
            raise TypeError(f"fit: a callback must be callable as callback(epoch, history), got {cb!r}")
    return found


def _check_optimizer(optimizer: Any, params: list[Value]) -> None:
    if not (hasattr(optimizer, "step") and hasattr(optimizer, "zero_grad") and hasattr(optimizer, "params")):
        kind = type(optimizer).__name__
        raise TypeError(f"fit: optimizer must be an optimizer (e.g. nn.optim.SGD), got {kind}")
    owned = set(params)
    if not any(p in owned for p in optimizer.params):
        raise ValueError(
            "fit: the optimizer holds none of the model's parameters; was it made for another model? "
            "Make it from this model: SGD(model.parameters(), lr=...)"
        )


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
) -> History:
    """Train ``model`` on the samples ``X`` (rows) with targets ``y``; returns the :class:`History`.

    ``loss``: a function ``loss(outputs, targets)`` giving the batch's mean loss, or one of
    the names in :data:`nn.losses.LOSSES` (``"mse"``, ``"hinge"``, ``"cross_entropy"``, ...)
    (``"bce_with_logits"`` among them). ``optimizer``: made from the
    model's parameters. ``batch_size=None`` trains on the whole data set at once (one step
    per epoch); a number gives mini-batches (:func:`nn.data.batches`), shuffled afresh every
    epoch by a generator seeded from ``random_state`` (None: Python's global ``random``
    generator, see :mod:`nn.seeding`, so ``random.seed`` or ``nn.manual_seed`` makes runs
    repeat; an int; a ``random.Random``; or a ``numpy.random.Generator``). When
    ``batch_size > 1`` leaves a last batch of one sample (101 samples in batches of 20),
    that sample joins the batch before it (one of 21): a single sample makes a noisy step,
    and BatchNorm cannot train on it at all. A
    model with BatchNorm and ``batch_size=1`` is a ValueError before training starts.
    ``l1``, ``l2``: weights of the penalties added to the loss; ``clip``: a maximal global
    gradient norm (:func:`~nn.clip.clip_grad_norm`). ``scheduler`` is stepped after every
    epoch, a :class:`~nn.schedulers.ReduceLROnPlateau` with the validation loss (the
    training loss without ``validation_data=(X_val, y_val)``). ``early_stopping``: an
    :class:`~nn.callbacks.EarlyStopping`; ``callbacks``: functions ``callback(epoch,
    history)`` called after each epoch, True from any stops training.

    The model trains in training mode; afterwards every module gets its previous mode
    back. With ``progress=True`` and at least :data:`PROGRESS_MIN_EPOCHS` epochs, a tqdm bar
    shows the latest loss and accuracy.

    Ctrl-C stops training cleanly: the History of the finished epochs comes back (with
    ``stop_reason="interrupted"``), the parameters and buffers (BatchNorm's running
    statistics) are those after the last whole step (or the best epoch's, with early
    stopping's ``restore_best``), and a line on stderr says so. Any other error is raised,
    the parameters and buffers left as before the step that failed.
    """
    loss_fn = losses.get_loss(loss)
    rows = _samples(X)
    targets = _targets(y, len(rows))
    epochs = check_int(epochs, "epochs", "fit", at_least=0)
    if batch_size is not None:
        check_int(batch_size, "batch_size", "fit", at_least=1)
    _check_batch_norm(model, len(rows), batch_size)
    l1 = check_number(l1, "l1", "fit", at_least=0)
    l2 = check_number(l2, "l2", "fit", at_least=0)
    if clip is not None:
        clip = check_number(clip, "clip", "fit", above=0)
    validation = None
    if validation_data is not None:
        X_val, y_val = validation_data
        val_rows = _samples(X_val, "validation X")
        validation = (val_rows, _targets(y_val, len(val_rows), "validation y"))
    params = model.parameters()
    _check_optimizer(optimizer, params)
    all_callbacks = _callback_list(early_stopping, callbacks)

    step = _Step(model, loss_fn, optimizer, params, l1, l2, clip)
    names = ["train_loss"] + (["train_accuracy"] if step.classifies else [])
    if validation is not None:
        names += ["val_loss"] + (["val_accuracy"] if step.classifies else [])
    history = History(names + ["lr", "grad_norm", "time"])
    for cb in all_callbacks:
        if hasattr(cb, "on_train_begin"):
            cb.on_train_begin(model, history)

    epoch_batches = _batcher(rows, targets, batch_size, random_state)
    bar = _progress_bar(epochs, progress)
    try:
        with _mode(model, True):
            for epoch in range(epochs):
                started = time.perf_counter()
                lr = optimizer.lr
                step.reset()
                for xb, yb in epoch_batches():
                    step(xb, yb)
                record = step.record()
                if validation is not None:
                    record["val_loss"], accuracy = evaluate(model, *validation, loss_fn)
                    if accuracy is not None:
                        record["val_accuracy"] = accuracy
                record["lr"] = lr
                record["time"] = time.perf_counter() - started
                history.append(**record)
                if scheduler is not None:
                    if getattr(scheduler, "takes_metric", False):
                        scheduler.step(record["val_loss" if validation is not None else "train_loss"])
                    else:
                        scheduler.step()
                stoppers = [cb for cb in all_callbacks if cb(epoch, history)]
                if bar is not None:
                    bar.set_postfix(_postfix(record), refresh=False)
                    bar.update(1)
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
