"""The arithmetic entries of the op table: ``+ - * /``, negation and powers."""

from __future__ import annotations

import math
import operator
from typing import Any, Callable

from autograd.notation import ATOM, PRODUCT, group, infix
from autograd.op_entry import Op, floats, where
from autograd.ops.functions import log


def _number(x: Any) -> Any:
    """The number in ``x``: a Value's ``data`` (``float`` refuses a Value), else ``x``."""
    return getattr(x, "data", x)


def _is_integer(k: float) -> bool:
    return float(k).is_integer()



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


def power_rule(x: Any, k: Any) -> Any:
    """d x^k / dx = k x^(k-1), 0 where k = 0 (even at x = 0; 0 ** -1 is never computed, not
    even in an array's side not kept); infinite at x = 0 for 0 < k < 1, a ZeroDivisionError
    saying so (an array gives inf there, and the replay redoes that node on numbers)."""
    number_k = type(k) is float or type(k) is int
    if number_k and type(x) is float and x != 0.0:  # backward's usual case, checked cheaply first
        return k * x ** (k - 1) if k != 0 else 0.0
    if _is_zero(x) and (k < 1) is True and not _is_zero(k):
        raise ZeroDivisionError(f"the slope k·x^(k - 1) of x**k is infinite at x = 0 for the exponent "
                                f"{float(_number(k)):g} (between 0 and 1); keep the base above 0")
    if number_k:
        return k * x ** (k - 1) if k != 0 else 0.0
    nonzero = k != 0
    return where(nonzero, k * where(nonzero, x, 1.0) ** (k - 1), 0.0)


def exponent_rule(out: Any, base: Any) -> Any:
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
            f"ln of the negative base {float(_number(base))!r} is not real, so a**b has no derivative in b "
            "there (a**b is defined only at whole numbers b)")
        raise ValueError(f"{reason}; keep the base above 0, or write a constant exponent as a "
                         "number (x ** 2), which needs only d/da")
    positive = base > 0
    constant = (base == 0) & (out == 0)
    return where(positive, out * log(where(positive, base, 1.0)), where(constant, 0.0, math.nan))




def _exponent_formula(out: str, base: str, exponent: str) -> str:
    """``a^b·ln(a)``, but at a base of 0 why it is 0 (as :func:`exponent_rule` takes it), not
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
    lambda out, xs, k: (power_rule(xs[0], k),),
    lambda xs, k: _check_power(xs[0], k),
    describe=lambda k: f"**{k:g}",
    text=lambda a, k: f"{group(a[0], ATOM)}**{group(f'{k:g}', ATOM)}",
    formula=lambda o, x, k: (_power_formula(x[0], k),),
)
# a ** b where both are Values; d/db = a^b ln a
VPOW = Op(
    "pow",
    floats(operator.pow),
    lambda out, xs, k: (power_rule(xs[0], xs[1]), exponent_rule(out, xs[0])),
    lambda xs, k: _check_power(xs[0], xs[1]),
    text=_infix("**"),
    formula=lambda o, x, k: (f"{x[1]}·{x[0]}^({x[1]} - 1)", _exponent_formula(o, x[0], x[1])),
)
