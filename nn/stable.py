"""The clamp that keeps binary cross-entropy finite at probabilities of exactly 0 or 1.

The other stable pieces of the losses are operations of the engine, each one node:
``z.softplus()`` and :func:`autograd.logsumexp` never take ``e^t`` of a large ``t``.
"""

from __future__ import annotations

from autograd import Value


def clamp_keeping_gradient(p: Value, low: float, high: float) -> Value:
    """``p`` with its number clamped to [low, high] and its gradient passed straight through.

    Outside the range this is ``p + (bound - p.data)``: a constant shift, so the value is
    the nearer bound but ``d/dp`` is still 1 (a hard clamp would cut the gradient to 0).
    """
    clamped = min(max(p.data, low), high)
    return p if clamped == p.data else p + (clamped - p.data)
