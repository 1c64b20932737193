"""Gradient clipping by global norm and by value."""

import math

import pytest

from autograd import Value
from nn.optim.clip import clip_grad_norm, clip_grad_value, grad_norm


def params_with_grads(*grads):
    params = [Value(0.0) for _ in grads]
    for p, g in zip(params, grads):
        p.grad = g
    return params


def test_grad_norm_is_the_global_l2_norm():
    assert grad_norm(params_with_grads(3.0, 4.0, 12.0)) == 13.0


def test_clip_grad_norm_scales_to_max_norm_keeping_the_direction():
    params = params_with_grads(3.0, -4.0)
    clip_grad_norm(params, max_norm=1.0)
    assert [p.grad for p in params] == pytest.approx([0.6, -0.8], abs=1e-15)
    assert math.hypot(*(p.grad for p in params)) == pytest.approx(1.0, abs=1e-15)


def test_clip_grad_norm_returns_the_norm_before_clipping():
    assert clip_grad_norm(params_with_grads(3.0, -4.0), max_norm=1.0) == 5.0


def test_clip_grad_norm_leaves_small_gradients_alone():
    params = params_with_grads(0.3, -0.4)
    assert clip_grad_norm(params, max_norm=1.0) == pytest.approx(0.5)
    assert [p.grad for p in params] == [0.3, -0.4]


def test_clip_grad_norm_refuses_a_nan_norm_and_keeps_the_gradients():
    params = params_with_grads(1.0, float("nan"))
    with pytest.raises(FloatingPointError, match="gradient norm is nan"):
        clip_grad_norm(params, max_norm=1.0)
    assert params[0].grad == 1.0


def test_clip_grad_norm_takes_a_generator():
    params = params_with_grads(6.0, 8.0)
    clip_grad_norm((p for p in params), max_norm=5.0)
    assert [p.grad for p in params] == pytest.approx([3.0, 4.0])


def test_clip_grad_value_clamps_each_gradient_on_its_own():
    params = params_with_grads(3.0, -4.0, 0.5, -0.5)
    clip_grad_value(params, clip=1.0)
    assert [p.grad for p in params] == [1.0, -1.0, 0.5, -0.5]


@pytest.mark.parametrize("clip, says", [(0, "be > 0"), (-1.0, "be > 0"), (float("inf"), "be finite")])
def test_clip_limits_must_be_positive_and_finite(clip, says):
    with pytest.raises(ValueError, match=f"must {says}, got {clip}"):
        clip_grad_value(params_with_grads(1.0), clip)
    with pytest.raises(ValueError, match=f"max_norm must {says}, got {clip}"):
        clip_grad_norm(params_with_grads(1.0), clip)
