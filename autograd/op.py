"""What an entry of the op table (:mod:`autograd.ops`) is: :class:`Op`, and the one entry that
is not a primitive, :data:`LEARNER`, shared by every op a learner writes by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

from autograd.notation import call, infix

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
