"""Pictures of computation graphs with Graphviz: :func:`draw_dot`, and the helpers it shares.

A drawing is a ``graphviz.Digraph``: Jupyter shows it inline, ``.source`` is its DOT
text, and ``.render()`` / ``.pipe()`` run the Graphviz ``dot`` program to make SVG, PNG
and so on, with a time limit and one clear error when it fails (see
:mod:`autograd.views.graphviz_runner`, which every picture in chainrule goes through).

A picture has a budget: a graph of more than ``max_nodes`` Values (or with more than
three edges per Value allowed) is drawn in summary: the Values nearest the root, and
for each node whose inputs are left out a box saying how many. Pictures of more than
:data:`LARGE` Values are laid out with Graphviz's effort limits, so that any picture
within the budget is laid out in seconds.

Colours: a Value's fill shows the sign and size of its gradient on the diverging scale of
:mod:`autograd.views.colors` (blue negative, white zero, red positive, at full strength for
the largest ``|grad|`` in the picture), which :func:`legend` explains under the picture.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Callable, Optional

from autograd.graph import all_nodes, forward_order
from autograd.jupyter import escape_html
from autograd.notation import format_number, quoted
from autograd.unfused import lecture_graph
from autograd.value import Value
from autograd.views.colors import WHITE, diverging_color, hex_color, largest_magnitude
from autograd.views.graphviz_runner import (
    GraphvizError,
    GraphvizNotFoundError,
    import_graphviz,
    new_digraph,
    plain_text,
)
from autograd.views.names import value_names

__all__ = ["draw_dot", "GraphvizError", "GraphvizNotFoundError"]

FONT = "Helvetica"
RANKDIRS = ("LR", "RL", "TB", "BT")
EDGES_PER_NODE = 3
"""A picture's edge budget, per Value of its node budget: a fan-out hub costs layout time too."""
LARGE = 100
"""Pictures of more Values than this are laid out with Graphviz's effort limits."""
_LIMITS = {"mclimit": "0.2", "nslimit": "0.5", "nslimit1": "0.5", "remincross": "false"}


# labels ------------------------------------------------------------------------------------
def escape(text: object) -> str:
    """``text`` for an HTML-like Graphviz label, drawn as written: markup escaped, so that it can
    add no link, image or table, backslashes never Graphviz's escapes, control characters and
    lone surrogates shown as '?' (:func:`autograd.jupyter.escape_html`). Every text of a
    picture is written with this or :func:`~autograd.views.graphviz_runner.plain_text`."""
    # Graphviz's label reader stumbles on a bare "]" (a label of just "]" is a syntax error)
    text = escape_html(text).replace("[", "&#91;").replace("]", "&#93;")
    # a backslash starts one of Graphviz's escapes (\N is the node's name) unless doubled
    return text.replace("\\", "\\\\").replace("\n", "<br/>")


def legend(scale: float, title: str, neutral: tuple = WHITE, gamma: float = 1.0) -> str:
    """An HTML-like table (for inside ``<...>``): five colours from ``-scale`` to ``scale``, titled."""
    cells = "".join(
        f'<td bgcolor="{diverging_color(x, scale, neutral, gamma)}" width="52">{format_number(x)}</td>'
        for x in (-scale, -scale / 2, 0.0, scale / 2, scale)
    )
    return (
        '<table border="0" cellborder="1" cellspacing="0" cellpadding="3">'
        f'<tr><td colspan="5" border="0">{escape(title)}</td></tr><tr>{cells}</tr></table>'
    )


# draw_dot -----------------------------------------------------------------------------------
def _value_label(v: Value, name: str, fill: str, show_grad: bool, grad: float) -> str:
    # a label in bold; a generated name (the expression, or v3) in italics
    title = f"<b>{escape(name)}</b>" if v.label else f'<font color="#333333"><i>{escape(name)}</i></font>'
    cells = f"<td>{title}</td>" if name else ""
    cells += f"<td>data {escape(format_number(v.data))}</td>"
    if show_grad:
        cells += f"<td>grad {escape(format_number(grad))}</td>"
    return (
        f'<<table border="0" cellborder="1" cellspacing="0" cellpadding="5" bgcolor="{fill}">'
        f"<tr>{cells}</tr></table>>"
    )


def graph_of(
    root: Value,
    rankdir: str = "LR",
    show_grad: bool = True,
    grad_of: Callable[[Value], float] = lambda v: v.grad,
    scale: Optional[float] = None,
    tooltips: bool = True,
    names: Optional[dict[Value, str]] = None,
    format: Optional[str] = None,
    keep: Optional[set] = None,
) -> tuple[Any, dict[Value, str]]:
    """The drawing of ``root``'s graph and the id of each Value's node in it.

    Value ``k`` (counting in :func:`~autograd.graph.forward_order` from 0) is the node
    ``n{k}``; its operation is ``p{k}``; the edge from its ``i``-th input to that
    operation is ``e{k}_{i}`` and the one from the operation to it ``o{k}``. These are
    also the ``id`` attributes of the SVG elements, which the stepper page highlights.
    ``grad_of`` gives the gradient shown for each Value, ``scale`` the ``|grad|`` drawn
    at full colour (the largest shown, by default); ``tooltips`` adds the full-precision
    numbers as tooltips. Boxes show ``names`` (see :mod:`autograd.views.names`): a label, or
    the name every other view uses for an unlabelled Value; a constant shows its number.
    ``format`` is the graph's default output format (``"svg"``, ``"png"``, ...). With
    ``keep`` (a set of Values, see :func:`nearest`) only those are drawn, and each node
    with inputs left out gets a box ``⋯ k more`` in their place.
    """
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {quoted(rankdir)}")
    everything = forward_order(root)
    if names is None:
        names = value_names(root, everything)
    order = everything if keep is None else [v for v in everything if v in keep]
    ids = {v: f"n{k}" for k, v in enumerate(order)}
    grads = {v: grad_of(v) for v in order}
    if scale is None:
        scale = largest_magnitude(grads.values())
    dot = _new_graph(rankdir, format, len(order))
    for v in order:
        fill = diverging_color(grads[v], scale) if show_grad else hex_color(WHITE)
        name = "" if not v.label and not v.inputs and v is not root else names[v]
        tip = f"data = {v.data!r}" + (f", grad = {grads[v]!r}" if show_grad else "")
        dot.node(ids[v], _value_label(v, name, fill, show_grad, grads[v]), id=ids[v], shape="plain",
                 **({"tooltip": plain_text(tip)} if tooltips else {}))
        if v.inputs:
            _draw_operation(dot, v, ids)
    caption = _caption(scale if show_grad else None, len(order), len(everything))
    if caption:
        dot.attr(label=f"<{caption}>", labelloc="b", labeljust="r")
    return dot, ids


def _new_graph(rankdir: str, format: Optional[str], size: int) -> Any:
    """An empty drawing in the house style; one of more than :data:`LARGE` Values is laid out
    with Graphviz's effort limits."""
    dot = new_digraph(name="chainrule", format=format, graph_attr={
        "rankdir": rankdir, "fontname": FONT, "fontsize": "11", "nodesep": "0.25", "ranksep": "0.35",
        **(_LIMITS if size > LARGE else {}),
    })
    dot.attr("node", fontname=FONT, fontsize="11")
    dot.attr("edge", color="#555555", arrowsize="0.7")
    return dot


def _draw_operation(dot: Any, v: Value, ids: dict[Value, str]) -> None:
    """The oval of the operation that made ``v``, its edges from the inputs drawn and to ``v``,
    and a dashed box ``⋯ k more`` for the inputs left out of the picture."""
    k = ids[v][1:]
    op = "p" + k
    # an op's name is text, like a label: never Graphviz markup (a learner's op may be named anything)
    dot.node(op, f"<{escape(v.op or '?')}>", id=op, shape="ellipse", style="filled", fillcolor="#ececec",
             fontsize="10", width="0.3", height="0.3", margin="0.03,0.01")
    dot.edge(op, ids[v], id="o" + k)
    for i, x in enumerate(v.inputs):
        if x in ids:
            dot.edge(ids[x], op, id=f"e{k}_{i}")
    left_out = len({x for x in v.inputs if x not in ids})
    if left_out:
        more = f"m{k}"
        dot.node(more, f"⋯ {left_out} more", shape="box", style="dashed", fontsize="10",
                 color="#888888", fontcolor="#555555")
        dot.edge(more, op, style="dashed", color="#888888")


def _caption(scale: Optional[float], shown: int, everything: int) -> str:
    """The picture's caption: the legend of the gradient colours (none when ``scale`` is None,
    gradients not shown), under a note when only ``shown`` Values of ``everything`` are drawn."""
    caption = "" if scale is None else legend(scale, "fill: gradient (blue < 0, white = 0, red > 0)")
    if shown < everything:
        note = (f"showing the {shown} values nearest the root of {everything}; "
                "draw an intermediate Value to see another part")
        caption = f'<table border="0"><tr><td>{escape(note)}</td></tr><tr><td>{caption}</td></tr></table>'
    return caption


def nearest(root: Value, max_nodes: int) -> Optional[set]:
    """The Values nearest ``root`` (breadth first over inputs) that fit the budget of
    ``max_nodes`` Values and ``EDGES_PER_NODE * max_nodes`` edges; None when all of them fit."""
    max_edges = EDGES_PER_NODE * max_nodes
    kept = {root}
    edges = 0
    queue = deque([root])
    while queue:
        node = queue.popleft()
        edges += len(node.inputs)
        for x in node.inputs:
            if x not in kept:
                if len(kept) >= max_nodes or edges > max_edges:
                    return kept
                kept.add(x)
                queue.append(x)
    return None if edges <= max_edges else kept


def check_size(root: Value, max_nodes: Optional[int]) -> None:
    """A ValueError if ``root``'s graph is over the budget of ``max_nodes`` Values and
    ``EDGES_PER_NODE * max_nodes`` edges (None: no limit), for pictures that cannot be
    summarised (the stepper page needs every node)."""
    if max_nodes is None or nearest(root, max_nodes) is None:
        return
    nodes = all_nodes(root)
    edges = sum(len(v.inputs) for v in nodes)
    raise ValueError(
        f"the graph has {len(nodes)} values and {edges} edges, more than max_nodes={max_nodes} "
        f"(and {EDGES_PER_NODE} edges per value) allow: a picture that big is slow to lay out and "
        "hard to read. Draw a smaller piece by passing a sub-expression (an intermediate Value) "
        "as the root, or raise max_nodes"
    )


def draw_dot(root: Value, format: str = "svg", rankdir: str = "LR", show_grad: bool = True,
             max_nodes: Optional[int] = 500, unfuse: Optional[int] = None) -> Any:
    """A picture of the computation graph that made ``root``, as a ``graphviz.Digraph``.

    The signature and defaults are micrograd's (``draw_dot(root, format='svg',
    rankdir='LR')``), so the lecture's calls work as they are. Every Value is a box with
    its name (its label in bold, or in italics the expression it computes), data and, with
    ``show_grad``, its gradient, filled by the gradient's sign and size (blue negative,
    white zero, red positive, full colour at the largest ``|grad|``; a legend at the
    bottom says so). Each operation is a small oval between its inputs and its result.
    Numbers have 4 significant digits.

    In Jupyter the result shows itself; elsewhere use ``.render("graph")`` (in
    ``format``), ``.pipe()`` or ``.source`` (the DOT text). ``rankdir`` is ``"LR"``
    (left to right) or ``"TB"`` (top to bottom). A graph of more than ``max_nodes``
    Values (or more than three edges per Value of that budget) is drawn in summary: the
    Values nearest the root, and a box where inputs are left out. ``max_nodes=None``
    draws everything, which Graphviz may take long to lay out (it is stopped after
    :data:`autograd.views.graphviz_runner.TIMEOUT` seconds with a :class:`GraphvizError`).

    A neuron of at most ``unfuse`` weights (:data:`autograd.unfused.UP_TO`, 4, by default),
    one fused ``relu(dot)`` node in the graph, is drawn as the lecture draws it: each product,
    the sums and the activation, with their data and gradients (:mod:`autograd.unfused`);
    ``unfuse=0`` draws every neuron as its one node.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_dot needs a Value, got {type(root).__name__}")
    check_format(format)
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int)
                                  or max_nodes < 1):
        raise ValueError(f"draw_dot: max_nodes must be a positive int or None, got {quoted(max_nodes)}")
    if unfuse is not None and (isinstance(unfuse, bool) or not isinstance(unfuse, int) or unfuse < 0):
        raise ValueError(f"draw_dot: unfuse must be an int >= 0 (the widest neuron drawn as its "
                         f"products and sums; 0: none) or None, got {quoted(unfuse)}")
    root = lecture_graph(root, unfuse)
    keep = None if max_nodes is None else nearest(root, max_nodes)
    return graph_of(root, rankdir, show_grad, format=format, keep=keep)[0]


def check_format(format: str) -> None:
    """A ValueError naming the known formats unless Graphviz can write ``format``."""
    formats = import_graphviz().FORMATS
    if format not in formats:
        common = "svg, png, pdf, jpg, dot"
        raise ValueError(
            f"unknown picture format {quoted(format)}; use one that Graphviz writes, such as {common} "
            f"({len(formats)} in all: graphviz.FORMATS)"
        )
