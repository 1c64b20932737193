"""A Value is not a float, as in micrograd: ``float(v)`` and ``math.sin(v)`` raise TypeError naming
what to call, where a plain number would silently cut the graph; NumPy works on Values the way a
NumPy user expects of objects (element by element, by the Values' own methods)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd import Value


def test_math_sin_of_a_value_is_a_type_error_naming_the_method_to_call():
    v = Value(3.0)
    with pytest.raises(TypeError, match=r"math\.sin\(v\).*call the Value's method: v\.sin\(\)"):
        math.sin(v)


@pytest.mark.parametrize("name, call", [
    ("exp", lambda v: math.exp(v)),
    ("log", lambda v: math.log(v)),
    ("sqrt", lambda v: math.sqrt(v)),
    ("tanh", lambda v: math.tanh(v)),
    ("cos", lambda v: math.cos(v)),
])
def test_each_math_function_a_value_has_names_its_method(name, call):
    with pytest.raises(TypeError, match=rf"math\.{name}\(v\).*v\.{name}\(\)"):
        call(Value(0.5))


def test_float_of_a_value_is_a_type_error_naming_data():
    with pytest.raises(TypeError, match=r"a Value is not a float.*v\.data"):
        float(Value(3.0))


def test_a_math_function_a_value_lacks_names_data_and_the_methods_it_has():
    with pytest.raises(TypeError, match=r"v\.data.*tanh\(\)"):
        math.atan(Value(0.5))


def test_percent_formatting_of_a_value_is_a_type_error_naming_data():
    with pytest.raises(TypeError, match=r"v\.data"):
        "%.2f" % Value(3.0)  # noqa: UP031  (the formatting under test)


def test_a_number_format_of_a_value_is_a_type_error_naming_data():
    with pytest.raises(TypeError, match=r"f'\{v\.data:\.3f\}'"):
        f"{Value(3.0):.3f}"


def test_a_value_in_an_f_string_without_a_format_reads_as_its_repr():
    assert f"{Value(3.0)}" == "Value(data=3.0, grad=0.0)"


def test_the_lecture_exercise_with_sin_gives_the_hand_worked_gradient():
    # f(a, b, c) = -a**3 + sin(3*b) - 1/c + b**2.5 - a**0.5 at (2, 3, 4), micrograd's exercise
    a, b, c = Value(2.0), Value(3.0), Value(4.0)
    f = -a ** 3 + (3 * b).sin() - 1.0 / c + b ** 2.5 - a ** 0.5
    f.backward()
    assert b.grad == pytest.approx(3 * math.cos(9.0) + 2.5 * 3.0 ** 1.5, rel=1e-15)
    assert round(b.grad, 3) == 10.257  # the exercise's answer
    assert a.grad == pytest.approx(-3 * 4.0 - 0.5 / math.sqrt(2.0), rel=1e-15)


def test_numpy_asked_for_floats_refuses_values_naming_data():
    with pytest.raises(TypeError, match=r"v\.data"):
        np.array([Value(1.0), Value(2.0)], dtype=float)


def test_numpy_of_the_values_data_is_an_array_of_floats():
    values = [Value(1.0), Value(2.0)]
    assert np.array([v.data for v in values]).tolist() == [1.0, 2.0]


def test_numpy_functions_on_an_array_of_values_call_their_methods_and_keep_the_gradient():
    x = Value(0.5)
    out = np.sin(np.array([x, 2 * x], dtype=object)).sum()
    out.backward()
    assert isinstance(out, Value)
    assert x.grad == pytest.approx(math.cos(0.5) + 2 * math.cos(1.0), rel=1e-15)


def test_a_dot_product_of_arrays_of_values_keeps_the_gradient():
    w = np.array([Value(2.0), Value(-1.0)], dtype=object)
    out = w.dot(np.array([3.0, 4.0]))
    out.backward()
    assert out.data == 2.0 and [v.grad for v in w] == [3.0, 4.0]


def test_a_numpy_function_given_a_value_itself_refuses_it():
    with pytest.raises(TypeError):
        np.sin(Value(0.5))


def test_sin_of_an_infinite_value_is_nan_as_in_numpy():
    assert math.isnan(Value(math.inf).sin().data) and math.isnan(Value(-math.inf).cos().data)
