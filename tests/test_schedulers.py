"""Learning-rate schedulers: every step of a run against the formula, and ReduceLROnPlateau's patience."""

import math

import pytest

from autograd import Value
from nn.optim import SGD
from nn.optim.schedulers import CosineAnnealingLR, ExponentialLR, LinearLR, ReduceLROnPlateau, StepLR


def optimizer(lr=0.5):
    return SGD([Value(1.0)], lr=lr)


def lrs_over_a_run(scheduler, steps):
    """The optimizer's lr (and get_last_lr) before each of ``steps`` epochs."""
    seen = []
    for _ in range(steps):
        assert scheduler.get_last_lr() == scheduler.optimizer.lr
        seen.append(scheduler.optimizer.lr)
        scheduler.step()
    return seen


def test_step_lr_multiplies_by_gamma_every_step_size_epochs():
    got = lrs_over_a_run(StepLR(optimizer(0.5), step_size=3, gamma=0.5), 10)
    assert got == pytest.approx([0.5 * 0.5 ** (t // 3) for t in range(10)], abs=1e-15)
    assert got[:4] == [0.5, 0.5, 0.5, 0.25]


def test_exponential_lr_multiplies_by_gamma_every_epoch():
    got = lrs_over_a_run(ExponentialLR(optimizer(0.5), gamma=0.9), 20)
    assert got == pytest.approx([0.5 * 0.9**t for t in range(20)], abs=1e-15)


def test_cosine_annealing_follows_half_a_cosine_down_to_eta_min():
    got = lrs_over_a_run(CosineAnnealingLR(optimizer(0.5), T_max=10, eta_min=0.1), 11)
    expected = [0.1 + 0.4 * (1 + math.cos(math.pi * t / 10)) / 2 for t in range(11)]
    assert got == pytest.approx(expected, abs=1e-15)
    assert (got[0], got[5], got[10]) == pytest.approx((0.5, 0.3, 0.1), abs=1e-15)


def test_linear_lr_moves_the_factor_linearly_then_holds_it():
    got = lrs_over_a_run(LinearLR(optimizer(0.5), start_factor=0.2, end_factor=1.0, total_iters=4), 8)
    expected = [0.5 * (0.2 + 0.8 * min(t, 4) / 4) for t in range(8)]
    assert got == pytest.approx(expected, abs=1e-15)
    assert got[4:] == pytest.approx([0.5] * 4)


def test_linear_lr_gives_micrograds_demo_schedule():
    # micrograd's demo: learning_rate = 1.0 - 0.9 * k / 100 at step k
    got = lrs_over_a_run(LinearLR(optimizer(1.0), start_factor=1.0, end_factor=0.1, total_iters=100), 100)
    assert got == pytest.approx([1.0 - 0.9 * k / 100 for k in range(100)], abs=1e-12)


def test_linear_lr_defaults_are_pytorchs_warm_up_from_a_third_over_five_epochs():
    got = lrs_over_a_run(LinearLR(optimizer(0.3)), 7)
    assert got == pytest.approx([0.3 * (1 / 3 + 2 / 3 * min(t, 5) / 5) for t in range(7)], abs=1e-15)
    assert (got[0], got[5]) == pytest.approx((0.1, 0.3))


def test_making_a_scheduler_sets_the_lr_of_epoch_zero():
    opt = optimizer(0.5)
    LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=10)
    assert opt.lr == pytest.approx(0.05)


def test_plateau_cuts_the_lr_after_patience_epochs_without_improvement():
    opt = optimizer(1.0)
    scheduler = ReduceLROnPlateau(opt, factor=0.5, patience=2)
    lrs = []
    for loss in [1.0, 0.8, 0.9, 0.85, 0.81, 0.9, 0.9, 0.9]:
        scheduler.step(loss)
        lrs.append(opt.lr)
    # best 0.8 at epoch 1; epochs 2, 3 are tolerated, the 3rd bad one (4) cuts; 5, 6 tolerated, 7 cuts
    assert lrs == [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]


def test_plateau_ignores_improvements_smaller_than_the_threshold():
    opt = optimizer(1.0)
    scheduler = ReduceLROnPlateau(opt, patience=0, threshold=0.01)
    scheduler.step(1.0)
    scheduler.step(0.995)  # better by 0.5%, less than the 1% threshold
    assert opt.lr == pytest.approx(0.1)
    assert scheduler.best == 1.0


def test_plateau_in_max_mode_wants_the_metric_to_rise():
    opt = optimizer(1.0)
    scheduler = ReduceLROnPlateau(opt, mode="max", patience=0)
    scheduler.step(0.5)
    scheduler.step(0.6)
    assert opt.lr == 1.0
    scheduler.step(0.55)
    assert opt.lr == pytest.approx(0.1)


def test_plateau_never_goes_below_min_lr():
    opt = optimizer(1.0)
    scheduler = ReduceLROnPlateau(opt, factor=0.1, patience=0, min_lr=0.05)
    for _ in range(5):
        scheduler.step(1.0)
    assert opt.lr == 0.05
    assert scheduler.get_last_lr() == 0.05


def test_plateau_never_raises_an_lr_already_below_min_lr():
    opt = optimizer(0.001)
    scheduler = ReduceLROnPlateau(opt, patience=0, min_lr=0.01)
    for _ in range(3):
        scheduler.step(1.0)
    assert opt.lr == scheduler.get_last_lr() == 0.001


def test_plateau_cooldown_waits_that_many_epochs_after_a_cut_before_counting_again():
    opt = optimizer(1.0)
    scheduler = ReduceLROnPlateau(opt, factor=0.5, patience=0, cooldown=2)
    lrs = []
    for _ in range(8):
        scheduler.step(1.0)
        lrs.append(opt.lr)
    # epoch 0 sets the best; cuts at epochs 1, 4, 7 (each followed by 2 epochs of cooldown)
    assert lrs == [1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]


def test_a_step_whose_new_lr_fails_leaves_the_scheduler_at_its_epoch():
    scheduler = ExponentialLR(optimizer(1e307), gamma=10.0)
    scheduler.step()
    before = scheduler.state_dict()
    with pytest.raises(ValueError, match=r"ExponentialLR: the lr at epoch 2 .* must be finite, got inf"):
        scheduler.step()
    assert scheduler.state_dict() == before
    assert scheduler.optimizer.lr == pytest.approx(1e308)


def test_loading_the_state_of_another_scheduler_class_is_refused_naming_both():
    scheduler = StepLR(optimizer(0.5), step_size=3)
    state = ExponentialLR(optimizer(0.5), gamma=0.5).state_dict()
    message = r"StepLR.load_state_dict: state\['scheduler'\] must be 'StepLR', got 'ExponentialLR'"
    with pytest.raises(ValueError, match=message):
        scheduler.load_state_dict(state)
    assert scheduler.gamma == 0.1


def test_scheduler_state_dict_round_trip_continues_the_schedule():
    first = StepLR(optimizer(0.5), step_size=2, gamma=0.5)
    for _ in range(3):
        first.step()
    second = StepLR(optimizer(0.5), step_size=2, gamma=0.5).load_state_dict(first.state_dict())
    first.step()
    second.step()
    assert second.get_last_lr() == first.get_last_lr() == 0.125


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda o: StepLR(o, step_size=0), r"step_size must be an int >= 1, got 0"),
        (lambda o: StepLR(o, step_size=2, gamma=-0.1), r"gamma must be > 0, got -0.1"),
        (lambda o: ExponentialLR(o, gamma=0), r"gamma must be > 0, got 0"),
        (lambda o: CosineAnnealingLR(o, T_max=0), r"T_max must be an int >= 1, got 0"),
        (lambda o: CosineAnnealingLR(o, T_max=5, eta_min=-1), r"eta_min must be >= 0, got -1"),
        (lambda o: LinearLR(o, total_iters=2.5), r"total_iters must be an int >= 1, got 2.5"),
        (lambda o: LinearLR(o, start_factor=0), r"start_factor must be > 0, got 0"),
        (lambda o: ReduceLROnPlateau(o, factor=1.0), r"factor must be in \(0, 1\), got 1.0"),
        (lambda o: ReduceLROnPlateau(o, mode="lowest"), r"mode must be 'min' or 'max', got 'lowest'"),
        (lambda o: ReduceLROnPlateau(o, patience=-1), r"patience must be an int >= 0, got -1"),
    ],
)
def test_bad_scheduler_arguments_raise_value_error_naming_the_value(make, message):
    with pytest.raises(ValueError, match=message):
        make(optimizer())


def test_a_scheduler_needs_an_optimizer():
    with pytest.raises(TypeError, match=r"StepLR: optimizer must be an optimizer \(with an lr\), got list"):
        StepLR([Value(1.0)], step_size=1)


def _plateau(**options):
    p = Value(0.0)
    opt = SGD([p], lr=1.0)
    return opt, ReduceLROnPlateau(opt, **options)


def test_reduce_on_plateau_defaults_are_pytorchs():
    _, sched = _plateau()
    assert (sched.mode, sched.factor, sched.patience, sched.threshold) == ("min", 0.1, 10, 1e-4)


def test_reduce_on_plateau_threshold_is_relative_to_the_best():
    opt, sched = _plateau(patience=0, threshold=0.1)
    sched.step(100.0)
    sched.step(91.0)  # 9% below the best (100): an absolute threshold would count it, 10% does not
    assert opt.lr == pytest.approx(0.1)
    sched.step(81.0)  # 19% below the best: an improvement, so no cut
    assert opt.lr == pytest.approx(0.1)


def test_reduce_on_plateau_in_max_mode_waits_while_the_metric_rises():
    opt, sched = _plateau(mode="max", patience=1)
    for metric in (0.5, 0.6, 0.7, 0.8):
        sched.step(metric)
    assert opt.lr == 1.0
    sched.step(0.8)
    sched.step(0.8)
    assert opt.lr == pytest.approx(0.1)


@pytest.mark.parametrize("make", [lambda o: StepLR(o, step_size=1, gamma=1e300),
                                  lambda o: ExponentialLR(o, gamma=1e300)])
def test_a_schedule_whose_power_overflows_names_the_scheduler_and_its_gamma(make):
    """``gamma ** t`` past the floats raises OverflowError in Python: it is an infinite lr, refused
    by the scheduler (the schedule is what to change), not by the optimizer."""
    scheduler = make(optimizer(1.0))
    scheduler.step()
    before = scheduler.state_dict()
    name = type(scheduler).__name__
    message = rf"^{name}: the lr at epoch 2 \(.*gamma=1e\+300.*\) must be finite, got inf"
    with pytest.raises(ValueError, match=message):
        scheduler.step()
    assert scheduler.state_dict() == before


def test_a_schedule_that_starts_past_the_floats_is_refused_by_the_scheduler():
    with pytest.raises(ValueError, match=r"^LinearLR: the lr at epoch 0 .* must be finite, got inf"):
        LinearLR(optimizer(1e308), start_factor=10.0)


@pytest.mark.parametrize("metric", [None, "0.5", True, [0.5], 1j])
def test_plateau_refuses_a_metric_that_is_no_number_and_changes_nothing(metric):
    scheduler = ReduceLROnPlateau(optimizer(1.0))
    before = scheduler.state_dict()
    with pytest.raises(TypeError, match=r"ReduceLROnPlateau.step: metric must be a number, got"):
        scheduler.step(metric)
    assert scheduler.state_dict() == before


def test_plateau_refuses_a_nan_metric_and_changes_nothing():
    scheduler = ReduceLROnPlateau(optimizer(1.0))
    before = scheduler.state_dict()
    with pytest.raises(ValueError, match=r"ReduceLROnPlateau.step: metric must be a number, not NaN"):
        scheduler.step(float("nan"))
    assert scheduler.state_dict() == before


def test_plateau_takes_an_infinite_metric_as_no_improvement():
    scheduler = ReduceLROnPlateau(optimizer(1.0), patience=0)
    scheduler.step(1.0)
    scheduler.step(float("inf"))
    assert scheduler.optimizer.lr == pytest.approx(0.1)
