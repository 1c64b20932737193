"""What a replay is given, refused where ``Value(...)`` would refuse it: Values and numbers.

:func:`as_values` takes the outputs and inputs that :func:`~autograd.replay.compile` and
:meth:`~autograd.replay.compiled.Compiled.check` are given.

A replay fills its arrays from the feed and from every other leaf's ``.data``. NumPy
would take more than a Value does: ``None`` as NaN, ``"2"`` as 2.0, a complex number
without its imaginary part, ``True`` as 1.0. Those would be silent wrong numbers, so
:func:`feed_numbers` and :func:`leaf_numbers` accept what ``Value`` accepts (a real
number: int, float or NumPy scalar, not a bool) and raise a TypeError naming the input
(its position in the feed and its label) or the leaf (its label) otherwise.

The usual case costs one look at a dtype (a float array fed) or at the leaves' types
(floats, as optimizers write them); the number-by-number test runs only when one is not.
NumPy is imported at the first replay, not with the package.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from typing import TYPE_CHECKING, Any, Union

from autograd.notation import digit_count, quoted
from autograd.value import Value, is_real

if TYPE_CHECKING:
    import numpy as np

REAL = "a real number (int, float or NumPy scalar)"
_NUMERIC_KINDS = "fiu"  # float, signed and unsigned int; not bool, complex, strings or objects


def shown(x: Any, limit: int = 80) -> str:
    """``type repr`` of ``x`` for a message, cut short by :func:`~autograd.notation.quoted`."""
    return f"{type(x).__name__} {quoted(x, limit)}"


def as_values(things: Union[Value, Sequence[Value]], what: str, owner: str = "compile") -> tuple[list, bool]:
    """``things`` as a list of Values, and whether it was one Value; a TypeError naming ``owner``'s
    argument ``what`` otherwise (``compile`` and :meth:`Compiled.check` take the same arguments)."""
    if isinstance(things, Value):
        return [things], True
    if isinstance(things, (str, bytes)) or not hasattr(things, "__iter__"):
        raise TypeError(f"{owner}: {what} must be a Value or a list of Values, got {type(things).__name__}")
    values = list(things)
    for i, v in enumerate(values):
        if not isinstance(v, Value):
            raise TypeError(f"{owner}: {what}[{i}] must be a Value, got {shown(v)}")
    return values, False


def _float(x: Any, where: str) -> float:
    """``x`` as a float, or Value's OverflowError for an int too large for one."""
    try:
        return float(x)
    except OverflowError:
        raise OverflowError(f"{where} needs a number a float can hold (up to about 1.8e308), got an int "
                            f"of {digit_count(x):,} digits; scale it down") from None


def _input(i: int, inputs: Sequence[Any], shape: tuple = ()) -> str:
    """Where number ``i`` of a feed of ``shape`` is, and the input it feeds."""
    import numpy as np

    label = inputs[i].label if i < len(inputs) else ""
    at = ", ".join(map(str, np.unravel_index(i, shape))) if len(shape) > 1 else i
    return f"feed[{at}] (input {i}{f', label {quoted(label)}' if label else ''})"


def _array(feed: Any, n: int) -> np.ndarray:
    """``feed`` read as an array of Python objects, as NumPy nests lists, tuples and arrays (a 0-d
    array is the number in it); an iterator is read first. A dict or a set is a TypeError: their
    order is not the inputs'."""
    import numpy as np

    if isinstance(feed, np.ndarray):
        return feed
    if isinstance(feed, (Mapping, Set)):
        raise TypeError(f"feed must be numbers in the inputs' order ({n}: a list, tuple or array), got a "
                        f"{type(feed).__name__}, which has no such order; pass a list")
    if not isinstance(feed, Sequence) and hasattr(feed, "__iter__"):
        feed = list(feed)  # a generator or an iterator: NumPy would hold it as one object
    try:
        array = np.asarray(feed, dtype=object)
    except (TypeError, ValueError) as error:
        raise TypeError(f"feed must be numbers, one per input ({n}): {error}") from None
    if any(isinstance(x, np.ndarray) and x.ndim == 0 for x in array.flat):
        array = np.array([x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x for x in array.flat],
                         dtype=object).reshape(array.shape)
    return array


def feed_numbers(feed: Any, inputs: Sequence[Any]) -> np.ndarray:
    """``feed`` as a flat float array, one number per input; TypeError for anything a Value refuses,
    ValueError for a feed of the wrong length.

    A feed is read as NumPy reads an array: ``[[1.0, 2.0]]``, ``[np.array([1.0]), np.array([2.0])]``
    and ``np.array([1.0, 2.0])`` are the same two numbers (a batch ``X`` may come as rows). A
    ragged feed leaves a list or an array where a number should be, refused like any non-number.
    An array is judged by its dtype. Anything else is read as Python objects first, so that
    ``[3.0, True]`` or ``[3.0, "2"]`` is not turned into one dtype that hides which number was
    wrong (NumPy would make the first 1.0, the second two strings)."""
    import numpy as np

    n = len(inputs)
    if type(feed) is np.ndarray and feed.dtype == np.float64 and feed.shape == (n,):
        return feed  # floats already, one per input (a training loop's feed): nothing to read or refuse
    array = _array(feed, n)
    if array.dtype.kind in "mM":  # their .tolist() may be plain ints: refused by dtype
        raise TypeError(f"feed must be numbers, got an array of {array.dtype} (dates or durations); "
                        f"divide by a unit for numbers, e.g. t / np.timedelta64(1, 's')")
    flat = array.reshape(-1)
    if flat.dtype.kind in _NUMERIC_KINDS:
        numbers = flat.astype(float, copy=False)
    else:
        numbers = _judged(flat.tolist(), inputs, array.shape)
    if numbers.size != n:
        raise ValueError(
            f"feed has {numbers.size} numbers, but the graph was compiled with {n} inputs; a different "
            "number of samples is a different graph: build it for that batch and compile it (or use "
            "loss.backward() for an odd batch)"
        )
    return numbers


def _judged(found: list, inputs: Sequence[Any], shape: tuple) -> np.ndarray:
    """The numbers of a feed read as objects, as floats: each judged as ``Value`` judges it."""
    import numpy as np

    if set(map(type, found)) <= {float}:
        return np.array(found, dtype=float)
    for i, x in enumerate(found):
        if not is_real(x):
            ragged = "; the feed's rows differ in length" if isinstance(x, (list, tuple, np.ndarray)) else ""
            raise TypeError(f"feed must be numbers, got {shown(x)} at {_input(i, inputs, shape)}; "
                            f"each input needs {REAL}{ragged}")
    return np.array([_float(x, _input(i, inputs, shape)) for i, x in enumerate(found)], dtype=float)


def leaf_numbers(leaves: Sequence[Any]) -> np.ndarray:
    """The ``.data`` of ``leaves`` as a float array; TypeError naming the first leaf whose ``.data``
    a Value would refuse."""
    import numpy as np

    found = [v.data for v in leaves]
    if set(map(type, found)) <= {float}:
        return np.array(found, dtype=float)
    for v, x in zip(leaves, found):
        label = f" (label {quoted(v.label)})" if v.label else ""
        if not is_real(x):
            raise TypeError(f"a leaf's .data must be a number, got {shown(x)}{label}; it needs {REAL}: "
                            "assign floats to .data")
        _float(x, f"a leaf's .data{label}")
    return np.array([float(x) for x in found], dtype=float)
