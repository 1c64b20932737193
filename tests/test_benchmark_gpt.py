"""The GPT rows of benchmarks/run.py: the engines take turns, agree on the loss, or the run stops."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ is a folder, not installed
from benchmarks import run  # noqa: E402


def test_one_round_gives_a_row_per_engine_with_the_baseline_at_one():
    rows, loss = run.gpt_table(repeats=1)
    assert [row.label.split(":")[0].split(",")[0] for row in rows] == [
        "baseline", "chainrule Value", "chainrule Value", "chainrule Value"]
    assert rows[0].speedup == 1.0
    assert all(row.seconds > 0 and 0 <= row.collector_seconds <= row.seconds for row in rows)
    assert 2.0 < loss < 4.0


def test_the_engines_take_turns_round_after_round():
    calls = []
    steps = [lambda name=name: calls.append(name) or 1.0 for name in "abc"]
    run.interleaved_medians(steps, repeats=2)
    assert calls == ["a", "b", "c", "a", "b", "c"]


def test_losses_that_differ_only_by_rounding_pass():
    run.check_same_loss(["base", "ours"], [3.3244602226424753, 3.3244602226424758])


def test_losses_that_differ_fail_loudly_listing_every_engine():
    with pytest.raises(run.LossMismatch, match="disagree on the GPT loss") as error:
        run.check_same_loss(["base", "ours", "fused"], [3.0, 3.0, 3.0 + 1e-9])
    assert "base" in str(error.value) and "fused" in str(error.value)


def test_a_wrong_engine_stops_the_table(monkeypatch):
    steps = [lambda: 3.0, lambda: 3.1]
    monkeypatch.setattr(run, "gpt_engines", lambda: [("base", steps[0], ""), ("wrong", steps[1], "")])
    with pytest.raises(run.LossMismatch, match="wrong"):
        run.gpt_table(repeats=1)
