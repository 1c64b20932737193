"""Switches that change how operations behave: graph recording and anomaly detection."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


class _Modes:
    """The engine's global switches, read on every operation."""

    __slots__ = ("grad_enabled", "anomaly")

    def __init__(self) -> None:
        self.grad_enabled = True
        self.anomaly = False


MODES = _Modes()


@contextmanager
def no_grad() -> Iterator[None]:
    """Operations inside record no graph: their results are plain leaves.

    Use it for evaluation and plotting, where gradients are not needed; it saves the
    time and memory of building a graph. Contexts nest, and the previous state comes
    back on exit even when an exception leaves the block.
    """
    previous = MODES.grad_enabled
    MODES.grad_enabled = False
    try:
        yield
    finally:
        MODES.grad_enabled = previous


@contextmanager
def enable_grad() -> Iterator[None]:
    """Operations inside record a graph again, even within :func:`no_grad`."""
    previous = MODES.grad_enabled
    MODES.grad_enabled = True
    try:
        yield
    finally:
        MODES.grad_enabled = previous


def is_grad_enabled() -> bool:
    """Whether operations currently record a graph."""
    return MODES.grad_enabled


@contextmanager
def detect_anomaly() -> Iterator[None]:
    """Raise ``FloatingPointError`` as soon as a value or a gradient is NaN or infinite.

    The message names the operation that produced it and its operands, which is
    usually the quickest way to find where a training run blew up. It costs one
    finiteness test per operation, so it is off by default.
    """
    previous = MODES.anomaly
    MODES.anomaly = True
    try:
        yield
    finally:
        MODES.anomaly = previous
