"""gradcheck: backward against central differences."""

import pytest

from autograd import GradcheckError, Value, gradcheck, numerical_gradient, ops
from autograd.value import _unary


def test_gradcheck_returns_true_for_correct_gradients():
    assert gradcheck(lambda a, b: (a * b).tanh() + a.exp() / b, [0.4, 1.7]) is True


def test_gradcheck_accepts_values_and_keeps_their_labels_and_numbers():
    a = Value(0.4, label="a")
    assert gradcheck(lambda v: v * v, [a])
    assert a.label == "a" and a.data == 0.4


def test_numerical_gradient_is_a_central_difference():
    slopes = numerical_gradient(lambda x, y: x * x * y, [3.0, 2.0])
    assert slopes == pytest.approx([12.0, 9.0], rel=1e-8)


def test_gradcheck_raises_with_a_table_when_a_rule_is_wrong(monkeypatch):
    wrong = ops.Op("tanh", ops.TANH.forward, lambda out, xs, k: (1 + out * out,))
    monkeypatch.setattr(Value, "tanh", _unary(wrong, "tanh with a wrong rule"))
    x = Value(0.5, label="x")
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda v, w: v.tanh() + w, [x, 2.0])
    message = str(caught.value)
    assert "1 of 2 inputs" in message
    assert "backward" in message and "numerical" in message
    row = [line for line in message.splitlines() if line.strip().startswith("0")][0]
    assert "x" in row and "0.5" in row


def test_gradcheck_rejects_a_function_that_does_not_return_a_value():
    with pytest.raises(TypeError, match="return a Value"):
        gradcheck(lambda v: 3.0, [1.0])
