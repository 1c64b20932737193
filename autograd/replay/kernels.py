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
* :class:`~autograd.replay.dots.DotKernel` (:mod:`autograd.replay.dots`) replays
  ``act(w . x + b)`` nodes with matrix products.

:meth:`shares` gives, for each node, its operands' slots and what backward adds into
them: the per-node view that :mod:`autograd.replay.nonfinite` needs for the engine's rules at
non-finite numbers.
"""

from __future__ import annotations

from typing import Any, Union

import numpy as np

from autograd.op_entry import floats
from autograd.replay.plan import Group

Read = Union[slice, np.ndarray]


def reader(slots: Any) -> Read:
    """A slice when ``slots`` are consecutive (a view, no copy), else the index array."""
    slots = np.asarray(slots, dtype=np.intp)
    if slots.ndim != 1 or not slots.size:
        return slots
    first, size = int(slots[0]), slots.size
    # the ends tell most index arrays from a run at once; then every step must be 1
    if int(slots[-1]) - first == size - 1 and (size < 3 or (slots[1:] - slots[:-1] == 1).all()):
        return slice(first, first + size)
    return slots


def read(vals: np.ndarray, where: Read) -> np.ndarray:
    """The numbers at ``where``: a view for a slice, a gathered copy for an index array."""
    return vals[where] if isinstance(where, slice) else vals.take(where)


def unique_rows(slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(slots, axis=0, return_inverse=True)``: the distinct rows, sorted, and which
    one each row is. Quick when rows with the same first slot are the same row (a neuron's
    weights, a sample's inputs), as they are in a layer's dots; NumPy's sort of whole rows
    otherwise."""
    heads = slots[:, 0]
    seen = np.zeros(int(heads.max(initial=-1)) + 1, dtype=bool)  # by slot, without sorting
    seen[heads] = True
    distinct = np.flatnonzero(seen)
    which = np.empty(len(seen), dtype=np.intp)
    which[distinct] = np.arange(len(distinct))
    inverse = which[heads]
    first = np.empty(len(distinct), dtype=np.intp)
    first[inverse[::-1]] = np.arange(len(heads) - 1, -1, -1)  # the last write is each row's first use
    rows = slots[first]
    if (rows[inverse] == slots).all():
        return rows, inverse
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
        if picks is None:  # most often a run of slots, each once (a previous group's nodes): one add
            run = reader(targets)
            if type(run) is slice:
                self.parts: list[tuple[Read, Any, Any, int]] = [(run, None, None, 0)]
                return
        size = targets.size if picks is None else np.asarray(picks).max(initial=-1) + 1
        picks = np.arange(targets.size) if picks is None else np.asarray(picks, dtype=np.intp).ravel()
        once = np.bincount(targets)[targets] == 1
        # each part: where to add, which values (None: all of source), how repeats are summed
        self.parts = []
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


class OneNodeKernel(OpKernel):
    """One node of one or two operands (a loss's mean, a penalty's weight): its numbers read as
    NumPy scalars, which compute as floats do (IEEE, under the replay's ``errstate``) at a
    fraction of what arrays of one number cost."""

    def __init__(self, group: Group) -> None:
        super().__init__(group)
        self.node = group.start
        self.at = [int(row[0]) for row in self.slots]

    def forward(self, vals: np.ndarray) -> None:
        xs = [vals[s] for s in self.at]
        self.xs = xs
        vals[self.node] = self.op.forward(xs, self.k) if self.on_arrays is None else self.on_arrays(*xs)

    def backward(self, vals: np.ndarray, grads: np.ndarray) -> None:
        upstream = grads[self.node]
        for s, d in zip(self.at, self.op.local(vals[self.node], self.xs, self.k)):
            grads[s] += upstream * d


SHORT_ROW = 8
"""The most terms a row of one node adds as scalars (:class:`ShortRowKernel`): past that, one
cumulative sum costs less."""


class ShortRowKernel(RowKernel):
    """One row of a few terms (a total of two losses), added left to right as NumPy scalars."""

    def __init__(self, group: Group) -> None:
        super().__init__(group)
        self.node = group.start
        self.at = self.slots[0].tolist()

    def forward(self, vals: np.ndarray) -> None:
        at = self.at
        total = vals[at[0]]
        for s in at[1:]:
            total = total + vals[s]
        vals[self.node] = total

    def backward(self, vals: np.ndarray, grads: np.ndarray) -> None:
        upstream = grads[self.node]
        for s in self.at:
            grads[s] += upstream
