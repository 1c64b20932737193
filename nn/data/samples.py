"""Reading a data set: the samples ``X`` and the targets ``y``, checked before anything uses them.

``fit``, ``evaluate``, ``predict`` and the data helpers (``train_test_split``,
``standardize``, ``batches``) read their data through here. That way each of them refuses
the same things with the same message, naming the function, the array and the entry
(the style of :mod:`nn.checks`):

* rows of different lengths (ValueError):
  ``fit: X row 2 must have 2 numbers like row 0, got 3: [1.0, 2.0, 3.0]``
* an entry that is not a number (TypeError): ``fit: X[0, 1] must be a number, got 'a' (str)``
* NaN or infinity (ValueError):
  ``fit: X[3, 1] must be finite, got nan; drop or impute that row``

NaN is refused rather than carried along because one NaN input makes every parameter
NaN after the first step, and the loss NaN from then on. Training then runs to the end
without saying anything, and the model it returns is useless.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd import Value
from autograd.value import is_real
from nn.checks import as_float, must, not_finite, number_of, quoted

_NUMERIC_KINDS = "biuf"  # bool, int, unsigned int, float: the dtypes that hold real numbers

FIX_INPUT = "drop or impute that row"
FIX_TARGET = "drop that sample or correct its target"


def _where(name: str, index: tuple) -> str:
    """``X[3, 1]`` for the entry of ``X`` at (3, 1)."""
    return f"{name}[{', '.join(str(int(i)) for i in index)}]"


def _length(row: Any) -> Any:
    """The number of entries of a row, or None for a single number."""
    if isinstance(row, (numbers.Real, Value)) or not hasattr(row, "__len__"):
        return None
    return len(row)


def _ragged(data: Any, name: str, owner: str) -> ValueError:
    """The error for rows of different lengths, naming the first row unlike row 0."""
    rows = list(data)
    first = _length(rows[0])
    for i, row in enumerate(rows):
        size = _length(row)
        if size != first:
            shape = "a single number" if first is None else f"{first} numbers"
            got = "a single number" if size is None else f"{size}"
            return ValueError(must(owner, f"{name} row {i}", f"have {shape} like row 0",
                                   f"{got}: {quoted(row)}", "every sample needs the same number of features"))
    return ValueError(must(owner, name, "be a table of numbers (rows of equal length)", quoted(data)))


def _entries(data: Any, index: tuple = ()) -> Any:
    """``(index, entry)`` for every entry of nested lists, tuples or arrays, in order."""
    if isinstance(data, (list, tuple, np.ndarray)):
        for i, item in enumerate(data):
            yield from _entries(item, index + (i,))
    else:
        yield index, data


def _not_a_number(data: Any, name: str, owner: str) -> TypeError:
    """The error for data holding something other than numbers, naming the first such entry.

    The original data is searched, not NumPy's array of it: a list holding one string
    among numbers becomes an array of strings, where every entry looks wrong.
    """
    for index, entry in _entries(data):
        if not _is_number(entry):
            return TypeError(must(owner, _where(name, index), "be a number",
                                  f"{quoted(entry)} ({type(entry).__name__})"))
    return TypeError(must(owner, name, "hold real numbers", quoted(data)))


def _is_number(entry: Any) -> bool:
    return isinstance(entry, (Value, bool)) or is_real(entry)


def as_array(data: Any, name: str, owner: str) -> np.ndarray:
    """``data`` as a NumPy array of numbers, refusing ragged rows and entries that are not numbers.

    A NumPy array of numbers is returned as it is. Anything else goes through
    ``np.asarray``. If that fails on rows of different lengths, the ValueError names the
    first row whose length differs from row 0's (NumPy's own message names no row). An
    entry that is not a real number (a string, None, a list where a number belongs) is
    a TypeError naming it. Values (``autograd.Value``) count as numbers, so an array of
    them comes back with dtype ``object``.
    """
    if isinstance(data, np.ndarray) and data.dtype.kind in _NUMERIC_KINDS:
        return data
    if isinstance(data, Iterator):  # a generator of rows: read it once
        data = list(data)
    if isinstance(data, (str, bytes, dict, set)) or not hasattr(data, "__len__"):
        raise TypeError(
            f"{owner}: {name} must be a sequence of samples (a list of rows or a NumPy array), "
            f"got {type(data).__name__}"
        )
    try:
        array = np.asarray(data)
    except (ValueError, TypeError):  # NumPy refuses rows of different lengths
        raise _ragged(data, name, owner) from None
    if array.dtype.kind in _NUMERIC_KINDS:
        return array
    if array.dtype.kind != "O" or not all(_is_number(entry) for entry in array.flat):
        raise _not_a_number(data, name, owner)
    return array


def check_finite(array: np.ndarray, name: str, owner: str, fix: str) -> None:
    """A ValueError naming the first entry of ``array`` that is NaN or infinite (and the fix)."""
    if array.dtype.kind == "O":
        where = lambda i: _where(name, np.unravel_index(i, array.shape))  # noqa: E731
        finite = np.array([math.isfinite(as_float(entry, where(i), owner, fix))
                           for i, entry in enumerate(array.flat)], dtype=bool)
        finite = finite.reshape(array.shape)
    elif array.dtype.kind in _NUMERIC_KINDS:
        finite = np.isfinite(array)
    else:  # labels such as strings: nothing to be finite
        return
    if finite.all():
        return
    index = tuple(np.argwhere(~finite)[0])
    value = number_of(array[index])
    raise not_finite(owner, _where(name, index), value, fix)


def _check_dimensions(array: np.ndarray, name: str, owner: str, one_d: str, two_d: str) -> None:
    """A ValueError unless ``array`` is 1-D or 2-D, saying what each would hold."""
    if array.ndim not in (1, 2):
        raise ValueError(must(owner, name, f"be 1-D ({one_d}) or 2-D ({two_d})", f"shape {array.shape}"))


def sample_array(X: Any, owner: str, name: str = "X") -> np.ndarray:
    """The samples ``X`` as a checked array of shape ``(n, d)``, or ``(n,)`` for one number per sample.

    At least one sample; every entry a finite number (see the module docstring).
    """
    array = as_array(X, name, owner)
    _check_dimensions(array, name, owner, "one number per sample", "one row per sample")
    if len(array) == 0:
        raise ValueError(must(owner, name, "hold at least one sample", "none"))
    check_finite(array, name, owner, FIX_INPUT)
    return array


def sample_rows(X: Any, owner: str, name: str = "X") -> list:
    """The samples of ``X`` as a list of rows (lists), checked; a 1-D ``X`` holds one number per sample."""
    array = sample_array(X, owner, name)
    rows = array.tolist()
    return [[x] for x in rows] if array.ndim == 1 else rows


def target_list(y: Any, n: int, owner: str, name: str = "y") -> list:
    """The targets ``y`` as a list of one target per sample (a Python number, or a list of them for
    several outputs), read out of NumPy once here.

    There must be ``n`` of them, every entry a finite number.
    """
    array = as_array(y, name, owner)
    _check_dimensions(array, name, owner, "one target per sample", "one row of targets per sample")
    if len(array) != n:
        raise ValueError(f"{owner}: {name} has {len(array)} targets for {n} samples; pass one per sample")
    check_finite(array, name, owner, FIX_TARGET)
    return array.tolist()
