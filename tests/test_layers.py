"""Neuron, Layer and MLP: shapes, activations, inputs, initialisation, seeding, graph and gradients."""

import copy
import math
import pickle
import random
from collections import Counter

import numpy as np
import pytest

import autograd
import nn
from autograd import Value, gradcheck
from autograd.graph import all_nodes


def _ops(root):
    return Counter(v.op for v in all_nodes(root))


def _dot_nodes(root):
    return sum(v.op == "dot" or v.op.endswith("(dot)") for v in all_nodes(root))


def test_micrograd_model_has_337_parameters():
    assert len(nn.MLP(2, [16, 16, 1]).parameters()) == 337


def test_mlp_hidden_layers_use_relu_and_the_output_is_linear():
    model = nn.MLP(2, [16, 16, 1], random_state=0)
    assert [layer.activation for layer in model.layers] == ["relu", "relu", "linear"]
    out = model([0.5, -0.25])
    assert out.op == "dot"
    assert _ops(out)["relu(dot)"] == 32


def test_single_output_mlp_returns_one_value():
    assert isinstance(nn.MLP(2, [4, 1], random_state=0)([1.0, 2.0]), Value)


def test_multi_output_mlp_returns_a_list_of_values():
    out = nn.MLP(2, [4, 3], random_state=0)([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 3 and all(isinstance(v, Value) for v in out)


def test_a_one_neuron_layer_returns_its_value_itself():
    out = nn.Layer(3, 1, random_state=0)([1.0, 2.0, 3.0])
    assert isinstance(out, Value)


def test_a_layer_of_several_neurons_returns_a_list_of_values():
    out = nn.Layer(3, 2, random_state=0)([1.0, 2.0, 3.0])
    assert isinstance(out, list) and len(out) == 2 and all(isinstance(v, Value) for v in out)


def test_a_one_neuron_layer_feeds_the_next_layer():
    seq = nn.Sequential(nn.Layer(2, 1, random_state=0), nn.Layer(1, 3, random_state=1))
    out = seq([0.5, -1.0])
    assert len(out) == 3 and all(isinstance(v, Value) for v in out)


def test_a_one_neuron_layer_on_a_batch_gives_one_value_per_sample():
    out = nn.Layer(2, 1, random_state=0)([[0.5, -1.0], [1.0, 2.0]])
    assert len(out) == 2 and all(isinstance(v, Value) for v in out)


def test_batch_norm_after_a_one_neuron_layer_normalises_its_outputs_over_the_batch():
    seq = nn.Sequential(nn.Layer(2, 1, activation="linear", random_state=0), nn.BatchNorm(1))
    out = seq([[0.5, -1.0], [1.0, 2.0], [-0.3, 0.4]])
    assert sum(v.data for v in out) == pytest.approx(0.0, abs=1e-12)


def test_predict_reads_a_one_neuron_layer_as_it_reads_an_mlp():
    X = np.array([[0.5, -1.0], [1.0, 2.0], [-0.3, 0.4]])
    layer = nn.Layer(2, 1, activation="linear", random_state=0)
    mlp = nn.MLP(2, [1], random_state=0)
    assert nn.predict(layer, X, "hinge").tolist() == nn.predict(mlp, X, "hinge").tolist()
    assert nn.predict_outputs(layer, X).shape == (3,)


def test_neuron_computes_activation_of_w_dot_x_plus_b():
    neuron = nn.Neuron(2, activation="tanh", random_state=0)
    neuron.b.data = 0.5
    w0, w1 = (w.data for w in neuron.w)
    assert neuron([1.0, -2.0]).data == pytest.approx(math.tanh(w0 - 2 * w1 + 0.5))


def test_parameter_names_follow_the_attribute_path():
    model = nn.MLP(2, [16, 16, 1], random_state=0)
    names = dict(model.named_parameters())
    assert names["layers.0.neurons.3.w.1"] is model.layers[0].neurons[3].w[1]
    assert names["layers.2.neurons.0.b"] is model.layers[2].neurons[0].b


def test_labels_are_set_when_the_model_is_built():
    model = nn.MLP(2, [3, 1], random_state=0)
    assert model.layers[1].neurons[0].w[2].label == "layers.1.neurons.0.w.2"


def test_same_random_state_gives_identical_parameters():
    a = nn.MLP(3, [8, 4, 2], random_state=7)
    b = nn.MLP(3, [8, 4, 2], random_state=7)
    assert a.state_dict() == b.state_dict()


def test_different_random_states_give_different_parameters():
    assert nn.MLP(3, [8, 1], random_state=1).state_dict() != nn.MLP(3, [8, 1], random_state=2).state_dict()


def test_manual_seed_makes_models_repeat():
    nn.manual_seed(123)
    a = nn.MLP(2, [5, 1])
    nn.manual_seed(123)
    b = nn.MLP(2, [5, 1])
    assert a.state_dict() == b.state_dict()


def test_random_state_may_be_a_generator():
    a = nn.Layer(2, 3, random_state=random.Random(4))
    b = nn.Layer(2, 3, random_state=random.Random(4))
    assert a.state_dict() == b.state_dict()


def test_random_state_of_another_type_is_a_type_error():
    with pytest.raises(TypeError, match="random_state"):
        nn.Neuron(2, random_state="seed")


def test_manual_seed_is_random_seed_under_another_name():
    nn.manual_seed(5)
    a = nn.MLP(2, [5, 1])
    random.seed(5)
    b = nn.MLP(2, [5, 1])
    assert a.state_dict() == b.state_dict()


def test_manual_seed_returns_the_generator_random_state_none_draws_from():
    assert nn.manual_seed(0) is nn.get_generator() is nn.as_generator(None)


def test_by_default_weights_come_from_the_global_random_module():
    random.seed(99)
    expected = [random.uniform(-1, 1) for _ in range(2)]
    random.seed(99)
    assert [w.data for w in nn.Neuron(2).w] == expected


def test_an_int_random_state_leaves_the_global_random_module_alone():
    random.seed(99)
    expected = random.random()
    random.seed(99)
    nn.MLP(2, [4, 1], random_state=0)
    assert random.random() == expected


def test_unknown_activation_lists_the_known_ones():
    known = "'relu', 'leaky_relu', 'tanh', 'sigmoid' or 'linear'"
    with pytest.raises(ValueError, match=f"MLP: activation must be {known}, got 'swish'"):
        nn.MLP(2, [4, 1], activation="swish")


def test_wrong_input_length_names_both_lengths():
    with pytest.raises(ValueError, match="MLP: a sample must have 2 inputs, got 3"):
        nn.MLP(2, [4, 1], random_state=0)([1.0, 2.0, 3.0])


def test_wrong_input_length_to_a_layer_names_the_layer():
    with pytest.raises(ValueError, match="Layer: a sample must have 3 inputs, got 2"):
        nn.Layer(3, 2)([1.0, 2.0])


def test_numpy_row_gives_the_same_output_as_a_list():
    model = nn.MLP(2, [4, 1], random_state=0)
    assert model(np.array([0.5, -1.5])).data == model([0.5, -1.5]).data


def test_numpy_matrix_is_a_batch():
    model = nn.MLP(2, [4, 1], random_state=0)
    X = np.array([[0.5, -1.5], [2.0, 1.0]])
    assert [y.data for y in model(X)] == [model(x.tolist()).data for x in X]


def test_inputs_may_be_values_and_receive_gradients():
    x = [Value(1.0), Value(-2.0)]
    nn.MLP(2, [4, 1], activation="tanh", random_state=0)(x).backward()
    assert any(v.grad != 0.0 for v in x)


def test_a_single_number_is_the_input_of_a_one_input_model():
    model = nn.MLP(1, [3, 1], random_state=0)
    assert model(0.5).data == model([0.5]).data


def test_forward_makes_one_dot_node_per_neuron():
    model = nn.MLP(2, [16, 16, 1], random_state=0)
    out = model([0.3, -0.7])
    assert _dot_nodes(out) == 16 + 16 + 1
    assert set(_ops(out)) == {"", "dot", "relu(dot)"}


def test_mlp_loss_gradients_match_finite_differences():
    model = nn.MLP(2, [4, 3, 1], activation="tanh", random_state=3)
    data = [([0.5, -1.0], 1.0), ([-0.3, 0.8], -1.0), ([1.2, 0.1], 0.5)]
    neurons = [m for m in model.modules() if isinstance(m, nn.Neuron)]

    def loss(*params):
        it = iter(params)
        for neuron in neurons:
            neuron.w = [next(it) for _ in neuron.w]
            neuron.b = next(it)
        return nn.mse([model(x) for x, _ in data], [y for _, y in data]) + 0.1 * nn.l2_penalty(params)

    assert gradcheck(loss, model.parameters())


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "tanh", "sigmoid"])
def test_a_neuron_is_one_node_that_applies_its_activation(activation):
    neuron = nn.Neuron(2, activation=activation, random_state=0)
    out = neuron([1.0, 1.0])
    assert out.op == f"{activation}(dot)" and len(out.inputs) == 2 + 2 + 1
    z = sum(w.data for w in neuron.w)
    assert out.data == pytest.approx(getattr(Value(z), activation)().data)


def test_activation_module_applies_to_every_element():
    out = nn.Activation("relu")([Value(-1.0), Value(2.0)])
    assert [v.data for v in out] == [0.0, 2.0]


def _weights(layer):
    return [w.data for n in layer.neurons for w in n.w]


def test_he_init_has_standard_deviation_sqrt_2_over_fan_in():
    weights = _weights(nn.Layer(50, 200, init="he", random_state=0))
    assert np.std(weights) == pytest.approx(math.sqrt(2 / 50), rel=0.03)
    assert abs(np.mean(weights)) < 0.01


def test_xavier_init_is_uniform_within_sqrt_6_over_fan_in_plus_fan_out():
    weights = _weights(nn.Layer(30, 20, init="xavier", random_state=0))
    bound = math.sqrt(6 / (30 + 20))
    assert max(map(abs, weights)) <= bound
    assert max(map(abs, weights)) > 0.95 * bound


def test_uniform_init_is_micrograds_minus_one_to_one():
    weights = _weights(nn.Layer(30, 20, init="uniform", random_state=0))
    assert max(map(abs, weights)) <= 1.0 and max(map(abs, weights)) > 0.95


def test_biases_start_at_zero():
    assert all(n.b.data == 0.0 for n in nn.Layer(3, 5, random_state=0).neurons)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "tanh", "sigmoid", "linear"])
def test_default_init_is_micrograds_uniform_whatever_the_activation(activation):
    default = nn.Layer(4, 3, activation=activation, random_state=5)
    explicit = nn.Layer(4, 3, activation=activation, init="uniform", random_state=5)
    assert default.state_dict() == explicit.state_dict()


@pytest.mark.parametrize("activation, init", [("relu", "he"), ("leaky_relu", "he"), ("tanh", "xavier"),
                                              ("sigmoid", "xavier"), ("linear", "xavier")])
def test_auto_init_follows_the_activation(activation, init):
    auto = nn.Layer(4, 3, activation=activation, init="auto", random_state=5)
    explicit = nn.Layer(4, 3, activation=activation, init=init, random_state=5)
    assert auto.state_dict() == explicit.state_dict()


def test_auto_init_in_a_batch_norm_mlp_suits_the_activation_after_the_norm():
    auto = nn.MLP(2, [4, 1], activation="relu", batch_norm=True, init="auto", random_state=5)
    rng = random.Random(5)
    he_first = nn.Layer(2, 4, activation="linear", init="he", random_state=rng)
    assert auto.layers[0].state_dict() == he_first.state_dict()


def test_init_may_be_a_function():
    neuron = nn.Neuron(3, init=lambda fan_in, fan_out, rng: [0.5] * fan_in)
    assert [w.data for w in neuron.w] == [0.5, 0.5, 0.5]


def test_unknown_init_lists_the_known_ones():
    message = "Neuron: init must be 'he', 'xavier', 'uniform' or 'auto', got 'zeros'"
    with pytest.raises(ValueError, match=message):
        nn.Neuron(2, init="zeros")


def test_sizes_must_be_positive_ints():
    with pytest.raises(ValueError, match="nout must be a positive int, got 0"):
        nn.Layer(2, 0)


def test_forward_under_no_grad_records_no_graph():
    model = nn.MLP(2, [3, 1], random_state=0)
    with autograd.no_grad():
        out = model([1.0, 1.0])
    assert out.inputs == ()


def test_a_few_gradient_steps_reduce_the_loss():
    model = nn.MLP(2, [8, 1], random_state=0)
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    y = [-1, 1, 1, -1]
    losses = []
    for _ in range(60):
        model.zero_grad()
        loss = nn.hinge(model(X), y)
        loss.backward()
        for p in model.parameters():
            p.data -= 0.1 * p.grad
        losses.append(loss.data)
    assert losses[-1] < 0.5 * losses[0]


def test_a_layer_whose_neuron_was_given_another_activation_fires_each_neuron_its_own_way():
    layer = nn.Layer(2, 3, random_state=0)
    layer.neurons[1].activation = "tanh"
    x = [0.4, -1.3]
    assert [v.op for v in layer(x)] == ["relu(dot)", "tanh(dot)", "relu(dot)"]
    assert [v.data for v in layer(x)] == [n(x).data for n in layer.neurons]


def test_a_layer_called_before_a_neuron_is_given_another_activation_fires_it_the_new_way():
    layer = nn.Layer(2, 3, random_state=0)
    x = [0.4, -1.3]
    layer(x)
    layer.neurons[1].activation = "tanh"
    assert [v.op for v in layer(x)] == ["relu(dot)", "tanh(dot)", "relu(dot)"]


def test_a_layer_called_before_its_neurons_are_reordered_outputs_them_in_the_new_order():
    layer = nn.Layer(2, 3, activation="linear", random_state=0)
    x = [0.4, -1.3]
    first = [v.data for v in layer(x)]
    layer.neurons.reverse()
    assert [v.data for v in layer(x)] == first[::-1]


def test_a_layer_called_before_a_neuron_gets_new_weights_computes_with_them():
    layer = nn.Layer(2, 2, activation="linear", random_state=0)
    layer([1.0, 1.0])
    layer.neurons[0].w = [Value(2.0), Value(3.0)]
    assert layer([1.0, 1.0])[0].data == 5.0


def test_a_layer_called_before_a_row_grows_names_the_row():
    layer = nn.Layer(2, 2, random_state=0)
    layer([1.0, 1.0])
    layer.neurons[1].w.append(Value(1.0))
    with pytest.raises(ValueError, match="row 1 has 3 weights for 2 inputs"):
        layer([1.0, 1.0])


def test_a_copy_of_a_called_layer_computes_with_its_own_weights():
    layer = nn.Layer(2, 2, activation="linear", random_state=0)
    layer([1.0, 1.0])
    twin = copy.deepcopy(layer)
    for p in twin.parameters():
        p.data = 1.0
    assert [v.data for v in twin([1.0, 1.0])] == [3.0, 3.0]
    assert [v.data for v in layer([1.0, 1.0])] != [3.0, 3.0]


def test_a_called_model_pickles_and_its_copy_computes_with_its_own_weights():
    model = nn.MLP(2, [3, 1], random_state=0)  # ReLU: its table entry holds functions
    before = model([1.0, 1.0]).data
    twin = pickle.loads(pickle.dumps(model))
    for p in twin.parameters():
        p.data = 1.0
    assert (twin([1.0, 1.0]).data, model([1.0, 1.0]).data) == (10.0, before)  # 3 * (1 + 1 + 1) + 1


def test_a_layer_makes_the_nodes_its_neurons_make_one_by_one():
    layer = nn.Layer(3, 4, activation="leaky_relu", random_state=1)
    x = [Value(0.5), Value(-2.0), Value(1.5)]
    assert [(v.data, v.op, v.inputs) for v in layer(x)] == [(v.data, v.op, v.inputs) for v in
                                                            (n(x) for n in layer.neurons)]
