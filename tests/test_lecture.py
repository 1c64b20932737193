"""micrograd's lecture on chainrule: the constructor, the manual ``_backward`` walk, and ops
written by the learner with their own ``_backward`` closure."""

import math

import pytest
from conftest import learner_cube

import autograd
from autograd import Value


def lecture_neuron() -> dict:
    """The lecture's neuron, built the lecture's way (labels set after each line)."""
    x1 = Value(2.0, label="x1")
    x2 = Value(0.0, label="x2")
    w1 = Value(-3.0, label="w1")
    w2 = Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1; x1w1.label = "x1*w1"  # noqa: E702  (the lecture's style)
    x2w2 = x2 * w2; x2w2.label = "x2*w2"  # noqa: E702
    x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = "x1*w1 + x2*w2"  # noqa: E702
    n = x1w1x2w2 + b; n.label = "n"  # noqa: E702
    o = n.tanh(); o.label = "o"  # noqa: E702
    return dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b, x1w1=x1w1, x2w2=x2w2, x1w1x2w2=x1w1x2w2, n=n, o=o)


cube = learner_cube  # a learner-written op, the lecture's way: d x³/dx = 3x²


def my_tanh(x: Value) -> Value:
    """tanh written by hand, as in the lecture's own-op exercise."""
    t = (math.exp(2 * x.data) - 1) / (math.exp(2 * x.data) + 1)
    out = Value(t, (x,), "tanh")

    def _backward():
        x.grad += (1 - t ** 2) * out.grad

    out._backward = _backward
    return out


# the constructor -------------------------------------------------------------------------
def test_constructor_takes_micrograd_arguments_positionally():
    a, b = Value(1.0), Value(2.0)
    c = Value(3.0, (a, b), "+", "c")
    assert c._prev == {a, b} and c._op == "+" and c.label == "c"


def test_constructor_takes_micrograd_arguments_by_keyword():
    a = Value(1.0)
    c = Value(2.0, _children=(a,), _op="double", label="c")
    assert c._prev == {a} and c._op == "double" and c.inputs == (a,)


def test_a_string_in_the_children_place_is_refused_with_the_keyword_to_use():
    with pytest.raises(TypeError, match="label='x'"):
        Value(2.0, "x")


def test_children_must_be_values():
    with pytest.raises(TypeError, match="_children must hold Values"):
        Value(2.0, (1.0,))


# the manual walk ---------------------------------------------------------------------------
def test_the_lecture_manual_walk_gives_the_gradients_of_backward():
    walked, automatic = lecture_neuron(), lecture_neuron()
    walked["o"].grad = 1.0
    for name in ("o", "n", "b", "x1w1x2w2", "x2w2", "x1w1"):
        walked[name]._backward()
    automatic["o"].backward()
    assert {k: v.grad for k, v in walked.items()} == {k: v.grad for k, v in automatic.items()}
    assert walked["x1"].grad == pytest.approx(-1.5) and walked["w1"].grad == pytest.approx(1.0)
    assert walked["x2"].grad == pytest.approx(0.5) and walked["w2"].grad == 0.0


def backward_by_hand(root) -> None:
    """The lecture's backward: a topological order built over ``_prev``, then ``_backward()`` of
    each node from the root down."""
    order, seen = [], set()

    def visit(v):
        if v not in seen:
            seen.add(v)
            for child in v._prev:
                visit(child)
            order.append(v)

    visit(root)
    root.grad = 1.0
    for v in reversed(order):
        v._backward()


def test_a_topological_sort_over_prev_then_backward_calls_equals_backward():
    walked, automatic = lecture_neuron(), lecture_neuron()
    backward_by_hand(walked["o"])
    automatic["o"].backward()
    assert [v.grad for v in walked.values()] == [v.grad for v in automatic.values()]


def test_backward_of_a_leaf_is_a_no_op():
    a = Value(2.0)
    a.grad = 3.0
    a._backward()
    assert a.grad == 3.0


def test_a_value_used_twice_gets_both_contributions():
    a = Value(3.0, label="a")
    b = a + a
    b.backward()
    assert a.grad == 2.0


# learner-written ops ---------------------------------------------------------------------------
def test_backward_runs_a_learner_written_closure():
    x = Value(2.0, label="x")
    y = cube(x) * 2.0
    y.backward()
    assert x.grad == 24.0  # 2 * 3x² at x = 2


def test_learner_ops_run_in_topological_order():
    x = Value(1.5, label="x")
    y = cube(cube(x))  # x⁹
    y.backward()
    assert x.grad == pytest.approx(9 * 1.5 ** 8)


def test_a_hand_written_tanh_gives_the_built_in_gradients():
    mine, builtin = lecture_neuron(), lecture_neuron()
    o = my_tanh(mine["n"])
    o.backward()
    builtin["o"].backward()
    assert mine["x1"].grad == pytest.approx(builtin["x1"].grad, rel=1e-12)
    assert mine["w1"].grad == pytest.approx(builtin["w1"].grad, rel=1e-12)


def test_a_learner_node_without_backward_passes_nothing_on_as_in_micrograd():
    x = Value(2.0)
    y = Value(4.0, (x,), "square")
    y.backward()
    assert x.grad == 0.0 and y.grad == 1.0


def test_backward_of_a_built_in_op_cannot_be_replaced():
    y = Value(2.0) * 3.0
    with pytest.raises(AttributeError, match=r"Value\(data, \(inputs...\), 'name'\)"):
        y._backward = lambda: None


def test_backward_must_be_a_function():
    y = Value(2.0, (Value(1.0),), "f")
    with pytest.raises(TypeError, match="function of no arguments"):
        y._backward = 3.0


def test_grad_without_create_graph_goes_through_a_learner_op_and_leaves_grads_alone():
    x = Value(2.0, label="x")
    y = cube(x) + x
    assert autograd.grad(y, x) == 13.0
    assert x.grad == 0.0 and y.grad == 0.0


def test_grad_with_create_graph_through_a_learner_op_names_it():
    x = Value(2.0, label="x")
    y = cube(x)
    y.label = "y"
    with pytest.raises(TypeError, match=r"learner-written op 'cube' \(label 'y'\).*create_graph=False"):
        autograd.grad(y, x, create_graph=True)


def test_explain_shows_a_learner_op_with_what_its_backward_adds():
    x = Value(2.0, label="x")
    y = cube(x)
    y.label = "y"
    assert autograd.explain_text(y).splitlines() == [
        "dy/dy = 1",
        "dy/dx += dy/dy · d cube(x)/dx = 1.0 · 12.0 = 12.0  (from cube's own _backward)",
    ]
    assert x.grad == 0.0 and y.grad == 0.0


def test_backward_steps_of_a_learner_op_sum_to_backward():
    x = Value(1.5, label="x")
    y = cube(x) * x
    steps = autograd.backward_steps(y)
    y.backward()
    assert sum(s.contribution for s in steps if s.input is x) == x.grad


def test_detect_anomaly_names_a_learner_op_that_gives_a_nan_gradient():
    x = Value(2.0, label="x")
    out = Value(1.0, (x,), "broken")

    def _backward():
        x.grad += math.nan

    out._backward = _backward
    with autograd.detect_anomaly(), pytest.raises(FloatingPointError, match="backward of broken"):
        out.backward()


def test_draw_dot_shows_a_learner_op_like_any_other(requires_graphviz):
    x = Value(2.0, label="x")
    y = cube(x)
    y.backward()
    source = autograd.draw_dot(y).source
    assert "cube" in source and "grad 12.0" in source


def test_the_stepper_page_holds_a_learner_op_step(requires_dot):
    x = Value(2.0, label="x")
    y = cube(x)
    page = autograd.Stepper(y).html()
    assert "d cube(x)/dx" in page and "own _backward" in page


# draw_dot with micrograd's signature ------------------------------------------------------------
def test_draw_dot_defaults_to_svg_left_to_right(requires_graphviz):
    dot = autograd.draw_dot(lecture_neuron()["o"])
    assert dot.format == "svg" and "rankdir=LR" in dot.source


def test_draw_dot_takes_micrograd_format_and_rankdir(requires_graphviz):
    dot = autograd.draw_dot(lecture_neuron()["o"], format="png", rankdir="TB")
    assert dot.format == "png" and "rankdir=TB" in dot.source


def test_draw_dot_refuses_an_unknown_format(requires_graphviz):
    with pytest.raises(ValueError, match="unknown picture format 'jpeg2'"):
        autograd.draw_dot(lecture_neuron()["o"], format="jpeg2")


def test_draw_dot_renders_svg_as_micrograd_does(requires_dot):
    svg = autograd.draw_dot(lecture_neuron()["o"], format="svg").pipe(encoding="utf-8")
    assert "<svg" in svg and "x1*w1 + x2*w2" in svg
