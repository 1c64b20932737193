"""What the benchmark scripts share: timing, the collector each row runs with, and micrograd's moons
loss written the lecture's way."""

from __future__ import annotations

import gc
import statistics
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

import autograd
from autograd import collector

PYTHONS = gc.get_threshold()
"""Python's own collector thresholds, as the benchmark found them."""


@contextmanager
def collector_of(pythons: bool, state: list) -> Iterator[None]:
    """The collector as a row would find it in a process of its own: Python's thresholds with the
    policy off (``pythons``), or, with the policy on, the threshold and policy state that row left
    last time (``state``, updated on the way out), so that another row's graphs do not size it."""
    if pythons:
        autograd.set_collector_policy(False)
        gc.set_threshold(*PYTHONS)
    elif state:
        gc.set_threshold(state[0])
        collector.POLICY.base, collector.POLICY.current = state[1:]
    try:
        yield
    finally:
        if pythons:
            autograd.set_collector_policy(True)
        else:
            state[:] = [gc.get_threshold()[0], collector.POLICY.base, collector.POLICY.current]


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``repeats`` calls of ``work``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def lecture_hinge_loss(layers: Sequence, rows: Sequence, labels: Sequence[float]) -> Any:
    """micrograd's demo loss, written as its lecture writes it: each neuron a Python ``sum`` of
    binary products (ReLU on the hidden layers), then the mean hinge ``(1 - y s).relu()``.

    ``layers`` holds, per layer, ``(weights, bias)`` per neuron, as Values of any Value class;
    ``rows`` are the samples, as Values of the same class (or numbers the weights can multiply).
    """
    scores = []
    for x in rows:
        for i, layer in enumerate(layers):
            x = [sum((wi * xi for wi, xi in zip(w, x)), b) for w, b in layer]
            if i < len(layers) - 1:
                x = [v.relu() for v in x]
        scores.append(x[0])
    losses = [(1 + -y * s).relu() for y, s in zip(labels, scores)]
    return sum(losses) * (1.0 / len(losses))


def moons_step(model: Any, optimizer: Any, rows: Sequence, labels: Sequence[float]) -> float:
    """One step of the classic demo on an ``nn`` model: forward, hinge + 1e-4 L2, backward, update."""
    import nn

    optimizer.zero_grad()
    scores = [model(x) for x in rows]
    loss = nn.losses.hinge(scores, labels) + 1e-4 * nn.losses.l2_penalty(model.parameters())
    loss.backward()
    optimizer.step()
    return loss.data
