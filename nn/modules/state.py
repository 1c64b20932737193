"""Checking state dicts, the ``{name: number}`` dicts that models save and load.

A state comes from a file someone else may have written, so everything in it is checked
before anything is changed: the keys (:func:`nn.checks.check_keys`, whose message stays one
line however many keys are wrong) and each number (:func:`check_state_number`: finite, since
``json`` reads ``NaN``, ``Infinity`` and ``1e999``). Before writing, :func:`finite_state`
refuses numbers that JSON cannot hold.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Mapping, Optional

from nn.checks import check_number, must, not_finite


def check_state_number(x: Any, key: str, owner: str, minimum: Optional[float] = None) -> float:
    """``state[key]`` as a float: a ValueError naming the key unless it is a finite real number
    and, if given, at least ``minimum`` (``MLP.load_state_dict: state['b'] must be
    finite, got nan``)."""
    if not isinstance(x, numbers.Real) or isinstance(x, bool):
        raise ValueError(must(owner, f"state[{key!r}]", "be a number", type(x).__name__))
    try:
        x = float(x)
    except OverflowError:  # an int beyond the floats
        x = math.inf if x > 0 else -math.inf
    x = check_number(x, f"state[{key!r}]", owner)
    return x if minimum is None else check_number(x, f"state[{key!r}]", owner, at_least=minimum)


def finite_state(state: Mapping[str, Any], owner: str) -> dict[str, float]:
    """``state`` with every number a float, or a ValueError naming the first NaN or infinite one
    (JSON has no such numbers, and a model holding them is broken anyway) and how many there are."""
    floats = {key: float(x) for key, x in state.items()}
    bad = [key for key, x in floats.items() if not math.isfinite(x)]
    if bad:
        count = "1 value" if len(bad) == 1 else f"{len(bad)} values"
        raise not_finite(owner, f"state[{bad[0]!r}]", floats[bad[0]],
                         f"{count} of {len(floats)} not finite: training diverged (a lower learning rate "
                         "or gradient clipping keeps the parameters finite); nothing was written")
    return floats
