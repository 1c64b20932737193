"""Edge cases of the engine's rules, each pinned by the number it must give."""

import math

import pytest
from conftest import learner_cube

import autograd
from autograd import Value


def test_a_fused_leaky_relu_neuron_with_a_slope_above_one_scales_negative_inputs():
    w, x, b = Value(2.0), Value(-1.5), Value(0.5)
    y = autograd.dot([w], [x], b, activation="leaky_relu", slope=3.0)  # z = -2.5
    y.backward()
    assert y.data == -7.5
    assert (w.grad, x.grad, b.grad) == (3.0 * -1.5, 3.0 * 2.0, 3.0)


def test_zero_to_the_half_is_zero_and_zero_to_the_zero_is_one():
    assert (Value(0.0) ** 0.5).data == 0.0
    zero = Value(0.0)
    one = zero ** 0
    one.backward()
    assert one.data == 1.0 and zero.grad == 0.0


def test_the_exponent_gradient_of_a_negative_base_is_an_error_not_nan():
    base, exponent = Value(-2.0), Value(2.0)
    with pytest.raises(ValueError, match="backward of pow: .*ln of the negative base -2.0"):
        (base ** exponent).backward()
    assert base.grad == 0.0 and exponent.grad == 0.0  # all or nothing, as every failed backward


def test_the_exponent_gradient_of_zero_to_the_zero_is_an_error_naming_the_jump():
    base, power = Value(0.0), Value(0.0)
    with pytest.raises(ValueError, match=r"backward of pow: .*ln 0 is undefined and 0\*\*b jumps"):
        (base ** power).backward()
    assert base.grad == 0.0 and power.grad == 0.0


def test_a_slope_infinite_at_zero_says_so_not_that_the_power_is_negative():
    with pytest.raises(ZeroDivisionError, match=r"infinite at x = 0 for the exponent 0.5 \(between 0 and 1"):
        (Value(0.0) ** 0.5).backward()


def test_a_constant_exponent_at_a_zero_base_keeps_its_gradient():
    x = Value(0.0)
    (x ** 2).backward()
    assert x.grad == 0.0


@pytest.mark.parametrize("base", [0.0, -0.0])
def test_the_exponent_gradient_at_a_zero_base_is_written_as_why_it_is_zero_not_as_ln_0(base):
    x, y = Value(base, label="x"), Value(1.0, label="y")  # y = 1: d/dx = 1, the node is not inactive
    out = x**y
    out.backward()
    text = autograd.explain_text(out)
    assert y.grad == 0.0
    assert "(0, as 0^b = 0 for every b near 1.0) = 0.0" in text
    assert "ln(0" not in text and "ln((-0" not in text


def test_the_exponent_gradient_at_a_positive_base_is_still_written_with_ln():
    x, y = Value(2.0, label="x"), Value(2.0, label="y")
    out = x**y
    out.backward()
    assert "L·ln(x) = 1.0 · 4.0·ln(2.0) = 2.773" in autograd.explain_text(out)


def test_abs_has_slope_zero_at_zero():
    x = Value(0.0)
    abs(x).backward()
    assert x.grad == 0.0


def test_a_zero_upstream_skips_a_node_whose_rule_would_fail():
    x = Value(0.0)
    (x.sqrt() * 0.0).backward()  # d sqrt/dx is 1/0 at 0, but nothing reaches it
    assert x.grad == 0.0


def test_backward_twice_from_a_leaf_counts_twice():
    x = Value(3.0)
    x.backward()
    x.backward()
    assert x.grad == 2.0


def _overflowing_backward() -> tuple[Value, Value]:
    """x and z = (x * 1e200) * 1e300: finite on the way forward (1e300), inf on the way back."""
    x = Value(1e-200, label="x")
    return x, (x * 1e200) * 1e300


def test_detect_anomaly_works_under_grad_too():
    x, z = _overflowing_backward()
    assert autograd.grad(z, x) == math.inf  # without it, the infinity passes silently
    with autograd.detect_anomaly(), pytest.raises(FloatingPointError, match=r"backward of \*"):
        autograd.grad(z, x)


def test_grad_with_create_graph_gives_a_zero_value_for_an_unused_input():
    x, unused = Value(2.0), Value(5.0)
    g = autograd.grad(x * x, unused, create_graph=True)
    assert isinstance(g, Value) and g.data == 0.0


def test_detect_anomaly_names_the_op_whose_backward_gives_an_infinite_gradient():
    # every rule succeeds here (no division by zero): only the anomaly check can catch it
    x, z = _overflowing_backward()
    with autograd.detect_anomaly(), pytest.raises(FloatingPointError, match=r"backward of \*.*x=1e-200"):
        z.backward()
    assert x.grad == 0.0  # and the failed pass was taken back


def test_grad_skips_a_node_whose_upstream_is_zero_even_where_its_rule_would_fail():
    x = Value(0.0)
    assert autograd.grad(x.sqrt() * 0.0, x) == 0.0  # d sqrt/dx is 1/0 at 0, but nothing reaches it


def test_grad_with_create_graph_gives_the_subtrahend_a_derivative_of_minus_one():
    x, y = Value(5.0), Value(2.0)
    g = autograd.grad(x - y, y, create_graph=True)
    assert g.data == -1.0


def test_grad_with_create_graph_scales_by_a_leaky_relu_slope_of_two():
    x = Value(-3.0)
    g = autograd.grad(x.leaky_relu(2.0), x, create_graph=True)
    assert g.data == 2.0


def test_a_create_graph_gradient_through_an_addition_is_the_upstream_itself_not_a_product_by_one():
    x, y = Value(1.0), Value(2.0)
    g = autograd.grad(x + y, x, create_graph=True)
    assert g.data == 1.0 and g.inputs == ()  # the seed, passed on: no multiply-by-1.0 node was built


def test_listing_a_learner_ops_steps_leaves_every_gradient_as_it_was():
    x = Value(2.0)
    y = learner_cube(x)
    y.backward()
    autograd.backward_steps(y)
    assert (x.grad, y.grad) == (12.0, 1.0)


def test_a_learner_ops_step_shows_its_local_derivative_as_contribution_over_upstream():
    x = Value(2.0)
    y = learner_cube(x) * 3.0
    step = next(s for s in autograd.backward_steps(y) if s.input is x)
    assert (step.upstream, step.local, step.contribution) == (3.0, 12.0, 36.0)


def test_a_learner_op_that_uses_an_input_twice_gives_it_everything_at_its_first_place():
    x = Value(3.0)
    square = Value(9.0, (x, x), "square")

    def _backward():
        x.grad += 2 * x.data * square.grad

    square._backward = _backward
    assert [s.contribution for s in autograd.backward_steps(square)] == [6.0, 0.0]
