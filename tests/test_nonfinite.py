"""Nothing silent: NaN, infinity and ragged data are refused by name, and a run that diverges says so.

Data: ``fit``, ``predict``, ``evaluate`` and the data helpers refuse a NaN or infinite
input or target, rows of different lengths, and entries that are not numbers, naming the
entry. Training: a loss or gradient that becomes NaN or infinite, or an overflow, stops
``fit`` with ``TrainingDivergedError``, leaving the parameters of the last good step.
Optimizers refuse to write NaN or infinity into a parameter or their state.
"""

import math

import numpy as np
import pytest

import nn
from autograd import Value
from nn.modules.module import Module
from nn.optim import SGD, Adam
from nn.training.fit_loop import TrainingDivergedError, evaluate, fit, predict

X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
Y = np.array([0.0, 1.0, 1.0, 0.0])


def with_entry(array, index, value):
    changed = np.array(array, dtype=float)
    changed[index] = value
    return changed


def numbers(model):
    return [p.data for p in model.parameters()]


def tanh_model():
    return nn.MLP(2, [3, 1], activation="tanh", random_state=0)


class Exp(Module):
    """y = e^(w x): overflows once w x passes about 709.78."""

    def __init__(self, w=1.0):
        self.w = Value(w)

    def forward(self, x):
        return (self.w * x[0]).exp()


class NaNOut(Module):
    """An output that is always NaN (a bug in a custom model)."""

    def __init__(self):
        self.w = Value(1.0)

    def forward(self, x):
        return self.w * x[0] + Value(math.nan)


# the data ----------------------------------------------------------------------------------------
def test_fit_refuses_a_nan_input_naming_its_row_and_column():
    model = tanh_model()
    before = numbers(model)
    with pytest.raises(ValueError, match=r"fit: X\[3, 1\] must be finite, got nan; drop or impute that row"):
        fit(model, with_entry(X, (3, 1), np.nan), Y, "mse", SGD(model, lr=0.1), epochs=2, progress=False)
    assert numbers(model) == before


def test_fit_refuses_an_infinite_target_naming_it():
    model = tanh_model()
    with pytest.raises(ValueError, match=r"fit: y\[2\] must be finite, got inf"):
        fit(model, X, with_entry(Y, 2, np.inf), "mse", SGD(model, lr=0.1), epochs=2, progress=False)


def test_fit_refuses_nan_in_the_validation_data_naming_it():
    model = tanh_model()
    with pytest.raises(ValueError, match=r"fit: validation X\[0, 0\] must be finite, got nan"):
        fit(model, X, Y, "mse", SGD(model, lr=0.1), epochs=2, progress=False,
            validation_data=(with_entry(X, (0, 0), np.nan), Y))


def test_fit_names_the_row_whose_length_differs():
    model = tanh_model()
    ragged = [[0.0, 1.0], [1.0, 0.0, 2.0], [1.0, 1.0], [0.0, 0.0]]
    with pytest.raises(ValueError, match=r"fit: X row 1 must have 2 numbers like row 0, got 3"):
        fit(model, ragged, Y, "mse", SGD(model, lr=0.1), epochs=2, progress=False)


def test_fit_refuses_an_input_that_is_not_a_number_naming_it():
    model = tanh_model()
    with pytest.raises(TypeError, match=r"fit: X\[2, 0\] must be a number, got 'a' \(str\)"):
        fit(model, [[0.0, 1.0], [1.0, 0.0], ["a", 1.0], [0.0, 0.0]], Y, "mse", SGD(model, lr=0.1),
            progress=False)


def test_predict_refuses_a_nan_input_naming_it():
    with pytest.raises(ValueError, match=r"predict: X\[1, 0\] must be finite, got nan"):
        predict(tanh_model(), with_entry(X, (1, 0), np.nan))


def test_evaluate_refuses_a_nan_target_naming_it():
    with pytest.raises(ValueError, match=r"evaluate: y\[0\] must be finite, got nan"):
        evaluate(tanh_model(), X, with_entry(Y, 0, np.nan), "mse")


@pytest.mark.parametrize("helper, call", [
    ("train_test_split", lambda X, y: nn.train_test_split(X, y, random_state=0)),
    ("batches", lambda X, y: nn.batches(X, y)),
])
def test_data_helpers_refuse_a_nan_input_naming_it(helper, call):
    with pytest.raises(ValueError, match=rf"{helper}: X\[3, 1\] must be finite, got nan; drop or impute"):
        call(with_entry(X, (3, 1), np.nan), Y)


def test_batches_refuse_an_infinite_numeric_label_naming_it():
    with pytest.raises(ValueError, match=r"batches: y\[1\] must be finite, got -inf"):
        nn.batches(X, with_entry(Y, 1, -np.inf))


def test_standardize_refuses_an_infinite_input_naming_it():
    with pytest.raises(ValueError, match=r"standardize: X\[0, 1\] must be finite, got inf"):
        nn.standardize(with_entry(X, (0, 1), np.inf))


def test_standardize_refuses_a_negative_std():
    with pytest.raises(ValueError, match=r"standardize: std\[1\] must be >= 0.*got -1.0"):
        nn.standardize(X, mean=np.zeros(2), std=np.array([1.0, -1.0]))


def test_train_test_split_names_the_row_whose_length_differs():
    with pytest.raises(ValueError, match=r"train_test_split: X row 2 must have 2 numbers like row 0, got 1"):
        nn.train_test_split([[0.0, 1.0], [1.0, 0.0], [1.0], [0.0, 0.0]], Y)


# training that diverges -------------------------------------------------------------------------
def diverging_run(epochs=50):
    """An MLP trained with lr=1e6: its weights grow until a forward pass overflows (in epoch 25)."""
    model = nn.MLP(2, [8, 1], random_state=0)
    after_epoch = []
    with pytest.raises(TrainingDivergedError) as caught:
        fit(model, X, Y, "mse", SGD(model, lr=1e6), epochs=epochs, progress=False,
            callbacks=[lambda epoch, h: after_epoch.append(numbers(model))])
    return model, after_epoch, caught.value


def test_an_overflow_mid_training_stops_fit_naming_the_epoch_and_the_operation():
    _, after_epoch, error = diverging_run()
    assert isinstance(error.__cause__, OverflowError)
    operation = str(error.__cause__).split(":")[0]  # the engine names the operation first: "**2"
    where = f"fit: training diverged in epoch {len(after_epoch) + 1} of 50, batch 1 of 1: {operation}: "
    assert str(error).startswith(where)
    assert "too large for a float" in str(error)


def test_after_divergence_the_parameters_are_those_of_the_last_good_step():
    model = Exp(w=1.0)
    after_epoch = []
    calls = []

    def loss_whose_gradient_is_inf_at_the_third_step(outputs, targets):
        calls.append(1)
        if len(calls) == 3:  # log of a subnormal number: a finite loss with the gradient inf
            return (outputs[0] * 1e-310).log()
        return nn.mse(outputs, targets)

    with pytest.raises(TrainingDivergedError, match="in epoch 3 of 5"):
        fit(model, [[1.0]], [0.0], loss_whose_gradient_is_inf_at_the_third_step, SGD(model, lr=0.01),
            epochs=5, progress=False, callbacks=[lambda epoch, h: after_epoch.append(numbers(model))])
    assert len(after_epoch) == 2
    assert numbers(model) == after_epoch[-1]


def test_the_divergence_error_keeps_the_history_of_the_finished_epochs():
    _, after_epoch, error = diverging_run()
    assert len(error.history) == len(after_epoch) > 0
    assert error.history.stop_reason == "diverged"
    assert all(math.isfinite(loss) for loss in error.history.train_loss)


def test_a_nan_loss_stops_fit_before_the_step():
    model = NaNOut()
    with pytest.raises(TrainingDivergedError, match="epoch 1 of 2, batch 1 of 1: the loss is nan"):
        fit(model, [[1.0]], [0.0], "mse", SGD(model, lr=0.1), epochs=2, progress=False)
    assert model.w.data == 1.0


def test_an_infinite_gradient_stops_fit_naming_the_parameter():
    model = Exp(w=1.0)
    model.label_parameters()  # labels w

    def log_loss(outputs, targets):  # log of a subnormal number: finite loss, gradient 1/p = inf
        return (outputs[0] * 1e-310).log()

    with pytest.raises(TrainingDivergedError, match=r"the gradient of w is inf"):
        fit(model, [[1.0]], [0.0], log_loss, SGD(model, lr=0.1), epochs=1, progress=False)
    assert model.w.data == 1.0


def test_an_overflow_in_the_validation_loss_stops_fit():
    model = Exp()
    with pytest.raises(TrainingDivergedError, match="in epoch 1 of 2, measuring the validation loss: exp"):
        fit(model, [[0.0]], [1.0], "mse", SGD(model, lr=0.1), epochs=2, validation_data=([[1000.0]], [1.0]),
            progress=False)


def test_fit_refuses_a_model_whose_parameters_are_already_nan():
    model = tanh_model()
    name, parameter = model.named_parameters()[4]
    parameter.data = math.nan
    expected = rf"fit: parameter {name} must be finite, got nan; the model is broken before training"
    with pytest.raises(ValueError, match=expected):
        fit(model, X, Y, "mse", SGD(model, lr=0.1), progress=False)


def test_a_diverged_step_leaves_batch_norm_running_statistics_as_before_it():
    model = nn.Sequential(nn.Layer(2, 4), nn.BatchNorm(4), nn.Layer(4, 1))
    before = model.buffers_state()

    def nan_loss(outputs, targets):  # after the forward pass has moved the running statistics
        return nn.mse(outputs, targets) * math.nan

    with pytest.raises(TrainingDivergedError):
        fit(model, X, Y, nan_loss, SGD(model, lr=0.1), epochs=1, progress=False)
    assert model.buffers_state() == before


# optimizers ---------------------------------------------------------------------------------------
def test_an_optimizer_refuses_a_step_to_infinity_and_changes_nothing():
    params = [Value(1.0, label="w"), Value(2.0)]
    opt = SGD(params, lr=1e300, momentum=0.9)
    params[0].grad, params[1].grad = 1.0, 1e300
    with pytest.raises(FloatingPointError, match=r"SGD.step: the new number of parameter 1 would be -inf"):
        opt.step()
    assert [p.data for p in params] == [1.0, 2.0]
    assert opt.steps == 0 and opt.state["momentum_buffer"].tolist() == [0.0, 0.0]


def test_an_optimizer_refuses_a_nan_gradient_naming_the_parameter():
    p = Value(1.0, label="layers.0.w.0")
    p.grad = math.nan
    with pytest.raises(FloatingPointError, match=r"the gradient of parameter 0 \(layers.0.w.0\) is nan"):
        SGD([p], lr=0.1).step()
    assert p.data == 1.0


def test_adam_refuses_a_second_moment_that_overflows_even_when_the_parameter_stays_finite():
    p = Value(1.0)
    opt = Adam([p], lr=0.1)
    p.grad = 1e200  # g * g = inf: v_hat = inf and the step m_hat / sqrt(v_hat) = 0, freezing p forever
    with pytest.raises(FloatingPointError, match=r"Adam.step: the exp_avg_sq of parameter 0 would be inf"):
        opt.step()
    assert p.data == 1.0 and opt.state["exp_avg_sq"].tolist() == [0.0]


def test_a_nan_validation_loss_stops_fit_instead_of_being_recorded():
    model = tanh_model()
    calls = []

    def nan_when_measuring(outputs, targets):  # fit's steps come first, the validation last
        calls.append(1)
        return nn.mse(outputs, targets) * (math.nan if len(calls) == 2 else 1.0)

    message = "in epoch 1 of 3, measuring the validation loss: the validation loss is nan"
    with pytest.raises(TrainingDivergedError, match=message):
        fit(model, X, Y, nan_when_measuring, SGD(model, lr=0.1), epochs=3, validation_data=(X, Y),
            progress=False)
