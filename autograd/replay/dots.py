"""The replay of ``act(w . x + b)`` nodes (``dot``): matrix products and the table's activation.

The activation is the op table's entry, forward and local; the weighted sums are matrix
products. A dense layer is a batch of dots that share weight rows (one per neuron) and
input rows (one per sample), so ``z = X W^T`` and, with ``U`` the nodes' ``upstream *
act'``, the gradients are ``U^T X`` for the weights and ``U W`` for the inputs. Dots that
share little are summed row by row instead. The sums' rounding differs from the engine's
(a different order of the same additions).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.op_entry import floats
from autograd.replay.kernels import Scatter, read, reader, unique_rows
from autograd.replay.plan import Group


class DotKernel:
    """``act(w . x + b)`` nodes with one ``(n, act, a)``: matrix products and the table's activation."""

    def __init__(self, group: Group) -> None:
        self.group = group
        self.nodes = slice(group.start, group.stop)  # the nodes' slots
        n, self.act, self.a = group.k
        # the activation's forward on arrays, looked up once (one written as floats(...) has one)
        forward = None if self.act is None else self.act.forward
        self.activate = forward.on_arrays() if isinstance(forward, floats) else None
        slots = np.asarray(group.operands, dtype=np.intp)
        self.slots = slots
        self.w, self.x = slots[:, :n], slots[:, n:2 * n]
        self.bias = reader(slots[:, 2 * n]) if slots.shape[1] > 2 * n else None
        rows = len(slots)
        self.dense = False
        if n:
            self.w_rows, w_of = unique_rows(self.w)
            self.x_rows, x_of = unique_rows(self.x)
            cells = x_of * len(self.w_rows) + w_of
            self.dense = len(self.w_rows) * len(self.x_rows) <= 2 * rows
        if self.dense:
            # the input rows, when they lie one after another (a batch's samples, a layer's outputs)
            self.x_run = reader(self.x_rows.ravel())
            self.x_run = self.x_run if type(self.x_run) is slice else None
            self.cells = reader(cells)
            self.grid = (len(self.x_rows), len(self.w_rows))
            self.full = isinstance(self.cells, slice) and self.grid[0] * self.grid[1] == rows
            # a cell that holds two nodes gets both upstreams, summed (a full grid holds one each)
            self.cell_scatter = None if self.full or len(np.unique(cells)) == rows else Scatter(cells)
            targets = [self.w_rows, self.x_rows]
        else:
            targets = [self.w, self.x]
        self.row_bias = self._row_bias(w_of) if self.dense and self.bias is not None else None
        if self.row_bias is not None:
            targets.append(self.row_bias)
        elif self.bias is not None:
            targets.append(slots[:, 2 * n])
        # one scatter per part: a part's slots often run in order (a previous layer's outputs)
        self.scatters = [Scatter(part) for part in targets]
        # one node whose weights and inputs each run in order (a penalty: sum of p * p): 1-d slices
        self.runs = None
        if rows == 1 and n:
            runs = (reader(self.w[0]), reader(self.x[0]))
            self.runs = runs if all(type(run) is slice for run in runs) else None
        self.saved: tuple = ()
        self.in_order = False  # add as the engine does, not as a matrix product: see LARGE

    def _row_bias(self, w_of: np.ndarray) -> Any:
        """The bias slot of each weight row, when every node of a row has the same bias (a dense
        layer's neuron): then the biases are added to the grid of sums, one per column, and
        their gradients are the grid's column sums. None otherwise."""
        bias = self.slots[:, -1]
        some_node = np.zeros(len(self.w_rows), dtype=np.intp)
        some_node[w_of] = np.arange(len(w_of))
        row_bias = bias[some_node]
        return row_bias if np.array_equal(row_bias[w_of], bias) else None

    def forward(self, vals: np.ndarray) -> None:
        if self.runs is not None and not self.in_order:
            w, x = vals[self.runs[0]], vals[self.runs[1]]
            z = np.dot(w, x)
            if self.bias is not None:
                z = z + vals[self.bias]
            self.saved = (w, x)
            vals[self.nodes] = self._activated(z)
            return
        if self.dense:
            w = vals.take(self.w_rows)
            x = vals.take(self.x_rows) if self.x_run is None else vals[self.x_run].reshape(self.x_rows.shape)
            grid = self.left_to_right(w, x) if self.in_order else x @ w.T
            if self.row_bias is not None:
                grid += vals.take(self.row_bias)  # after the products' sum, as the engine adds b
            z = read(grid.ravel(), self.cells)
        else:
            w, x = vals.take(self.w), vals.take(self.x)
            z = self.left_to_right(w, x) if self.in_order else np.einsum("ij,ij->i", w, x)
        if self.bias is not None and self.row_bias is None:
            z = z + read(vals, self.bias)
        self.saved = (w, x)
        vals[self.nodes] = self._activated(z)

    def _activated(self, z: np.ndarray) -> np.ndarray:
        if self.act is None:
            return z
        return self.activate(z) if self.activate is not None else self.act.forward((z,), self.a)

    def left_to_right(self, w: np.ndarray, x: np.ndarray) -> np.ndarray:
        """The weighted sums added as the engine adds them, ``0.0 + w_1 x_1 + w_2 x_2 + ...``
        (:data:`autograd.ops.add_up`): where a matrix product may not give the engine's outcome.

        A matrix product adds in its own order, and may fuse a product into its sum: near an
        overflow, or with an infinite or NaN operand, that can be the difference between an
        infinite sum and a finite one, or between inf and NaN (``inf + -3e308`` is NaN where
        ``-1e308 * 3`` overflows first, and inf where it is fused)."""
        if self.dense:  # the grid of sums, one row per input row, one column per weight row
            grid = np.zeros((len(x), len(w)))
            for j in range(w.shape[1]):
                grid += x[:, j, None] * w[None, :, j]
            return grid
        z = np.zeros(len(w))
        for j in range(w.shape[1]):
            z += w[:, j] * x[:, j]
        return z

    def scaled_upstream(self, vals: np.ndarray, grads: np.ndarray) -> np.ndarray:
        """``upstream * act'`` per node; act' read from the output, as the table's dot rule does."""
        upstream = grads[self.nodes]
        if self.act is None:
            return upstream
        out = vals[self.nodes]
        return upstream * self.act.local(out, (out,), self.a)[0]

    def backward(self, vals: np.ndarray, grads: np.ndarray) -> None:
        u = self.scaled_upstream(vals, grads)
        w, x = self.saved
        if self.runs is not None and w.ndim == 1:  # one node, read as runs of slots by forward
            grads[self.runs[0]] += x * u
            grads[self.runs[1]] += w * u
            if self.bias is not None:
                grads[self.bias] += u
            return
        if self.dense:
            if self.full:  # node i is cell i: the upstreams already lie in grid order
                grid = u.reshape(self.grid)
            else:
                grid = np.zeros(self.grid[0] * self.grid[1])
                if self.cell_scatter is None:
                    grid[self.cells] = u
                else:
                    self.cell_scatter.add(grid, u)
                grid = grid.reshape(self.grid)
            bias = u if self.row_bias is None else grid.sum(axis=0)
            parts = [(grid.T @ x).ravel(), (grid @ w).ravel(), bias]
        else:
            parts = [(x * u[:, None]).ravel(), (w * u[:, None]).ravel(), u]
        for scatter, values in zip(self.scatters, parts):
            scatter.add(grads, values)

    def shares(self, vals: np.ndarray, grads: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        u = self.scaled_upstream(vals, grads)[:, None]
        w, x = vals.take(self.w), vals.take(self.x)
        parts = [x * u, w * u] + ([u] if self.bias is not None else [])
        return self.slots, np.concatenate(parts, axis=1)


LARGE = 2.0 ** 450
"""Numbers below this in size have products below 2**900, and sums of up to 2**100 such
products stay below 2**1000, far from the largest float (about 2**1024): no order of
adding them overflows, so a matrix product gives a dot the engine's outcome. A replay
whose numbers reach it adds its dots in the engine's order (:attr:`DotKernel.in_order`)."""


