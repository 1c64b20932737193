"""``fit(..., compile=True)``: a training step and a validation pass that replay compiled graphs.

:class:`CompiledStep` is :class:`~nn.training.step.TrainingStep` with its forward and
backward replayed (:mod:`nn.training.replay`): the first batch of each size is recorded and
compiled, and every later batch of that size is fed to the compiled graph. Everything
else (the checks for NaN, clipping, the optimizer step, the epoch's sums) is the very
code of the uncompiled step, so a History comes out the same up to rounding. Full-batch
training compiles once; mini-batches compile once per batch size (a shorter last batch,
once more).

A model with a module of its own (not one of :data:`nn.training.replay.BRANCH_FREE`, whose
graphs never depend on the numbers) is checked: the second batch of each size is also
built the engine's way and its structure compared with the compiled graph's
(:meth:`~autograd.replay.compiled.Compiled.check`). A model whose graph depends on the numbers (a
Python ``if`` on a Value) is refused there, before it can train on a graph that is not
its own. A branch that flips only later is not seen: such a model is for ``compile=False``.
"""

from __future__ import annotations

from typing import Any, Optional

from autograd.replay.compile import StructureError
from nn.losses.table import Loss, loss_record
from nn.training.replay import BatchGraph, OutputReplay, check_compilable
from nn.training.step import TrainingStep, check_finite_loss


class CompiledStep(TrainingStep):
    """A :class:`~nn.training.step.TrainingStep` whose forward and backward replay a graph
    compiled for each batch size. Raises ValueError at once for a model or loss that a
    replay cannot follow (see :func:`nn.training.replay.check_compilable`)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        check_compilable(self.model, self.loss, "fit")
        self.graphs: dict[int, BatchGraph] = {}

    def _check(self, outputs: list, targets: list) -> None:
        self.loss.check_outputs(outputs, targets, "fit", self.n_classes)

    def forward_backward(self, xb: list, yb: list) -> tuple[float, list]:
        graph = self.graphs.get(len(yb))
        if graph is None:
            graph = BatchGraph(self.model, xb, self.loss, list(yb), self.penalize, self._check)
            self.graphs[len(yb)] = graph
        elif not graph.structure_checked:
            try:
                graph.check_structure(xb, list(yb))
            except StructureError as error:
                raise ValueError(
                    f"fit: compile=True cannot train this model: its graph changes with the numbers "
                    f"({error}); train it with compile=False"
                ) from None
        numbers = graph.forward(xb, list(yb))
        check_finite_loss(float(numbers[0]))
        graph.backward()
        return float(numbers[1]), graph.outputs(numbers)


class CompiledEvaluation:
    """The loss and accuracy of a model on fixed data (fit's validation data), in eval mode:
    the model's outputs replayed chunk by chunk (:class:`~nn.training.replay.OutputReplay`, so
    memory stays that of one chunk's graph), and the loss computed on their numbers. The
    chunk is recorded at the first call, inside fit's loop, where an overflow counts as
    divergence."""

    def __init__(self, model: Any, rows: list, targets: list, loss: Loss) -> None:
        self.model, self.rows, self.targets, self.loss = model, rows, targets, loss_record(loss)
        self.n_classes = self.loss.check_targets(targets)
        self.replay: Optional[OutputReplay] = None

    def __call__(self) -> tuple[float, Optional[float]]:
        if self.replay is None:
            self.replay = OutputReplay(self.model, self.rows)
        return self.loss.score(self.replay(self.rows).tolist(), self.targets, "fit", self.n_classes)
