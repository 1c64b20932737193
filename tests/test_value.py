"""A Value: what it holds, how it prints, compares and hashes."""

import fractions

import numpy as np
import pytest

from autograd import Value


def test_value_holds_a_float_and_starts_with_zero_grad():
    v = Value(2)
    assert v.data == 2.0 and type(v.data) is float
    assert v.grad == 0.0
    assert v.label == "" and v.op == "" and v.inputs == ()


@pytest.mark.parametrize("number", [3, 3.0, np.float64(3), np.float32(3), np.int64(3), fractions.Fraction(3)])
def test_value_accepts_ints_floats_and_numpy_scalars(number):
    assert Value(number).data == 3.0


@pytest.mark.parametrize(
    "bad, name",
    [(True, "bool"), ("2.0", "str"), (None, "NoneType"), (1 + 2j, "complex"), ([1.0], "list"),
     (np.bool_(True), "bool")],
)
def test_value_rejects_non_real_data_naming_the_type(bad, name):
    with pytest.raises(TypeError, match=f"real number.*got {name}"):
        Value(bad)


def test_value_of_a_value_is_rejected_with_a_hint():
    with pytest.raises(TypeError, match=r"v\.data"):
        Value(Value(1.0))


def test_repr_shows_data_grad_and_label():
    v = Value(0.5, label="w1")
    v.grad = -1.5
    assert repr(v) == "Value(data=0.5, grad=-1.5, label='w1')"


def test_repr_leaves_out_an_empty_label():
    assert repr(Value(0.5)) == "Value(data=0.5, grad=0.0)"


def test_values_hash_by_identity():
    a, b = Value(1.0), Value(1.0)
    assert len({a, b}) == 2
    assert {a: "a", b: "b"}[b] == "b"
    assert a != b and a == a


@pytest.mark.parametrize(
    "expr, expected",
    [(lambda a, b: a < b, True), (lambda a, b: a <= b, True), (lambda a, b: a > b, False),
     (lambda a, b: a >= b, False), (lambda a, b: a < 2.5, True), (lambda a, b: 0 < a, True)],
)
def test_ordering_compares_data_and_returns_bool(expr, expected):
    result = expr(Value(1.0), Value(2.0))
    assert result is expected


def test_result_records_its_operation_and_inputs():
    a, b = Value(2.0), Value(3.0)
    c = a * b
    assert c.op == "*"
    assert c.inputs == (a, b)


def test_micrograd_aliases_prev_and_op_are_readable():
    a, b = Value(2.0), Value(3.0)
    c = a + b
    assert c._prev == {a, b}
    assert c._op == "+"


def test_power_by_a_constant_names_its_exponent():
    assert (Value(3.0) ** 2).op == "**2"
    assert (Value(3.0) ** 0.5).op == "**0.5"


def test_data_and_item_give_the_number_and_float_refuses_as_in_micrograd():
    v = Value(1.25)
    assert v.data == 1.25 and v.item() == 1.25
    with pytest.raises(TypeError, match=r"v\.data"):
        float(v)


def test_numpy_scalar_on_the_left_gives_a_value():
    result = np.float64(2.0) * Value(3.0)
    assert isinstance(result, Value) and result.data == 6.0


def test_arithmetic_with_a_string_raises_type_error():
    with pytest.raises(TypeError):
        Value(1.0) + "a"


def test_a_label_must_be_a_string_and_the_error_says_how_to_write_it():
    with pytest.raises(TypeError, match="a label must be a string, got int 3; write label='3'"):
        Value(2.0, label=3)


def test_a_label_of_none_means_no_label():
    v = Value(2.0, label="x")
    v.label = None
    assert v.label == "" and repr(v) == "Value(data=2.0, grad=0.0)"
