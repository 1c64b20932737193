"""Epochs per second of the playground's default network, as the playground trains it.

The default network (moons, 200 points half for training, 2 -> 4 -> 2 -> 1 tanh, batches of
10, SGD) trains one epoch at a time through ``fit``'s compiled run; the baseline is the same
run with the engine's own step (``compile=False``), timed in the same run, taking turns.
Each round starts a fresh model and times ``--epochs`` epochs (the first compiles, as the
page's first Play does); the table gives medians over the rounds. The last rows time what
each picture the page shows costs, and one click's step-through page.

    python benchmarks/playground.py           # 5 rounds of 50 epochs
    python benchmarks/playground.py --quick   # 3 rounds of 20
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import median_seconds  # noqa: E402
from demos.playground.session import Model, Session  # noqa: E402
from demos.playground.settings import Settings  # noqa: E402


def epoch_seconds(compile: bool, epochs: int) -> float:
    """Seconds per epoch of a fresh default model trained ``epochs`` epochs."""
    model = Model(Settings(), seed=0, compile=compile)
    gc.collect()
    start = time.perf_counter()
    for _ in range(epochs):
        model.train_one_epoch()
    return (time.perf_counter() - start) / epochs


def rows(rounds: int, epochs: int) -> list[tuple[str, float]]:
    """(what, median seconds) for each row of the table."""
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(rounds):
        for compile in (False, True):
            times[compile].append(epoch_seconds(compile, epochs))
    session = Session()
    session.step()
    return [
        ("one epoch, the engine's step (baseline)", statistics.median(times[False])),
        ("one epoch, compiled (the playground)", statistics.median(times[True])),
        ("one picture of the page (state)", median_seconds(lambda: session.state(False), rounds * 4)),
        ("one point's step-through page", median_seconds(lambda: session.steps_page("train", 0), rounds)),
    ]


def print_table(quick: bool) -> None:
    rounds, epochs = (3, 20) if quick else (5, 50)
    table = rows(rounds, epochs)
    baseline = table[0][1]
    print(f"The playground's default network, medians of {rounds} rounds ({epochs} epochs each)\n")
    print(f"{'':42} {'ms':>9} {'per second':>11} {'vs baseline':>12}")
    for name, seconds in table:
        ratio = f"{baseline / seconds:.1f}x" if name.startswith("one epoch") else ""
        print(f"{name:42} {1000 * seconds:9.2f} {1 / seconds:11.0f} {ratio:>12}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python benchmarks/playground.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds of 20 epochs")
    print_table(parser.parse_args(argv).quick)


if __name__ == "__main__":
    main()
