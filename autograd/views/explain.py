"""The chain rule of a whole backward pass, to read: :func:`explain`, :func:`explain_text`
and :class:`Explanation` (its table in Jupyter).

Every step of :func:`~autograd.views.steps.backward_steps` is one line, written by
:mod:`autograd.views.formulas` with the names of :mod:`autograd.views.names`.
"""

from __future__ import annotations

import sys
from typing import Optional, TextIO

from autograd.jupyter import in_jupyter, table_html
from autograd.notation import format_number, wrap_name
from autograd.value import Value
from autograd.views.formulas import Formulas, seed_formula
from autograd.views.names import value_names
from autograd.views.steps import backward_steps


def explain_text(root: Value, digits: int = 4) -> str:
    """The text :func:`explain` prints: a seed line, then one line per step of the chain rule, its
    numbers with ``digits`` significant digits (0 for all of them)."""
    if not isinstance(root, Value):
        raise TypeError(f"explain needs a Value, got {type(root).__name__}")
    names = value_names(root)
    loss = wrap_name(names[root])
    formulas = Formulas(names, digits)
    lines = [seed_formula(root, names)]
    lines += [formulas.step_formula(step, loss) for step in backward_steps(root)]
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
        formulas = Formulas(names)
        for i, step in enumerate(backward_steps(root), 1):
            working = formulas.working(step)
            if step.inactive:
                working, grad = f"{working}  ({formulas.inactive(step)})", "nothing passed on"
            else:
                grad = format_number(step.grad_after) + ("" if step.first else " (summed)")
            self.rows.append([str(i), formulas.chain(step, loss), working, grad])

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
