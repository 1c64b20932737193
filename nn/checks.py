"""Checking arguments: one home for the checks every public constructor and function in ``nn``
uses, and one message style: ``Owner: what must be constraint, got value``
(``SGD: lr must be > 0, got -0.1``).

Each check returns the value, converted (an int as a float where a float is meant),
so a constructor reads ``self.lr = check_number(lr, "lr", "SGD", above=0)``.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Optional


def _bounds_text(above, at_least, below, at_most) -> str:
    low = above if above is not None else at_least
    high = below if below is not None else at_most
    if low is not None and high is not None:
        left = "(" if above is not None else "["
        right = ")" if below is not None else "]"
        return f"in {left}{low:g}, {high:g}{right}"
    if low is not None:
        return f"{'>' if above is not None else '>='} {low:g}"
    if high is not None:
        return f"{'<' if below is not None else '<='} {high:g}"
    return "a finite number"


def check_number(
    value: Any,
    name: str,
    owner: str,
    *,
    above: Optional[float] = None,
    at_least: Optional[float] = None,
    below: Optional[float] = None,
    at_most: Optional[float] = None,
) -> float:
    """``value`` as a float if it is a finite real number within the bounds given, else a ValueError.

    The message names the owner, the argument, the bounds and the value:
    ``SGD: lr must be > 0, got -0.1``.
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        value = float(value)
        ok = (
            (above is None or value > above)
            and (at_least is None or value >= at_least)
            and (below is None or value < below)
            and (at_most is None or value <= at_most)
        )
    if not ok:
        requirement = _bounds_text(above, at_least, below, at_most)
        raise ValueError(f"{owner}: {name} must be {requirement}, got {value!r}")
    return value


def check_int(value: Any, name: str, owner: str, at_least: int) -> int:
    """``value`` if it is an int >= ``at_least``, else a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < at_least:
        raise ValueError(f"{owner}: {name} must be an int >= {at_least}, got {value!r}")
    return int(value)


def check_kind(state: Any, key: str, owner: str) -> None:
    """A ValueError unless ``state[key]`` names the class ``owner``: a state dict of one optimizer
    (``key="optimizer"``) or scheduler loads only into one of the same class."""
    kind = state.get(key) if isinstance(state, dict) else None
    if kind != owner:
        raise ValueError(
            f"{owner}.load_state_dict: this is the state of the {key} {kind!r}, not of {owner!r}"
        )


def check_size(value: Any, name: str, owner: str) -> int:
    """``value`` as an int if it is a whole number >= 1, else a ValueError naming it
    (``Layer: nout must be a positive int, got 0``). NumPy integers count: sizes often come
    from an array's ``shape`` or from ``nn.data``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{owner}: {name} must be a positive int, got {value!r}")
    return int(value)


def check_numbers(values: Any, name: str, owner: str, *, at_least: Optional[float] = None) -> list[float]:
    """``values`` as a list of floats if it is a flat list (or tuple) of finite numbers, each
    ``>= at_least`` when given, else a ValueError naming the first bad entry
    (``Adam.load_state_dict: exp_avg_sq[3] must be >= 0, got -1.0``)."""
    if not isinstance(values, (list, tuple)):
        raise ValueError(f"{owner}: {name} must be a list of numbers, got {type(values).__name__}")
    return [check_number(v, f"{name}[{i}]", owner, at_least=at_least) for i, v in enumerate(values)]


def check_not_nan(value: Any, name: str, owner: str) -> float:
    """``value`` as a float if it is a real number that is not NaN (infinity allowed: a "best so
    far" starts at inf), else a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise ValueError(f"{owner}: {name} must be a number (not NaN), got {value!r}")
    return float(value)
