"""fit when something goes wrong mid-run: Ctrl-C, a failing step, BatchNorm statistics: nothing is lost."""

import pytest
from test_train import X_LINE, Y_LINE, Line, TwoScores, batch_norm_moons, numbers, zero_data_loss  # noqa: F401

import nn
from nn.optim import SGD
from nn.training.fit_loop import fit


def interrupted_at_call(n, loss):
    """``loss``, but its ``n``-th call raises KeyboardInterrupt (as Ctrl-C would)."""
    calls = []

    def interrupted(outputs, targets):
        calls.append(1)
        if len(calls) == n:
            raise KeyboardInterrupt
        return loss(outputs, targets)

    return interrupted


def test_ctrl_c_in_a_callback_returns_the_history_so_far(capsys):
    model = Line()
    after_epoch = []

    def interrupt_at_three(epoch, history):
        after_epoch.append(numbers(model))
        if epoch == 3:
            raise KeyboardInterrupt

    history = fit(model, X_LINE, Y_LINE, "mse", SGD(model.parameters(), lr=0.05), epochs=10,
                  callbacks=[interrupt_at_three], progress=False)
    assert len(history) == 4 and history.stop_reason == "interrupted"
    assert numbers(model) == after_epoch[3]
    assert "interrupted" in capsys.readouterr().err


def test_ctrl_c_in_the_middle_of_an_epoch_keeps_the_last_whole_step(capsys):
    model = Line()
    after_epoch = []
    mse_until_sixth_call = interrupted_at_call(6, nn.losses.mse)
    history = fit(model, X_LINE, Y_LINE, mse_until_sixth_call, SGD(model.parameters(), lr=0.05, momentum=0.9),
                  epochs=10, callbacks=[lambda epoch, h: after_epoch.append(numbers(model))], progress=False)
    assert len(history) == 5
    assert numbers(model) == after_epoch[-1]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "interrupted (Ctrl-C) after 5 of 10 epochs" in err


def test_an_error_in_a_step_propagates_and_leaves_the_parameters_as_before_it():
    # minimising log(a + b) drives a + b down until a step overshoots below 0; the next log fails
    model = Line(a=1.0, b=0.0)
    before_each_epoch = []

    def log_loss(outputs, targets):
        before_each_epoch.append(numbers(model))
        return outputs[0].log()

    with pytest.raises(ValueError, match="log"):
        fit(model, [[1.0]], [0.0], log_loss, SGD(model.parameters(), lr=0.1), epochs=50, progress=False)
    assert sum(before_each_epoch[-1]) < 0
    assert numbers(model) == before_each_epoch[-1]


def test_a_failed_step_leaves_batch_norm_running_statistics_as_before_it():
    model, X, y = batch_norm_moons(8)
    before = model.state_dict()

    def failing_loss(outputs, targets):  # after the forward pass has moved the running statistics
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fit(model, X, y, failing_loss, SGD(model.parameters(), lr=0.1), epochs=1, progress=False)
    assert model.state_dict() == before


def test_an_interrupted_step_leaves_batch_norm_running_statistics_as_after_the_last_whole_step(capsys):
    model, X, y = batch_norm_moons(8)
    after_epoch = []
    bce_until_fourth_call = interrupted_at_call(4, nn.losses.binary_cross_entropy_with_logits)
    history = fit(model, X, y, bce_until_fourth_call, SGD(model.parameters(), lr=0.1), epochs=5,
                  callbacks=[lambda epoch, h: after_epoch.append(model.state_dict())], progress=False)
    assert len(history) == 3 and history.stop_reason == "interrupted"
    assert model.state_dict() == after_epoch[-1]


# using a model --------------------------------------------------------------------------------------
