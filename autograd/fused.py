"""Operations over many Values that make one node: an n-ary sum and a dot product.

``sum(w_i * x_i) + b`` written with binary operations makes ``2n`` nodes; the fused
forms make one, so a neuron's forward and backward run their inner loops in one place.
That is both faster and a smaller picture when the graph is drawn.
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, Union

from autograd import ops
from autograd.value import Value, apply, as_value

Operand = Union[Value, int, float]


def _values(items: Iterable[Operand]) -> tuple[Value, ...]:
    return tuple(v if type(v) is Value else as_value(v) for v in items)


def sum(terms: Iterable[Operand]) -> Value:
    """``t_1 + t_2 + ... + t_n`` as one node; ``d/dt_i = 1``. Numbers become leaves.

    The sum of no terms is a leaf holding 0.0.
    """
    values = _values(terms)
    if not values:
        return Value(0.0)
    return apply(ops.SUM, values)


def dot(weights: Sequence[Operand], inputs: Sequence[Operand], bias: Optional[Operand] = None) -> Value:
    """``sum_i w_i x_i + b`` as one node: a neuron's pre-activation.

    ``d/dw_i = x_i``, ``d/dx_i = w_i``, ``d/db = 1``. ``weights`` and ``inputs`` must have
    the same length; ``bias`` is optional. Numbers become leaves.
    """
    if len(weights) != len(inputs):
        raise ValueError(
            f"dot needs as many weights as inputs, got {len(weights)} weights and "
            f"{len(inputs)} inputs"
        )
    operands = _values(weights) + _values(inputs)
    if bias is not None:
        operands += (as_value(bias),)
    if not operands:
        return Value(0.0)
    return apply(ops.DOT, operands, len(weights))


