"""backward(): the chain rule over a whole graph, into every .grad."""

import sys

import pytest

import autograd
from autograd import Value


def test_micrograd_sanity_check_expression():
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    assert y.data == -20.0
    assert x.grad == 46.0


def test_micrograd_more_ops_expression():
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b ** 3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e ** 2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    assert g.data == pytest.approx(24.70408163265306, abs=1e-12)
    assert a.grad == pytest.approx(138.83381924198252, abs=1e-10)
    assert b.grad == pytest.approx(645.5772594752186, abs=1e-10)


def test_backward_seeds_the_root_with_one():
    x = Value(3.0)
    y = x * 2
    y.backward()
    assert y.grad == 1.0


def test_calling_backward_twice_doubles_the_gradients():
    x = Value(3.0)
    y = x * x
    y.backward()
    y.backward()
    assert x.grad == 12.0


def test_gradients_accumulate_until_reset():
    x = Value(3.0)
    (x * 2).backward()
    (x * 5).backward()
    assert x.grad == 7.0
    x.grad = 0.0
    (x * 5).backward()
    assert x.grad == 5.0


def test_a_value_used_twice_in_one_operation_gets_both_contributions():
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 6.0


def test_fan_out_sums_the_gradient_over_every_path():
    x = Value(2.0)
    a = x * 3
    b = x.tanh()
    c = a * b + a
    c.backward()
    tanh_x = b.data
    assert x.grad == pytest.approx(3 * tanh_x + 3 * 2.0 * (1 - tanh_x ** 2) + 3)


def test_shared_subexpression_is_processed_once_after_all_its_users():
    x = Value(0.5)
    s = x * x
    y = s * s + s
    y.backward()
    assert s.grad == pytest.approx(2 * s.data + 1)
    assert x.grad == pytest.approx((2 * s.data + 1) * 2 * 0.5)


def test_backward_on_a_leaf_sets_only_its_own_gradient():
    x = Value(1.0)
    x.backward()
    assert x.grad == 1.0


def test_backward_with_an_explicit_seed_scales_every_gradient():
    x = Value(3.0)
    (x * x).backward(0.5)
    assert x.grad == 3.0


def test_a_chain_of_a_million_nodes_works_under_the_default_recursion_limit():
    assert sys.getrecursionlimit() <= 10_000
    x = Value(0.001)
    v = x
    for _ in range(1_000_000):
        v = v.tanh()
    v.backward()
    assert 0.0 < x.grad <= 1.0
    assert v.data > 0.0


def _grads(values):
    return [v.grad for v in values]


@pytest.mark.parametrize("sqrt_first", [True, False])
def test_a_failed_backward_leaves_every_gradient_as_it_was(sqrt_first):
    a, b, z = Value(5.0, label="a"), Value(3.0, label="b"), Value(0.0, label="z")
    # d sqrt(z)/dz is 1/0 at z = 0; in one order a and b have had their share before it fails
    y = z.sqrt() + a * b if sqrt_first else a * b + z.sqrt()
    for _ in range(2):
        before = _grads([a, b, z, y, *y.inputs])
        with pytest.raises(ZeroDivisionError, match="backward of sqrt"):
            y.backward()
        assert _grads([a, b, z, y, *y.inputs]) == before
        (y.inputs[1] if sqrt_first else y.inputs[0]).backward()  # succeeds: grads are not 0 next time


def test_a_failed_backward_after_earlier_gradients_restores_them():
    a, z = Value(2.0, label="a"), Value(0.0, label="z")
    a.grad = 0.125
    y = a * a * 3.0 + z.sqrt()
    with pytest.raises(ZeroDivisionError):
        y.backward()
    assert a.grad == 0.125 and z.grad == 0.0


def test_a_failed_anomaly_check_takes_back_the_failing_nodes_own_contributions():
    a, b = Value(1e200, label="a"), Value(1e200, label="b")
    y = (a * 1e-300) * (b * 1e-300) * 1e300  # the backward products overflow to inf
    with autograd.detect_anomaly(), pytest.raises(FloatingPointError):
        y.backward()
    assert a.grad == 0.0 and b.grad == 0.0


@pytest.mark.parametrize("error", [RuntimeError, FloatingPointError])  # the latter is no anomaly check's
def test_a_learner_closure_that_raises_is_undone_too(error):
    x = Value(2.0, label="x")
    w = Value(3.0, label="w")
    bad = Value(1.0, (x,), "bad")

    def _backward():
        raise error("my rule is broken")

    bad._backward = _backward
    y = bad + x * w  # x * w passes its gradient on before bad's closure runs
    with pytest.raises(error, match="my rule is broken"):
        y.backward()
    assert x.grad == 0.0 and w.grad == 0.0 and y.grad == 0.0
