"""Compiled replays against the engine and against NumPy written by hand, on micrograd's moons step.

The step is micrograd's demo: an MLP 2-16-16-1 (ReLU, linear output) on 100 moons
points, hinge loss, plus 1e-4 L2 for nn's fused model. Each row times, in the same run,

* engine: build the graph on Values and call ``loss.backward()``;
* compiled: ``compiled.forward(X)`` and ``compiled.backward()`` on a graph compiled once;
* NumPy: the same forward and backward written by hand with matrix products;

and reads as ratios, since all three move together on a busy machine. Medians of
repeated runs; the hand-written gradients are checked against the engine's first.

    python benchmarks/replay.py            # the full table
    python benchmarks/replay.py --quick    # fewer repeats
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograd  # noqa: E402
import nn  # noqa: E402
from autograd import Value  # noqa: E402
from benchmarks.common import lecture_hinge_loss, median_seconds  # noqa: E402


# the graphs ----------------------------------------------------------------------------------
def fused_loss(model: nn.MLP, xs: list, labels: list) -> Value:
    """nn's way: one fused dot node per neuron, hinge + 1e-4 L2 (about 3,600 nodes)."""
    scores = [model(x) for x in xs]
    return nn.losses.hinge(scores, labels) + 1e-4 * nn.losses.l2_penalty(model.parameters())


def micrograd_way_loss(model: nn.MLP, xs: list, labels: list) -> Value:
    """The lecture's way: binary * and +, Python's sum per neuron and over the samples, .relu()
    (about 64,000 nodes); no L2 term."""
    layers = [[(neuron.w, neuron.b) for neuron in layer.neurons] for layer in model.layers]
    return lecture_hinge_loss(layers, xs, labels)


# NumPy by hand --------------------------------------------------------------------------------
def numpy_step(weights: list, biases: list, X: np.ndarray, y: np.ndarray, l2: float):
    """Loss and gradients of the same network with matrix products: hidden ReLU layers, linear output."""
    activations, pre = [X], []
    h = X
    for i, (W, b) in enumerate(zip(weights, biases)):
        z = h @ W.T + b
        pre.append(z)
        h = np.maximum(z, 0.0) if i < len(weights) - 1 else z
        activations.append(h)
    margins = 1.0 - y * h[:, 0]
    loss = np.maximum(margins, 0.0).mean()
    if l2:
        loss += l2 * sum((W * W).sum() + (b * b).sum() for W, b in zip(weights, biases))
    dz = ((margins > 0.0) * (-y / len(y)))[:, None]
    grad_w, grad_b = [None] * len(weights), [None] * len(weights)
    for i in reversed(range(len(weights))):
        if i < len(weights) - 1:
            dz = dz * (pre[i] > 0.0)
        grad_w[i] = dz.T @ activations[i] + 2 * l2 * weights[i]
        grad_b[i] = dz.sum(axis=0) + 2 * l2 * biases[i]
        dz = dz @ weights[i]
    return loss, grad_w, grad_b


def as_arrays(model: nn.MLP) -> tuple[list, list]:
    weights = [np.array([[w.data for w in n.w] for n in layer.neurons]) for layer in model.layers]
    biases = [np.array([n.b.data for n in layer.neurons]) for layer in model.layers]
    return weights, biases


def check_numpy_step(model: nn.MLP, loss: Value, weights, biases, X, y, l2) -> None:
    """Stop the benchmark if the hand-written gradients are not the engine's."""
    for p in model.parameters():
        p.grad = 0.0
    loss.backward()
    value, grad_w, grad_b = numpy_step(weights, biases, X, y, l2)
    engine = [p.grad for p in model.parameters()]
    by_hand = [g for gw, gb in zip(grad_w, grad_b) for row, b in zip(gw, gb) for g in (*row, b)]
    assert abs(value - loss.data) <= 1e-12 * abs(loss.data), "the NumPy loss is not the engine's"
    assert np.allclose(by_hand, engine, rtol=1e-10, atol=1e-13), "the NumPy gradients are not the engine's"
    for p in model.parameters():
        p.grad = 0.0


# the table ------------------------------------------------------------------------------------
def measure(name: str, make_loss: Callable, l2: float, repeats: int) -> dict:
    X, labels = nn.make_moons(100, noise=0.1, random_state=1)
    y = np.where(labels == 1, 1.0, -1.0)
    model = nn.MLP(2, [16, 16, 1], random_state=1)
    xs = [[Value(v) for v in row] for row in X.tolist()]
    loss = make_loss(model, xs, y.tolist())
    weights, biases = as_arrays(model)
    check_numpy_step(model, loss, weights, biases, X, y, l2)

    start = time.perf_counter()
    compiled = autograd.compile(loss, inputs=[v for row in xs for v in row])
    compile_seconds = time.perf_counter() - start

    def engine() -> None:
        make_loss(model, [[Value(v) for v in row] for row in X.tolist()], y.tolist()).backward()

    def replay() -> None:
        compiled.forward(X)
        compiled.backward()

    optimizer = nn.optim.SGD(model.parameters(), lr=1e-9)  # a real update, too small to matter

    def train(step: Callable[[], object]) -> Callable[[], None]:
        def work() -> None:
            optimizer.zero_grad()
            step()
            optimizer.step()
        return work

    def numpy_train() -> None:
        _, grad_w, grad_b = numpy_step(weights, biases, X, y, l2)
        for p, g in zip(weights + biases, grad_w + grad_b):
            p -= 1e-9 * g

    row = {
        "name": name, "nodes": compiled.nodes, "groups": compiled.groups, "compile": compile_seconds,
        "engine": median_seconds(engine, max(3, repeats // 10)),
        "compiled": median_seconds(replay, repeats),
        "numpy": median_seconds(lambda: numpy_step(weights, biases, X, y, l2), repeats),
        "train engine": median_seconds(train(engine), max(3, repeats // 10)),
        "train compiled": median_seconds(train(replay), repeats),
        "train numpy": median_seconds(numpy_train, repeats),
    }
    optimizer.zero_grad()
    return row


def print_table(quick: bool) -> None:
    """Measure the moons step both ways and print the two tables (50 repeats with ``quick``, else 400)."""
    repeats = 50 if quick else 400
    rows = [
        measure("moons, nn.MLP (fused dot nodes)", fused_loss, 1e-4, repeats),
        measure("moons, micrograd's way (binary ops)", micrograd_way_loss, 0.0, repeats),
    ]
    width = max(len(r["name"]) for r in rows)
    for title, key in [("one step: forward + backward", ""),
                       ("one training step: zero_grad, forward + backward, SGD update", "train ")]:
        print(f"{title}; medians (ms), ratios from the same run")
        print(f"{'graph':<{width}}  {'nodes':>7} {'groups':>6} {'compile':>8}  {'engine':>8} {'compiled':>9} "
              f"{'NumPy':>7}  {'engine/compiled':>15} {'compiled/NumPy':>14}")
        for r in rows:
            engine, compiled, by_hand = r[key + "engine"], r[key + "compiled"], r[key + "numpy"]
            print(f"{r['name']:<{width}}  {r['nodes']:>7,} {r['groups']:>6} {r['compile'] * 1e3:>8.1f}  "
                  f"{engine * 1e3:>8.2f} {compiled * 1e3:>9.3f} {by_hand * 1e3:>7.3f}  "
                  f"{engine / compiled:>14.0f}x {compiled / by_hand:>13.1f}x")
        print()
    print("targets (fused moons step): compiled at least 10x faster than the engine, "
          "at most 5x NumPy by hand (the bar: 10x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    print_table(parser.parse_args().quick)


if __name__ == "__main__":
    main()
