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
from autograd.notation import format_number

BOX = ("font-family: monospace; border: 1px solid #bbb; border-radius: 4px; padding: 1px 6px; "
       "white-space: nowrap")


def value_html(v: Node) -> str:
    """A Value as one line in a box: its label, the operation that made it, data and grad
    (4 significant digits; ``repr(v)`` has every digit)."""
    parts = ["Value"]
    if v.label:
        parts.append(f"<b>{html.escape(v.label)}</b>")
    if v.op:
        parts.append(f"<span style=\"color: #777\">({html.escape(v.op)})</span>")
    parts.append(f"data <b>{format_number(v.data)}</b>")
    parts.append(f"grad <b>{format_number(v.grad)}</b>")
    return f'<span style="{BOX}" title="{html.escape(repr(v), quote=True)}">{" ".join(parts)}</span>'


def in_jupyter() -> bool:
    """Whether this code runs in a Jupyter kernel (where a display shows HTML), not a terminal."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and hasattr(shell, "kernel")


def table_html(caption: str, header: list[str], rows: list[list[str]]) -> str:
    """A plain HTML table (cells given as text, escaped here) that reads well unstyled too."""
    head = "".join(f"<th style=\"text-align: left\">{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td style=\"text-align: left\"><code>{html.escape(c)}</code></td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return (f'<table><caption style="text-align: left">{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
