"""What working the chain rule by hand needs of a Value: micrograd's names for its parts.

micrograd's lecture builds a graph with ``Value(data, _children, _op, label)``, reads it
through ``_prev`` and ``_op``, and runs backward node by node with ``_backward()``; a
learner writes an op of their own by assigning ``out._backward`` a closure. These members
are the lecture's interface to chainrule's :class:`~autograd.value.Value` (which inherits
them); the engine itself runs on ``inputs``, the op table and ``backward()``.
"""

from __future__ import annotations

from typing import Any, Callable

from autograd import ops
from autograd.notation import quoted


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


class ByHand:
    """micrograd's ``_op``, ``_prev`` and ``_backward`` for :class:`~autograd.value.Value`."""

    __slots__ = ()

    @property
    def _op(self) -> str:
        """micrograd's name for :attr:`op`."""
        return self.op

    @property
    def _prev(self) -> set:
        """micrograd's name for the inputs, as a set."""
        return set(self.inputs)

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
