"""What working the chain rule by hand needs of a Value: micrograd's names for its parts.

micrograd's lecture builds a graph with ``Value(data, _children, _op, label)``, reads it
through ``_prev`` and ``_op``, and runs backward node by node with ``_backward()``; a
learner writes an op of their own by assigning ``out._backward`` a closure. These members
are the lecture's interface to chainrule's :class:`~autograd.value.Value` (which inherits
them); the engine itself runs on ``inputs``, the op table and ``backward()``.

As in micrograd, a Value is not a float: ``float(v)`` and ``math.sin(v)`` raise TypeError,
where a plain number would silently cut the graph (``b.grad`` then misses that term).
"""

from __future__ import annotations

import linecache
import re
import sys
from typing import Any, Callable

from autograd import ops
from autograd.notation import quoted
from autograd.unfused import lecture_inputs, lecture_op, unfuses


def as_children(children: Any, kind: type) -> tuple:
    """micrograd's ``_children`` as a tuple of Values (instances of ``kind``), or a TypeError that
    says what it is for."""
    if isinstance(children, str):
        raise TypeError(
            f"Value's second argument is _children, the Values it was computed from (micrograd's "
            f"order), got the string {quoted(children)}; give a label by keyword: Value(2.0, label='x')"
        )
    try:
        children = tuple(children)
    except TypeError:
        raise TypeError(
            f"_children must be a tuple of Values, got {type(children).__name__} {quoted(children)}"
        ) from None
    for c in children:
        if not isinstance(c, kind):
            raise TypeError(f"_children must hold Values, got {type(c).__name__} {quoted(c)}")
    return children


def learner_op(node: Any) -> str:
    """How an error names a learner-written node: ``the learner-written op 'cube' (label 'y')``."""
    label = f" (label {quoted(node.label)})" if node.label else ""
    return f"the learner-written op {quoted(node.op)}{label}"


_MATH_CALL = re.compile(r"\bmath\.(\w+)\s*\(")


def not_a_float(kind: type, frame: Any) -> str:
    """Why a Value of class ``kind`` is not made a float, and what to call instead: the Value's
    method for a ``math`` function the caller's line (``frame``) calls, else ``.data``."""
    methods = [name for name, member in vars(kind).items()
               if hasattr(member, "op") and not name.startswith("_")]
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno) if frame is not None else ""
    for name in _MATH_CALL.findall(line):
        if name in methods:
            return (f"math.{name}(v) needs a float, and a Value is not one (a float would cut the "
                    f"graph, so its gradient would be lost); call the Value's method: v.{name}()")
    listed = ", ".join(f"{name}()" for name in methods)
    return ("a Value is not a float: float(v), math functions and '%f' formatting would give a plain "
            "number cut from the graph; read the number as v.data (outside the graph), or keep the "
            f"gradient with the Value's operations (+ - * / **, {listed})")


class ByHand:
    """micrograd's ``_op``, ``_prev`` and ``_backward`` for :class:`~autograd.value.Value`."""

    __slots__ = ()

    def __float__(self) -> float:
        """Refused (see :func:`not_a_float`): the message names ``.data`` or the method to call."""
        raise TypeError(not_a_float(type(self), sys._getframe(1)))

    def __format__(self, spec: str) -> str:
        """``f"{v}"`` is ``str(v)``; a number's format (``f"{v:.3f}"``) is refused naming ``.data``."""
        if spec:
            raise TypeError(f"a Value is not a float, so it has no number format {spec!r}; format its "
                            f"number: f'{{v.data:{spec}}}'")
        return str(self)

    @property
    def _op(self) -> str:
        """micrograd's name for :attr:`op`; for a small fused neuron, the lecture's (see
        :mod:`autograd.unfused`): its activation."""
        return lecture_op(self) if unfuses(self) else self.op

    @property
    def _prev(self) -> set:
        """micrograd's name for the inputs, as a set; for a small fused neuron, the nodes the
        lecture draws below its activation (:mod:`autograd.unfused`)."""
        return set(lecture_inputs(self) if unfuses(self) else self.inputs)

    @property
    def _backward(self) -> Callable[[], None]:
        """Apply the chain rule at this node once, as micrograd's ``_backward`` does.

        Calling it adds ``self.grad * d self / d input`` to each input's ``.grad`` (nothing
        for a leaf), so setting ``o.grad = 1.0`` and calling ``_backward()`` node by node in
        reverse topological order ends with the gradients of ``o.backward()``. The local
        derivatives come from the op table, or, for a node made with
        ``Value(data, children, op)``, from the closure assigned to ``_backward``.
        """
        return self._arg if self._fn is ops.LEARNER else self._chain_rule

    @_backward.setter
    def _backward(self, closure: Callable[[], None]) -> None:
        if not callable(closure):
            raise TypeError(f"_backward must be a function of no arguments, got {type(closure).__name__}")
        if self._fn is None:
            self._fn, self._arg = ops.LEARNER, ops.LearnerRule("")
        elif self._fn is not ops.LEARNER:
            raise AttributeError(
                f"this Value was made by the built-in operation {quoted(self.op)}, whose derivative is "
                "in the op table; to write an op of your own, make its result with "
                "Value(data, (inputs...), 'name') and assign that Value's _backward"
            )
        self._arg.closure = closure

    def _chain_rule(self) -> None:
        """``input.grad += self.grad * local`` for each input, with the op table's local derivatives."""
        if not self.inputs:
            return
        local = self._fn.local(self.data, [v.data for v in self.inputs], self._arg)
        if local is None:
            return
        upstream = self.grad
        for v, d in zip(self.inputs, local):
            v.grad += upstream * d
