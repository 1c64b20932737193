"""Behaviours a mutation run (``tests/mutate.py``) found unpinned: each test fails when the
rule it names is broken, and passes with the code as it is."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Value
from autograd.graph import forward_order
from autograd.op_entry import stable_sigmoid, stable_sigmoid_on_arrays
from autograd.ops import LEARNER
from autograd.views.names import expression
from nn.optim import SGD
from nn.optim.schedulers import CosineAnnealingLR, ReduceLROnPlateau, StepLR


def test_the_float_sigmoid_rounds_as_the_array_sigmoid_between_0_and_1():
    # there 1 / (1 + e^-x) and e^x / (1 + e^x) differ in the last bit (at 0.007 and 0.012, say):
    # a replay gives each element what the float form gives it only if both take the same branch
    xs = [0.007, 0.012, 0.3, 0.9]
    assert [stable_sigmoid(x) for x in xs] == stable_sigmoid_on_arrays(np, np.array(xs)).tolist()


def test_forward_order_lists_each_value_once_after_its_inputs():
    x = Value(2.0)
    square = x * x  # x used twice
    total = square + square  # and the square twice
    assert forward_order(total) == [x, square, total]


def test_a_learner_op_with_a_name_of_its_own_is_written_as_a_call_of_its_inputs():
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    out = Value(8.0, (x, y), "power")
    assert expression(out, {x: "x", y: "y"}) == "power(x, y)"


def test_a_neuron_node_is_written_as_its_activation_of_the_weighted_sum():
    w1, w2, x1, x2, b = (Value(1.0, label=name) for name in ("w1", "w2", "x1", "x2", "b"))
    y = autograd.dot([w1, w2], [x1, x2], b, activation="tanh")
    assert expression(y, {v: v.label for v in (w1, w2, x1, x2, b)}) == "tanh(w1*x1 + w2*x2 + b)"


def test_a_sum_node_is_written_with_plus_signs():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    assert expression(autograd.sum([a, b, c]), {a: "a", b: "b", c: "c"}) == "a + b + c"


def test_the_table_gives_no_rule_for_a_learner_written_op_but_a_type_error_naming_its_backward():
    with pytest.raises(TypeError, match="its _backward is the rule"):
        LEARNER.local(2.0, [1.0], None)


def test_cross_entropy_refuses_a_class_target_with_a_fractional_part():
    with pytest.raises(ValueError, match="a class target must be a whole number, got 1.5"):
        nn.cross_entropy([Value(1.0), Value(2.0)], 1.5)


def test_reduce_on_plateau_does_not_count_a_metric_equal_to_the_best_as_an_improvement():
    opt = SGD([Value(0.0)], lr=1.0)
    sched = ReduceLROnPlateau(opt, patience=0, threshold=0.0)
    sched.step(1.0)  # the first metric is the best so far
    sched.step(1.0)  # no better: with patience 0, the lr is cut at once
    assert opt.lr == pytest.approx(0.1)


def test_reduce_on_plateau_in_max_mode_does_not_count_a_metric_equal_to_the_best_as_an_improvement():
    opt = SGD([Value(0.0)], lr=1.0)
    sched = ReduceLROnPlateau(opt, mode="max", patience=0, threshold=0.0)
    sched.step(1.0)
    sched.step(1.0)
    assert opt.lr == pytest.approx(0.1)


def test_reduce_on_plateau_counts_its_epochs():
    sched = ReduceLROnPlateau(SGD([Value(0.0)], lr=1.0))
    for metric in (3.0, 2.0, 1.0):
        sched.step(metric)
    assert sched.last_epoch == 3


def test_cosine_annealing_goes_down_to_zero_by_default():
    opt = SGD([Value(0.0)], lr=0.5)
    sched = CosineAnnealingLR(opt, T_max=2)
    sched.step()
    sched.step()
    assert opt.lr == pytest.approx(0.0, abs=1e-15)


def test_a_schedulers_repr_shows_its_epoch_and_learning_rate():
    assert repr(StepLR(SGD([Value(0.0)], lr=0.5), step_size=1)) == "StepLR(last_epoch=0, lr=0.5)"


def test_a_binary_target_of_exactly_one_half_counts_as_class_1_as_a_probability_of_one_half_does():
    assert nn.losses.accuracy([Value(0.7)], [0.5], "binary_cross_entropy") == 1.0


def test_an_op_with_a_constant_but_no_describe_is_named_by_its_name():
    # leaky_relu's slope is its constant k; only POW, DOT and a learner's op describe theirs
    assert Value(-2.0).leaky_relu(0.1).op == "leaky_relu"
