"""nn's optimizers and schedulers move parameters as torch.optim's do: to 1e-12 over 20 steps.

Both sides start from the same numbers and minimise the same function, each engine computing
its own gradients; after every step the parameters (and the learning rate) must agree to 1e-12.
The defaults are compared too, by building both optimizers without them. PyTorch is optional:
these tests skip without it, and fail under CI=true.
"""

import math

import numpy as np
import pytest

import autograd
import nn
from autograd import Value

START = [0.8, -1.3, 0.4, 2.1, -0.2]
A = [1.0, -0.5, 2.0, 0.3, 1.5]
STEPS = 20
TOL = 1e-12


def loss_of(p, tanh):
    """A smooth function of five numbers, with a coupling term: ``tanh`` is the engine's."""
    terms = [a * tanh(x * a) + 0.5 * (i + 1) * x * x for i, (a, x) in enumerate(zip(A, p))]
    return sum(terms[1:], terms[0]) + p[0] * p[1]


def run_nn(make_optimizer, make_scheduler=None, metrics=None):
    """The parameters and the lr after each of 20 steps of nn's optimizer."""
    params = [Value(x) for x in START]
    optimizer = make_optimizer(nn, params)
    scheduler = make_scheduler(nn, optimizer) if make_scheduler else None
    trail = []
    for t in range(STEPS):
        optimizer.zero_grad()
        loss_of(params, lambda v: v.tanh()).backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step(metrics[t]) if metrics else scheduler.step()
        trail.append(([p.data for p in params], optimizer.lr))
    return trail


def run_torch(make_optimizer, make_scheduler=None, metrics=None):
    """The same with torch.optim (its schedulers live in ``torch.optim.lr_scheduler``)."""
    import torch

    p = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer(torch.optim, [p])
    scheduler = make_scheduler(torch.optim.lr_scheduler, optimizer) if make_scheduler else None
    trail = []
    for t in range(STEPS):
        optimizer.zero_grad()
        loss_of(list(p.unbind()), torch.tanh).backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step(metrics[t]) if metrics else scheduler.step()
        trail.append((p.tolist(), optimizer.param_groups[0]["lr"]))
    return trail


def assert_same_trail(ours, theirs):
    for step, ((x, lr), (y, their_lr)) in enumerate(zip(ours, theirs), 1):
        np.testing.assert_allclose(x, y, rtol=TOL, atol=TOL, err_msg=f"parameters after step {step}")
        assert lr == pytest.approx(their_lr, rel=TOL, abs=1e-300), f"lr after step {step}"
    assert len(ours) == len(theirs) == STEPS


OPTIMIZERS = {
    "sgd_defaults": lambda o, p: o.SGD(p),
    "sgd": lambda o, p: o.SGD(p, lr=0.1),
    "sgd_momentum": lambda o, p: o.SGD(p, lr=0.1, momentum=0.9),
    "sgd_nesterov": lambda o, p: o.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    "sgd_weight_decay": lambda o, p: o.SGD(p, lr=0.05, momentum=0.5, weight_decay=0.1),
    "rmsprop_defaults": lambda o, p: o.RMSprop(p),
    "rmsprop": lambda o, p: o.RMSprop(p, lr=0.03, alpha=0.9, eps=1e-6, weight_decay=0.1),
    "adam_defaults": lambda o, p: o.Adam(p),
    "adam": lambda o, p: o.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
}

SCHEDULERS = {
    "step": lambda s, o: s.StepLR(o, step_size=3, gamma=0.5),
    "exponential": lambda s, o: s.ExponentialLR(o, gamma=0.9),
    "cosine_past_its_period": lambda s, o: s.CosineAnnealingLR(o, T_max=7, eta_min=0.01),
    "cosine_to_zero": lambda s, o: s.CosineAnnealingLR(o, T_max=25),
    "linear_warm_up_defaults": lambda s, o: s.LinearLR(o),
    "linear_decay": lambda s, o: s.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=10),
}


@pytest.fixture
def torch(requires_torch):
    import torch

    return torch


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_the_optimizer_moves_the_parameters_as_torch_optim_does(torch, name):
    assert_same_trail(run_nn(OPTIMIZERS[name]), run_torch(OPTIMIZERS[name]))


@pytest.mark.parametrize("optimizer", ["sgd_momentum", "adam"])
@pytest.mark.parametrize("name", SCHEDULERS)
def test_the_scheduler_sets_the_lr_as_torchs_does(torch, name, optimizer):
    make = OPTIMIZERS[optimizer]
    assert_same_trail(run_nn(make, SCHEDULERS[name]), run_torch(make, SCHEDULERS[name]))


PLATEAUS = [1.0, 0.9, 0.95, 0.95, 0.95, 0.8, 0.8, 0.8, 0.8, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76,
            0.5, 0.5, 0.5, 0.5]
"""A loss that improves, stalls, improves: the lr is cut at the stalls."""


@pytest.mark.parametrize("settings", [{"patience": 2, "factor": 0.5}, {"patience": 1, "cooldown": 2},
                                      {"patience": 0, "factor": 0.3, "min_lr": 0.01, "threshold": 0.1}],
                         ids=["patience", "cooldown", "min_lr_threshold"])
def test_reduce_lr_on_plateau_cuts_where_torchs_does(torch, settings):
    make = OPTIMIZERS["sgd_momentum"]
    schedule = lambda s, o: s.ReduceLROnPlateau(o, **settings)  # noqa: E731
    ours, theirs = run_nn(make, schedule, PLATEAUS), run_torch(make, schedule, PLATEAUS)
    assert_same_trail(ours, theirs)
    assert len({lr for _, lr in ours}) > 1  # the lr was cut


def test_reduce_lr_on_plateau_with_the_defaults_waits_ten_epochs_as_torchs(torch):
    schedule = lambda s, o: s.ReduceLROnPlateau(o)  # noqa: E731
    stalled = [1.0] * STEPS
    ours = run_nn(OPTIMIZERS["sgd"], schedule, stalled)
    assert_same_trail(ours, run_torch(OPTIMIZERS["sgd"], schedule, stalled))
    assert [lr for _, lr in ours].index(0.1 * 0.1) == 11


def test_the_function_both_minimise_has_the_same_gradient_in_both(torch):
    xs = [Value(x) for x in START]
    result = autograd.compare_with_torch(loss_of(xs, lambda v: v.tanh()))
    assert result.agrees(TOL) and not math.isclose(result.output, 0.0)
