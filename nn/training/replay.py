"""A model's graph on a batch, compiled once and replayed for every batch of that size.

What :func:`nn.fit` (``compile=True``), ``predict`` and ``predict_outputs`` (``compile=True``)
replay with :func:`autograd.replay.compile`. A :class:`BatchGraph` is built for one batch size:
the model's outputs and, with a loss, the loss, on leaves that the batch's numbers feed (a
model of nn's own layers is recorded for one sample and compiled for the batch). Then every
batch of that size replays it with NumPy: its numbers are fed, and the parameters' numbers.

A replay cannot follow numbers written into the expression, so the targets are inputs
too, fed as the loss's record says (:mod:`nn.losses.table`): the built-in losses take Value
targets (:mod:`nn.losses.functions`), with a hinge label as -1/+1 and a class as its one-hot
probabilities. What stays out of reach is refused by :func:`check_compilable`: Dropout (a
new random mask every step), a module with buffers in training (BatchNorm's running
statistics, written from the numbers), and a loss whose record does not replay
(``binary_cross_entropy``, whose clamp reads the numbers, and a loss of one's own, which
may branch on them).
"""

from __future__ import annotations

from typing import Any, Callable, Collection, Optional, Sequence

import numpy as np

import autograd
from autograd import Value, enable_grad
from autograd.collector import collector_paused
from autograd.replay.compile import compile_with_loss
from autograd.replay.compiled import Compiled
from nn.losses.record import LossRecord
from nn.losses.table import replayed_names
from nn.losses.targets import flatten
from nn.modules.activations import Activation
from nn.modules.layers import Dropout, Layer, Neuron
from nn.modules.mlp import MLP
from nn.modules.module import Module, Sequential

BRANCH_FREE = (MLP, Sequential, Layer, Neuron, Activation)
"""nn's modules whose graph is the same for any numbers (a ReLU is an operation, not an ``if``);
a model made of these alone needs no structure check. A subclass may branch in its own
``forward``, so only these very classes count."""

PREDICT_CHUNK = 256
"""How many samples :class:`OutputReplay` records once and replays chunk after chunk: in
``predict(..., compile=True)`` and in fit's compiled validation pass."""


def is_branch_free(model: Module) -> bool:
    """Whether the model is made of :data:`BRANCH_FREE` modules alone: its graph needs no check."""
    return all(type(m) in BRANCH_FREE for m in model.modules())


def check_compilable(model: Module, loss: Optional[LossRecord], owner: str) -> None:
    """A ValueError naming what a replay could not follow when training (with a ``loss``):
    Dropout, a module with buffers (BatchNorm's running statistics) or a loss whose record
    does not replay."""
    if loss is None:
        return
    for prefix, module in model.named_modules():
        name = prefix.rstrip(".") or type(module).__name__
        if isinstance(module, Dropout) and module.p > 0:
            raise ValueError(
                f"{owner}: compile=True cannot replay Dropout ({name}): it draws a new random mask at "
                "every step and a replay would repeat the recorded one; train with compile=False"
            )
        if getattr(module, "buffers", ()):
            raise ValueError(
                f"{owner}: compile=True cannot replay {type(module).__name__} ({name}) in training: its "
                f"buffers ({', '.join(module.buffers)}) are written from each batch's numbers, outside "
                "the graph; train with compile=False"
            )
    if loss.refusal:
        raise ValueError(f"{owner}: compile=True cannot replay {loss.name}: {loss.refusal}")
    if not loss.replays:
        names = ", ".join(replayed_names())
        raise ValueError(
            f"{owner}: compile=True replays the losses {names}; a loss of your own may branch on "
            f"the numbers, which a replay cannot follow: train with compile=False"
        )


def _leaves(numbers: np.ndarray) -> list[list[Value]]:
    return [[Value(x) for x in row] for row in numbers.tolist()]


class BatchGraph:
    """The graph of ``model`` on a batch of ``len(rows)`` samples, compiled.

    Without a loss its outputs are the model's outputs. With one they are ``[total,
    data loss, *model outputs]``, where ``total`` is ``penalize(data loss)`` (the data
    loss itself without ``penalize``), and the targets are fed too. ``check(outputs,
    targets)`` is called on the model's outputs before the loss, to refuse a mismatch
    with a clear message.

    ``params`` (an optimizer's parameters) are fed too, after the targets: a training loop
    that holds their numbers in an array feeds them from there at every step, and gets their
    gradients back as an array (:meth:`gradients`), without reading or writing a Value;
    ``frozen`` are the model's other parameters, which get theirs in ``.grad``.
    ``branch_free`` is :func:`is_branch_free` of the model, when the caller knows it.

    A model of :data:`BRANCH_FREE` modules computes each sample's output from that sample
    alone, so its graph on a batch is one sample's graph, copied: that one is recorded and
    compiled for the batch (``compile(..., batch=n)``), and the loss's graph apart, on leaves
    that stand for the model's outputs, the two joined into one replay. Recording one
    sample instead of the batch makes compiling a small part of one engine step. Any other
    model's graph is recorded whole, on the batch.
    """

    def __init__(
        self,
        model: Module,
        rows: Any,
        loss: Optional[LossRecord] = None,
        targets: Optional[list] = None,
        penalize: Optional[Callable[[Value], Value]] = None,
        check: Optional[Callable[[list, list], None]] = None,
        params: Sequence[Value] = (),
        frozen: Collection[Value] = (),
        branch_free: Optional[bool] = None,
    ) -> None:
        self.model, self.loss, self.penalize, self.check = model, loss, penalize, check
        self.params = list(params)
        self.size = len(rows)
        self.structure_checked = is_branch_free(model) if branch_free is None else branch_free
        X = np.asarray(rows, dtype=float)
        with collector_paused():
            if self.structure_checked:
                heads, self.compiled = self._per_sample(X, targets)
            else:
                heads, flat, inputs, self.nested = self._build(X, targets)  # sets self.width too
                # a model may ignore a feature (or take the other branch of an ``if`` on this batch), an
                # optimizer may hold a parameter the model does not use: their numbers are fed, and unread
                self.compiled = autograd.compile(heads + flat, inputs=inputs, allow_unused=True)
        self.heads = len(heads)
        self.seed = np.zeros(self.heads + self.size * self.width)
        self.seed[0] = 1.0  # backward from the total loss only
        self.fed_params = slice(X.size, X.size + len(self.params))  # in backward's array
        # the frozen parameters get their gradients added into .grad, as backward() adds them; the
        # graph's constants (made afresh by every engine step) do not
        frozen = frozen if isinstance(frozen, (set, frozenset)) else set(frozen)
        leaves = self.compiled.leaves
        self.unfed = [(i, v) for i, v in enumerate(leaves) if v in frozen]

    def _per_sample(self, X: np.ndarray, targets: Optional[list]) -> tuple[list, Compiled]:
        """The loss heads, and the model's graph on one sample compiled for the batch, followed by
        the loss's graph on leaves standing for the model's outputs (see the class docstring)."""
        x = _leaves(X[:1])
        with enable_grad():
            output = self.model(x)[0]
        self.nested = isinstance(output, (list, tuple))
        self.width = len(output) if self.nested else 1
        flat = flatten([output])
        if self.loss is None:
            return [], autograd.compile(flat, inputs=x[0], batch=self.size, shared=self.params,
                                        allow_unused=True)
        # the loss's graph is the same for any numbers (its record replays): recorded at 0
        stand_ins = _leaves(np.zeros((self.size, self.width)))
        heads, fed = self._loss(stand_ins if self.nested else [row[0] for row in stand_ins], targets)
        compiled = compile_with_loss(flat, x[0], self.size, self.params, heads,
                                     [v for row in stand_ins for v in row], [v for row in fed for v in row])
        return heads, compiled

    def _build(self, X: np.ndarray, targets: Optional[list]) -> tuple[list, list, list, bool]:
        """The graph on these numbers: (loss heads, flat outputs, inputs, whether outputs are rows)."""
        x = _leaves(X)
        with enable_grad():  # under no_grad the outputs would be leaves: a replay would repeat them
            outputs = self.model(x)
        nested = isinstance(outputs[0], (list, tuple))
        self.width = len(outputs[0]) if nested else 1
        flat = flatten(outputs)
        inputs = [v for row in x for v in row]
        if self.loss is None:
            return [], flat, inputs, nested
        heads, fed = self._loss(outputs, targets)
        return heads, flat, inputs + self.params + [v for row in fed for v in row], nested

    def _loss(self, outputs: list, targets: Optional[list]) -> tuple[list, list]:
        """The loss heads ``[total, data loss]`` on the model's ``outputs``, and the target leaves."""
        if self.check is not None:
            self.check(outputs, targets)
        fed = _leaves(self.loss.feed(targets, self.width))
        with enable_grad():
            data_loss = self.loss.batch_loss(outputs, fed)
            total = data_loss if self.penalize is None else self.penalize(data_loss)
        return [total, data_loss], fed

    def feed(self, rows: Any, targets: Optional[list] = None) -> np.ndarray:
        """The numbers of a batch (and its targets) in the order of the graph's inputs (for a graph
        made without ``params``)."""
        fed = None if self.loss is None else self.loss.feed(targets, self.width)
        return self.numbers_fed(np.asarray(rows, dtype=float), fed)

    def numbers_fed(self, x: np.ndarray, fed_targets: Optional[np.ndarray] = None,
                    params: Optional[np.ndarray] = None) -> np.ndarray:
        """What the graph is fed: a batch's numbers ``x``, the parameters' numbers (in the order of
        ``params``) and the batch's targets as the loss feeds them."""
        parts = [x.ravel()]
        if params is not None:
            parts.append(params)
        if fed_targets is not None:
            parts.append(fed_targets.ravel())
        return np.concatenate(parts) if len(parts) > 1 else parts[0]

    def forward(self, rows: Any, targets: Optional[list] = None) -> np.ndarray:
        """Every output's number for this batch: the loss heads first, then the model's outputs."""
        return self.replay(self.feed(rows, targets))

    def replay(self, fed: np.ndarray, leaves: bool = True) -> np.ndarray:
        """Every output's number for the numbers ``fed`` (:meth:`numbers_fed`); ``leaves=False``
        reuses the other leaves' numbers from the last replay (see :meth:`Compiled.forward`)."""
        return np.atleast_1d(self.compiled.forward(fed, leaves=leaves)).ravel()

    def backward(self) -> None:
        """Add d total / d parameter into every parameter's ``.grad``, at the last forward's numbers."""
        self.compiled.backward(self.seed)

    def gradients(self) -> np.ndarray:
        """d total / d parameter for each of ``params`` (0 for those the graph does not read), at
        the last forward's numbers. The model's other parameters (not fed) get theirs added into
        ``.grad``, as :meth:`backward` adds them."""
        found = self.compiled.backward(self.seed, accumulate=False)
        for i, v in self.unfed:
            v.grad += float(found[i])
        return found[self.fed_params]

    def outputs(self, numbers: np.ndarray) -> list:
        """The model's outputs in a replay's ``numbers``, as the model gives them: a float per
        sample, or a list of floats per sample."""
        outs = numbers[self.heads:]
        return outs.reshape(self.size, self.width).tolist() if self.nested else outs.tolist()

    def check_structure(self, rows: Any, targets: Optional[list] = None) -> None:
        """Build the graph again from this batch and raise :class:`autograd.replay.compile.StructureError`
        if it differs from the compiled one (a Python ``if`` on a number in the model). Needed
        once per graph, for a model with modules other than :data:`BRANCH_FREE` (whose graph is
        recorded whole)."""
        with collector_paused():
            heads, flat, inputs, _ = self._build(np.asarray(rows, dtype=float), targets)
            self.compiled.check(heads + flat, inputs)
        self.structure_checked = True


class OutputReplay:
    """The model's outputs on many samples, from the graph of one chunk of :data:`PREDICT_CHUNK`
    samples recorded once (on the first rows given) and replayed chunk after chunk; the last
    chunk is filled up with the first rows, whose outputs are dropped.

    A model with modules of its own (not :data:`BRANCH_FREE`) is checked once: the second
    chunk is built the engine's way too and must have the recorded structure
    (:class:`autograd.replay.compile.StructureError` otherwise).
    """

    def __init__(self, model: Module, rows: Any) -> None:
        X = np.asarray(rows, dtype=float)
        self.chunk = min(len(X), PREDICT_CHUNK)
        self.graph = BatchGraph(model, X[:self.chunk])

    def __call__(self, rows: Any) -> np.ndarray:
        """The outputs on ``rows``: shape ``(n,)``, or ``(n, k)`` for ``k`` outputs per sample."""
        X = np.asarray(rows, dtype=float)
        graph, chunk = self.graph, self.chunk
        found = []
        for start in range(0, len(X), chunk):
            part = X[start:start + chunk]
            short = chunk - len(part)
            part = np.concatenate([part, X[:short]]) if short else part
            if not graph.structure_checked and start > 0:
                graph.check_structure(part)
            found.append(graph.forward(part)[:(chunk - short) * graph.width])
        flat = np.concatenate(found)
        return flat.reshape(len(X), graph.width) if graph.nested else flat
