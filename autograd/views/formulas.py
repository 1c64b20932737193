"""How one step of the chain rule is written, with the graph's names and then with numbers.

A step ``dL/dx += dL/dn · dn/dx`` (a :class:`~autograd.views.steps.Step`) is written with
its rule from the op table, first with names (:mod:`autograd.views.names`) and then with
the numbers put in::

    do/dn += do/do · d tanh(n)/dn = 1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5

``explain``, the stepper page and practice mode all write their steps with these: a whole
graph's with one :class:`Formulas`, which writes each node once.
"""

from __future__ import annotations

from typing import Optional, Sequence

from autograd.notation import ATOM, PRODUCT, binding, format_number, group, numeral, wrap_name
from autograd.ops import ACTIVATIONS, DOT, LEARNER
from autograd.value import Value
from autograd.views.names import expression
from autograd.views.steps import Step

MAX_SYMBOL = 40
"""The longest expression written out in ``d expression / d input``; past it, the node's name."""


class Formulas:
    """How the steps of one graph are written with its ``names`` (numbers with ``digits``
    significant digits; 0 for every digit).

    A node's expression and its rules (with names and with numbers) are worked out once and
    kept, so a node of many inputs, whose inputs each take a step (a sum of 1,000 terms is one
    node and 1,000 steps), is written in time linear in its inputs, not quadratic. Write a
    graph's steps with one of these; the functions below make one per call.
    """

    def __init__(self, names: dict[Value, str], digits: int = 4) -> None:
        self.names = names
        self.digits = digits
        self._tops: dict[Value, str] = {}
        self._rules: dict[Value, tuple[Sequence[str], Sequence[str]]] = {}

    def derivative(self, node: Value, wrt: Value) -> str:
        """The local derivative's symbol: ``d tanh(n)/dn``, ``d(x1*w1)/dx1``, or ``do/dn`` when long."""
        top = self._tops.get(node)
        if top is None:
            text = expression(node, self.names)
            if len(text) > MAX_SYMBOL:
                top = wrap_name(self.names[node])
            elif binding(text) == ATOM:
                top = f" {text}" if text.endswith(")") else text
            else:
                top = f"({text})"
            self._tops[node] = top
        return f"d{top}/d{wrap_name(self.names[wrt])}"

    def rule(self, step: Step) -> tuple[str, str]:
        """The step's local derivative as a formula, with names and with the numbers put in;
        ``("", "")`` for a learner-written op, whose rule is its own ``_backward``."""
        node = step.node
        if node._fn is LEARNER:
            return "", ""
        rules = self._rules.get(node)
        if rules is None:
            names, digits, k, op = self.names, self.digits, node._arg, node._fn
            rules = (op.rules(group(names[node]), [group(names[v]) for v in node.inputs], k),
                     op.rules(numeral(node.data, digits), [numeral(v.data, digits) for v in node.inputs], k))
            self._rules[node] = rules
        return rules[0][step.index], rules[1][step.index]

    def inactive(self, step: Step) -> str:
        """Why an inactive step's node passes nothing on: ``relu is off, z = -2.3: its local
        derivative is 0, so nothing reaches its 7 inputs``."""
        node = step.node
        count = len(node.inputs)
        reach = f"its input {self.names[node.inputs[0]]}" if count == 1 else f"its {count} inputs"
        act = _activation(node)
        if act is None:
            why = f"{node.op or 'its op'} has every local derivative 0 here"
        else:
            why = f"{act[0]} is off, z = {self.number(act[1])}: its local derivative is 0"
        return f"{why}, so nothing reaches {reach}"

    def chain(self, step: Step, loss: str) -> str:
        """``dL/dx += dL/dn · dn/dx``: the left side and the two factors, without numbers."""
        node, inp = wrap_name(self.names[step.node]), wrap_name(self.names[step.input])
        if step.inactive:
            return f"d{loss}/d(each input of {self.names[step.node]}) += d{loss}/d{node} · 0"
        return f"d{loss}/d{inp} += d{loss}/d{node} · {self.derivative(step.node, step.input)}"

    def working(self, step: Step) -> str:
        """The product worked out: ``1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5``."""
        upstream = self.number(step.upstream)
        if step.inactive:
            return f"{upstream} · 0 = 0.0"
        with_names, with_numbers = self.rule(step)
        if not with_names:
            return (f"{upstream} · {numeral(step.local, self.digits)} = {self.number(step.contribution)}"
                    f"  (from {step.node.op or 'its'}'s own _backward)")
        parts = [f"{upstream} · {group(with_names, PRODUCT)}"]
        if with_numbers != with_names:
            parts.append(f"{upstream} · {group(with_numbers, PRODUCT)}")
        return " = ".join([*parts, self.number(step.contribution)])

    def step_formula(self, step: Step, loss: str) -> str:
        """One step as a line: the chain rule, its rule with names, with numbers, and the result."""
        text = f"{self.chain(step, loss)} = {self.working(step)}"
        if step.inactive:
            text += f"  ({self.inactive(step)})"
        elif not step.first:
            name = wrap_name(self.names[step.input])
            text += f"  (d{loss}/d{name} is now {self.number(step.grad_after)})"
        return text

    def number(self, x: float) -> str:
        """``x`` as this graph's formulas write it: :data:`digits` significant digits, or all."""
        return format_number(x, self.digits) if self.digits else repr(float(x))


def _activation(node: Value) -> Optional[tuple[str, float]]:
    """The activation a node applies and its input ``z`` (for a dot node, the weighted sum the
    activation is applied to), or None for a node that is no activation."""
    k = node._arg
    if node._fn is DOT and k[1] is not None:
        return k[1].name, DOT.forward([v.data for v in node.inputs], (k[0], None, k[2]))
    if node._fn in ACTIVATIONS.values() and len(node.inputs) == 1:
        return node._fn.name, node.inputs[0].data
    return None


def derivative(node: Value, wrt: Value, names: dict[Value, str]) -> str:
    """The local derivative's symbol: ``d tanh(n)/dn``, ``d(x1*w1)/dx1``, or ``do/dn`` when long."""
    return Formulas(names).derivative(node, wrt)


def rule(step: Step, names: dict[Value, str], digits: int = 4) -> tuple[str, str]:
    """The step's local derivative as a formula: with names, and with the numbers put in
    (``digits`` significant digits; 0 for every digit). ``("", "")`` for a learner-written
    op, whose rule is its own ``_backward``."""
    return Formulas(names, digits).rule(step)


def chain(step: Step, names: dict[Value, str], loss: str) -> str:
    """``dL/dx += dL/dn · dn/dx``: the left side and the two factors, without numbers."""
    return Formulas(names).chain(step, loss)


def working(step: Step, names: dict[Value, str]) -> str:
    """The product worked out: ``1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5``."""
    return Formulas(names).working(step)


def step_formula(step: Step, names: dict[Value, str], loss: str) -> str:
    """One step as a line: the chain rule, its rule with names, with numbers, and the result."""
    return Formulas(names).step_formula(step, loss)


def seed_formula(root: Value, names: dict[Value, str]) -> str:
    """The line for backward's seed: ``dL/dL = 1``."""
    loss = wrap_name(names[root])
    return f"d{loss}/d{loss} = 1"
