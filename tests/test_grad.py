"""autograd.grad: gradients returned, not accumulated, and of any order."""

import math

import pytest

import autograd
from autograd import Value, grad, ops
from autograd.op_entry import Op, floats, function_of
from autograd.value import _unary


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


# a rule that needs a function calls an entry made a function: it takes floats, Values and arrays
SIN = Op("sin", floats(math.sin, "sin"), lambda out, xs, k: (cos(xs[0]),))
COS = Op("cos", floats(math.cos, "cos"), lambda out, xs, k: (-sin(xs[0]),))
sin, cos = function_of(SIN), function_of(COS)


@pytest.fixture
def sin_and_cos(monkeypatch):
    """Value.sin and Value.cos, as autograd/value.py would give a new op's entries."""
    monkeypatch.setattr(Value, "sin", _unary(SIN, "sin"), raising=False)
    monkeypatch.setattr(Value, "cos", _unary(COS, "cos"), raising=False)


def test_an_entry_as_a_function_computes_on_a_float_an_array_and_a_value():
    import numpy as np

    assert ops.sigmoid(0.0) == 0.5 and ops.exp(np.array([0.0, 1.0])).tolist() == [1.0, math.e]
    x = Value(0.5)
    y = function_of(ops.TANH)(x)
    assert y.op == "tanh" and y.inputs == (x,) and y.data == math.tanh(0.5)


def test_the_rule_of_a_new_op_that_calls_another_entry_gives_derivatives_of_every_order(sin_and_cos):
    x = Value(0.5)
    first = grad(x.sin(), x, create_graph=True)
    second = grad(first, x, create_graph=True)
    assert (first.data, second.data) == (math.cos(0.5), -math.sin(0.5))
    assert grad(second, x) == pytest.approx(-math.cos(0.5), rel=1e-15)


def test_an_entry_called_on_a_value_without_its_method_names_the_line_value_py_needs(monkeypatch):
    monkeypatch.delattr(Value, "cos", raising=False)
    x = Value(0.5)
    node = _unary(SIN, "sin")(x)  # a sin node, but no Value.cos for its rule's cos(x)
    with pytest.raises(TypeError, match=r"Value's method cos.*autograd/value.py: "
                                        r"cos = _unary\(ops.COS, \"...\"\)"):
        grad(node, x, create_graph=True)


def test_a_forward_given_a_value_says_to_call_the_op_as_a_function_instead():
    with pytest.raises(TypeError, match=r"not on a Value.*ops.exp\(x\) = function_of\(ops.EXP\)"):
        ops.EXP.forward((Value(1.0),), None)


def test_only_an_entry_with_a_floats_forward_can_be_made_a_function():
    with pytest.raises(TypeError, match=r"function_of\(\*\*\): only an entry whose forward is floats"):
        function_of(ops.POW)
