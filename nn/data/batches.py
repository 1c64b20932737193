"""Batches: one epoch's (mini-)batches of a data set, and how a sample or a batch is told apart.

:func:`batches` gives the ``(X_batch, y_batch)`` pairs of one epoch. :data:`Batch` is the one
kind of batch a model is given (a list of lists), :func:`as_batch` makes one; :func:`is_batch`,
:func:`as_sample`, :func:`as_list` and :func:`as_row` are how the modules and the losses read
what they are given, and :func:`plain` is where NumPy's data becomes Python's.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd import Value
from nn.checks import check_int, must, quoted
from nn.data.splitting import check_xy
from nn.seeding import RandomState, as_numpy_generator, sample_order

Batch = list
"""The one kind of batch a model is given, by ``fit``, ``evaluate``, ``predict`` and ``model(batch)``
alike: a list of samples, each a list of numbers (Python floats, or Values when a graph is
recorded for a replay), whatever the batch size. NumPy data is read out once, when it comes
in (:func:`as_batch`), so a model's ``forward_batch`` never meets an array and the engine
meets Python floats, which it adds and multiplies fastest."""


def plain(x: Any) -> Any:
    """``x`` as Python data: an array (NumPy's, or anything with ``tolist``) or a NumPy number read
    out with ``tolist()`` into lists and numbers; anything else as it is. The one place where
    data from NumPy becomes what the modules and the losses compute with. NumPy's dates and
    durations are refused: their ``tolist()`` may be plain ints (2 days would become 2)."""
    if not hasattr(x, "tolist"):
        return x
    if getattr(getattr(x, "dtype", None), "kind", None) in ("m", "M"):
        raise TypeError(f"data must be numbers, got {x.dtype} {quoted(x)}: dates and durations are not "
                        "numbers; divide by a unit for one, e.g. t / np.timedelta64(1, 's')")
    return x.tolist()


def is_batch(x: Any) -> bool:
    """Whether ``x`` is a batch (a list or tuple of samples, or a 2-D array) rather than a sample."""
    if isinstance(x, (list, tuple)):
        return len(x) > 0 and (isinstance(x[0], (list, tuple)) or getattr(x[0], "ndim", 0) == 1)
    return getattr(x, "ndim", 1) == 2


def as_batch(x: Any) -> Batch:
    """A batch (see :func:`is_batch`) as a :data:`Batch`: a list of samples, each a list."""
    x = plain(x)
    return [row if type(row) is list else as_list(row) for row in x]


def as_sample(x: Any) -> Any:
    """One sample as a module's ``forward`` takes it: an array as a list, a list, a number or a
    Value as it is (a module of one input may compute with the number itself)."""
    return x if type(x) is list else plain(x)


def as_list(x: Any) -> list:
    """One sample as a list: a list as it is, a NumPy row as its list, a number or Value as ``[x]``."""
    if type(x) is list:
        return x
    if isinstance(x, (Value, numbers.Real)):
        return [x]
    x = plain(x)
    if type(x) is list:
        return x
    return [x] if isinstance(x, numbers.Real) else list(x)


def as_row(x: Any, size: int, owner: str) -> list:
    """One sample as a list of ``size`` entries; a ValueError naming ``owner`` and both lengths if not."""
    x = as_list(x)
    if len(x) != size:
        raise ValueError(must(owner, "a sample", f"have {size} inputs", f"{len(x)}"))
    return x


def batches(X: np.ndarray, y: np.ndarray, batch_size: int | None = None, shuffle: bool = True,
            random_state: RandomState = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """One epoch of ``(X_batch, y_batch)`` pairs, covering every sample exactly once.

    ``batch_size=None`` gives one batch of everything (full-batch gradient descent),
    ``1`` one sample at a time (stochastic gradient descent), and any other size
    mini-batches of that many rows, the last one smaller when the size does not divide
    the data. With ``shuffle`` the samples are taken in a fresh random order on every
    call (pass one ``numpy.random.Generator`` for all epochs to make a run
    reproducible); without it, in their given order.

    The arguments are checked when ``batches`` is called, not at the first batch.
    """
    X, y = check_xy(X, y, "batches")
    n = len(y)
    size = n if batch_size is None else check_int(batch_size, "batch_size", "batches", at_least=1)
    order = sample_order(n, shuffle, as_numpy_generator(random_state, "batches"))
    return _slices(X, y, order, max(size, 1))


def _slices(X: np.ndarray, y: np.ndarray, order: np.ndarray,
            size: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The rows of ``order`` in consecutive chunks of ``size``."""
    for start in range(0, len(order), size):
        chosen = order[start:start + size]
        yield X[chosen], y[chosen]
