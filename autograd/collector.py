"""How often Python's cyclic garbage collector runs while graphs are built: sized from the graphs.

Python collects its youngest objects each time 700 more container objects live than at the
last collection, and every collection looks at every object it holds, the Values of the graph
being built included: a training step that builds 100,000 nodes starts about 140 collections,
each of them walking the growing graph again. Yet a graph of the engine's own operations holds
no reference cycle (a node refers to its inputs only), so it is freed the moment its last
reference goes, and those collections find nothing: measured, they were about half the time of
a step written the lecture's way.

So after each ``backward()`` through such a graph the engine sets the youngest generation's
threshold to a few times its number of nodes (a smaller graph than the last lowers it by half at
a time): the collector then starts at most about once per graph's worth of allocations, however
big the graphs, and its work stays proportional to what can be cyclic garbage. A graph with
learner-written nodes is different: each ``_backward`` closure refers to the node that holds it,
a cycle that keeps the node and everything below it until the collector finds it, so after such a
graph the threshold goes back at once to the one Python had (700 unless the program changed it)
and those cycles are collected as they always were. Nothing else about the collector is touched:
the older generations' thresholds, ``gc.disable()``, ``gc.collect()`` and ``gc.freeze()`` behave
as always. Compiling a graph, which records and lays out a node at a time and makes no cycle
either, runs with the collector paused (:func:`collector_paused`).

:func:`set_collector_policy` turns the policy off (and back on). A threshold the program sets
itself with ``gc.set_threshold`` becomes the policy's floor, and a threshold of 0 (no automatic
collection) is left alone. A program that also builds graphs of another engine, whose closures
make cycles, in the same process may turn the policy off so that those are collected sooner.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

OBJECTS_PER_NODE = 4
"""How many collector-tracked objects building one node allocates, rounded up: the Value, the
tuple of its inputs, and the lists and leaves made on the way."""

MOST = 1_000_000
"""The highest threshold the policy sets: cyclic garbage never waits for more objects than this."""


class _Policy:
    """The policy's state: whether it is on, the threshold it found, the one it last set."""

    __slots__ = ("enabled", "base", "current")

    def __init__(self) -> None:
        self.enabled = True
        self.base = 0  # 0: the policy has not touched the threshold yet
        self.current = 0


POLICY = _Policy()


def graph_walked(nodes: int, closures: int = 0) -> None:
    """Size the youngest generation's threshold after backward walked ``nodes`` nodes, ``closures``
    of them learner-written (their cycles want Python's own threshold)."""
    if not POLICY.enabled:
        return
    threshold = gc.get_threshold()[0]
    if threshold != POLICY.current:  # first use, or the program set a threshold of its own
        POLICY.base = POLICY.current = threshold
    if POLICY.base == 0:  # a threshold of 0 means no automatic collection: leave it so
        POLICY.current = 0
        return
    wanted = POLICY.base
    if not closures:
        # a smaller graph halves the threshold, a bigger one raises it at once: graphs of varying
        # size (names of different lengths) are all built without a collection
        sized = max(OBJECTS_PER_NODE * nodes, POLICY.current // 2)
        wanted = min(max(wanted, sized), max(wanted, MOST))
    if wanted != threshold:
        gc.set_threshold(wanted)
    POLICY.current = wanted


def set_collector_policy(enabled: bool) -> None:
    """Turn the engine's garbage-collector policy on (the default) or off.

    On, each ``backward()`` sizes the cyclic garbage collector's youngest threshold from the graph
    it walked, so building big graphs stops paying for collections that find nothing (see
    :mod:`autograd.collector`). Off, the threshold goes back to what it was before the policy
    changed it, and stays as Python or the program sets it.
    """
    if not isinstance(enabled, bool):
        raise TypeError(f"set_collector_policy needs True or False, got {type(enabled).__name__}")
    if not enabled and POLICY.enabled and POLICY.base and gc.get_threshold()[0] == POLICY.current:
        gc.set_threshold(POLICY.base)
    POLICY.enabled = enabled


def collector_policy_enabled() -> bool:
    """Whether ``backward()`` sizes the garbage collector's threshold from its graphs."""
    return POLICY.enabled


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector held off while the block runs, then as it was (on error too), while
    the policy is on. Recording a graph keeps a node per operation and laying it out makes a few
    objects per node, none of them in a cycle, so collections meanwhile would walk the growing heap
    again and again (most of compiling a large graph) to free nothing."""
    if not (POLICY.enabled and gc.isenabled()):
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
