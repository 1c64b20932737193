"""Names for the Values of a graph, and how a chain-rule step is written with them.

Every view (``explain``, ``draw_dot``, the stepper page, the command line, practice
mode) calls a Value the same thing: its label if it has one; else the expression it
computes from its inputs' names (``x1*w1``, ``tanh(n)``), or its number for an
unlabelled leaf (a constant such as ``2.0``); ``v1``, ``v2``, ... (numbered in forward
order) where that would be long or already taken. The root is ``L`` unless labelled.

A step ``dL/dx += dL/dn · dn/dx`` is written with its rule from the op table, first
with names and then with the numbers put in::

    do/dn += do/do · d tanh(n)/dn = 1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from autograd.graph import forward_order
from autograd.notation import ATOM, PRODUCT, binding, format_number, group, numeral, wrap_name
from autograd.ops import LEARNER

if TYPE_CHECKING:
    from autograd.value import Value
    from autograd.views.steps import Step

MAX_NAME = 24
"""The longest expression used as a name; a longer one is called ``v1``, ``v2``, ..."""

MAX_SYMBOL = 40
"""The longest expression written out in ``d expression / d input``; past it, the node's name."""


def value_names(root: Value, order: Optional[list[Value]] = None) -> dict[Value, str]:
    """A name for every Value of ``root``'s graph (see the module docstring), each distinct
    from the others unless two Values carry the same label."""
    order = forward_order(root) if order is None else order
    taken = {v.label for v in order if v.label}
    names: dict[Value, str] = {}
    if not root.label and "L" not in taken:
        names[root] = "L"
        taken.add("L")
    counter = 0
    for v in order:
        if v in names:
            continue
        if v.label:
            names[v] = v.label
            continue
        name = expression(v, names) if v.inputs else format_number(v.data)
        if len(name) > MAX_NAME or name in taken:
            counter += 1
            while f"v{counter}" in taken:
                counter += 1
            name = f"v{counter}"
        names[v] = name
        taken.add(name)
    return names


def expression(v: Value, names: dict[Value, str]) -> str:
    """How ``v`` is computed from the names of its inputs (``x*w``, ``tanh(n)``); ``""`` for a leaf."""
    if not v.inputs:
        return ""
    return v._fn.write([names[i] for i in v.inputs], v._arg)


def forward_lines(root: Value, names: dict[Value, str], order: Optional[list[Value]] = None,
                  digits: int = 4) -> list[str]:
    """One line per Value in forward order: ``n = x*w + b = 0.8814``; a leaf ``x = 2.0``.
    ``digits`` significant digits; 0 for every digit."""
    lines = []
    for v in forward_order(root) if order is None else order:
        how = expression(v, names)
        if how == names[v]:
            how = ""
        elif how:
            how = f"{how} = "
        elif not v.label:
            how = "constant "
        lines.append(f"{names[v]} = {how}{format_number(v.data, digits) if digits else repr(v.data)}")
    return lines


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
