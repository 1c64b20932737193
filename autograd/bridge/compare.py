"""``compare_with_torch``: the same graph rebuilt in PyTorch, and the two sets of gradients side by side.

micrograd's tests check the engine this way: build an expression with Values, build it
again with torch tensors, run both backward passes and compare the leaves' gradients.
:func:`compare_with_torch` does all of it for any Value, whatever ops made it: each node
is rebuilt with the PyTorch form of its op (:mod:`autograd.bridge.torch_ops`), in
float64. chainrule's gradients come from :func:`autograd.grad`, so no ``.grad`` changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from autograd import ops
from autograd.bridge.torch_import import require_torch
from autograd.bridge.torch_ops import TORCH_FORMS
from autograd.gradients import grad
from autograd.graph import forward_order
from autograd.jupyter import table_html
from autograd.micrograd_compat import learner_op
from autograd.notation import format_number, named, printable, quoted
from autograd.value import Value

SHOWN = 20
"""The most leaves the text report lists (the Jupyter table lists them all)."""


@dataclass(frozen=True)
class LeafGradient:
    """One leaf: its name, its number, and ``d output / d leaf`` by chainrule and by PyTorch."""

    name: str
    data: float
    chainrule: float
    torch: float

    @property
    def difference(self) -> float:
        """``|chainrule - torch|``: 0 where both are the same infinity, NaN where either is NaN."""
        if self.chainrule == self.torch:
            return 0.0
        return abs(self.chainrule - self.torch)


@dataclass(frozen=True)
class TorchComparison:
    """What :func:`compare_with_torch` found: the output by each engine and every leaf's gradients.

    Printed, it is a short report; in Jupyter, a table with a row per leaf.
    """

    output: float
    torch_output: float
    leaves: tuple[LeafGradient, ...]

    @property
    def max_difference(self) -> float:
        """The largest difference between the two engines: the output's or a gradient's (NaN if any is)."""
        gaps = [abs(self.output - self.torch_output) if self.output != self.torch_output else 0.0]
        gaps += [leaf.difference for leaf in self.leaves]
        return math.nan if any(math.isnan(g) for g in gaps) else max(gaps)

    def agrees(self, tolerance: float = 1e-12) -> bool:
        """Whether the output and every gradient agree within ``tolerance``, relative to the larger
        of the two numbers (absolute below 1)."""
        pairs = [(self.output, self.torch_output)] + [(leaf.chainrule, leaf.torch) for leaf in self.leaves]
        return all(a == b or abs(a - b) <= tolerance * max(1.0, abs(a), abs(b)) for a, b in pairs)

    def summary(self) -> str:
        """One line: how many leaves, the output by each engine and the largest difference."""
        n = len(self.leaves)
        return (f"chainrule and PyTorch: {n} {'leaf' if n == 1 else 'leaves'}, output {self.output!r} and "
                f"{self.torch_output!r}, largest difference {self.max_difference:.3g}")

    def rows(self) -> list[list[str]]:
        """A row of text per leaf: name, data, chainrule's gradient, PyTorch's, their difference."""
        return [[leaf.name, format_number(leaf.data, 6), repr(leaf.chainrule), repr(leaf.torch),
                 f"{leaf.difference:.3g}"] for leaf in self.leaves]

    def __str__(self) -> str:
        rows = [HEADER, *self.rows()[:SHOWN]]
        widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
        lines = [self.summary()] + ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()
                                    for row in rows]
        if len(self.leaves) > SHOWN:
            lines.append(f"  ... and {len(self.leaves) - SHOWN} more leaves")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return table_html(self.summary(), HEADER, self.rows())


HEADER = ["leaf", "data", "grad (chainrule)", "grad (PyTorch)", "difference"]


def _refuse_foreign_ops(order: list) -> None:
    """A ValueError for the first node whose op PyTorch cannot rebuild: a learner-written one (its
    rule is a closure torch cannot read) or one missing from :data:`TORCH_FORMS`."""
    for node in order:
        if not node.inputs:
            continue
        if node._fn is ops.LEARNER:
            raise ValueError(f"compare_with_torch: {learner_op(node)} has no PyTorch form: torch can "
                             "rebuild only the op table's operations; check your op's _backward with "
                             "autograd.gradcheck instead")
        if node._fn.name not in TORCH_FORMS:
            raise ValueError(f"compare_with_torch: the op {quoted(node.op)} has no PyTorch form yet; "
                             "add one to autograd/bridge/torch_ops.py")


def _leaf_name(v: Value, number: int) -> str:
    return printable(named(v.label)) if v.label else f"leaf {number}"


def compare_with_torch(output: Value) -> TorchComparison:
    """Rebuild the graph of ``output`` in PyTorch (float64), run both backward passes, and compare.

    Returns a :class:`TorchComparison`: the output by each engine, and per leaf (each Value
    without inputs, in the order the graph first uses them) chainrule's gradient, PyTorch's
    and their difference. ``.agrees()`` says whether they match to 1e-12. A graph holding
    an op written by hand (``Value(data, children, op)`` with its own ``_backward``) is a
    ValueError naming that op: torch has no rule for it. Needs PyTorch
    (``pip install 'chainrule[torch]'``); nothing of ``output``'s graph changes.
    """
    if not isinstance(output, Value):
        raise TypeError(f"compare_with_torch needs a Value, got {type(output).__name__} {quoted(output)}")
    order = forward_order(output)
    _refuse_foreign_ops(order)
    torch = require_torch("compare_with_torch")
    leaves = [v for v in order if not v.inputs]
    ours = grad(output, leaves)
    with torch.enable_grad():
        tensors: dict[Value, Any] = {}
        for v in order:
            if v.inputs:
                operands = [tensors[u] for u in v.inputs]
                tensors[v] = TORCH_FORMS[v._fn.name](torch, operands, v._arg)
            else:
                tensors[v] = torch.tensor(v.data, dtype=torch.float64, requires_grad=True)
        tensors[output].backward()
    theirs = [0.0 if tensors[v].grad is None else tensors[v].grad.item() for v in leaves]
    found = tuple(LeafGradient(_leaf_name(v, i), v.data, float(a), float(b))
                  for i, (v, a, b) in enumerate(zip(leaves, ours, theirs), 1))
    return TorchComparison(output.data, tensors[output].item(), found)
