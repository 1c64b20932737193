"""Optimizers: each update rule worked by hand, convergence on a quadratic, arguments, state, atomic steps."""

import json
import math
import os
import signal

import pytest

from autograd import Value
from nn.modules.module import Module
from nn.optim import SGD, Adam, RMSprop
from nn.optim.optimizer import parameter_list

# Two steps on one parameter x0 = 1.0 with the gradients g1 = 0.5, then g2 = -0.25.
X0, G1, G2 = 1.0, 0.5, -0.25


def two_steps(optimizer_class, **settings):
    """The parameter's number after each of the two steps."""
    p = Value(X0)
    opt = optimizer_class([p], **settings)
    seen = []
    for g in (G1, G2):
        p.grad = g
        opt.step()
        seen.append(p.data)
    return seen


def quadratic_minimum(optimizer, a, b, steps, scheduler=None):
    """Minimise f(a, b) = (a - 3)^2 + 10 (b + 1)^2 for ``steps`` steps."""
    for _ in range(steps):
        optimizer.zero_grad()
        f = (a - 3) ** 2 + 10 * (b + 1) ** 2
        f.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
    return a.data, b.data


# update rules, by hand --------------------------------------------------------------------
def test_sgd_steps_against_the_gradient():
    # x1 = 1 - 0.1 * 0.5 = 0.95;  x2 = 0.95 - 0.1 * (-0.25) = 0.975
    assert two_steps(SGD, lr=0.1) == pytest.approx([0.95, 0.975], abs=1e-15)


def test_sgd_momentum_steps_along_the_running_buffer():
    # b1 = 0.5, x1 = 1 - 0.1 * 0.5 = 0.95
    # b2 = 0.9 * 0.5 - 0.25 = 0.2, x2 = 0.95 - 0.1 * 0.2 = 0.93
    assert two_steps(SGD, lr=0.1, momentum=0.9) == pytest.approx([0.95, 0.93], abs=1e-15)


def test_sgd_nesterov_looks_ahead_along_the_buffer():
    # b1 = 0.5, d1 = 0.5 + 0.9 * 0.5 = 0.95, x1 = 1 - 0.095 = 0.905
    # b2 = 0.9 * 0.5 - 0.25 = 0.2, d2 = -0.25 + 0.9 * 0.2 = -0.07, x2 = 0.905 + 0.007 = 0.912
    assert two_steps(SGD, lr=0.1, momentum=0.9, nesterov=True) == pytest.approx([0.905, 0.912], abs=1e-15)


def test_weight_decay_adds_decay_times_parameter_to_the_gradient():
    # g1 = 0.5 + 0.1 * 1.0 = 0.6, x1 = 1 - 0.1 * 0.6 = 0.94
    # g2 = -0.25 + 0.1 * 0.94 = -0.156, x2 = 0.94 + 0.1 * 0.156 = 0.9556
    assert two_steps(SGD, lr=0.1, weight_decay=0.1) == pytest.approx([0.94, 0.9556], abs=1e-15)


def test_rmsprop_divides_by_the_root_mean_square_of_gradients():
    # v1 = 0.1 * 0.5^2 = 0.025, x1 = 1 - 0.01 * 0.5 / (sqrt(0.025) + 1e-8) = 0.968377225...
    # v2 = 0.9 * 0.025 + 0.1 * 0.25^2 = 0.02875
    # x2 = x1 + 0.01 * 0.25 / (sqrt(0.02875) + 1e-8) = 0.983121420...
    eps = 1e-8
    x1 = 1 - 0.01 * 0.5 / (math.sqrt(0.025) + eps)
    x2 = x1 + 0.01 * 0.25 / (math.sqrt(0.02875) + eps)
    assert two_steps(RMSprop, lr=0.01, alpha=0.9) == pytest.approx([x1, x2], abs=1e-12)
    assert x2 == pytest.approx(0.983121420, abs=1e-9)


def test_adam_uses_bias_corrected_moments():
    # step 1: m = 0.1 * 0.5 = 0.05, v = 0.001 * 0.25 = 0.00025
    #         m_hat = 0.05 / 0.1 = 0.5, v_hat = 0.00025 / 0.001 = 0.25
    #         x1 = 1 - 0.1 * 0.5 / (sqrt(0.25) + 1e-8) = 0.900000002
    # step 2: m = 0.9 * 0.05 - 0.1 * 0.25 = 0.02, v = 0.999 * 0.00025 + 0.001 * 0.0625 = 0.00031225
    #         m_hat = 0.02 / (1 - 0.9^2), v_hat = 0.00031225 / (1 - 0.999^2)
    eps = 1e-8
    x1 = 1 - 0.1 * 0.5 / (0.5 + eps)
    m_hat, v_hat = 0.02 / 0.19, 0.00031225 / 0.001999
    x2 = x1 - 0.1 * m_hat / (math.sqrt(v_hat) + eps)
    assert two_steps(Adam, lr=0.1) == pytest.approx([x1, x2], abs=1e-12)
    assert x2 == pytest.approx(0.873366299, abs=1e-9)


# convergence -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make, steps",
    [
        (lambda p: SGD(p, lr=0.04), 200),
        (lambda p: SGD(p, lr=0.01, momentum=0.9), 400),
        (lambda p: SGD(p, lr=0.01, momentum=0.9, nesterov=True), 400),
        (lambda p: RMSprop(p, lr=0.01), 2000),
        (lambda p: Adam(p, lr=0.1), 1000),
    ],
    ids=["sgd", "momentum", "nesterov", "rmsprop", "adam"],
)
def test_optimizer_reaches_the_minimum_of_a_convex_quadratic(make, steps):
    a, b = Value(0.0), Value(0.0)
    a_end, b_end = quadratic_minimum(make([a, b]), a, b, steps)
    assert a_end == pytest.approx(3.0, abs=1e-6)
    assert b_end == pytest.approx(-1.0, abs=1e-6)


def test_weight_decay_moves_the_minimum_toward_zero():
    # minimum of f + wd/2 (a^2 + b^2): 2(a - 3) + wd a = 0, 20(b + 1) + wd b = 0
    wd = 0.5
    a, b = Value(0.0), Value(0.0)
    a_end, b_end = quadratic_minimum(SGD([a, b], lr=0.04, weight_decay=wd), a, b, 300)
    assert a_end == pytest.approx(6 / (2 + wd), abs=1e-6)
    assert b_end == pytest.approx(-20 / (20 + wd), abs=1e-6)


# the optimizer object ------------------------------------------------------------------------
def test_params_given_as_a_generator_are_all_updated():
    a, b = Value(1.0), Value(2.0)
    opt = SGD((p for p in [a, b]), lr=0.5)
    a.grad, b.grad = 1.0, 1.0
    opt.step()
    opt.step()
    assert (a.data, b.data) == (0.0, 1.0)


def test_a_module_can_be_passed_for_its_parameters():
    class Pair(Module):
        def __init__(self):
            self.w = [Value(1.0), Value(2.0)]

    model = Pair()
    assert SGD(model, lr=0.1).params == model.parameters()


def test_zero_grad_clears_every_gradient():
    params = [Value(1.0), Value(2.0)]
    for p in params:
        p.grad = 3.0
    SGD(params, lr=0.1).zero_grad()
    assert [p.grad for p in params] == [0.0, 0.0]


def test_lr_can_be_changed_between_steps():
    p = Value(1.0)
    opt = SGD([p], lr=0.1)
    opt.lr = 0.5
    p.grad = 1.0
    opt.step()
    assert p.data == 0.5


def test_setting_a_negative_lr_is_refused():
    opt = SGD([Value(1.0)], lr=0.1)
    with pytest.raises(ValueError, match=r"lr must be >= 0, got -1"):
        opt.lr = -1


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: SGD(p, lr=0), r"SGD: lr must be > 0, got 0"),
        (lambda p: SGD(p, lr=-0.1), r"lr must be > 0, got -0.1"),
        (lambda p: SGD(p, lr=float("nan")), r"SGD: lr must be finite, got nan"),
        (lambda p: SGD(p, lr=float("inf")), r"SGD: lr must be finite, got inf"),
        (lambda p: SGD(p, lr=0.1, momentum=-0.5), r"momentum must be >= 0, got -0.5"),
        (lambda p: SGD(p, lr=0.1, nesterov=True), r"SGD: momentum must be > 0, got 0.0; nesterov=True needs"),
        (lambda p: SGD(p, lr=0.1, weight_decay=-1), r"weight_decay must be >= 0, got -1"),
        (lambda p: Adam(p, lr=0.1, betas=(1.0, 0.999)), r"betas\[0\] must be in \[0, 1\), got 1.0"),
        (lambda p: Adam(p, lr=0.1, betas=(0.9, -0.1)), r"betas\[1\] must be in \[0, 1\), got -0.1"),
        (lambda p: Adam(p, lr=0.1, betas=0.9), r"betas must be a pair"),
        (lambda p: Adam(p, lr=0.1, eps=0), r"eps must be > 0, got 0"),
        (lambda p: RMSprop(p, lr=0.1, alpha=1.5), r"alpha must be in \[0, 1\), got 1.5"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_value(make, message):
    with pytest.raises(ValueError, match=message):
        make([Value(1.0)])


def test_an_empty_parameter_list_is_refused():
    with pytest.raises(ValueError, match="Adam: params must hold at least one Value, got an empty list"):
        Adam([], lr=0.1)


def test_a_parameter_listed_twice_is_refused():
    p = Value(1.0)
    message = r"SGD: parameter 1 \(.*\) must appear once in the list, got it again"
    with pytest.raises(ValueError, match=message):
        SGD([p, p], lr=0.1)


def test_non_values_in_the_parameter_list_are_refused():
    with pytest.raises(TypeError, match=r"SGD: parameter 1 must be a Value, got a float \(2.0\)"):
        parameter_list([Value(1.0), 2.0], "SGD")


def test_state_dict_round_trip_continues_the_same_trajectory():
    def run(opt, p, grads):
        for g in grads:
            p.grad = g
            opt.step()

    p = Value(1.0)
    opt = Adam([p], lr=0.1, betas=(0.8, 0.99))
    run(opt, p, [0.5, -0.25, 0.125])
    saved = json.loads(json.dumps(opt.state_dict()))

    q = Value(p.data)
    copy = Adam([q], lr=0.5).load_state_dict(saved)
    assert (copy.lr, copy.betas, copy.steps) == (0.1, (0.8, 0.99), 3)
    run(opt, p, [1.0, 2.0])
    run(copy, q, [1.0, 2.0])
    assert q.data == p.data


def test_loading_the_state_of_another_optimizer_is_refused():
    state = SGD([Value(1.0)], lr=0.1, momentum=0.9).state_dict()
    message = r"Adam.load_state_dict: state\['optimizer'\] must be 'Adam', got 'SGD'"
    with pytest.raises(ValueError, match=message):
        Adam([Value(1.0)], lr=0.1).load_state_dict(state)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda h: h.pop("eps"), r"missing keys \['eps'\], unexpected keys \[\]"),
        (lambda h: h.update(amsgrad=False), r"missing keys \[\], unexpected keys \['amsgrad'\]"),
    ],
)
def test_loading_state_with_missing_or_extra_hyperparameters_names_the_keys(change, message):
    state = Adam([Value(1.0)], lr=0.1).state_dict()
    change(state["hyperparameters"])
    opt = Adam([Value(1.0)], lr=0.5)
    with pytest.raises(ValueError, match=r"Adam.load_state_dict: hyperparameters: " + message):
        opt.load_state_dict(state)
    assert opt.lr == 0.5


@pytest.mark.parametrize("make, lr", [(SGD, 1e-3), (RMSprop, 1e-2), (Adam, 1e-3)])
def test_default_learning_rates_are_pytorchs(make, lr):
    assert make([Value(1.0)]).lr == lr


def test_loading_state_for_a_different_number_of_parameters_is_refused():
    state = SGD([Value(1.0)], lr=0.1, momentum=0.9).state_dict()
    opt = SGD([Value(1.0), Value(2.0)], lr=0.1, momentum=0.9)
    message = r"SGD.load_state_dict: state 'momentum_buffer' must have one entry per parameter \(2\), got 1"
    with pytest.raises(ValueError, match=message):
        opt.load_state_dict(state)


# all or nothing ------------------------------------------------------------------------------
class InterruptingValue(Value):
    """A parameter that sends Ctrl-C (SIGINT) to the process when its number is written."""

    armed = False

    @property
    def data(self):
        return self._number

    @data.setter
    def data(self, value):
        self._number = value
        if self.armed:
            os.kill(os.getpid(), signal.SIGINT)


def test_ctrl_c_during_a_step_comes_only_after_every_parameter_is_written():
    params = [Value(1.0), InterruptingValue(1.0), Value(1.0)]
    params[1].armed = True
    opt = SGD(params, lr=0.5, momentum=0.9)
    for p in params:
        p.grad = 1.0
    with pytest.raises(KeyboardInterrupt):
        opt.step()
    assert [p.data for p in params] == [0.5, 0.5, 0.5]
    assert opt.steps == 1
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_step_whose_update_fails_changes_nothing():
    params = [Value(1.0), Value(2.0)]
    opt = SGD(params, lr=0.1, momentum=0.9)
    for p in params:
        p.grad = 1.0

    def failing_update(x, g, t):
        raise ArithmeticError("boom")

    opt.update = failing_update
    with pytest.raises(ArithmeticError):
        opt.step()
    assert [p.data for p in params] == [1.0, 2.0]
    assert opt.steps == 0 and opt.state["momentum_buffer"].tolist() == [0.0, 0.0]


def test_nesterov_must_be_true_or_false():
    with pytest.raises(ValueError, match="SGD: nesterov must be True or False, got 'no'"):
        SGD([Value(1.0)], lr=0.1, momentum=0.9, nesterov="no")


def test_rmsprop_defaults_are_pytorchs():
    p = Value(1.0)
    p.grad = 2.0
    opt = RMSprop([p])
    opt.step()
    # v = (1 - 0.99) * 4 = 0.04; step = lr * g / (sqrt(v) + eps) = 0.01 * 2 / (0.2 + 1e-8)
    assert (opt.lr, opt.alpha, opt.eps) == (1e-2, 0.99, 1e-8)
    assert p.data == pytest.approx(1.0 - 0.01 * 2.0 / (0.2 + 1e-8), rel=1e-15)
