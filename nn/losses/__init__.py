"""Losses: the loss functions, the weight penalties, and how outputs become predictions.

* :mod:`~nn.losses.functions`: ``mse``, ``binary_cross_entropy``,
  ``binary_cross_entropy_with_logits``, ``cross_entropy``, ``hinge``, ``softmax``, and
  ``predict_classes`` / ``accuracy``;
* :mod:`~nn.losses.targets`: how the losses read their predictions and targets;
* :mod:`~nn.losses.penalties`: ``l1_penalty`` and ``l2_penalty``.
"""

from nn.losses.functions import (
    LOSSES,
    accuracy,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    get_loss,
    hinge,
    mse,
    predict_classes,
    softmax,
)
from nn.losses.penalties import l1_penalty, l2_penalty

__all__ = [
    "mse", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "hinge",
    "softmax", "l1_penalty", "l2_penalty", "predict_classes", "accuracy", "LOSSES", "get_loss",
]
