"""``Value``: one real number that remembers how it was computed."""

from __future__ import annotations

import math
import numbers
from typing import Any, Callable, Optional, Union

from autograd import ops
from autograd.backward import backward as _backward_pass
from autograd.graph import CONSTANT
from autograd.micrograd_compat import ByHand, as_children
from autograd.modes import MODES
from autograd.notation import describe_operand, digit_count, quoted, too_large
from autograd.ops import Op

Number = Union[int, float]
Operand = Union["Value", int, float]

_new_object = object.__new__
_FLOAT_INTS = 2**1023  # ints below this in size are floats' (an int compares fastest with an int)


def is_real(x: Any) -> bool:
    """Whether ``Value(x)`` takes ``x``: a real number (an int, a float or NumPy's), not a bool,
    and not NumPy's ``timedelta64``, which counts as an integer but is a duration, not a number."""
    return (isinstance(x, numbers.Real) and not isinstance(x, bool)
            and getattr(getattr(x, "dtype", None), "kind", "") != "m")


def _as_float(data: Any) -> float:
    """The float inside ``data``, or a TypeError that names what was passed instead."""
    kind = type(data)
    if kind is float:
        return data
    if kind is int or is_real(data):  # a plain int first: asking is_real costs an ABC check
        try:
            return float(data)
        except OverflowError:
            raise OverflowError(f"Value needs a number a float can hold (up to about 1.8e308), got one with "
                                f"{digit_count(data):,} digits; scale it down") from None
    if isinstance(data, Value):
        raise TypeError("Value(...) got a Value; pass its number (v.data) to make a new leaf, "
                        "or use the Value itself")
    hint = "; use 1.0 or 0.0 for a number" if isinstance(data, bool) else ""
    if isinstance(data, numbers.Real) and not hint:
        hint = "; a duration is not a number: divide it by a unit, e.g. t / np.timedelta64(1, 's')"
    raise TypeError(f"Value needs a real number (int, float or NumPy scalar), got {type(data).__name__} "
                    f"{quoted(data)}{hint}")


def _fail(op: Op, inputs: tuple, k: Any, error: type[Exception], reason: str) -> None:
    operands = ", ".join(describe_operand(v) for v in inputs)
    raise error(f"{op.label(k)}: {reason} (operands: {operands})")


def _new(data: float, inputs: tuple, op: Optional[Op], k: Any) -> Value:
    """A Value made by the engine: skips the type checks of ``Value(...)``."""
    v = _new_object(Value)
    v.data = data
    v.grad = 0.0
    v._label = ""
    v.inputs = inputs
    v._fn = op
    v._arg = k
    return v


def apply(op: Op, inputs: tuple, k: Any = None) -> Value:
    """Run ``op`` forward on ``inputs`` and record the node (unless in ``no_grad``)."""
    return record(op, inputs, [v.data for v in inputs], k)


def record(op: Op, inputs: tuple, xs: Any, k: Any = None) -> Value:
    """Run ``op`` forward on ``xs``, the numbers of ``inputs``, and record the node.

    Every operation ends here, so it is written for speed: the arithmetic methods pass
    ``xs`` as a tuple they build themselves, and the node is made without ``__init__``.
    A result that is not finite is looked at once (``x - x`` is 0 only for a finite
    ``x``, the cheapest such test): from finite operands it is an overflow, which raises
    naming the op, as every op does; from operands already infinite or NaN it
    propagates, unless :func:`~autograd.detect_anomaly` is on.
    """
    if op.check is not None:
        problem = op.check(xs, k)
        if problem is not None:
            _fail(op, inputs, k, *problem)
    try:
        data = op.forward(xs, k)
    except OverflowError:
        _fail(op, inputs, k, OverflowError, "the result is too large for a float; scale the operands down")
    v = _new_object(Value)
    v.data, v.grad, v._label = data, 0.0, ""
    if MODES.grad_enabled:
        v.inputs, v._fn, v._arg = inputs, op, k
    else:
        v.inputs, v._fn, v._arg = (), None, None
    if data - data != 0.0:
        _not_finite(op, inputs, k, data)
    return v


def _not_finite(op: Op, inputs: tuple, k: Any, data: float) -> None:
    """Raise for a result that is inf or NaN, unless it only carries on a non-finite operand."""
    if MODES.anomaly:
        _fail(op, inputs, k, FloatingPointError, f"produced {data} (detect_anomaly)")
    if all(math.isfinite(v.data) for v in inputs):
        _fail(op, inputs, k, OverflowError, too_large(data))


def as_value(x: Operand) -> Value:
    """``x`` itself if it is a Value, else a new leaf holding the number ``x``, a constant."""
    if type(x) is float:  # a sample's numbers, read by every first layer: no checks needed
        return _new(x, (), None, CONSTANT)
    return x if isinstance(x, Value) else _new(_as_float(x), (), None, CONSTANT)


def _operand(x: Any) -> Any:
    """The Value for an arithmetic operand, or NotImplemented for a foreign type.

    Plain floats and ints are tried first: asking ``numbers.Real`` is a slow ABC check."""
    kind = type(x)
    if kind is float:
        return _new(x, (), None, CONSTANT)
    if isinstance(x, Value):
        return x
    if kind is int or (isinstance(x, numbers.Real) and not isinstance(x, bool)):  # a duration: refused
        return _new(_as_float(x), (), None, CONSTANT)
    return NotImplemented


def _unary(op: Op, doc: str) -> Callable[[Value], Value]:
    """The method of a one-operand op whose forward is ``floats(f)`` (documented by ``doc``):
    ``f`` runs on the number and the node is built in place, the engine's hot path."""
    f, check = op.forward.f, op.check

    def method(self: Value) -> Value:
        x = self.data
        if check is not None:
            problem = check((x,), None)
            if problem is not None:
                _fail(op, (self,), None, *problem)
        try:
            data = f(x)
        except OverflowError:
            _fail(op, (self,), None, OverflowError, "the result is too large for a float; scale it down")
        v = _new_object(Value)
        v.data, v.grad, v._label = data, 0.0, ""
        if MODES.grad_enabled:
            v.inputs, v._fn, v._arg = (self,), op, None
        else:
            v.inputs, v._fn, v._arg = (), None, None
        if data - data != 0.0:
            _not_finite(op, (self,), None, data)
        return v

    method.__name__ = method.__qualname__ = op.name
    method.__doc__ = doc
    method.op = op  # marks the methods that apply one op to the Value alone (see FUNCTIONS)
    return method


def _binary(op: Op) -> tuple[Callable[[Value, Any], Any], Callable[[Value, Any], Any]]:
    """The two methods of a two-operand op whose forward is ``floats(f)``: ``self op other``
    and the reflected ``other op self`` (Python calls the latter for ``2 - v``). A number
    becomes a leaf; any other type gets NotImplemented, so Python can try its own method.
    ``f`` runs on the numbers and the node is built in place: the engine's hot path."""
    f, check = op.forward.f, op.check

    def forward(a: Value, b: Any) -> Any:
        if type(b) is not Value:
            b = _operand(b)
            if b is NotImplemented:
                return NotImplemented
        x, y = a.data, b.data
        if check is not None:
            problem = check((x, y), None)
            if problem is not None:
                _fail(op, (a, b), None, *problem)
        try:
            data = f(x, y)
        except OverflowError:
            _fail(op, (a, b), None, OverflowError, "the result is too large for a float; scale it down")
        v = _new_object(Value)
        v.data, v.grad, v._label = data, 0.0, ""
        if MODES.grad_enabled:
            v.inputs, v._fn, v._arg = (a, b), op, None
        else:
            v.inputs, v._fn, v._arg = (), None, None
        if data - data != 0.0:
            _not_finite(op, (a, b), None, data)
        return v

    def reflected(self: Value, other: Any) -> Any:
        other = _operand(other)
        return NotImplemented if other is NotImplemented else forward(other, self)

    return forward, reflected


class Value(ByHand):
    """One real number in a computation graph, with the gradient of a result w.r.t. it.

    ``Value(2.0, label="x")`` is a leaf. Arithmetic on Values (``+ - * / **``, the
    methods ``exp``, ``log``, ``tanh``, ``sigmoid``, ``relu``, ...) makes new Values
    that remember their inputs and operation; ``y.backward()`` then fills ``.grad`` of
    every Value that ``y`` depends on with ``dy/dvalue``.

    Attributes: ``data`` (float), ``grad`` (float, 0.0 at first), ``label`` (str),
    ``op`` (the operation's name, ``""`` for a leaf), ``inputs`` (tuple of Values).

    micrograd's names work too: ``Value(data, _children=(), _op='', label='')``,
    ``_prev``, ``_op`` and ``_backward``. A learner writes an op of their own the
    lecture's way: ``out = Value(t, (self,), 'tanh')``, then ``out._backward = f`` with
    ``f`` adding ``local * out.grad`` to each input's ``.grad``; ``backward()``, the
    pictures and the stepper then treat that node like any other.

    A Value is not a float: ``float(v)`` and ``math.tanh(v)`` raise TypeError (a plain number
    would cut the graph); read the number as ``v.data``, or call ``v.tanh()``.
    """

    __slots__ = ("data", "grad", "_label", "inputs", "_fn", "_arg")
    # NumPy defers arithmetic to Value instead of treating it as an array element.
    __array_ufunc__ = None

    def __init__(self, data: Number, _children: tuple = (), _op: str = "", label: str = "") -> None:
        self.data = _as_float(data)
        self.grad = 0.0
        self.label = label
        self.inputs: tuple[Value, ...] = as_children(_children, Value)
        self._fn: Optional[Op] = None
        self._arg: Any = None
        if self.inputs or _op:
            # micrograd's way of writing an op: the result names its children and op; its
            # derivative is the _backward closure assigned next (until then it passes nothing)
            self._fn = ops.LEARNER
            self._arg = ops.LearnerRule(str(_op))

    @property
    def label(self) -> str:
        """The name shown for this Value in pictures, explanations and messages (``""``: none)."""
        return self._label

    @label.setter
    def label(self, label: str) -> None:
        if label is None:
            label = ""
        elif not isinstance(label, str):
            raise TypeError(f"a label must be a string, got {type(label).__name__} {quoted(label)}; "
                            f"write label={quoted(str(label))}")
        self._label = label

    @property
    def op(self) -> str:
        """Name of the operation that made this Value (``"+"``, ``"tanh"``, ...); ``""`` for a leaf."""
        return "" if self._fn is None else self._fn.label(self._arg)

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    def _repr_html_(self) -> str:
        """Jupyter's view: one small box with label, op, data and grad (see :mod:`autograd.jupyter`)."""
        from autograd.jupyter import value_html
        return value_html(self)

    def __bool__(self) -> bool:
        """True unless the number is 0, as for a number (and a one-element PyTorch tensor)."""
        return self.data != 0.0

    def item(self) -> float:
        """The number held, as a float (PyTorch's name for ``.data``)."""
        return self.data

    # arithmetic: ``v + 2`` and ``2 + v`` alike; numbers become leaves ----------------
    __add__, __radd__ = _binary(ops.ADD)
    __sub__, __rsub__ = _binary(ops.SUB)
    __mul__, __rmul__ = _binary(ops.MUL)
    __truediv__, __rtruediv__ = _binary(ops.DIV)
    __rpow__ = _binary(ops.VPOW)[1]

    def __pow__(self, exponent: Operand) -> Value:
        """``x ** 3`` (a constant exponent) or ``x ** y`` (a Value exponent, differentiated too)."""
        kind = type(exponent)
        if kind is float or kind is int and -_FLOAT_INTS < exponent < _FLOAT_INTS:
            return record(ops.POW, (self,), (self.data,), exponent)
        if isinstance(exponent, Value):
            return record(ops.VPOW, (self, exponent), (self.data, exponent.data))
        if isinstance(exponent, numbers.Real) and not isinstance(exponent, bool):
            number = _as_float(exponent)  # an int beyond the floats, a duration: Value's error
            k = int(exponent) if isinstance(exponent, numbers.Integral) else number
            return record(ops.POW, (self,), (self.data,), k)
        return NotImplemented

    __neg__ = _unary(ops.NEG, "-x; d/dx = -1.")

    def __pos__(self) -> Value:
        return self

    # functions ----------------------------------------------------------------
    exp = _unary(ops.EXP, "e^x; d/dx = e^x. Raises OverflowError above x ~ 709.78.")
    log = _unary(ops.LOG, "Natural logarithm; d/dx = 1/x. Raises ValueError for x <= 0.")
    sqrt = _unary(ops.SQRT, "Square root; d/dx = 1 / (2 sqrt x). Raises ValueError for x < 0.")
    sin = _unary(ops.SIN, "Sine (of radians); d/dx = cos x.")
    cos = _unary(ops.COS, "Cosine (of radians); d/dx = -sin x.")
    tanh = _unary(ops.TANH, "Hyperbolic tangent; d/dx = 1 - tanh(x)^2. Finite for any input.")
    sigmoid = _unary(ops.SIGMOID, "1 / (1 + e^-x); d/dx = s (1 - s). Never overflows, even at x = -1000.")
    relu = _unary(ops.RELU, "max(0, x); d/dx = 1 for x > 0, else 0. NaN stays NaN.")
    abs = _unary(ops.ABS, "|x|; d/dx = sign(x), taken as 0 at 0.")
    softplus = _unary(ops.SOFTPLUS, "log(1 + e^x); d/dx = sigmoid(x). Never overflows, even at x = 1000.")
    __abs__ = abs

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """x for x > 0, else slope * x; d/dx = 1 or slope."""
        return record(ops.LEAKY_RELU, (self,), (self.data,), float(slope))

    # comparisons compare the numbers; == stays identity so Values hash by identity
    def __lt__(self, other: Operand) -> bool:
        return self.data < _data(other)

    def __le__(self, other: Operand) -> bool:
        return self.data <= _data(other)

    def __gt__(self, other: Operand) -> bool:
        return self.data > _data(other)

    def __ge__(self, other: Operand) -> bool:
        return self.data >= _data(other)

    # gradients ----------------------------------------------------------------
    def backward(self, gradient: float = 1.0) -> None:
        """Add ``d self / d v`` to ``v.grad`` for every Value ``v`` this one depends on.

        Gradients accumulate, as in micrograd and PyTorch: call it twice and they
        double; reset them (``model.zero_grad()``, or ``v.grad = 0.0``) between steps.
        ``gradient`` is the seed ``d L / d self`` (1.0 when ``self`` is the loss).
        """
        _backward_pass(self, gradient)


def _data(x: Operand) -> float:
    return x.data if isinstance(x, Value) else x


FUNCTIONS: tuple[str, ...] = tuple(
    name for name, member in vars(Value).items() if not name.startswith("_") and hasattr(member, "op")
)
"""The one-operand functions of a Value (``exp``, ``log``, ``tanh``, ...), read off the class: the
expression reader and the stepper's answer box accept exactly these."""
