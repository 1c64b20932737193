"""draw_network: a model as a textbook diagram of neurons and weights."""

import re

import pytest

import nn
from autograd.views.colors import diverging_color
from autograd.views.draw import GraphvizNotFoundError
from nn.modules.network_diagram import GAMMA, GREY, draw_network


@pytest.fixture
def trained(requires_graphviz):
    """micrograd's MLP(2, [16, 16, 1]) after one backward."""
    model = nn.MLP(2, [16, 16, 1], random_state=0)
    nn.mse(model([1.0, -0.5]), 1.0).backward()
    return model


def _edges(source):
    return re.findall(r"^\s*(\w+) -> (\w+) \[([^\n]*)\]$", source, re.M)


def test_one_node_per_input_and_neuron(trained):
    source = draw_network(trained).source
    nodes = set(re.findall(r"^\s*(x\d+|h\d+_\d+) \[", source, re.M))
    assert nodes == {"x0", "x1"} | {f"h0_{j}" for j in range(16)} | {f"h1_{j}" for j in range(16)} | {"h2_0"}


def test_one_edge_per_weight_from_layer_to_layer(trained):
    weights = [e for e in _edges(draw_network(trained).source) if "style=invis" not in e[2]]
    assert len(weights) == 2 * 16 + 16 * 16 + 16
    assert ("x1", "h0_5") in {(a, b) for a, b, _ in weights}
    assert ("h1_3", "h2_0") in {(a, b) for a, b, _ in weights}


def test_layers_run_left_to_right_with_captions(trained):
    source = draw_network(trained).source
    assert "rankdir=LR" in source
    captions = [source.index(c) for c in ("input<br/>2", "hidden 1<br/>16 relu", "hidden 2<br/>16 relu",
                                          "output<br/>1 linear")]
    assert captions == sorted(captions)


def test_edge_width_grows_with_the_weight_magnitude(trained):
    widths = {}
    for _, _, attrs in _edges(draw_network(trained).source):
        if "penwidth" in attrs:
            tip = re.search(r'tooltip="([^"]*)"', attrs).group(1)
            widths[tip.split(" = ")[0]] = float(re.search(r"penwidth=\"?([\d.]+)", attrs).group(1))
    params = dict(trained.named_parameters())
    by_magnitude = sorted(widths, key=lambda name: abs(params[name].data))
    assert [widths[name] for name in by_magnitude] == sorted(widths.values())
    assert widths[by_magnitude[-1]] == 3.0 and widths[by_magnitude[0]] < 1.0


def test_edge_colour_shows_the_weight_gradient_on_the_shared_scale(trained):
    source = draw_network(trained).source
    weights = [w for layer in trained.layers for n in layer.neurons for w in n.w]
    scale = max(abs(w.grad) for w in weights)
    w = max(weights, key=lambda w: abs(w.grad))
    expected = diverging_color(w.grad, scale, GREY, GAMMA)
    line = next(line for line in source.splitlines() if f'tooltip="{w.label} = ' in line)
    assert f'color="{expected}ff"' in line  # full strength, opaque


def test_edges_carry_tooltips_not_labels(trained):
    for _, _, attrs in _edges(draw_network(trained).source):
        if "style=invis" not in attrs:
            assert "label=" not in attrs and "tooltip=" in attrs and "grad" in attrs


def test_show_grad_false_draws_plain_edges_and_no_legend(trained):
    source = draw_network(trained, show_grad=False).source
    assert "grad" not in source and "gradient" not in source


def test_draws_a_layer_and_a_neuron_alone(requires_graphviz):
    layer = nn.Layer(3, 2, random_state=1)
    assert len([e for e in _edges(draw_network(layer).source) if "invis" not in e[2]]) == 6
    neuron = nn.Neuron(4, random_state=1)
    assert len([e for e in _edges(draw_network(neuron).source) if "invis" not in e[2]]) == 4


def test_modules_between_layers_are_named_in_the_caption(requires_graphviz):
    model = nn.MLP(2, [3, 1], batch_norm=True, random_state=0)
    source = draw_network(model).source
    assert "BatchNorm" in source and "Activation" in source


def test_too_many_weights_is_an_error_that_says_how_to_draw_anyway(requires_graphviz):
    message = r"draw_network: the model must have at most max_edges=100 weights, got 930; .*max_edges=None"
    with pytest.raises(ValueError, match=message):
        draw_network(nn.MLP(30, [30, 1], random_state=0), max_edges=100)


def test_something_that_is_not_a_model_is_a_type_error(requires_graphviz):
    message = "draw_network: model must be an MLP, Sequential, Layer or Neuron, got int"
    with pytest.raises(TypeError, match=message):
        draw_network(42)


def test_network_renders_to_svg_and_png(requires_dot, trained):
    graph = draw_network(trained)
    svg = graph.pipe(format="svg", encoding="utf-8")
    assert svg.count('class="edge"') >= 304 and "<title>" in svg
    assert graph.pipe(format="png")[:4] == b"\x89PNG"


def test_network_rendering_without_dot_raises_the_clear_error(trained, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        draw_network(trained).pipe(format="svg")


def test_model_draw_is_draw_network(requires_graphviz):
    model = nn.MLP(2, [3, 1], random_state=0)
    assert model.draw().source == nn.draw_network(model).source
