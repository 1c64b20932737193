"""Checking state dicts, the ``{name: number}`` dicts that models save and load.

A state comes from a file someone else may have written, so everything in it is checked
before anything is changed: the keys (:func:`check_keys`, whose message stays one line
however many keys are wrong) and each number (:func:`check_state_number`: finite, since
``json`` reads ``NaN``, ``Infinity`` and ``1e999``). Before writing, :func:`finite_state`
refuses numbers that JSON cannot hold.
"""

from __future__ import annotations

import math
import numbers
import reprlib
from typing import Any, Iterable, Mapping, Optional

from nn.checks import check_number

SHOWN_KEYS = 5
"""How many keys of each kind a key mismatch lists; the rest are counted, so that a state of a
million junk keys still gives a message of one line."""

_short = reprlib.Repr()
_short.maxstring = _short.maxother = 60


def _some_keys(keys: list) -> str:
    """``keys`` as a list, its first :data:`SHOWN_KEYS` shown (each at most 60 characters), then a count."""
    text = "[" + ", ".join(_short.repr(k) for k in keys[:SHOWN_KEYS]) + "]"
    return text + (f" and {len(keys) - SHOWN_KEYS} more" if len(keys) > SHOWN_KEYS else "")


def check_keys(given: Iterable[str], expected: Iterable[str], what: str, hint: str = "") -> None:
    """A ValueError ``"{what}: missing keys [...], unexpected keys [...]"`` unless ``given`` has
    exactly the ``expected`` keys (each list in its own order, cut to a few keys and a count of
    the rest), followed by ``hint`` (how to fix it) if given."""
    given, expected = list(given), list(expected)
    given_set, expected_set = set(given), set(expected)
    missing = [k for k in expected if k not in given_set]
    unexpected = [k for k in given if k not in expected_set]
    if missing or unexpected:
        raise ValueError(f"{what}: missing keys {_some_keys(missing)}, "
                         f"unexpected keys {_some_keys(unexpected)}{'; ' + hint if hint else ''}")


def check_state_number(x: Any, key: str, owner: str, minimum: Optional[float] = None) -> float:
    """``state[key]`` as a float: a ValueError naming the key unless it is a finite real number
    and, if given, at least ``minimum`` (``MLP.load_state_dict: state['b'] must be a finite
    number, got nan``)."""
    if not isinstance(x, numbers.Real) or isinstance(x, bool):
        raise ValueError(f"{owner}: state[{key!r}] must be a number, got {type(x).__name__}")
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
        raise ValueError(
            f"{owner}: state[{bad[0]!r}] must be a finite number, got {floats[bad[0]]!r} ({count} of "
            f"{len(floats)} not finite: training diverged; a lower learning rate or gradient clipping "
            "keeps the parameters finite); nothing was written")
    return floats
