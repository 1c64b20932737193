"""A small neuron drawn as the lecture draws it: a fused dot node's products, sums and activation.

``nn.Neuron`` computes ``act(w·x + b)`` as one node of the op table's ``dot`` (the fast path);
micrograd's lecture builds the same neuron from its parts, one product per input, the sums
``b + w1*x1``, ``... + w2*x2`` and the activation, and its pictures show each. A dot node
of at most :data:`UP_TO` weights is shown so: ``draw_dot`` draws those nodes (its
``unfuse`` argument moves the threshold; 0 draws every dot node as one), and ``_prev``
gives them, so the lecture's own drawing code, which walks ``_prev`` and ``_op``, draws
them too.

The nodes are made for the picture only and leave the graph untouched (backward still runs
the one fused node). Their numbers are computed exactly as micrograd would compute them:
each product ``w_i*x_i``, the sums in micrograd's order (``b`` first, as
``sum(products, b)`` adds), and gradients by the chain rule from the fused node's own
``grad`` (every product and sum gets ``grad · act'(z)``); the activation's node is the dot
node itself, with its data and gradient. They are learner-style nodes with no ``_backward``,
so calling ``_backward()`` over a ``_prev`` walk (the lecture's manual backward) runs the
fused node's rule once and adds nothing twice.
"""

from __future__ import annotations

from typing import Any, Optional

from autograd import ops
from autograd.graph import forward_order

UP_TO = 4
"""The largest dot node (in weights) drawn as its products, sums and activation: enough for
the lecture's ``Neuron(2)`` and ``MLP(3, [4, 4, 1])``; a wider layer stays one node, so a
trained network's picture keeps its size. Set ``autograd.unfused.UP_TO = 0`` to draw and
walk every dot node as one."""


def unfuses(v: Any, up_to: Optional[int] = None) -> bool:
    """Whether ``v`` is a dot node of 1 to ``up_to`` (default :data:`UP_TO`) weights."""
    limit = UP_TO if up_to is None else up_to
    return v._fn is ops.DOT and 0 < v._arg[0] <= limit


def _node(kind: type, data: float, grad: float, inputs: tuple, op: str) -> Any:
    node = kind(data, inputs, op)
    node.grad = grad
    return node


def lecture_inputs(v: Any, inputs: Optional[tuple] = None) -> tuple:
    """The inputs the lecture draws for the dot node ``v``: with an activation, the sum it
    applies to (whose inputs are the earlier sum and a product, down to ``b`` and the first
    product); without one, the operands of the last sum (or of the one product).

    ``inputs`` stands in for ``v.inputs`` (a picture passes its copies of them)."""
    n, act, a = v._arg
    xs = v.inputs if inputs is None else inputs
    kind = type(v)
    slope = 1.0 if act is None else act.local(v.data, (v.data,), a)[0]
    upstream = v.grad * slope
    products = [_node(kind, w.data * x.data, upstream, (w, x), "*") for w, x in zip(xs[:n], xs[n:2 * n])]
    terms = [*xs[2 * n:], *products]  # micrograd's sum(products, b) adds b first
    if act is None:
        if len(terms) == 1:
            return (xs[0], xs[1])
        terms, last = terms[:-1], terms[-1:]
    else:
        last = []
    total = terms[0]
    for term in terms[1:]:
        total = _node(kind, total.data + term.data, upstream, (total, term), "+")
    return (total, *last)


def lecture_op(v: Any) -> str:
    """The operation the lecture names for the dot node ``v``: its activation, else ``+`` (``*``
    for one product alone)."""
    n, act, a = v._arg
    if act is None:
        return "*" if len(v.inputs) == 2 else "+"
    return act.name


def lecture_graph(root: Any, up_to: Optional[int] = None) -> Any:
    """``root`` itself when its graph has no dot node to unfuse (see :func:`unfuses`); else, for a
    picture, a copy of its graph (same numbers, labels and operations) in which each such node
    stands on its lecture's nodes."""
    order = forward_order(root)
    if not any(unfuses(v, up_to) for v in order):
        return root
    copies: dict = {}
    for v in order:
        inputs = tuple(copies[x] for x in v.inputs)
        if unfuses(v, up_to):
            copy = type(v)(v.data, lecture_inputs(v, inputs), lecture_op(v))
        else:
            copy = type(v)(v.data)
            copy.inputs, copy._fn, copy._arg = inputs, v._fn, v._arg
        copy.grad, copy.label = v.grad, v.label
        copies[v] = copy
    return copies[root]
