"""What lets one rule of the op table run on a number, a Value, or a NumPy array.

The op table (:mod:`autograd.ops`) writes each forward and each local derivative once.
The engine calls those rules with floats (forward and backward) and with Values
(``grad(..., create_graph=True)``); a compiled replay (:mod:`autograd.compile`) calls
the very same rules with NumPy arrays, one element per node of a group. Arithmetic
and comparisons already mean the same on all three; what does not is a Python
conditional (``a if x > 0 else b`` needs one bool) and a ``math`` function (it takes
one number). So rules pick with :func:`where` or with bool arithmetic, use :func:`log`,
:func:`exp` and :func:`sigmoid`, and a forward that is a ``math`` function names the NumPy function that
computes it element by element (:class:`floats`).

NumPy is imported only when an array actually arrives: ``import autograd`` does not
import it.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any, Callable, Optional, Sequence, Union


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


def _function(name: str, on_float: Callable[[float], float], on_arrays: Callable[..., Any],
              doc: str) -> Callable[[Any], Any]:
    """A function of a float (``on_float``), a Value (its method ``name``: a node, so it can be
    differentiated again) or an array (``on_arrays(numpy, z)``)."""

    def function(z: Any) -> Any:
        if type(z) is float:
            return on_float(z)
        method = getattr(z, name, None)
        return method() if method is not None else on_arrays(_numpy(), z)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return function


log = _function("log", math.log, lambda np, z: np.log(z), "Natural log of a float, a Value or an array.")
exp = _function("exp", math.exp, lambda np, z: np.exp(z), "e^z of a float, a Value or an array.")
sigmoid = _function("sigmoid", stable_sigmoid, stable_sigmoid_on_arrays,
                    "1 / (1 + e^-z) of a float, a Value or an array, never overflowing.")


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
