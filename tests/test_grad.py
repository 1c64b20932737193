"""autograd.grad: gradients returned, not accumulated, and of any order."""

import math

import pytest

import autograd
from autograd import Value, grad


def test_grad_returns_gradients_without_touching_dot_grad():
    x, y = Value(2.0), Value(3.0)
    z = x * y + x
    gx, gy = grad(z, [x, y])
    assert (gx, gy) == (4.0, 2.0)
    assert (x.grad, y.grad, z.grad) == (0.0, 0.0, 0.0)


def test_grad_of_a_single_input_returns_a_single_gradient():
    x = Value(2.0)
    assert grad(x ** 3, x) == 12.0


def test_grad_agrees_with_backward():
    a, b = Value(0.3), Value(-1.2)
    out = (a * b).tanh() + (a / (1 + b * b)).exp()
    expected = grad(out, [a, b])
    out.backward()
    assert [a.grad, b.grad] == expected


def test_grad_of_an_unused_input_is_zero():
    x, unused = Value(2.0), Value(5.0)
    assert grad(x * x, [x, unused]) == [4.0, 0.0]


def test_grad_with_respect_to_an_intermediate_value():
    x = Value(2.0)
    h = x * 3
    out = h * h
    assert grad(out, h) == 12.0


def test_create_graph_returns_values_that_can_be_differentiated():
    x = Value(1.5)
    dy = grad(x ** 3, x, create_graph=True)
    assert isinstance(dy, Value) and dy.data == pytest.approx(3 * 1.5 ** 2)


@pytest.mark.parametrize("x", [-1.3, 0.0, 0.7, 2.0])
def test_second_derivative_of_a_cube_is_six_x(x):
    v = Value(x)
    first = grad(v ** 3, v, create_graph=True)
    assert grad(first, v) == pytest.approx(6 * x)


@pytest.mark.parametrize("x", [-1.3, 0.0, 0.7])
def test_third_derivative_of_a_cube_is_six(x):
    v = Value(x)
    first = grad(v ** 3, v, create_graph=True)
    second = grad(first, v, create_graph=True)
    assert grad(second, v) == pytest.approx(6.0)


@pytest.mark.parametrize("x", [-0.8, 0.0, 0.4, 2.5])
def test_second_derivative_of_tanh(x):
    v = Value(x)
    t = math.tanh(x)
    assert grad(grad(v.tanh(), v, create_graph=True), v) == pytest.approx(-2 * t * (1 - t * t))


def test_mixed_second_derivative():
    x, y = Value(0.5), Value(-1.5)
    dfdx = grad(x * x * y + y.exp() * x, x, create_graph=True)
    assert grad(dfdx, y) == pytest.approx(2 * 0.5 + math.exp(-1.5))


def test_second_derivative_through_a_tanh_neuron():
    w, x = Value(0.4), Value(1.2)
    dw = grad(autograd.dot([w], [x], activation="tanh"), w, create_graph=True)
    t = math.tanh(0.48)
    assert grad(dw, w) == pytest.approx(-2 * t * (1 - t * t) * 1.2 * 1.2)


def test_second_derivative_survives_a_zero_first_derivative():
    x = Value(0.0)
    first = grad(x * x, x, create_graph=True)
    assert first.data == 0.0
    assert grad(first, x) == 2.0


def test_gradient_of_a_gradient_inside_no_grad_still_builds_a_graph():
    x = Value(2.0)
    with autograd.no_grad():
        pass
    y = x ** 3
    with autograd.no_grad():
        first = grad(y, x, create_graph=True)
    assert grad(first, x) == 12.0


def test_grad_rejects_a_non_value_output():
    with pytest.raises(TypeError, match="output"):
        grad(3.0, Value(1.0))


def test_grad_rejects_non_value_inputs():
    with pytest.raises(TypeError, match="inputs"):
        grad(Value(1.0) * 2, [1.0])
