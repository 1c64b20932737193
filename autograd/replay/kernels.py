"""The vectorised replay of one group of nodes: forward into the numbers, backward into the gradients.

Every kernel works on two arrays indexed by slot (:mod:`autograd.replay.plan`): ``vals``, the
numbers, and ``grads``, the gradients. ``forward`` gathers its operands from ``vals``
and writes its nodes' numbers into their consecutive slots; ``backward`` reads its
nodes' gradients and adds each operand's share into ``grads``, operands that repeat
(a weight used by every sample) summed with ``np.bincount``.

* :class:`OpKernel` runs the op table's own ``forward`` and ``local`` on arrays, one
  element per node: ``local`` gives ``d node / d operand_i`` for every node at once.
* :class:`RowKernel` adds rows of terms left to right, ``((t0 + t1) + t2) + ...``, as
  chains of ``+`` and the engine's sums (:data:`autograd.ops.add_up`) do, so its numbers
  are the engine's bit for bit (the sign of a zero sum included); every term
  gets the row's gradient.
* :class:`DotKernel` replays ``act(w . x + b)`` nodes. The activation is the table's
  entry, forward and local; the weighted sums are matrix products: a dense layer is a
  batch of dots that share weight rows (one per neuron) and input rows (one per
  sample), so ``z = X W^T`` and, with ``U`` the nodes' ``upstream * act'``, the
  gradients are ``U^T X`` for the weights and ``U W`` for the inputs. Dots that share
  little are summed row by row instead. The sums' rounding differs from the engine's
  (a different order of the same additions).

:meth:`shares` gives, for each node, its operands' slots and what backward adds into
them: the per-node view that :mod:`autograd.replay.nonfinite` needs for the engine's rules at
non-finite numbers.
"""

from __future__ import annotations

from typing import Any, Union

import numpy as np

from autograd.op_entry import floats
from autograd.replay.plan import DOT, ROWS, Group

Read = Union[slice, np.ndarray]


def reader(slots: Any) -> Read:
    """A slice when ``slots`` are consecutive (a view, no copy), else the index array."""
    slots = np.asarray(slots, dtype=np.intp)
    if slots.ndim == 1 and slots.size and np.array_equal(slots, np.arange(slots[0], slots[0] + slots.size)):
        return slice(int(slots[0]), int(slots[0]) + slots.size)
    return slots


def read(vals: np.ndarray, where: Read) -> np.ndarray:
    """The numbers at ``where``: a view for a slice, a gathered copy for an index array."""
    return vals[where] if isinstance(where, slice) else vals.take(where)


def unique_rows(slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(slots, axis=0, return_inverse=True)``: the distinct rows, sorted, and which
    one each row is. Quick when rows with the same first slot are the same row (a neuron's
    weights, a sample's inputs), as they are in a layer's dots; NumPy's sort of whole rows
    otherwise."""
    _, first, inverse = np.unique(slots[:, 0], return_index=True, return_inverse=True)
    rows = slots[first]
    if np.array_equal(rows[inverse], slots):
        return rows, inverse.ravel()
    rows, inverse = np.unique(slots, axis=0, return_inverse=True)
    return rows, inverse.ravel()


def _unless_all(picks: np.ndarray, size: int) -> Any:
    """``picks``, or None when it picks every value of a ``size``-long source in order."""
    return None if np.array_equal(picks, np.arange(size)) else picks


class Scatter:
    """Adds values into ``grads`` at fixed slots, summing those that share a slot.

    ``targets[i]`` is the slot of value ``i``, where the values are ``source[picks[i]]``
    (``source`` itself without ``picks``). Slots that occur once and, sorted, run in
    order (a previous group's nodes) take one in-place add to a slice; repeated slots
    (a weight used by every sample) are summed first with ``np.bincount``; slots that
    occur once but scattered take an add at those indices (each once: none is lost).
    """

    def __init__(self, targets: Any, picks: Any = None) -> None:
        targets = np.asarray(targets, dtype=np.intp).ravel()
        size = targets.size if picks is None else np.asarray(picks).max(initial=-1) + 1
        picks = np.arange(targets.size) if picks is None else np.asarray(picks, dtype=np.intp).ravel()
        once = np.bincount(targets)[targets] == 1
        # each part: where to add, which values (None: all of source), how repeats are summed
        self.parts: list[tuple[Read, Any, Any, int]] = []
        rest = np.ones_like(once)
        order = np.argsort(targets[once], kind="stable")
        run = reader(targets[once][order])
        if isinstance(run, slice):
            self.parts.append((run, _unless_all(picks[once][order], size), None, 0))
            rest = ~once
        if rest.all() and once.all():
            self.parts.append((targets, _unless_all(picks, size), None, 0))
        elif rest.any():
            unique, inverse = np.unique(targets[rest], return_inverse=True)
            self.parts.append((reader(unique), _unless_all(picks[rest], size), inverse.ravel(), len(unique)))

    def add(self, grads: np.ndarray, source: np.ndarray) -> None:
        for to, picks, inverse, count in self.parts:
            values = source if picks is None else source.take(picks)
            if inverse is not None:
                grads[to] += np.bincount(inverse, weights=values, minlength=count)
            else:  # a slice, or slots that occur once: a fancy += adds each value once
                grads[to] += values


class OpKernel:
    """Nodes of one op (and one constant ``k``): the table's forward and local on arrays.

    An op of many operands (``logsumexp`` over a row of logits) gathers them in one take, and
    scatters their gradients in one add when its local derivatives are arrays, one per operand.
    """

    def __init__(self, group: Group) -> None:
        self.group, self.op, self.k = group, group.op, group.k
        self.nodes = slice(group.start, group.stop)  # the nodes' slots
        self.slots = np.asarray(group.operands, dtype=np.intp).T  # operand i of every node
        self.reads = [reader(row) for row in self.slots]
        # the table's forward on arrays, looked up once (a forward written as floats(...) has one)
        self.on_arrays = self.op.forward.on_arrays() if isinstance(self.op.forward, floats) else None
        self.scatters = [Scatter(row) for row in self.slots]
        self.many = len(self.slots) > 2
        self.scatter_all = Scatter(self.slots) if self.many else None  # operand after operand
        self.xs: list = []

    def forward(self, vals: np.ndarray) -> None:
        if self.many:
            xs = list(vals.take(self.slots))
        else:
            xs = [vals[where] if type(where) is slice else vals.take(where) for where in self.reads]
        self.xs = xs
        vals[self.nodes] = self.op.forward(xs, self.k) if self.on_arrays is None else self.on_arrays(*xs)

    def local(self, vals: np.ndarray) -> Any:
        return self.op.local(vals[self.nodes], self.xs, self.k)

    def backward(self, vals: np.ndarray, grads: np.ndarray) -> None:
        upstream = grads[self.nodes]
        local = self.local(vals)
        if self.scatter_all is not None and all(getattr(d, "shape", None) == upstream.shape for d in local):
            self.scatter_all.add(grads, (np.array(local) * upstream).ravel())
            return
        for scatter, d in zip(self.scatters, local):
            scatter.add(grads, upstream if type(d) is float and d == 1.0 else upstream * d)

    def shares(self, vals: np.ndarray, grads: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        upstream = grads[self.nodes]
        values = [np.broadcast_to(upstream * d, upstream.shape) for d in self.local(vals)]
        return self.slots.T, np.stack(values, axis=1)


class RowKernel:
    """Rows of ``width`` terms, each added left to right: flattened chains of ``+`` and sums."""

    def __init__(self, group: Group) -> None:
        self.group = group
        self.nodes = slice(group.start, group.stop)  # the nodes' slots
        self.slots = np.asarray(group.operands, dtype=np.intp)  # one row of terms per node
        rows, self.width = self.slots.shape
        # a few long rows: one cumulative sum along each; many rows: column after column
        self.along_rows = rows < 8 * self.width
        self.terms = self.slots if self.along_rows else np.ascontiguousarray(self.slots.T)
        rows_of_terms = np.repeat(np.arange(rows), self.width)
        self.scatter = Scatter(self.slots, rows_of_terms)  # each term gets its row's upstream

    def forward(self, vals: np.ndarray) -> None:
        terms = vals.take(self.terms)
        if self.along_rows:
            total = np.cumsum(terms, axis=1)[:, -1]
        else:
            total = terms[0].copy()
            for column in terms[1:]:
                np.add(total, column, out=total)
        vals[self.nodes] = total

    def backward(self, vals: np.ndarray, grads: np.ndarray) -> None:
        self.scatter.add(grads, grads[self.nodes])

    def partial_sums(self, vals: np.ndarray) -> np.ndarray:
        """Every row's running sums, one row per node: what the absorbed ``+`` nodes held."""
        return np.cumsum(vals.take(self.slots), axis=1)

    def shares(self, vals: np.ndarray, grads: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        upstream = grads[self.nodes]
        return self.slots, np.repeat(upstream[:, None], self.width, axis=1)


class DotKernel:
    """``act(w . x + b)`` nodes with one ``(n, act, a)``: matrix products and the table's activation."""

    def __init__(self, group: Group) -> None:
        self.group = group
        self.nodes = slice(group.start, group.stop)  # the nodes' slots
        n, self.act, self.a = group.k
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
            self.cells = reader(cells)
            self.grid = (len(self.x_rows), len(self.w_rows))
            self.cell_scatter = Scatter(cells) if len(np.unique(cells)) < rows else None
            self.full = isinstance(self.cells, slice) and self.grid[0] * self.grid[1] == rows
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
        if self.dense:
            w, x = vals.take(self.w_rows), vals.take(self.x_rows)
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
        out = z if self.act is None else self.act.forward((z,), self.a)
        vals[self.nodes] = out

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


def kernel_for(group: Group) -> Union[OpKernel, RowKernel, DotKernel]:
    """The kernel that replays ``group``."""
    if group.kind == ROWS:
        return RowKernel(group)
    if group.kind == DOT:
        return DotKernel(group)
    return OpKernel(group)
