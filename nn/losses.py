"""Loss functions and weight penalties, written to stay finite for any input.

Batches
-------
Each loss takes one prediction or a batch, and its targets in the same shape:

* ``mse``, ``binary_cross_entropy``, ``binary_cross_entropy_with_logits``, ``hinge``: a
  single output (a Value or number) with one target, or a list of outputs with a list
  (or NumPy array) of targets. Nested lists (a batch of multi-output samples) are
  flattened, element by element.
* ``cross_entropy``: one sample is a list of logits with an int class; a batch is a list
  of such lists with a sequence of ints.

Predictions and targets of different lengths raise ValueError naming both lengths. A
target must be a finite number (TypeError or ValueError naming it otherwise); the binary
cross-entropies want targets in [0, 1], and ``binary_cross_entropy`` probabilities in
[0, 1] too (raw outputs belong in ``binary_cross_entropy_with_logits``). The per-sample
terms are averaged (``reduction="mean"``, the default), added (``"sum"``), or returned as
a list (``"none"``). The weight penalties ``l1_penalty`` and ``l2_penalty`` live in
:mod:`nn.penalties` and are exported here too.

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
import numbers
import operator
from typing import Any, Callable, Iterable, Union

import autograd
from autograd import Value
from autograd.value import as_value
from nn.module import is_batch
from nn.penalties import l1_penalty, l2_penalty
from nn.stable import clamp_keeping_gradient, log_sum_exp, shifted_exps, softplus

__all__ = [
    "mse", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "hinge",
    "softmax", "l1_penalty", "l2_penalty", "predict_classes", "accuracy", "LOSSES", "get_loss",
]

Reduction = str


# helpers -------------------------------------------------------------------------------
def flatten(x: Any) -> list:
    """``x`` as a flat list: a Value or number is ``[x]``, arrays and nested lists are flattened."""
    if hasattr(x, "tolist"):
        x = x.tolist()
    if not isinstance(x, (list, tuple)):
        return [x]
    flat = []
    for item in x:
        if isinstance(item, (list, tuple)) or hasattr(item, "tolist"):
            flat.extend(flatten(item))
        else:
            flat.append(item)
    return flat


def _as_values(items: Iterable[Any]) -> list[Value]:
    return [v if type(v) is Value else as_value(v) for v in items]


def _pair(pred: Any, target: Any, loss: str) -> tuple[list[Value], list]:
    """Predictions (as Values) and targets as two flat lists of one length, or a ValueError.

    Every target must be a finite number: a NaN target would make the loss NaN, silently.
    """
    preds = _as_values(flatten(pred))
    targets = flatten(target)
    if len(preds) != len(targets):
        raise ValueError(f"{loss}: got {len(preds)} predictions and {len(targets)} targets")
    if not preds:
        raise ValueError(f"{loss}: got no predictions")
    for i, t in enumerate(targets):
        y = t.data if isinstance(t, Value) else t
        if not isinstance(y, numbers.Real):
            raise TypeError(f"{loss}: target {i} must be a number, got {t!r} ({type(t).__name__})")
        if not math.isfinite(y):
            raise ValueError(f"{loss}: target {i} must be finite, got {y}; drop that sample or correct it")
    return preds, targets


def check_binary_targets(targets: list, loss: str) -> None:
    """A ValueError naming the first target outside [0, 1] (classes 0 and 1, or a probability of 1)."""
    for i, t in enumerate(targets):
        y = float(t)
        if not 0.0 <= y <= 1.0:
            raise ValueError(
                f"{loss}: target {i} must be in [0, 1] (class 0 or 1, or the probability of class 1), "
                f"got {t!r}; for labels -1/+1 use hinge"
            )


def _reduce(terms: list[Value], reduction: Reduction) -> Union[Value, list[Value]]:
    """The mean of ``terms`` (one ``sum`` node and a division), their sum, or the list itself."""
    if reduction == "mean":
        return autograd.sum(terms) / len(terms)
    if reduction == "sum":
        return autograd.sum(terms)
    if reduction == "none":
        return terms
    raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def _logit_rows(logits: Any, target: Any, loss: str) -> tuple[list[list[Value]], list[int]]:
    """Rows of logits and their class indices, for one sample or a batch."""
    logits = logits.tolist() if hasattr(logits, "tolist") else logits
    if is_batch(logits):
        rows, classes = logits, flatten(target)
    else:
        rows, classes = [logits], [target]
    if len(rows) != len(classes):
        raise ValueError(f"{loss}: got {len(rows)} samples of logits and {len(classes)} targets")
    rows = [_as_values(row) for row in rows]
    classes = [_class_index(c) for c in classes]
    for c, row in zip(classes, rows):
        if not 0 <= c < len(row):
            raise ValueError(f"{loss}: class {c} is out of range for {len(row)} logits")
    return rows, classes


def _class_index(target: Any) -> int:
    """A class target as an int; a float must be a whole number (NumPy label arrays are often float)."""
    try:
        return operator.index(target)
    except TypeError:
        if isinstance(target, float) and target.is_integer():
            return int(target)
        raise ValueError(f"cross_entropy: a class target must be a whole number, got {target!r}") from None


def _plus_minus_one(label: Any) -> int:
    """A hinge label as -1 or +1: 0 counts as -1."""
    y = float(label)
    if y == 0.0 or y == -1.0:
        return -1
    if y == 1.0:
        return 1
    raise ValueError(f"hinge: labels must be -1/+1 or 0/1, got {label!r}")


# losses ------------------------------------------------------------------------------------
def mse(pred: Any, target: Any, reduction: Reduction = "mean") -> Union[Value, list[Value]]:
    """Mean squared error: mean of (pred_i - target_i)^2."""
    preds, targets = _pair(pred, target, "mse")
    return _reduce([(p - t) ** 2 for p, t in zip(preds, targets)], reduction)


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
    probs, targets = _pair(prob, target, "binary_cross_entropy")
    check_binary_targets(targets, "binary_cross_entropy")
    terms = []
    for i, (p, y) in enumerate(zip(probs, targets)):
        if not 0.0 <= p.data <= 1.0 and not math.isnan(p.data):  # NaN carries on, as in the engine
            raise ValueError(
                f"binary_cross_entropy: prediction {i} is {p.data!r}, outside [0, 1]: this loss wants "
                "probabilities in [0, 1]; use binary_cross_entropy_with_logits for raw outputs"
            )
        q = clamp_keeping_gradient(p, eps, 1.0 - eps)
        terms.append(-(y * q.log() + (1 - y) * (1 - q).log()))
    return _reduce(terms, reduction)


def binary_cross_entropy_with_logits(
    logit: Any, target: Any, reduction: Reduction = "mean"
) -> Union[Value, list[Value]]:
    """Binary cross-entropy of sigmoid(z) against y, from the logit z:

    max(z, 0) - z y + log(1 + e^{-|z|})

    equal to -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))) but never taking e^t of
    t > 0, so it is finite, with gradient sigmoid(z) - y, even for z = +-1000. Targets
    must be in [0, 1] (ValueError naming the first that is not).
    """
    logits, targets = _pair(logit, target, "binary_cross_entropy_with_logits")
    check_binary_targets(targets, "binary_cross_entropy_with_logits")
    return _reduce([softplus(z) - z * y for z, y in zip(logits, targets)], reduction)


def cross_entropy(logits: Any, target: Any, reduction: Reduction = "mean") -> Union[Value, list[Value]]:
    """Softmax cross-entropy of the logits z against class c: log(sum_j e^{z_j}) - z_c.

    The log-sum-exp subtracts max_j z_j first, so logits of +-1000 give finite values and
    gradients (softmax(z) - onehot(c)). One sample: a list of logits and an int; a batch:
    a list of lists and a sequence of ints.
    """
    rows, classes = _logit_rows(logits, target, "cross_entropy")
    return _reduce([log_sum_exp(row) - row[c] for row, c in zip(rows, classes)], reduction)


def hinge(scores: Any, labels: Any, reduction: Reduction = "mean") -> Union[Value, list[Value]]:
    """Max-margin loss of micrograd's demo: relu(1 - y s) for a score s and label y = +-1.

    Labels 0/1 are accepted too, 0 standing for -1. A sample costs nothing once its
    score is on the right side by a margin of at least 1.
    """
    preds, targets = _pair(scores, labels, "hinge")
    return _reduce([(1 - _plus_minus_one(y) * s).relu() for s, y in zip(preds, targets)], reduction)


def softmax(logits: Any) -> list:
    """e^{z_i - m} / sum_j e^{z_j - m} with m = max z (the same as without m, but never overflows).

    Takes one sample's list of logits and returns a list of Values summing to 1; a batch
    (a list of lists) gives a list of such lists. An empty list is a ValueError.
    """
    if is_batch(logits):
        return [softmax(row) for row in logits]
    row = _as_values(flatten(logits))
    if not row:
        raise ValueError("softmax needs at least one score, got an empty list")
    _, exps = shifted_exps(row)
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


_decide(cross_entropy, _argmax, _class_index)
_decide(binary_cross_entropy, lambda p: int(float(p) >= 0.5), _binary_label)
_decide(binary_cross_entropy_with_logits, lambda z: int(float(z) >= 0.0), _binary_label)
_decide(hinge, lambda s: 1 if float(s) > 0.0 else -1, _plus_minus_one)


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
        raise ValueError(f"unknown loss {loss!r}; known losses: {', '.join(LOSSES)}") from None


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
        raise ValueError(f"accuracy: got {len(predicted)} outputs and {len(targets)} targets")
    if not targets:
        raise ValueError("accuracy: got no outputs")
    return sum(p == base.label(t) for p, t in zip(predicted, targets)) / len(targets)
