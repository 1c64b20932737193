"""``grad``: gradients returned instead of accumulated, to any order.

It runs the same chain rule as ``backward`` (:func:`~autograd.backward.local_derivatives`)
into a dictionary; with ``create_graph=True`` the rules are called on Values, so the
gradients are Values themselves and can be differentiated again.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any, Sequence, Union

from autograd.backward import check_finite_gradients, local_derivatives
from autograd.graph import backward_order
from autograd.modes import MODES, enable_grad
from autograd.notation import quoted
from autograd.value import Value


def _accumulate(output: Value, gradients: dict, differentiable: bool) -> None:
    """Run the chain rule from ``output``, summing ``d output / d v`` into ``gradients[v]``."""
    anomaly = MODES.anomaly
    get = gradients.get
    for node, _, _, contributions in local_derivatives(backward_order(output), get, differentiable):
        for v, contribution in zip(node.inputs, contributions):
            sum_so_far = get(v)
            gradients[v] = contribution if sum_so_far is None else sum_so_far + contribution
        if anomaly:
            check_finite_gradients(node, get)


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
            raise TypeError(f"grad takes Values as inputs, got {type(v).__name__} {quoted(v)}")
    seed: Any = Value(1.0) if create_graph else 1.0
    gradients: dict[Value, Any] = {output: seed}
    with enable_grad() if create_graph else nullcontext():
        _accumulate(output, gradients, create_graph)
    zero = Value(0.0) if create_graph else 0.0
    found = [gradients.get(v, zero) for v in wanted]
    return found[0] if single else found
