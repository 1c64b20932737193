"""How the engine's objects show themselves in Jupyter: a Value as a small box, and the
chain rule of :func:`autograd.explain` as a table.

Jupyter asks an object for ``_repr_html_`` and shows the HTML it returns; elsewhere the
plain text (``repr``) is used, so every view here has a text twin. Labels are text,
never markup: they are escaped. Standard library only, like the rest of :mod:`autograd`.
"""

from __future__ import annotations

import html
import sys

from autograd.graph import Node
from autograd.notation import format_number, printable

BOX = ("font-family: monospace; border: 1px solid #bbb; border-radius: 4px; padding: 1px 6px; "
       "white-space: nowrap")


def escape_html(text: object) -> str:
    """``text`` as HTML text or an attribute's value, never markup: ``& < > " '`` escaped, and
    what no page can show (control characters, lone surrogates) as ``?`` (see
    :func:`~autograd.notation.printable`). Every HTML chainrule makes escapes its text here."""
    return html.escape(printable(text), quote=True)


def value_html(v: Node) -> str:
    """A Value as one line in a box: its label, the operation that made it, data and grad
    (4 significant digits; ``repr(v)`` has every digit)."""
    parts = ["Value"]
    if v.label:
        parts.append(f"<b>{escape_html(v.label)}</b>")
    if v.op:
        parts.append(f"<span style=\"color: #777\">({escape_html(v.op)})</span>")
    parts.append(f"data <b>{format_number(v.data)}</b>")
    parts.append(f"grad <b>{format_number(v.grad)}</b>")
    return f'<span style="{BOX}" title="{escape_html(repr(v))}">{" ".join(parts)}</span>'


def in_jupyter() -> bool:
    """Whether this code runs in a Jupyter kernel (where a display shows HTML), not a terminal."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and hasattr(shell, "kernel")


def table_html(caption: str, header: list[str], rows: list[list[str]]) -> str:
    """A plain HTML table (cells given as text, escaped here) that reads well unstyled too."""
    head = "".join(f"<th style=\"text-align: left\">{escape_html(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td style=\"text-align: left\"><code>{escape_html(c)}</code></td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return (f'<table><caption style="text-align: left">{escape_html(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
