"""Using a model: ``predict``, ``predict_outputs``, ``evaluate``, ``gradient_norms``.

Each runs the model in eval mode (Dropout off, BatchNorm on its running statistics),
without building a graph, and gives every module its previous mode back afterwards.
The samples ``X`` and targets ``y`` are checked first (see :mod:`nn.data.samples`). Rows of
different lengths, entries that are not numbers, and NaN or infinite numbers are
refused with an error naming the entry.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Any, Iterator, Optional

import numpy as np

from autograd import no_grad
from autograd.replay.compile import StructureError
from nn.checks import check_bool, number_of
from nn.data.samples import sample_rows, target_list
from nn.losses.table import Loss, loss_record
from nn.modules.module import Module
from nn.training.replay import OutputReplay


@contextmanager
def mode(model: Module, training: bool) -> Iterator[None]:
    """Put ``model`` (every sub-module) in training or eval mode; restore each module's mode after."""
    modules = model.modules()
    before = [m.training for m in modules]
    model.train(training)
    try:
        yield
    finally:
        for m, was in zip(modules, before):
            m.training = was


def _numbers(output: Any) -> Any:
    """The float (or list of floats) in a model output: each Value's ``data``."""
    if isinstance(output, (list, tuple)):
        return [_numbers(o) for o in output]
    return number_of(output)


def outputs_of(model: Module, X: Any, owner: str, compile: bool = False) -> list:
    """The model's outputs for every sample of ``X``, in eval mode and without a graph
    (a float, or a list of floats, per sample); with ``compile``, replayed chunk by chunk."""
    rows = sample_rows(X, owner)
    check_bool(compile, "compile", owner)
    with mode(model, False):
        if compile:
            try:
                return OutputReplay(model, rows)(rows).tolist()
            except StructureError as error:
                raise ValueError(f"{owner}: compile=True cannot replay this model: its graph changes with "
                                 f"the numbers ({error}); use compile=False") from None
        with no_grad():
            return _numbers(model(rows))


def predict_outputs(model: Module, X: Any, compile: bool = False) -> np.ndarray:
    """The model's raw outputs as floats: shape ``(n,)`` for one output, ``(n, k)`` for ``k`` logits.

    Runs in eval mode (the previous mode comes back after) and without building a graph.
    ``compile=True`` records the model's graph on a chunk of samples once and replays it
    with NumPy for every chunk (:class:`nn.training.replay.OutputReplay`): the same numbers up to
    rounding, many times faster on a large ``X`` such as the grid of a decision-boundary
    plot. A model whose graph depends on its input's numbers (a Python ``if``) needs
    ``compile=False``: a model with modules of its own is checked on the second chunk
    (ValueError), but a branch that flips only in a later chunk is not seen.
    """
    return np.array(outputs_of(model, X, "predict_outputs", compile), dtype=float)


def _default_class(output: Any) -> int:
    if isinstance(output, (list, tuple)) and len(output) == 1:
        output = output[0]
    if isinstance(output, (list, tuple)):
        return loss_record("cross_entropy").predict_classes([output])[0]  # the largest logit
    return int(number_of(output) > 0)


def predict(model: Module, X: Any, loss: Optional[Loss] = None, compile: bool = False) -> np.ndarray:
    """The predicted class of every sample of ``X``, as a NumPy int array.

    With ``loss`` the loss's own convention (``loss="hinge"`` gives -1/+1); without it,
    one output ``s`` gives class 1 if ``s > 0`` else 0, and several outputs give the
    index of the largest. Runs in eval mode and without building a graph; ``compile``
    as for :func:`predict_outputs`.
    """
    outputs = outputs_of(model, X, "predict", compile)
    if loss is None:
        classes = [_default_class(o) for o in outputs]
    else:
        classes = loss_record(loss).predict_classes(outputs)
    return np.array(classes, dtype=int)


def evaluate(model: Module, X: Any, y: Any, loss: Loss) -> tuple[float, Optional[float]]:
    """``(loss, accuracy)`` of ``model`` on ``X, y``: the mean loss, and the fraction classified
    right (None for a loss without classes, like ``mse``). Eval mode, no graph."""
    rows = sample_rows(X, "evaluate")
    targets = target_list(y, len(rows), "evaluate")
    return loss_and_accuracy(model, rows, targets, loss, "evaluate")


def loss_and_accuracy(
    model: Module, rows: list, targets: list, loss: Loss, owner: str
) -> tuple[float, Optional[float]]:
    """:func:`evaluate` on samples and targets already checked (by ``owner``: fit checks its
    validation data once, before the first epoch)."""
    record = loss_record(loss)
    with no_grad(), mode(model, False):
        return record.score(model(rows), targets, owner, record.check_targets(targets))


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
