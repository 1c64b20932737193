"""predict, predict_outputs, evaluate and gradient_norms on a model."""
import math

import numpy as np
import pytest
from test_train import X_LINE, Y_LINE, Line, TwoScores, batch_norm_moons, numbers, zero_data_loss  # noqa: F401

import nn
from nn.training.fit_loop import evaluate, gradient_norms, predict, predict_outputs


def test_predict_gives_classes_as_an_int_array():
    model = Line(a=1.0, b=-0.5)
    classes = predict(model, np.array([[0.0], [1.0], [2.0]]))
    assert classes.dtype.kind == "i"
    assert classes.tolist() == [0, 1, 1]


def test_predict_follows_the_loss_convention_when_given_one():
    model = Line(a=1.0, b=-0.5)
    assert predict(model, [[0.0], [1.0]], loss="hinge").tolist() == [-1, 1]


def test_predict_takes_the_argmax_of_several_outputs():
    assert predict(TwoScores(), [[-1.0], [2.0]]).tolist() == [1, 0]


def test_predict_outputs_gives_the_raw_outputs_as_floats():
    assert predict_outputs(Line(a=2.0, b=1.0), [[0.0], [1.0]]).tolist() == [1.0, 3.0]
    assert predict_outputs(TwoScores(), [[2.0]]).tolist() == [[2.0, -2.0]]


def test_predict_runs_in_eval_mode_without_a_graph_and_restores_the_mode():
    model = Line(a=1.0)
    outputs = []
    original = model.forward
    model.forward = lambda x: outputs.append(original(x)) or outputs[-1]
    predict(model, [[1.0]])
    assert model.modes_seen == [False] and outputs[0].inputs == ()
    assert model.training is True


def test_evaluate_gives_the_mean_loss_and_the_accuracy():
    model = Line(a=1.0)
    loss, accuracy = evaluate(model, [[-2.0], [-1.0], [0.5], [2.0]], [-1, 1, 1, 1], "hinge")
    # margins y * s: 2, -1, 0.5, 2 -> hinge terms 0, 2, 0.5, 0
    assert loss == pytest.approx(2.5 / 4)
    assert accuracy == 0.75


def test_gradient_norms_gives_each_layers_norm_in_layer_order():
    model = nn.MLP(2, [3, 2, 1], random_state=0)
    nn.losses.mse(model([0.5, -1.0]), 1.0).backward()
    norms = gradient_norms(model)
    assert list(norms) == ["layers.0", "layers.1", "layers.2"]
    for i, layer in enumerate(model.layers):
        assert norms[f"layers.{i}"] == pytest.approx(math.hypot(*(p.grad for p in layer.parameters())))


# arguments ----------------------------------------------------------------------------------------
