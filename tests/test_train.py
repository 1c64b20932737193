"""fit, evaluate, predict, gradient_norms, History and EarlyStopping."""

import math

import numpy as np
import pytest

import autograd
import nn
from autograd import Value
from nn.modules.module import Module
from nn.optim import SGD, Adam
from nn.optim.schedulers import LinearLR
from nn.training.callbacks import EarlyStopping
from nn.training.fit_loop import evaluate, fit, predict
from nn.training.history import History


class Line(Module):
    """y = a x + b for one input: two parameters, small enough to follow by hand."""

    def __init__(self, a=0.0, b=0.0):
        self.a = Value(a)
        self.b = Value(b)
        self.modes_seen = []

    def forward(self, x):
        self.modes_seen.append(self.training)
        return self.a * x[0] + self.b


class TwoScores(Module):
    """Two logits, (x, -x): class 1 wins for x < 0."""

    def __init__(self):
        self.w = Value(1.0)

    def forward(self, x):
        return [self.w * x[0], -self.w * x[0]]


X_LINE = np.array([[-1.0], [0.0], [1.0], [2.0]])
Y_LINE = 2 * X_LINE[:, 0] + 1


def numbers(model):
    return [p.data for p in model.parameters()]


def zero_data_loss(outputs, targets):
    """A data loss that is 0 with zero gradient, to see the penalties alone."""
    return autograd.sum(outputs) * 0.0


# training ---------------------------------------------------------------------------------------
def test_fit_finds_the_line_through_the_data():
    model = Line()
    fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.1), epochs=300, progress=False)
    assert numbers(model) == pytest.approx([2.0, 1.0], abs=1e-6)


def test_history_has_one_entry_per_epoch_under_each_name():
    model = Line()
    history = fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.1), epochs=7, progress=False)
    assert len(history) == 7
    assert history.keys() == ["train_loss", "lr", "grad_norm", "time"]
    assert history.train_loss == history["train_loss"] and len(history.train_loss) == 7
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.stop_reason is None


def test_history_names_what_it_holds_when_asked_for_something_else():
    history = History(["train_loss"])
    with pytest.raises(AttributeError, match="no 'val_loss'; it holds train_loss"):
        _ = history.val_loss


def test_train_loss_and_grad_norm_are_measured_before_the_update():
    # a = b = 0: residuals are -(2x + 1) = 1, -1, -3, -5; mse = 36/4 = 9
    # d/da = mean(2 r x) = 2 * (-1 + 0 - 3 - 10) / 4 = -7, d/db = mean(2 r) = -4
    model = Line()
    history = fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.01), epochs=1, progress=False)
    assert history.train_loss == [9.0]
    assert history.grad_norm == [pytest.approx(math.hypot(7.0, 4.0))]
    assert numbers(model) == pytest.approx([0.07, 0.04])


def test_classification_losses_record_accuracy():
    model = Line(a=-1.0)
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([-1, -1, 1, 1])
    history = fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.5), epochs=5, progress=False)
    assert history.train_accuracy[0] == 0.0
    assert history.train_accuracy[-1] == 1.0


def test_validation_loss_is_the_loss_of_the_trained_model_on_the_validation_data():
    model = Line()
    X_val, y_val = np.array([[3.0], [4.0]]), np.array([7.0, 9.5])
    history = fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.05), epochs=5,
                  validation_data=(X_val, y_val), progress=False)
    assert history.val_loss[-1] == evaluate(model, X_val, y_val, "mse")[0]
    assert "val_accuracy" not in history.keys()


def test_scheduler_sets_each_epochs_lr_once_per_epoch():
    model = Line()
    opt = SGD(model.parameters(), lr=0.1)
    scheduler = LinearLR(opt, start_factor=1.0, end_factor=0.5, total_iters=4)
    history = fit(model, X_LINE, Y_LINE, "mse", opt, epochs=6, scheduler=scheduler, progress=False)
    assert history.lr == pytest.approx([0.1, 0.0875, 0.075, 0.0625, 0.05, 0.05])


class RecordingPlateau:
    """A stand-in ReduceLROnPlateau that remembers what it was given."""

    takes_metric = True

    def __init__(self):
        self.metrics = []

    def step(self, metric):
        self.metrics.append(metric)


def test_plateau_scheduler_watches_the_validation_loss():
    model = Line()
    scheduler = RecordingPlateau()
    history = fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.05), epochs=4,
                  scheduler=scheduler, validation_data=(X_LINE[:2], Y_LINE[:2]), progress=False)
    assert scheduler.metrics == history.val_loss


def test_plateau_scheduler_watches_the_training_loss_without_validation_data():
    model = Line()
    scheduler = RecordingPlateau()
    history = fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.05), epochs=4,
                  scheduler=scheduler, progress=False)
    assert scheduler.metrics == history.train_loss


def test_l2_adds_l2_times_sum_of_squares_to_the_loss():
    # gradient of 0.5 * (a^2 + b^2) is (a, b): a = 1 -> 1 - 0.1 * 1 = 0.9, b = -2 -> -2 + 0.2 = -1.8
    model = Line(a=1.0, b=-2.0)
    fit(model, X_LINE, Y_LINE, zero_data_loss, SGD(model.parameters(), lr=0.1), epochs=1, l2=0.5,
        progress=False)
    assert numbers(model) == pytest.approx([0.9, -1.8])


def test_l1_adds_l1_times_sum_of_absolute_values_to_the_loss():
    # gradient of 0.5 * (|a| + |b|) is 0.5 * (sign a, sign b)
    model = Line(a=1.0, b=-2.0)
    fit(model, X_LINE, Y_LINE, zero_data_loss, SGD(model.parameters(), lr=0.1), epochs=1, l1=0.5,
        progress=False)
    assert numbers(model) == pytest.approx([0.95, -1.95])


def test_clip_limits_the_step_and_history_keeps_the_norm_before_clipping():
    model = Line()
    history = fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=1.0), epochs=1, clip=0.5,
                  progress=False)
    assert history.grad_norm == [pytest.approx(math.hypot(7.0, 4.0))]
    assert math.hypot(*numbers(model)) == pytest.approx(0.5)


def test_a_callback_returning_true_stops_training():
    model = Line()
    calls = []

    def stop_at_two(epoch, history):
        calls.append((epoch, len(history)))
        return epoch == 2

    history = fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.05), epochs=10,
                  callbacks=[stop_at_two], progress=False)
    assert calls == [(0, 1), (1, 2), (2, 3)]
    assert len(history) == 3 and history.stop_reason == "callback"


def test_model_trains_in_training_mode_and_gets_its_mode_back():
    model = Line()
    model.eval()
    fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.05), epochs=2, progress=False)
    assert set(model.modes_seen) == {True}
    assert model.training is False


def test_mini_batches_take_one_step_per_batch():
    model = Line()
    opt = SGD(model.parameters(), lr=0.01)
    X = np.arange(10.0).reshape(-1, 1)
    fit(model, X, 2 * X[:, 0], "mse", opt, epochs=3, batch_size=4, progress=False)
    assert opt.steps == 3 * 3


def batch_norm_moons(n):
    X, y = nn.make_moons(n, noise=0.1, random_state=0)
    return nn.MLP(2, [8, 1], batch_norm=True, random_state=0), X, y


def test_a_last_batch_of_one_sample_joins_the_batch_before_it():
    model, X, y = batch_norm_moons(101)
    sizes = []

    def recording_bce(outputs, targets):
        sizes.append(len(targets))
        return nn.losses.binary_cross_entropy_with_logits(outputs, targets)

    fit(model, X, y, recording_bce, SGD(model.parameters(), lr=0.1), epochs=2, batch_size=20, progress=False)
    assert sizes == [20, 20, 20, 20, 21] * 2


def test_batch_norm_with_batch_size_1_is_refused_before_training():
    model, X, y = batch_norm_moons(10)
    before = model.state_dict()
    message = "fit: batches must hold 2 or more samples for BatchNorm .*got batch_size=1"
    with pytest.raises(ValueError, match=message):
        fit(model, X, y, "bce_with_logits", SGD(model.parameters(), lr=0.1), epochs=1, batch_size=1,
            progress=False)
    assert model.state_dict() == before


def test_the_same_random_state_shuffles_the_same_way():
    def run(seed):
        model = Line()
        X = np.arange(10.0).reshape(-1, 1)
        fit(model, X, 2 * X[:, 0] + 1, "mse", SGD(model.parameters(), lr=0.005), epochs=5, batch_size=3,
            random_state=seed, progress=False)
        return numbers(model)

    assert run(7) == run(7)
    assert run(7) != run(8)


def test_loss_may_be_given_by_its_short_name():
    model = Line(a=-1.0)
    history = fit(model, [[-1.0], [1.0]], [0, 1], "bce_with_logits", SGD(model.parameters(), lr=2.0),
                  epochs=10, progress=False)
    assert (history.train_accuracy[0], history.train_accuracy[-1]) == (0.0, 1.0)


# early stopping -----------------------------------------------------------------------------------
def overfitting_run(**early):
    """Train a x + b toward y = 2x while validating against y = x: the validation loss is least
    when a passes 1, then rises."""
    model = Line()
    X = np.array([[-1.0], [1.0]])
    X_val = np.array([[-2.0], [2.0]])
    stopper = EarlyStopping(**early)
    history = fit(model, X, 2 * X[:, 0], "mse", SGD(model.parameters(), lr=0.02), epochs=200,
                  validation_data=(X_val, X_val[:, 0]), early_stopping=stopper, progress=False)
    return model, history, stopper, (X_val, X_val[:, 0])


def test_early_stopping_stops_patience_epochs_after_the_best():
    model, history, stopper, _ = overfitting_run(patience=3)
    best = int(np.argmin(history.val_loss))
    assert history.stop_reason == "early_stopping"
    assert stopper.best_epoch == best
    assert len(history) == best + 1 + 3 < 200


def test_early_stopping_restores_the_parameters_of_the_best_epoch():
    model, history, stopper, validation = overfitting_run(patience=3)
    assert evaluate(model, *validation, "mse")[0] == min(history.val_loss)
    assert model.a.data == pytest.approx(1.0, abs=0.05)


def test_early_stopping_without_restore_keeps_the_last_parameters():
    model, history, stopper, validation = overfitting_run(patience=3, restore_best=False)
    assert evaluate(model, *validation, "mse")[0] == pytest.approx(history.val_loss[-1])
    assert history.val_loss[-1] > min(history.val_loss)


def test_early_stopping_on_val_loss_needs_validation_data():
    model = Line()
    with pytest.raises(ValueError, match="monitors 'val_loss'.*pass validation_data"):
        fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.05), epochs=3,
            early_stopping=EarlyStopping(), progress=False)


# interruptions and errors ---------------------------------------------------------------------------
def test_an_unknown_loss_name_lists_the_known_ones():
    model = Line()
    with pytest.raises(ValueError, match="get_loss: loss must be one of 'mse', .* got 'l2'"):
        fit(model, X_LINE, Y_LINE, "l2", SGD(model.parameters(), lr=0.1), progress=False)


def test_an_optimizer_made_for_another_model_is_refused():
    message = "fit: the optimizer must hold the model's parameters, got one that holds none of them"
    with pytest.raises(ValueError, match=message):
        fit(Line(), X_LINE, Y_LINE, "mse", Adam(Line().parameters(), lr=0.1), progress=False)


def test_as_many_targets_as_samples_are_needed():
    model = Line()
    with pytest.raises(ValueError, match="3 targets for 4 samples"):
        fit(model, X_LINE, Y_LINE[:3], "mse", SGD(model.parameters(), lr=0.1), progress=False)


# progress ----------------------------------------------------------------------------------------
def test_progress_bar_shows_the_loss(capsys):
    pytest.importorskip("tqdm")
    model = Line()
    fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.05), epochs=10, progress=True)
    err = capsys.readouterr().err
    assert "10/10" in err and "loss=" in err


def test_training_is_silent_without_progress(capsys):
    model = Line()
    fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.05), epochs=10, progress=False)
    assert capsys.readouterr() == ("", "")


# the classic demos ------------------------------------------------------------------------------------
def test_micrograd_moons_demo_reaches_full_training_accuracy():
    # MLP 2-16-16-1, hinge + 1e-4 L2, 100 full-batch SGD steps with lr = 1.0 - 0.9 k / 100
    X, y = nn.make_moons(100, noise=0.1, random_state=1)
    model = nn.MLP(2, [16, 16, 1], random_state=1)
    opt = SGD(model.parameters(), lr=1.0)
    schedule = LinearLR(opt, start_factor=1.0, end_factor=0.1, total_iters=100)
    history = fit(model, X, y, "hinge", opt, epochs=100, l2=1e-4, scheduler=schedule, progress=False)
    assert history.lr == pytest.approx([1.0 - 0.9 * k / 100 for k in range(100)])
    assert evaluate(model, X, y, "hinge")[1] == 1.0


def test_spiral_with_softmax_cross_entropy_and_adam_reaches_95_percent():
    X, y = nn.make_spiral(300, 3, random_state=0)
    model = nn.MLP(2, [16, 16, 3], random_state=0)
    fit(model, X, y, "cross_entropy", Adam(model.parameters(), lr=0.05), epochs=50, progress=False)
    assert evaluate(model, X, y, "cross_entropy")[1] >= 0.95


def test_spiral_in_mini_batches_reaches_95_percent_in_fewer_epochs():
    X, y = nn.make_spiral(300, 3, random_state=0)
    model = nn.MLP(2, [16, 16, 3], random_state=0)
    fit(model, X, y, "cross_entropy", Adam(model.parameters(), lr=0.02), epochs=15, batch_size=32,
        random_state=0, progress=False)
    assert (predict(model, X) == y).mean() >= 0.95


def test_training_is_silent_without_tqdm(capsys, monkeypatch):
    monkeypatch.setattr("nn.training.fit_loop.tqdm", None)
    model = Line()
    fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.05), epochs=10, progress=True)
    assert capsys.readouterr() == ("", "")


def test_import_nn_leaves_tqdm_unimported_until_a_bar_is_shown():
    """In Jupyter without ipywidgets importing tqdm.auto warns; ``import nn`` must print nothing."""
    import subprocess
    import sys

    code = ("import sys, nn\n"
            "assert 'tqdm' not in sys.modules, 'import nn imported tqdm'\n"
            "model = nn.MLP(1, [1])\n"
            "nn.fit(model, [[1.0]], [1.0], 'mse', nn.SGD(model.parameters(), lr=0.1), epochs=2)\n"
            "assert 'tqdm' not in sys.modules, 'a fit without a bar imported tqdm'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
