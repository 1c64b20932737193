"""What lets one rule of the op table run on a number, a Value, or a NumPy array.

The op table (:mod:`autograd.ops`) writes each forward and each local derivative once.
The engine calls those rules with floats (forward and backward) and with Values
(``grad(..., create_graph=True)``); a compiled replay (:mod:`autograd.compile`) calls
the very same rules with NumPy arrays, one element per node of a group. Arithmetic
and comparisons already mean the same on all three; what does not is a Python
conditional (``a if x > 0 else b`` needs one bool) and a ``math`` function (it takes
one number). So rules pick with :func:`where` or with bool arithmetic, take logs with
:func:`log`, and a forward that is a ``math`` function names the NumPy function that
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


def log(z: Any) -> Any:
    """Natural log of a float, a Value (a node, so it can be differentiated) or an array."""
    if type(z) is float:
        return math.log(z)
    if hasattr(z, "log"):
        return z.log()
    return _numpy().log(z)


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
