"""backward(): the chain rule over a whole graph, into every .grad."""

import sys

import pytest

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
