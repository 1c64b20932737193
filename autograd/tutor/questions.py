"""What practice asks: the kinds of question (:data:`KINDS`), each a list of :class:`Question`.

* ``steps``: each step of the chain rule, the number it adds to an input's gradient
  (upstream × local derivative); a node that passes nothing on (a ReLU that is off) is asked
  once, for the 0 it passes;
* ``forward``: each node's value, in the order the forward pass computes them;
* ``totals``: the whole gradient of each Value used more than once, summed over its paths;
* ``leaves``: each leaf's final gradient (what ``backward`` leaves in its ``.grad``).

Constants (the 2 of ``2*x``) are never asked about. The command line, ``autograd.practice``
and the stepper page ask the same questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from autograd.graph import forward_order
from autograd.notation import numeral, wrap_name
from autograd.value import Value
from autograd.views.formulas import Formulas
from autograd.views.names import expression
from autograd.views.steps import Step, backward_steps, is_constant

KINDS = {
    "steps": "each chain-rule step: upstream × local derivative",
    "forward": "each node's value, in forward order",
    "totals": "the whole gradient of each Value used more than once",
    "leaves": "each leaf's final gradient",
}
"""The kinds of question, each with what it asks."""


@dataclass(frozen=True)
class Question:
    """One question: its ``title``, the ``context`` lines shown before it, what it ``asks``, the
    ``expected`` number and the ``working`` that gives it. ``step`` is the chain-rule step it asks
    about (if one), ``paths`` the contributions a total sums, ``value`` the Value it asks about."""

    title: str
    asks: str
    expected: float
    working: str
    context: tuple[str, ...] = ()
    step: Optional[Step] = None
    paths: tuple[float, ...] = ()
    value: Optional[Value] = field(default=None)


def questions(root: Value, kind: str, formulas: Formulas) -> list[Question]:
    """The questions of ``kind`` (one of :data:`KINDS`) about ``root``'s graph, in the order asked."""
    if kind not in KINDS:
        raise ValueError(f"ask must be one of {', '.join(KINDS)}, got {kind!r}")
    if kind == "forward":
        return _forward(root, formulas)
    steps = backward_steps(root)
    if kind == "steps":
        return [_step(step, formulas, wrap_name(formulas.names[root])) for step in steps]
    return _gradients(root, steps, formulas, kind == "leaves")


def _step(step: Step, formulas: Formulas, loss: str) -> Question:
    names = formulas.names
    node = wrap_name(names[step.node])
    title = (f"{names[step.node]} passes nothing back" if step.inactive
             else f"{names[step.node]} passes its gradient back to {names[step.input]}")
    context = [f"upstream d{loss}/d{node} = {formulas.number(step.upstream)}"]
    if step.inactive:
        context.append(formulas.inactive(step))
    return Question(title, f"{formulas.chain(step, loss)} = ?", step.contribution, formulas.working(step),
                    tuple(context), step=step, value=step.input)


def _forward(root: Value, formulas: Formulas) -> list[Question]:
    found = []
    for v in forward_order(root):
        if not v.inputs:
            continue
        name, how = formulas.names[v], expression(v, formulas.names)
        asks = f"{name} = ?" if how == name else f"{name} = {how} = ?"
        digits = formulas.digits
        with_numbers = v._fn.write([numeral(i.data, digits) for i in v.inputs], v._arg)
        working = f"{with_numbers} = {formulas.number(v.data)}"
        found.append(Question(f"the value of {name}", asks, v.data, working, value=v))
    return found


def _gradients(root: Value, steps: list[Step], formulas: Formulas, leaves: bool) -> list[Question]:
    """The totals (``leaves`` False: each Value with more than one path) or the leaves' gradients."""
    names, loss = formulas.names, wrap_name(formulas.names[root])
    paths: dict[Value, list[Step]] = {}
    for step in steps:
        if not step.inactive:
            paths.setdefault(step.input, []).append(step)
    if leaves:
        asked = [v for v in forward_order(root) if not v.inputs and not is_constant(v) and v is not root]
    else:
        asked = [v for v in paths if len(paths[v]) > 1]
    found = []
    for v in asked:
        mine = paths.get(v, [])
        name = wrap_name(names[v])
        context = [f"path {i}: through {names[s.node]}, upstream d{loss}/d{wrap_name(names[s.node])} = "
                   f"{formulas.number(s.upstream)}, local {formulas.derivative(s.node, v)}"
                   for i, s in enumerate(mine, 1)]
        if not mine:
            context = [f"no gradient reaches {names[v]}"]
        expected = mine[-1].grad_after if mine else 0.0
        if len(mine) == 1:
            working = formulas.working(mine[0])
        else:
            working = " + ".join(formulas.number(s.contribution) for s in mine) or "nothing reaches it"
            working += f" = {formulas.number(expected)}"
        total = f"d{loss}/d{name}"
        asks = f"{total} = ?" if len(mine) < 2 else f"{total} = sum over its {len(mine)} paths = ?"
        found.append(Question(f"the gradient of {names[v]}", asks, expected, working, tuple(context),
                              step=mine[0] if len(mine) == 1 else None,
                              paths=tuple(s.contribution for s in mine), value=v))
    return found
