"""What an entry of the op table (:mod:`autograd.ops`) is, and the vocabulary its rules may use.

An entry (:class:`Op`) holds an operation's forward beside its local derivatives, its domain
check, and how it is written (``text``) with its derivative as a formula (``formula``);
:data:`LEARNER` is the one entry that is not a primitive, shared by every op a learner
writes by hand.

The vocabulary lets one rule run on a number, a Value, or a NumPy array. The engine calls
the rules with floats (forward and backward) and with Values (``grad(..., create_graph=True)``);
a compiled replay (:mod:`autograd.replay`) calls the very same rules with NumPy arrays, one
element per node of a group. Arithmetic and comparisons already mean the same on all three;
what does not is a Python conditional (``a if x > 0 else b`` needs one bool) and a ``math``
function (it takes one number). So rules pick with :func:`where` or with bool arithmetic; a
function a rule needs is an entry of the table made callable by :func:`function_of`
(``autograd.ops`` has ``log``, ``exp``, ``sigmoid``, ``sin`` and ``cos``: ``cos =
function_of(COS)``); and a forward that is a ``math`` function names the NumPy function that
computes it element by element (:class:`floats`).

NumPy is imported only when an array actually arrives: ``import autograd`` does not import it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Optional, Sequence, Union

from autograd.notation import call, infix


def _numpy() -> Any:
    """The numpy module, imported on the first call that meets an array."""
    import numpy

    return numpy


def where(condition: Any, if_true: Any, if_false: Any) -> Any:
    """``if_true`` where ``condition`` holds, else ``if_false``.

    For a bool (a comparison of floats or of Values) this picks one of the two, as
    ``if_true if condition else if_false`` would; for a bool array it picks element by
    element (``numpy.where``). Both are computed before the pick, so each must be safe
    to compute everywhere: write ``log(where(x > 0, x, 1.0))``, not ``log(x)``, in the
    branch kept for ``x > 0``.
    """
    if condition is True:
        return if_true
    if condition is False:
        return if_false
    return _numpy().where(condition, if_true, if_false)


def stable_sigmoid(x: float) -> float:
    """1 / (1 + e^-x) of a float, computed so that e^t is only taken of t <= 0: never overflows."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def stable_sigmoid_on_arrays(np: Any, x: Any) -> Any:
    """:func:`stable_sigmoid` element by element: e = e^-|x| is e^-x where x >= 0 and e^x
    elsewhere, so each element gets the formula (and the rounding) the float form gives it."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _refuses_numpy(z: Any) -> bool:
    """True for a Value: it sets ``__array_ufunc__ = None``, NumPy's sign for "do not compute
    with me", so a NumPy function given one raises. (This module cannot import Value.)"""
    return getattr(type(z), "__array_ufunc__", True) is None


ArrayForm = Union[None, str, Callable[..., Any]]


class floats:  # noqa: N801  (reads as a word in the table: forward = floats(math.exp, "exp"))
    """A forward written as a plain function of the operands' numbers (``operator.mul``,
    ``math.exp``).

    It is called as ``forward(xs, k)`` like every other forward; the engine's one- and
    two-operand fast path (:mod:`autograd.value`) runs ``f`` directly on the numbers.
    On arrays (a replay) it runs ``numpy``, the same function element by element:

    * ``None`` when ``f`` already works on arrays (``operator.add``, ``abs``: NumPy
      implements the operators);
    * the name of a NumPy function (``"exp"`` for ``math.exp``);
    * a function of the numpy module and the operands, for a function NumPy lacks
      (ReLU, the stable sigmoid): the same formula, with :func:`where` for its ``if``.
    """

    __slots__ = ("f", "numpy", "_on_arrays")

    def __init__(self, f: Callable[..., float], numpy: ArrayForm = None) -> None:
        self.f = f
        self.numpy = numpy
        self._on_arrays: Optional[Callable[..., Any]] = None

    def __call__(self, xs: Sequence[Any], k: Any = None) -> Any:
        if type(xs[0]) is float:
            return self.f(*xs)
        if _refuses_numpy(xs[0]):
            raise TypeError(
                "a forward runs on numbers and arrays, not on a Value: a rule that needs another op "
                "calls it as a function, which takes Values too (ops.exp(x) = function_of(ops.EXP), "
                "not ops.EXP.forward(...))"
            )
        return self.on_arrays()(*xs)

    def on_arrays(self) -> Callable[..., Any]:
        """The function of the operands' arrays, each holding one operand of many nodes."""
        if self._on_arrays is None:
            if self.numpy is None:
                self._on_arrays = self.f
            elif isinstance(self.numpy, str):
                self._on_arrays = getattr(_numpy(), self.numpy)
            else:
                self._on_arrays = partial(self.numpy, _numpy())
        return self._on_arrays



Check = Callable[[Sequence[float], Any], Optional[tuple[type[Exception], str]]]


@dataclass(frozen=True)
class Op:
    """One primitive operation: its name, forward, local derivatives and domain check,
    and how it is written: ``text`` (the expression, from its operands' names) and
    ``formula`` (each local derivative as a formula, from texts of the output and
    operands)."""

    name: str
    forward: Callable[[Sequence[float], Any], float]
    local: Callable[[Any, Sequence[Any], Any], Sequence[Any]]
    check: Optional[Check] = None
    describe: Optional[Callable[[Any], str]] = None
    text: Optional[Callable[[list[str], Any], str]] = None
    formula: Optional[Callable[[str, list[str], Any], Sequence[str]]] = None
    passes_nothing: Optional[Callable[[float, Any], bool]] = None
    """Whether a node's local derivatives are all 0, read from its output (a float) alone: True
    exactly when ``local`` returns None. Backward then skips the node without reading its
    operands; None for an op that never knows so in advance."""
    adds_up: Optional[Callable[[Any, float], Optional[Sequence[float]]]] = None
    """Backward's shortcut through a node of many operands, on floats: ``adds_up(node, upstream)``
    adds ``upstream * local`` to the operands' ``.grad`` itself, the same numbers in the same order
    as backward's own loop would (so bit for bit the same gradients), and returns ``()``; or returns
    what ``local`` returns (None: the node passes nothing on), for backward to add. It saves a
    wide node (a neuron) the list of its operands' numbers and of its local derivatives."""

    def label(self, k: Any = None) -> str:
        """The name shown in pictures and messages (``**2`` for a square, ``relu(dot)``)."""
        return self.name if self.describe is None or k is None else self.describe(k)

    def write(self, args: list[str], k: Any = None) -> str:
        """The expression this op computes, from its operands' names: ``x1*w1``, ``tanh(n)``."""
        return call(self.label(k), args) if self.text is None else self.text(args, k)

    def rules(self, out: str, args: list[str], k: Any = None) -> Sequence[str]:
        """Each local derivative ``d out / d operand`` as a formula, e.g. ``1 - o²`` for tanh.

        ``out`` and ``args`` are texts: names (``o``, ``n``) for the formula itself, or
        numbers for the same formula with the values put in. Each should bind as an atom
        (a name, a number, or either in parentheses).
        """
        return self.formula(out, args, k)


def function_of(op: Op) -> Callable[[Any], Any]:
    """The one-operand entry ``op`` (its forward a :class:`floats`) as a function a rule may call:
    of a float (the forward's function), of an array (its NumPy form) or of a Value (the
    Value's method of the op's name, which makes a node, so the rule can be differentiated
    again). ``autograd.ops`` names its functions so: ``sigmoid = function_of(SIGMOID)``."""
    if not isinstance(op.forward, floats):
        raise TypeError(f"function_of({op.name}): only an entry whose forward is floats(f, numpy) "
                        "is a function of one operand; a rule writes a power as x ** k")
    on_float, name = op.forward.f, op.name

    def function(z: Any) -> Any:
        if type(z) is float:
            return on_float(z)
        if not _refuses_numpy(z):
            return op.forward((z,), None)
        method = getattr(z, name, None)
        if method is None:
            raise TypeError(
                f"{name} of a Value: a rule calls {name} on Values under grad(..., create_graph=True), "
                f"which needs Value's method {name}; add it to autograd/value.py: "
                f"{name} = _unary(ops.{name.upper()}, \"...\")"
            )
        return method()

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{name} of a float, an array or a Value: the entry {op.name!r} as a function."
    return function


class LearnerRule:
    """The derivative of a node a learner made with ``Value(data, children, op)``: the
    ``_backward`` closure they assign (micrograd's way), run as it is."""

    __slots__ = ("name", "closure")

    def __init__(self, name: str, closure: Optional[Callable[[], None]] = None) -> None:
        self.name = name
        self.closure = closure

    def __call__(self) -> None:
        if self.closure is not None:
            self.closure()


def _learner_text(args: list[str], k: LearnerRule) -> str:
    if k.name in ("+", "-", "*", "/", "**") and len(args) > 1:
        return infix(k.name, args)
    return call(k.name or "f", args)


def _no_table_rule(*args: Any) -> Any:
    raise TypeError("a learner-written op has no forward or rule in the op table; its _backward is the rule")


LEARNER = Op("", _no_table_rule, _no_table_rule, describe=lambda k: k.name, text=_learner_text)
"""Not a primitive: the entry of every learner-written node, whose ``_arg`` is its
:class:`LearnerRule`. The engine runs that node's closure instead of a rule."""
