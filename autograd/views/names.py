"""Names for the Values of a graph, the same in every view.

Every view (``explain``, ``draw_dot``, the stepper page, the command line, practice
mode) calls a Value the same thing: its label if it has one; else the expression it
computes from its inputs' names (``x1*w1``, ``tanh(n)``), or its number for an
unlabelled leaf (a constant such as ``2.0``, the same name for every constant of that
number, since the name says all there is to it); ``v1``, ``v2``, ... (numbered in forward
order) where that would be long or already taken. The root is ``L`` unless labelled.
How a step of the chain rule is written with these names is :mod:`autograd.views.formulas`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from autograd.graph import forward_order
from autograd.notation import format_number

if TYPE_CHECKING:
    from autograd.value import Value

MAX_NAME = 24
"""The longest expression used as a name; a longer one is called ``v1``, ``v2``, ..."""


def value_names(root: Value, order: Optional[list[Value]] = None) -> dict[Value, str]:
    """A name for every Value of ``root``'s graph (see the module docstring), each distinct
    from the others unless two Values carry the same label or are constants of one number."""
    order = forward_order(root) if order is None else order
    taken = {v.label for v in order if v.label}
    names: dict[Value, str] = {}
    if not root.label and "L" not in taken:
        names[root] = "L"
        taken.add("L")
    counter, numbers = 0, set()
    for v in order:
        if v in names:
            continue
        if v.label:
            names[v] = v.label
            continue
        name = expression(v, names) if v.inputs else format_number(v.data)
        if not v.inputs and name in numbers:
            names[v] = name
            continue
        if len(name) > MAX_NAME or name in taken:
            counter += 1
            while f"v{counter}" in taken:
                counter += 1
            name = f"v{counter}"
        names[v] = name
        taken.add(name)
        if not v.inputs and name == format_number(v.data):
            numbers.add(name)
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
