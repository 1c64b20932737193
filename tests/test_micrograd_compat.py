"""Code written for micrograd runs on chainrule with only its imports changed.

``from micrograd.nn import MLP, Neuron, Layer`` becomes ``from nn import MLP, Neuron, Layer``
and ``from micrograd.engine import Value`` becomes ``from autograd import Value``. The
reference is Karpathy's micrograd 0.1.0 from PyPI (in the ``dev`` extra): the tests that
build its models are skipped where it is missing, and fail under CI=true instead.
"""

from __future__ import annotations

import random
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import importable, require

import nn
from autograd import Value
from nn import MLP, Layer, Neuron

STEPS = 5
"""Training steps compared with micrograd, which takes about 0.4 s a step."""

PUBLISHED = [
    (0.8958441028683222, 0.50),
    (1.7235905336972022, 0.81),
    (0.7429006313851131, 0.77),
    (0.7705641260584198, 0.82),
    (0.3692793385976538, 0.84),
]
"""(loss, accuracy) of the first steps of micrograd's demo.ipynb as published with micrograd,
after ``np.random.seed(1337); random.seed(1337)`` and scikit-learn's
``make_moons(n_samples=100, noise=0.1)``: numbers worked out once, by micrograd."""


@pytest.fixture
def micrograd() -> SimpleNamespace:
    """micrograd's Value and nn module, or a skip (a failure under CI=true) without it."""
    require(importable("micrograd"), "micrograd 0.1.0, the reference",
            "pip install 'chainrule[dev]', or pip install micrograd==0.1.0")
    from micrograd import engine
    from micrograd import nn as micrograd_nn

    return SimpleNamespace(Value=engine.Value, nn=micrograd_nn)


def moons(seed: int = 1337) -> tuple[np.ndarray, np.ndarray]:
    """The demo's data: 100 noisy moons with labels -1 and 1."""
    X, y = nn.make_moons(100, noise=0.1, random_state=np.random.RandomState(seed))
    return X, y * 2 - 1


def demo_training(Value, MLP, X, y, steps: int) -> list[tuple[float, float]]:
    """micrograd's demo.ipynb training loop, written against whichever (Value, MLP) it is given.

    Builds ``MLP(2, [16, 16, 1])`` after ``random.seed(1337)`` and returns the (loss,
    accuracy) of every step: hinge loss plus 1e-4 L2, full-batch SGD with a learning
    rate decaying from 1.0.
    """
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    history = []
    for k in range(steps):
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]

        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        history.append((total_loss.data, sum(accuracy) / len(accuracy)))
    return history


def _data(params) -> list[float]:
    return [p.data for p in params]


def _z(neuron, x) -> float:
    """The neuron's weighted sum ``w . x + b`` for ``x``, read from its weights."""
    return sum(w.data * xi for w, xi in zip(neuron.w, x)) + neuron.b.data


# ---- nonlin= ----------------------------------------------------------------------------------------
def _negative_input(neuron) -> list[float]:
    """An input on which the neuron's weighted sum is negative."""
    x = [1.0] * len(neuron.w)
    return x if _z(neuron, x) < 0 else [-1.0] * len(neuron.w)


def test_nonlin_false_makes_a_linear_neuron():
    neuron = Neuron(2, nonlin=False, random_state=0)
    x = _negative_input(neuron)
    assert neuron(x).data == pytest.approx(_z(neuron, x)) and neuron(x).data < 0


def test_nonlin_true_makes_a_relu_neuron():
    neuron = Neuron(2, nonlin=True, random_state=0)
    assert neuron(_negative_input(neuron)).data == 0.0


def test_a_neuron_is_relu_by_default_as_in_micrograd():
    assert Neuron(2).activation == "relu"


@pytest.mark.parametrize("nonlin, activation", [(True, "relu"), (False, "linear")])
def test_a_bool_in_activations_place_is_micrograds_nonlin(nonlin, activation):
    assert Neuron(2, nonlin).activation == activation


@pytest.mark.parametrize("nonlin, activation", [(True, "relu"), (False, "linear")])
def test_nonlin_agreeing_with_the_activation_is_accepted(nonlin, activation):
    assert Neuron(2, activation, nonlin=nonlin).activation == activation


def test_nonlin_contradicting_the_activation_is_an_error_naming_both():
    with pytest.raises(ValueError, match=r"activation='tanh' and nonlin=True \(relu\); pass only one"):
        Neuron(2, activation="tanh", nonlin=True)


def test_nonlin_that_is_not_a_bool_is_a_type_error_saying_what_to_pass():
    with pytest.raises(TypeError, match="nonlin must be True .ReLU. or False .linear.*activation='tanh'"):
        Neuron(2, nonlin="tanh")


def test_a_neuron_has_micrograds_nonlin_attribute():
    assert Neuron(2).nonlin is True and Neuron(2, nonlin=False).nonlin is False


def test_layer_passes_nonlin_to_every_neuron():
    layer = Layer(2, 3, nonlin=False)
    assert [n.activation for n in layer.neurons] == ["linear"] * 3


def test_layer_rejects_nonlin_contradicting_its_activation_naming_the_layer():
    with pytest.raises(ValueError, match="Layer: activation and nonlin must agree, got activation='sigmoid'"):
        Layer(2, 3, activation="sigmoid", nonlin=False)


def test_a_one_neuron_layer_returns_a_value_as_in_micrograd():
    assert isinstance(Layer(2, 1)([1.0, 2.0]), Value)


def test_mlp_hidden_layers_are_relu_and_the_last_linear_as_in_micrograd():
    assert [layer.activation for layer in MLP(2, [16, 16, 1]).layers] == ["relu", "relu", "linear"]


# ---- micrograd's weights ------------------------------------------------------------------------------
def test_after_random_seed_mlp_has_micrograds_exact_weights(micrograd):
    random.seed(1337)
    theirs = micrograd.nn.MLP(2, [16, 16, 1])
    random.seed(1337)
    ours = MLP(2, [16, 16, 1])
    assert _data(ours.parameters()) == _data(theirs.parameters())


def test_after_random_seed_a_linear_layer_has_micrograds_exact_weights(micrograd):
    random.seed(7)
    theirs = micrograd.nn.Layer(3, 4, nonlin=False)
    random.seed(7)
    ours = Layer(3, 4, nonlin=False)
    assert _data(ours.parameters()) == _data(theirs.parameters())


def test_manual_seed_gives_the_weights_random_seed_gives_micrograd(micrograd):
    random.seed(3)
    theirs = micrograd.nn.MLP(3, [4, 2])
    nn.manual_seed(3)
    assert _data(MLP(3, [4, 2]).parameters()) == _data(theirs.parameters())


def test_weights_are_uniform_in_minus_one_to_one_and_biases_zero():
    random.seed(0)
    model = MLP(4, [50, 1])
    weights = [w.data for layer in model.layers for n in layer.neurons for w in n.w]
    assert all(-1.0 <= w <= 1.0 for w in weights) and max(map(abs, weights)) > 0.9
    assert all(n.b.data == 0.0 for layer in model.layers for n in layer.neurons)


# ---- micrograd's demo -----------------------------------------------------------------------------------
def test_micrograds_demo_runs_unchanged_and_matches_micrograd_step_for_step(micrograd):
    X, y = moons()
    theirs = demo_training(micrograd.Value, micrograd.nn.MLP, X, y, STEPS)
    ours = demo_training(Value, MLP, X, y, STEPS)
    assert [acc for _, acc in ours] == [acc for _, acc in theirs]
    assert [loss for loss, _ in ours] == pytest.approx([loss for loss, _ in theirs], rel=1e-9)


def test_micrograds_demo_reproduces_its_published_losses():
    np.random.seed(1337)  # the notebook's seeds; make_moons draws from NumPy's global state
    random.seed(1337)
    X, y = nn.make_moons(n_samples=100, noise=0.1)
    history = demo_training(Value, MLP, X, y * 2 - 1, len(PUBLISHED))
    assert [acc for _, acc in history] == [acc for _, acc in PUBLISHED]
    assert [loss for loss, _ in history] == pytest.approx([loss for loss, _ in PUBLISHED], rel=1e-9)


def test_fit_with_micrograds_settings_takes_the_demos_steps():
    X, y = moons()
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    optimizer = nn.SGD(model.parameters(), lr=1.0)
    decay = nn.LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=100)
    history = nn.fit(model, X, y, loss="hinge", optimizer=optimizer, epochs=len(PUBLISHED), l2=1e-4,
                     scheduler=decay, progress=False)
    assert history.train_accuracy == [acc for _, acc in PUBLISHED]
