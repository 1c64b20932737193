"""no_grad and detect_anomaly."""

import math

import pytest

import autograd
from autograd import Value, detect_anomaly, is_grad_enabled, no_grad


def test_no_grad_records_no_graph():
    x = Value(2.0)
    with no_grad():
        y = x * 3 + 1
    assert y.data == 7.0
    assert y.inputs == () and y.op == ""


def test_no_grad_restores_recording_afterwards():
    x = Value(2.0)
    with no_grad():
        assert not is_grad_enabled()
    assert is_grad_enabled()
    assert (x * 3).inputs != ()


def test_no_grad_restores_recording_after_an_exception():
    with pytest.raises(RuntimeError):
        with no_grad():
            raise RuntimeError("boom")
    assert is_grad_enabled()


def test_no_grad_nests():
    with no_grad():
        with no_grad():
            pass
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_backward_inside_no_grad_leaves_inputs_untouched():
    x = Value(2.0)
    with no_grad():
        y = x * x
    y.backward()
    assert x.grad == 0.0


def test_detect_anomaly_raises_on_a_non_finite_forward_value_naming_the_operation():
    big = Value(1e300, label="big")
    with detect_anomaly():
        with pytest.raises(FloatingPointError, match=r"\*: produced inf.*big=1e\+300"):
            big * big


def test_an_infinite_product_of_finite_numbers_raises_naming_the_operation():
    with pytest.raises(OverflowError, match=r"^\*: the result \(inf\) is too large"):
        Value(1e300) * Value(1e300)


def test_every_op_that_overflows_from_finite_operands_raises():
    big = Value(1.5e308)
    for overflow in (lambda: big + big, lambda: -big - big, lambda: big / 1e-10, lambda: big ** 2,
                     lambda: big ** Value(2.0), lambda: Value(1000.0).exp(), lambda: autograd.sum([big, big]),
                     lambda: autograd.dot([big], [big])):
        with pytest.raises(OverflowError, match="too large"):
            overflow()


def test_without_detect_anomaly_a_nan_operand_carries_on_silently():
    assert math.isnan((Value(math.nan) * 2.0).data)
    assert (Value(math.inf) + 1.0).data == math.inf


def test_relu_leaky_relu_and_abs_carry_nan_on():
    nan = Value(math.nan)
    assert all(math.isnan(v.data) for v in (nan.relu(), nan.leaky_relu(), abs(nan)))
    assert math.isnan(autograd.dot([Value(1.0)], [nan], activation="relu").data)


def test_detect_anomaly_catches_a_nan_input_to_a_relu_network():
    with detect_anomaly(), pytest.raises(FloatingPointError, match="relu"):
        autograd.dot([Value(1.0)], [Value(math.nan)], activation="relu")


def test_detect_anomaly_catches_a_gradient_that_overflows():
    x, w = Value(1e200, label="x"), Value(1e-200, label="w")
    y = x * w
    with detect_anomaly():
        with pytest.raises(FloatingPointError, match=r"backward of \*.*gradient inf"):
            y.backward(1e300)


def test_detect_anomaly_is_off_again_after_the_block():
    with detect_anomaly():
        pass
    assert math.isnan((Value(math.nan) * 2.0).data)
