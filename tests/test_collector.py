"""The garbage-collector policy: backward sizes the youngest generation's threshold from its graph."""

import gc
import weakref

import pytest

import autograd
from autograd import Value
from autograd.collector import MOST, OBJECTS_PER_NODE

pytestmark = pytest.mark.usefixtures("pythons_own_collector")


def chain(n: int) -> Value:
    """A graph of ``n`` non-leaf nodes."""
    v = Value(0.5)
    for _ in range(n):
        v = v * 1.0
    return v


def test_a_big_graph_raises_the_youngest_threshold_to_a_few_objects_per_node():
    chain(10_000).backward()
    assert gc.get_threshold() == (OBJECTS_PER_NODE * 10_000, 10, 10)


def test_a_smaller_graph_halves_the_threshold_until_pythons_comes_back():
    chain(10_000).backward()
    thresholds = []
    for _ in range(8):
        chain(3).backward()
        thresholds.append(gc.get_threshold()[0])
    assert thresholds == [20_000, 10_000, 5_000, 2_500, 1_250, 700, 700, 700]


def test_the_threshold_never_goes_above_its_ceiling(monkeypatch):
    monkeypatch.setattr("autograd.collector.MOST", 5_000)
    chain(10_000).backward()
    assert gc.get_threshold()[0] == 5_000 < MOST


def test_the_older_generations_keep_their_thresholds():
    gc.set_threshold(700, 3, 7)
    chain(10_000).backward()
    assert gc.get_threshold()[1:] == (3, 7)


def test_turning_the_policy_off_puts_the_threshold_back_and_keeps_it():
    chain(10_000).backward()
    autograd.set_collector_policy(False)
    assert not autograd.collector_policy_enabled()
    assert gc.get_threshold()[0] == 700
    chain(10_000).backward()
    assert gc.get_threshold()[0] == 700


def test_turning_it_on_again_sizes_the_next_graph_from_pythons_threshold():
    chain(10_000).backward()
    autograd.set_collector_policy(False)
    autograd.set_collector_policy(True)
    chain(5_000).backward()
    assert gc.get_threshold()[0] == OBJECTS_PER_NODE * 5_000


def test_a_threshold_the_program_sets_is_the_new_floor():
    chain(10_000).backward()
    gc.set_threshold(100_000)
    chain(10_000).backward()
    assert gc.get_threshold()[0] == 100_000
    for _ in range(10):
        chain(3).backward()
    assert gc.get_threshold()[0] == 100_000


def test_a_threshold_of_zero_keeps_automatic_collection_off():
    gc.set_threshold(0)
    chain(10_000).backward()
    assert gc.get_threshold()[0] == 0


def test_the_switch_takes_only_true_or_false():
    with pytest.raises(TypeError, match="set_collector_policy needs True or False, got str"):
        autograd.set_collector_policy("off")
    assert autograd.collector_policy_enabled()


def learner_cube(x: Value, closures: list) -> Value:
    """The lecture's way of writing an op: its _backward closure refers to the node, a cycle.
    The closure is also appended to ``closures``."""
    out = Value(x.data ** 3, (x,), "cube")

    def _backward():
        x.grad += 3 * x.data ** 2 * out.grad

    out._backward = _backward
    closures.append(_backward)
    return out


def test_a_graph_with_learner_written_nodes_puts_pythons_threshold_back():
    chain(10_000).backward()
    x = Value(0.5)
    (chain(10_000) * learner_cube(x, [])).backward()
    assert gc.get_threshold()[0] == 700


def test_graphs_of_learner_closures_are_still_collected_without_asking():
    collected = []
    gc.callbacks.append(lambda phase, info: collected.append(info["collected"]) if phase == "stop" else None)
    try:
        gc.collect()
        first = None
        for _ in range(60):
            x, closures = Value(0.5), []
            loss = autograd.sum([learner_cube(x, closures) for _ in range(2_000)])
            loss.backward()
            first = first or weakref.ref(closures[0])
            del x, closures, loss
        assert first() is None
        assert sum(collected) > 0
    finally:
        gc.callbacks.pop()
