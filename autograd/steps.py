"""The backward pass one step at a time: ``backward_steps`` and ``explain``.

``root.backward()`` seeds ``root.grad`` with 1 and then, node by node in
:func:`~autograd.graph.backward_order`, adds ``upstream * local`` to the gradient of each
input of the node: ``upstream`` is ``dL/d node`` (complete by the time the node is
reached) and ``local`` is ``d node / d input`` from the operation's table entry. Each of
those additions is one :class:`Step` here, in the same order, computed with the same
float operations from the same starting 0.0, so the steps replay backward exactly; they
are kept in a private dictionary and no ``.grad`` is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from autograd.backprop import local_derivatives
from autograd.graph import backward_order
from autograd.value import Value


@dataclass(frozen=True, eq=False)
class Step:
    """One addition of the chain rule: ``input.grad += upstream * local``.

    ``node`` is the Value whose gradient is passed on, ``input`` the one receiving it
    (``node.inputs[index]``; a Value used twice, as in ``a * a``, receives two steps).
    ``upstream`` is dL/d node, ``local`` is d node / d input, ``contribution`` is their
    product and ``grad_after`` the input's gradient once the contribution is added.
    ``first`` says whether this is the first contribution the input receives.
    """

    node: Value
    input: Value
    index: int
    upstream: float
    local: float
    contribution: float
    grad_after: float
    first: bool


def backward_steps(root: Value) -> list[Step]:
    """Every step of ``root.backward()``, in the order backward applies them.

    Summing the contributions to a Value, in order and starting from 0.0, gives exactly
    the gradient ``root.backward()`` leaves in its ``.grad`` on a fresh graph. Nothing
    is modified. Nodes that backward skips (no gradient reaches them, or all their
    local derivatives are 0, as in an inactive ReLU neuron) give no steps either.
    """
    grads: dict[Value, float] = {root: 0.0 + 1.0}  # backward: root.grad (0.0) += 1.0
    steps = []
    for node, upstream, local in local_derivatives(backward_order(root), grads.get):
        for index, (v, d) in enumerate(zip(node.inputs, local)):
            contribution = upstream * d
            first = v not in grads
            after = grads.get(v, 0.0) + contribution
            grads[v] = after
            steps.append(Step(node, v, index, upstream, d, contribution, after, first))
    return steps


def forward_order(root: Value) -> list[Value]:
    """Every Value ``root`` depends on, each after its inputs: leaves in order of first use."""
    order = []
    seen = set()
    for node in reversed(backward_order(root)):
        for v in node.inputs:
            if not v.inputs and v not in seen:
                seen.add(v)
                order.append(v)
        order.append(node)
    return order or [root]


def value_names(root: Value, order: list[Value] | None = None) -> dict[Value, str]:
    """A name for every Value of the graph: its label, or ``v1``, ``v2``, ... in forward order.

    The root is called by its label, or ``L`` when it has none. Generated names skip
    any that a label already uses, so they never collide with one.
    """
    order = forward_order(root) if order is None else order
    taken = {v.label for v in order if v.label}
    names = {}
    if not root.label and "L" not in taken:
        names[root] = "L"
    k = 0
    for v in order:
        if v in names:
            continue
        if v.label:
            names[v] = v.label
            continue
        k += 1
        while f"v{k}" in taken:
            k += 1
        names[v] = f"v{k}"
    return names


def format_number(x: float, digits: int = 4) -> str:
    """``x`` with ``digits`` significant digits, always looking like a float: 1.0, -1.5, 0.7071."""
    if x == 0:
        return "0.0"
    text = f"{x:.{digits}g}"
    return text + ".0" if text.lstrip("-").isdigit() else text


_PLAIN_NAME = re.compile(r"[\w.\[\]]+")


def wrap_name(name: str) -> str:
    """``name`` as it can stand after ``d`` in ``dL/dname``: in parentheses unless it is one word."""
    return name if _PLAIN_NAME.fullmatch(name) else f"({name})"


def step_formula(step: Step, names: dict[Value, str], loss: str) -> str:
    """``dL/dw += dL/dn * dn/dw = 0.5 * 2.0 = 1.0`` for one step (``loss`` is L's name)."""
    node, inp = wrap_name(names[step.node]), wrap_name(names[step.input])
    text = (
        f"d{loss}/d{inp} += d{loss}/d{node} * d{node}/d{inp} = "
        f"{format_number(step.upstream)} * {format_number(step.local)} = {format_number(step.contribution)}"
    )
    if not step.first:
        text += f"  (d{loss}/d{inp} is now {format_number(step.grad_after)})"
    return text


def seed_formula(root: Value, names: dict[Value, str]) -> str:
    """The line for backward's seed: ``dL/dL = 1``."""
    loss = wrap_name(names[root])
    return f"d{loss}/d{loss} = 1"


def explain(root: Value) -> str:
    """The chain rule of ``root.backward()`` as text, one line per step, after a seed line.

    Values are called by their labels, or ``v1``, ``v2``, ... (numbered in the order
    they are computed) when they have none; the root is ``L`` unless it has a label::

        do/do = 1
        do/dn += do/do * do/dn = 1.0 * 0.5 = 0.5
        ...
        do/dw1 += do/dx1w1 * dx1w1/dw1 = 0.5 * 2.0 = 1.0

    A line ends with ``(dL/dv is now ...)`` when ``v`` has received an earlier
    contribution too. Numbers have 4 significant digits; nothing is modified.
    """
    names = value_names(root)
    loss = wrap_name(names[root])
    lines = [seed_formula(root, names)]
    lines += [step_formula(step, names, loss) for step in backward_steps(root)]
    return "\n".join(lines)


def describe_value(v: Value, names: dict[Value, str]) -> str:
    """How ``v`` was computed from the names of its inputs: ``x * w``, ``tanh(n)``, ``-a``.

    A leaf is described by nothing (the empty string).
    """
    if not v.inputs:
        return ""
    args = [wrap_name(names[i]) for i in v.inputs]
    op = v.op
    if op in ("+", "-", "*", "/") and len(args) == 2:
        return f"{args[0]} {op} {args[1]}"
    if op == "pow":
        return f"{args[0]} ** {args[1]}"
    if op.startswith("**"):
        return f"{args[0]} ** {op[2:]}"
    if op == "neg":
        return f"-{args[0]}"
    return f"{op}({', '.join(args)})"
