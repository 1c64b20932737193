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

import sys
from dataclasses import dataclass
from typing import Optional, TextIO

from autograd.backward import local_derivatives
from autograd.graph import backward_order
from autograd.jupyter import in_jupyter, table_html
from autograd.notation import format_number, wrap_name
from autograd.value import Value
from autograd.views.names import chain, seed_formula, step_formula, value_names, working


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
    local derivatives are 0, as in an inactive ReLU neuron) give no steps either. A
    learner-written node's steps are what its ``_backward`` adds (run with every
    gradient put back afterwards).
    """
    grads: dict[Value, float] = {root: 0.0 + 1.0}  # backward: root.grad (0.0) += 1.0
    steps = []
    for node, upstream, local, contributions in local_derivatives(backward_order(root), grads.get):
        for index, (v, d, contribution) in enumerate(zip(node.inputs, local, contributions)):
            first = v not in grads
            after = grads.get(v, 0.0) + contribution
            grads[v] = after
            steps.append(Step(node, v, index, upstream, d, contribution, after, first))
    return steps


def explain_text(root: Value) -> str:
    """The text :func:`explain` prints: a seed line, then one line per step of the chain rule."""
    if not isinstance(root, Value):
        raise TypeError(f"explain needs a Value, got {type(root).__name__}")
    names = value_names(root)
    loss = wrap_name(names[root])
    lines = [seed_formula(root, names)]
    lines += [step_formula(step, names, loss) for step in backward_steps(root)]
    return "\n".join(lines)


class Explanation:
    """The chain rule of ``root.backward()``, to show: as text (``str``, what :func:`explain`
    prints) or, in Jupyter, as a table with one row per step (``_repr_html_``)."""

    def __init__(self, root: Value) -> None:
        self.text = explain_text(root)  # checks root
        names = value_names(root)
        loss = wrap_name(names[root])
        self.caption = f"backward from {names[root]}, one use of the chain rule per row"
        self.rows = [["", seed_formula(root, names), "", "1.0"]]
        for i, step in enumerate(backward_steps(root), 1):
            grad = format_number(step.grad_after) + ("" if step.first else " (summed)")
            self.rows.append([str(i), chain(step, names, loss), working(step, names), grad])

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return table_html(self.caption, ["step", "chain rule", "worked out", "gradient now"], self.rows)


def explain(root: Value, file: Optional[TextIO] = None) -> None:
    """Print the chain rule of ``root.backward()``, one line per step, in backward's order.

    Each line names the rule it uses, first with names, then with the numbers put in::

        do/do = 1
        do/dn += do/do · d tanh(n)/dn = 1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5
        ...
        do/dw1 += do/d(x1*w1) · d(x1*w1)/dw1 = 0.5 · x1 = 0.5 · 2.0 = 1.0

    Values are called by their labels, or by the expression they compute (see
    :mod:`autograd.views.names`); the root is ``L`` unless it has a label. A line ends with
    ``(dL/dv is now ...)`` when ``v`` has received an earlier contribution too. Numbers
    have 4 significant digits; nothing is modified. ``file`` is where to print
    (standard output by default); :func:`explain_text` gives the text instead.

    In Jupyter (without ``file``) the same steps are shown as a table, one row per step
    (an :class:`Explanation`, whose plain-text form is the printed text).
    """
    if file is None and in_jupyter():
        from IPython.display import display

        display(Explanation(root))
        return
    print(explain_text(root), file=sys.stdout if file is None else file)
