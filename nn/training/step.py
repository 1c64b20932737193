"""One step of training and one epoch's batches, for :func:`nn.fit`.

:class:`TrainingStep` is the body of the loop every lecture writes by hand (zero the
gradients, forward, loss, backward, clip, step), made all or nothing, and refusing a loss
or gradient that is NaN or infinite before the optimizer sees it. :func:`epoch_parts`
gives an epoch's batches (as the numbers of their samples): the whole data set, or shuffled
mini-batches.
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from typing import Any, Callable, ContextManager, Optional, Sequence

from autograd import Value
from nn.data.batches import Batch
from nn.losses.penalties import l1_penalty, l2_penalty
from nn.losses.table import Loss, loss_record
from nn.modules.module import Module
from nn.optim.clip import global_norm, scale_down
from nn.optim.optimizer import holding_interrupts
from nn.seeding import as_shuffling_generator, sample_order


def check_finite_loss(loss: float) -> None:
    """A FloatingPointError for a loss that is NaN or infinite: training has diverged."""
    if not math.isfinite(loss):
        raise FloatingPointError(f"the loss is {loss}")


def check_finite_gradients(params: list[Value], norm: float, grads: Optional[Sequence[float]] = None) -> None:
    """A FloatingPointError naming the first parameter whose gradient is NaN or infinite (their
    ``.grad``, or ``grads`` in the order of ``params``), when their norm is not finite."""
    if math.isfinite(norm):
        return
    found = [p.grad for p in params] if grads is None else list(grads)
    for i, (p, g) in enumerate(zip(params, found)):
        if not math.isfinite(g):
            name = p.label or f"parameter {i}"
            raise FloatingPointError(f"the gradient of {name} is {g} (backward overflowed)")
    raise FloatingPointError(f"the gradient norm is {norm} (each gradient is finite, their norm is not)")


class TrainingStep:
    """One optimizer step on one batch, and the sums an epoch's record is made of.

    ``loss`` is a loss as fit takes it (its record, :mod:`nn.losses.table`, is looked up
    once); ``params`` are the model's parameters (for the penalties, weighted ``l1`` and ``l2``);
    ``clip`` a largest gradient norm or None; ``n_classes`` the classes ``y`` needs (for
    ``cross_entropy``, else None), checked against the model's outputs at every step; ``data``
    the samples and their targets, of which each step takes a part (:func:`epoch_parts`).
    """

    def __init__(
        self,
        model: Module,
        loss: Loss,
        optimizer: Any,
        params: list[Value],
        l1: float,
        l2: float,
        clip: Optional[float],
        n_classes: Optional[int],
        data: tuple[Batch, list],
    ) -> None:
        self.model, self.loss, self.optimizer = model, loss_record(loss), optimizer
        self.params, self.l1, self.l2, self.clip = params, l1, l2, clip
        self.classifies = self.loss.classifies
        self.n_classes = n_classes
        self.rows, self.targets = data
        self.has_buffers = bool(model.buffers_state())  # looked up once: walking the modules costs
        self.watched = True  # whether code runs between epochs that may read or set the parameters
        self.reset()

    def reset(self) -> None:
        """Start an epoch: clear the sums."""
        self.samples = self.steps = 0
        self.loss_sum = self.correct = self.norm_sum = 0.0

    def epoch(self) -> ContextManager[list]:
        """What an epoch's steps run in; it gives a list that is not empty once Ctrl-C asks the
        loop to stop between steps (never here: a step of the engine may be interrupted anywhere,
        and leaves the parameters as before it)."""
        return nullcontext([])

    def settle(self) -> None:
        """Leave the model's Values as training left them: they are already (a compiled step may
        hold its parameters elsewhere until training ends)."""

    def batch(self, part: Part) -> tuple[Batch, list]:
        """The samples and targets of a part of the data (the whole for None)."""
        if part is None:
            return self.rows, self.targets
        return [self.rows[i] for i in part], [self.targets[i] for i in part]

    def __call__(self, part: Part) -> None:
        """One step on a part of the data (sample numbers; None for all), all or nothing: when
        anything fails (or Ctrl-C comes) before the optimizer has written the new parameters,
        the model's buffers (BatchNorm's running statistics, which the forward pass moves) are
        put back too.

        A loss or a gradient that is NaN or infinite is a FloatingPointError before the
        optimizer steps (which itself refuses to write NaN or inf)."""
        xb, yb = self.batch(part)
        model, optimizer = self.model, self.optimizer
        buffers: Optional[dict] = model.buffers_state() if self.has_buffers else None
        try:
            optimizer.zero_grad()
            data_loss, outputs = self.forward_backward(xb, yb)
            norm = global_norm(optimizer.params)
            check_finite_gradients(optimizer.params, norm)
            if self.clip is not None:
                scale_down(optimizer.params, norm, self.clip)
            with holding_interrupts():  # a Ctrl-C from here on waits until the step is written
                optimizer.step()
                buffers = None  # written: the new buffers go with the new parameters
        except BaseException:
            if buffers is not None:
                model.load_buffers_state(buffers)
            raise
        correct = self.loss.accuracy(outputs, yb) * len(yb) if self.classifies else 0.0
        self.tally(len(yb), data_loss, norm, correct)

    def tally(self, n: int, data_loss: float, norm: float, correct: float) -> None:
        """Add a step on ``n`` samples to the epoch's sums: its data loss (a mean over the batch),
        gradient norm and number of samples classified right."""
        self.samples += n
        self.steps += 1
        self.loss_sum += data_loss * n
        self.norm_sum += norm
        self.correct += correct

    def forward_backward(self, xb: Batch, yb: list) -> tuple[float, list]:
        """The model's outputs on the batch, the loss with its penalties, and backward, which
        leaves the gradients in ``.grad``. Returns the data loss (without the penalties) and
        the outputs. A loss that is NaN or infinite is a FloatingPointError before backward."""
        outputs = self.model(xb)
        self.loss.check_outputs(outputs, yb, "fit", self.n_classes)
        data_loss = self.loss.batch_loss(outputs, yb)
        total = self.penalize(data_loss)
        check_finite_loss(total.data)
        total.backward()
        return data_loss.data, outputs

    def penalize(self, data_loss: Value) -> Value:
        """The loss minimised: the data loss plus the weighted L1 and L2 penalties."""
        total = data_loss
        if self.l1:
            total = total + self.l1 * l1_penalty(self.params)
        if self.l2:
            total = total + self.l2 * l2_penalty(self.params)
        return total

    def record(self) -> dict[str, float]:
        """The epoch's means: loss (and accuracy) over its samples, gradient norm over its steps."""
        record = {"train_loss": self.loss_sum / self.samples}
        if self.classifies:
            record["train_accuracy"] = self.correct / self.samples
        record["grad_norm"] = self.norm_sum / self.steps
        return record


Part = Optional[list]
"""The samples of one step, as their numbers in the data; None for the whole data set."""


def epoch_parts(n: int, batch_size: Optional[int], random_state: Any) -> Callable[[], list[Part]]:
    """A function giving one epoch's parts of ``n`` samples: the whole data set (``[None]``), or
    shuffled mini-batches, each the list of its samples' numbers.

    The samples are drawn in the order :func:`nn.data.batches.batches` would draw them from
    the same generator. With ``batch_size > 1``, a last batch of a single sample joins the
    batch before it.
    """
    if batch_size is None or batch_size >= n:
        whole: list[Part] = [None]
        return lambda: whole
    rng = as_shuffling_generator(random_state, "fit")

    def epoch() -> list[Part]:
        order = sample_order(n, True, rng).tolist()
        starts = list(range(0, len(order), batch_size))
        if batch_size > 1 and len(order) - starts[-1] == 1:  # 2 or more batches here
            starts.pop()
        ends = starts[1:] + [len(order)]
        return [order[a:b] for a, b in zip(starts, ends)]

    return epoch
