"""The chain rule run backward: ``backward`` (into ``.grad``) and ``grad`` (returned).

Both walk the nodes in :func:`~autograd.graph.backward_order` and, at each node, ask
its operation's table entry for the local derivatives ``d node / d input``; the
gradient each input receives is ``upstream * local``, summed over every path. Nothing
here knows a particular operation.
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from typing import Any, Iterator, Sequence, Union

from autograd.graph import backward_order
from autograd.modes import MODES, enable_grad
from autograd.value import Value, _describe


def local_derivatives(
    order: Sequence[Value], differentiable: bool = False
) -> Iterator[tuple[Value, Sequence[Any]]]:
    """Yield ``(node, d node / d each input)`` along ``order``.

    With ``differentiable=False`` the derivatives are floats. With ``True`` they are
    Values built from the node and its inputs, so that gradients made of them can be
    differentiated again (the same rule of the operation table serves both).
    """
    for node in order:
        op = node._fn
        try:
            if differentiable:
                local = op.local(node, node.inputs, node._arg)
            else:
                local = op.local(node.data, [v.data for v in node.inputs], node._arg)
        except (ArithmeticError, ValueError) as error:
            operands = ", ".join(_describe(v) for v in node.inputs)
            raise type(error)(
                f"backward of {op.label(node._arg)}: its derivative is undefined or infinite "
                f"at operands {operands} ({error})"
            ) from error
        yield node, local


def _check_finite(node: Value, gradients: Any) -> None:
    for v in node.inputs:
        g = gradients(v)
        g = g.data if isinstance(g, Value) else g
        if not math.isfinite(g):
            operands = ", ".join(_describe(i) for i in node.inputs)
            raise FloatingPointError(
                f"backward of {node.op}: gave the gradient {g} to an operand "
                f"(operands: {operands}) (detect_anomaly)"
            )


def backward(root: Value, gradient: float = 1.0) -> None:
    """Accumulate ``d root / d v`` into ``v.grad`` for every ``v`` that ``root`` depends on."""
    order = backward_order(root)
    root.grad += gradient
    anomaly = MODES.anomaly
    for node, local in local_derivatives(order):
        upstream = node.grad
        for v, d in zip(node.inputs, local):
            v.grad += upstream * d
        if anomaly:
            _check_finite(node, lambda v: v.grad)


def _accumulate(output: Value, gradients: dict, differentiable: bool) -> None:
    anomaly = MODES.anomaly
    for node, local in local_derivatives(backward_order(output), differentiable):
        upstream = gradients[node]
        for v, d in zip(node.inputs, local):
            # skip multiplying by a constant 1 so create_graph builds no needless nodes
            contribution = upstream if (type(d) is float and d == 1.0) else upstream * d
            sum_so_far = gradients.get(v)
            gradients[v] = contribution if sum_so_far is None else sum_so_far + contribution
        if anomaly:
            _check_finite(node, gradients.get)


def grad(
    output: Value,
    inputs: Union[Value, Sequence[Value]],
    create_graph: bool = False,
) -> Any:
    """The gradients ``d output / d input``, leaving every ``.grad`` untouched.

    ``inputs`` is one Value (the result is one gradient) or a sequence (a list comes
    back, in the same order). An input that ``output`` does not depend on gets 0.

    With ``create_graph=False`` the gradients are floats. With ``True`` they are Values
    that record how they were computed, so they can be differentiated again:
    ``grad(grad(y, x, create_graph=True), x)`` is the second derivative.
    """
    if not isinstance(output, Value):
        raise TypeError(f"grad needs a Value as its output, got {type(output).__name__}")
    single = isinstance(inputs, Value)
    wanted = [inputs] if single else list(inputs)
    for v in wanted:
        if not isinstance(v, Value):
            raise TypeError(f"grad takes Values as inputs, got {type(v).__name__} {v!r}")
    seed: Any = Value(1.0) if create_graph else 1.0
    gradients: dict[Value, Any] = {output: seed}
    with enable_grad() if create_graph else nullcontext():
        _accumulate(output, gradients, create_graph)
    zero = Value(0.0) if create_graph else 0.0
    found = [gradients.get(v, zero) for v in wanted]
    return found[0] if single else found
