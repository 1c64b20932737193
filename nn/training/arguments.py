"""Checking the arguments of :func:`nn.fit` before training: each function raises a clear error
(naming ``fit``, the argument and the fix) for one kind of argument that cannot work.

A mistake found here costs nothing; the same mistake found in epoch 1 (a scheduler that
is a string) or never (a scheduler stepping another optimizer's lr, an unused bad
``random_state``) costs a run or a wrong result.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterable, Optional

from autograd import Value
from nn.checks import check_int, check_number, must, not_finite, quoted
from nn.data.samples import sample_rows, target_list
from nn.losses.table import check_targets
from nn.modules.layers import BatchNorm
from nn.modules.module import Module
from nn.seeding import check_random_state as check_seeding
from nn.training.callbacks import EarlyStopping


def check_model(model: Any) -> None:
    """A TypeError for a model that is not a :class:`~nn.modules.module.Module`."""
    if not isinstance(model, Module):
        raise TypeError(must("fit", "model", "be a Module (e.g. nn.MLP)", type(model).__name__))


def check_data(model: Module, X: Any, y: Any, validation_data: Any,
               loss: Callable) -> tuple[list, list, Optional[tuple[list, list]]]:
    """The samples and targets as lists (:mod:`nn.data.samples`), each row as wide as the model's
    input, and the validation pair checked the same way (None without one)."""
    rows = sample_rows(X, "fit")
    targets = target_list(y, len(rows), "fit")
    check_width(model, rows, "X")
    if validation_data is None:
        return rows, targets, None
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        kind = type(validation_data).__name__
        raise TypeError(must("fit", "validation_data", "be a pair (X_val, y_val)", kind))
    val_rows = sample_rows(validation_data[0], "fit", "validation X")
    check_width(model, val_rows, "validation X")
    validation = (val_rows, target_list(validation_data[1], len(val_rows), "fit", "validation y"))
    check_targets(validation[1], loss)
    return rows, targets, validation


def check_batch_size(model: Module, n: int, batch_size: Optional[int]) -> None:
    """A ValueError for a batch size that is not an int >= 1, or that would give a model with
    BatchNorm 1-sample batches."""
    if batch_size is not None:
        check_int(batch_size, "batch_size", "fit", at_least=1)
    if min(n, batch_size or n) > 1 or not any(isinstance(m, BatchNorm) for m in model.modules()):
        return
    got = "batch_size=1" if batch_size == 1 else "a data set of 1 sample"
    raise ValueError(must("fit", "batches", "hold 2 or more samples for BatchNorm (one sample has no "
                          "spread to normalise by)", got))


def check_penalties(l1: Any, l2: Any, clip: Any) -> tuple[float, float, Optional[float]]:
    """The penalty weights (>= 0) and the largest gradient norm (> 0, or None) as floats."""
    l1 = check_number(l1, "l1", "fit", at_least=0)
    l2 = check_number(l2, "l2", "fit", at_least=0)
    return l1, l2, (None if clip is None else check_number(clip, "clip", "fit", above=0))


def callback_list(early_stopping: Optional[EarlyStopping], callbacks: Any) -> list:
    """Early stopping (if any) and the callbacks as one list; a TypeError for anything not callable."""
    if callable(callbacks):
        callbacks = [callbacks]
    if not isinstance(callbacks, Iterable) or isinstance(callbacks, (str, bytes)):
        raise TypeError(must("fit", "callbacks", "be a list of functions callback(epoch, history)",
                             quoted(callbacks)))
    found = ([early_stopping] if early_stopping is not None else []) + list(callbacks)
    for cb in found:
        if not callable(cb):
            raise TypeError(must("fit", "a callback", "be callable as callback(epoch, history)", quoted(cb)))
    return found


def check_parameters(model: Module) -> None:
    """A ValueError naming the first parameter that is NaN or infinite before training starts."""
    if all(map(math.isfinite, [p.data for p in model.parameters()])):  # the usual case: no names needed
        return
    for name, p in model.named_parameters():
        if not math.isfinite(p.data):
            raise not_finite("fit", f"parameter {name}", p.data, "the model is broken before training (a "
                             "diverged run?): load a saved state or make the model afresh")


def check_random_state(random_state: Any) -> None:
    """A TypeError for a ``random_state`` that is none of nn's kinds (:mod:`nn.seeding`), even
    when full-batch training never shuffles (an unused bad argument is still a mistake)."""
    check_seeding(random_state, "fit")


def check_scheduler(scheduler: Any, optimizer: Any) -> None:
    """A TypeError for a scheduler without ``step``; a ValueError for one made for another optimizer."""
    if scheduler is None:
        return
    if not callable(getattr(scheduler, "step", None)):
        raise TypeError(must("fit", "scheduler", "be a scheduler (e.g. nn.optim.schedulers.StepLR)",
                             type(scheduler).__name__))
    if getattr(scheduler, "optimizer", optimizer) is not optimizer:
        raise ValueError(must("fit", "the scheduler", "be made for this optimizer (it changes its "
                              "optimizer's lr)", "one made for another optimizer",
                              "make it from this one: StepLR(optimizer, ...)"))


def check_optimizer(optimizer: Any, params: list[Value]) -> None:
    """A TypeError for something that is not an optimizer; a ValueError for one holding none of ``params``."""
    if not (hasattr(optimizer, "step") and hasattr(optimizer, "zero_grad") and hasattr(optimizer, "params")):
        raise TypeError(must("fit", "optimizer", "be an optimizer (e.g. nn.SGD)", type(optimizer).__name__))
    owned = set(params)
    if not any(p in owned for p in optimizer.params):
        raise ValueError(must("fit", "the optimizer", "hold the model's parameters",
                              "one that holds none of them (made for another model?)",
                              "make it from this model: SGD(model.parameters(), lr=...)"))


def check_width(model: Module, rows: list, name: str) -> None:
    """A ValueError when the samples have another number of features than the model takes
    (its ``nin``, as MLP, Sequential and Layer have), before any epoch: with ``epochs=0``
    nothing else would notice."""
    nin = getattr(model, "nin", None)
    if isinstance(nin, int) and len(rows[0]) != nin:
        needed = f"have {nin} features (the {type(model).__name__} takes {nin} inputs)"
        raise ValueError(must("fit", f"the rows of {name}", needed, str(len(rows[0])),
                              f"pass {nin} features, or make the model with nin={len(rows[0])}"))
