"""The data generators (make_moons, make_circles, make_blobs, make_xor, make_spiral): shapes,
labels, random states, geometry and noise, and the errors for bad arguments."""

import math

import numpy as np
import pytest

from nn.data import (
    make_blobs,
    make_circles,
    make_moons,
    make_spiral,
    make_xor,
)

GENERATORS = {
    "moons": make_moons,
    "circles": make_circles,
    "blobs": make_blobs,
    "xor": make_xor,
    "spiral": make_spiral,
}
NOISY = ["moons", "circles", "xor", "spiral"]  # the generators with a ``noise`` argument
N_CLASSES = {"moons": 2, "circles": 2, "blobs": 3, "xor": 2, "spiral": 3}


def class_sizes(y, k):
    return [int((y == label).sum()) for label in range(k)]


# ---- every generator ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", GENERATORS)
def test_generators_return_float_features_and_integer_labels(name):
    X, y = GENERATORS[name](n_samples=90, random_state=0)
    assert X.shape == (90, 2) and X.dtype == np.float64
    assert y.shape == (90,) and y.dtype == np.int64


@pytest.mark.parametrize("name", GENERATORS)
def test_generators_use_labels_zero_to_k_minus_one(name):
    _, y = GENERATORS[name](n_samples=90, random_state=0)
    assert set(y.tolist()) == set(range(N_CLASSES[name]))


@pytest.mark.parametrize("name", GENERATORS)
def test_same_random_state_gives_the_same_data(name):
    X1, y1 = GENERATORS[name](n_samples=50, random_state=7)
    X2, y2 = GENERATORS[name](n_samples=50, random_state=7)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)


@pytest.mark.parametrize("name", GENERATORS)
def test_different_random_states_give_different_data(name):
    X1, _ = GENERATORS[name](n_samples=50, random_state=1)
    X2, _ = GENERATORS[name](n_samples=50, random_state=2)
    assert not np.array_equal(X1, X2)


@pytest.mark.parametrize("name", GENERATORS)
def test_a_numpy_generator_as_random_state_is_used_and_advanced(name):
    rng = np.random.default_rng(3)
    first, _ = GENERATORS[name](n_samples=40, random_state=rng)
    second, _ = GENERATORS[name](n_samples=40, random_state=rng)
    again, _ = GENERATORS[name](n_samples=40, random_state=np.random.default_rng(3))
    assert not np.array_equal(first, second)
    assert np.array_equal(first, again)


@pytest.mark.parametrize("name", GENERATORS)
def test_a_legacy_random_state_is_accepted_and_reproducible(name):
    X1, y1 = GENERATORS[name](n_samples=40, random_state=np.random.RandomState(5))
    X2, y2 = GENERATORS[name](n_samples=40, random_state=np.random.RandomState(5))
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)


@pytest.mark.parametrize("name", GENERATORS)
def test_without_a_random_state_the_data_comes_from_numpys_global_state(name):
    np.random.seed(3)
    X1, y1 = GENERATORS[name](n_samples=40)
    X2, y2 = GENERATORS[name](n_samples=40, random_state=np.random.RandomState(3))
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)


def test_np_random_seed_then_make_moons_gives_scikit_learns_points():
    # scikit-learn 1.9.1's make_moons(n_samples=100, noise=0.1) after np.random.seed(1337)
    # (the data of micrograd's demo): numbers worked out once, and equal bit for bit then
    np.random.seed(1337)
    X, y = make_moons(n_samples=100, noise=0.1)
    assert y[:10].tolist() == [0, 0, 1, 0, 1, 1, 1, 1, 1, 0]
    assert X[:3].ravel().tolist() == pytest.approx(
        [1.1221146075409685, 0.08147717341718697, -0.8188294130836691, 0.058790063907949996,
         1.613709660987544, -0.12464590012238597], rel=1e-12)


@pytest.mark.parametrize("bad", ["seed", 1.5, True])
def test_random_state_of_a_wrong_type_is_rejected_naming_it(bad):
    with pytest.raises(TypeError, match=f"random_state must be None, an int seed.*got {type(bad).__name__}"):
        make_moons(20, random_state=bad)


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("bad", [0, -5, 2.5, True])
def test_generators_reject_a_bad_sample_count_naming_it(name, bad):
    with pytest.raises(ValueError, match=f"make_{name}: n_samples must be an int >= 1.*got {bad!r}"):
        GENERATORS[name](n_samples=bad)


@pytest.mark.parametrize("name", NOISY)
@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf")])
def test_generators_reject_negative_nan_or_infinite_noise_naming_it(name, bad):
    says = "be >= 0" if math.isfinite(bad) else "be finite"
    message = f"make_{name}: noise must {says}, got {bad!r}; .*a finite number: use 0 or None"
    with pytest.raises(ValueError, match=message):
        GENERATORS[name](n_samples=10, noise=bad)


@pytest.mark.parametrize("name", GENERATORS)
def test_unshuffled_data_keeps_the_classes_in_order(name):
    _, y = GENERATORS[name](n_samples=60, random_state=0, shuffle=False)
    assert list(y) == sorted(y)


@pytest.mark.parametrize("name", GENERATORS)
def test_shuffled_data_mixes_the_classes(name):
    _, y = GENERATORS[name](n_samples=60, random_state=0)
    assert list(y) != sorted(y)


@pytest.mark.parametrize("name", ["moons", "circles"])
def test_shuffling_reorders_the_points_without_changing_them(name):
    X, y = GENERATORS[name](n_samples=30, random_state=0)
    X_ordered, y_ordered = GENERATORS[name](n_samples=30, random_state=0, shuffle=False)
    rows = sorted(zip(map(tuple, X), y))
    assert rows == sorted(zip(map(tuple, X_ordered), y_ordered))


# ---- make_moons -----------------------------------------------------------------------------------
def test_moons_without_noise_lie_on_two_unit_half_circles():
    X, y = make_moons(100, noise=0.0, random_state=0)
    upper, lower = X[y == 0], X[y == 1]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0) and (upper[:, 1] >= -1e-12).all()
    assert np.allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert (lower[:, 1] <= 0.5 + 1e-12).all()


def test_moons_give_an_odd_extra_sample_to_the_inner_moon():
    _, y = make_moons(101, random_state=0)
    assert class_sizes(y, 2) == [50, 51]


def test_moons_accept_a_pair_of_class_sizes():
    _, y = make_moons((30, 10), random_state=0)
    assert class_sizes(y, 2) == [30, 10]


def test_moons_accept_an_empty_class_in_a_pair():
    _, y = make_moons((0, 5), random_state=0)
    assert list(y) == [1] * 5


@pytest.mark.parametrize("bad, message", [
    ((0, 0), r"make_moons: n_samples must ask for at least one point, got \(0, 0\)"),
    ((-1, 3), r"make_moons: n_samples\[0\] \(n_outer\) must be an int >= 0, got -1"),
    ((3,), r"make_moons: n_samples must be an int >= 1 or a pair \(n_outer, n_inner\), got \(3,\)"),
])
def test_moons_reject_a_bad_pair_of_sizes_naming_it(bad, message):
    with pytest.raises(ValueError, match=message):
        make_moons(bad)


def test_moons_noise_has_the_given_standard_deviation():
    X, y = make_moons(2000, noise=0.1, random_state=0)
    clean, _ = make_moons(2000, noise=0.0, random_state=0)
    radius = np.hypot(X[y == 0, 0], X[y == 0, 1])
    assert 0.08 < np.std(radius - 1.0) < 0.12
    assert not np.allclose(np.sort(X, axis=0), np.sort(clean, axis=0))


def test_moons_noise_none_means_exact_curves():
    X, _ = make_moons(20, noise=None, random_state=0, shuffle=False)
    exact, _ = make_moons(20, noise=0.0, random_state=0, shuffle=False)
    assert np.array_equal(X, exact)


# ---- make_circles ---------------------------------------------------------------------------------
def test_circles_without_noise_have_radii_one_and_factor():
    X, y = make_circles(100, noise=0.0, factor=0.3, random_state=0)
    assert np.allclose(np.hypot(X[y == 0, 0], X[y == 0, 1]), 1.0)
    assert np.allclose(np.hypot(X[y == 1, 0], X[y == 1, 1]), 0.3)


def test_circles_space_points_evenly_in_angle():
    X, y = make_circles(40, factor=0.5, shuffle=False)
    angles = np.sort(np.mod(np.arctan2(X[y == 0, 1], X[y == 0, 0]), 2 * math.pi))
    assert np.allclose(np.diff(angles), 2 * math.pi / 20)


def test_circles_with_factor_zero_put_the_inner_class_at_the_origin():
    X, y = make_circles(10, factor=0.0, random_state=0)
    assert np.allclose(X[y == 1], 0.0)


def test_circles_give_an_odd_extra_sample_to_the_inner_circle():
    _, y = make_circles(101, random_state=0)
    assert class_sizes(y, 2) == [50, 51]


@pytest.mark.parametrize("factor", [1.0, -0.1, 1.5])
def test_circles_reject_a_factor_outside_zero_to_one_naming_it(factor):
    with pytest.raises(ValueError, match=rf"make_circles: factor must be in \[0, 1\), got {factor}"):
        make_circles(10, factor=factor)


# ---- make_blobs -----------------------------------------------------------------------------------
def test_blobs_have_one_cluster_per_given_centre():
    centres = [[-5.0, 0.0], [5.0, 0.0], [0.0, 8.0]]
    X, y = make_blobs(300, centers=centres, cluster_std=0.5, random_state=0)
    for label, centre in enumerate(centres):
        assert np.allclose(X[y == label].mean(axis=0), centre, atol=0.2)


@pytest.mark.parametrize("random_state", [0, np.random.RandomState(0)], ids=["int", "RandomState"])
def test_blobs_clusters_have_the_given_standard_deviation(random_state):
    X, y = make_blobs(3000, centers=[[0.0, 0.0], [20.0, 20.0]], cluster_std=[0.5, 2.0],
                      random_state=random_state)
    assert abs(X[y == 0].std() - 0.5) < 0.05
    assert abs(X[y == 1].std() - 2.0) < 0.2


def test_blobs_with_zero_spread_sit_exactly_on_their_centres_inside_the_box():
    X, y = make_blobs(30, centers=3, cluster_std=0.0, center_box=(2.0, 4.0), random_state=0)
    for label in range(3):
        points = X[y == label]
        assert np.allclose(points, points[0])
    assert ((X >= 2.0) & (X <= 4.0)).all()


def test_blobs_take_a_number_of_features():
    X, y = make_blobs(40, centers=4, n_features=3, random_state=0)
    assert X.shape == (40, 3) and set(y.tolist()) == {0, 1, 2, 3}


def test_blobs_take_the_number_of_features_from_given_centres():
    X, _ = make_blobs(10, centers=[[0.0] * 5, [1.0] * 5], n_features=2, random_state=0)
    assert X.shape == (10, 5)


def test_blobs_split_samples_as_evenly_as_possible():
    _, y = make_blobs(100, centers=3, random_state=0)
    assert class_sizes(y, 3) == [34, 33, 33]


@pytest.mark.parametrize("kwargs, message", [
    ({"centers": 0}, "make_blobs: centers must be an int >= 1, got 0"),
    ({"n_features": 0}, "make_blobs: n_features must be an int >= 1, got 0"),
    ({"cluster_std": -1.0}, "make_blobs: cluster_std must be >= 0, got -1.0; .*standard deviation"),
    ({"cluster_std": float("inf")}, "make_blobs: cluster_std must be finite, got inf; .*finite number"),
    ({"cluster_std": [1.0, 2.0, -3.0]}, r"make_blobs: cluster_std\[2\] must be >= 0, got -3.0"),
    ({"center_box": (-math.inf, 10)},
     r"make_blobs: center_box\[0\] \(low\) must be finite, got -inf"),
    ({"centers": [[0.0, math.nan]]}, r"make_blobs: centers must be finite, got \[\[0.0, nan\]\]"),
    ({"cluster_std": [1.0, 2.0]}, r"make_blobs: cluster_std must have one entry per centre \(3\), got 2"),
    ({"center_box": (10, -10)},
     r"make_blobs: center_box must be \(low, high\) with low <= high, got \(10, -10\); swap"),
    ({"centers": [1.0, 2.0]}, r"make_blobs: centers must be an int or a 2-D array.*shape \(2,\)"),
])
def test_blobs_reject_bad_arguments_naming_them(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_blobs(30, **kwargs)


# ---- make_xor -------------------------------------------------------------------------------------
def test_xor_label_is_one_where_the_signs_differ():
    X, y = make_xor(200, random_state=0)
    assert np.array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(np.int64))


def test_xor_points_stay_clear_of_the_axes_inside_the_square():
    X, _ = make_xor(400, random_state=0)
    assert np.abs(X).min() >= 0.1 - 1e-12 and np.abs(X).max() <= 0.9 + 1e-12


def test_xor_fills_the_four_quadrants_equally():
    X, _ = make_xor(200, random_state=0)
    quadrants = [tuple(s) for s in np.sign(X).astype(int)]
    assert {q: quadrants.count(q) for q in set(quadrants)} == {
        (1, 1): 50, (1, -1): 50, (-1, -1): 50, (-1, 1): 50}


@pytest.mark.parametrize("n, sizes", [(2, [1, 1]), (3, [2, 1]), (6, [3, 3]), (7, [4, 3])])
def test_xor_classes_differ_in_size_by_at_most_one(n, sizes):
    _, y = make_xor(n, random_state=0)
    assert class_sizes(y, 2) == sizes


def test_xor_noise_is_gaussian_jitter_around_the_clean_points():
    clean, y_clean = make_xor(4000, random_state=0, shuffle=False)
    noisy, y_noisy = make_xor(4000, noise=0.05, random_state=0, shuffle=False)
    assert np.array_equal(y_clean, y_noisy)
    assert abs(np.std(noisy - clean) - 0.05) < 0.005


# ---- make_spiral ----------------------------------------------------------------------------------
def test_spiral_has_n_classes_of_equal_size():
    _, y = make_spiral(300, n_classes=3, random_state=0)
    assert class_sizes(y, 3) == [100, 100, 100]


def test_spiral_takes_any_number_of_classes():
    _, y = make_spiral(50, n_classes=5, random_state=0)
    assert class_sizes(y, 5) == [10] * 5


def test_spiral_splits_an_uneven_count_giving_earlier_classes_the_extra():
    _, y = make_spiral(10, n_classes=3, random_state=0)
    assert class_sizes(y, 3) == [4, 3, 3]


def test_spiral_arms_run_from_the_centre_to_radius_one():
    X, y = make_spiral(300, n_classes=3, noise=0.2, random_state=0)
    for arm in range(3):
        radii = np.sort(np.hypot(X[y == arm, 0], X[y == arm, 1]))
        assert np.allclose(radii, np.linspace(0.0, 1.0, 100))


def test_spiral_without_noise_follows_its_parametrisation():
    # theta = 4 r + 2 pi k / K and the point is (r sin theta, r cos theta)
    X, y = make_spiral(60, n_classes=3, noise=0.0, random_state=0)
    r = np.hypot(X[:, 0], X[:, 1])
    keep = r > 1e-9
    theta = np.arctan2(X[keep, 0], X[keep, 1])
    expected = 4.0 * r[keep] + 2 * math.pi * y[keep] / 3
    assert np.allclose(np.cos(theta - expected), 1.0)


def test_spiral_noise_perturbs_the_angle():
    clean, _ = make_spiral(90, noise=0.0, random_state=0, shuffle=False)
    noisy, _ = make_spiral(90, noise=0.2, random_state=0, shuffle=False)
    assert not np.allclose(clean, noisy)
    assert np.allclose(np.hypot(clean[:, 0], clean[:, 1]), np.hypot(noisy[:, 0], noisy[:, 1]))


def test_spiral_needs_two_classes():
    with pytest.raises(ValueError, match="make_spiral: n_classes must be an int >= 2, got 1"):
        make_spiral(30, n_classes=1)


def test_spiral_needs_a_point_for_every_class():
    message = "make_spiral: n_samples must be an int >= 3, got 2; every class needs at least one point"
    with pytest.raises(ValueError, match=message):
        make_spiral(2, n_classes=3)


# ---- train_test_split -----------------------------------------------------------------------------
