"""Gradient clipping: call after ``loss.backward()`` and before ``optimizer.step()``.

* :func:`clip_grad_norm` scales all the gradients by one factor, so that together they
  keep their direction but their L2 norm is at most ``max_norm``;
* :func:`clip_grad_value` clamps each gradient into ``[-clip, clip]`` on its own, which
  may change the direction.

Both take a list of parameters, any iterable of them, or a Module.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence, Union

import numpy as np

from autograd import Value
from nn.checks import check_number
from nn.optim.optimizer import Params, parameter_list


def grad_norm(params: Params) -> float:
    """The global L2 norm of the gradients: sqrt(sum over parameters of grad^2)."""
    return global_norm(parameter_list(params, "grad_norm"))


def global_norm(params: list[Value]) -> float:
    """:func:`grad_norm` of a list of parameters already checked (a training step's, at every step)."""
    return norm_of([p.grad for p in params])


SQUARES = (2.0 ** -900, 2.0 ** 1000)
"""Where a sum of squares is trusted: above the first, squares lost to underflow weigh nothing
next to it; below the second, no square overflowed."""


def norm_of(grads: Union[Sequence[float], np.ndarray]) -> float:
    """The L2 norm of some gradients (a list of numbers or an array): the square root of their sum
    of squares, or ``math.hypot``'s when that sum is near the ends of the floats (or NaN)."""
    g = np.asarray(grads, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):  # then hypot's turn
        squares = float(np.einsum("i,i->", g, g))  # not g @ g: BLAS's threads cost more than the sum
    if SQUARES[0] < squares < SQUARES[1]:
        return math.sqrt(squares)
    return math.hypot(*g.tolist())


def clip_scale(norm: float, max_norm: float) -> Optional[float]:
    """What every gradient is multiplied by when their global norm ``norm`` (finite) must come down
    to ``max_norm``; None when it is already at most that."""
    return max_norm / norm if norm > max_norm else None


def clip_grad_norm(params: Params, max_norm: float) -> float:
    """Scale every gradient by ``max_norm / norm`` when their global L2 norm exceeds ``max_norm``.

    Returns the norm before clipping (worth logging: it shows when gradients explode).
    Gradients whose norm is already at most ``max_norm`` are left as they are. A norm
    that is NaN or infinite cannot be scaled down: FloatingPointError, gradients untouched.
    """
    params = parameter_list(params, "clip_grad_norm")
    max_norm = check_number(max_norm, "max_norm", "clip_grad_norm", above=0)
    norm = global_norm(params)
    if not math.isfinite(norm):
        raise FloatingPointError(
            f"clip_grad_norm: the gradient norm is {norm}, which cannot be scaled down; "
            "autograd.detect_anomaly() shows which operation made it"
        )
    scale_down(params, norm, max_norm)
    return norm


def scale_down(params: list[Value], norm: float, max_norm: float) -> None:
    """Scale the gradients of ``params``, whose global norm is ``norm`` (finite), so that it is at
    most ``max_norm``: :func:`clip_grad_norm` once the norm is known, as a training step knows it."""
    scale = clip_scale(norm, max_norm)
    if scale is not None:
        for p in params:
            p.grad *= scale


def clip_grad_value(params: Params, clip: float) -> None:
    """Clamp every gradient into ``[-clip, clip]``."""
    params = parameter_list(params, "clip_grad_value")
    clip = check_number(clip, "clip", "clip_grad_value", above=0)
    for p in params:
        g = p.grad
        if g > clip:
            p.grad = clip
        elif g < -clip:
            p.grad = -clip
