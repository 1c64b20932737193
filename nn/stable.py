"""Numerically stable pieces of the losses: shifted exponentials, log-sum-exp, softplus, a clamp.

Each computes what its formula says without ever taking ``e^t`` of a large ``t`` or the
log of 0, so that the losses of :mod:`nn.losses` stay finite (with finite gradients) for
logits of +-1000 and probabilities of exactly 0 or 1.
"""

from __future__ import annotations

from typing import Sequence

import autograd
from autograd import Value


def shifted_exps(row: Sequence[Value]) -> tuple[float, list[Value]]:
    """m = max z and the list of e^{z_i - m}: no exp sees a positive number, one of them is 1."""
    m = max(v.data for v in row)
    return m, [(v - m).exp() for v in row]


def log_sum_exp(row: Sequence[Value]) -> Value:
    """log(sum_i e^{z_i}) = m + log(sum_i e^{z_i - m}), finite for any logits."""
    m, exps = shifted_exps(row)
    return autograd.sum(exps).log() + m


def softplus(z: Value) -> Value:
    """log(1 + e^z) = max(z, 0) + log(1 + e^{-|z|}), with the sign of z read from its number.

    Branching on ``z.data`` rather than using ``relu`` and ``abs`` nodes gives the exact
    derivative sigmoid(z) everywhere, also at z = 0, where those nodes' one-sided
    derivatives would not add up to it.
    """
    if z.data >= 0:
        return z + ((-z).exp() + 1).log()
    return (z.exp() + 1).log()


def clamp_keeping_gradient(p: Value, low: float, high: float) -> Value:
    """``p`` with its number clamped to [low, high] and its gradient passed straight through.

    Outside the range this is ``p + (bound - p.data)``: a constant shift, so the value is
    the nearer bound but ``d/dp`` is still 1 (a hard clamp would cut the gradient to 0).
    """
    clamped = min(max(p.data, low), high)
    return p if clamped == p.data else p + (clamped - p.data)
