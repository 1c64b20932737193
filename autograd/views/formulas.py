"""How one step of the chain rule is written, with the graph's names and then with numbers.

A step ``dL/dx += dL/dn · dn/dx`` (a :class:`~autograd.views.steps.Step`) is written with
its rule from the op table, first with names (:mod:`autograd.views.names`) and then with
the numbers put in::

    do/dn += do/do · d tanh(n)/dn = 1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5

``explain``, the stepper page and practice mode all write their steps with these.
"""

from __future__ import annotations

from autograd.notation import ATOM, PRODUCT, binding, format_number, group, numeral, wrap_name
from autograd.ops import LEARNER
from autograd.value import Value
from autograd.views.names import expression
from autograd.views.steps import Step

MAX_SYMBOL = 40
"""The longest expression written out in ``d expression / d input``; past it, the node's name."""


def derivative(node: Value, wrt: Value, names: dict[Value, str]) -> str:
    """The local derivative's symbol: ``d tanh(n)/dn``, ``d(x1*w1)/dx1``, or ``do/dn`` when long."""
    text = expression(node, names)
    if len(text) > MAX_SYMBOL:
        top = wrap_name(names[node])
    elif binding(text) == ATOM:
        top = f" {text}" if text.endswith(")") else text
    else:
        top = f"({text})"
    return f"d{top}/d{wrap_name(names[wrt])}"


def rule(step: Step, names: dict[Value, str], digits: int = 4) -> tuple[str, str]:
    """The step's local derivative as a formula: with names, and with the numbers put in
    (``digits`` significant digits; 0 for every digit). ``("", "")`` for a learner-written
    op, whose rule is its own ``_backward``."""
    node = step.node
    if node._fn is LEARNER:
        return "", ""
    k = node._arg
    symbolic = node._fn.rules(group(names[node]), [group(names[v]) for v in node.inputs], k)
    numeric = node._fn.rules(numeral(node.data, digits), [numeral(v.data, digits) for v in node.inputs], k)
    return symbolic[step.index], numeric[step.index]


def chain(step: Step, names: dict[Value, str], loss: str) -> str:
    """``dL/dx += dL/dn · dn/dx``: the left side and the two factors, without numbers."""
    node, inp = wrap_name(names[step.node]), wrap_name(names[step.input])
    return f"d{loss}/d{inp} += d{loss}/d{node} · {derivative(step.node, step.input, names)}"


def working(step: Step, names: dict[Value, str]) -> str:
    """The product worked out: ``1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5``."""
    upstream = format_number(step.upstream)
    with_names, with_numbers = rule(step, names)
    if not with_names:
        return (f"{upstream} · {numeral(step.local)} = {format_number(step.contribution)}"
                f"  (from {step.node.op or 'its'}'s own _backward)")
    parts = [f"{upstream} · {group(with_names, PRODUCT)}"]
    if with_numbers != with_names:
        parts.append(f"{upstream} · {group(with_numbers, PRODUCT)}")
    return " = ".join([*parts, format_number(step.contribution)])


def step_formula(step: Step, names: dict[Value, str], loss: str) -> str:
    """One step as a line: the chain rule, its rule with names, with numbers, and the result."""
    text = f"{chain(step, names, loss)} = {working(step, names)}"
    if not step.first:
        text += f"  (d{loss}/d{wrap_name(names[step.input])} is now {format_number(step.grad_after)})"
    return text


def seed_formula(root: Value, names: dict[Value, str]) -> str:
    """The line for backward's seed: ``dL/dL = 1``."""
    loss = wrap_name(names[root])
    return f"d{loss}/d{loss} = 1"
