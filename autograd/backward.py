"""The chain rule run backward: ``backward`` (into ``.grad``) and the steps it is made of.

It walks the nodes in :func:`~autograd.graph.backward_order` and, at each node, asks
its operation's table entry for the local derivatives ``d node / d input``; the
gradient each input receives is ``upstream * local``, summed over every path. Nothing
here knows a particular operation, and nothing here needs the ``Value`` class itself
(``autograd.gradients`` builds on this for ``grad``), so ``value.py`` imports this
module and not the other way round.
"""

from __future__ import annotations

import math
from itertools import repeat
from operator import attrgetter
from typing import Any, Callable, Iterator, Sequence

from autograd.collector import graph_walked
from autograd.graph import Node, backward_order
from autograd.micrograd_compat import learner_op
from autograd.modes import MODES
from autograd.notation import describe_operand as _describe
from autograd.notation import named
from autograd.ops import LEARNER


def _undefined(node: Node, error: Exception) -> Exception:
    """The error for a local derivative that cannot be computed, naming the node's op and operands."""
    operands = ", ".join(_describe(v) for v in node.inputs)
    return type(error)(
        f"backward of {named(node.op)}: its derivative is undefined or infinite "
        f"at operands {operands} ({error})"
    )


def observe_learner_rule(node: Node, upstream: float) -> list[float]:
    """What a learner-written node's ``_backward`` adds to each input when ``node.grad`` is
    ``upstream``: the closure is run with the inputs' gradients at 0 and every gradient is
    put back afterwards. An input used twice gets the whole amount at its first place."""
    unique = list(dict.fromkeys(node.inputs))
    saved = [node.grad] + [v.grad for v in unique]
    try:
        node.grad = upstream
        for v in unique:
            v.grad = 0.0
        node._arg()
        added = {v: v.grad for v in unique}
    finally:
        node.grad = saved[0]
        for v, g in zip(unique, saved[1:]):
            v.grad = g
    seen: set = set()
    contributions = []
    for v in node.inputs:
        contributions.append(0.0 if v in seen else added[v])
        seen.add(v)
    return contributions


def _not_differentiable(node: Node) -> TypeError:
    return TypeError(
        f"grad(..., create_graph=True) cannot go through {learner_op(node)}: "
        "its _backward closure computes numbers, not a graph that can be differentiated again. "
        "Write it with built-in operations for higher derivatives, or use create_graph=False"
    )


def local_derivatives(
    order: Sequence[Node],
    upstream_of: Callable[[Node], Any],
    differentiable: bool = False,
) -> Iterator[tuple[Node, Any, Sequence[Any], Sequence[Any]]]:
    """Yield ``(node, upstream, local, contributions)`` along ``order``: the chain rule's
    two factors and their products, one per input.

    ``upstream`` is ``d root / d node``, read with ``upstream_of(node)`` when the node is
    reached (by then every contribution to it has arrived; None means none did, an exact
    zero, and the node is skipped); ``local[i]`` is
    ``d node / d node.inputs[i]`` from the operation's table entry, and
    ``contributions[i]`` is ``upstream * local[i]``. A node whose local derivatives are all
    zero (an inactive ReLU neuron) is not yielded. For a learner-written node the
    contributions are what its ``_backward`` adds, and ``local`` is their ratio to upstream.

    With ``differentiable=False`` the derivatives are floats, and a node whose upstream
    gradient is exactly 0 is skipped: everything it would pass on is ``0 * local``
    (this is what makes backward cheap through inactive ReLUs). With ``True`` they are
    Values built from the node and its inputs, so that gradients made of them can be
    differentiated again; nothing is skipped there, since a zero first derivative can
    have a non-zero derivative of its own, and a contribution ``upstream * 1`` is
    ``upstream`` itself, so no needless nodes are built.
    """
    for node in order:
        upstream = upstream_of(node)
        if upstream is None or (not differentiable and upstream == 0.0):
            continue
        op = node._fn
        if op is LEARNER:
            if differentiable:
                raise _not_differentiable(node)
            contributions = observe_learner_rule(node, upstream)
            yield node, upstream, [c / upstream for c in contributions], contributions
            continue
        try:
            if differentiable:
                local = op.local(node, node.inputs, node._arg)
            else:
                local = op.local(node.data, [v.data for v in node.inputs], node._arg)
        except (ArithmeticError, ValueError) as error:
            raise _undefined(node, error) from error
        if local is None:
            continue
        if differentiable:
            contributions = [upstream if (type(d) is float and d == 1.0) else upstream * d for d in local]
        else:
            contributions = [upstream * d for d in local]
        yield node, upstream, local, contributions


class _AnomalyError(FloatingPointError):
    """detect_anomaly's error in backward: raised after the node's contributions were added."""


def check_finite_gradients(node: Node, gradients: Any) -> None:
    for v in node.inputs:
        g = gradients(v)
        g = getattr(g, "data", g)  # a Value under grad(create_graph=True)
        if not math.isfinite(g):
            operands = ", ".join(_describe(i) for i in node.inputs)
            raise _AnomalyError(
                f"backward of {named(node.op)}: gave the gradient {g} to an operand "
                f"(operands: {operands}) (detect_anomaly)"
            )


# The one function over the house's 60 lines, on purpose: this is the hot loop of every
# training step, and splitting it into named steps would add a Python call per node
# (and per input), which costs more than the arithmetic it does. It stays in one piece.
def backward(root: Node, gradient: float = 1.0) -> None:
    """Add ``d root / d v`` to ``v.grad`` for every ``v`` that ``root`` depends on.

    Only this pass's gradient may flow on from a node, so what earlier calls left in
    the ``.grad`` of the non-leaf nodes is set aside while the pass runs and added back
    afterwards, so calling backward twice doubles every gradient. Leaves pass nothing
    on and accumulate in place, which is the fast path (and micrograd's way): a second
    call adds its contributions one by one to what the first left, which equals twice
    the first up to the rounding of that floating-point sum.

    This is :func:`local_derivatives` written out as one loop, since it is the hot path:
    at each node, ``input.grad += upstream * local`` with the table's rule, or the
    learner's own ``_backward`` closure run as it is.

    It is all or nothing: when a step fails (a derivative undefined at these numbers,
    :func:`~autograd.detect_anomaly`), every ``.grad`` is put back as it was before the
    call and the error goes on (see :func:`_undo`). A learner's closure that raises half
    way, or a Ctrl-C, is undone the same way up to the node it stopped in.
    """
    order = backward_order(root)
    # on a fresh graph (every .grad 0) there is nothing to set aside or put back; a list comprehension
    # reads the gradients faster than any() over attrgetter, and is what is put back otherwise
    grads = [node.grad for node in order]
    set_aside = any(grads)
    earlier = grads if set_aside else repeat(0.0)
    if set_aside:
        for node in order:
            node.grad = 0.0
    anomaly = MODES.anomaly
    closures = 0
    try:
        root.grad += gradient
        for node in order:
            upstream = node.grad
            if upstream == 0.0:
                continue
            op = node._fn
            if op is LEARNER:
                node._arg()
                closures += 1
            else:
                # one- and two-input nodes (nearly all) get their operands as a tuple and their
                # gradients added without zip: the same arithmetic, in fewer steps
                inputs = node.inputs
                n = len(inputs)
                try:
                    if n == 2:
                        a, b = inputs
                        local = op.local(node.data, (a.data, b.data), node._arg)
                    elif n == 1:
                        a = inputs[0]
                        local = op.local(node.data, (a.data,), node._arg)
                    elif op.adds_up is not None:
                        local = op.adds_up(node, upstream)  # () once it has added everything itself
                    elif op.passes_nothing is not None and op.passes_nothing(node.data, node._arg):
                        continue
                    else:
                        local = op.local(node.data, [v.data for v in inputs], node._arg)
                except (ArithmeticError, ValueError) as error:
                    raise _undefined(node, error) from error
                if local is None:
                    continue
                if n == 2:
                    a.grad += upstream * local[0]
                    b.grad += upstream * local[1]
                elif n == 1:
                    a.grad += upstream * local[0]
                elif local:  # not () from a shortcut that has added everything
                    for v, d in zip(inputs, local):
                        v.grad += upstream * d
            if anomaly:
                check_finite_gradients(node, _grad_of)
    except BaseException as error:
        if order:
            # a failed anomaly check comes after the node's contributions were added
            added = isinstance(error, _AnomalyError)
            _undo(order[: order.index(node) + added])
            for node, g in zip(order, earlier):
                node.grad = g
        raise
    if set_aside:
        for node, g in zip(order, earlier):
            node.grad += g
    graph_walked(len(order), closures)


def _undo(done: Sequence[Node]) -> None:
    """Take back what a failed backward pass added to the leaves, after the nodes ``done``.

    Nothing is recorded on the way (the pass stays as fast as it was): each node's
    contributions are worked out again, in the same order and with the same arithmetic
    (a node's ``.grad`` still holds the upstream it passed on). A leaf that held 0 before
    the pass, as after ``zero_grad()``, then holds exactly their sum and is set back to 0;
    any other leaf gets the sum subtracted, which restores it up to the rounding of the
    partial sums. The non-leaf nodes are put back by ``backward`` itself.
    """
    added: dict[Node, float] = {}
    for node, _, _, contributions in local_derivatives(done, _grad_of):
        for v, c in zip(node.inputs, contributions):
            if not v.inputs:
                added[v] = added.get(v, 0.0) + c
    for v, total in added.items():
        v.grad = 0.0 if v.grad == total else v.grad - total


_grad_of = attrgetter("grad")
