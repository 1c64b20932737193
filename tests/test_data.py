"""Specification of ``nn.data``: toy data sets, train/test splitting, scaling and batching."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn import data
from nn.data import (
    batches,
    make_blobs,
    make_circles,
    make_moons,
    make_spiral,
    make_xor,
    standardize,
    train_test_split,
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
    with pytest.raises(ValueError, match=f"n_samples must be an integer >= 1.*got {bad!r}"):
        GENERATORS[name](n_samples=bad)


@pytest.mark.parametrize("name", NOISY)
@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf")])
def test_generators_reject_negative_nan_or_infinite_noise_naming_it(name, bad):
    with pytest.raises(ValueError, match=f"noise must be a finite number >= 0.*got {bad!r}.*use 0 or None"):
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
    ((0, 0), r"n_samples=\(0, 0\) asks for no points"),
    ((-1, 3), r"n_samples\[0\] \(n_outer\) must be an integer >= 0, got -1"),
    ((3,), r"n_samples must be an integer >= 1 or a pair \(n_outer, n_inner\), got \(3,\)"),
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
    with pytest.raises(ValueError, match=rf"factor must be in \[0, 1\).*got {factor}"):
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
    ({"centers": 0}, "centers must be an integer >= 1, got 0"),
    ({"n_features": 0}, "n_features must be an integer >= 1, got 0"),
    ({"cluster_std": -1.0}, "cluster_std must be a finite number >= 0.*got -1.0"),
    ({"cluster_std": float("inf")}, "cluster_std must be a finite number >= 0.*got inf"),
    ({"center_box": (-math.inf, 10)}, r"center_box must be two finite numbers .*got \(-inf, 10\)"),
    ({"centers": [[0.0, math.nan]]}, r"centers must be finite numbers"),
    ({"cluster_std": [1.0, 2.0]}, "cluster_std has 2 entries but there are 3 centres"),
    ({"center_box": (10, -10)}, r"center_box must be \(low, high\) with low <= high, got \(10, -10\)"),
    ({"centers": [1.0, 2.0]}, r"centers must be an int or a 2-D array.*shape \(2,\)"),
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
    with pytest.raises(ValueError, match="n_classes must be an integer >= 2, got 1"):
        make_spiral(30, n_classes=1)


def test_spiral_needs_a_point_for_every_class():
    with pytest.raises(ValueError, match="n_samples=2 is fewer than n_classes=3.*n_samples >= 3"):
        make_spiral(2, n_classes=3)


# ---- train_test_split -----------------------------------------------------------------------------
def numbered(n, features=2):
    """A data set whose label is its row number, and whose first feature is twice it."""
    y = np.arange(n)
    X = np.column_stack([2.0 * y] + [np.zeros(n)] * (features - 1))
    return X, y


def test_train_test_split_returns_train_and_test_in_sklearn_order():
    X, y = numbered(100)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
    assert (len(X_train), len(X_test), len(y_train), len(y_test)) == (80, 20, 80, 20)


def test_train_test_split_partitions_the_samples():
    X, y = numbered(50)
    _, _, y_train, y_test = train_test_split(X, y, random_state=0)
    assert not set(y_train) & set(y_test)
    assert sorted(np.concatenate([y_train, y_test])) == list(range(50))


def test_train_test_split_keeps_rows_and_labels_together():
    X, y = numbered(50)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    assert np.array_equal(X_train[:, 0], 2 * y_train) and np.array_equal(X_test[:, 0], 2 * y_test)


def test_train_test_split_rounds_a_fraction_up():
    X, y = numbered(10)
    assert len(train_test_split(X, y, test_size=0.25, random_state=0)[1]) == 3


def test_train_test_split_takes_a_count():
    X, y = numbered(100)
    assert len(train_test_split(X, y, test_size=30, random_state=0)[1]) == 30


def test_train_test_split_without_shuffle_tests_on_the_last_rows():
    X, y = numbered(10)
    _, _, y_train, y_test = train_test_split(X, y, test_size=3, shuffle=False)
    assert list(y_train) == list(range(7)) and list(y_test) == [7, 8, 9]


def test_train_test_split_is_reproducible_with_a_random_state():
    X, y = numbered(40)
    first = train_test_split(X, y, random_state=4)
    second = train_test_split(X, y, random_state=4)
    assert all(np.array_equal(a, b) for a, b in zip(first, second))


def test_train_test_split_accepts_lists():
    X_train, X_test, y_train, y_test = train_test_split([[0.0], [1.0], [2.0], [3.0]], [0, 1, 0, 1],
                                                        test_size=1, random_state=0)
    assert X_train.shape == (3, 1) and X_test.shape == (1, 1) and len(y_train) == 3


def test_train_test_split_keeps_class_shares_when_stratified():
    X, y = make_moons((80, 20), random_state=0)
    _, _, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    assert class_sizes(y_test, 2) == [20, 5] and class_sizes(y_train, 2) == [60, 15]


def test_stratified_split_without_shuffle_takes_each_class_tail_in_order():
    X, y = numbered(8)
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    _, _, y_train, y_test = train_test_split(X, y, test_size=4, shuffle=False, stratify=labels)
    assert list(y_train) == [0, 1, 4, 5] and list(y_test) == [2, 3, 6, 7]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=2, max_size=60), st.data())
def test_stratified_split_gives_each_class_its_share_to_within_one(labels, draw):
    labels = np.array(labels)
    n = len(labels)
    n_test = draw.draw(st.integers(1, n - 1))
    X, y = numbered(n)
    _, _, y_train, y_test = train_test_split(X, y, test_size=n_test, stratify=labels, random_state=0)
    assert len(y_test) == n_test and len(y_train) == n - n_test
    for label in np.unique(labels):
        share = (labels == label).sum() * n_test / n
        assert abs((labels[y_test] == label).sum() - share) < 1


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 80), st.data())
def test_train_test_split_of_any_size_is_a_partition(n, draw):
    n_test = draw.draw(st.integers(1, n - 1))
    X, y = numbered(n)
    _, _, y_train, y_test = train_test_split(X, y, test_size=n_test, random_state=n)
    assert len(y_test) == n_test
    assert sorted(np.concatenate([y_train, y_test])) == list(range(n))


def test_train_test_split_rejects_mismatched_lengths_naming_both():
    X, y = numbered(100)
    with pytest.raises(ValueError, match="X has 100 rows but y has 99 labels; pass one label per row"):
        train_test_split(X, y[:99])


def test_train_test_split_rejects_a_stratify_of_the_wrong_length():
    X, y = numbered(10)
    with pytest.raises(ValueError, match=r"X has 10 rows but stratify has shape \(9,\).*stratify=y"):
        train_test_split(X, y, stratify=y[:9])


def test_train_test_split_rejects_one_dimensional_x():
    with pytest.raises(ValueError, match=r"X must be 2-D.*shape \(5,\).*reshape"):
        train_test_split(np.arange(5.0), np.arange(5))


@pytest.mark.parametrize("size", [0.0, 1.0, 1.5, -0.2, "half", True])
def test_train_test_split_rejects_a_test_size_that_is_not_a_fraction_or_count(size):
    X, y = numbered(100)
    message = f"test_size must be a fraction strictly between 0 and 1, or an int count.*got {size!r}"
    with pytest.raises(ValueError, match=message):
        train_test_split(X, y, test_size=size)


@pytest.mark.parametrize("size, n_test", [(0, 0), (100, 100), (-3, -3), (0.999, 100)])
def test_train_test_split_rejects_a_test_size_leaving_an_empty_part(size, n_test):
    X, y = numbered(100)
    with pytest.raises(ValueError, match=f"test_size={size!r} leaves {n_test} of 100 samples.*1 to 99"):
        train_test_split(X, y, test_size=size)


# ---- standardize ----------------------------------------------------------------------------------
def test_standardize_gives_zero_mean_and_unit_variance():
    X, _ = make_blobs(200, random_state=0)
    scaled, _, _ = standardize(X)
    assert np.allclose(scaled.mean(axis=0), 0.0) and np.allclose(scaled.std(axis=0), 1.0)


def test_standardize_returns_the_per_feature_mean_and_std():
    X = np.array([[0.0, 10.0], [2.0, 30.0]])
    _, mean, std = standardize(X)
    assert np.array_equal(mean, [1.0, 20.0]) and np.array_equal(std, [1.0, 10.0])


def test_standardize_applies_training_statistics_to_a_test_set():
    X_train = np.array([[0.0, 1.0], [2.0, 3.0]])
    _, mean, std = standardize(X_train)
    scaled, mean_again, std_again = standardize(np.array([[1.0, 2.0], [4.0, 5.0]]), mean, std)
    assert np.allclose(scaled, [[0.0, 0.0], [3.0, 3.0]])
    assert np.array_equal(mean_again, mean) and np.array_equal(std_again, std)


def test_standardize_centres_a_constant_feature_without_dividing_by_zero():
    scaled, _, std = standardize(np.array([[1.0, 5.0], [3.0, 5.0]]))
    assert std[1] == 0.0 and np.array_equal(scaled[:, 1], [0.0, 0.0])


def test_standardize_only_shifts_a_constant_feature_of_new_data():
    _, mean, std = standardize(np.array([[1.0, 5.0], [3.0, 5.0]]))
    scaled, _, _ = standardize(np.array([[2.0, 7.0]]), mean, std)
    assert np.array_equal(scaled, [[0.0, 2.0]])


def test_standardize_leaves_its_input_unchanged_and_returns_floats():
    X = np.array([[1, 2], [3, 4]])
    scaled, _, _ = standardize(X)
    assert scaled.dtype == np.float64 and np.array_equal(X, [[1, 2], [3, 4]])


def test_standardize_rejects_one_dimensional_input():
    with pytest.raises(ValueError, match=r"X must be 2-D.*shape \(5,\)"):
        standardize(np.arange(5.0))


def test_standardize_needs_both_mean_and_std_or_neither():
    with pytest.raises(ValueError, match="pass both mean and std"):
        standardize(np.ones((3, 2)), mean=np.zeros(2))


def test_standardize_rejects_statistics_for_a_different_number_of_features():
    with pytest.raises(ValueError, match=r"one entry per feature \(2\), got shapes \(3,\) and \(3,\)"):
        standardize(np.ones((3, 2)), np.zeros(3), np.ones(3))


def test_standardize_rejects_an_empty_array_without_statistics():
    with pytest.raises(ValueError, match="X has 0 rows"):
        standardize(np.empty((0, 2)))


# ---- batches --------------------------------------------------------------------------------------
def test_full_batch_is_one_batch_of_everything():
    X, y = numbered(40)
    assert [len(b) for b, _ in batches(X, y)] == [40]


def test_batch_size_one_gives_single_samples():
    X, y = numbered(5)
    assert [len(b) for b, _ in batches(X, y, batch_size=1)] == [1] * 5


def test_mini_batches_end_with_a_smaller_one():
    X, y = numbered(10)
    assert [len(b) for b, _ in batches(X, y, batch_size=4)] == [4, 4, 2]


def test_a_batch_size_larger_than_the_data_gives_one_batch():
    X, y = numbered(5)
    assert [len(b) for b, _ in batches(X, y, batch_size=50)] == [5]


def test_batches_without_shuffle_keep_the_order():
    X, y = numbered(6)
    assert [list(labels) for _, labels in batches(X, y, batch_size=4, shuffle=False)] == [
        [0, 1, 2, 3], [4, 5]]


def test_shuffled_batches_are_reproducible_with_a_random_state():
    X, y = numbered(30)
    first = [labels.tolist() for _, labels in batches(X, y, batch_size=7, random_state=1)]
    second = [labels.tolist() for _, labels in batches(X, y, batch_size=7, random_state=1)]
    assert first == second and sum(first, []) != list(range(30))


def test_a_shared_generator_gives_a_fresh_order_every_epoch():
    X, y = numbered(30)
    rng = np.random.default_rng(0)
    epoch1 = np.concatenate([labels for _, labels in batches(X, y, 8, random_state=rng)])
    epoch2 = np.concatenate([labels for _, labels in batches(X, y, 8, random_state=rng)])
    assert not np.array_equal(epoch1, epoch2) and sorted(epoch1) == sorted(epoch2)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 60), st.one_of(st.none(), st.integers(1, 70)), st.booleans(), st.integers(0, 1000))
def test_batches_cover_every_sample_exactly_once(n, batch_size, shuffle, seed):
    X, y = numbered(n)
    pairs = list(batches(X, y, batch_size, shuffle=shuffle, random_state=seed))
    assert sorted(np.concatenate([labels for _, labels in pairs])) == list(range(n))
    assert all(np.array_equal(rows[:, 0], 2 * labels) for rows, labels in pairs)
    size = n if batch_size is None else batch_size
    assert [len(labels) for _, labels in pairs[:-1]] == [size] * (len(pairs) - 1)


def test_batches_reject_a_batch_size_below_one_when_called():
    X, y = numbered(10)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1, got 0"):
        batches(X, y, batch_size=0)


def test_batches_reject_mismatched_lengths_naming_both():
    X, y = numbered(10)
    with pytest.raises(ValueError, match="X has 10 rows but y has 9 labels"):
        batches(X, y[:9])


def test_batches_reject_one_dimensional_x():
    with pytest.raises(ValueError, match=r"X must be 2-D.*shape \(4,\)"):
        batches(np.arange(4.0), np.arange(4))


# ---- the module -----------------------------------------------------------------------------------
def test_the_module_exports_exactly_its_documented_public_functions():
    assert sorted(data.__all__) == sorted([
        "make_moons", "make_circles", "make_blobs", "make_xor", "make_spiral",
        "train_test_split", "standardize", "batches"])
    assert all(callable(getattr(data, name)) and getattr(data, name).__doc__ for name in data.__all__)
