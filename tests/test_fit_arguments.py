"""``fit`` and ``evaluate`` refuse arguments that cannot work before training, naming what is wrong.

A model whose outputs do not fit the loss, a scheduler or callbacks of the wrong kind,
or validation data that is not a pair each used to fail deep inside training (or not at
all) with a message about something else. Each is now a clear error up front, and the
model is left as it was.
"""

import random

import numpy as np
import pytest

import nn
from nn.optim import SGD
from nn.optim.schedulers import StepLR
from nn.training.fit_loop import evaluate, fit

X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
CLASSES = np.array([0, 1, 2, 0])
Y = np.array([0.0, 1.0, 1.0, 0.0])


def numbers(model):
    return [p.data for p in model.parameters()]


def test_cross_entropy_with_one_output_says_how_many_classes_y_has():
    model = nn.MLP(2, [1], random_state=0)
    before = numbers(model)
    message = "fit: cross_entropy needs one output per class: y has 3 classes, the model has 1 output"
    with pytest.raises(ValueError, match=message):
        fit(model, X, CLASSES, "cross_entropy", SGD(model, lr=0.1), epochs=1, progress=False)
    assert numbers(model) == before


def test_cross_entropy_with_too_few_outputs_names_both_counts():
    model = nn.MLP(2, [2], random_state=0)
    message = "y has 3 classes, the model has 2 outputs; give its last layer 3 outputs"
    with pytest.raises(ValueError, match=message):
        fit(model, X, CLASSES, "cross_entropy", SGD(model, lr=0.1), epochs=1, progress=False)


def test_evaluate_with_cross_entropy_and_one_output_says_so():
    with pytest.raises(ValueError, match="evaluate: cross_entropy needs one output per class"):
        evaluate(nn.MLP(2, [1], random_state=0), X, CLASSES, "cross_entropy")


def test_a_binary_loss_with_several_outputs_points_to_cross_entropy():
    model = nn.MLP(2, [3], random_state=0)
    message = ("fit: binary_cross_entropy_with_logits compares each output with one target: the model has "
               "3 outputs per sample but y has 1 target per sample; for several classes use cross_entropy")
    with pytest.raises(ValueError, match=message):
        fit(model, X, Y, "bce_with_logits", SGD(model, lr=0.1), epochs=1, progress=False)


def test_a_scheduler_made_for_another_optimizer_is_refused():
    model = nn.MLP(2, [1], random_state=0)
    other = StepLR(SGD(nn.MLP(2, [1]), lr=0.1), step_size=1)
    message = "fit: the scheduler must be made for this optimizer .*got one made for another optimizer"
    with pytest.raises(ValueError, match=message):
        fit(model, X, Y, "mse", SGD(model, lr=0.1), epochs=1, scheduler=other, progress=False)


def test_a_scheduler_that_is_not_one_is_refused_before_training():
    model = nn.MLP(2, [1], random_state=0)
    before = numbers(model)
    with pytest.raises(TypeError, match="fit: scheduler must be a scheduler .*got str"):
        fit(model, X, Y, "mse", SGD(model, lr=0.1), epochs=1, scheduler="cosine", progress=False)
    assert numbers(model) == before


def test_validation_data_that_is_not_a_pair_is_refused():
    model = nn.MLP(2, [1], random_state=0)
    with pytest.raises(TypeError, match=r"fit: validation_data must be a pair \(X_val, y_val\), got ndarray"):
        fit(model, X, Y, "mse", SGD(model, lr=0.1), epochs=1, validation_data=X, progress=False)


def test_a_model_that_is_not_a_module_is_refused():
    with pytest.raises(TypeError, match=r"fit: model must be a Module \(e.g. nn.MLP\), got list"):
        fit([], X, Y, "mse", SGD(nn.MLP(2, [1]), lr=0.1), epochs=1, progress=False)


def test_callbacks_that_are_not_a_list_are_refused():
    model = nn.MLP(2, [1], random_state=0)
    message = r"fit: callbacks must be a list of functions callback\(epoch, history\), got 5"
    with pytest.raises(TypeError, match=message):
        fit(model, X, Y, "mse", SGD(model, lr=0.1), epochs=1, callbacks=5, progress=False)



def test_targets_the_loss_cannot_take_are_refused_before_any_epoch():
    model = nn.MLP(2, [1], random_state=0)
    with pytest.raises(ValueError, match="hinge: labels must be -1/.1 or 0/1, got 2"):
        fit(model, X, np.array([1, 2, 0, 1]), "hinge", SGD(model, lr=0.1), epochs=0, progress=False)


def test_a_negative_class_of_cross_entropy_is_refused_naming_it():
    model = nn.MLP(2, [3], random_state=0)
    with pytest.raises(ValueError, match="cross_entropy: a class target must be >= 0, got -1"):
        fit(model, X, np.array([0, 1, -1, 2]), "cross_entropy", SGD(model, lr=0.1), epochs=1, progress=False)


def test_a_bad_random_state_is_refused_even_when_full_batch_training_never_shuffles():
    model = nn.MLP(2, [1], random_state=0)
    with pytest.raises(TypeError, match="fit: random_state must be None, an int seed, .* got str"):
        fit(model, X, Y, "mse", SGD(model, lr=0.1), epochs=1, random_state="seed", progress=False)


@pytest.mark.parametrize("data, name", [("X", "X"), ("validation", "validation X")])
def test_samples_with_other_numbers_of_features_than_the_model_takes_are_refused_before_training(data, name):
    model = nn.MLP(3, [2, 1], random_state=0)
    before = numbers(model)
    wide = np.column_stack([X, X[:, :1]])  # 3 features: what the model takes
    train, validation = (X, (wide, Y)) if data == "X" else (wide, (X, Y))
    message = (rf"fit: the rows of {name} must have 3 features \(the MLP takes 3 inputs\), got 2; "
               r"pass 3 features, or make the model with nin=2")
    with pytest.raises(ValueError, match=message):
        fit(model, train, Y, "mse", SGD(model.parameters(), lr=0.1), epochs=0, validation_data=validation)
    assert numbers(model) == before


def test_an_early_stopping_that_cannot_monitor_leaves_the_global_random_generator_as_it_was():
    model = nn.MLP(2, [1], random_state=0)
    before = random.getstate()
    with pytest.raises(ValueError, match="EarlyStopping monitors 'val_loss'"):
        fit(model, X, Y, "mse", SGD(model, lr=0.1), epochs=1, batch_size=2, progress=False,
            early_stopping=nn.EarlyStopping())
    assert random.getstate() == before


@pytest.mark.parametrize("setting", ["l1", "l2", "clip"])
def test_an_infinite_penalty_or_clip_is_refused_as_not_finite_rather_than_out_of_bounds(setting):
    """``l2=inf`` is no strength at all: the message says "finite", not a bound it meets."""
    model = nn.MLP(2, [1], random_state=0)
    with pytest.raises(ValueError, match=f"{setting} must be finite, got inf"):
        fit(model, X, Y, "mse", SGD(model, lr=0.1), epochs=1, progress=False, **{setting: float("inf")})
