"""The layout of a compiled graph: which nodes replay together, and where each number lives.

A recorded graph is laid out once, by :func:`lay_out`, for :mod:`autograd.replay.compile`:

* every Value gets a *slot*, an index into the arrays that hold the numbers and the
  gradients of a replay: the leaves first (the fed inputs, in the caller's order, then
  the other leaves in the order they are first used), then the nodes;
* a left-nested chain of additions, ``((b + t1) + t2) + t3`` as Python's ``sum``
  writes it, whose intermediate results are used once and are not outputs, becomes one
  *row* of terms ``b, t1, t2, t3`` (``autograd.sum`` nodes too); the intermediate sums
  get no slot, only the chain's last node does;
* a node's *level* is one more than the highest level among its operands (leaves are
  at level 0), so every operand is computed before the node;
* nodes of one level that do the same thing form a *group*, replayed as one vectorised
  operation: rows of the same width, or nodes of the same op with the same constant
  ``k`` and number of operands. A group's nodes take consecutive slots.

It also writes down the graph's *structure*, node by node, so that a graph built again
later can be compared with the one compiled (:meth:`Compiled.check`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Optional, Sequence

from autograd.graph import post_order
from autograd.micrograd_compat import learner_op
from autograd.notation import quoted
from autograd.ops import ADD, LEARNER, SUM, Op
from autograd.value import Value


class StructureError(ValueError):
    """A graph differs in structure from the one compiled: it needs compiling again."""


ROWS = "rows"
DOT = "dot"
OP = "op"


@dataclass
class Group:
    """Nodes replayed together: ``kind`` is ROWS, DOT or OP.

    ``operands[i]`` are the slots node ``i`` reads (a row's terms, a dot's
    ``w..., x..., b``); ``nodes[i]`` takes slot ``start + i``. For a row, ``chains[i]``
    lists the intermediate sums absorbed into it, each with the number of terms it adds.
    """

    kind: str
    op: Op
    k: Any
    level: int
    nodes: list = field(default_factory=list)
    operands: list = field(default_factory=list)
    chains: list = field(default_factory=list)
    start: int = 0

    @property
    def stop(self) -> int:
        return self.start + len(self.nodes)


@dataclass
class Layout:
    """Slots and groups of a graph, and the graph's Values in ``order`` (a post-order)."""

    leaves: list
    n_inputs: int
    groups: list
    outputs: list
    size: int
    order: list
    numbers: list

    @cached_property
    def described(self) -> tuple[list, dict]:
        """:func:`describe` of the graph as compiled, for :meth:`Compiled.check`: worked out at
        the first check, since most compiled graphs are never checked. The structure cannot
        change; the leaves' numbers may, so those of compile time (``numbers``, in ``leaves``
        order) are the ones described."""
        at_compile = dict(zip(self.leaves, self.numbers))
        return describe(self.order, self.leaves[:self.n_inputs], at_compile)


def walk(outputs: Sequence[Value]) -> list[Value]:
    """Every Value the outputs depend on, each after its operands, leaves too (a post-order:
    the same graph always gives the same order)."""
    return post_order(outputs)


def _refuse_learner_op(node: Value) -> None:
    raise TypeError(
        f"compile cannot replay {learner_op(node)}, data {node.data!r}: "
        "its derivative is a _backward closure, which runs on one number, not a rule of the op "
        "table that runs on arrays; build that part with built-in operations, or use backward()"
    )


def _refuse_unused(inputs: Sequence[Value], unused: set) -> None:
    """A ValueError naming the first input the outputs do not depend on: its feed would be ignored."""
    for i, v in enumerate(inputs):
        if v in unused:
            label = f" (label {quoted(v.label)})" if v.label else ""
            raise ValueError(
                f"compile: inputs[{i}]{label} is not in the graph of the outputs, so what is fed for it "
                "would change nothing; list only the leaves the outputs are computed from"
            )


def constant_key(k: Any) -> Any:
    """``k`` as a dictionary key that tells apart what ``==`` does not: 2 from 2.0, -0.0 from 0.0."""
    if k is None:
        return None
    if isinstance(k, tuple):
        return tuple(constant_key(part) for part in k)
    if isinstance(k, Op):
        return ("op", k.name)
    return (type(k).__name__, repr(k))


def _rows(order: list[Value], uses: dict, outputs: set) -> tuple[dict, dict, set]:
    """The terms of every addition or sum node, left-nested chains flattened, and which
    intermediate sums were absorbed (each with the number of terms it adds)."""
    terms: dict = {}
    chains: dict = {}
    absorbed: set = set()
    for node in order:
        if node._fn is not ADD and node._fn is not SUM:
            continue
        head = node.inputs[0]
        if head in terms and uses[head] == 1 and head not in outputs:
            row = terms.pop(head)
            chain = chains.pop(head)
            chain.append((head, len(row)))
            row.extend(node.inputs[1:])
            absorbed.add(head)
        else:
            row, chain = list(node.inputs), []
        terms[node] = row
        chains[node] = chain
    return terms, chains, absorbed


def lay_out(outputs: Sequence[Value], inputs: Sequence[Value]) -> Layout:
    """The layout of the graph that computes ``outputs``, with ``inputs`` fed at each replay."""
    order = walk(outputs)
    uses: dict = dict.fromkeys(order, 0)
    for node in order:
        if node.inputs and node._fn is LEARNER:
            _refuse_learner_op(node)
        for child in node.inputs:
            uses[child] += 1
    terms, chains, absorbed = _rows(order, uses, set(outputs))

    fed = set(inputs)
    _refuse_unused(inputs, fed - uses.keys())
    leaves = list(inputs) + [v for v in order if not v.inputs and v not in fed]
    slot = {v: i for i, v in enumerate(leaves)}
    level = dict.fromkeys(leaves, 0)
    groups: dict = {}
    for node in order:
        if not node.inputs or node in absorbed:
            continue
        operands = terms.get(node, node.inputs)
        level[node] = 1 + max(map(level.__getitem__, operands))
        if node in terms:
            key: tuple = (ROWS, level[node], len(operands))
            kind = ROWS
        else:
            kind = DOT if node._fn.name == "dot" else OP
            key = (kind, level[node], node._fn.name, len(operands), constant_key(node._arg))
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(kind, node._fn, node._arg, level[node])
        group.nodes.append(node)
        group.operands.append(operands)
        if kind == ROWS:
            group.chains.append(chains[node])

    ordered = sorted(groups.values(), key=lambda g: g.level)  # stable: first seen first
    size = len(leaves)
    for group in ordered:
        group.start = size
        for i, node in enumerate(group.nodes):
            slot[node] = size + i
        size += len(group.nodes)
    for group in ordered:
        group.operands = [[slot[v] for v in operands] for operands in group.operands]
    numbers = [v.data for v in leaves]
    return Layout(leaves, len(inputs), ordered, [slot[v] for v in outputs], size, order, numbers)


def describe(order: list[Value], inputs: Sequence[Value],
             numbers: Optional[dict] = None) -> tuple[list, dict]:
    """The structure of a graph in ``order``: one entry per Value, and each leaf's number
    (its ``.data``, or its entry in ``numbers``).

    A node's entry is its op, constant and operands (as positions in ``order``); a leaf's
    is ``("input", i)`` for the i-th fed input, else ``("leaf",)``. Two graphs built by
    the same code from the same shapes have the same entries, whatever their numbers.
    """
    position = {v: i for i, v in enumerate(order)}
    fed = {v: i for i, v in enumerate(inputs)}
    structure: list = []
    constants: dict = {}
    for v in order:
        if v.inputs:
            structure.append((v.op, constant_key(v._arg), tuple(map(position.__getitem__, v.inputs))))
        elif v in fed:
            structure.append(("input", fed[v]))
        else:
            structure.append(("leaf",))
            constants[position[v]] = (v, v.data if numbers is None else numbers[v])
    return structure, constants
