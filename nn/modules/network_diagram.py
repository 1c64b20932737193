"""``draw_network``: a model as a textbook network diagram (Graphviz).

Layers run left to right: a column of input nodes, then one column of neurons per fully
connected layer. Every weight is an edge from an input (or a neuron of the previous
layer) to a neuron: its width grows with ``|w|`` and, with ``show_grad``, its colour shows
the weight's gradient on the diverging scale of :mod:`autograd.views.colors` (blue
negative, grey zero, red positive). A neuron is filled by its bias's gradient, which is
``dL/dz`` for its weighted sum ``z``: the "error" backpropagation passes through it.
Edges carry no text (a 2-16-16-1 network has 304 of them); hover one in the SVG for its
name, value and gradient.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Optional

from autograd.notation import format_number
from autograd.views.colors import diverging_color, largest_magnitude
from autograd.views.draw import escape, legend
from autograd.views.graphviz_runner import new_digraph, plain_text
from nn.checks import check_int, must

GREY = (190, 190, 190)
"""Where the edge scale is neutral: a zero gradient draws a light grey edge."""
FONT = "Helvetica"
GAMMA = 0.5
"""Edge colours grow as sqrt(|grad| / largest), so that the many small gradients still show."""


def _dense_layers(model: Any) -> list[tuple[Any, list[str]]]:
    """The fully connected layers of ``model``, each with the names of the modules after it."""
    if hasattr(model, "neurons"):
        return [(model, [])]
    if hasattr(model, "w") and hasattr(model, "b"):
        return [(_OneNeuron(model), [])]
    if not hasattr(model, "layers"):
        raise TypeError(must("draw_network", "model", "be an MLP, Sequential, Layer or Neuron",
                             type(model).__name__))
    found: list[tuple[Any, list[str]]] = []
    for module in model.layers:
        if hasattr(module, "neurons"):
            found.append((module, []))
        elif found:
            found[-1][1].append(module.headline() if hasattr(module, "headline") else type(module).__name__)
        else:
            raise ValueError(must("draw_network", "the model's first module", "be a fully connected Layer",
                                  type(module).__name__))
    if not found:
        raise ValueError(must("draw_network", "model", "hold a fully connected layer (.neurons)", "none"))
    return found


class _OneNeuron:
    """A Neuron seen as a layer of one."""

    def __init__(self, neuron: Any) -> None:
        self.neurons = [neuron]
        self.activation = getattr(neuron, "activation", "")


def _caption(i: int, count: int, layer: Any, after: list[str]) -> str:
    title = "output" if i == count - 1 else f"hidden {i + 1}"
    lines = [title, f"{len(layer.neurons)} {getattr(layer, 'activation', '')}".strip(), *after]
    return "\n".join(lines)


def draw_network(model: Any, show_grad: bool = True, max_edges: Optional[int] = 5000) -> Any:
    """A diagram of ``model``'s neurons and weights, as a ``graphviz.Digraph``.

    ``model`` is an ``MLP``, a ``Sequential`` of layers, a ``Layer`` or a ``Neuron``;
    other modules between layers (BatchNorm, Activation, Dropout) are named under the
    layer they follow. Edge width shows ``|w|`` (relative to the largest weight); with
    ``show_grad`` the edge colour shows ``w.grad`` and a neuron's fill ``b.grad``, each on
    a diverging blue / red scale whose full colour is the largest magnitude, as the
    legend says. Hover an edge or neuron in the SVG for its numbers. A model with more
    than ``max_edges`` weights raises ValueError (``max_edges=None`` draws it anyway).
    """
    if max_edges is not None:
        max_edges = check_int(max_edges, "max_edges", "draw_network", at_least=0)
    layers = _dense_layers(model)
    neurons = [n for layer, _ in layers for n in layer.neurons]
    weights = [w for n in neurons for w in n.w]
    if max_edges is not None and len(weights) > max_edges:
        raise ValueError(must(
            "draw_network", "the model", f"have at most max_edges={max_edges} weights", f"{len(weights)}",
            "draw it anyway with max_edges=None, or draw one layer (draw_network(model.layers[0]))",
        ))
    scales = _Scales(largest_magnitude(w.data for w in weights) or 1.0,
                    largest_magnitude(w.grad for w in weights),
                    largest_magnitude(n.b.grad for n in neurons))
    dot = _new_graph()
    previous = _inputs(dot, len(layers[0][0].neurons[0].w))
    for li, (layer, after) in enumerate(layers):
        previous = _draw_layer(dot, li, len(layers), layer, after, previous, show_grad, scales)
    if show_grad:
        dot.attr(label=(
            '<<table border="0" cellspacing="8"><tr>'
            f"<td>{legend(scales.grad, 'edge: weight gradient (width: |weight|)', GREY, GAMMA)}</td>"
            f"<td>{legend(scales.bias_grad, 'neuron: bias gradient, dL/dz')}</td>"
            "</tr></table>>"
        ), labelloc="b", labeljust="c")
    return dot


class _Scales(NamedTuple):
    """The full-strength points of the picture's scales: the largest ``|w|`` (full edge width),
    ``|w.grad|`` (full edge colour) and ``|b.grad|`` (full neuron fill)."""

    weight: float
    grad: float
    bias_grad: float


def _new_graph() -> Any:
    """An empty network diagram: columns left to right, straight edges without arrows."""
    dot = new_digraph(name="network", graph_attr={
        "rankdir": "LR", "splines": "false", "ranksep": "1.4", "nodesep": "0.08", "fontname": FONT,
        "fontsize": "11", "newrank": "true",
    })
    dot.attr("node", shape="circle", fixedsize="true", width="0.3", fontname=FONT, fontsize="9",
             style="filled", fillcolor="white", penwidth="0.8")
    dot.attr("edge", arrowhead="none")
    return dot


def _inputs(dot: Any, nin: int) -> list[str]:
    """The column of the ``nin`` input nodes; their ids."""
    ids = [f"x{i}" for i in range(nin)]
    _column(dot, "input", f"input\n{nin}", [
        (name, f"x{i + 1}", {"fillcolor": "#eeeeee", "width": "0.38", "tooltip": f"input x{i + 1}"})
        for i, name in enumerate(ids)
    ])
    return ids


def _draw_layer(dot: Any, li: int, count: int, layer: Any, after: list[str], previous: list[str],
                show_grad: bool, scales: _Scales) -> list[str]:
    """Layer ``li`` of ``count``: its column of neurons and an edge per weight from the nodes
    ``previous`` (the layer before); the ids of its neurons."""
    if any(len(n.w) != len(previous) for n in layer.neurons):
        raise ValueError(must("draw_network", f"layer {li + 1}", f"read the {len(previous)} outputs of "
                              "the layer before it", f"{len(layer.neurons[0].w)} inputs"))
    outputs = len(layer.neurons) if li == count - 1 else 0
    names = [f"h{li}_{j}" for j in range(len(layer.neurons))]
    _column(dot, f"layer{li}", _caption(li, count, layer, after), [
        _neuron_node(name, li, j, neuron, outputs, show_grad, scales.bias_grad)
        for j, (name, neuron) in enumerate(zip(names, layer.neurons))
    ])
    for j, neuron in enumerate(layer.neurons):
        for i, (source, w) in enumerate(zip(previous, neuron.w)):
            dot.edge(source, names[j], id=f"w{li}_{j}_{i}",
                     **_weight_style(w, f"w{i + 1}", scales.weight, scales.grad, show_grad))
    return names


def _neuron_node(name: str, li: int, j: int, neuron: Any, outputs: int, show_grad: bool,
                 scale: float) -> tuple[str, str, dict]:
    """The node of neuron ``j`` of layer ``li``: filled by its bias's gradient, named ``y`` if an output.

    ``outputs`` is the size of the output layer for an output neuron, 0 for a hidden one.
    """
    text = (f"y{j + 1}" if outputs > 1 else "y") if outputs else ""
    tip = f"layer {li + 1}, neuron {j + 1}: bias {format_number(neuron.b.data)}"
    attrs = {"fillcolor": diverging_color(neuron.b.grad, scale) if show_grad else "#ffffff"}
    if show_grad:
        tip += f", bias grad {format_number(neuron.b.grad)}"
    if outputs:
        attrs["width"] = "0.38"
    return name, text, {**attrs, "tooltip": tip}


def _weight_style(w: Any, name: str, w_scale: float, g_scale: float, show_grad: bool) -> dict:
    """Edge attributes for weight ``w``: width by ``|w|``, colour (and opacity) by its gradient."""
    width = 0.4 + 2.6 * min(1.0, abs(w.data) / w_scale)
    tip = f"{w.label or name} = {format_number(w.data)}"
    if show_grad:
        t = (min(1.0, abs(w.grad) / g_scale) if g_scale else 0.0) ** GAMMA
        color = diverging_color(w.grad, g_scale, GREY, GAMMA) + f"{round(110 + 145 * t):02x}"
        tip += f", grad {format_number(w.grad)}"
    else:
        color = "#55555590"
    return {"penwidth": f"{width:.2f}", "color": color, "tooltip": plain_text(tip)}


def _column(dot: Any, name: str, caption: str, nodes: list[tuple[str, str, dict]]) -> None:
    """One layer: ``nodes`` (id, text, attributes) stacked top to bottom in a captioned box."""
    with dot.subgraph(name=f"cluster_{name}") as box:
        box.attr(rank="same", label=f"<{escape(caption)}>", style="rounded", color="#dddddd",
                 fontsize="11", labeljust="c")
        for node, text, attrs in nodes:
            box.node(node, plain_text(text), id=node, **{**attrs, "tooltip": plain_text(attrs["tooltip"])})
        for upper, lower in zip(nodes, nodes[1:]):  # keep the order: neuron 1 on top
            box.edge(lower[0], upper[0], style="invis")  # in LR, a flat edge's head goes above
