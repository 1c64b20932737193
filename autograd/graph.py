"""Walking a computation graph: the order in which backward visits its nodes."""

from __future__ import annotations

from typing import Any, Protocol, Sequence


class Node(Protocol):
    """What walking and differentiating a graph reads of a node: in practice a
    :class:`~autograd.value.Value`, named here by its parts because ``value.py`` is built on
    this module and the modules beside it, not under them."""

    data: Any
    grad: Any
    inputs: tuple
    op: Any
    label: str
    _arg: Any


CONSTANT = "constant"
"""The ``_arg`` of a leaf made from a plain number given to an operation (the 2 of ``2*x``, the
inputs of a dot given as numbers): a constant, which the views give no step of its own and
practice asks nothing about (:func:`autograd.views.steps.is_constant`)."""


def post_order(roots: Sequence[Node], leaves: bool = True) -> list[Node]:
    """Every Value the ``roots`` depend on, each after the Values it is computed from.

    A depth-first post-order from each root in turn, inputs in order, run with an explicit
    stack of input iterators, never recursion, so a chain of a million nodes needs no more
    than the default recursion limit; the same graph always gives the same order. With
    ``leaves=False`` only the nodes that have inputs are listed (backward's need: leaves
    receive gradients and pass none on).

    A node of many inputs whose inputs have all been seen (a neuron after the first of its
    layer: the same weights, the same inputs) is listed at once, after one check in C, rather
    than walked input by input: a seen Value has been listed already, since a graph has no
    cycles. Leaves are remembered as seen too, for that check.
    """
    order: list[Node] = []
    seen: set = set()
    mark, covered = seen.add, seen.issuperset
    for root in roots:
        if root in seen or not (leaves or root.inputs):
            continue
        mark(root)
        stack = [(root, iter(root.inputs))]
        while stack:
            node, pending = stack[-1]
            for child in pending:
                if child in seen:
                    continue
                mark(child)
                inputs = child.inputs
                if not inputs:
                    if leaves:
                        order.append(child)
                elif len(inputs) > 2 and covered(inputs):
                    order.append(child)
                else:
                    stack.append((child, iter(inputs)))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


def backward_order(root: Node) -> list[Node]:
    """The non-leaf nodes that ``root`` depends on, each before every node it uses.

    This is a reverse topological order: when backward reaches a node, every
    contribution to its gradient has already arrived (:func:`post_order`, reversed).
    """
    order = post_order((root,), leaves=False)
    order.reverse()
    return order


def all_nodes(root: Node) -> list[Node]:
    """Every Value ``root`` depends on, ``root`` included, each once, leaves too."""
    seen = {root}
    stack = [root]
    found = []
    while stack:
        node = stack.pop()
        found.append(node)
        for child in node.inputs:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return found


def forward_order(root: Node) -> list[Node]:
    """Every Value ``root`` depends on, each after its inputs: leaves in order of first use."""
    order = []
    seen = set()
    for node in reversed(backward_order(root)):
        for v in node.inputs:
            if not v.inputs and v not in seen:
                seen.add(v)
                order.append(v)
        order.append(node)
    return order or [root]
