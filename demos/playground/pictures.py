"""What the page draws, as numbers: the network's weights, each neuron's output over the input
plane and the decision boundary, all from one NumPy pass over a grid of points.

The pass reads the model's weights and applies each layer's activation with the op table's
own function (:func:`autograd.op_entry.function_of`), so the pictures show what the engine
computes; training never goes through here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import ops
from autograd.op_entry import function_of

GRID = 40
"""The boundary's cells per side."""
NEURON_GRID = 16
"""The cells per side of the picture inside each neuron."""


def extent(X: np.ndarray, margin: float = 0.25) -> list[float]:
    """The square of the input plane the pictures cover: every point, and a margin around them."""
    low, high = X.min(axis=0), X.max(axis=0)
    centre, half = (low + high) / 2, (high - low).max() / 2 * (1 + margin) + 1e-9
    return [float(c) for c in (centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)]


def grid_points(box: list[float], n: int) -> np.ndarray:
    """The centres of an ``n`` by ``n`` grid over ``box``, row by row from the top (largest y)."""
    xs = np.linspace(box[0], box[1], n + 1)
    ys = np.linspace(box[3], box[2], n + 1)
    cx, cy = (xs[:-1] + xs[1:]) / 2, (ys[:-1] + ys[1:]) / 2
    gx, gy = np.meshgrid(cx, cy)
    return np.column_stack([gx.ravel(), gy.ravel()])


def layer_arrays(model: Any, part: str = "data") -> list[tuple[np.ndarray, np.ndarray, str]]:
    """Each layer of ``model`` (an :class:`nn.MLP`) as (weights, one row per neuron; biases;
    activation): the parameters' numbers, or with ``part="grad"`` their gradients."""
    return [
        (np.array([[getattr(w, part) for w in n.w] for n in layer.neurons]),
         np.array([getattr(n.b, part) for n in layer.neurons]), layer.activation)
        for layer in model.layers
    ]


def _activate(z: np.ndarray, name: str) -> np.ndarray:
    return z if name == "linear" else function_of(ops.ACTIVATIONS[name])(z)


def layer_outputs(model: Any, points: np.ndarray) -> list[np.ndarray]:
    """Every layer's outputs at ``points`` (one column per neuron), from the first layer to the last."""
    outputs, a = [], points
    for w, b, activation in layer_arrays(model):
        with np.errstate(over="ignore", invalid="ignore"):
            a = _activate(a @ w.T + b, activation)
        outputs.append(a)
    return outputs


ROUNDED_BELOW = 1e12
"""Numbers smaller than this are rounded to three decimals; larger ones (weights that blew up)
are sent as they are, since rounding one near the largest float would overflow to infinity."""


def _rounded(a: np.ndarray) -> list:
    """Numbers for the page's JSON: three decimals, and 0 for what is not finite."""
    a = np.nan_to_num(a, nan=0.0, posinf=0.0, neginf=0.0)
    small = np.abs(a) < ROUNDED_BELOW
    return np.where(small, np.round(np.where(small, a, 0.0), 3), a).tolist()


def pictures(model: Any, box: list[float]) -> dict[str, Any]:
    """The network and its pictures for the page: ``weights[l][j][i]`` (input i of neuron j of
    layer l), ``biases``, the output's probability over the grid (``boundary``, row by row from
    the top) and each neuron's output over the small grid (``neurons[l][j]``), the input
    neurons first (x1 and x2 themselves). ``weight_grads`` and ``bias_grads`` are the
    parameters' gradients left by the last training step (its batch's mean, penalty included)."""
    layers, grads = layer_arrays(model), layer_arrays(model, "grad")
    with np.errstate(over="ignore"):
        probability = 1 / (1 + np.exp(-layer_outputs(model, grid_points(box, GRID))[-1][:, 0]))
    small = grid_points(box, NEURON_GRID)
    inputs = [small[:, 0], small[:, 1]]
    neurons = [[_rounded(column) for column in inputs]]
    neurons += [[_rounded(out[:, j]) for j in range(out.shape[1])] for out in layer_outputs(model, small)]
    return {
        "weights": [_rounded(w) for w, _, _ in layers],
        "biases": [_rounded(b) for _, b, _ in layers],
        "weight_grads": [np.nan_to_num(w).tolist() for w, _, _ in grads],
        "bias_grads": [np.nan_to_num(b).tolist() for _, b, _ in grads],
        "boundary": _rounded(probability),
        "neurons": neurons,
    }
