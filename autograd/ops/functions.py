"""The entries of the op table that are functions of one number: exp, log, sqrt, sin, cos,
the activations and the other kinked or smooth functions, each also callable as a function
(``cos``, used by ``SIN``'s rule) of a float, an array or a Value."""

from __future__ import annotations

import math
from typing import Any

from autograd.op_entry import Op, floats, function_of, stable_sigmoid, stable_sigmoid_on_arrays, where


def _softplus(x: float) -> float:
    """log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): e^t only of t <= 0, so it never overflows,
    and log1p keeps the digits of a tiny e^-|x|."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _softplus_on_arrays(np: Any, x: Any) -> Any:
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _periodic(f: Any) -> Any:
    """``f`` (``math.sin``, ``math.cos``) that gives NaN at an infinite operand, as NumPy and
    PyTorch do, where ``math`` raises ValueError: a non-finite operand propagates."""
    def periodic(x: float) -> float:
        try:
            return f(x)
        except ValueError:
            return math.nan

    periodic.__name__ = f.__name__
    return periodic


def _check_log(xs, k):
    if xs[0] <= 0:
        return ValueError, (
            f"log is defined only for positive numbers, got {xs[0]!r}; "
            "keep the argument above 0 (e.g. add a small epsilon or clamp it)"
        )
    return None


def _check_sqrt(xs, k):
    if xs[0] < 0:
        return ValueError, (
            f"sqrt of a negative number ({xs[0]!r}) is not real; "
            "take sqrt of abs(x) or keep the argument >= 0"
        )
    return None


# d e^x/dx = e^x
EXP = Op("exp", floats(math.exp, "exp"), lambda out, xs, k: (out,),
         formula=lambda o, x, k: (o,))
# d ln x/dx = 1/x
LOG = Op("log", floats(math.log, "log"), lambda out, xs, k: (1 / xs[0],), _check_log,
         formula=lambda o, x, k: (f"1/{x[0]}",))
# d sqrt(x)/dx = 1 / (2 sqrt(x))
SQRT = Op("sqrt", floats(math.sqrt, "sqrt"), lambda out, xs, k: (0.5 / out,), _check_sqrt,
          formula=lambda o, x, k: (f"1/(2·{o})",))
# d tanh(x)/dx = 1 - tanh(x)^2
TANH = Op("tanh", floats(math.tanh, "tanh"), lambda out, xs, k: (1 - out * out,),
          formula=lambda o, x, k: (f"1 - {o}²",))
# d sin(x)/dx = cos(x), d cos(x)/dx = -sin(x): each rule calls the other entry as a function
SIN = Op("sin", floats(_periodic(math.sin), "sin"), lambda out, xs, k: (cos(xs[0]),),
         formula=lambda o, x, k: (f"cos({x[0]})",))
COS = Op("cos", floats(_periodic(math.cos), "cos"), lambda out, xs, k: (-sin(xs[0]),),
         formula=lambda o, x, k: (f"-sin({x[0]})",))
# d sigmoid(x)/dx = sigmoid(x) (1 - sigmoid(x))
SIGMOID = Op("sigmoid", floats(stable_sigmoid, stable_sigmoid_on_arrays),
             lambda out, xs, k: (out * (1 - out),), formula=lambda o, x, k: (f"{o}·(1 - {o})",))
# d relu(x)/dx = 1 for x > 0, else 0. NaN stays NaN (x <= 0 is false for it), as in PyTorch,
# so a ReLU network does not hide a NaN input. The derivative is the bool x > 0 counted as
# 0 or 1 (0.0 + True is 1.0): arithmetic, so it runs on numbers and arrays, and costs the
# backward pass nothing over a conditional.
RELU = Op("relu", floats(lambda x: 0.0 if x <= 0 else x, lambda np, x: np.where(x <= 0, 0.0, x)),
          lambda out, xs, k: (0.0 + (xs[0] > 0),),
          formula=lambda o, x, k: (f"1 if {x[0]} > 0 else 0",))
# leaky_relu(x) = x for x > 0, else k x
LEAKY_RELU = Op(
    "leaky_relu",
    lambda xs, k: where(xs[0] <= 0, k * xs[0], xs[0]),
    lambda out, xs, k: (where(xs[0] > 0, 1.0, k),),
    formula=lambda o, x, k: (f"1 if {x[0]} > 0 else {k!r}",),
)
# d |x|/dx = sign(x), taken as 0 at x = 0 (and for NaN): the bools x > 0 and x < 0 counted as 0 or 1
ABS = Op(
    "abs",
    floats(abs),
    lambda out, xs, k: (0.0 + (xs[0] > 0) - (xs[0] < 0),),
    formula=lambda o, x, k: (f"sign({x[0]})",),
)
# log(1 + e^x), the smooth ReLU that binary cross-entropy from logits is made of;
# d softplus(x)/dx = sigmoid(x) = 1 / (1 + e^-x)
SOFTPLUS = Op("softplus", floats(_softplus, _softplus_on_arrays), lambda out, xs, k: (sigmoid(xs[0]),),
              formula=lambda o, x, k: (f"1/(1 + e^(-{x[0]}))",))

log, exp, sigmoid = function_of(LOG), function_of(EXP), function_of(SIGMOID)
sin, cos = function_of(SIN), function_of(COS)
"""The entries as functions of a float, an array or a Value, for rules (the engine calls a rule
with each): the rules above call them when they run, so they may be named after the entries."""
