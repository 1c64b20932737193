"""``nn.fit`` and ``nn.predict_outputs`` with ``compile=True`` against the same calls without it.

Each row times the same work both ways, in the same run and taking turns, and checks that
both give the same numbers (training: every History column to 1e-9, relative) before it
prints a ratio. Compiled times include recording and compiling the graphs: what a user
waits for.

    python benchmarks/compiled_training.py           # 5 rounds
    python benchmarks/compiled_training.py --quick   # 3 rounds, fewer epochs
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nn  # noqa: E402

SAME = 1e-9
"""How far apart (relative) the two ways' numbers may be: rounding only."""


class Mismatch(AssertionError):
    """compile=True computed other numbers than compile=False: a bug, not a speed."""


def check_same(name: str, engine: Any, compiled: Any) -> None:
    a, b = np.asarray(engine, dtype=float), np.asarray(compiled, dtype=float)
    if a.shape != b.shape or not np.allclose(b, a, rtol=SAME, atol=1e-12):
        raise Mismatch(f"{name}: compile=True differs from compile=False by more than {SAME:g}")


def turns(work: Callable[[bool], Any], rounds: int) -> tuple[float, float, Any, Any]:
    """Median seconds of ``work(False)`` and ``work(True)``, run in turns; and their last results."""
    times: dict[bool, list[float]] = {False: [], True: []}
    results: dict[bool, Any] = {}
    for _ in range(rounds):
        for compile in (False, True):
            gc.collect()
            start = time.perf_counter()
            results[compile] = work(compile)
            times[compile].append(time.perf_counter() - start)
    return statistics.median(times[False]), statistics.median(times[True]), results[False], results[True]


def history_numbers(history: nn.History) -> list:
    return [history[name] for name in history.keys() if name != "time"]


def moons_fit(epochs: int) -> Callable[[bool], Any]:
    X, y = nn.make_moons(100, noise=0.1, random_state=1)

    def work(compile: bool) -> list:
        model = nn.MLP(2, [16, 16, 1], random_state=1337)
        optimizer = nn.SGD(model.parameters(), lr=0.1)
        return history_numbers(nn.fit(model, X, y, "hinge", optimizer, epochs=epochs, l2=1e-4,
                                      progress=False, compile=compile))

    return work


def digits_fit(epochs: int) -> Callable[[bool], Any]:
    X, y = nn.load_digits()
    X, _, _ = nn.standardize(X)

    def work(compile: bool) -> list:
        model = nn.MLP(64, [32, 10], init="he", random_state=0)
        optimizer = nn.Adam(model.parameters(), lr=0.01)
        return history_numbers(nn.fit(model, X, y, "cross_entropy", optimizer, epochs=epochs,
                                      batch_size=32, progress=False, random_state=0, compile=compile))

    return work


def grid_outputs() -> Callable[[bool], Any]:
    model = nn.MLP(2, [16, 16, 1], random_state=1337)
    axis_x, axis_y = np.linspace(-2.0, 2.5, 100), np.linspace(-1.5, 1.5, 100)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(axis_x, axis_y)])
    return lambda compile: nn.predict_outputs(model, grid, compile=compile)


def rows(quick: bool) -> list[tuple[str, float, float, str]]:
    """(what, seconds without compile, seconds with compile, target for the ratio) per row."""
    rounds = 3 if quick else 5
    moons_epochs = 30 if quick else 100
    measured = []
    for name, work, target in [
        (f"nn.fit: moons demo, {moons_epochs} epochs (MLP 2-16-16-1, hinge + L2, full batch)",
         moons_fit(moons_epochs), ">= 10x" if moons_epochs == 100 else "(>= 10x at 100 epochs)"),
        ("nn.fit: digits, one epoch (MLP 64-32-10, cross-entropy, Adam, batches of 32)", digits_fit(1), ""),
        ("nn.predict_outputs: moons model on a 100x100 grid", grid_outputs(), ""),
    ]:
        engine, compiled, engine_result, compiled_result = turns(work, rounds)
        check_same(name, engine_result, compiled_result)
        measured.append((name, engine, compiled, target))
    return measured


def print_table(quick: bool) -> None:
    """Run :func:`rows` and print them."""
    table = rows(quick)
    width = max(len(r[0]) for r in table)
    print(f"\ncompile=True against compile=False (same numbers to {SAME:g}); medians, compile time included")
    print(f"{'measurement':<{width}}  {'compile=False':>13}  {'compile=True':>12}  {'speed-up':>8}  target")
    for name, engine, compiled, target in table:
        print(f"{name:<{width}}  {engine * 1e3:>11.1f}ms  {compiled * 1e3:>10.1f}ms  "
              f"{engine / compiled:>7.1f}x  {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds and 30 moons epochs")
    print_table(parser.parse_args().quick)


if __name__ == "__main__":
    main()
