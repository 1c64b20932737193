"""The one rule for whether an answer is right, for the command line, Python and the page.

A number is right when it agrees with the exact value to the digits the learner typed
(``0.501`` and ``0.50097`` for 0.5009717...: within half a unit of the last digit), and it
has at least :data:`MIN_DIGITS` significant digits where the exact value has more: ``0.5``
for 0.5009717... is neither right nor wrong but asked again ("right to 1 digit: give 3").
An expression (``1 - o**2``, the graph's names standing for their exact values) is exact:
right within :data:`EXACT_RELATIVE` (:data:`EXACT_ABSOLUTE` near 0); one that is close but
not that close is asked again too, with the advice to use the names. So is a plain number
that agrees that closely, whatever its digits (``0.5`` for 0.4999999999999998). An infinite
or NaN value is never right.

When an answer is wrong, :func:`distinct` writes it and the right value with enough digits
to tell them apart. The page's reader (``stepper_page/answer.js``) judges by the same rule,
with the parameters of :func:`rule_parameters` from the page's data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

from autograd.notation import format_number
from autograd.tutor.expression import SPACES, spelled_out

MIN_DIGITS = 3
"""The fewest significant digits an answer needs where the exact value has more."""
EXACT_RELATIVE = 1e-9
"""How close an expression (or a number of any digits) must be to count as the exact value."""
EXACT_ABSOLUTE = 1e-12
"""The same near 0."""
CLOSE = 5e-3
"""How close (relative) an expression must be to be asked again rather than marked wrong."""

_NUMBER = re.compile(r"[+-]?[" + SPACES + r"]*(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?")
_PLAIN = re.compile(r"[+-]?[" + SPACES + r"]*(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class Verdict:
    """How an answer stands: ``right``; ``counted`` (False: asked again, with ``message``)."""

    right: bool
    counted: bool = True
    message: str = ""


def digits_typed(text: str) -> Optional[tuple[int, int]]:
    """For an answer that is a plain decimal number (``-0.501``, ``5.01e-1``): its significant
    digits and the power of ten of its last digit (``(3, -3)`` for ``0.501``); None otherwise."""
    source = spelled_out(text)
    if not _PLAIN.fullmatch(source):
        return None
    whole, fraction, exponent = _NUMBER.fullmatch(source).groups()
    digits = (whole + fraction).lstrip("0")
    return len(digits), int(exponent or 0) - len(fraction)


def is_exact(value: float, expected: float) -> bool:
    """Whether ``value`` is the exact ``expected`` but for rounding: never for an infinity or NaN."""
    if not (math.isfinite(value) and math.isfinite(expected)):
        return False
    return math.isclose(value, expected, rel_tol=EXACT_RELATIVE, abs_tol=EXACT_ABSOLUTE)


def _agrees(value: float, expected: float, last: int) -> bool:
    """Whether ``value`` is ``expected`` rounded at the digit of 10**``last`` (half a unit, and a
    hair for the rounding of the floats)."""
    half = 0.5 * 10.0 ** last if last < 309 else math.inf  # 0e400: a last digit beyond the floats
    return abs(value - expected) <= half * (1 + 1e-9) + 1e-15 * abs(expected)


def _plural(n: int) -> str:
    return f"{n} digit" if n == 1 else f"{n} digits"


def judge(text: str, value: float, expected: float) -> Verdict:
    """The verdict on an answer: ``text`` as typed, ``value`` what it reads as, ``expected`` the
    exact value (see the module docstring)."""
    if not (math.isfinite(value) and math.isfinite(expected)):
        return Verdict(False)
    if is_exact(value, expected):
        return Verdict(True)
    typed = digits_typed(text)
    if typed is None:
        if math.isclose(value, expected, rel_tol=CLOSE):
            return Verdict(False, False, "close, but an expression must be exact: write the graph's names "
                                         "for their exact values, or type the number")
        return Verdict(False)
    digits, last = typed
    if not _agrees(value, expected, last):
        return Verdict(False)
    if digits >= MIN_DIGITS:
        return Verdict(True)
    return Verdict(False, False, f"right to {_plural(digits)}: give {MIN_DIGITS}")


def distinct(given: float, expected: float) -> tuple[str, str]:
    """``given`` and ``expected`` written with 4 significant digits, or more until they differ."""
    for digits in range(4, 18):
        a, b = format_number(given, digits), format_number(expected, digits)
        if a != b:
            return a, b
    return repr(given), repr(expected)


def rule_parameters() -> dict:
    """The rule's numbers, for the page's reader: it judges by the same rule."""
    return {"digits": MIN_DIGITS, "relative": EXACT_RELATIVE, "absolute": EXACT_ABSOLUTE, "close": CLOSE}
