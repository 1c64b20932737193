"""Small 2-D classification data sets, splitting, scaling and batching (NumPy).

The generators take scikit-learn's argument names (``n_samples``, ``noise``,
``random_state``, ``shuffle``) and return ``(X, y)``: ``X`` a float array of shape
``(n_samples, 2)`` (``n_features`` for blobs), ``y`` an int array of class labels
``0 .. k-1``. ``random_state`` is None (fresh randomness), an int (the same data every
time) or a ``numpy.random.Generator``.
"""

from __future__ import annotations

import math
from typing import Iterator, Optional, Sequence, Union

import numpy as np

RandomState = Union[None, int, np.random.Generator]

__all__ = [
    "make_moons",
    "make_circles",
    "make_blobs",
    "make_xor",
    "make_spiral",
    "train_test_split",
    "standardize",
    "batches",
]


# ---- checks and shared steps ------------------------------------------------------------------
def _rng(random_state: RandomState) -> np.random.Generator:
    """A NumPy generator for ``random_state`` (None, an int, or a Generator)."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    is_int = isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool)
    if random_state is None or is_int:
        return np.random.default_rng(random_state)
    raise TypeError(
        f"random_state must be None, an int or a numpy.random.Generator, got {type(random_state).__name__}"
    )


def _count(n: int, name: str, at_least: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < at_least:
        raise ValueError(f"{name} must be an integer >= {at_least}, got {n!r}")
    return int(n)


def _noise(noise: Optional[float]) -> float:
    noise = 0.0 if noise is None else float(noise)
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    return noise


def _split_evenly(n_samples: int, parts: int) -> list[int]:
    """``n_samples`` split into ``parts`` sizes that differ by at most one (first ones larger)."""
    return [n_samples // parts + (1 if i < n_samples % parts else 0) for i in range(parts)]


def _finish(X: np.ndarray, y: np.ndarray, noise: float, shuffle: bool,
            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Add Gaussian noise of standard deviation ``noise``, shuffle, and fix the dtypes."""
    if noise:
        X = X + rng.normal(scale=noise, size=X.shape)
    if shuffle:
        order = rng.permutation(len(y))
        X, y = X[order], y[order]
    return X.astype(np.float64), y.astype(np.int64)


def _check_pair(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (samples x features), got an array of shape {X.shape}")
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels; they must match")
    return X, y


# ---- generators --------------------------------------------------------------------------------
def make_moons(n_samples: Union[int, tuple[int, int]] = 100, noise: Optional[float] = None,
               random_state: RandomState = None, shuffle: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: micrograd's classic demo data.

    Class 0 lies on the upper half of the unit circle, ``(cos t, sin t)`` for t in
    [0, pi]; class 1 on a lower half circle shifted right and up,
    ``(1 - cos t, 0.5 - sin t)``. An int ``n_samples`` gives class 0 ``n // 2`` points and
    class 1 the rest; a pair ``(n0, n1)`` sets both. ``noise`` is the standard deviation
    of Gaussian noise added to every coordinate.
    """
    if isinstance(n_samples, tuple):
        if len(n_samples) != 2:
            raise ValueError(f"n_samples as a tuple must be (n_upper, n_lower), got {n_samples!r}")
        n_upper, n_lower = (_count(n, "n_samples", 0) for n in n_samples)
        if n_upper + n_lower < 1:
            raise ValueError("make_moons needs at least one sample")
    else:
        total = _count(n_samples, "n_samples")
        n_upper, n_lower = total // 2, total - total // 2
    noise = _noise(noise)
    rng = _rng(random_state)
    t_upper = np.linspace(0, math.pi, n_upper)
    t_lower = np.linspace(0, math.pi, n_lower)
    upper = np.column_stack([np.cos(t_upper), np.sin(t_upper)])
    lower = np.column_stack([1 - np.cos(t_lower), 0.5 - np.sin(t_lower)])
    X = np.vstack([upper, lower])
    y = np.concatenate([np.zeros(n_upper), np.ones(n_lower)])
    return _finish(X, y, noise, shuffle, rng)


def make_circles(n_samples: int = 100, noise: Optional[float] = None, factor: float = 0.8,
                 random_state: RandomState = None, shuffle: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """A circle of radius 1 (class 0) around a smaller one of radius ``factor`` (class 1).

    Points are evenly spaced in angle; the outer circle gets ``n // 2`` of them. No
    straight line separates the classes, so a model needs a hidden layer.
    """
    total = _count(n_samples, "n_samples")
    factor = float(factor)
    if not 0 <= factor < 1:
        raise ValueError(f"factor must be in [0, 1) (the inner radius), got {factor!r}")
    noise = _noise(noise)
    rng = _rng(random_state)
    n_outer = total // 2
    n_inner = total - n_outer
    t_outer = np.linspace(0, 2 * math.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0, 2 * math.pi, n_inner, endpoint=False)
    outer = np.column_stack([np.cos(t_outer), np.sin(t_outer)])
    inner = factor * np.column_stack([np.cos(t_inner), np.sin(t_inner)])
    X = np.vstack([outer, inner])
    y = np.concatenate([np.zeros(n_outer), np.ones(n_inner)])
    return _finish(X, y, noise, shuffle, rng)


def make_blobs(n_samples: int = 100, centers: Union[int, Sequence[Sequence[float]]] = 3,
               n_features: int = 2, cluster_std: float = 1.0,
               center_box: tuple[float, float] = (-10.0, 10.0), random_state: RandomState = None,
               shuffle: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clusters, one per class, with standard deviation ``cluster_std``.

    ``centers`` is a number of clusters (their centres drawn uniformly from
    ``center_box`` in each of ``n_features`` dimensions) or an array of centres.
    Samples are split between the clusters as evenly as possible.
    """
    total = _count(n_samples, "n_samples")
    rng = _rng(random_state)
    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        k = _count(centers, "centers")
        n_features = _count(n_features, "n_features")
        low, high = center_box
        means = rng.uniform(low, high, size=(k, n_features))
    else:
        means = np.asarray(centers, dtype=float)
        if means.ndim != 2 or len(means) < 1:
            raise ValueError(f"centers must be an int or a 2-D array of centres, got shape {means.shape}")
    cluster_std = float(cluster_std)
    if not cluster_std >= 0:
        raise ValueError(f"cluster_std must be >= 0, got {cluster_std!r}")
    sizes = _split_evenly(total, len(means))
    X = np.vstack([np.repeat(means[i:i + 1], n, axis=0) for i, n in enumerate(sizes)])
    y = np.concatenate([np.full(n, i) for i, n in enumerate(sizes)])
    return _finish(X, y, cluster_std, shuffle, rng)


def make_xor(n_samples: int = 100, noise: float = 0.0, random_state: RandomState = None,
             shuffle: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: four clusters at ``(+-0.5, +-0.5)``; class 1 where the signs differ.

    Each point is drawn uniformly within 0.4 of its cluster centre (so clusters stay
    clear of the axes and of each other), then ``noise`` adds Gaussian jitter. Samples
    are split between the four quadrants as evenly as possible.
    """
    total = _count(n_samples, "n_samples")
    noise = _noise(noise)
    rng = _rng(random_state)
    centres = np.array([[0.5, 0.5], [-0.5, -0.5], [-0.5, 0.5], [0.5, -0.5]])
    sizes = _split_evenly(total, 4)
    X = np.vstack([c + rng.uniform(-0.4, 0.4, size=(n, 2)) for c, n in zip(centres, sizes)])
    y = np.concatenate([np.full(n, label) for n, label in zip(sizes, [0, 0, 1, 1])])
    return _finish(X, y, noise, shuffle, rng)


def make_spiral(n_samples: int = 300, n_classes: int = 3, noise: float = 0.2,
                random_state: RandomState = None, shuffle: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class (the CS231n example).

    Arm ``k`` has points at radius ``r`` from 0 to 1 and angle
    ``theta = 4 r + 2 pi k / n_classes + noise * N(0, 1)``, i.e. ``(r sin theta,
    r cos theta)``: the arms wind about two-thirds of a turn. The noise is on the angle,
    so it grows with the radius in the plane.
    """
    total = _count(n_samples, "n_samples")
    k = _count(n_classes, "n_classes", at_least=2)
    noise = _noise(noise)
    rng = _rng(random_state)
    points, labels = [], []
    for arm, n in enumerate(_split_evenly(total, k)):
        r = np.linspace(0.0, 1.0, n)
        theta = 4.0 * r + 2 * math.pi * arm / k + noise * rng.standard_normal(n)
        points.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        labels.append(np.full(n, arm))
    return _finish(np.vstack(points), np.concatenate(labels), 0.0, shuffle, rng)


# ---- splitting, scaling, batching -------------------------------------------------------------
def train_test_split(X: np.ndarray, y: np.ndarray, test_size: Union[float, int] = 0.25,
                     random_state: RandomState = None, shuffle: bool = True,
                     stratify: Optional[np.ndarray] = None) -> tuple[np.ndarray, ...]:
    """Split into ``X_train, X_test, y_train, y_test`` (scikit-learn's order).

    ``test_size`` is a fraction in (0, 1) or a number of test samples. With
    ``stratify`` (usually ``y``) every class keeps its share in both parts.
    """
    X, y = _check_pair(X, y)
    n = len(y)
    if isinstance(test_size, (int, np.integer)) and not isinstance(test_size, bool):
        n_test = int(test_size)
    elif isinstance(test_size, float) and 0 < test_size < 1:
        n_test = math.ceil(test_size * n)
    else:
        raise ValueError(f"test_size must be a fraction in (0, 1) or a count, got {test_size!r}")
    if not 0 < n_test < n:
        raise ValueError(f"test_size={test_size!r} leaves {n_test} of {n} samples for testing; "
                         "both parts need at least one")
    rng = _rng(random_state)
    if stratify is None:
        order = rng.permutation(n) if shuffle else np.arange(n)
        test, train = order[:n_test], order[n_test:]
    else:
        labels = np.asarray(stratify)
        if len(labels) != n:
            raise ValueError(f"stratify has {len(labels)} labels but X has {n} rows")
        test_parts, train_parts = [], []
        for label in np.unique(labels):
            members = np.flatnonzero(labels == label)
            if shuffle:
                members = rng.permutation(members)
            k = round(len(members) * n_test / n)
            test_parts.append(members[:k])
            train_parts.append(members[k:])
        test, train = np.concatenate(test_parts), np.concatenate(train_parts)
        if shuffle:
            test, train = rng.permutation(test), rng.permutation(train)
    return X[train], X[test], y[train], y[test]


def standardize(X: np.ndarray, mean: Optional[np.ndarray] = None,
                std: Optional[np.ndarray] = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(X - mean) / std`` per feature; returns ``(X_scaled, mean, std)``.

    Without ``mean``/``std`` they are ``X``'s own; pass a training set's to scale a test
    set the same way. A constant feature (std 0) is centred but not divided.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (samples x features), got an array of shape {X.shape}")
    mean = X.mean(axis=0) if mean is None else np.asarray(mean, dtype=float)
    std = X.std(axis=0) if std is None else np.asarray(std, dtype=float)
    if mean.shape != (X.shape[1],) or std.shape != (X.shape[1],):
        raise ValueError(f"mean and std need one entry per feature ({X.shape[1]}), "
                         f"got shapes {mean.shape} and {std.shape}")
    safe = np.where(std > 0, std, 1.0)
    return (X - mean) / safe, mean, std


def batches(X: np.ndarray, y: np.ndarray, batch_size: Optional[int] = None, shuffle: bool = True,
            random_state: RandomState = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` covering every sample exactly once.

    ``batch_size=None`` is one full batch (full-batch gradient descent), 1 is one sample
    at a time (stochastic gradient descent), anything else mini-batches, the last one
    smaller when the size does not divide the data.
    """
    X, y = _check_pair(X, y)
    n = len(y)
    size = n if batch_size is None else _count(batch_size, "batch_size")
    order = _rng(random_state).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, size):
        chosen = order[start:start + size]
        yield X[chosen], y[chosen]
