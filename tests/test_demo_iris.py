"""The iris demo: a quick run separates the three species by their petals and draws the boundary."""

from pathlib import Path

import pytest

from demos import iris


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One --quick run (seed 0) into a temporary folder; the tests below read its results."""
    return iris.main(["--quick", "--out", str(tmp_path_factory.mktemp("iris"))])


def test_quick_run_gets_most_held_out_flowers_right(quick):
    assert quick["test_accuracy"] >= 0.85


def test_quick_run_gets_most_training_flowers_right(quick):
    assert quick["train_accuracy"] >= 0.85


def test_quick_run_writes_one_picture_named_for_the_demo(quick, requires_matplotlib):
    assert [p.name for p in quick["written"]] == ["iris.png"]
    assert Path(quick["written"][0]).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
