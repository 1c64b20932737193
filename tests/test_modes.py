"""no_grad and detect_anomaly."""

import pytest

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


def test_without_detect_anomaly_an_infinite_product_passes_silently():
    assert (Value(1e300) * Value(1e300)).data == float("inf")


def test_detect_anomaly_raises_on_a_non_finite_gradient_naming_the_operation():
    x = Value(1e-200, label="x")
    y = x * x
    z = y.sqrt()
    with detect_anomaly():
        with pytest.raises((FloatingPointError, ZeroDivisionError), match="sqrt"):
            z.backward()


def test_detect_anomaly_catches_a_gradient_that_overflows():
    x, w = Value(1e200, label="x"), Value(1e-200, label="w")
    y = x * w
    with detect_anomaly():
        with pytest.raises(FloatingPointError, match=r"backward of \*.*gradient inf"):
            y.backward(1e300)


def test_detect_anomaly_is_off_again_after_the_block():
    with detect_anomaly():
        pass
    assert (Value(1e300) * Value(1e300)).data == float("inf")
