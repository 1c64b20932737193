"""Operations over many Values that make one node: an n-ary sum, log-sum-exp and a dot product
(and a dense layer's dot products at once).

``sum(w_i * x_i) + b`` written with binary operations makes ``2n`` nodes; the fused
forms make one, so a neuron's forward and backward run their inner loops in one place.
That is both faster and a smaller picture when the graph is drawn.
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, Union

from autograd import ops
from autograd.modes import MODES
from autograd.notation import quoted
from autograd.value import Value, apply, as_value, record

Operand = Union[Value, int, float]


def sum(terms: Iterable[Operand]) -> Value:
    """``t_1 + t_2 + ... + t_n`` as one node; ``d/dt_i = 1``. Numbers become leaves.

    The terms are added left to right, rounding after each addition, on every Python
    (:data:`autograd.ops.add_up`; Python 3.12's own ``sum`` would compensate the rounding),
    so a compiled replay of the sum gives the same number.

    The sum of no terms is a leaf holding 0.0.
    """
    values = tuple(terms)
    if not values:
        return Value(0.0)
    return _apply_to_operands(ops.SUM, values, None)


def logsumexp(terms: Iterable[Operand]) -> Value:
    """``log(e^t_1 + ... + e^t_n)`` as one node; ``d/dt_i = e^(t_i - out)``, the softmax of the terms.

    Computed as ``m + log(sum_i e^(t_i - m))`` with ``m`` the largest term, so it is finite
    for terms of +-1000: the stable normaliser of softmax and cross-entropy. Numbers
    become leaves; no terms is a ValueError (the log of an empty sum is -inf).
    """
    values = tuple(terms)
    if not values:
        raise ValueError("logsumexp needs at least one term, got none")
    return _apply_to_operands(ops.LOGSUMEXP, values, None)


def dot(
    weights: Sequence[Operand],
    inputs: Sequence[Operand],
    bias: Optional[Operand] = None,
    activation: Optional[str] = None,
    slope: float = 0.01,
) -> Value:
    """``act(sum_i w_i x_i + b)`` as one node: a whole neuron.

    ``d/dw_i = act'(z) x_i``, ``d/dx_i = act'(z) w_i``, ``d/db = act'(z)`` with ``z`` the
    weighted sum. ``activation`` is None (or ``"linear"``) for the plain weighted sum,
    or one of ``"relu"``, ``"leaky_relu"`` (with ``slope``), ``"tanh"``, ``"sigmoid"``.
    ``weights`` and ``inputs`` must have the same length; ``bias`` is optional; numbers
    become leaves.
    """
    n = len(weights)
    if n != len(inputs):
        raise ValueError(
            f"dot needs as many weights as inputs, got {n} weights and {len(inputs)} inputs"
        )
    k = _dot_constant(n, activation, slope)
    if n:
        try:
            made = _neurons((weights,), inputs, (bias,), k)
        except (AttributeError, TypeError):
            made = None
        if made is not None:
            return made[0]
    operands = (*weights, *inputs) if bias is None else (*weights, *inputs, bias)
    if not operands:
        return Value(0.0)
    return _apply_to_operands(ops.DOT, operands, k)


def dots(
    weights: Sequence[Sequence[Value]],
    inputs: Sequence[Operand],
    biases: Sequence[Value],
    activation: Optional[str] = None,
    slope: float = 0.01,
) -> list[Value]:
    """A dense layer: ``dot(weights[j], inputs, biases[j], activation)`` for every row ``j``,
    the same nodes that many ``dot`` calls make, made faster by reading the inputs once.

    ``weights`` is one row of Values per unit, each as long as ``inputs``; ``biases`` one
    Value per row. Inputs that are numbers become leaves, once for all rows.
    """
    return Dense(weights, biases, activation, slope)(inputs)


class Dense:
    """:func:`dots` as a function of the inputs alone: ``Dense(weights, biases, activation)(x)`` is
    ``dots(weights, x, biases, activation)``, with the biases counted and the activation looked up
    once for every sample it is called on (a layer calls one per sample). The rows' lengths are
    checked at every call, as a row (a list) may have changed in between."""

    __slots__ = ("weights", "biases", "k")

    def __init__(self, weights: Sequence[Sequence[Value]], biases: Sequence[Value],
                 activation: Optional[str] = None, slope: float = 0.01) -> None:
        if len(biases) != len(weights):
            raise ValueError(f"dots needs one bias per row of weights, got {len(weights)} rows and "
                             f"{len(biases)} biases")
        self.weights, self.biases = weights, biases
        self.k = _dot_constant(len(weights[0]) if len(weights) else 0, activation, slope)

    def __call__(self, inputs: Sequence[Operand]) -> list[Value]:
        weights, n, k = self.weights, len(inputs), self.k
        if list(map(len, weights)).count(n) != len(weights):  # faster than any() over n.__ne__
            j, row = next((j, row) for j, row in enumerate(weights) if len(row) != n)
            raise ValueError(f"dots: row {j} has {len(row)} weights for {n} inputs; every row needs "
                             "one weight per input")
        if k[0] != n:  # rows of no weights, or of another length than at first
            k = (n, *k[1:])
        try:  # inputs are nearly always Values already: tried first, as in dot
            return self._nodes(inputs, k)
        except (AttributeError, TypeError):
            pass
        values = [as_value(v) for v in inputs]  # a bad input is named here, by Value itself
        try:
            return self._nodes(values, k)
        except (AttributeError, TypeError):
            raise _bad_parameter(weights, self.biases) from None

    def _nodes(self, inputs: Sequence[Value], k: tuple) -> list[Value]:
        made = _neurons(self.weights, inputs, self.biases, k) if k[0] else None
        if made is not None:
            return made
        numbers = [v.data for v in inputs]
        return [record(ops.DOT, (*row, *inputs, b), [w.data for w in row] + numbers + [b.data], k)
                for row, b in zip(self.weights, self.biases)]


_new_object = object.__new__


def _neurons(weights: Sequence[Sequence[Value]], inputs: Sequence[Value], biases: Sequence[Optional[Value]],
             k: tuple) -> Optional[list[Value]]:
    """The dot nodes of ``weights``' rows (a bias of None: none), made in place: the hot path of
    every layer, so no operand list is built and the node is made without ``record``.

    Each node holds what ``record(ops.DOT, ...)`` makes, computed the same way (``_dot``'s sum,
    then the bias, then the activation's own function). Whatever that path would look at more
    closely returns None so that it runs instead: a result that is not finite (an overflow
    raises there, naming the op; a NaN carries on) and :func:`~autograd.detect_anomaly`.
    Operands that are not Values holding numbers raise AttributeError or TypeError.
    """
    if MODES.anomaly:
        return None
    n, act, a = k
    activation = getattr(act.forward, "f", None) if act is not None else None
    numbers = [v.data for v in inputs]
    graph = MODES.grad_enabled
    made: list[Value] = []
    keep, dot, new = made.append, ops.DOT, _new_object  # read once
    for row, b in zip(weights, biases):
        z = 0.0  # add_up's order, 0.0 + w_1 x_1 + ..., written out: faster here than sum over two maps
        for w, x in zip(row, numbers):
            z += w.data * x
        if b is not None:
            z += b.data
        if act is None:
            data = z
        elif activation is not None:
            data = activation(z)
        else:
            data = act.forward((z,), a)
        if data - data != 0.0:
            return None
        v = new(Value)
        v.data, v.grad, v._label = data, 0.0, ""
        if not graph:
            v.inputs, v._fn, v._arg = (), None, None
        elif b is None:
            v.inputs, v._fn, v._arg = (*row, *inputs), dot, k
        else:
            v.inputs, v._fn, v._arg = (*row, *inputs, b), dot, k
        keep(v)
    return made


def _bad_parameter(weights: Sequence[Sequence[Value]], biases: Sequence[Value]) -> TypeError:
    """The TypeError for a layer whose weights or biases are not Values holding numbers: the first
    parameter whose ``.data`` is not a number (set so by hand, or by a callback) is named."""
    for v in (*(w for row in weights for w in row), *biases):
        data = getattr(v, "data", None)
        if isinstance(v, Value) and not (isinstance(data, (int, float)) and not isinstance(data, bool)):
            label = f" (label {quoted(v.label)})" if v.label else ""
            return TypeError(f"dots: a parameter's .data must be a number, got {type(data).__name__} "
                             f"{quoted(data)}{label}; assign floats to .data")
    return TypeError("dots: weights and biases must be Values (the parameters); inputs may be numbers")


def _dot_constant(n: int, activation: Optional[str], slope: float) -> tuple:
    """A dot node's constant ``(n, act, a)``: ValueError for an unknown activation or a negative slope."""
    act = _ACTIVATION_OF.get(activation, _UNKNOWN)
    if act is _UNKNOWN:
        known = ", ".join(name for name in _ACTIVATION_OF if name)
        raise ValueError(f"dot has no activation {quoted(activation)}; known activations: {known}")
    if act is ops.LEAKY_RELU:
        if not slope >= 0:
            raise ValueError(f"leaky_relu needs a slope >= 0, got {quoted(slope)}")
        return (n, act, float(slope))
    return (n, act, None)


def _apply_to_operands(op: ops.Op, operands: tuple, k: object) -> Value:
    """``apply`` on operands that may include numbers, which become leaves.

    Operands are nearly always Values already, so that is tried first; reading a
    number's ``.data`` fails (or, for a NumPy scalar, gives a buffer that arithmetic
    rejects), and only then are the operands converted.
    """
    try:
        return apply(op, operands, k)
    except (AttributeError, TypeError):
        return apply(op, tuple(map(as_value, operands)), k)


_ACTIVATION_OF = {None: None, "linear": None, **ops.ACTIVATIONS}
_UNKNOWN = object()
