"""Bad input: each error names the operation, the number and the label."""

import pytest

from autograd import Value


def test_log_of_zero_raises_value_error_naming_the_value_and_label():
    with pytest.raises(ValueError, match=r"log: .*positive.*got 0\.0.*operands: x=0\.0"):
        Value(0.0, label="x").log()


def test_log_of_a_negative_number_raises_value_error():
    with pytest.raises(ValueError, match=r"log: .*got -2\.0"):
        Value(-2.0).log()


def test_sqrt_of_a_negative_number_raises_value_error():
    with pytest.raises(ValueError, match=r"sqrt: .*negative.*-4\.0.*operands: a=-4\.0"):
        Value(-4.0, label="a").sqrt()


def test_fractional_power_of_a_negative_number_raises_value_error():
    with pytest.raises(ValueError, match=r"\*\*0\.5: .*\(-8\.0\) \*\* 0\.5 is not a real number"):
        Value(-8.0) ** 0.5


def test_integer_power_of_a_negative_number_is_fine():
    assert (Value(-2.0) ** 3).data == -8.0


def test_value_power_of_a_negative_base_with_fractional_exponent_raises():
    with pytest.raises(ValueError, match=r"pow: .*not a real number"):
        Value(-8.0) ** Value(1 / 3)


def test_zero_to_a_negative_power_raises_zero_division_error():
    with pytest.raises(ZeroDivisionError, match=r"\*\*-1: 0 \*\* -1"):
        Value(0.0) ** -1


def test_division_by_zero_raises_zero_division_error_naming_the_divisor():
    with pytest.raises(ZeroDivisionError, match=r"/: division by zero.*operands: 1\.0, d=0\.0"):
        Value(1.0) / Value(0.0, label="d")


def test_reflected_division_by_zero_raises_too():
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        2 / Value(0.0)


def test_exp_overflow_raises_overflow_error_naming_the_value():
    with pytest.raises(OverflowError, match=r"exp: .*too large.*operands: z=1000\.0"):
        Value(1000.0, label="z").exp()


def test_power_overflow_raises_overflow_error():
    with pytest.raises(OverflowError, match=r"\*\*2: .*too large"):
        Value(1e200) ** 2


def test_infinite_derivative_in_backward_names_the_operation():
    x = Value(0.0, label="x")
    y = x.sqrt()
    with pytest.raises(ZeroDivisionError, match=r"backward of sqrt: .*x=0\.0"):
        y.backward()


def test_a_failed_operation_records_nothing_and_leaves_its_inputs_intact():
    x = Value(-1.0, label="x")
    with pytest.raises(ValueError):
        x.log()
    assert x.data == -1.0 and x.grad == 0.0


def test_a_failed_backward_leaves_intermediate_gradients_as_they_were():
    x = Value(0.0)
    s = x.sqrt()
    y = s * 2
    y.grad, s.grad = 5.0, 7.0
    with pytest.raises(ZeroDivisionError):
        y.backward()
    assert x.data == 0.0 and x.grad == 0.0
    assert y.grad == 5.0 and s.grad == 7.0  # all or nothing: the failed pass added nothing
