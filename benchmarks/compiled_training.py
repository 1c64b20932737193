"""``nn.fit`` and ``nn.predict_outputs`` with ``compile=True`` against the same calls without it.

Each row times the same work both ways, in the same run and taking turns, and checks that
both give the same numbers (training: every History column to 1e-9, relative) before it
prints a ratio. The models are made before the clock starts; compiled times include
recording and compiling the graphs: what a user waits for in ``fit``. Then, on the moons
demo: what compiling costs, in steps of the engine (a compile=False step, timed in turns
with it), and where a compiled epoch's time goes (the replayed forward and backward, the
accuracy, the optimizer, and the rest: feeding, the gradient norm, the epoch's start and
end). The machine's load is printed with the tables:
on a shared machine every figure moves, the ratios least.

    python benchmarks/compiled_training.py           # 5 rounds
    python benchmarks/compiled_training.py --quick   # 3 rounds, fewer epochs
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nn  # noqa: E402
from nn.training.replay_step import CompiledStep  # noqa: E402
from nn.training.step import TrainingStep  # noqa: E402

SAME = 1e-9
"""How far apart (relative) the two ways' numbers may be: rounding only."""


class Mismatch(AssertionError):
    """compile=True computed other numbers than compile=False: a bug, not a speed."""


def check_same(name: str, engine: Any, compiled: Any) -> None:
    a, b = np.asarray(engine, dtype=float), np.asarray(compiled, dtype=float)
    if a.shape != b.shape or not np.allclose(b, a, rtol=SAME, atol=1e-12):
        raise Mismatch(f"{name}: compile=True differs from compile=False by more than {SAME:g}")


def turns(prepare: Callable[[bool], Callable[[], Any]], rounds: int) -> tuple[float, float, Any, Any, float]:
    """Median seconds of the work ``prepare(False)`` and ``prepare(True)`` give (a model and its
    optimizer made first, untimed), run in turns; their last results; and the ratio of their
    median CPU times (this process's), which a busy machine moves less than the wall clock."""
    times: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    results: dict[bool, Any] = {}
    for _ in range(rounds):
        for compile in (False, True):
            work = prepare(compile)
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            results[compile] = work()
            times[compile].append(time.perf_counter() - start)
            cpu[compile].append(time.process_time() - start_cpu)
    cpu_ratio = statistics.median(cpu[False]) / max(statistics.median(cpu[True]), 1e-9)
    wall = statistics.median(times[False]), statistics.median(times[True])
    return wall[0], wall[1], results[False], results[True], cpu_ratio


def history_numbers(history: nn.History) -> list:
    return [history[name] for name in history.keys() if name != "time"]


def moons_fit(epochs: int) -> Callable[[bool], Callable[[], list]]:
    """The moons demo's training, as :func:`turns` takes it: its model made, then ``fit`` timed."""
    X, y = nn.make_moons(100, noise=0.1, random_state=1)

    def prepare(compile: bool) -> Callable[[], list]:
        model = nn.MLP(2, [16, 16, 1], random_state=1337)
        optimizer = nn.SGD(model.parameters(), lr=0.1)
        return lambda: history_numbers(nn.fit(model, X, y, "hinge", optimizer, epochs=epochs, l2=1e-4,
                                              progress=False, compile=compile))

    return prepare


def digits_fit(epochs: int) -> Callable[[bool], Callable[[], list]]:
    """The digits demo's training, as :func:`turns` takes it: its model made, then ``fit`` timed."""
    X, y = nn.load_digits()
    X, _, _ = nn.standardize(X)

    def prepare(compile: bool) -> Callable[[], list]:
        model = nn.MLP(64, [32, 10], init="he", random_state=0)
        optimizer = nn.Adam(model.parameters(), lr=0.01)
        return lambda: history_numbers(nn.fit(model, X, y, "cross_entropy", optimizer, epochs=epochs,
                                              batch_size=32, progress=False, random_state=0, compile=compile))

    return prepare


def grid_outputs() -> Callable[[bool], Callable[[], Any]]:
    model = nn.MLP(2, [16, 16, 1], random_state=1337)
    axis_x, axis_y = np.linspace(-2.0, 2.5, 100), np.linspace(-1.5, 1.5, 100)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(axis_x, axis_y)])
    return lambda compile: lambda: nn.predict_outputs(model, grid, compile=compile)


def moons_steps() -> tuple[TrainingStep, Callable[[], CompiledStep]]:
    """An engine step of the moons demo (MLP 2-16-16-1, hinge + L2, SGD, full batch), and a
    maker of the compiled step that fit(compile=True) would make for it."""
    X, y = nn.make_moons(100, noise=0.1, random_state=1)
    model = nn.MLP(2, [16, 16, 1], random_state=1337)
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    args = (model, "hinge", optimizer, model.parameters(), 0.0, 1e-4, None, None, (X.tolist(), y.tolist()))
    return TrainingStep(*args), lambda: CompiledStep(*args)


def compile_cost(rounds: int) -> tuple[float, float]:
    """Median seconds of an engine step and of recording and compiling the same step's graph
    (what fit(compile=True) does at its first batch), timed in turns."""
    engine_step, make_compiled = moons_steps()
    times: dict[str, list[float]] = {"engine": [], "compile": []}
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        engine_step(None)
        times["engine"].append(time.perf_counter() - start)
        compiled = make_compiled()
        gc.collect()
        start = time.perf_counter()
        compiled.graph(None, 100)
        times["compile"].append(time.perf_counter() - start)
    return statistics.median(times["engine"]), statistics.median(times["compile"])


SPLIT = {"replay": "replayed forward and backward", "step_parameters": "optimizer (on the array)",
         "count_correct": "accuracy (from the replay's outputs)"}
"""The parts of a compiled step timed by :func:`epoch_split`: CompiledStep's method, and what it does."""


def epoch_split(epochs: int) -> dict[str, float]:
    """Median seconds of a compiled epoch of the moons demo (from the History's times) and of each
    part of :data:`SPLIT` (one call per epoch: the demo trains on the whole batch); the first,
    compiling, epoch left out."""
    spent: dict[str, list[float]] = {name: [] for name in SPLIT}
    originals = {name: getattr(CompiledStep, name) for name in SPLIT}

    def timed(name: str) -> Callable:
        def run(*args: Any) -> Any:
            start = time.perf_counter()
            result = originals[name](*args)
            spent[name].append(time.perf_counter() - start)
            return result
        return run

    X, y = nn.make_moons(100, noise=0.1, random_state=1)
    model = nn.MLP(2, [16, 16, 1], random_state=1337)
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    nn.fit(model, X, y, "hinge", optimizer, epochs=1, l2=1e-4, progress=False, compile=True)  # warm up
    try:
        for name in SPLIT:
            setattr(CompiledStep, name, timed(name))
        history = nn.fit(model, X, y, "hinge", optimizer, epochs=epochs + 1, l2=1e-4, progress=False,
                         compile=True)
    finally:
        for name, method in originals.items():
            setattr(CompiledStep, name, method)
    split = {name: statistics.median(seconds[1:]) for name, seconds in spent.items()}
    split["epoch"] = statistics.median(history.time[1:])
    split["first epoch"] = history.time[0]
    return split


def rows(quick: bool) -> list[tuple[str, float, float, str, float]]:
    """(what, seconds without compile, seconds with compile, target for the ratio, ratio of CPU
    times) per row."""
    rounds = 3 if quick else 5
    moons_epochs = 30 if quick else 100
    measured = []
    for name, work, target in [
        (f"nn.fit: moons demo, {moons_epochs} epochs (MLP 2-16-16-1, hinge + L2, full batch)",
         moons_fit(moons_epochs), ">= 40x" if moons_epochs == 100 else "(>= 40x at 100 epochs)"),
        ("nn.fit: digits, one epoch (MLP 64-32-10, cross-entropy, Adam, batches of 32)", digits_fit(1),
         ">= 20x"),
        ("nn.predict_outputs: moons model on a 100x100 grid", grid_outputs(), ""),
    ]:
        engine, compiled, engine_result, compiled_result, cpu_ratio = turns(work, rounds)
        check_same(name, engine_result, compiled_result)
        measured.append((name, engine, compiled, target, cpu_ratio))
    return measured


def load() -> str:
    """The machine's load: its 1-minute load average against its cores."""
    cores = os.cpu_count() or 1
    try:
        return f"load average {os.getloadavg()[0]:.1f} on {cores} cores"
    except OSError:  # pragma: no cover - no load average on this system
        return f"{cores} cores, load unknown"


def print_table(quick: bool) -> None:
    """Run :func:`rows`, :func:`compile_cost` and :func:`epoch_split` and print them."""
    print(f"\nbefore: {load()}")
    table = rows(quick)
    width = max(len(r[0]) for r in table)
    print(f"compile=True against compile=False (same numbers to {SAME:g}); medians, compile time included")
    print(f"{'measurement':<{width}}  {'compile=False':>13}  {'compile=True':>12}  {'speed-up':>8}  "
          f"{'(CPU time)':>10}  target")
    for name, engine, compiled, target, cpu_ratio in table:
        print(f"{name:<{width}}  {engine * 1e3:>11.1f}ms  {compiled * 1e3:>10.1f}ms  "
              f"{engine / compiled:>7.1f}x  {cpu_ratio:>9.1f}x  {target}")
    step, compiling = compile_cost(5 if quick else 9)
    print(f"\ncompiling the moons step's graph (recording it included): {compiling * 1e3:.1f} ms = "
          f"{compiling / step:.2f} engine steps of {step * 1e3:.1f} ms (medians, in turns; target <= 2)")
    split = epoch_split(30 if quick else 100)
    epoch = split["epoch"]
    print(f"a compiled moons epoch: {epoch * 1e6:.0f} us (median; the first, compiling, "
          f"{split['first epoch'] * 1e3:.1f} ms)")
    for name, what in SPLIT.items():
        print(f"  {what:<38} {split[name] * 1e6:>6.0f} us  {split[name] / epoch:>4.0%}")
    rest = epoch - sum(split[name] for name in SPLIT)
    print(f"  {'the rest (feed, norm, epoch start/end)':<38} {rest * 1e6:>6.0f} us  {rest / epoch:>4.0%}")
    print(f"after: {load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds and 30 moons epochs")
    print_table(parser.parse_args().quick)


if __name__ == "__main__":
    main()
