"""Walking a computation graph: the order in which backward visits its nodes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.value import Value


def backward_order(root: Value) -> list[Value]:
    """The non-leaf nodes that ``root`` depends on, each after every node that uses it.

    This is a reverse topological order: when backward reaches a node, every
    contribution to its gradient has already arrived. It is computed with explicit
    stacks (Kahn's algorithm from the root), never recursion, so a chain of a million
    nodes needs no more than the default recursion limit. Leaves are left out: they
    only receive gradients and pass none on.
    """
    if not root.inputs:
        return []
    users = {root: 0}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.inputs:
            if child.inputs:
                if child in users:
                    users[child] += 1
                else:
                    users[child] = 1
                    stack.append(child)
    order = []
    ready = [root]
    while ready:
        node = ready.pop()
        order.append(node)
        for child in node.inputs:
            if child.inputs:
                left = users[child] - 1
                users[child] = left
                if not left:
                    ready.append(child)
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
