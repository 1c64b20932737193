"""Data sets, splitting, scaling and batching."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn

GENERATORS = {
    "moons": lambda **kw: nn.make_moons(**kw),
    "circles": lambda **kw: nn.make_circles(**kw),
    "blobs": lambda **kw: nn.make_blobs(**kw),
    "xor": lambda **kw: nn.make_xor(**kw),
    "spiral": lambda **kw: nn.make_spiral(**kw),
}


@pytest.mark.parametrize("name", GENERATORS)
def test_generators_return_float_features_and_integer_labels(name):
    X, y = GENERATORS[name](n_samples=90, random_state=0)
    assert X.shape == (90, 2) and X.dtype == np.float64
    assert y.shape == (90,) and y.dtype == np.int64


@pytest.mark.parametrize("name", GENERATORS)
def test_same_random_state_gives_the_same_data(name):
    X1, y1 = GENERATORS[name](n_samples=50, random_state=7)
    X2, y2 = GENERATORS[name](n_samples=50, random_state=7)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)


@pytest.mark.parametrize("name", ["moons", "circles", "xor", "spiral"])
def test_different_random_states_give_different_data(name):
    X1, _ = GENERATORS[name](n_samples=50, random_state=1)
    X2, _ = GENERATORS[name](n_samples=50, random_state=2)
    assert not np.array_equal(X1, X2)


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("bad", [0, -5, 2.5, True])
def test_generators_reject_a_bad_sample_count_naming_it(name, bad):
    with pytest.raises(ValueError, match=f"n_samples must be an integer >= 1, got {bad!r}"):
        GENERATORS[name](n_samples=bad)


def test_generator_accepts_a_numpy_generator_as_random_state():
    X, _ = nn.make_moons(20, noise=0.1, random_state=np.random.default_rng(3))
    assert X.shape == (20, 2)


def test_random_state_of_a_wrong_type_is_rejected():
    with pytest.raises(TypeError, match="random_state"):
        nn.make_moons(20, random_state="seed")


def test_moons_without_noise_lie_on_two_unit_half_circles():
    X, y = nn.make_moons(101, noise=0.0, random_state=0)
    upper, lower = X[y == 0], X[y == 1]
    assert len(upper) == 50 and len(lower) == 51
    assert np.allclose(np.hypot(*upper.T), 1.0) and (upper[:, 1] >= -1e-12).all()
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert (lower[:, 1] <= 0.5 + 1e-12).all()


def test_moons_accept_a_pair_of_class_sizes():
    _, y = nn.make_moons((30, 10), random_state=0)
    assert (y == 0).sum() == 30 and (y == 1).sum() == 10


def test_noise_moves_points_off_the_curves():
    X, y = nn.make_moons(200, noise=0.1, random_state=0)
    radius = np.hypot(*X[y == 0].T)
    assert 0.03 < np.std(radius - 1.0) < 0.2


def test_negative_noise_is_rejected():
    with pytest.raises(ValueError, match="noise must be >= 0, got -0.1"):
        nn.make_moons(10, noise=-0.1)


def test_circles_without_noise_have_radii_one_and_factor():
    X, y = nn.make_circles(100, noise=0.0, factor=0.3, random_state=0)
    assert np.allclose(np.hypot(*X[y == 0].T), 1.0)
    assert np.allclose(np.hypot(*X[y == 1].T), 0.3)


@pytest.mark.parametrize("factor", [1.0, -0.1, 1.5])
def test_circles_reject_a_factor_outside_zero_to_one(factor):
    with pytest.raises(ValueError, match=f"factor must be in \\[0, 1\\).*{factor}"):
        nn.make_circles(10, factor=factor)


def test_blobs_have_one_cluster_per_centre():
    centres = [[-5.0, 0.0], [5.0, 0.0], [0.0, 8.0]]
    X, y = nn.make_blobs(300, centers=centres, cluster_std=0.5, random_state=0)
    for label, centre in enumerate(centres):
        assert np.allclose(X[y == label].mean(axis=0), centre, atol=0.2)


def test_blobs_take_a_number_of_features():
    X, y = nn.make_blobs(40, centers=4, n_features=3, random_state=0)
    assert X.shape == (40, 3) and set(y) == {0, 1, 2, 3}


def test_xor_label_is_one_where_the_signs_differ():
    X, y = nn.make_xor(200, random_state=0)
    assert np.array_equal(y, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int))


def test_xor_points_stay_clear_of_the_axes_without_noise():
    X, _ = nn.make_xor(200, random_state=0)
    assert np.abs(X).min() >= 0.1 - 1e-12


def test_spiral_has_n_classes_of_equal_size_within_the_unit_disc():
    X, y = nn.make_spiral(300, n_classes=3, random_state=0)
    assert [int((y == k).sum()) for k in range(3)] == [100, 100, 100]
    assert np.hypot(*X.T).max() <= 1.0 + 1e-12


def test_spiral_splits_an_uneven_count_as_evenly_as_possible():
    _, y = nn.make_spiral(10, n_classes=3, random_state=0)
    assert sorted(int((y == k).sum()) for k in range(3)) == [3, 3, 4]


def test_spiral_needs_two_classes():
    with pytest.raises(ValueError, match="n_classes must be an integer >= 2, got 1"):
        nn.make_spiral(30, n_classes=1)


def test_unshuffled_data_keeps_classes_in_order():
    _, y = nn.make_spiral(30, n_classes=3, shuffle=False)
    assert list(y) == sorted(y)


def test_train_test_split_sizes_and_order_of_results():
    X, y = nn.make_moons(100, random_state=0)
    X_train, X_test, y_train, y_test = nn.train_test_split(X, y, test_size=0.2, random_state=0)
    assert (len(X_train), len(X_test), len(y_train), len(y_test)) == (80, 20, 80, 20)
    together = np.vstack([X_train, X_test])
    assert sorted(map(tuple, together)) == sorted(map(tuple, X))


def test_train_test_split_takes_a_count():
    X, y = nn.make_moons(100, random_state=0)
    assert len(nn.train_test_split(X, y, test_size=30, random_state=0)[1]) == 30


def test_train_test_split_keeps_class_shares_when_stratified():
    X, y = nn.make_moons((80, 20), random_state=0)
    _, _, y_train, y_test = nn.train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    assert (y_test == 1).sum() == 5 and (y_train == 1).sum() == 15


def test_train_test_split_rejects_mismatched_lengths_naming_both():
    X, y = nn.make_moons(100, random_state=0)
    with pytest.raises(ValueError, match="X has 100 rows but y has 99 labels"):
        nn.train_test_split(X, y[:99])


@pytest.mark.parametrize("size", [0.0, 1.0, 0, 100, -3, 1.5])
def test_train_test_split_rejects_a_test_size_leaving_an_empty_part(size):
    X, y = nn.make_moons(100, random_state=0)
    with pytest.raises(ValueError, match="test_size"):
        nn.train_test_split(X, y, test_size=size)


def test_standardize_gives_zero_mean_and_unit_variance():
    X, _ = nn.make_blobs(200, random_state=0)
    scaled, mean, std = nn.standardize(X)
    assert np.allclose(scaled.mean(axis=0), 0.0) and np.allclose(scaled.std(axis=0), 1.0)
    assert np.allclose(mean, X.mean(axis=0))


def test_standardize_applies_training_statistics_to_a_test_set():
    X = np.array([[0.0, 1.0], [2.0, 3.0]])
    _, mean, std = nn.standardize(X)
    scaled, _, _ = nn.standardize(np.array([[1.0, 2.0]]), mean, std)
    assert np.allclose(scaled, [[0.0, 0.0]])


def test_standardize_centres_a_constant_feature_without_dividing_by_zero():
    scaled, _, std = nn.standardize(np.array([[1.0, 5.0], [3.0, 5.0]]))
    assert std[1] == 0.0 and np.array_equal(scaled[:, 1], [0.0, 0.0])


def test_standardize_rejects_one_dimensional_input():
    with pytest.raises(ValueError, match="2-D"):
        nn.standardize(np.arange(5.0))


def test_full_batch_is_one_batch_of_everything():
    X, y = nn.make_moons(40, random_state=0)
    assert [len(b) for b, _ in nn.batches(X, y)] == [40]


def test_batch_size_one_gives_single_samples():
    X, y = nn.make_moons(5, random_state=0)
    assert [len(b) for b, _ in nn.batches(X, y, batch_size=1)] == [1] * 5


def test_mini_batches_end_with_a_smaller_one():
    X, y = nn.make_moons(10, random_state=0)
    assert [len(b) for b, _ in nn.batches(X, y, batch_size=4)] == [4, 4, 2]


def test_batches_without_shuffle_keep_the_order():
    X, y = nn.make_moons(6, random_state=0)
    first, _ = next(nn.batches(X, y, batch_size=3, shuffle=False))
    assert np.array_equal(first, X[:3])


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 60), st.one_of(st.none(), st.integers(1, 70)), st.integers(0, 1000))
def test_batches_cover_every_sample_exactly_once(n, batch_size, seed):
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    y = np.arange(n)
    seen = np.concatenate([labels for _, labels in nn.batches(X, y, batch_size, random_state=seed)])
    assert sorted(seen) == list(range(n))
    for rows, labels in nn.batches(X, y, batch_size, random_state=seed):
        assert np.array_equal(rows[:, 0], 2 * labels)


def test_batches_reject_a_batch_size_below_one():
    X, y = nn.make_moons(10, random_state=0)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1, got 0"):
        list(nn.batches(X, y, batch_size=0))


def test_batches_reject_mismatched_lengths():
    X, y = nn.make_moons(10, random_state=0)
    with pytest.raises(ValueError, match="X has 10 rows but y has 9 labels"):
        list(nn.batches(X, y[:9]))
