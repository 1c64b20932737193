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

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
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


def _rows(order: list[Value], sums: list[Value], outputs: set) -> tuple[dict, dict, set]:
    """The terms of every addition or sum node (``sums``, as they come in ``order``), left-nested
    chains flattened, and which intermediate sums were absorbed (each with the number of terms it
    adds).

    A sum is absorbed into the one after it when it is that one's first operand, used nowhere
    else and not an output; its uses are counted only when some sum heads another."""
    heads = {node.inputs[0] for node in sums}.intersection(sums)
    uses = Counter(chain.from_iterable([node.inputs for node in order])) if heads else {}
    terms: dict = {}
    chains: dict = {}
    absorbed: set = set()
    for node in sums:
        head = node.inputs[0]
        if head in terms and uses[head] == 1 and head not in outputs:
            row = terms.pop(head)
            chain_ = chains.pop(head)
            chain_.append((head, len(row)))
            row.extend(node.inputs[1:])
            absorbed.add(head)
        else:
            row, chain_ = list(node.inputs), []
        terms[node] = row
        chains[node] = chain_
    return terms, chains, absorbed


def lay_out(outputs: Sequence[Value], inputs: Sequence[Value], allow_unused: bool = False) -> Layout:
    """The layout of the graph that computes ``outputs``, with ``inputs`` fed at each replay (each of
    them in the graph, unless ``allow_unused``). Each group's operands are an array of slots, one
    row per node.

    Compiling costs about what walking the graph costs: past the walk, each edge is looked at
    twice, by loops that run in C (its operand's place in the order, then that operand's level)."""
    order = walk(outputs)
    sums = []
    for node in order:
        fn = node._fn
        if fn is ADD or fn is SUM:
            sums.append(node)
        elif fn is LEARNER and node.inputs:
            _refuse_learner_op(node)
    terms, chains, absorbed = _rows(order, sums, set(outputs))
    if not allow_unused:
        _refuse_unused(inputs, set(inputs).difference(order))
    position = {v: i for i, v in enumerate(order)}
    levels = [0] * len(order)
    groups: dict = {}
    keys: dict = {}  # constant_key by the constant's identity: a layer's nodes share theirs
    for i, node in enumerate(order):
        if not node.inputs or node in absorbed:
            continue
        row = terms.get(node)
        operands = list(map(position.__getitem__, node.inputs if row is None else row))
        levels[i] = at = 1 + max(map(levels.__getitem__, operands))
        if row is not None:
            key: tuple = (ROWS, at, len(operands))
        else:
            arg = node._arg
            k = keys.get(id(arg), keys)
            if k is keys:
                k = keys[id(arg)] = constant_key(arg)
            key = (node._fn.name, at, len(operands), k)
        group = groups.get(key)
        if group is None:
            kind = ROWS if row is not None else DOT if node._fn.name == "dot" else OP
            group = groups[key] = Group(kind, node._fn, node._arg, at)
        group.nodes.append(node)
        group.operands.append(operands)  # places in the order, for now
        if row is not None:
            group.chains.append(chains[node])
    return _slots(order, position, list(inputs), list(groups.values()), outputs)


def _slots(order: list, position: dict, inputs: list, groups: list, outputs: Sequence[Value]) -> Layout:
    """Slots for the leaves (the inputs first), then for each group's nodes in level order; each
    group's operands turned from places in the order into slots."""
    import numpy as np

    fed = set(inputs)
    leaves = inputs + [v for v in order if not v.inputs and v not in fed]
    slot = np.zeros(len(order), dtype=np.intp)  # by place in the order
    placed = [(position[v], i) for i, v in enumerate(leaves) if v in position]
    if placed:
        slot[[p for p, _ in placed]] = [i for _, i in placed]
    ordered = sorted(groups, key=lambda g: g.level)  # stable: first seen first
    size = len(leaves)
    for group in ordered:
        group.start = size
        size += len(group.nodes)
        slot[list(map(position.__getitem__, group.nodes))] = np.arange(group.start, size)
    for group in ordered:
        group.operands = slot[np.array(group.operands, dtype=np.intp)]
    numbers = [v.data for v in leaves]
    out = slot[[position[v] for v in outputs]].tolist()
    return Layout(leaves, len(inputs), ordered, out, size, order, numbers)


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
