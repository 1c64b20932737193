"""Splitting and scaling a data set (NumPy only).

* :func:`train_test_split` holds some samples out to measure a model on;
* :func:`standardize` scales each feature to zero mean and unit variance.

``random_state`` means what it means everywhere in nn (:mod:`nn.seeding`): None (NumPy's
global state), an int seed, a ``random.Random`` or a NumPy generator.

``X`` must be a table of numbers: rows of one length, no NaN or infinity. A NaN carried
into training makes every parameter NaN, so each helper refuses it, naming the entry
(``train_test_split: X[3, 1] must be finite, got nan; drop or impute that row``). ``y``
may hold any labels, but numeric labels must be finite too.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from nn.checks import is_int, must, quoted
from nn.data.samples import FIX_INPUT, FIX_TARGET, as_array, check_finite
from nn.seeding import RandomState, as_numpy_generator, sample_order

__all__ = ["train_test_split", "standardize", "check_xy"]


def check_xy(X: object, y: object, owner: str) -> tuple[np.ndarray, np.ndarray]:
    """``X`` and ``y`` as arrays: X 2-D and finite, y at least 1-D (finite if numeric), one label per row.

    Rows of different lengths, entries that are not numbers, and NaN or infinity are
    refused, naming the entry (see :mod:`nn.data.samples`); ``y`` may hold any labels (strings
    too), but numeric ones must be finite.
    """
    X = _table(X, owner)
    try:
        y = as_array(y, "y", owner)
    except TypeError:  # labels that are not numbers, such as strings, are fine
        y = np.asarray(y)
    if y.ndim == 0:
        raise ValueError(must(owner, "y", "be an array with one label per row of X",
                              f"the scalar {y.item()!r}"))
    if len(X) != len(y):
        raise ValueError(must(owner, "y", f"have one label per row of X ({len(X)} rows)",
                              f"{len(y)} labels", "pass one label per row"))
    check_finite(X, "X", owner, FIX_INPUT)
    check_finite(y, "y", owner, FIX_TARGET)
    return X, y


def _table(X: object, owner: str) -> np.ndarray:
    """``X`` as a 2-D NumPy array of numbers (rows of one length, see :mod:`nn.data.samples`)."""
    X = as_array(X, "X", owner)
    if X.ndim != 2:
        raise ValueError(must(owner, "X", "be 2-D (samples x features)", f"an array of shape {X.shape}",
                              "reshape a single feature with X.reshape(-1, 1)"))
    return X.astype(np.float64) if X.dtype == object else X


# ---- splitting, scaling, batching -----------------------------------------------------------------
def _test_count(test_size: float | int, n: int) -> int:
    """How many of ``n`` samples go to the test set (scikit-learn rounds a fraction up)."""
    owner = "train_test_split"
    if is_int(test_size):
        n_test = int(test_size)
    elif isinstance(test_size, numbers.Real) and not isinstance(test_size, bool) and 0 < test_size < 1:
        n_test = math.ceil(test_size * n)
    else:
        raise ValueError(must(owner, "test_size", "be a fraction strictly between 0 and 1, or an int "
                              "count of test samples", quoted(test_size)))
    if not 0 < n_test < n:
        leaves = (f"{quoted(test_size)}, which leaves {quoted(n_test)} of {n} samples for testing and "
                  f"{quoted(n - n_test)} for training")
        raise ValueError(must(owner, "test_size", "leave at least one sample for testing and one for "
                              "training", leaves,
                              f"use a count from 1 to {n - 1} or a fraction giving one"))
    return n_test


def _stratified_test_counts(class_sizes: np.ndarray, n_test: int) -> np.ndarray:
    """Each class's share of ``n_test``, proportional to its size, summing to ``n_test``.

    The exact shares ``size * n_test / n`` are rounded down, and the samples still
    missing go one each to the classes with the largest remainders (ties: the earlier
    class), the largest-remainder method.
    """
    exact = class_sizes * n_test / class_sizes.sum()
    counts = np.floor(exact).astype(int)
    missing = n_test - counts.sum()
    by_remainder = np.argsort(-(exact - counts), kind="stable")
    counts[by_remainder[:missing]] += 1
    return counts


def _stratified_indices(labels: np.ndarray, n_test: int, shuffle: bool,
                        rng: np.random.Generator | np.random.RandomState) -> tuple[np.ndarray, np.ndarray]:
    """Train and test indices keeping every class's share of the data in both parts."""
    classes, codes = np.unique(labels, return_inverse=True)
    members = [np.flatnonzero(codes == c) for c in range(len(classes))]
    counts = _stratified_test_counts(np.array([len(m) for m in members]), n_test)
    train, test = [], []
    for group, n_class_test in zip(members, counts):
        group = group[sample_order(len(group), shuffle, rng)]
        cut = len(group) - n_class_test  # unshuffled, like scikit-learn: test is the tail
        train.append(group[:cut])
        test.append(group[cut:])
    train_idx, test_idx = np.concatenate(train), np.concatenate(test)
    if shuffle:
        return rng.permutation(train_idx), rng.permutation(test_idx)
    return np.sort(train_idx), np.sort(test_idx)


def train_test_split(X: np.ndarray, y: np.ndarray, test_size: float | int = 0.25,
                     random_state: RandomState = None, shuffle: bool = True,
                     stratify: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray,
                                                                  np.ndarray, np.ndarray]:
    """Split a data set into ``X_train, X_test, y_train, y_test`` (scikit-learn's order).

    A model's accuracy on the data it was trained on flatters it; the held-out test part
    shows how it does on points it has never seen. ``test_size`` is a fraction in (0, 1)
    of the samples (rounded up) or an int count; both parts must end up non-empty.

    With ``shuffle`` (the default) the samples are drawn at random; without it the test
    set is the last ``n_test`` rows, as in scikit-learn. ``stratify``, usually ``y``
    itself, is an array of class labels: each class is then split separately so that it
    keeps (to within one sample) its share of the data in both parts, which matters for
    small or unbalanced data sets.
    """
    X, y = check_xy(X, y, "train_test_split")
    n = len(y)
    n_test = _test_count(test_size, n)
    rng = as_numpy_generator(random_state, "train_test_split")
    if stratify is None:
        order = sample_order(n, shuffle, rng)
        train, test = order[:n - n_test], order[n - n_test:]
    else:
        labels = np.asarray(stratify)
        if labels.ndim != 1 or len(labels) != n:
            raise ValueError(must("train_test_split", "stratify", f"hold one label per row of X ({n} rows)",
                                  f"shape {labels.shape}", "usually pass stratify=y"))
        train, test = _stratified_indices(labels, n_test, shuffle, rng)
    return X[train], X[test], y[train], y[test]


def standardize(X: np.ndarray, mean: np.ndarray | None = None,
                std: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scale each feature to zero mean and unit variance: ``(X - mean) / std``.

    Returns ``(X_scaled, mean, std)``. Networks train faster when the inputs are of
    order one and centred, since then no weight has to grow large just to undo a
    feature's offset or scale.

    Without ``mean`` and ``std`` they are X's own per-feature mean and (population)
    standard deviation. To scale a test set exactly as the training set was, pass the
    ``mean`` and ``std`` returned for the training set; pass both or neither. A constant
    feature (std 0) is only centred, not divided, so it becomes all zeros instead of NaN.
    NaN or infinity in ``X``, ``mean`` or ``std``, and a negative ``std``, are refused
    (ValueError naming the entry).
    """
    X = _table(X, "standardize").astype(np.float64)
    check_finite(X, "X", "standardize", FIX_INPUT)
    fix = "pass the mean and std standardize returned for the training set"
    if (mean is None) != (std is None):
        given = "std" if mean is None else "mean"
        raise ValueError(must("standardize", "mean and std", "be given both or neither", f"only {given}",
                              f"{fix}, or neither to use X's own"))
    if mean is None:
        if len(X) == 0:
            raise ValueError(must("standardize", "X", "have at least one row to take the mean and std of",
                                  "0 rows", "pass at least one sample, or the training set's mean and std"))
        mean, std = X.mean(axis=0), X.std(axis=0)
    try:
        mean, std = np.asarray(mean, dtype=np.float64), np.asarray(std, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(must("standardize", "mean and std", "be arrays of numbers", f"{mean!r} and {std!r}",
                             fix)) from None
    if mean.shape != (X.shape[1],) or std.shape != (X.shape[1],):
        raise ValueError(must("standardize", "mean and std", f"have one entry per feature ({X.shape[1]})",
                              f"shapes {mean.shape} and {std.shape}",
                              "pass the ones standardize returned for data with the same features"))
    check_finite(mean, "mean", "standardize", fix)
    check_finite(std, "std", "standardize", fix)
    if (std < 0).any():
        i = int(np.flatnonzero(std < 0)[0])
        raise ValueError(must("standardize", f"std[{i}]", "be >= 0 (a standard deviation)", f"{std[i]}", fix))
    divisor = np.where(std > 0, std, 1.0)
    return (X - mean) / divisor, mean, std
