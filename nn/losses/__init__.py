"""Losses: the loss functions, the table of their records, and the weight penalties.

* :mod:`~nn.losses.functions`: ``mse``, ``binary_cross_entropy``,
  ``binary_cross_entropy_with_logits``, ``cross_entropy``, ``hinge``, ``softmax``;
* :mod:`~nn.losses.table`: one record per loss (its class decision, its checks, how a
  replay feeds it), ``LOSSES``, ``get_loss``, ``predict_classes`` and ``accuracy``;
* :mod:`~nn.losses.record`: what a record of the table is;
* :mod:`~nn.losses.targets`: how the losses read their predictions and targets;
* :mod:`~nn.losses.penalties`: ``l1_penalty`` and ``l2_penalty``.
"""

from nn.losses.functions import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    hinge,
    mse,
    softmax,
)
from nn.losses.penalties import l1_penalty, l2_penalty
from nn.losses.table import LOSSES, accuracy, get_loss, predict_classes

__all__ = [
    "mse", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "hinge",
    "softmax", "l1_penalty", "l2_penalty", "predict_classes", "accuracy", "LOSSES", "get_loss",
]
