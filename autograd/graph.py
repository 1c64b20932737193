"""Walking a computation graph: the order in which backward visits its nodes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.value import Value


def backward_order(root: Value) -> list[Value]:
    """The non-leaf nodes that ``root`` depends on, each before every node it uses.

    This is a reverse topological order: when backward reaches a node, every
    contribution to its gradient has already arrived. It is the reversed post-order
    of a depth-first search run with an explicit stack of input iterators, never
    recursion, so a chain of a million nodes needs no more than the default recursion
    limit. Leaves are left out: they only receive gradients and pass none on.
    """
    if not root.inputs:
        return []
    order = []
    seen = {root}
    stack = [(root, iter(root.inputs))]
    while stack:
        node, pending = stack[-1]
        for child in pending:
            if child.inputs and child not in seen:
                seen.add(child)
                stack.append((child, iter(child.inputs)))
                break
        else:
            stack.pop()
            order.append(node)
    order.reverse()
    return order


def all_nodes(root: Value) -> list[Value]:
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


def forward_order(root: Value) -> list[Value]:
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
