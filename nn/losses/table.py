"""The table of losses: one :class:`~nn.losses.record.LossRecord` per loss, and how a loss is found.

``fit``, ``evaluate``, ``predict``, :func:`predict_classes`, :func:`accuracy` and the
compiled replay read a loss's record: its class decision, its checks of the outputs and
the targets, and how a replay feeds its targets. Adding a loss is its function (in
:mod:`nn.losses.functions`) and one entry in :data:`TABLE`.

:func:`loss_record` finds the record of whatever names a loss: a name of :data:`LOSSES`, one
of the functions, a ``functools.partial`` of one (its arguments kept: the record's function
is the partial), or a loss of one's own, whose record has no class decision, checks nothing
and does not replay.

Class predictions
-----------------
A classification loss's ``predict`` turns the outputs of a batch (a float array, one row of
logits per sample for ``cross_entropy``) into each sample's class, and its ``label`` turns one
target into a class in the same convention:

====================================  ================================  ==============
loss                                  class of an output                classes
====================================  ================================  ==============
cross_entropy                         argmax of the logits              0 .. k-1
binary_cross_entropy                  1 if probability >= 0.5 else 0    0, 1
binary_cross_entropy_with_logits      1 if logit >= 0 else 0            0, 1
hinge                                 1 if score > 0 else -1            -1, +1
====================================  ================================  ==============

``hinge``'s label maps a target 0 to -1, as the loss itself does, so ``accuracy`` is right
with 0/1 labels too. ``cross_entropy`` takes a class number or a row of class probabilities
per sample (in ``fit`` and ``evaluate`` too, compiled or not); a row's class, for accuracy,
is its most probable one (the argmax of the target row, the first of equals). ``mse`` is a
regression loss: it has no ``predict`` (``loss_record("mse").classifies`` is False). A loss
may be given by name: ``accuracy(outputs, y, "hinge")``.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any, Callable, Optional, Union

import numpy as np

from nn.checks import must, number_of, quoted
from nn.losses.functions import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    hinge,
    mse,
)
from nn.losses.record import LossRecord, as_they_are, one_output_per_class, one_output_per_target
from nn.losses.targets import (
    check_binary_targets,
    check_distribution,
    class_index,
    hinge_label,
    is_distribution,
    plus_minus_one,
    target_class,
)

__all__ = ["TABLE", "LOSSES", "LossRecord", "loss_record", "get_loss", "predict_classes", "accuracy",
           "check_targets", "replayed_names"]

Loss = Union[str, Callable]


def _at_least_half(x: Any) -> Any:
    """1 for a probability (or a target) of at least 0.5, else 0: of a float, or of each of an array."""
    return (x >= 0.5) * 1


def _half_or_more(target: Any) -> int:
    return _at_least_half(number_of(target))


def _class_count(targets: list, name: str) -> int:
    """The classes the targets need: one more than the largest class number, or the width of a
    row of class probabilities (each checked to be a distribution)."""
    needed = 0
    for i, t in enumerate(targets):
        if is_distribution(t):
            check_distribution(t, i)
            needed = max(needed, len(t))
            continue
        c = class_index(t)
        if c < 0:
            raise ValueError(f"{name}: a class target must be >= 0, got {c}")
        needed = max(needed, c + 1)
    return needed


def _hinge_labels(flat: list, name: str) -> None:
    """Every label as the loss reads it (a Value must hold -1 or +1 itself), so that a replay,
    which feeds labels as -1/+1, refuses what the engine refuses."""
    for t in flat:
        hinge_label(t)


def _class_rows(targets: list, width: int) -> np.ndarray:
    """A replay's cross-entropy targets: a class as its one-hot row, class probabilities as they are."""
    fed = np.zeros((len(targets), width))
    for i, t in enumerate(targets):
        if is_distribution(t):
            fed[i] = t
        else:
            fed[i, class_index(t)] = 1.0
    return fed


def _plus_minus_one(targets: list, width: int) -> np.ndarray:
    return np.array([[plus_minus_one(t)] for t in targets], dtype=float)


TABLE: tuple[LossRecord, ...] = (
    LossRecord(mse, "mse", outputs_check=one_output_per_target, feed=as_they_are),
    LossRecord(
        binary_cross_entropy, "binary_cross_entropy", aliases=("bce",),
        predict=_at_least_half, label=_half_or_more,
        outputs_check=one_output_per_target, targets_check=check_binary_targets,
        refusal="its clamp reads the probabilities' numbers; use binary_cross_entropy_with_logits on the raw "
                "outputs (without the sigmoid), which compiles",
    ),
    LossRecord(
        binary_cross_entropy_with_logits, "binary_cross_entropy_with_logits", aliases=("bce_with_logits",),
        predict=lambda z: (z >= 0.0) * 1, label=_half_or_more,
        outputs_check=one_output_per_target, targets_check=check_binary_targets, feed=as_they_are,
    ),
    LossRecord(
        cross_entropy, "cross_entropy", predict=lambda z: z.argmax(axis=1), label=target_class, rows=True,
        outputs_check=one_output_per_class, targets_check=_class_count, feed=_class_rows,
    ),
    LossRecord(
        hinge, "hinge", predict=lambda s: np.where(s > 0.0, 1, -1), label=plus_minus_one,
        outputs_check=one_output_per_target, targets_check=_hinge_labels, feed=_plus_minus_one,
    ),
)
"""One record per loss; a loss's function, its names, class decision, checks and replay."""


def _by_name() -> dict[str, LossRecord]:
    """Every name a loss goes by: the losses' own names in table order, then the short ones."""
    names = {record.name: record for record in TABLE}
    names.update((alias, record) for record in TABLE for alias in record.aliases)
    return names


LOSSES: dict[str, Callable] = {name: record.function for name, record in _by_name().items()}
"""Loss name -> function, for code that takes a loss by name (``fit(..., loss="hinge")``);
``"bce"`` and ``"bce_with_logits"`` are short names for the binary cross-entropies."""


def loss_record(loss: Loss) -> LossRecord:
    """The record of ``loss``: a name, a loss of the table, a ``functools.partial`` of one (the
    record then calls the partial), or a function of one's own (a record that checks nothing,
    has no classes and does not replay). Anything else is a ValueError listing the names."""
    if isinstance(loss, str) or not callable(loss):
        try:
            return _by_name()[loss]
        except (KeyError, TypeError):
            known = ", ".join(map(repr, _by_name()))
            needed = f"be one of {known} or a function loss(outputs, targets)"
            raise ValueError(must("get_loss", "loss", needed, quoted(loss))) from None
    base = loss.func if isinstance(loss, functools.partial) else loss
    for record in TABLE:
        if record.function is base:
            return record if base is loss else replace(record, function=loss)
    return LossRecord(loss, getattr(base, "__name__", repr(base)))


def get_loss(loss: Loss) -> Callable:
    """The loss function for a name in :data:`LOSSES`, or ``loss`` itself if it is callable."""
    return loss if callable(loss) else loss_record(loss).function


def replayed_names() -> list[str]:
    """The names of the losses ``compile=True`` replays, shortest first (as fit's refusal lists them)."""
    return sorted((record.name for record in TABLE if record.replays), key=len)


def check_targets(targets: list, loss: Loss) -> Optional[int]:
    """Check every target against ``loss`` before any step, and return the classes ``y`` needs
    (for ``cross_entropy``; None for the other losses). The loss's own checks give the
    message: ``hinge`` wants labels -1/+1 or 0/1, the binary cross-entropies targets in
    [0, 1], ``cross_entropy`` whole class numbers >= 0 or rows of class probabilities adding
    up to 1; a loss of one's own is not checked."""
    return loss_record(loss).check_targets(targets)


def predict_classes(outputs: Any, loss: Loss) -> list[int]:
    """The class of each sample's output, in ``loss``'s convention (see the module docstring).

    ``outputs`` is a batch: a list of Values for single-output models, a list of lists
    of logits for ``cross_entropy`` (one list of logits also counts as one sample there).
    """
    return loss_record(loss).predict_classes(outputs)


def accuracy(outputs: Any, targets: Any, loss: Loss) -> float:
    """The fraction of samples whose predicted class (:func:`predict_classes`) is the target's."""
    return loss_record(loss).accuracy(outputs, targets)
