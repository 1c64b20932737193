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

How each loss turns outputs into classes, what fit checks of it and whether a replay
follows it are in its record, in :mod:`nn.losses.table`.
"""

from __future__ import annotations

import math
from typing import Any, Union

import autograd
from autograd import Value
from nn.checks import must
from nn.data.batches import is_batch
from nn.losses.penalties import l1_penalty, l2_penalty
from nn.losses.targets import (
    Reduction,
    as_values,
    check_binary_targets,
    flatten,
    hinge_label,
    logit_rows,
    pair,
    picked_logit,
    reduce,
)

__all__ = [
    "mse", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "hinge",
    "softmax", "l1_penalty", "l2_penalty",
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
    return reduce([(1.0 - hinge_label(y) * s).relu() for s, y in zip(preds, targets)], reduction, "hinge")


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
