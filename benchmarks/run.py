"""Speed and memory of the engine and the library, as ratios to a baseline timed in the same run.

The first table times computations on Values and, in the same run, the same computation
on plain floats (the baseline); the ratio between them is what to read, since both
move together on a busy machine. Times are medians of repeated runs.

The second times a training step of the GPT in ``demos/gpt_model.py`` on the bare class of
``benchmarks/local_grads.py`` (the baseline: microgpt's design), on chainrule's ``Value`` and
with the model's sums fused into ``autograd.dot``/``autograd.sum`` nodes. All must give
the same loss (to 1e-12, relative), or the run stops.

The last tables are those of ``benchmarks/replay.py`` (a compiled step against the engine
and against NumPy by hand) and ``benchmarks/compiled_training.py`` (``fit`` and
``predict_outputs`` with and without ``compile=True``), then ``benchmarks/playground.py``
(epochs per second of the playground's default network).

    python benchmarks/run.py            # the full tables
    python benchmarks/run.py --quick    # fewer repeats and a shorter chain
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import statistics
import sys
import time
import tracemalloc
from operator import mul
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nn  # noqa: E402
from autograd import Value  # noqa: E402
from benchmarks import compiled_training, playground, replay, snapshot_memory  # noqa: E402
from benchmarks.common import collector_of, lecture_hinge_loss, median_seconds, moons_step  # noqa: E402
from benchmarks.local_grads import Node  # noqa: E402
from demos import gpt_model  # noqa: E402


# ---- plain-float baselines ---------------------------------------------------------------
def _float_weights(model: nn.MLP) -> list[tuple[list[list[float]], list[float], bool]]:
    """Each layer's weights and biases as floats, and whether it applies ReLU."""
    layers = []
    for layer in model.layers:
        weights = [[w.data for w in neuron.w] for neuron in layer.neurons]
        biases = [neuron.b.data for neuron in layer.neurons]
        layers.append((weights, biases, layer.neurons[0].activation == "relu"))
    return layers


def float_forward(layers, rows: list[list[float]]) -> list[float]:
    """The MLP's forward pass on plain floats: the fastest straightforward Python."""
    scores = []
    for x in rows:
        for weights, biases, relu in layers:
            x = [sum(map(mul, w, x)) + b for w, b in zip(weights, biases)]
            if relu:
                x = [v if v > 0.0 else 0.0 for v in x]
        scores.append(x[0])
    return scores


def float_moons_loss(model: nn.MLP, rows, labels) -> float:
    """Hinge loss + 1e-4 L2 of the moons demo, forward only, on plain floats."""
    layers = _float_weights(model)
    scores = float_forward(layers, rows)
    data_loss = sum(max(0.0, 1.0 - y * s) for y, s in zip(labels, scores)) / len(scores)
    return data_loss + 1e-4 * sum(p.data * p.data for p in model.parameters())


# ---- the measurements --------------------------------------------------------------------
def moons_setup(seed: int = 1):
    X, y = nn.make_moons(100, noise=0.1, random_state=seed)
    labels = [1.0 if c == 1 else -1.0 for c in y]
    rows = X.tolist()
    model = nn.MLP(2, [16, 16, 1], random_state=seed)
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
    return X, y, rows, labels, model, optimizer


def micrograd_way_loss(model: nn.MLP, rows, labels) -> Value:
    """The moons loss written as micrograd's lecture writes it (about 11,000 nodes)."""
    layers = [[(neuron.w, neuron.b) for neuron in layer.neurons] for layer in model.layers]
    return lecture_hinge_loss(layers, [[Value(v) for v in row] for row in rows], labels)


def backward_seconds(build: Callable[[], Value], repeats: int) -> float:
    """Median time of ``backward()`` alone, each on a freshly built graph."""
    times = []
    for _ in range(repeats):
        loss = build()
        start = time.perf_counter()
        loss.backward()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def chain(n: int) -> Value:
    """A chain of ``n`` tanh nodes from one leaf; returns the leaf's gradient holder."""
    x = Value(0.5)
    v = x
    for _ in range(n):
        v = v.tanh()
    v.backward()
    return x


def float_chain(n: int) -> float:
    x = 0.5
    tanh = math.tanh
    for _ in range(n):
        x = tanh(x)
    return x


def bytes_per_node(n: int) -> float:
    """Memory held per node of a tanh chain after backward (data and grad both set)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    x = Value(0.5)
    v = x
    for _ in range(n):
        v = v.tanh()
    v.backward()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del v, x
    return held / n


def rows_of_table(quick: bool) -> list[tuple[str, float, float, str, str]]:
    repeats = 5 if quick else 15
    chain_n = 100_000 if quick else 1_000_000
    rows = []

    X, y, points, labels, model, optimizer = moons_setup()
    step = median_seconds(lambda: moons_step(model, optimizer, points, labels), repeats)
    base = median_seconds(lambda: float_moons_loss(model, points, labels), repeats)
    rows.append(("moons step: MLP 2-16-16-1, 100 points, hinge+L2, backward, SGD",
                 step, base, "plain-float forward", "<= 10x"))

    backward = backward_seconds(lambda: micrograd_way_loss(model, points, labels), repeats)
    base = median_seconds(lambda: float_moons_loss(model, points, labels), repeats)
    rows.append(("backward alone of the moons loss written the micrograd way", backward, base,
                 "plain-float forward", ""))

    big = median_seconds(lambda: chain(chain_n), 3)
    base = median_seconds(lambda: float_chain(chain_n), 3)
    rows.append((f"chain of {chain_n:,} tanh nodes: forward + backward", big, base,
                 "plain-float forward", ""))

    X, y, points, labels, model, optimizer = moons_setup()
    epoch = median_seconds(
        lambda: nn.fit(model, X, y, loss="hinge", optimizer=optimizer, epochs=1, l2=1e-4,
                       progress=False),
        repeats,
    )
    base = median_seconds(lambda: float_moons_loss(model, points, labels), repeats)
    rows.append(("nn.fit: one epoch of the moons demo (full batch)", epoch, base,
                 "plain-float forward", ""))

    grid = [[-2.0 + 4.5 * i / 99, -1.5 + 3.0 * j / 99] for i in range(100) for j in range(100)]
    import numpy as np

    grid_array = np.array(grid)
    layers = _float_weights(model)
    predict = median_seconds(lambda: nn.predict(model, grid_array), 3)
    base = median_seconds(lambda: float_forward(layers, grid), 3)
    rows.append(("nn.predict on a 100x100 grid (decision boundary)", predict, base,
                 "plain-float forward", ""))
    return rows


# ---- one training step of the tiny GPT, on four engines -----------------------------------
GPT_NAMES = ("emma", "olivia", "ava")
"""The names one benchmarked step trains on (the first three of the demo's list)."""
SAME_LOSS = 1e-12
"""How far apart (relative) the engines' losses may be: rounding only."""


class LossMismatch(AssertionError):
    """The engines computed different losses for the same step: a bug, not a speed."""


def gpt_step(params: dict, kernels: gpt_model.Kernels) -> Callable[[], float]:
    """One step of the GPT on ``GPT_NAMES``: zero the grads, forward, backward; returns the loss.
    No update follows, so every repeat computes the same loss from the same weights."""
    weights = gpt_model.parameters(params)

    def step() -> float:
        for p in weights:
            p.grad = 0.0
        loss = gpt_model.batch_loss(params, GPT_NAMES, kernels)
        loss.backward()
        return loss.data

    return step


def gpt_engines() -> list[tuple[str, Callable[[], float], str]]:
    """Each engine's label, its step and its target speed-up over the baseline (the first)."""
    return [
        ("baseline: local-gradients Node, linear = sum of products",
         gpt_step(gpt_model.init_params(Node), gpt_model.PLAIN), ""),
        ("chainrule Value, the same code (linear = sum of products)",
         gpt_step(gpt_model.init_params(Value), gpt_model.PLAIN), ">= 1.0x (goal 1.2x)"),
        ("chainrule Value, fused_linear: [autograd.dot(row, x) for row in w]",
         gpt_step(gpt_model.init_params(Value), gpt_model.FUSED_LINEAR), ">= 5x"),
        ("chainrule Value, fused everywhere (+ autograd.sum, autograd.dot)",
         gpt_step(gpt_model.init_params(Value), gpt_model.FUSED), ""),
    ]


class CollectorClock:
    """The seconds Python's cyclic garbage collector runs, added up through ``gc.callbacks``."""

    seconds = 0.0
    _started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started


def interleaved_medians(steps: list[Callable[[], float]], repeats: int,
                        pythons: Sequence[bool] = ()) -> tuple[list[float], list[float], list[float]]:
    """Each step's median time over ``repeats`` rounds, the median part of it spent in the
    garbage collector, and the losses of the last round.

    The steps take turns (a, b, c, a, b, c, ...) so that a busy spell of the machine hits
    them alike. Before each timed call the garbage of the previous one is collected,
    untimed: every step starts from the same heap, and the collections its own
    allocations trigger are part of its time. A step marked in ``pythons`` runs with Python's
    own collector (chainrule's policy off), as a program without chainrule would; the others
    find the collector as they left it (see :func:`benchmarks.common.collector_of`).
    """
    times: list[list[float]] = [[] for _ in steps]
    collecting: list[list[float]] = [[] for _ in steps]
    losses = [math.nan] * len(steps)
    clock = CollectorClock()
    states: list[list] = [[] for _ in steps]
    marked = list(pythons) + [False] * (len(steps) - len(pythons))
    for _ in range(repeats):
        for i, step in enumerate(steps):
            gc.collect()
            clock.seconds = 0.0
            gc.callbacks.append(clock)
            try:
                with collector_of(marked[i], states[i]):
                    start = time.perf_counter()
                    losses[i] = step()
                    times[i].append(time.perf_counter() - start)
            finally:
                gc.callbacks.remove(clock)
            collecting[i].append(clock.seconds)
    return ([statistics.median(t) for t in times], [statistics.median(c) for c in collecting], losses)


def check_same_loss(labels: list[str], losses: list[float], rel: float = SAME_LOSS) -> None:
    """Raise :class:`LossMismatch`, listing every engine's loss, unless all agree with the first."""
    reference = losses[0]
    if all(abs(x - reference) <= rel * abs(reference) for x in losses):
        return
    listing = "\n".join(f"  {x!r:<22} {label}" for label, x in zip(labels, losses))
    raise LossMismatch(f"the engines disagree on the GPT loss (more than {rel:g} relative):\n{listing}")


class GPTRow(NamedTuple):
    """One engine's line of the GPT table."""

    label: str
    seconds: float
    collector_seconds: float
    speedup: float
    target: str


def gpt_table(repeats: int) -> tuple[list[GPTRow], float]:
    """One row per engine (its speed-up is over the first, the baseline) and the common loss."""
    engines = gpt_engines()
    labels = [label for label, _, _ in engines]
    medians, collecting, losses = interleaved_medians([step for _, step, _ in engines], repeats,
                                                      [label.startswith("baseline") for label in labels])
    check_same_loss(labels, losses)
    base = medians[0]
    rows = [GPTRow(label, m, c, base / m, target)
            for (label, _, target), m, c in zip(engines, medians, collecting)]
    return rows, losses[0]


def print_gpt_table(repeats: int) -> None:
    """Run :func:`gpt_table` and print it."""
    rows, loss = gpt_table(repeats)
    width = max(len(r.label) for r in rows)
    print(f"\nGPT training step (demos/gpt_model.py, forward + backward of {len(GPT_NAMES)} names), "
          f"medians of {repeats} interleaved rounds")
    print(f"{'engine':<{width}}  {'median':>9}  {'of it GC':>9}  {'speed-up':>8}  target")
    for row in rows:
        print(f"{row.label:<{width}}  {row.seconds * 1e3:>7.1f}ms  {row.collector_seconds * 1e3:>7.1f}ms  "
              f"{row.speedup:>7.2f}x  {row.target}")
    print(f"every engine's loss: {loss!r} (they agree to {SAME_LOSS:g}, relative); "
          "'of it GC': time in Python's cyclic garbage collector")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, a 100,000-node chain")
    args = parser.parse_args()
    random.seed(0)

    table = rows_of_table(args.quick)
    width = max(len(r[0]) for r in table)
    print(f"{'measurement':<{width}}  {'median':>10}  {'baseline':>10}  {'ratio':>7}  target")
    for name, value, base, _, target in table:
        ratio = value / base
        print(f"{name:<{width}}  {value * 1e3:>8.2f}ms  {base * 1e3:>8.2f}ms  {ratio:>6.1f}x  {target}")
    per_node = bytes_per_node(100_000)
    print(f"{'memory per node of a tanh chain, after backward':<{width}}  {per_node:>8.0f} B  "
          f"{sys.getsizeof(0.5):>8} B  {per_node / sys.getsizeof(0.5):>6.1f}x  <= 200 B")
    snapshot = snapshot_memory.bytes_per_parameter(100 if args.quick else 1000)[snapshot_memory.SNAPSHOTS]
    print(f"{'memory per parameter of a fit(record=True) snapshot':<{width}}  {snapshot:>8.1f} B  "
          f"{8:>8} B  {snapshot / 8:>6.1f}x  <= 12 B (a state_dict: 115 B)")
    print("baseline: the same computation on plain Python floats (memory: one float; a snapshot: one double)")
    print_gpt_table(3 if args.quick else 11)
    print("\nautograd.compile: the moons step replayed (benchmarks/replay.py)")
    replay.print_table(args.quick)
    compiled_training.print_table(args.quick)
    print()
    playground.print_table(args.quick)


if __name__ == "__main__":
    main()
