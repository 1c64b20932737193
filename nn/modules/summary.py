"""``ModuleSummary``: a model as a table of its parts, what ``model.summary()`` returns.

One row per direct part of the model (for an ``MLP``, its layers), with the part's
name, what it is, how many numbers it outputs and how many parameters it holds; then
the total. Printed it is a text table; Jupyter shows it as an HTML table, which is also
how a model shows itself there (``Module._repr_html_``).
"""

from __future__ import annotations

from typing import Any

from autograd.jupyter import escape_html


def _outputs(module: Any) -> str:
    """How many numbers ``module`` gives per sample: a layer's ``nout``, one for a neuron, and
    ``same`` for a module that keeps the width of what it reads (BatchNorm, Dropout, ...)."""
    if isinstance(getattr(module, "nout", None), int):
        return str(module.nout)
    if hasattr(module, "w") and hasattr(module, "b"):
        return "1"
    return "same"


class ModuleSummary:
    """The table of :meth:`nn.Module.summary`: ``rows`` of (name, module, outputs, parameters)."""

    def __init__(self, module: Any) -> None:
        self.title = repr(module)
        self.mode = "training" if module.training else "eval"
        children = module.named_children()
        parts = children if children else [(type(module).__name__, module)]
        self.rows: list[tuple[str, str, str, int]] = [
            (name, part.headline(), _outputs(part), part.num_parameters()) for name, part in parts
        ]
        self.total = module.num_parameters()

    def _table(self) -> tuple[list[str], list[list[str]]]:
        header = ["part", "module", "outputs", "parameters"]
        rows = [[name, what, outputs, f"{count:,}"] for name, what, outputs, count in self.rows]
        rows.append(["total", "", "", f"{self.total:,}"])
        return header, rows

    def __str__(self) -> str:
        header, rows = self._table()
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
        right = {2, 3}  # numbers line up on the right

        def line(cells: list[str]) -> str:
            return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                             for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

        rule = "  ".join("-" * w for w in widths)
        body = [line(r) for r in rows[:-1]]
        return "\n".join([f"{self.title}, {self.mode} mode", line(header), rule, *body, rule, line(rows[-1])])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        header, rows = self._table()
        head = "".join(f"<th>{escape_html(h)}</th>" for h in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape_html(c)}</td>" for c in row) + "</tr>" for row in rows[:-1]
        )
        total = "".join(f"<th>{escape_html(c)}</th>" for c in rows[-1])
        caption = escape_html(f"{self.title}, {self.mode} mode")
        return (f'<table><caption style="text-align: left">{caption}</caption><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody><tfoot><tr>{total}</tr></tfoot></table>")
