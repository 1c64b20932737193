"""A replay that meets an infinite or NaN number does what the engine does there.

The engine refuses operands outside an op's domain and results too large for a float,
naming the op; lets a non-finite leaf carry on (unless detect_anomaly is on); skips a
node whose upstream gradient is exactly 0 (so 0 * inf counts as 0); passes nothing
from an inactive ReLU neuron; and refuses a derivative it cannot compute. A replay
gives the same numbers and raises the same errors, with the same messages.
"""

import math

import numpy as np
import pytest

import autograd
from autograd import Value


def error_of(action):
    """The exception ``action()`` raises, to compare the engine's with a replay's."""
    with pytest.raises(Exception) as caught:
        action()
    return caught.value


def compiled_at(make, start, feed):
    """The error of a replay of ``make``'s graph, compiled at ``start`` and fed ``feed``,
    and the error of the engine building the same graph at ``feed``."""
    x = Value(start, label="x")
    compiled = autograd.compile(make(x), inputs=[x])
    replay = error_of(lambda: compiled.forward([feed]))
    engine = error_of(lambda: make(Value(feed, label="x")))
    return replay, engine


@pytest.mark.parametrize("make, feed", [
    (lambda x: (x * 2).log(), -0.25),
    (lambda x: (x + 1).sqrt(), -3.0),
    (lambda x: 3.0 / (x - 2), 2.0),
    (lambda x: (x - 1) ** 0.5, 0.0),
    (lambda x: (x - 1) ** -2, 1.0),
    (lambda x: (x * 1.0) ** Value(0.5), -1.0),
])
def test_an_operand_outside_the_domain_raises_the_engines_error(make, feed):
    replay, engine = compiled_at(make, 2.5, feed)
    assert type(replay) is type(engine) and str(replay) == str(engine)


def test_a_result_too_large_for_a_float_raises_an_overflow_error_naming_the_op_as_the_engine():
    replay, engine = compiled_at(lambda x: (x * 2).exp(), 1.0, 400.0)
    assert type(replay) is type(engine) is OverflowError
    assert str(replay).startswith("exp: the result (inf) is too large for a float")
    assert str(engine).startswith("exp: the result is too large for a float")


def test_an_overflow_inside_a_flattened_sum_is_an_overflow_error_naming_the_addition():
    x = Value(0.5)
    compiled = autograd.compile(sum([x * 1e308, x * 1e308, x]), inputs=[x])
    with pytest.raises(OverflowError, match=r"^\+: the result \(inf\) is too large"):
        compiled.forward([1.5])


def test_a_nan_leaf_carries_on_through_a_replay_as_through_the_engine():
    x = Value(1.0)
    compiled = autograd.compile((x * 2).tanh() + x, inputs=[x])
    assert math.isnan(compiled.forward([math.nan]))
    assert math.isnan(compiled.backward()[0])


def test_detect_anomaly_makes_a_nan_result_of_a_replay_an_error():
    x = Value(1.0)
    compiled = autograd.compile((x * 2).tanh(), inputs=[x])
    with autograd.detect_anomaly(), pytest.raises(FloatingPointError, match=r"^\*: produced nan"):
        compiled.forward([math.nan])


def test_a_zero_upstream_gradient_skips_an_infinite_derivative_as_the_engine_does():
    x, zero = Value(0.0), Value(0.0)
    y = x.sqrt() * zero + x  # sqrt's derivative 0.5/0 is inf, but nothing flows into it
    compiled = autograd.compile(y, inputs=[x])
    compiled.forward([0.0])
    y.backward()
    assert compiled.backward(accumulate=False).tolist()[0] == x.grad == 1.0


def test_an_inactive_relu_neuron_passes_nothing_even_to_an_infinite_input():
    w, x = Value(-1.0), Value(math.inf)
    y = autograd.dot([w], [x], activation="relu") + w  # relu(-inf) = 0: inactive
    compiled = autograd.compile(y)
    assert compiled.forward() == 0.0 - 1.0
    y.backward()
    assert compiled.backward(accumulate=False).tolist() == [w.grad, x.grad] == [1.0, 0.0]


def test_an_infinite_upstream_through_a_zero_derivative_is_nan_in_both():
    x, big = Value(-1.0), Value(math.inf)
    y = x.relu() * big  # relu passes inf * 0 = nan on: it is not skipped
    compiled = autograd.compile(y)
    compiled.forward()
    y.backward()
    assert math.isnan(x.grad) and math.isnan(compiled.backward(accumulate=False)[0])


def test_a_derivative_undefined_at_the_replayed_numbers_raises_the_engines_error():
    def make(x):
        return (x * 1.0).sqrt()

    x = Value(4.0, label="x")
    compiled = autograd.compile(make(x), inputs=[x])
    compiled.forward([0.0])
    replay = error_of(compiled.backward)
    engine = error_of(make(Value(0.0, label="x")).backward)
    assert type(replay) is type(engine) is ZeroDivisionError and str(replay) == str(engine)


def test_a_failed_backward_adds_nothing_into_any_grad():
    w, x = Value(2.0), Value(4.0)
    compiled = autograd.compile((w * x).sqrt(), inputs=[x])
    compiled.forward([0.0])
    with pytest.raises(ZeroDivisionError):
        compiled.backward()
    assert w.grad == 0.0


def test_a_leaf_whose_data_is_not_a_number_is_a_type_error_naming_it():
    w = Value(2.0, label="w")
    compiled = autograd.compile(w * 3)
    w.data = [2.0]
    with pytest.raises(TypeError, match=r"a leaf's .data must be a number, got list \[2.0\] \(label 'w'\)"):
        compiled.forward()


def test_replays_do_not_warn_about_floating_point_errors():
    x = Value(1.0)
    compiled = autograd.compile((x * 0.0).sqrt() * 0.0 + x, inputs=[x])  # 0.5 / 0 under a zero gradient
    with np.errstate(all="raise"):
        compiled.forward([2.0])
        compiled.backward()
