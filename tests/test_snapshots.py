"""The snapshots fit(record=...) keeps: each reads as the model's state dict at its epoch, and
costs about one double per parameter (not a dict of floats of its own)."""

import gc
import json
import tracemalloc

import pytest

import nn
from nn.training.history import Snapshot

X, Y = nn.make_moons(40, noise=0.1, random_state=0)


def train(epochs=4, compile=False, **options):
    model = nn.MLP(2, [16, 16, 1], random_state=0)
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    history = nn.fit(model, X, Y, "hinge", optimizer, epochs, progress=False, compile=compile, **options)
    return model, history


@pytest.mark.parametrize("compile", [False, True])
def test_a_snapshot_costs_about_one_double_per_parameter(compile):
    model, _ = train(1)
    gc.collect()
    tracemalloc.start()
    try:
        _, history = train(60, compile=compile, record=True)
        gc.collect()
        with_snapshots = tracemalloc.get_traced_memory()[0]
        count = len(history.snapshots)
        history.snapshots.clear()
        gc.collect()
        kept = with_snapshots - tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert count == 61
    assert kept / (count * model.num_parameters()) < 12  # a dict of floats took about 115


def test_a_snapshot_reads_as_the_state_dict_it_copies():
    model, history = train(3, record=True)
    snapshot, state = history.snapshots[3], model.state_dict()
    assert snapshot == state and dict(snapshot) == state
    assert list(snapshot) == list(state) and len(snapshot) == len(state)
    assert all(type(snapshot[name]) is float for name in snapshot)
    assert json.loads(json.dumps(dict(snapshot))) == state


def test_loading_a_snapshot_puts_its_epoch_back():
    model, history = train(3, record=True)
    start = nn.MLP(2, [16, 16, 1], random_state=0).state_dict()
    assert model.load_state_dict(history.snapshots[0]).state_dict() == start


def test_a_name_a_snapshot_does_not_hold_is_a_key_error():
    snapshot = Snapshot({"w": 1.0})
    with pytest.raises(KeyError, match="'b'"):
        snapshot["b"]


def test_a_snapshot_like_one_of_other_names_keeps_its_own():
    other = Snapshot({"a": 1.0, "b": 2.0})
    snapshot = Snapshot({"b": 3.0, "a": 4.0}, like=other)
    assert list(snapshot) == ["b", "a"] and dict(snapshot) == {"b": 3.0, "a": 4.0}
