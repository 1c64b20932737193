"""One step of training and one epoch's batches, for :func:`nn.fit`.

:class:`TrainingStep` is the body of the loop every lecture writes by hand (zero the
gradients, forward, loss, backward, clip, step), made all or nothing, and refusing a loss
or gradient that is NaN or infinite before the optimizer sees it. :func:`epoch_batcher`
gives an epoch's batches: the whole data set, or shuffled mini-batches.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional

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


def _check_finite_gradients(params: list[Value], norm: float) -> None:
    """A FloatingPointError naming the first parameter whose gradient is NaN or infinite."""
    if math.isfinite(norm):
        return
    for i, p in enumerate(params):
        if not math.isfinite(p.grad):
            name = p.label or f"parameter {i}"
            raise FloatingPointError(f"the gradient of {name} is {p.grad} (backward overflowed)")
    raise FloatingPointError(f"the gradient norm is {norm} (each gradient is finite, their norm is not)")


class TrainingStep:
    """One optimizer step on one batch, and the sums an epoch's record is made of.

    ``loss`` is a loss as fit takes it (its record, :mod:`nn.losses.table`, is looked up
    once); ``params`` are the model's parameters (for the penalties, weighted ``l1`` and ``l2``);
    ``clip`` a largest gradient norm or None; ``n_classes`` the classes ``y`` needs (for
    ``cross_entropy``, else None), checked against the model's outputs at every step.
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
    ) -> None:
        self.model, self.loss, self.optimizer = model, loss_record(loss), optimizer
        self.params, self.l1, self.l2, self.clip = params, l1, l2, clip
        self.classifies = self.loss.classifies
        self.n_classes = n_classes
        self.has_buffers = bool(model.buffers_state())  # looked up once: walking the modules costs
        self.reset()

    def reset(self) -> None:
        """Start an epoch: clear the sums."""
        self.samples = self.steps = 0
        self.loss_sum = self.correct = self.norm_sum = 0.0

    def __call__(self, xb: Batch, yb: list) -> None:
        """One step on the batch ``xb, yb``, all or nothing: when anything fails (or Ctrl-C
        comes) before the optimizer has written the new parameters, the model's buffers
        (BatchNorm's running statistics, which the forward pass moves) are put back too.

        A loss or a gradient that is NaN or infinite is a FloatingPointError before the
        optimizer steps (which itself refuses to write NaN or inf)."""
        model, optimizer = self.model, self.optimizer
        buffers: Optional[dict] = model.buffers_state() if self.has_buffers else None
        try:
            optimizer.zero_grad()
            data_loss, outputs = self.forward_backward(xb, yb)
            norm = global_norm(optimizer.params)
            _check_finite_gradients(optimizer.params, norm)
            if self.clip is not None:
                scale_down(optimizer.params, norm, self.clip)
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
        self.loss_sum += data_loss * n
        self.norm_sum += norm
        if self.classifies:
            self.correct += self.loss.accuracy(outputs, yb) * n

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


def epoch_batcher(
    rows: Batch, targets: list, batch_size: Optional[int], random_state: Any
) -> Callable[[], list[tuple[Batch, list]]]:
    """A function giving one epoch's batches: the whole data set, or shuffled mini-batches.

    Each batch is a :data:`~nn.data.batches.Batch` of the rows given and the list of their
    targets, for any ``batch_size``; the samples are drawn in the order
    :func:`nn.data.batches.batches` would draw them from the same generator. With
    ``batch_size > 1``, a last batch of a single sample joins the batch before it.
    """
    if batch_size is None or batch_size >= len(rows):
        whole = [(rows, targets)]
        return lambda: whole
    rng = as_shuffling_generator(random_state, "fit")

    def epoch() -> list[tuple[Batch, list]]:
        order = sample_order(len(rows), True, rng).tolist()
        starts = list(range(0, len(order), batch_size))
        if batch_size > 1 and len(order) - starts[-1] == 1:  # 2 or more batches here
            starts.pop()
        ends = starts[1:] + [len(order)]
        chosen = [order[a:b] for a, b in zip(starts, ends)]
        return [([rows[i] for i in part], [targets[i] for i in part]) for part in chosen]

    return epoch
