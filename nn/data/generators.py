"""Toy classification data sets (NumPy only): moons, circles, blobs, XOR and spirals.

Splitting, scaling and batching them is :mod:`nn.data.splitting`, which exports these too.

These are the data sets of the classic "can a small network learn this?" demos. Each
generator takes scikit-learn's argument names (``n_samples``, ``noise``,
``random_state``, ``shuffle``) and returns ``(X, y)``:

* ``X``: a float64 array of shape ``(n_samples, n_features)`` (two features except for
  :func:`make_blobs`), one row per point;
* ``y``: an int64 array of shape ``(n_samples,)``, the class labels ``0 .. k-1``.

``random_state`` chooses the randomness, as in scikit-learn:

* ``None``: NumPy's global random state (the ``numpy.random.RandomState`` behind
  ``np.random.seed``), as scikit-learn's ``check_random_state(None)``: unpredictable data
  unless the program called ``np.random.seed(n)`` first;
* an int: a seed, so the same call gives the same data every time;
* a ``numpy.random.Generator`` (or a legacy ``numpy.random.RandomState``): that
  generator, used and advanced in place, so successive calls differ but a whole
  program stays reproducible.

A legacy ``RandomState`` (so also ``None``) is drawn from in scikit-learn's order, the
samples shuffled first and the noise drawn after: ``np.random.seed(1337)`` then
``make_moons(100, noise=0.1)`` gives scikit-learn's points, those of micrograd's demo.
A ``Generator`` or an int seed draws the noise first, then shuffles; an int seeds a
``Generator``, so ``random_state=n`` gives other data than scikit-learn's for the same
``n`` (``random_state=np.random.RandomState(n)`` gives scikit-learn's).

Conventions shared by the generators:

* samples are split between the classes as evenly as possible; where they do not divide
  evenly the earlier classes get one more, except that :func:`make_moons` and
  :func:`make_circles` follow scikit-learn: class 0 (the outer curve) gets ``n // 2``
  and class 1 the rest, so ``n_samples=101`` gives 50 and 51;
* points are generated class by class and then shuffled; ``shuffle=False`` keeps them
  in class order (all class 0 first), which is handy for plotting and for tests.

Bad arguments raise ``ValueError`` with the offending value and what is accepted
instead (a ``noise`` or ``cluster_std`` that is negative, NaN or infinite among them: an
infinite deviation gives points at infinity); a ``random_state`` of the wrong type
raises ``TypeError``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from nn.checks import (
    check_int,
    check_number,
    check_numbers,
    check_sample_count,
    is_int,
    must,
    not_finite,
    quoted,
    shown,
)
from nn.seeding import RandomState, as_numpy_generator, sample_order

__all__ = ["make_moons", "make_circles", "make_blobs", "make_xor", "make_spiral"]

Dataset = tuple[np.ndarray, np.ndarray]

# make_xor: each quadrant's points are uniform in a square of this half-width around
# (+-0.5, +-0.5), so every coordinate lies in [0.1, 0.9] in absolute value.
_XOR_CENTRE = 0.5
_XOR_HALF_WIDTH = 0.4

# The largest coordinate a generator returns: beyond it a point's square (a distance, a squared
# error) overflows to infinity, so such data would give a model nothing but infinities.
_LARGEST = math.sqrt(np.finfo(np.float64).max)

_NOISE = "it is a standard deviation, a finite number: use 0 or None for exact points"
_SPREAD = "it is a standard deviation: give one finite number, or one per centre"


# ---- shared checks and steps ----------------------------------------------------------------------
def _noise(noise: float | None, owner: str) -> float:
    """A standard deviation: None means 0; negative numbers, NaN and infinity are refused."""
    return 0.0 if noise is None else check_number(noise, "noise", owner, at_least=0, fix=_NOISE)


def _check_points(X: np.ndarray, owner: str, culprit: str, value: object) -> None:
    """A ValueError naming ``culprit`` (the argument, worth ``value``) when the points it gave
    are not finite or too far out to square (beyond :data:`_LARGEST`)."""
    with np.errstate(invalid="ignore"):
        worst = float(np.max(np.abs(X))) if X.size else 0.0
    finite = bool(np.isfinite(X).all())
    if not finite or worst > _LARGEST:
        got = f"points as far as {worst:.3g}" if finite else "non-finite points (NaN or infinity)"
        raise ValueError(must(owner, culprit, f"leave every coordinate finite and within {_LARGEST:.3g}, so "
                              "that its square is finite", f"{shown(value)}, which gives {got}",
                              "use a smaller one"))


def _split_evenly(n_samples: int, parts: int) -> list[int]:
    """``n_samples`` cut into ``parts`` sizes differing by at most one, the larger ones first."""
    base, extra = divmod(n_samples, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _two_sizes(n_samples: int | Sequence[int], owner: str) -> tuple[int, int]:
    """Class sizes for the two-class curves: an int split as scikit-learn does, or a pair."""
    if is_int(n_samples):
        total = check_sample_count(n_samples, owner)
        return total // 2, total - total // 2
    try:
        n_outer, n_inner = n_samples
    except (TypeError, ValueError):
        raise ValueError(must(owner, "n_samples", "be an int >= 1 or a pair (n_outer, n_inner)",
                              quoted(n_samples))) from None
    n_outer = check_int(n_outer, "n_samples[0] (n_outer)", owner, at_least=0)
    n_inner = check_int(n_inner, "n_samples[1] (n_inner)", owner, at_least=0)
    if n_outer + n_inner < 1:
        raise ValueError(must(owner, "n_samples", "ask for at least one point", quoted(n_samples),
                              "make at least one of the two sizes >= 1"))
    check_sample_count(n_outer + n_inner, owner)
    return n_outer, n_inner


def _labels(sizes: Sequence[int]) -> np.ndarray:
    """``sizes[0]`` zeros, then ``sizes[1]`` ones, and so on."""
    return np.repeat(np.arange(len(sizes)), sizes)


def _add_noise(X: np.ndarray, noise: float | np.ndarray,
               rng: np.random.Generator | np.random.RandomState) -> np.ndarray:
    """``X`` plus Gaussian noise of standard deviation ``noise``; no draws at all for zero noise."""
    if not np.any(noise):
        return X
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is _check_points' error
        return X + rng.normal(scale=noise, size=X.shape)


def _finish(X: np.ndarray, y: np.ndarray, noise: float | np.ndarray, shuffle: bool,
            rng: np.random.Generator | np.random.RandomState, culprit: tuple[str, str, object]) -> Dataset:
    """Add Gaussian noise of standard deviation ``noise`` to X, shuffle, and fix the dtypes;
    points that are not finite (or too large to square) are an error naming ``culprit``, the
    argument that spread them so far, as ``(owner, name, value)``.

    ``noise`` is a number or a column of per-row deviations; no random numbers are drawn
    for zero noise, so exact data sets cost nothing. A legacy RandomState shuffles before
    drawing the noise, as scikit-learn does, so that the same seed gives its data; a
    Generator draws the noise first (the order this library has always used for them).
    """
    noise_after_shuffle = isinstance(rng, np.random.RandomState)  # scikit-learn's order
    if not noise_after_shuffle:
        X = _add_noise(X, noise, rng)
    order = sample_order(len(y), shuffle, rng)
    X, y = X[order], y[order]
    if noise_after_shuffle:
        X = _add_noise(X, noise[order] if np.ndim(noise) else noise, rng)  # deviations follow rows
    _check_points(X, *culprit)
    return X.astype(np.float64), y.astype(np.int64)


# ---- generators -----------------------------------------------------------------------------------
def make_moons(n_samples: int | tuple[int, int] = 100, noise: float | None = None,
               random_state: RandomState = None, shuffle: bool = True) -> Dataset:
    """Two interleaving half circles, the data set of micrograd's demo.

    Class 0 is the upper half of the unit circle and class 1 a lower half circle moved
    right and up so that the two hook into each other::

        class 0:  (cos t,      sin t)         t in [0, pi]
        class 1:  (1 - cos t,  0.5 - sin t)   t in [0, pi]

    with ``t`` evenly spaced. No straight line separates them, so a model needs a hidden
    layer. An int ``n_samples`` gives class 0 ``n // 2`` points and class 1 the rest
    (scikit-learn's split, so 101 gives 50 and 51); a pair ``(n_outer, n_inner)`` sets
    each class's size. ``noise`` is the standard deviation of Gaussian noise added to
    every coordinate (None or 0: points exactly on the curves).
    """
    n_outer, n_inner = _two_sizes(n_samples, "make_moons")
    culprit = ("make_moons", "noise", noise)
    noise = _noise(noise, "make_moons")
    rng = as_numpy_generator(random_state, "make_moons")
    t_outer = np.linspace(0.0, math.pi, n_outer)
    t_inner = np.linspace(0.0, math.pi, n_inner)
    outer = np.column_stack([np.cos(t_outer), np.sin(t_outer)])
    # 1 - sin t - 0.5 rather than 0.5 - sin t: the two differ in the last bit for some t,
    # and this is how scikit-learn rounds, so a seeded RandomState gives its exact points
    inner = np.column_stack([1.0 - np.cos(t_inner), 1.0 - np.sin(t_inner) - 0.5])
    return _finish(np.vstack([outer, inner]), _labels([n_outer, n_inner]), noise, shuffle, rng, culprit)


def make_circles(n_samples: int | tuple[int, int] = 100, noise: float | None = None,
                 factor: float = 0.8, random_state: RandomState = None,
                 shuffle: bool = True) -> Dataset:
    """A circle of radius 1 (class 0) around a concentric circle of radius ``factor`` (class 1).

    Points are evenly spaced in angle, ``t = 2 pi i / n`` for ``i = 0 .. n-1`` on each
    circle. The classes are separable by radius but by no straight line, so a model
    needs a hidden layer (or the feature ``x1^2 + x2^2``). ``n_samples`` is split as in
    :func:`make_moons` (outer circle ``n // 2``), or given as ``(n_outer, n_inner)``;
    ``noise`` is Gaussian noise on every coordinate. ``factor`` must be in [0, 1) so the
    inner circle really is inside.
    """
    n_outer, n_inner = _two_sizes(n_samples, "make_circles")
    factor = check_number(factor, "factor", "make_circles", at_least=0, below=1,
                          fix="it is the inner circle's radius relative to the outer one: try 0.5")
    culprit = ("make_circles", "noise", noise)
    noise = _noise(noise, "make_circles")
    rng = as_numpy_generator(random_state, "make_circles")
    t_outer = np.linspace(0.0, 2 * math.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0.0, 2 * math.pi, n_inner, endpoint=False)
    outer = np.column_stack([np.cos(t_outer), np.sin(t_outer)])
    inner = factor * np.column_stack([np.cos(t_inner), np.sin(t_inner)])
    return _finish(np.vstack([outer, inner]), _labels([n_outer, n_inner]), noise, shuffle, rng, culprit)


def _blob_centres(centers: int | Sequence[Sequence[float]], n_features: int,
                  center_box: tuple[float, float],
                  rng: np.random.Generator | np.random.RandomState) -> np.ndarray:
    """The cluster centres: given explicitly, or ``centers`` of them drawn from ``center_box``."""
    owner = "make_blobs"
    if not is_int(centers):
        means = np.asarray(centers, dtype=float)
        if means.ndim != 2 or len(means) < 1 or means.shape[1] < 1:
            raise ValueError(must(owner, "centers", "be an int or a 2-D array with one row per centre",
                                  f"an array of shape {means.shape}"))
        if not np.isfinite(means).all():
            raise not_finite(owner, "centers", centers)
        _check_points(means, owner, "centers", centers)
        return means
    k = check_int(centers, "centers", owner, at_least=1)
    n_features = check_int(n_features, "n_features", owner, at_least=1)
    try:
        low, high = center_box
    except (TypeError, ValueError):
        raise ValueError(must(owner, "center_box", "be a pair (low, high)", repr(center_box))) from None
    low = check_number(low, "center_box[0] (low)", owner)
    high = check_number(high, "center_box[1] (high)", owner)
    if not low <= high:
        raise ValueError(must(owner, "center_box", "be (low, high) with low <= high", repr(center_box),
                              "swap the two numbers"))
    if high - low > _LARGEST or max(-low, high) > _LARGEST:
        raise ValueError(must(owner, "center_box", f"lie within +-{_LARGEST:.3g}, so that points' squares "
                              "are finite", repr(center_box), "use a smaller box"))
    return rng.uniform(low, high, size=(k, n_features))


def _spreads(cluster_std: float | Sequence[float], owner: str) -> np.ndarray:
    """``cluster_std`` as an array: one standard deviation, or one per centre, each finite and >= 0."""
    if isinstance(cluster_std, np.ndarray):
        cluster_std = cluster_std.tolist()
    if isinstance(cluster_std, (list, tuple)):
        return np.array(check_numbers(cluster_std, "cluster_std", owner, at_least=0, fix=_SPREAD))
    return np.array(check_number(cluster_std, "cluster_std", owner, at_least=0, fix=_SPREAD))


def make_blobs(n_samples: int = 100, centers: int | Sequence[Sequence[float]] = 3,
               n_features: int = 2, cluster_std: float | Sequence[float] = 1.0,
               center_box: tuple[float, float] = (-10.0, 10.0), random_state: RandomState = None,
               shuffle: bool = True) -> Dataset:
    """Isotropic Gaussian clusters, one per class: ``x ~ N(centre_k, cluster_std^2 I)``.

    ``centers`` is either the number of clusters, whose centres are then drawn uniformly
    from ``center_box`` in each of ``n_features`` dimensions, or an array of centres of
    shape ``(k, n_features)`` (``n_features`` is then taken from it and the argument is
    ignored). ``cluster_std`` is one standard deviation for all clusters or one per
    cluster. Samples are split between the clusters as evenly as possible, cluster ``k``
    having label ``k``.
    """
    total = check_int(n_samples, "n_samples", "make_blobs", at_least=1)
    check_sample_count(total, "make_blobs", n_features if is_int(n_features) and n_features > 2 else 2)
    rng = as_numpy_generator(random_state, "make_blobs")
    std = _spreads(cluster_std, "make_blobs")
    means = _blob_centres(centers, n_features, center_box, rng)
    if std.ndim == 1 and len(std) != len(means):
        raise ValueError(must("make_blobs", "cluster_std", f"have one entry per centre ({len(means)})",
                              f"{len(std)}", "give one standard deviation per centre, or a single number"))
    sizes = _split_evenly(total, len(means))
    y = _labels(sizes)
    noise = np.broadcast_to(std, (len(means),))[y][:, None]
    return _finish(means[y], y, noise, shuffle, rng, ("make_blobs", "cluster_std", cluster_std))


def make_xor(n_samples: int = 100, noise: float | None = 0.0, random_state: RandomState = None,
             shuffle: bool = True) -> Dataset:
    """The XOR problem: four square clusters in the quadrants of [-1, 1]^2.

    Class 1 where the signs of the two coordinates differ (``x1 * x2 < 0``), class 0
    where they agree. Each quadrant's points are uniform in the square of half-width
    0.4 around ``(+-0.5, +-0.5)``, so without noise every coordinate is between 0.1 and
    0.9 in absolute value: the clusters stay clear of the axes and the problem is
    learnable by a 2-4-1 network, though no single line separates it. ``noise`` then
    adds Gaussian jitter to every coordinate; labels keep their quadrant of origin, so
    large noise lets a few points stray across an axis.

    Samples are dealt to the quadrants (+,+), (+,-), (-,-), (-,+) in turn (labels 0, 1,
    0, 1), so the two classes differ in size by at most one.
    """
    total = check_sample_count(n_samples, "make_xor")
    culprit = ("make_xor", "noise", noise)
    noise = _noise(noise, "make_xor")
    rng = as_numpy_generator(random_state, "make_xor")
    signs = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, -1.0], [-1.0, 1.0]])
    sizes = _split_evenly(total, 4)
    quadrant = np.repeat(np.arange(4), sizes)
    quadrant = quadrant[np.argsort(quadrant % 2, kind="stable")]  # class 0 first, as elsewhere
    offsets = rng.uniform(-_XOR_HALF_WIDTH, _XOR_HALF_WIDTH, size=(total, 2))
    X = _XOR_CENTRE * signs[quadrant] + offsets
    return _finish(X, quadrant % 2, noise, shuffle, rng, culprit)


def make_spiral(n_samples: int = 300, n_classes: int = 3, noise: float | None = 0.2,
                random_state: RandomState = None, shuffle: bool = True) -> Dataset:
    """Interleaved spiral arms, one per class: the CS231n example.

    Arm ``k`` (of ``K = n_classes``) has its points at radii ``r`` evenly spaced from 0
    to 1, at angle::

        theta = 4 r + 2 pi k / K + noise * N(0, 1)        point = (r sin theta, r cos theta)

    so each arm winds through 4 radians (about two-thirds of a turn) and the arms start
    evenly spaced around the origin (CS231n offsets them by 4 radians instead, which
    spaces them evenly only for some K). The noise is on the angle, so it blurs the
    outer ends of the arms more than the centre. All points lie in the unit disc.
    ``n_samples`` is the total, split between the classes as evenly as possible
    (earlier classes get the extra points).
    """
    total = check_sample_count(n_samples, "make_spiral")
    k = check_int(n_classes, "n_classes", "make_spiral", at_least=2)
    check_int(total, "n_samples", "make_spiral", at_least=k,
              fix=f"every class needs at least one point, and n_classes={k}")
    culprit = ("make_spiral", "noise", noise)
    noise = _noise(noise, "make_spiral")
    rng = as_numpy_generator(random_state, "make_spiral")
    sizes = _split_evenly(total, k)
    r = np.concatenate([np.linspace(0.0, 1.0, n) for n in sizes])
    y = _labels(sizes)
    theta = 4.0 * r + 2 * math.pi * y / k
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is _finish's error
        if noise:
            theta = theta + noise * rng.standard_normal(total)
        X = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
    return _finish(X, y, 0.0, shuffle, rng, culprit)
