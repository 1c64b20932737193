"""Loss functions and weight penalties, written to stay finite for any input.

Batches
-------
Each loss takes one prediction or a batch, and its targets in the same shape:

* ``mse``, ``binary_cross_entropy``, ``binary_cross_entropy_with_logits``, ``hinge``: a
  single output (a Value or number) with one target, or a list of outputs with a list
  (or NumPy array) of targets. Nested lists (a batch of multi-output samples) are
  flattened, element by element.
* ``cross_entropy``: one sample is a list of logits with an int class (or a list of class
  probabilities, one per logit); a batch is a list of such lists with a sequence of ints
  (or of probability lists).

Targets may be Values too: leaves whose numbers a compiled graph is fed at each step
(:mod:`nn.training.replay`). They are written into the expression as they are, so a hinge
label given as a Value must hold -1 or +1, and a class as a Value is given as its
probabilities (one-hot).

Predictions and targets of different lengths raise ValueError naming both lengths. A
target must be a finite number (TypeError or ValueError naming it otherwise); the binary
cross-entropies want targets in [0, 1], and ``binary_cross_entropy`` probabilities in
[0, 1] too (raw outputs belong in ``binary_cross_entropy_with_logits``). The per-sample
terms are averaged (``reduction="mean"``, the default), added (``"sum"``), or returned as
a list (``"none"``). The weight penalties ``l1_penalty`` and ``l2_penalty`` live in
:mod:`nn.losses.penalties` and are exported here too.

Class predictions
-----------------
Every classification loss carries two attributes: ``loss.predict`` turns ONE sample's
output into a class and ``loss.label`` turns one target into a class in the same
convention. :func:`predict_classes` and :func:`accuracy` use them:

====================================  ================================  ==============
loss                                  ``predict(output)``               classes
====================================  ================================  ==============
cross_entropy                         argmax of the logits              0 .. k-1
binary_cross_entropy                  1 if probability >= 0.5 else 0    0, 1
binary_cross_entropy_with_logits      1 if logit >= 0 else 0            0, 1
hinge                                 1 if score > 0 else -1            -1, +1
====================================  ================================  ==============

``hinge.label`` maps a target 0 to -1, as the loss itself does, so ``accuracy`` is right
with 0/1 labels too. ``mse`` is a regression loss: it has no ``predict`` (check with
``getattr(loss, "predict", None)``). A ``functools.partial`` of a loss works as the loss,
and so does its name (:data:`LOSSES`, :func:`get_loss`): ``accuracy(outputs, y, "hinge")``.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Union

import autograd
from autograd import Value
from nn.checks import must
from nn.data.batches import is_batch
from nn.losses.penalties import l1_penalty, l2_penalty
from nn.losses.targets import (
    Reduction,
    as_values,
    check_binary_targets,
    class_index,
    flatten,
    hinge_label,
    logit_rows,
    pair,
    picked_logit,
    plus_minus_one,
    reduce,
)

__all__ = [
    "mse", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "hinge",
    "softmax", "l1_penalty", "l2_penalty", "predict_classes", "accuracy", "LOSSES", "get_loss",
]


def _clamp_keeping_gradient(p: Value, low: float, high: float) -> Value:
    """``p`` with its number clamped to [low, high] and its gradient passed straight through.

    Outside the range this is ``p + (bound - p.data)``: a constant shift, so the value is
    the nearer bound but ``d/dp`` is still 1 (a hard clamp would cut the gradient to 0).
    """
    clamped = min(max(p.data, low), high)
    return p if clamped == p.data else p + (clamped - p.data)


def mse(pred: Any, target: Any, reduction: Reduction = "mean") -> Union[Value, list[Value]]:
    """Mean squared error: mean of (pred_i - target_i)^2."""
    preds, targets = pair(pred, target, "mse")
    return reduce([(p - t) ** 2 for p, t in zip(preds, targets)], reduction, "mse")


def binary_cross_entropy(
    prob: Any, target: Any, reduction: Reduction = "mean", eps: float = 1e-7
) -> Union[Value, list[Value]]:
    """Cross-entropy of probabilities p against targets y in [0, 1]: -(y log p + (1 - y) log(1 - p)).

    p's number is first clamped to [eps, 1 - eps] so that the logs stay finite, but its
    gradient goes straight through the clamp: a confidently wrong p (sigmoid(z) rounding
    to 1 against y = 0) still gets the large gradient of the log, not 0. For outputs that
    are not yet squashed, :func:`binary_cross_entropy_with_logits` is exact and safer; a p
    outside [0, 1] (a raw output, surely) is a ValueError saying so, and so is a target
    outside [0, 1].
    """
    probs, targets = pair(prob, target, "binary_cross_entropy")
    check_binary_targets(targets, "binary_cross_entropy")
    terms = []
    for i, (p, y) in enumerate(zip(probs, targets)):
        if not 0.0 <= p.data <= 1.0 and not math.isnan(p.data):  # NaN carries on, as in the engine
            raise ValueError(
                f"binary_cross_entropy: prediction {i} is {p.data!r}, outside [0, 1]: this loss wants "
                "probabilities in [0, 1]; use binary_cross_entropy_with_logits for raw outputs"
            )
        q = _clamp_keeping_gradient(p, eps, 1.0 - eps)
        terms.append(-(y * q.log() + (1 - y) * (1 - q).log()))
    return reduce(terms, reduction, "binary_cross_entropy")


def binary_cross_entropy_with_logits(
    logit: Any, target: Any, reduction: Reduction = "mean"
) -> Union[Value, list[Value]]:
    """Binary cross-entropy of sigmoid(z) against y, from the logit z:

    max(z, 0) - z y + log(1 + e^{-|z|})

    equal to -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))) but never taking e^t of
    t > 0, so it is finite, with gradient sigmoid(z) - y, even for z = +-1000. Targets
    must be in [0, 1] (ValueError naming the first that is not).
    """
    logits, targets = pair(logit, target, "binary_cross_entropy_with_logits")
    check_binary_targets(targets, "binary_cross_entropy_with_logits")
    return reduce([z.softplus() - z * y for z, y in zip(logits, targets)], reduction,
                  "binary_cross_entropy_with_logits")


def cross_entropy(logits: Any, target: Any, reduction: Reduction = "mean") -> Union[Value, list[Value]]:
    """Softmax cross-entropy of the logits z against class c: log(sum_j e^{z_j}) - z_c.

    The log-sum-exp is one node (:func:`autograd.logsumexp`) that subtracts max_j z_j
    first, so logits of +-1000 give finite values and gradients (softmax(z) - onehot(c)).
    One sample: a list of logits and an int; a batch: a list of lists and a sequence of
    ints. A target may also be a list of class probabilities p (as in PyTorch), giving
    log(sum_j e^{z_j}) - sum_j p_j z_j, with gradient softmax(z) - p.
    """
    rows, targets = logit_rows(logits, target, "cross_entropy")
    return reduce([autograd.logsumexp(row) - picked_logit(row, t, i)
                    for i, (row, t) in enumerate(zip(rows, targets))], reduction, "cross_entropy")


def hinge(scores: Any, labels: Any, reduction: Reduction = "mean") -> Union[Value, list[Value]]:
    """Max-margin loss of micrograd's demo: relu(1 - y s) for a score s and label y = +-1.

    Labels 0/1 are accepted too, 0 standing for -1. A sample costs nothing once its
    score is on the right side by a margin of at least 1.
    """
    preds, targets = pair(scores, labels, "hinge")
    return reduce([(1 - hinge_label(y) * s).relu() for s, y in zip(preds, targets)], reduction, "hinge")


def softmax(logits: Any) -> list:
    """e^{z_i - m} / sum_j e^{z_j - m} with m = max z (the same as without m, but never overflows).

    Takes one sample's list of logits and returns a list of Values summing to 1; a batch
    (a list of lists) gives a list of such lists. An empty list is a ValueError.
    """
    if is_batch(logits):
        return [softmax(row) for row in logits]
    row = as_values(flatten(logits))
    if not row:
        raise ValueError(must("softmax", "logits", "hold at least one score", "an empty list"))
    m = max(v.data for v in row)  # no exp below sees a positive number, and one of them is 1
    exps = [(v - m).exp() for v in row]
    total = autograd.sum(exps)
    return [e / total for e in exps]


# class predictions --------------------------------------------------------------------------
def _argmax(output: Any) -> int:
    row = [float(v) for v in flatten(output)]
    return max(range(len(row)), key=row.__getitem__)


def _binary_label(target: Any) -> int:
    return int(float(target) >= 0.5)


def _decide(loss: Callable, predict: Callable[[Any], int], label: Callable[[Any], int]) -> None:
    loss.predict = predict
    loss.label = label


_decide(cross_entropy, _argmax, class_index)
_decide(binary_cross_entropy, lambda p: int(float(p) >= 0.5), _binary_label)
_decide(binary_cross_entropy_with_logits, lambda z: int(float(z) >= 0.0), _binary_label)
_decide(hinge, lambda s: 1 if float(s) > 0.0 else -1, plus_minus_one)


LOSSES: dict[str, Callable] = {
    **{f.__name__: f for f in (mse, binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy,
                               hinge)},
    "bce": binary_cross_entropy,
    "bce_with_logits": binary_cross_entropy_with_logits,
}
"""Loss name -> function, for code that takes a loss by name (``fit(..., loss="hinge")``);
``"bce"`` and ``"bce_with_logits"`` are short names for the binary cross-entropies."""


def get_loss(loss: Union[str, Callable]) -> Callable:
    """The loss function for a name in :data:`LOSSES`, or ``loss`` itself if it is callable."""
    if callable(loss):
        return loss
    try:
        return LOSSES[loss]
    except (KeyError, TypeError):
        known = ", ".join(map(repr, LOSSES))
        raise ValueError(must("get_loss", "loss", f"be one of {known} or a function loss(outputs, targets)",
                              repr(loss))) from None


def _decision(loss: Union[str, Callable]) -> Callable:
    """The loss function itself (by name, or through ``functools.partial``), if it classifies."""
    loss = get_loss(loss)
    base = getattr(loss, "func", loss)
    if getattr(base, "predict", None) is None:
        name = getattr(base, "__name__", repr(base))
        raise ValueError(f"{name} is not a classification loss: it has no class predictions")
    return base


def predict_classes(outputs: Any, loss: Union[str, Callable]) -> list[int]:
    """The class of each sample's output, in ``loss``'s convention (see the module docstring).

    ``outputs`` is a batch: a list of Values for single-output models, a list of lists
    of logits for ``cross_entropy`` (one list of logits also counts as one sample there).
    """
    base = _decision(loss)
    outputs = outputs.tolist() if hasattr(outputs, "tolist") else outputs
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    elif base is cross_entropy and not is_batch(outputs):
        outputs = [outputs]
    return [base.predict(o) for o in outputs]


def accuracy(outputs: Any, targets: Any, loss: Union[str, Callable]) -> float:
    """The fraction of samples whose predicted class (:func:`predict_classes`) is the target's."""
    base = _decision(loss)
    predicted = predict_classes(outputs, base)
    targets = flatten(targets)
    if len(predicted) != len(targets):
        raise ValueError(must("accuracy", "targets", f"be one per output ({len(predicted)} outputs)",
                              f"{len(targets)} targets"))
    if not targets:
        raise ValueError(must("accuracy", "outputs", "hold at least one sample", "none"))
    return sum(p == base.label(t) for p, t in zip(predicted, targets)) / len(targets)
