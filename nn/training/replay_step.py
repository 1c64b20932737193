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

from contextlib import contextmanager
from typing import Any, Iterator, Optional

import numpy as np

from autograd.replay.compile import StructureError
from autograd.replay.given import leaf_numbers
from nn.losses.table import Loss, loss_record
from nn.optim.clip import clip_scale, norm_of
from nn.optim.optimizer import HeldInterrupts, Optimizer
from nn.training.replay import BatchGraph, OutputReplay, check_compilable, is_branch_free
from nn.training.step import Part, TrainingStep, check_finite_gradients, check_finite_loss


class CompiledStep(TrainingStep):
    """A :class:`~nn.training.step.TrainingStep` whose forward and backward replay a graph
    compiled for each batch size, and whose parameters live in an array during an epoch.
    Raises ValueError at once for a model or loss that a replay cannot follow (see
    :func:`nn.training.replay.check_compilable`).

    An epoch (:meth:`epoch`) reads the optimizer's parameters from their Values into an
    array, feeds them from there at each step and updates them there
    (:meth:`nn.optim.Optimizer.proposed`, the optimizer's own formula on arrays), and writes
    them (and the last step's gradients) back into the Values at its end, however it ends:
    callbacks, snapshots, validation, a divergence and Ctrl-C see the model as after the last
    whole step. Ctrl-C waits for the step underway (held back from epoch to epoch while nothing
    looks in between, so that holding costs nothing per epoch). With nothing to look between epochs
    (``watched`` False: no callback, no validation), the array stays the parameters' one home
    from epoch to epoch and the Values get its numbers when training ends (:meth:`settle`),
    however it ends. The accuracy is counted on the replay's numbers. An optimizer that is not
    one of :mod:`nn.optim`'s (or overrides ``step``) steps its Values, as without compile.
    """

    def __init__(self, *args: Any, numbers: Any = None) -> None:
        super().__init__(*args)
        check_compilable(self.model, self.loss, "fit")
        self.graphs: dict[int, BatchGraph] = {}
        optimizer = self.optimizer
        self.in_arrays = isinstance(optimizer, Optimizer) and type(optimizer).step is Optimizer.step
        self.frozen = set(self.params).difference(optimizer.params)  # the model's, not the optimizer's
        self.branch_free = is_branch_free(self.model)  # looked up once: walking the modules costs
        self.x: Optional[np.ndarray] = None  # the parameters' numbers while training (None: read them)
        self.grads: Optional[np.ndarray] = None  # the last step's gradients, written back with them
        self.unwritten = False  # whether the array holds steps the Values have not seen
        self.read: set = set()  # the graphs whose other leaves were read since a callback could set one
        self.held = HeldInterrupts()  # Ctrl-C waits for the step underway
        # the samples as an array: a copy of fit's X when it is one of floats (a copy, as the rows
        # are: X may change while training), else made from the rows
        same = isinstance(numbers, np.ndarray) and numbers.dtype == float and numbers.ndim == 2 \
            and numbers.shape == (len(self.rows), len(self.rows[0]))
        self.X = numbers.copy() if same else np.asarray(self.rows, dtype=float)
        self.fed_targets: Optional[np.ndarray] = None  # the loss's feed of every target, at the first graph
        self.labels = None
        if self.classifies:
            self.labels = np.array([self.loss.label(t) for t in self.loss.samples(self.targets)])

    def _check(self, outputs: list, targets: list) -> None:
        self.loss.check_outputs(outputs, targets, "fit", self.n_classes)

    @contextmanager
    def epoch(self) -> Iterator[list]:
        if self.x is None or self.watched:  # a callback may have set a parameter (or a constant) since
            self.x, self.grads = leaf_numbers(self.optimizer.params), None
            self.read = set()
        stopping = self.held.hold()  # held from epoch to epoch while nothing looks in between
        try:
            yield stopping
        except BaseException:
            self.settle()
            raise
        if self.watched or stopping:
            self.settle()

    def settle(self) -> None:
        """Write the parameters' numbers (and the last step's gradients) from the array into their
        Values, if they hold steps the Values have not seen; then let Ctrl-C through again (raising
        the one that came, if one did)."""
        try:
            self._write_back()
        finally:
            self.held.release()

    def _write_back(self) -> None:
        if not self.unwritten:
            return
        params = self.optimizer.params
        numbers = self.x.tolist()
        if self.grads is None:
            for p, number in zip(params, numbers):
                p.data = number
        else:
            for p, number, grad in zip(params, numbers, self.grads.tolist()):
                p.data, p.grad = number, grad
        self.unwritten = False

    def graph(self, part: Part, n: int) -> BatchGraph:
        """The compiled graph for ``n`` samples: recorded on ``part`` if there is none yet, checked
        on it once if the model's structure needs checking."""
        graph = self.graphs.get(n)
        if graph is None:
            xb, yb = self.batch(part)
            graph = BatchGraph(self.model, xb, self.loss, list(yb), self.penalize, self._check,
                               self.optimizer.params, self.frozen, self.branch_free)
            self.graphs[n] = graph
            if self.fed_targets is None:
                self.fed_targets = self.loss.feed(self.targets, graph.width)
        elif not graph.structure_checked:
            xb, yb = self.batch(part)
            try:
                graph.check_structure(xb, list(yb))
            except StructureError as error:
                raise ValueError(
                    f"fit: compile=True cannot train this model: its graph changes with the numbers "
                    f"({error}); train it with compile=False"
                ) from None
        return graph

    def __call__(self, part: Part) -> None:
        n = len(self.rows) if part is None else len(part)
        graph = self.graph(part, n)
        at = None if part is None else np.array(part, dtype=np.intp)  # gathers the rows, targets, labels
        numbers, grads = self.replay(graph, at)
        params = self.optimizer.params
        norm = norm_of(grads)
        check_finite_gradients(params, norm, grads)
        scale = None if self.clip is None else clip_scale(norm, self.clip)
        if scale is not None:
            grads = grads * scale
        self.step_parameters(grads)
        correct = 0.0 if self.labels is None else self.count_correct(numbers[graph.heads:], at, n)
        self.tally(n, float(numbers[1]), norm, correct)

    def replay(self, graph: BatchGraph, at: Optional[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The graph's outputs on the samples ``at`` (all for None) at the array's parameters, and
        the parameters' gradients; a loss that is NaN or infinite is a FloatingPointError before
        backward."""
        x, fed = (self.X, self.fed_targets) if at is None else (self.X[at], self.fed_targets[at])
        # the other leaves (constants, parameters the optimizer does not hold) are read once, and
        # again after a callback, between epochs, could have set one
        first = graph not in self.read
        self.read.add(graph)
        numbers = graph.replay(graph.numbers_fed(x, fed, self.x), leaves=first)
        check_finite_loss(float(numbers[0]))
        return numbers, graph.gradients()

    def count_correct(self, outputs: np.ndarray, at: Optional[np.ndarray], n: int) -> float:
        """How many of the ``n`` samples ``at`` (all for None) the replayed ``outputs`` classify right."""
        predicted = self.loss.predict(outputs.reshape(n, -1) if self.loss.rows else outputs)
        labels = self.labels if at is None else self.labels[at]
        return float(np.count_nonzero(predicted == labels))

    def step_parameters(self, grads: np.ndarray) -> None:
        """One optimizer step from these gradients, on the array of the parameters' numbers (Ctrl-C
        is held back by :meth:`epoch`, so the numbers and the optimizer's state change together)."""
        optimizer = self.optimizer
        if self.in_arrays:
            new_x, new_state = optimizer.proposed(self.x, grads)
            self.x, self.grads, self.unwritten = new_x, grads, True
            optimizer.commit(new_state)
            return
        for p, number, grad in zip(optimizer.params, self.x.tolist(), grads.tolist()):
            p.data, p.grad = number, grad
        optimizer.step()
        self.x, self.grads = leaf_numbers(optimizer.params), grads


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
