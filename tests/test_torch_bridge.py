"""nn.to_torch and nn.from_torch: every kind of nn layer has a PyTorch twin computing the same.

For each kind, the model and its twin run on the same batch, and a loss weighting every output
by a fixed number is run backward in both: outputs and every parameter's gradient agree to
1e-12, BatchNorm's running statistics too. PyTorch is optional: these tests skip without it,
and fail under CI=true.
"""

import random
import re
import sys

import numpy as np
import pytest

import autograd
import nn

TOL = 1e-12
X = np.random.default_rng(0).normal(size=(6, 3))


def kinds():
    """(id, factory of a model on 3 inputs, mode): every kind of layer, in both modes where they differ."""
    return [
        ("mlp", lambda: nn.MLP(3, [5, 4, 2]), "train"),
        ("mlp_tanh_one_output", lambda: nn.MLP(3, [4, 1], activation="tanh"), "train"),
        ("mlp_batch_norm_train", lambda: nn.MLP(3, [4, 4, 1], batch_norm=True), "train"),
        ("mlp_batch_norm_eval", lambda: nn.MLP(3, [4, 4, 1], batch_norm=True), "eval"),
        ("layer_sigmoid", lambda: nn.Layer(3, 4, "sigmoid"), "train"),
        ("layer_leaky_relu", lambda: nn.Layer(3, 4, "leaky_relu"), "train"),
        ("neuron_tanh", lambda: nn.Neuron(3, "tanh"), "train"),
        ("neuron_linear", lambda: nn.Neuron(3, nonlin=False), "train"),
        ("batch_norm_train", lambda: nn.BatchNorm(3, momentum=0.2, eps=1e-3), "train"),
        ("batch_norm_eval", lambda: nn.BatchNorm(3), "eval"),
        ("sequential", lambda: nn.Sequential(nn.Layer(3, 4, "linear"), nn.BatchNorm(4),
                                             nn.Activation("sigmoid"), nn.Dropout(0.3),
                                             nn.Sequential(nn.Layer(4, 2, "relu"))), "eval"),
        ("sequential_dropout_zero", lambda: nn.Sequential(nn.Layer(3, 4, "tanh"), nn.Dropout(0.0),
                                                          nn.Layer(4, 2)), "train"),
    ]


def built(factory, mode):
    """The model with every parameter moved off its start (BatchNorm's 1 and 0), and running
    statistics moved by one training batch, then put in ``mode``."""
    nn.manual_seed(1)
    model = factory()
    rng = np.random.default_rng(2)
    for p in model.parameters():
        p.data += 0.5 * rng.normal()
    model(X[::-1].copy())
    return model.train(mode == "train")


def coefficients(rows: int, columns: int) -> np.ndarray:
    return np.random.default_rng(3).normal(size=(rows, columns))


def run_nn(model, x):
    """The outputs (rows of floats) and each parameter's gradient of a weighted sum of them."""
    rows = [o if isinstance(o, list) else [o] for o in model(x)]
    rows = [[v if isinstance(v, autograd.Value) else autograd.Value(v) for v in r] for r in rows]
    c = coefficients(len(rows), len(rows[0]))
    model.zero_grad()
    autograd.dot([v for r in rows for v in r], c.ravel().tolist()).backward()
    return np.array([[v.data for v in r] for r in rows]), [p.grad for p in model.parameters()]


def torch_grads(twin) -> list:
    """The torch model's parameter gradients in nn's order: row by row, each neuron's weights then bias."""
    import torch

    found = []
    for m in twin.modules():
        if isinstance(m, torch.nn.Linear):
            for row, b in zip(m.weight.grad.tolist(), m.bias.grad.tolist()):
                found += [*row, b]
        elif isinstance(m, torch.nn.BatchNorm1d):
            found += m.weight.grad.tolist() + m.bias.grad.tolist()
    return found


def run_torch(twin, x):
    import torch

    out = twin(torch.tensor(x, dtype=torch.float64)).reshape(len(x), -1)
    if out.requires_grad:
        (out * torch.tensor(coefficients(*out.shape))).sum().backward()
    return out.detach().numpy(), torch_grads(twin)


@pytest.fixture
def torch(requires_torch):
    import torch

    return torch


@pytest.mark.parametrize("name, factory, mode", kinds(), ids=[k[0] for k in kinds()])
def test_to_torch_gives_the_same_outputs_and_gradients(torch, name, factory, mode):
    model = built(factory, mode)
    twin = nn.to_torch(model)
    ours, our_grads = run_nn(model, X)
    theirs, their_grads = run_torch(twin, X)
    np.testing.assert_allclose(theirs, ours, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(their_grads, our_grads, rtol=TOL, atol=TOL)
    assert len(our_grads) == len(their_grads) == sum(p.numel() for p in twin.parameters())


@pytest.mark.parametrize("name, factory, mode", kinds(), ids=[k[0] for k in kinds()])
def test_from_torch_of_to_torch_gives_the_model_back(torch, name, factory, mode):
    model = built(factory, mode)
    back = nn.from_torch(nn.to_torch(model))
    assert list(back.state_dict().values()) == list(model.state_dict().values())
    (outputs, grads), (back_outputs, back_grads) = run_nn(model, X), run_nn(back, X)
    np.testing.assert_allclose(back_outputs, outputs, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(back_grads, grads, rtol=TOL, atol=TOL)


@pytest.mark.parametrize("mode", ["train", "eval"])
def test_batch_norms_running_statistics_move_alike(torch, mode):
    model = built(lambda: nn.MLP(3, [4, 2], batch_norm=True), mode)
    twin = nn.to_torch(model)
    run_nn(model, X), run_torch(twin, X)
    bn = model.layers[1]
    np.testing.assert_allclose(twin[1].running_mean.tolist(), bn.running_mean, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(twin[1].running_var.tolist(), bn.running_var, rtol=TOL, atol=TOL)
    assert model.layers[1].running_mean != [0.0] * 4


def test_to_torch_is_float64_and_copies_the_weights(torch):
    model = built(lambda: nn.Layer(3, 2, "tanh"), "train")
    twin = nn.to_torch(model)
    assert twin[0].weight.dtype == torch.float64 and isinstance(twin[1], torch.nn.Tanh)
    assert twin[0].weight[1, 2].item() == model.neurons[1].w[2].data
    assert twin[0].bias[0].item() == model.neurons[0].b.data


def test_to_torch_carries_each_modules_mode(torch):
    model = nn.Sequential(nn.Layer(3, 4), nn.Dropout(0.5), nn.BatchNorm(4))
    model.layers[2].eval()
    twin = nn.to_torch(model)
    assert [twin.training, twin[0].training, twin[2].training, twin[3].training] == [True, True, True, False]
    assert not any(m.training for m in nn.to_torch(model.eval()).modules())


def test_to_torch_keeps_dropouts_rate(torch):
    twin = nn.to_torch(nn.Sequential(nn.Layer(3, 4), nn.Dropout(0.25)))
    assert isinstance(twin[2], torch.nn.Dropout) and twin[2].p == 0.25


def test_from_torch_reads_a_model_trained_in_torch(torch):
    torch.manual_seed(0)
    twin = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 4),
                               torch.nn.BatchNorm1d(4), torch.nn.LeakyReLU(), torch.nn.Dropout(0.0),
                               torch.nn.Sequential(torch.nn.Linear(4, 2), torch.nn.Sigmoid())).double()
    model = nn.from_torch(twin)
    assert repr(model).startswith("Sequential([Layer(3 -> 5 tanh), Layer(5 -> 4 linear), BatchNorm(4")
    ours, our_grads = run_nn(model, X)
    theirs, their_grads = run_torch(twin, X)
    np.testing.assert_allclose(theirs, ours, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(their_grads, our_grads, rtol=TOL, atol=TOL)


def test_from_torch_reads_float32_weights_as_they_are(torch):
    linear = torch.nn.Linear(2, 1)
    layer = nn.from_torch(linear)
    assert [w.data for w in layer.neurons[0].w] == linear.weight[0].tolist()


def test_from_torch_carries_each_modules_mode(torch):
    twin = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2), torch.nn.Dropout(0.1))
    twin[1].eval()
    model = nn.from_torch(twin)
    assert [m.training for m in model.layers] == [True, False, True]
    assert not any(m.training for m in nn.from_torch(twin.eval()).modules())


def test_from_torch_leaves_pythons_random_as_it_was(torch):
    random.seed(5)
    state = random.getstate()
    nn.from_torch(torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU()))
    assert random.getstate() == state


class Mine(nn.Module):
    def forward(self, x):
        return x


class MyMLP(nn.MLP):
    pass


def test_to_torch_refuses_a_module_of_your_own_by_name(torch):
    refused = r"to_torch: model is a module of your own, Mine, .*write Mine in PyTorch"
    with pytest.raises(TypeError, match=refused):
        nn.to_torch(Mine())


def test_to_torch_names_where_a_module_of_your_own_sits(torch):
    with pytest.raises(TypeError, match=r"to_torch: model.layers.1 is a module of your own, Mine"):
        nn.to_torch(nn.Sequential(nn.Layer(2, 2), Mine()))


def test_to_torch_refuses_a_subclass_of_nns_layers(torch):
    with pytest.raises(TypeError, match="a module of your own, MyMLP"):
        nn.to_torch(MyMLP(2, [2]))


def test_to_torch_refuses_something_else_than_a_module(torch):
    with pytest.raises(TypeError, match="to_torch: model is a list, not a Module"):
        nn.to_torch([nn.Layer(2, 2)])


def test_to_torch_refuses_a_layer_of_mixed_activations(torch):
    layer = nn.Layer(2, 2)
    layer.neurons[1].activation = "tanh"
    with pytest.raises(ValueError, match=r"the Layer at model mixes activations \(relu, tanh\)"):
        nn.to_torch(layer)


def test_from_torch_refuses_another_layer_naming_it_and_its_place(torch):
    twin = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sequential(torch.nn.Conv1d(1, 1, 1)))
    with pytest.raises(TypeError, match=r"from_torch: module.1.0 is Conv1d, which nn has no layer for"):
        nn.from_torch(twin)


@pytest.mark.parametrize("make, message", [
    (lambda t: t.nn.LeakyReLU(0.2), r"module is LeakyReLU\(0.2\), and nn's leaky_relu has the slope 0.01"),
    (lambda t: t.nn.Linear(2, 2, bias=False), "module is a Linear without a bias"),
    (lambda t: t.nn.BatchNorm1d(2, affine=False), "module is a BatchNorm1d without affine=True"),
    (lambda t: t.nn.BatchNorm1d(2, momentum=None), "module is a BatchNorm1d without affine=True"),
    (lambda t: t.nn.Sequential(), "module is an empty Sequential"),
], ids=["leaky_slope", "no_bias", "no_affine", "cumulative_average", "empty"])
def test_from_torch_refuses_settings_nn_has_no_layer_for(torch, make, message):
    with pytest.raises(ValueError, match=message):
        nn.from_torch(make(torch))


def test_to_torch_refuses_a_layer_whose_neurons_take_different_numbers_of_inputs(torch):
    layer = nn.Layer(2, 2)
    layer.neurons[1] = nn.Neuron(3)
    with pytest.raises(ValueError, match=r"to_torch: the neurons of model take 2 and 3 inputs"):
        nn.to_torch(layer)


def test_to_torch_refuses_running_statistics_of_another_length_naming_them(torch):
    bn = nn.BatchNorm(3)
    bn.running_var = [1.0, 2.0]
    with pytest.raises(ValueError, match=r"to_torch: model.running_var must hold 3 numbers, one per feature"):
        nn.to_torch(bn)


def _with(torch, module, name, tensor):
    """``module`` with its tensor ``name`` replaced by ``tensor``, as a hand-edited model may have."""
    setattr(module, name, torch.nn.Parameter(tensor) if name in ("weight", "bias") else tensor)
    return module


@pytest.mark.parametrize("make, message", [
    (lambda t: _with(t, t.nn.Linear(2, 3), "weight", t.ones(3, 5)),
     r"the shape of module.weight must be \(3, 2\), as its layer's sizes say, got \(3, 5\)"),
    (lambda t: _with(t, t.nn.Linear(2, 3), "weight", t.ones(2, 2)), r"must be \(3, 2\), .*got \(2, 2\)"),
    (lambda t: t.nn.Sequential(t.nn.Linear(2, 2), _with(t, t.nn.Linear(2, 3), "bias", t.ones(7))),
     r"the shape of module.1.bias must be \(3,\), as its layer's sizes say, got \(7,\)"),
    (lambda t: _with(t, t.nn.BatchNorm1d(3), "running_mean", t.zeros(2)),
     r"module.running_mean must be \(3,\)"),
], ids=["weight_too_wide", "weight_too_short", "bias", "running_mean"])
def test_from_torch_refuses_a_tensor_whose_shape_its_layer_does_not_have(torch, make, message):
    with pytest.raises(ValueError, match=message):
        nn.from_torch(make(torch))


@pytest.mark.parametrize("name, where", [("weight", "module.0.weight[1, 0]"), ("bias", "module.0.bias[1]")])
@pytest.mark.parametrize("number", [float("nan"), float("inf")])
def test_from_torch_refuses_a_nan_or_infinite_weight_naming_it(torch, name, where, number):
    twin = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh())
    with torch.no_grad():
        getattr(twin[0], name)[1] = number
    with pytest.raises(ValueError, match=rf"^from_torch: {re.escape(where)} must be finite, got {number}; "):
        nn.from_torch(twin)


def test_from_torch_refuses_running_statistics_no_batch_norm_has(torch):
    bn = torch.nn.BatchNorm1d(3)
    bn.running_var[2] = -1.0
    with pytest.raises(ValueError, match=r"module.running_var must be >= 0 \(it is a variance\), got -1.0"):
        nn.from_torch(bn)


def test_from_torch_of_a_model_on_the_meta_device_says_to_give_it_weights_first(torch):
    with pytest.raises(ValueError, match=r"module.0.weight is on the meta device and holds no numbers; "
                                         r"give the model its weights first"):
        nn.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 2)).to("meta"))


def test_from_torch_refuses_something_else_than_a_torch_module(torch):
    with pytest.raises(TypeError, match="from_torch needs a torch.nn.Module"):
        nn.from_torch(nn.Layer(2, 2))


@pytest.mark.parametrize("bridge", [nn.to_torch, nn.from_torch], ids=["to_torch", "from_torch"])
def test_without_torch_the_bridges_name_the_install_command(monkeypatch, bridge):
    monkeypatch.setitem(sys.modules, "torch", None)
    needs = rf"{bridge.__name__} needs PyTorch.*pip install 'chainrule\[torch\]'"
    with pytest.raises(ImportError, match=needs):
        bridge(nn.Layer(2, 2))

