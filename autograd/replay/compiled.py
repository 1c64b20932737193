"""``Compiled``: a recorded graph, replayed forward and backward with NumPy.

Made by :func:`autograd.replay.compile`, which documents what a replay keeps and what needs
compiling again. A replay holds two arrays indexed by slot (:mod:`autograd.replay.plan`):
the numbers of every leaf and node, and their gradients. ``forward`` fills the leaves'
slots (the feed, then every other leaf's ``.data``) and runs each group's kernel
(:mod:`autograd.replay.kernels`) in level order; ``backward`` seeds the outputs' gradients and
runs the kernels in reverse, then adds each leaf's gradient into its ``.grad``.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np

from autograd.modes import MODES
from autograd.notation import quoted
from autograd.replay import nonfinite as exact
from autograd.replay.batch import tile
from autograd.replay.dots import LARGE, DotKernel
from autograd.replay.given import as_values, feed_numbers, leaf_numbers
from autograd.replay.kernels import SHORT_ROW, OneNodeKernel, OpKernel, RowKernel, ShortRowKernel
from autograd.replay.plan import DOT, ROWS, Group, Layout, StructureError, describe, lay_out, walk
from autograd.value import Value


class Compiled:
    """A graph laid out for replay: ``forward(feed)``, ``backward()``, ``sync()``, ``check(...)``.

    ``leaves`` are the graph's leaves in slot order: the ``inputs`` first, as given to
    :func:`~autograd.replay.compile`, then every other leaf in the order the graph first uses it.
    Gradient arrays returned by :meth:`backward` follow that order. Compiled for a ``batch``,
    the inputs come once per sample, sample after sample, then the ``shared`` inputs.
    """

    def __init__(self, outputs: list, inputs: list, single: bool, allow_unused: bool = False,
                 batch: Optional[int] = None, shared: Sequence[Value] = (),
                 layout: Optional[Layout] = None) -> None:
        self._recorded = None  # set when laid out here; a layout given was joined from parts (batch.join)
        if layout is None:
            self._recorded = layout = lay_out(outputs, [*inputs, *shared], allow_unused)
            if batch is not None:
                layout = tile(layout, batch, len(inputs))
        self.outputs = tuple(outputs)
        self.inputs = tuple(inputs)
        self.shared = tuple(shared)
        self.batch = batch
        self.leaves = tuple(layout.leaves)
        self._fed = layout.leaves[:layout.n_inputs]
        self._others = layout.leaves[layout.n_inputs:]
        self._single = single
        self._layout = layout
        self._out = np.asarray(layout.outputs, dtype=np.intp)
        self._shape = () if batch is None else (batch,) if single else (batch, len(outputs))
        self._outputs_repeat = len(set(layout.outputs)) < len(layout.outputs)
        self._kernels = [_kernel_for(group) for group in layout.groups]
        self._look = exact.constant_not_finite(layout.groups)  # x ** -inf: looked at every forward
        self._dots = [kernel for kernel in self._kernels if isinstance(kernel, DotKernel)]
        self._vals = np.zeros(layout.size)
        self._grads = np.zeros(layout.size)
        self._by_slot: Optional[list] = None
        self._leaves_read = False  # whether a forward has read the other leaves' numbers
        self._state = "compiled"  # then "forward", then "backward"

    # what was compiled ---------------------------------------------------------------------
    @property
    def nodes(self) -> int:
        """The number of operation nodes replayed (flattened sums count every ``+``)."""
        return sum(len(g.nodes) + sum(len(c) for c in g.chains) for g in self._layout.groups)

    @property
    def groups(self) -> int:
        """The number of vectorised operations one forward pass runs."""
        return len(self._layout.groups)

    def describe(self) -> str:
        """One line per group, in replay order: its level, operation and number of nodes."""
        lines = [repr(self)]
        for g in self._layout.groups:
            what = f"rows of {len(g.operands[0])} terms" if g.kind == "rows" else g.op.label(g.k)
            lines.append(f"  level {g.level:>3}  {what:<24} x {len(g.nodes)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        def count(n: int, one: str, many: str) -> str:
            return f"{n:,} {one if n == 1 else many}"

        batch = "" if self.batch is None else f"{count(self.batch, 'sample', 'samples')} of "
        shared = f" and {len(self.shared):,} shared" if self.shared else ""
        return (f"Compiled({count(self.nodes, 'node', 'nodes')} in {count(self.groups, 'group', 'groups')}; "
                f"{batch}{count(len(self.inputs), 'input', 'inputs')}{shared}, "
                f"{count(len(self._others), 'other leaf', 'other leaves')}; "
                f"{count(len(self.outputs), 'output', 'outputs')})")

    # replay -------------------------------------------------------------------------------
    def forward(self, feed: Any = None, *, leaves: bool = True) -> Union[float, np.ndarray]:
        """The outputs' numbers, for the numbers in ``feed`` and every other leaf's ``.data``.

        ``feed`` holds one number per input, in order (any shape with that many numbers:
        a batch ``X`` of shape (samples, features) for inputs listed row by row). Without
        it, the inputs' own ``.data`` is used. With ``leaves=False`` the other leaves keep the
        numbers the last forward read (the first forward reads them anyway): for a loop that
        feeds everything that changes, such as fit's, whose other leaves are constants.
        Returns a float for one output, else an array.
        Raises the engine's error, naming the op, for an operand outside its op's domain
        or a result too large for a float (see :mod:`autograd.replay.nonfinite`).
        """
        vals = self._vals
        n = len(self._fed)
        self._state = "compiled"  # until this forward is through: no backward on half its numbers
        if feed is None and self.batch is not None:
            raise ValueError(f"forward needs a feed: the numbers of {self.batch} samples (and of the shared "
                             "inputs), as the graph was compiled for a batch")
        vals[:n] = leaf_numbers(self.inputs) if feed is None else feed_numbers(feed, self._fed)
        if leaves or not self._leaves_read:
            vals[n:len(self.leaves)] = leaf_numbers(self._others)
            self._leaves_read = True
        with np.errstate(all="ignore"):
            for kernel in self._kernels:
                kernel.forward(vals)
            # no copy, and no BLAS (whose threads, for a long vector, cost more than the pass): NaN
            # makes the comparisons false, as a number of LARGE or more does
            large = not (vals.max() < LARGE and vals.min() > -LARGE)
            if large and self._dots:  # near an overflow, or at inf or NaN: dots in the engine's order
                self._in_order(True)
                for kernel in self._kernels:
                    kernel.forward(vals)
                self._in_order(False)
        if self._look or (large and not np.isfinite(vals).all()):
            exact.forward_problem(self._kernels, vals, MODES.anomaly, self._value_at)
        self._state = "forward"
        if self.batch is not None:
            return vals.take(self._out).reshape(self._shape)
        return float(vals[self._out[0]]) if self._single else vals.take(self._out)

    def backward(self, gradient: Any = 1.0, *, accumulate: bool = True) -> np.ndarray:
        """d outputs / d leaves at the last forward's numbers, as an array in ``leaves`` order.

        ``gradient`` is the seed ``d L / d output``: one number (for every output) or one
        per output; the result is then ``sum_j gradient_j * d output_j / d leaf``. With
        ``accumulate`` (the default) each leaf that is not an input gets its gradient
        added into ``.grad``, as ``output.backward()`` adds it (up to the rounding of the
        order of the additions), so an optimizer reads it there. The inputs' ``.data`` is
        not what the replay fed, so their ``.grad`` is left alone: their gradients are the
        first ``len(inputs)`` entries of the array.
        """
        if self._state == "compiled":
            raise RuntimeError("backward needs a forward first: call forward(feed), then backward()")
        vals, grads = self._vals, self._grads
        seed = self._seed(gradient)
        self._start_from(seed)
        with np.errstate(all="ignore"):
            for kernel in reversed(self._kernels):
                kernel.backward(vals, grads)
            if not np.isfinite(grads.sum()):  # an inf or NaN makes the sum one (as, rarely, does an overflow)
                self._start_from(seed)
                exact.exact_backward(self._kernels, vals, grads, MODES.anomaly, self._value_at)
        self._state = "backward"
        result = grads[:len(self.leaves)].copy()
        if accumulate:
            for v, g in zip(self._others, result[len(self._fed):].tolist()):
                v.grad += g
        return result

    def sync(self) -> None:
        """Write the last replay's numbers into the graph's Values, to draw or step through it.

        Every node's ``.data`` becomes its replayed number and its ``.grad`` its gradient
        from the last backward (0.0 if there was none since the forward), as if the graph
        had just been built and ``backward()`` run once; the inputs get the fed numbers
        and their gradients. The other leaves already hold their own numbers and gradients.
        """
        if self._state == "compiled":
            raise RuntimeError("sync needs a forward first: call forward(feed), then sync()")
        if self.batch is not None:
            raise RuntimeError(f"sync cannot write a batch of {self.batch} samples into one sample's Values: "
                               "compile that sample's graph without batch to sync it")
        vals = self._vals
        grads = self._grads if self._state == "backward" else np.zeros_like(vals)
        n = len(self.inputs)
        for v, d, g in zip(self.inputs, vals[:n].tolist(), grads[:n].tolist()):
            v.data, v.grad = d, g
        for kernel in self._kernels:
            group = kernel.group
            numbers = vals[group.start:group.stop].tolist()
            upstream = grads[group.start:group.stop].tolist()
            for v, d, g in zip(group.nodes, numbers, upstream):
                v.data, v.grad = d, g
            if isinstance(kernel, RowKernel) and any(group.chains):
                partial = kernel.partial_sums(vals).tolist()
                for i, chain in enumerate(group.chains):
                    for v, terms in chain:
                        v.data, v.grad = partial[i][terms - 1], upstream[i]

    def check(self, outputs: Union[Value, Sequence[Value]], inputs: Optional[Sequence[Value]] = None,
              shared: Sequence[Value] = ()) -> None:
        """Raise StructureError if a graph built again differs from the one compiled.

        ``outputs``, ``inputs`` and ``shared`` are the new graph's, built by the same code from
        new data (one sample's, for a graph compiled for a batch). The structures must match
        node by node: the same ops, constants and wiring; each input at the same position;
        every other leaf the very Value compiled (a parameter) or one holding the same number
        (a constant such as the 1 of ``1 - y``). A constant that changed is a number computed
        from data: make it an input.
        """
        if self._recorded is None:
            raise StructureError("this graph was joined from a batch's graph and a loss's: there is no one "
                                 "recorded graph to check a new one against")
        new_outputs, _ = as_values(outputs, "outputs", "check")
        new_inputs, _ = as_values([*([] if inputs is None else inputs), *shared], "inputs", "check")
        fed = len(self.inputs) + len(self.shared)
        if len(new_outputs) != len(self.outputs) or len(new_inputs) != fed:
            raise StructureError(
                f"the new graph has {len(new_outputs)} outputs and {len(new_inputs)} inputs; the "
                f"compiled one has {len(self.outputs)} and {fed}: compile the new graph"
            )
        structure, constants = describe(walk(new_outputs), new_inputs)
        recorded_structure, recorded_constants = self._recorded.described
        _compare(recorded_structure, structure)
        for position, (recorded, number) in recorded_constants.items():
            leaf, now = constants[position]
            if leaf is not recorded and not (now == number or (now != now and number != number)):
                user = next((f"an operand of {quoted(entry[0])}" for entry in structure
                             if entry[0] not in ("input", "leaf") and position in entry[2]), "an output")
                raise StructureError(
                    f"leaf {position} of the graph is a constant ({user}) that was "
                    f"{number!r} when compiled and is {now!r} now: a number computed from data (a "
                    "label, a clamp) was written into the expression; make it an input leaf and "
                    "feed it, or compile the new graph"
                )

    # helpers ------------------------------------------------------------------------------
    def _in_order(self, on: bool) -> None:
        for kernel in self._dots:
            kernel.in_order = on

    def _seed(self, gradient: Any) -> np.ndarray:
        out = self._out.shape
        if type(gradient) is np.ndarray and gradient.dtype == np.float64 and gradient.shape == out:
            return gradient  # one float per output already
        seed = np.broadcast_to(np.asarray(gradient, dtype=float), self._out.shape) if np.ndim(gradient) == 0 \
            else np.asarray(gradient, dtype=float)
        if seed.shape == self._shape:  # a batch's: one per sample (and output), as forward returns them
            seed = seed.reshape(-1)
        if seed.shape != self._out.shape:
            wanted = f"one per output ({len(self._out)})" if self.batch is None \
                else f"an array of shape {self._shape}, as forward returns"
            raise ValueError(f"gradient must be one number or {wanted}, got shape {seed.shape}")
        return seed

    def _start_from(self, seed: np.ndarray) -> None:
        """Gradients all 0 but the outputs', which hold the seed (summed for an output listed twice)."""
        self._grads.fill(0.0)
        if self._outputs_repeat:
            np.add.at(self._grads, self._out, seed)
        else:
            self._grads[self._out] = seed

    def _value_at(self, slot: int) -> Value:
        if self._by_slot is None:
            self._by_slot = list(self.leaves) + [v for g in self._layout.groups for v in g.nodes]
        return self._by_slot[slot]


def _compare(recorded: list, new: list) -> None:
    """StructureError naming the first entry where two graph structures differ."""
    for position, (was, now) in enumerate(zip(recorded, new)):
        if was != now:
            raise StructureError(
                f"the new graph differs from the compiled one at its Value {position}: "
                f"{_entry(now)} where the compiled graph has {_entry(was)}; a Python if on a number, "
                "or a different batch, changes the structure: compile the new graph"
            )
    if len(recorded) != len(new):
        raise StructureError(
            f"the new graph has {len(new)} Values, the compiled one {len(recorded)}; "
            "a different batch or model changes the structure: compile the new graph"
        )


def _entry(entry: tuple) -> str:
    if entry[0] == "input":
        return f"input {entry[1]}"
    if entry[0] == "leaf":
        return "a leaf"
    return f"{quoted(entry[0])} of Values {list(entry[2])}"


def _kernel_for(group: Group) -> Union[OpKernel, RowKernel, DotKernel]:
    """The kernel that replays ``group``."""
    one = len(group.nodes) == 1
    if group.kind == ROWS:
        return ShortRowKernel(group) if one and len(group.operands[0]) <= SHORT_ROW else RowKernel(group)
    if group.kind == DOT:
        return DotKernel(group)
    return OneNodeKernel(group) if one and len(group.operands[0]) <= 2 else OpKernel(group)
