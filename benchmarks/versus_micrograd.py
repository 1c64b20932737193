"""One step of micrograd's moons demo on micrograd itself and on chainrule, in the same run.

The step is the demo's: an MLP 2-16-16-1 (ReLU) on 100 points, hinge loss plus 1e-4 L2,
backward, an SGD update. It runs

* on micrograd 0.1.0's ``Value`` (the reference, from the ``dev`` extra),
* on chainrule's ``Value`` with the same code (each neuron a Python ``sum`` of binary
  products: the way lecture code is written),
* on ``nn.MLP``, whose neurons are single fused ``autograd.dot`` nodes,

and, as the floor, the forward pass of the same network on plain floats. Every figure is
a median of interleaved repeats (micrograd, chainrule, nn.MLP, floats, micrograd, ...),
so that a busy machine slows them alike; micrograd runs with Python's own collector (chainrule's
collector policy off) and its cyclic garbage is collected after it, untimed, so that no run pays
for another's garbage; the ratios are what to read. ``benchmarks/speed.py`` prints the fuller
table: three floors, the collector's share, the GPT step and microgpt.

    python benchmarks/versus_micrograd.py [--repeats N]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nn  # noqa: E402
from autograd import Value  # noqa: E402
from benchmarks.common import collector_of, lecture_hinge_loss, moons_step  # noqa: E402

GENERATOR_FLOOR = "floor: floats, forward, generator sum(w*v for ..)"


def make_weights(seed: int = 1337) -> list:
    """micrograd's weights for MLP(2, [16, 16, 1]): per layer, per neuron, (weights, bias)."""
    rng = random.Random(seed)
    sizes = [2, 16, 16, 1]
    return [[([rng.uniform(-1, 1) for _ in range(n_in)], 0.0) for _ in range(n_out)]
            for n_in, n_out in zip(sizes, sizes[1:])]


def lecture_step(value: Callable[[float], Any], weights: list, rows: list, labels: list,
                 backward_seconds: list) -> Callable:
    """One training step written the lecture's way, on the Value class ``value``; the time of
    each ``loss.backward()`` alone is appended to ``backward_seconds``."""
    layers = [[([value(w) for w in ws], value(b)) for ws, b in layer] for layer in weights]
    params = [p for layer in layers for ws, b in layer for p in (*ws, b)]

    def step() -> float:
        samples = [[value(v) for v in row] for row in rows]
        loss = lecture_hinge_loss(layers, samples, labels) + 1e-4 * sum(p * p for p in params)
        for p in params:
            p.grad = 0.0
        start = time.perf_counter()
        loss.backward()
        backward_seconds.append(time.perf_counter() - start)
        for p in params:
            p.data -= 0.1 * p.grad
        return loss.data

    return step


def mlp_step(rows: list, labels: list) -> Callable:
    """The same step on nn.MLP (fused neurons) with the library's losses and optimizer."""
    model = nn.MLP(2, [16, 16, 1], random_state=1337)
    optimizer = nn.SGD(model.parameters(), lr=0.1)

    return lambda: moons_step(model, optimizer, rows, labels)


def float_forward(weights: list, rows: list) -> Callable:
    """The network's forward pass on plain floats: the floor any scalar engine is measured against."""
    def forward() -> list:
        out = []
        for row in rows:
            x = row
            for i, layer in enumerate(weights):
                x = [sum(w * v for w, v in zip(ws, x)) + b for ws, b in layer]
                if i < len(weights) - 1:
                    x = [v if v > 0 else 0.0 for v in x]
            out.append(x[0])
        return out

    return forward


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="interleaved repeats (default 7)")
    args = parser.parse_args()
    try:
        from micrograd.engine import Value as MicrogradValue
    except ImportError:
        sys.exit("micrograd is not installed: pip install 'chainrule[dev]' (or micrograd==0.1.0)")
    X, y = nn.make_moons(100, noise=0.1, random_state=1)
    rows, labels = X.tolist(), [1.0 if c else -1.0 for c in y]
    weights = make_weights()
    backward: dict[str, list[float]] = {"micrograd 0.1.0": [], "chainrule": []}
    runs = {
        "micrograd 0.1.0 (reference)": lecture_step(MicrogradValue, weights, rows, labels,
                                                    backward["micrograd 0.1.0"]),
        "chainrule, the same lecture code": lecture_step(Value, weights, rows, labels, backward["chainrule"]),
        "chainrule nn.MLP (fused neurons)": mlp_step(rows, labels),
        GENERATOR_FLOOR: float_forward(weights, rows),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    states: dict[str, list] = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():
            reference = name.startswith("micrograd")
            with collector_of(reference, states[name]):  # micrograd: Python's collector, as without chainrule
                start = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - start)
            if reference:
                gc.collect()  # untimed: micrograd's closures leave cycles the next run should not pay for
    median = {name: statistics.median(t) for name, t in times.items()}
    reference, floor = median["micrograd 0.1.0 (reference)"], median[GENERATOR_FLOOR]
    width = max(map(len, runs))
    print(f"{'one step of the moons demo':<{width}}  {'median':>9}  {'vs micrograd':>12}  {'vs floats':>9}")
    for name in runs:
        print(f"{name:<{width}}  {median[name] * 1e3:>7.1f}ms  {reference / median[name]:>11.1f}x"
              f"  {median[name] / floor:>8.1f}x")
    print(f"medians of {args.repeats} interleaved repeats; 'vs micrograd': how many times faster, "
          "'vs floats': how many times the generator floor's time")
    mine, theirs = (statistics.median(backward[k]) for k in ("chainrule", "micrograd 0.1.0"))
    print(f"loss.backward() alone, the lecture code: micrograd {theirs * 1e3:.1f}ms, chainrule "
          f"{mine * 1e3:.1f}ms, {theirs / mine:.1f}x faster")


if __name__ == "__main__":
    main()
