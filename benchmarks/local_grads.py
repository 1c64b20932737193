"""The baseline for the GPT benchmark: the smallest scalar autograd of the local-gradients kind.

Each operation returns a node that holds its children and, computed right away, its
local gradients; ``backward`` sorts the graph with a recursive depth-first search and
adds ``local * upstream`` into each child. No checks, no names, no pictures: this is the
design of the tiny engines learners write (and of the one microgpt ships), kept here as
the yardstick ``benchmarks/run.py`` measures chainrule's ``Value`` against.
"""

from __future__ import annotations

import math
import sys


class Node:
    """One number, its gradient, its children and d self / d child for each child."""

    __slots__ = ("data", "grad", "children", "local")

    def __init__(self, data, children=(), local=()):
        self.data = data
        self.grad = 0.0
        self.children = children
        self.local = local

    def __add__(self, other):
        other = other if isinstance(other, Node) else Node(other)
        return Node(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Node) else Node(other)
        return Node(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, k):
        return Node(self.data ** k, (self,), (k * self.data ** (k - 1),))

    def exp(self):
        e = math.exp(self.data)
        return Node(e, (self,), (e,))

    def log(self):
        return Node(math.log(self.data), (self,), (1.0 / self.data,))

    def relu(self):
        return Node(self.data if self.data > 0 else 0.0, (self,), (1.0 if self.data > 0 else 0.0,))

    def __neg__(self):
        return self * -1.0

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other ** -1.0

    def __rtruediv__(self, other):
        return other * self ** -1.0

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for child in v.children:
                    visit(child)
                order.append(v)

        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 100_000))
        try:
            visit(self)
        finally:
            sys.setrecursionlimit(limit)
        self.grad = 1.0
        for v in reversed(order):
            for child, d in zip(v.children, v.local):
                child.grad += d * v.grad
