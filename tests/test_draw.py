"""draw_dot: the computation graph as a Graphviz picture, and the rendering helpers."""

import re
import subprocess
import sys

import pytest

import autograd
import autograd.views.graphviz_runner
from autograd import Value
from autograd.views.colors import NEGATIVE, POSITIVE, diverging_color, hex_color
from autograd.views.draw import GraphvizNotFoundError, draw_dot

LABELS = ["x1", "x2", "w1", "w2", "b", "x1*w1", "x2*w2", "x1*w1 + x2*w2", "n", "o"]


@pytest.fixture
def drawn(requires_graphviz, neuron):
    """The lecture neuron after backward, drawn."""
    neuron["o"].backward()
    return draw_dot(neuron["o"])


def _node_line(source, label):
    """The DOT line of the Value box labelled ``label``."""
    [line] = [line for line in source.splitlines() if f"<b>{label}</b>" in line]
    return line


def test_lecture_neuron_source_holds_every_label_data_and_gradient(drawn):
    source = drawn.source
    expected = {  # label: (data, grad), 4 significant digits
        "x1": ("2.0", "-1.5"), "x2": ("0.0", "0.5"), "w1": ("-3.0", "1.0"), "w2": ("1.0", "0.0"),
        "b": ("6.881", "0.5"), "x1*w1": ("-6.0", "0.5"), "x2*w2": ("0.0", "0.5"),
        "x1*w1 + x2*w2": ("-6.0", "0.5"), "n": ("0.8814", "0.5"), "o": ("0.7071", "1.0"),
    }
    assert sorted(expected) == sorted(LABELS)
    for label, (data, grad) in expected.items():
        line = _node_line(source, label)
        assert f"data {data}<" in line and f"grad {grad}<" in line


def test_each_operation_is_a_small_node_between_inputs_and_result(drawn):
    ops = re.findall(r'^\s*(p\d+) \[label=<([^<>]+)> ', drawn.source, re.M)
    assert sorted(op for _, op in ops) == ["*", "*", "+", "+", "tanh"]
    assert "n8 -> p9" in drawn.source and "p9 -> n9" in drawn.source  # n -> tanh -> o


def test_fill_shows_the_gradient_sign_on_a_diverging_scale(drawn):
    source = drawn.source
    assert f'bgcolor="{hex_color(NEGATIVE)}"' in _node_line(source, "x1")  # the largest |grad|, negative
    assert 'bgcolor="#ffffff"' in _node_line(source, "w2")  # zero
    assert f'bgcolor="{diverging_color(1.0, 1.5)}"' in _node_line(source, "w1")  # positive, 2/3 strength
    assert "blue &lt; 0" in source and "red &gt; 0" in source  # the legend


def test_diverging_color_fades_from_blue_through_white_to_red():
    assert diverging_color(-2.0, 2.0) == hex_color(NEGATIVE)
    assert diverging_color(5.0, 2.0) == hex_color(POSITIVE)
    assert diverging_color(0.0, 2.0) == "#ffffff"
    assert diverging_color(1.0, 0.0) == "#ffffff"
    assert diverging_color(float("nan"), 1.0) == "#ffffff"
    r, g, b = (int(diverging_color(1.0, 2.0)[i:i + 2], 16) for i in (1, 3, 5))
    assert (r, g, b) == tuple(round(255 + (c - 255) / 2) for c in POSITIVE)


def test_show_grad_false_leaves_out_gradients_and_legend(requires_graphviz, neuron):
    source = draw_dot(neuron["o"], show_grad=False).source
    assert "grad " not in source and "blue &lt; 0" not in source


def test_rankdir_is_passed_on_and_checked(requires_graphviz, neuron):
    assert "rankdir=TB" in draw_dot(neuron["o"], rankdir="TB").source
    with pytest.raises(ValueError, match="rankdir"):
        draw_dot(neuron["o"], rankdir="sideways")


def chain_of_products(n: int) -> Value:
    y = Value(1.0, label="x")
    for _ in range(n):
        y = y * 1.0  # two Values per step: the product and the constant
    return y


def test_a_graph_over_the_budget_is_drawn_in_summary_nearest_the_root(requires_graphviz):
    source = draw_dot(chain_of_products(30), max_nodes=20).source
    assert source.count("<table") == 20 + 2  # the boxes kept, the caption and the legend
    assert "showing the 20 values nearest the root of 61" in source and "⋯ 1 more" in source


def test_max_nodes_none_draws_every_value(requires_graphviz):
    assert draw_dot(chain_of_products(30), max_nodes=None).source.count("<table") == 61 + 1


def test_a_fan_out_hub_counts_against_the_edge_budget(requires_graphviz):
    x = Value(1.0, label="x")
    y = autograd.sum([x * float(i) for i in range(200)])  # 402 values, 600 edges
    source = draw_dot(y, max_nodes=150).source
    assert "showing the" in source


def test_max_nodes_must_be_a_positive_int_or_none(requires_graphviz):
    with pytest.raises(ValueError, match="max_nodes must be a positive int or None"):
        draw_dot(Value(1.0), max_nodes=0)


def test_the_stepper_refuses_a_graph_over_the_budget_saying_what_to_draw(requires_graphviz):
    with pytest.raises(ValueError, match="61 values and 60 edges, more than max_nodes=20"):
        autograd.Stepper(chain_of_products(30), max_nodes=20)


def test_the_lecture_sum_of_150_products_lays_out_within_the_time_limit(requires_dot):
    # x*0 + x*1 + ... + x*149: 450 values with x feeding every product kept dot busy for minutes
    x = Value(1.0, label="x")
    y = x * 0.0
    for i in range(1, 150):
        y = y + x * float(i)
    assert "<svg" in draw_dot(y).pipe(encoding="utf-8")


def test_a_layout_over_the_time_limit_stops_with_one_clear_error(requires_dot, monkeypatch):
    monkeypatch.setattr(autograd.views.graphviz_runner, "TIMEOUT", 0.001)
    with pytest.raises(autograd.GraphvizError, match="took more than 0.001 s") as caught:
        draw_dot(chain_of_products(100), max_nodes=None).pipe()
    assert caught.value.__cause__ is None


def test_a_graphviz_failure_is_one_clear_error(requires_dot):
    bad = draw_dot(Value(1.0, label="x"))
    bad.body.append("this is not DOT {")
    with pytest.raises(autograd.GraphvizError, match="Graphviz failed on this picture: .*syntax error"):
        bad.pipe()


def test_a_graphviz_crash_is_one_clear_error(requires_graphviz, drawn, monkeypatch, tmp_path):
    crashing = tmp_path / "dot"
    crashing.write_text("#!/bin/sh\nkill -SEGV $$\n")
    crashing.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(autograd.GraphvizError, match=r"Graphviz crashed \(signal 11\)"):
        drawn.pipe()


def test_a_label_of_a_bracket_is_drawn(requires_dot):
    for label in ("]", "[", "a]b", "]]>"):
        v = Value(1.0, label=label) * 2.0
        assert "<svg" in draw_dot(v).pipe(encoding="utf-8")


def test_render_writes_the_picture_and_returns_its_path(requires_dot, tmp_path):
    path = draw_dot(Value(1.0, label="x") * 2.0).render(tmp_path / "g", format="png", cleanup=True)
    assert path == str(tmp_path / "g.png") and (tmp_path / "g.png").read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.png"]


def test_render_keeps_the_source_unless_cleaned_up(requires_dot, tmp_path):
    draw_dot(Value(1.0, label="x") * 2.0).render(tmp_path / "g")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g", "g.svg"]
    assert (tmp_path / "g").read_text().startswith("digraph")


def test_markup_in_a_label_is_escaped(requires_graphviz):
    v = Value(1.0, label='<script>alert(1)</script> & "q"')
    source = draw_dot(v * 2.0).source
    assert "<script>" not in source
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;" in source


def test_a_lone_surrogate_in_a_label_is_drawn_as_a_question_mark(requires_dot):
    svg = draw_dot(Value(1.0, label="a\ud800b") * 2.0).pipe(format="svg", encoding="utf-8")
    assert "a?b" in svg


def test_lecture_neuron_renders_to_svg(requires_dot, drawn):
    svg = drawn.pipe(format="svg", encoding="utf-8")
    assert "<svg" in svg
    for label in LABELS:
        assert f">{label}</text>" in svg
    assert "grad &#45;1.5" in svg or "grad -1.5" in svg


def test_lecture_neuron_renders_to_png_file(requires_dot, drawn, tmp_path):
    path = drawn.render(tmp_path / "neuron", format="png")
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    assert drawn.pipe(format="png")[:4] == b"\x89PNG"


def test_nodes_and_edges_have_stable_svg_ids(requires_dot, drawn):
    svg = drawn.pipe(format="svg", encoding="utf-8")
    for element_id in ("n0", "n9", "p9", "e9_0", "o9", "e2_1"):
        assert f'id="{element_id}"' in svg


def _without_dot(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a directory with no dot in it


def test_missing_dot_raises_one_clear_error_and_keeps_the_source(requires_graphviz, drawn, monkeypatch,
                                                                  tmp_path):
    _without_dot(monkeypatch, tmp_path)
    with pytest.raises(GraphvizNotFoundError) as caught:
        drawn.pipe(format="svg")
    message = str(caught.value)
    for how in ("apt-get install graphviz", "brew install graphviz", "conda install graphviz", ".source"):
        assert how in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__  # one error, not a chain
    assert "digraph" in drawn.source


def test_missing_dot_is_the_clear_error_for_render_and_jupyter_too(requires_graphviz, drawn, monkeypatch,
                                                                    tmp_path):
    _without_dot(monkeypatch, tmp_path)
    with pytest.raises(GraphvizNotFoundError, match="brew install graphviz"):
        drawn.render(tmp_path / "g", format="png")
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        drawn._repr_mimebundle_()
    assert not (tmp_path / "g.png").exists()


def test_import_autograd_works_without_graphviz_and_drawing_says_how_to_install():
    code = (
        "import sys; sys.modules['graphviz'] = None\n"
        "import autograd, autograd.views.draw, autograd.tutor.stepper, autograd.views.explain\n"
        "import nn.modules.network_diagram\n"
        "from autograd import Value\n"
        "try:\n"
        "    autograd.views.draw.draw_dot(Value(1.0) * 2)\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pip install 'chainrule[viz]'" in out


def test_a_missing_program_skips_locally_but_fails_under_ci(monkeypatch):
    from conftest import require

    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="apt-get install graphviz"):
        require(False, "the Graphviz dot program", "apt-get install graphviz")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require(False, "the Graphviz dot program", "apt-get install graphviz")
    require(True, "the Graphviz dot program", "apt-get install graphviz")  # present: nothing happens
