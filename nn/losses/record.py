"""What an entry of the loss table (:mod:`nn.losses.table`) is, and the checks entries share.

A :class:`LossRecord` holds everything nn knows about one loss beside the function itself:
how a sample's output becomes a class and a target a class (``predict``, ``label``), what
``fit`` and ``evaluate`` check before a step (the model's outputs against the targets, every
target), and how ``fit(..., compile=True)`` feeds the targets to a replayed graph (``feed``,
None for a loss a replay cannot follow). Training, inference and the replay ask the record;
none of them asks which function a loss is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

import numpy as np

from autograd import Value, no_grad
from nn.checks import must, number_of, plural
from nn.data.batches import is_batch, plain
from nn.losses.targets import flatten, sample_targets

OutputsCheck = Callable[["LossRecord", list, list, str, Optional[int]], None]
"""``check(record, outputs, targets, owner, n_classes)``: a ValueError when the outputs cannot be
compared with the targets."""

TargetsCheck = Callable[[list, str], Optional[int]]
"""``check(targets, loss_name)``: an error naming a target the loss cannot read; returns the number
of classes ``y`` needs (None when the loss has no such need). The targets are one per sample
(:meth:`LossRecord.samples`)."""

Feed = Callable[[list, int], np.ndarray]
"""``feed(targets, width)``: a batch's targets as the numbers fed to a replayed graph, one row
per sample (``width`` is the number of outputs per sample)."""


@dataclass(frozen=True)
class LossRecord:
    """One loss: its function and what training, inference and the replay need to know of it.

    ``function`` is what is called, ``loss(outputs, targets)``; ``name`` is how messages name
    it and ``aliases`` other names it goes by. ``predict`` turns a batch's outputs, as a float
    array, into each sample's class (an int array), and ``label`` one target into a class in
    the same convention (both None for a loss without classes); with ``rows``, a sample's
    output is a row (of logits), so the array has a row per sample and one row given alone
    counts as one sample. On an array, ``predict`` serves the engine's outputs and a
    replay's alike. ``outputs_check`` and ``targets_check`` are the checks made
    before any step (None: not checked). ``feed`` gives a replay its targets (None: ``compile=True``
    refuses the loss, saying ``refusal`` when there is a reason to give).
    """

    function: Callable
    name: str
    aliases: tuple[str, ...] = ()
    predict: Optional[Callable[[np.ndarray], np.ndarray]] = None
    label: Optional[Callable[[Any], int]] = None
    rows: bool = False
    outputs_check: Optional[OutputsCheck] = None
    targets_check: Optional[TargetsCheck] = None
    feed: Optional[Feed] = None
    refusal: str = ""

    @property
    def classifies(self) -> bool:
        """Whether the loss has a class decision (and so an accuracy)."""
        return self.predict is not None

    @property
    def replays(self) -> bool:
        """Whether ``compile=True`` can replay the loss: it knows how to feed its targets."""
        return self.feed is not None

    def check_outputs(self, outputs: list, targets: list, owner: str, n_classes: Optional[int]) -> None:
        """A ValueError (worded for ``owner``) when the model's outputs cannot be compared with
        the targets; ``n_classes`` is what :meth:`check_targets` found in the whole of ``y``."""
        if self.outputs_check is not None and outputs:
            self.outputs_check(self, outputs, targets, owner, n_classes)

    def check_targets(self, targets: list) -> Optional[int]:
        """Check every target before any step, and return the classes ``y`` needs (None unless
        the loss has one output per class)."""
        return None if self.targets_check is None else self.targets_check(self.samples(targets), self.name)

    def samples(self, targets: Any) -> list:
        """One target per sample: with ``rows``, a class number or a row of class probabilities
        (:func:`~nn.losses.targets.sample_targets`), else the targets flattened."""
        return sample_targets(targets) if self.rows else flatten(targets)

    def batch_loss(self, outputs: Any, targets: Any) -> Value:
        """The loss of a batch as fit minimises it: one Value (a TypeError for anything else;
        ``reduction="none"`` gives a list)."""
        loss = self.function(outputs, targets)
        if not isinstance(loss, Value):
            got = f"a list of {len(loss)}" if isinstance(loss, list) else type(loss).__name__
            raise TypeError(f"fit: the loss must give one Value (reduction 'mean' or 'sum'), got {got}")
        return loss

    def predict_classes(self, outputs: Any) -> list[int]:
        """The class of each sample's output (a batch; see :func:`nn.losses.table.predict_classes`)."""
        self._must_classify()
        outputs = plain(outputs)
        if not isinstance(outputs, (list, tuple)) or (self.rows and not is_batch(outputs)):
            outputs = [outputs]
        if self.rows:
            numbers = [[number_of(v) for v in flatten(o)] for o in outputs]
        else:
            numbers = [number_of(o) for o in outputs]
        return self.predict(np.array(numbers, dtype=float)).tolist()

    def accuracy(self, outputs: Any, targets: Any) -> float:
        """The fraction of samples whose predicted class is the target's (``label`` of the target:
        for class probabilities, the most probable class)."""
        predicted = self.predict_classes(outputs)
        alone = self.rows and not is_batch(plain(outputs))
        targets = [plain(targets)] if alone else self.samples(targets)
        if len(predicted) != len(targets):
            raise ValueError(must("accuracy", "targets", f"be one per output ({len(predicted)} outputs)",
                                  f"{len(targets)} targets"))
        if not targets:
            raise ValueError(must("accuracy", "outputs", "hold at least one sample", "none"))
        return sum(p == self.label(t) for p, t in zip(predicted, targets)) / len(targets)

    def score(self, outputs: list, targets: list, owner: str,
              n_classes: Optional[int]) -> tuple[float, Optional[float]]:
        """The mean loss and the accuracy (None for a loss without classes) of a model's
        ``outputs`` (Values or their numbers) against ``targets``, after :meth:`check_outputs`."""
        self.check_outputs(outputs, targets, owner, n_classes)
        with no_grad():
            value = number_of(self.function(outputs, targets))
        return value, (self.accuracy(outputs, targets) if self.classifies else None)

    def _must_classify(self) -> None:
        if not self.classifies:
            raise ValueError(f"{self.name} is not a classification loss: it has no class predictions")


def _width(output: Any) -> int:
    return len(output) if isinstance(output, (list, tuple)) else 1


def one_output_per_class(record: LossRecord, outputs: list, targets: list, owner: str,
                         n_classes: Optional[int]) -> None:
    """The model must give a row of at least one output per class (two at the least), and
    exactly one per class probability when y gives rows of them (checked here, before the loss,
    so that a replay, which feeds the rows into a graph of the model's width, says the same)."""
    width = _width(outputs[0])
    classes = max(n_classes or 0, 2)
    if width < classes or not isinstance(outputs[0], (list, tuple)):
        raise ValueError(
            f"{owner}: {record.name} needs one output per class: y has {plural(classes, 'class')}, "
            f"the model has {plural(width, 'output')}; give its last layer {classes} outputs"
        )
    rows = [t for t in record.samples(targets) if isinstance(t, (list, tuple))]
    if rows and len(rows[0]) != width:
        raise ValueError(
            f"{owner}: {record.name} takes one class probability per output: the model has "
            f"{plural(width, 'output')}, y has {len(rows[0])} class probabilities per sample; make them "
            f"as many"
        )


def one_output_per_target(record: LossRecord, outputs: list, targets: list, owner: str,
                          n_classes: Optional[int]) -> None:
    """Each sample's outputs must be as many as its targets, compared one to one."""
    width = _width(outputs[0])
    target = targets[0]
    per_target = _width(plain(target))
    if width != per_target:
        hint = "; for several classes use cross_entropy" if record.classifies else ""
        raise ValueError(
            f"{owner}: {record.name} compares each output with one target: the model has "
            f"{plural(width, 'output')} per sample but y has {plural(per_target, 'target')} "
            f"per sample{hint}"
        )


def as_they_are(targets: list, width: int) -> np.ndarray:
    """A replay's targets: each sample's target numbers, unchanged."""
    return np.asarray(targets, dtype=float).reshape(len(targets), -1)
