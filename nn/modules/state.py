"""Checking state dicts, the ``{name: number}`` dicts that models save and load.

A state comes from a file someone else may have written, so everything in it is checked
before anything is changed: the keys (:func:`nn.checks.check_keys`, whose message stays one
line however many keys are wrong) and each number (:func:`check_state_number`: finite, since
``json`` reads ``NaN``, ``Infinity`` and ``1e999``). Before writing, :func:`finite_state`
refuses numbers that JSON cannot hold. :func:`read_saved` reads a model file.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any, Mapping, Optional, Union

from autograd.files import not_a_file
from autograd.notation import quoted
from autograd.value import is_real
from nn.checks import check_number, must, not_finite


class _TwiceNamed(ValueError):
    """A JSON object that names one key twice: ``json`` would keep the last silently."""


def _one_value_per_key(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) < len(pairs):
        seen: set = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise _TwiceNamed(f"the key {quoted(twice)} twice")
    return found


def read_saved(path: Union[str, os.PathLike], owner: str) -> Any:
    """The JSON in the model file at ``path``, or a ValueError naming the file and what is wrong.

    A byte-order mark is skipped (Windows editors write one; JSON's standard lets a reader
    ignore it). A key written twice is an error naming it: which number would be meant is
    unknowable, and ``json`` would silently keep the last. Nested brackets too deep for
    ``json``'s recursion are said to be so, not a RecursionError. A named pipe or a device
    is refused before it is opened: a pipe with no writer would be waited on for ever, and
    ``/dev/zero`` read until memory runs out."""
    file = f"{path}"
    kind = not_a_file(path)
    if kind is not None:  # a pipe with no writer would be waited on for ever, /dev/zero read for ever
        raise ValueError(must(owner, file, "be a model file written by save()", f"{kind}, not a file"))
    with open(path, encoding="utf-8-sig") as f:
        try:
            return json.load(f, object_pairs_hook=_one_value_per_key)
        except _TwiceNamed as error:
            raise ValueError(must(owner, file, "name each key once, as save() writes",
                                  f"{error}; keep the one that is meant")) from None
        except ValueError as error:  # not JSON, or not text
            raise ValueError(must(owner, file, "be a model file written by save()",
                                  f"a file that is not JSON ({error})")) from None
        except RecursionError:  # json reads nested brackets by recursion
            raise ValueError(must(owner, file, "be a model file written by save()",
                                  "JSON nested too deeply to read (save() writes names and numbers, "
                                  "two levels deep)")) from None


def check_state_number(x: Any, key: str, owner: str, minimum: Optional[float] = None) -> float:
    """``state[key]`` as a float: a ValueError naming the key unless it is a finite real number
    and, if given, at least ``minimum`` (``MLP.load_state_dict: state['b'] must be
    finite, got nan``)."""
    if not is_real(x):
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
