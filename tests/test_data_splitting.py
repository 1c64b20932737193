"""Splitting, scaling and batching data: train_test_split, standardize and batches."""


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_data import class_sizes

from nn import data
from nn.data import (
    batches,
    make_blobs,
    make_moons,
    standardize,
    train_test_split,
)


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


@pytest.mark.parametrize("helper", [train_test_split, batches], ids=["train_test_split", "batches"])
def test_mismatched_lengths_are_refused_naming_both(helper):
    X, y = numbered(100)
    message = rf"{helper.__name__}: y must have one label per row of X \(100 rows\), got 99 labels; pass one"
    with pytest.raises(ValueError, match=message):
        helper(X, y[:99])


def test_train_test_split_rejects_a_stratify_of_the_wrong_length():
    X, y = numbered(10)
    message = r"train_test_split: stratify must hold one label per row of X \(10 rows\), got shape \(9,\).*=y"
    with pytest.raises(ValueError, match=message):
        train_test_split(X, y, stratify=y[:9])


def test_train_test_split_rejects_one_dimensional_x():
    with pytest.raises(ValueError, match=r"train_test_split: X must be 2-D.*shape \(5,\).*reshape"):
        train_test_split(np.arange(5.0), np.arange(5))


@pytest.mark.parametrize("size", [0.0, 1.0, 1.5, -0.2, "half", True])
def test_train_test_split_rejects_a_test_size_that_is_not_a_fraction_or_count(size):
    X, y = numbered(100)
    message = f"train_test_split: test_size must be a fraction strictly between 0 and 1, or an.*got {size!r}"
    with pytest.raises(ValueError, match=message):
        train_test_split(X, y, test_size=size)


@pytest.mark.parametrize("size, n_test", [(0, 0), (100, 100), (-3, -3), (0.999, 100)])
def test_train_test_split_rejects_a_test_size_leaving_an_empty_part(size, n_test):
    X, y = numbered(100)
    message = (f"train_test_split: test_size must leave at least one sample for testing and one for "
               f"training, got {size!r}, which leaves {n_test} of 100 samples.*1 to 99")
    with pytest.raises(ValueError, match=message):
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
    with pytest.raises(ValueError, match=r"standardize: X must be 2-D.*shape \(5,\)"):
        standardize(np.arange(5.0))


def test_standardize_needs_both_mean_and_std_or_neither():
    message = "standardize: mean and std must be given both or neither, got only mean"
    with pytest.raises(ValueError, match=message):
        standardize(np.ones((3, 2)), mean=np.zeros(2))


def test_standardize_rejects_statistics_for_a_different_number_of_features():
    message = r"standardize: mean and std must have one entry per feature \(2\), got shapes \(3,\) and \(3,\)"
    with pytest.raises(ValueError, match=message):
        standardize(np.ones((3, 2)), np.zeros(3), np.ones(3))


def test_standardize_rejects_an_empty_array_without_statistics():
    message = "standardize: X must have at least one row to take the mean and std of, got 0 rows"
    with pytest.raises(ValueError, match=message):
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
    with pytest.raises(ValueError, match="batches: batch_size must be an int >= 1, got 0"):
        batches(X, y, batch_size=0)


def test_batches_reject_one_dimensional_x():
    with pytest.raises(ValueError, match=r"batches: X must be 2-D.*shape \(4,\)"):
        batches(np.arange(4.0), np.arange(4))


# ---- the module -----------------------------------------------------------------------------------
def test_the_module_exports_exactly_its_documented_public_functions():
    assert sorted(data.__all__) == sorted([
        "make_moons", "make_circles", "make_blobs", "make_xor", "make_spiral",
        "load_iris", "load_wine", "load_breast_cancer", "load_digits", "NamedDataset",
        "train_test_split", "standardize", "batches"])
    assert all(callable(getattr(data, name)) and getattr(data, name).__doc__ for name in data.__all__)
