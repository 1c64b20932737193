"""The table of primitive operations: each forward beside its local derivatives.

An entry holds

* ``forward(xs, k)``: the result on floats, where ``xs`` are the operands' data and
  ``k`` is the operation's constant (the exponent of ``x ** 3``, the slope of
  ``leaky_relu``), ``None`` where it has none;
* ``local(out, xs, k)``: the local derivatives ``d out / d xs[i]``, one per operand;
* ``check(xs, k)``: optional; the reason the operands are outside the domain, with
  the exception to raise, or ``None``.

``local`` may return ``None`` instead of a sequence when every local derivative is
exactly zero (a neuron whose ReLU is inactive): the node then passes nothing on.

The local rules use only arithmetic, comparisons, :func:`~autograd.op_entry.where`
for a choice and :func:`log`, :func:`exp` and :func:`sigmoid`, entries of this table as
functions (:func:`~autograd.op_entry.function_of`), which floats, ``Value`` objects and
NumPy arrays share. Backward calls a rule with floats (``out`` and ``xs`` are numbers)
and gets numbers; ``grad(..., create_graph=True)`` calls the very same rule with Values
(``out`` is the node, ``xs`` its inputs) and gets Values, whose graph can be
differentiated again; a compiled replay (:mod:`autograd.replay.compile`) calls it with arrays,
one element per node of a group, and gets arrays. So every derivative is written once
and serves first and higher orders and replays alike. Forwards run on arrays too: a
``floats`` forward names the NumPy function that computes it element by element.

Nothing outside this file knows any particular operation: the engine reads ``forward``,
``local`` and ``check`` from the entry a node points to. Adding an operation is adding
one entry, with its method on ``Value`` (one line in :mod:`autograd.value`) and its row
of test cases (``tests/op_cases.py``); a rule that needs a function no entry computes yet
gets that function as an entry of its own, named for rules below the table (``SIN``'s rule
calls ``cos = function_of(COS)``).
"""

from __future__ import annotations

import math
import operator
import sys
from functools import reduce
from operator import mul
from typing import Any, Callable, Iterable, Optional, Sequence

from autograd.notation import ATOM, PRODUCT, call, group, infix
from autograd.op_entry import (  # noqa: F401  (what an entry is; re-exported)
    LEARNER,
    LearnerRule,
    Op,
    floats,
    function_of,
    stable_sigmoid,
    stable_sigmoid_on_arrays,
    where,
)


def _softplus(x: float) -> float:
    """log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): e^t only of t <= 0, so it never overflows,
    and log1p keeps the digits of a tiny e^-|x|."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _softplus_on_arrays(np: Any, x: Any) -> Any:
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


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


def _dot_rule(out: Any, xs: Sequence[Any], k: tuple) -> Optional[Sequence[Any]]:
    """Local derivatives of a dot node: (x_1..x_n, w_1..w_n[, 1]) times act'(z).

    ``act'`` comes from the activation's own table entry. Those rules read only the
    output and the sign of their operand ``z``, and for these activations (slope >= 0)
    ``z > 0`` exactly when the output is > 0, so the output stands in for ``z`` and the
    weighted sum is not computed again. For an inactive ReLU ``act'`` is 0 and the rule
    returns None: the whole node passes nothing on.
    """
    n, act, a = k
    local = (*xs[n : 2 * n], *xs[:n], 1.0) if len(xs) > 2 * n else (*xs[n : 2 * n], *xs[:n])
    if act is None:
        return local
    slope = act.local(out, (out,), a)[0]
    if type(slope) is float:
        if slope == 1.0:
            return local
        if slope == 0.0:
            return None
    return [slope * d for d in local]


def _is_integer(k: float) -> bool:
    return float(k).is_integer()


def _check_log(xs, k):
    if xs[0] <= 0:
        return ValueError, (f"log is defined only for positive numbers, got {xs[0]!r}; "
                            "keep the argument above 0 (e.g. add a small epsilon or clamp it)")
    return None


def _check_sqrt(xs, k):
    if xs[0] < 0:
        return ValueError, (f"sqrt of a negative number ({xs[0]!r}) is not real; "
                            "take sqrt of abs(x) or keep the argument >= 0")
    return None


def _check_div(xs, k):
    if xs[1] == 0:
        return ZeroDivisionError, f"division by zero ({xs[0]!r} / {xs[1]!r}); the divisor must be non-zero"
    return None


def _check_power(base: float, exponent: float):
    if base < 0 and not _is_integer(exponent):
        return ValueError, (
            f"({base!r}) ** {exponent!r} is not a real number: a negative base needs an "
            "integer exponent; use abs() of the base or an integer exponent"
        )
    if base == 0 and exponent < 0:
        return ZeroDivisionError, f"0 ** {exponent!r} divides by zero; keep the base away from 0"
    return None


def _is_zero(v: Any) -> bool:
    """Whether a number or a Value is 0 (a Value compares by its data; an array is never)."""
    return (v <= 0) is True and (v >= 0) is True


def _power_rule(x: Any, k: Any) -> Any:
    """d x^k / dx = k x^(k-1), 0 where k = 0 (even at x = 0; 0 ** -1 is never computed, not
    even in an array's side not kept); infinite at x = 0 for 0 < k < 1, a ZeroDivisionError
    saying so (an array gives inf there, and the replay redoes that node on numbers)."""
    number_k = type(k) is float or type(k) is int
    if number_k and type(x) is float and x != 0.0:  # backward's usual case, checked cheaply first
        return k * x ** (k - 1) if k != 0 else 0.0
    if _is_zero(x) and (k < 1) is True and not _is_zero(k):
        raise ZeroDivisionError(f"the slope k·x^(k - 1) of x**k is infinite at x = 0 for the exponent "
                                f"{float(k):g} (between 0 and 1); keep the base above 0")
    if number_k:
        return k * x ** (k - 1) if k != 0 else 0.0
    nonzero = k != 0
    return where(nonzero, k * where(nonzero, x, 1.0) ** (k - 1), 0.0)


def _exponent_rule(out: Any, base: Any) -> Any:
    """d a^b / db = a^b ln a for a > 0; 0 at a = 0 where a^b = 0 (0^b is 0 for every b near).
    At 0^0 the power jumps (to 0 above b = 0), and for a < 0 it is defined only at integer
    b: no derivative in b. On a number or a Value (backward, ``grad``) that is a ValueError,
    reported as sqrt at 0 is, so no NaN reaches a gradient unsaid; on arrays (a replay) it
    is NaN, and the replay redoes that node on numbers, which raises. No branch takes ln 0.
    """
    if (base <= 0) is True:
        if _is_zero(base) and _is_zero(out):
            return 0.0
        reason = ("ln 0 is undefined and 0**b jumps from 1 at b = 0 to 0 above it, so a**b has "
                  "no derivative in b at a = 0, b = 0") if _is_zero(base) else (
            f"ln of the negative base {float(base)!r} is not real, so a**b has no derivative in b "
            "there (a**b is defined only at whole numbers b)")
        raise ValueError(f"{reason}; keep the base above 0, or write a constant exponent as a "
                         "number (x ** 2), which needs only d/da")
    positive = base > 0
    constant = (base == 0) & (out == 0)
    return where(positive, out * log(where(positive, base, 1.0)), where(constant, 0.0, math.nan))


def _exponent_formula(out: str, base: str, exponent: str) -> str:
    """``a^b·ln(a)``, but at a base of 0 why it is 0 (as :func:`_exponent_rule` takes it), not
    ``0·ln(0)``, which a learner would read as a number times ln 0, and ln 0 is no number."""
    try:
        zero = float(base.strip("()")) == 0
    except ValueError:  # a name, not a number
        zero = False
    return f"(0, as 0^b = 0 for every b near {exponent})" if zero else f"{out}·ln({base})"


def _infix(symbol: str) -> Callable[[list[str], Any], str]:
    return lambda args, k: infix(symbol, args)


def _power_formula(x: str, k: float) -> str:
    """``k·x^(k-1)`` written simply: ``2·x`` for a square, ``0`` for a constant power."""
    if k == 0:
        return "0"
    if k == 1:
        return "1"
    if k == 2:
        return f"2·{x}"
    exponent = f"{k - 1:g}"
    return f"{k:g}·{x}^{exponent if k - 1 > 0 else f'({exponent})'}"


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


# The table. Each entry: name, forward (on floats, and on arrays through floats' NumPy form),
# local derivatives (the rule, on floats, Values or arrays), then how it is written: the
# expression and the rule as formulas.
ADD = Op("+", floats(operator.add), lambda out, xs, k: (1.0, 1.0),
         text=_infix("+"), formula=lambda o, x, k: ("1", "1"))
SUB = Op("-", floats(operator.sub), lambda out, xs, k: (1.0, -1.0),
         text=_infix("-"), formula=lambda o, x, k: ("1", "-1"))
MUL = Op("*", floats(operator.mul), lambda out, xs, k: (xs[1], xs[0]),
         text=_infix("*"), formula=lambda o, x, k: (x[1], x[0]))
# d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -(a/b)/b
DIV = Op("/", floats(operator.truediv), lambda out, xs, k: (1 / xs[1], -out / xs[1]), _check_div,
         text=_infix("/"), formula=lambda o, x, k: (f"1/{x[1]}", f"-{o}/{x[1]}"))
NEG = Op("neg", floats(operator.neg), lambda out, xs, k: (-1.0,),
         text=lambda a, k: f"-{group(a[0], PRODUCT)}", formula=lambda o, x, k: ("-1",))
# x ** k for a constant k
POW = Op(
    "**",
    lambda xs, k: xs[0] ** k,
    lambda out, xs, k: (_power_rule(xs[0], k),),
    lambda xs, k: _check_power(xs[0], k),
    describe=lambda k: f"**{k:g}",
    text=lambda a, k: f"{group(a[0], ATOM)}**{group(f'{k:g}', ATOM)}",
    formula=lambda o, x, k: (_power_formula(x[0], k),),
)
# a ** b where both are Values; d/db = a^b ln a
VPOW = Op(
    "pow",
    floats(operator.pow),
    lambda out, xs, k: (_power_rule(xs[0], xs[1]), _exponent_rule(out, xs[0])),
    lambda xs, k: _check_power(xs[0], xs[1]),
    text=_infix("**"),
    formula=lambda o, x, k: (f"{x[1]}·{x[0]}^({x[1]} - 1)", _exponent_formula(o, x[0], x[1])),
)
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
LEAKY_RELU = Op("leaky_relu", lambda xs, k: where(xs[0] <= 0, k * xs[0], xs[0]),
                lambda out, xs, k: (where(xs[0] > 0, 1.0, k),),
                formula=lambda o, x, k: (f"1 if {x[0]} > 0 else {k!r}",))
# d |x|/dx = sign(x), taken as 0 at x = 0 (and for NaN): the bools x > 0 and x < 0 counted as 0 or 1
ABS = Op("abs", floats(abs), lambda out, xs, k: (0.0 + (xs[0] > 0) - (xs[0] < 0),),
         formula=lambda o, x, k: (f"sign({x[0]})",))
# log(1 + e^x), the smooth ReLU that binary cross-entropy from logits is made of;
# d softplus(x)/dx = sigmoid(x) = 1 / (1 + e^-x)
SOFTPLUS = Op("softplus", floats(_softplus, _softplus_on_arrays), lambda out, xs, k: (sigmoid(xs[0]),),
              formula=lambda o, x, k: (f"1/(1 + e^(-{x[0]}))",))
# log(e^x_1 + ... + e^x_n) in one node, the normaliser of softmax;
# d/dx_i = e^(x_i - out) = softmax(x)_i
LOGSUMEXP = Op("logsumexp", floats(_logsumexp, _logsumexp_on_arrays),
               lambda out, xs, k: [exp(x - out) for x in xs],
               formula=lambda o, x, k: [f"e^({xi} - {o})" for xi in x])
# x_1 + ... + x_n in one node: every local derivative is 1
SUM = Op("sum", _sum, lambda out, xs, k: (1.0,) * len(xs),
         text=lambda a, k: infix("+", a) if a else "0", formula=lambda o, x, k: ("1",) * len(x))
# act(sum_i w_i x_i + b) in one node, operands (w_1..w_n, x_1..x_n[, b]), k = (n, act, a)
# with act an activation's entry (or None) and a its constant: a whole neuron, one node.
# d/dw_i = act'(z) x_i, d/dx_i = act'(z) w_i, d/db = act'(z)
DOT = Op("dot", _dot, _dot_rule, describe=lambda k: "dot" if k[1] is None else f"{k[1].name}(dot)",
         text=_dot_text, formula=_dot_formula)

ACTIVATIONS: dict[str, Op] = {op.name: op for op in (RELU, LEAKY_RELU, TANH, SIGMOID)}
"""The activations a dot node can apply itself: their rules need only the output and
the sign of the pre-activation."""

OPS: dict[str, Op] = {
    op.name: op
    for op in (ADD, SUB, MUL, DIV, NEG, POW, VPOW, EXP, LOG, SQRT, TANH, SIGMOID, RELU,
               LEAKY_RELU, ABS, SOFTPLUS, LOGSUMEXP, SUM, DOT)
}
"""Every primitive operation, by name."""

log, exp, sigmoid = function_of(LOG), function_of(EXP), function_of(SIGMOID)
"""The entries as functions of a float, an array or a Value, for rules (the engine calls a rule
with each): the ones above call them when they run, so they may be named after the table."""
