"""The entries of the op table with any number of operands: a sum, logsumexp and a whole
neuron (``dot``), each one node however many Values it reads."""

from __future__ import annotations

import math
import operator
import sys
from functools import reduce
from operator import mul
from typing import Any, Callable, Iterable, Optional, Sequence

from autograd.notation import call, infix
from autograd.op_entry import Op, floats
from autograd.ops.functions import exp


def left_to_right(xs: Iterable[float]) -> float:
    """``0.0 + x_1 + x_2 + ...``, one addition at a time: what :data:`add_up` is from Python 3.12."""
    return reduce(operator.add, xs, 0.0)


add_up: Callable[[Iterable[float]], float] = sum if sys.version_info < (3, 12) else left_to_right
"""``0.0 + x_1 + x_2 + ...`` added left to right, rounding after each addition, on every Python:
the engine's sums (``SUM``, ``DOT``, ``LOGSUMEXP``) add so, as a compiled replay does. Python's
``sum`` of floats is exactly this, and fastest, before 3.12; from 3.12 it compensates the rounding
(``sum([1e100, 1.0, -1e100])`` is 1.0, not 0.0), so the order is written out with ``reduce``."""



def _sum(xs: Sequence[float], k: None) -> float:
    """``x_1 + x_2 + ...`` from the first term, as their chain of ``+`` (and a replay) adds: the
    same number as :data:`add_up`'s ``0.0 + x_1 + ...`` but at 0, where ``-0.0 + -0.0`` is -0.0
    (so a zero sum is added again from its first term, as arrays always are)."""
    total = add_up(xs)
    return total if type(total) is float and total else reduce(operator.add, xs)

def _logsumexp(*xs: float) -> float:
    """log(sum_i e^{x_i}) = m + log(sum_i e^{x_i - m}) with m = max x_i: no exp sees a positive
    number and one of them is 1, so the sum is in [1, n] and its log is finite."""
    m = max(xs)
    if m - m != 0.0:  # the largest is +-inf (the result) or NaN
        return math.nan if any(x != x for x in xs) else m
    return m + math.log(add_up([math.exp(x - m) for x in xs]))


def _logsumexp_on_arrays(np: Any, *xs: Any) -> Any:
    """:func:`_logsumexp` element by element (each element one node), its terms added in the same order."""
    m = np.maximum.reduce(xs)
    finite = np.isfinite(m)
    shift = np.where(finite, m, 0.0)
    total = np.exp(xs[0] - shift)
    for x in xs[1:]:
        total = total + np.exp(x - shift)
    return np.where(finite, shift + np.log(total), m)


def _dot(xs: Sequence[float], k: tuple) -> float:
    """act(sum_i w_i x_i + b) for operands laid out as (w_1..w_n, x_1..x_n[, b])."""
    n, act, a = k
    z = add_up(map(mul, xs, xs[n : 2 * n]))  # map stops after the n weights
    if len(xs) > 2 * n:
        z += xs[2 * n]
    return z if act is None else act.forward((z,), a)


def _dot_slope(out: Any, k: tuple) -> Any:
    """act'(z) of a dot node, from its output: the activation's own rule (1 for none). Those rules
    read only the output and the sign of ``z``, and for these activations (slope >= 0) ``z > 0``
    exactly when the output is > 0, so the output stands in for ``z``."""
    return 1.0 if k[1] is None else k[1].local(out, (out,), k[2])[0]


def _dot_rule(out: Any, xs: Sequence[Any], k: tuple) -> Optional[Sequence[Any]]:
    """Local derivatives of a dot node: (x_1..x_n, w_1..w_n[, 1]) times act'(z). For an
    inactive ReLU ``act'`` is 0 and the rule returns None: the whole node passes nothing on."""
    n = k[0]
    local = (*xs[n : 2 * n], *xs[:n], 1.0) if len(xs) > 2 * n else (*xs[n : 2 * n], *xs[:n])
    slope = _dot_slope(out, k)
    if type(slope) is float:
        if slope == 1.0:
            return local
        if slope == 0.0:
            return None
    return [slope * d for d in local]


def _dot_adds_up(node: Any, upstream: float) -> Optional[Sequence[float]]:
    """:func:`_dot_rule` times ``upstream``, added by backward's shortcut: where ``act'(z)`` is 1
    (an active ReLU, no activation) each weight gets ``upstream * x_i``, then each input
    ``upstream * w_i``, then the bias ``upstream * 1.0``: the products and the order of backward's
    own loop over the rule's derivatives, read straight from the operands. Another slope: the rule."""
    k = node._arg
    act = k[1]
    slope = 1.0 if act is None else act.local(node.data, (node.data,), k[2])[0]  # _dot_slope, inline
    if slope != 1.0 or type(slope) is not float:
        return None if slope == 0.0 else _dot_rule(node.data, [v.data for v in node.inputs], k)
    inputs, n = node.inputs, k[0]
    xs = inputs[n : 2 * n]
    for w, x in zip(inputs, xs):  # zip stops after the n weights
        w.grad += upstream * x.data
    for x, w in zip(xs, inputs):
        x.grad += upstream * w.data
    if len(inputs) > 2 * n:
        inputs[2 * n].grad += upstream * 1.0
    return ()


def _dot_text(args: list[str], k: tuple) -> str:
    n, act, a = k
    terms = [infix("*", [w, x]) for w, x in zip(args[:n], args[n : 2 * n])] + args[2 * n :]
    inner = " + ".join(terms) if terms else "0"
    return inner if act is None else call(act.name, [inner])


def _dot_formula(out: str, args: list[str], k: tuple) -> list[str]:
    """``act'·x_i`` for each weight, ``act'·w_i`` for each input, ``act'`` for the bias."""
    n, act, a = k
    local = [*args[n : 2 * n], *args[:n], "1"][: len(args)]
    if act is None:
        return local
    slope = f"({act.rules(out, [out], a)[0]})"
    return [slope if d == "1" else f"{slope}·{d}" for d in local]



# log(e^x_1 + ... + e^x_n) in one node, the normaliser of softmax;
# d/dx_i = e^(x_i - out) = softmax(x)_i
LOGSUMEXP = Op("logsumexp", floats(_logsumexp, _logsumexp_on_arrays),
               lambda out, xs, k: [exp(x - out) for x in xs],
               formula=lambda o, x, k: [f"e^({xi} - {o})" for xi in x])
# x_1 + ... + x_n in one node, every local derivative 1; one operand is written sum(x)
SUM = Op("sum", _sum, lambda out, xs, k: (1.0,) * len(xs),
         text=lambda a, k: infix("+", a) if len(a) > 1 else call("sum", a) if a else "0",
         formula=lambda o, x, k: ("1",) * len(x))
# act(sum_i w_i x_i + b) in one node, operands (w_1..w_n, x_1..x_n[, b]), k = (n, act, a)
# with act an activation's entry (or None) and a its constant: a whole neuron, one node.
# d/dw_i = act'(z) x_i, d/dx_i = act'(z) w_i, d/db = act'(z)
DOT = Op(
    "dot",
    _dot,
    _dot_rule,
    describe=lambda k: "dot" if k[1] is None else f"{k[1].name}(dot)",
    text=_dot_text,
    formula=_dot_formula,
    passes_nothing=lambda out, k: _dot_slope(out, k) == 0.0,  # _dot_rule's None, known from the output
    adds_up=_dot_adds_up,
)
