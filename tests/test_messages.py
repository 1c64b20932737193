"""Error messages that name the problem and the fix, stay short, and settings no model can use.

Sizes may be NumPy integers (they come from ``X.shape`` and ``nn.data``); impossible
settings (a negative or NaN ``eps``, a NaN dropout probability, an init that draws NaN)
are refused when the module is built, in the style of ``nn.checks``.
"""

import math

import numpy as np
import pytest

import nn
from autograd import Value
from nn.checks import check_keys


def test_a_key_mismatch_lists_five_keys_of_each_kind_and_counts_the_rest():
    given = [f"junk.{i}" for i in range(100_000)]
    expected = [f"layers.0.w.{i}" for i in range(7)]
    with pytest.raises(ValueError) as raised:
        check_keys(given, expected, "state does not fit MLP")
    message = str(raised.value)
    assert "missing keys ['layers.0.w.0', 'layers.0.w.1', 'layers.0.w.2', 'layers.0.w.3', " \
           "'layers.0.w.4'] and 2 more" in message
    assert "unexpected keys ['junk.0', 'junk.1', 'junk.2', 'junk.3', 'junk.4'] and 99995 more" in message
    assert len(message) < 400


def test_a_very_long_key_is_shortened_in_the_message():
    with pytest.raises(ValueError) as raised:
        check_keys(["x" * 1_000_000], [], "state does not fit MLP")
    assert len(str(raised.value)) < 200


def test_a_state_of_junk_keys_says_how_to_build_a_model_that_fits():
    model = nn.MLP(2, [1], random_state=0)
    with pytest.raises(ValueError, match="build the model with the sizes it was saved from"):
        model.load_state_dict({"junk": 1.0})


def test_mlp_with_one_int_for_nouts_says_it_needs_a_list_of_layer_sizes():
    expected = r"MLP: nouts must be a list of layer sizes like \[16, 16, 1\], got 16"
    with pytest.raises(ValueError, match=expected):
        nn.MLP(2, 16)


def test_mlp_with_a_string_for_nouts_says_it_needs_a_list_of_layer_sizes():
    with pytest.raises(ValueError, match="MLP: nouts must be a list of layer sizes"):
        nn.MLP(2, "16")


def test_mlp_names_the_bad_layer_size():
    with pytest.raises(ValueError, match=r"MLP: nouts\[1\] must be a positive int, got 0"):
        nn.MLP(2, [4, 0, 1])


@pytest.mark.parametrize("build", [
    lambda n: nn.MLP(n, [8, n], random_state=0),
    lambda n: nn.Layer(n, n, random_state=0),
    lambda n: nn.Neuron(n, random_state=0),
    lambda n: nn.BatchNorm(n),
], ids=["MLP", "Layer", "Neuron", "BatchNorm"])
def test_sizes_may_be_numpy_integers(build):
    module = build(np.int64(3))
    assert type(module.nin) is int and module.nin == 3


def test_a_layer_names_itself_in_a_size_error():
    with pytest.raises(ValueError, match="Layer: nout must be a positive int, got 0"):
        nn.Layer(2, 0)


def test_a_neuron_refuses_a_fan_out_below_one():
    with pytest.raises(ValueError, match="Neuron: fan_out must be a positive int, got 0"):
        nn.Neuron(2, fan_out=0)


@pytest.mark.parametrize("eps, says", [(-1.0, "be > 0"), (0.0, "be > 0"), (math.nan, "be finite"),
                                      (math.inf, "be finite")])
def test_batchnorm_eps_must_be_positive_and_finite(eps, says):
    with pytest.raises(ValueError, match=f"BatchNorm: eps must {says}, got"):
        nn.BatchNorm(2, eps=eps)


@pytest.mark.parametrize("momentum, says", [(math.nan, "be finite"), ("0.1", r"be in \[0, 1\]")])
def test_batchnorm_momentum_must_be_a_number_in_zero_to_one(momentum, says):
    with pytest.raises(ValueError, match=f"BatchNorm: momentum must {says}, got"):
        nn.BatchNorm(2, momentum=momentum)


def test_dropout_refuses_a_nan_probability():
    with pytest.raises(ValueError, match=r"Dropout: p must be finite, got nan"):
        nn.Dropout(math.nan)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_an_init_that_draws_a_weight_that_is_not_finite_is_refused_naming_it(bad):
    def broken_init(fan_in, fan_out, rng):
        return [0.1] * (fan_in - 1) + [bad]

    with pytest.raises(ValueError, match="init broken_init: weight 2 must be finite, got"):
        nn.Layer(3, 2, init=broken_init)


def test_an_init_that_returns_too_few_weights_is_named():
    def short_init(fan_in, fan_out, rng):
        return [0.1]

    with pytest.raises(ValueError, match="init short_init: the weights must be a list of fan_in = 3 numbers"):
        nn.Neuron(3, init=short_init)


def test_draw_network_refuses_a_negative_max_edges():
    with pytest.raises(ValueError, match="draw_network: max_edges must be an int >= 0, got -1"):
        nn.MLP(2, [1], random_state=0).draw(max_edges=-1)


def _sgd():
    model = nn.MLP(2, [2, 1], random_state=0)
    return model, nn.SGD(model.parameters(), lr=0.1)


DURATIONS = {
    "an lr": lambda t: nn.SGD(_sgd()[0].parameters(), lr=t),
    "epochs": lambda t: nn.fit(*_sgd()[:1], [[1.0, 2.0]], [1.0], "mse", _sgd()[1], epochs=t, progress=False),
    "a feature": lambda t: nn.predict(_sgd()[0], [[1.0, t]]),
    "an array of features": lambda t: nn.predict(_sgd()[0], np.array([[t, t]])),
    "a target": lambda t: nn.mse([Value(1.0)], [t]),
    "test_size": lambda t: nn.train_test_split([[1.0]] * 4, [0] * 4, test_size=t),
    "a saved number": lambda t: nn.Layer(1, 1).load_state_dict({"neurons.0.w.0": t, "neurons.0.b": 0.0}),
    "a metric": lambda t: nn.ReduceLROnPlateau(_sgd()[1]).step(t),
}


@pytest.mark.parametrize("duration", [np.timedelta64(2), np.timedelta64(2, "D")], ids=["no unit", "days"])
@pytest.mark.parametrize("where", DURATIONS)
def test_a_numpy_duration_is_refused_as_no_number_wherever_nn_takes_a_number(where, duration):
    """``timedelta64`` counts as an integer to NumPy, but 2 days is not the number 2."""
    with pytest.raises((TypeError, ValueError)) as raised:
        DURATIONS[where](duration)
    assert "timedelta64" in str(raised.value)
