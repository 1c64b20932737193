"""Loading optimizer and scheduler state: everything a constructor would refuse is refused, and
nothing changes on refusal.

A state dict may come from a file someone else wrote. ``load_state_dict`` checks the
settings with the constructor's own checks, and every number and counter. It refuses a
bad state with a ValueError naming the entry, before it changes anything.
"""

import math

import pytest

from autograd import Value
from nn.optim import SGD, Adam, RMSprop
from nn.optim.schedulers import CosineAnnealingLR, LinearLR, ReduceLROnPlateau, StepLR


def adam_state(**state_changes):
    """The state of an Adam over two parameters after one step, with ``state`` entries replaced."""
    params = [Value(1.0), Value(2.0)]
    opt = Adam(params, lr=0.1)
    for p in params:
        p.grad = 0.5
    opt.step()
    state = opt.state_dict()
    state["state"].update(state_changes)
    return state


def fresh_adam():
    return Adam([Value(1.0), Value(2.0)], lr=0.5)


# optimizers -------------------------------------------------------------------------------------
def test_adam_refuses_nested_lists_in_its_first_moment():
    message = r"Adam.load_state_dict: exp_avg\[0\] must be a number, got \[1, 2\]"
    with pytest.raises(ValueError, match=message):
        fresh_adam().load_state_dict(adam_state(exp_avg=[[1, 2], [3, 4]]))


def test_adam_refuses_a_nan_second_moment():
    with pytest.raises(ValueError, match=r"Adam.load_state_dict: exp_avg_sq\[1\] must be finite, got nan"):
        fresh_adam().load_state_dict(adam_state(exp_avg_sq=[0.1, math.nan]))


def test_adam_refuses_a_negative_second_moment():
    with pytest.raises(ValueError, match=r"Adam.load_state_dict: exp_avg_sq\[0\] must be >= 0, got -1.0"):
        fresh_adam().load_state_dict(adam_state(exp_avg_sq=[-1.0, 0.1]))


def test_rmsprop_refuses_a_negative_square_average():
    state = RMSprop([Value(1.0)], lr=0.1).state_dict()
    state["state"]["square_avg"] = [-0.5]
    with pytest.raises(ValueError, match=r"RMSprop.load_state_dict: square_avg\[0\] must be >= 0, got -0.5"):
        RMSprop([Value(1.0)]).load_state_dict(state)


def test_sgd_refuses_an_infinite_momentum_buffer():
    state = SGD([Value(1.0)], lr=0.1, momentum=0.9).state_dict()
    state["state"]["momentum_buffer"] = [math.inf]
    with pytest.raises(ValueError, match=r"momentum_buffer\[0\] must be finite, got inf"):
        SGD([Value(1.0)], lr=0.1, momentum=0.9).load_state_dict(state)


def test_a_refused_optimizer_state_changes_nothing():
    opt = fresh_adam()
    before = opt.state_dict()
    state = adam_state(exp_avg_sq=[0.1, -1.0])
    state["lr"], state["steps"] = 0.01, 7
    with pytest.raises(ValueError):
        opt.load_state_dict(state)
    assert opt.state_dict() == before


def test_an_optimizer_state_whose_parts_are_not_dicts_is_refused_naming_the_part():
    state = adam_state()
    state["state"] = [0.0, 0.0]
    message = r"Adam.load_state_dict: state must be a dict, as state_dict\(\) makes, got list"
    with pytest.raises(ValueError, match=message):
        fresh_adam().load_state_dict(state)


def test_an_optimizer_state_with_a_state_it_does_not_keep_is_refused_naming_it():
    message = r"Adam.load_state_dict: state: missing keys \[\], unexpected keys \['momentum_buffer'\]"
    with pytest.raises(ValueError, match=message):
        fresh_adam().load_state_dict(adam_state(momentum_buffer=[0.0, 0.0]))


def test_an_optimizer_state_with_a_fractional_step_count_is_refused():
    state = adam_state()
    state["steps"] = 1.5
    with pytest.raises(ValueError, match=r"Adam.load_state_dict: steps must be an int >= 0, got 1.5"):
        fresh_adam().load_state_dict(state)


# schedulers -----------------------------------------------------------------------------------
def optimizer():
    return SGD([Value(1.0)], lr=0.5)


def test_step_lr_refuses_a_state_with_step_size_zero():
    state = StepLR(optimizer(), step_size=2).state_dict()
    state["step_size"] = 0
    with pytest.raises(ValueError, match=r"StepLR.load_state_dict: step_size must be an int >= 1, got 0"):
        StepLR(optimizer(), step_size=3).load_state_dict(state)


def test_plateau_refuses_a_state_with_an_unknown_mode():
    state = ReduceLROnPlateau(optimizer()).state_dict()
    state["mode"] = "sideways"
    message = r"ReduceLROnPlateau.load_state_dict: mode must be 'min' or 'max', got 'sideways'"
    with pytest.raises(ValueError, match=message):
        ReduceLROnPlateau(optimizer()).load_state_dict(state)


def test_plateau_refuses_a_state_with_a_factor_that_would_raise_the_lr():
    state = ReduceLROnPlateau(optimizer()).state_dict()
    state["factor"] = 5.0
    message = r"ReduceLROnPlateau.load_state_dict: factor must be in \(0, 1\), got 5.0"
    with pytest.raises(ValueError, match=message):
        ReduceLROnPlateau(optimizer()).load_state_dict(state)


def test_plateau_refuses_a_nan_best_value():
    state = ReduceLROnPlateau(optimizer()).state_dict()
    state["best"] = math.nan
    with pytest.raises(ValueError, match=r"best must be a number \(not NaN\), got nan"):
        ReduceLROnPlateau(optimizer()).load_state_dict(state)


def test_a_scheduler_state_with_a_negative_epoch_is_refused():
    state = CosineAnnealingLR(optimizer(), T_max=10).state_dict()
    state["last_epoch"] = -3
    message = r"CosineAnnealingLR.load_state_dict: last_epoch must be an int >= 0, got -3"
    with pytest.raises(ValueError, match=message):
        CosineAnnealingLR(optimizer(), T_max=10).load_state_dict(state)


def test_a_scheduler_state_with_an_infinite_base_lr_is_refused():
    state = LinearLR(optimizer()).state_dict()
    state["base_lr"] = math.inf
    with pytest.raises(ValueError, match=r"LinearLR.load_state_dict: base_lr must be finite, got inf"):
        LinearLR(optimizer()).load_state_dict(state)


def test_a_refused_scheduler_state_changes_nothing():
    scheduler = ReduceLROnPlateau(optimizer(), patience=3)
    before = scheduler.state_dict()
    state = dict(before, patience=1, factor=0.5, cooldown=-1)
    with pytest.raises(ValueError, match="cooldown must be an int >= 0, got -1"):
        scheduler.load_state_dict(state)
    assert scheduler.state_dict() == before


def deeply_nested(depth: int = 100_000) -> list:
    nested: list = []
    for _ in range(depth):
        nested = [nested]
    return nested


@pytest.mark.parametrize("key", ["lr", "steps"])
def test_a_deeply_nested_entry_is_refused_in_a_short_message(key):
    state = adam_state()
    state[key] = deeply_nested()
    with pytest.raises(ValueError, match=rf"Adam.load_state_dict: {key} must be .*, got \[\[\[") as caught:
        fresh_adam().load_state_dict(state)
    assert len(str(caught.value)) < 200


def test_a_deeply_nested_hyperparameter_is_refused_in_a_short_message():
    state = adam_state()
    state["hyperparameters"]["eps"] = deeply_nested()
    with pytest.raises(ValueError, match="eps") as caught:
        fresh_adam().load_state_dict(state)
    assert len(str(caught.value)) < 200


def test_a_deeply_nested_scheduler_entry_is_refused_in_a_short_message():
    state = StepLR(fresh_adam(), step_size=2).state_dict()
    state["step_size"] = deeply_nested()
    with pytest.raises(ValueError, match="step_size") as caught:
        StepLR(fresh_adam(), step_size=2).load_state_dict(state)
    assert len(str(caught.value)) < 200
