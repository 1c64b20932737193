"""The compile=True rows of the benchmarks: both ways take turns and must agree, or the run stops."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ is a folder, not installed
from benchmarks import compiled_training  # noqa: E402


def test_both_ways_take_turns_round_after_round():
    calls = []
    engine, compiled, *_ = compiled_training.turns(lambda compile: lambda: calls.append(compile), rounds=2)
    assert calls == [False, True, False, True]
    assert engine > 0 and compiled > 0


def test_numbers_that_differ_only_by_rounding_pass():
    compiled_training.check_same("fit", [[0.5, 0.25]], [[0.5 * (1 + 1e-14), 0.25]])


def test_numbers_that_differ_stop_the_table_naming_the_row():
    with pytest.raises(compiled_training.Mismatch, match="fit: compile=True differs from compile=False"):
        compiled_training.check_same("fit", [[0.5, 0.25]], [[0.5, 0.26]])


def test_the_moons_row_trains_the_same_history_both_ways():
    prepare = compiled_training.moons_fit(epochs=3)
    compiled_training.check_same("moons", prepare(False)(), prepare(True)())


def test_the_compile_cost_row_times_an_engine_step_and_a_compile_in_turns():
    step, compiling = compiled_training.compile_cost(rounds=1)
    assert step > 0 and compiling > 0


def test_the_epoch_split_times_each_named_part_of_a_compiled_epoch():
    split = compiled_training.epoch_split(epochs=3)
    assert set(split) == {*compiled_training.SPLIT, "epoch", "first epoch"}
    assert all(seconds > 0 for seconds in split.values())
    assert split["first epoch"] > split["epoch"]  # the first records and compiles the graph
