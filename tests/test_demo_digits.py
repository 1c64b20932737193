"""The digits demo: a quick run trains on a small stratified subset and writes its three pictures;
the full run gets at least 95% of the held-out digits right; its helpers count and lay out as said.

The full run (4 epochs over 1347 images, compiled, no pictures) takes a second or two, so it runs
in every suite, CI's included: the accuracy bar is the demo's promise.
"""

from pathlib import Path

import numpy as np
import pytest

from demos import digits

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PICTURES = ["digits_predictions.png", "digits_confusion.png", "digits_weights.png"]


def is_png(path: Path) -> bool:
    data = Path(path).read_bytes()
    return data.startswith(PNG_SIGNATURE) and len(data) > 5_000


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One --quick run (seed 0) into a temporary folder; the tests below read its results."""
    return digits.main(["--quick", "--out", str(tmp_path_factory.mktemp("digits"))])


@pytest.fixture(scope="module")
def full():
    """The full run (seed 0) without pictures."""
    return digits.main(["--no-plots"])


# ---- the quick run --------------------------------------------------------------------------------
def test_quick_run_trains_fewer_epochs_than_the_full_run(quick):
    assert len(quick["history"]) == digits.QUICK_EPOCHS < digits.EPOCHS


def test_quick_run_trains_on_a_small_subset_with_every_digit(quick):
    assert quick["n_train"] == digits.QUICK_TRAIN


def test_quick_run_tests_on_the_whole_held_out_quarter(quick):
    assert len(quick["y_test"]) == 450 and np.bincount(quick["y_test"]).min() >= 43


def test_quick_run_already_gets_most_test_digits_right(quick):
    assert quick["test_accuracy"] >= 0.8


def test_quick_run_writes_the_three_pictures(quick, requires_matplotlib):
    assert sorted(p.name for p in quick["written"]) == sorted(PICTURES)
    assert all(is_png(p) for p in quick["written"])


def test_the_confusion_matrix_counts_every_test_digit_once(quick):
    confusion = quick["confusion"]
    assert confusion.shape == (10, 10)
    assert confusion.sum(axis=1).tolist() == np.bincount(quick["y_test"]).tolist()


def test_the_confusion_matrix_diagonal_is_the_test_accuracy(quick):
    confusion = quick["confusion"]
    assert np.trace(confusion) / confusion.sum() == pytest.approx(quick["test_accuracy"])


# ---- the full run ---------------------------------------------------------------------------------
def test_full_run_gets_at_least_95_percent_of_the_test_digits_right(full):
    assert full["test_accuracy"] >= 0.95


def test_full_run_trains_on_three_quarters_of_the_digits(full):
    assert full["n_train"] == 1797 - 450 and len(full["history"]) == digits.EPOCHS


def test_no_plots_writes_no_pictures(full):
    assert full["written"] == []


# ---- helpers --------------------------------------------------------------------------------------
def test_confusion_matrix_puts_true_classes_in_rows_and_predictions_in_columns():
    counts = digits.confusion_matrix(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 1]), 3)
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [0, 1, 0]]


def test_shown_order_puts_the_mistakes_first():
    y_true, y_pred = np.array([0, 1, 2, 3, 4, 5]), np.array([0, 9, 2, 9, 4, 5])
    assert digits.shown_order(y_true, y_pred, 4).tolist() == [1, 3, 0, 2]


def test_shown_order_gives_the_mistakes_at_most_half_the_places():
    y_true, y_pred = np.zeros(10, dtype=int), np.array([1] * 8 + [0] * 2)
    assert digits.shown_order(y_true, y_pred, 6).tolist() == [0, 1, 2, 8, 9]


def test_mosaic_places_each_tile_after_its_gap():
    tiles = np.arange(3 * 2 * 2, dtype=float).reshape(3, 2, 2)
    canvas, corners = digits.mosaic(tiles, columns=2, gap=(1, 1), fill=-1.0)
    assert canvas.shape == (7, 7) and corners == [(1, 1), (4, 1), (1, 4)]
    assert canvas[4:6, 1:3].tolist() == tiles[2].tolist() and canvas[0, 0] == -1.0


def test_subset_keeps_each_class_share():
    X, y = np.arange(40, dtype=float).reshape(20, 2), np.repeat([0, 1], [10, 10])
    _, y_kept = digits.subset(X, y, 6, seed=0)
    assert np.bincount(y_kept).tolist() == [3, 3]
