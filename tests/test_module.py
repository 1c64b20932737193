"""Module: parameter discovery, names and labels, modes, state dicts, saving, repr, Sequential."""

import json

import pytest

import nn
from autograd import Value


class Pair(nn.Module):
    """A hand-written module: a Value, a list of child modules, and private state."""

    def __init__(self):
        self.scale = Value(2.0)
        self.parts = [nn.Neuron(2, random_state=0), nn.Neuron(2, random_state=1)]
        self._cache = [Value(9.0)]  # private: not a parameter

    def forward(self, x):
        return self.scale * (self.parts[0](x) + self.parts[1](x))


@pytest.fixture
def model():
    return nn.MLP(2, [16, 16, 1], random_state=0)


def test_parameters_are_found_in_attributes_and_lists_of_modules():
    names = [name for name, _ in Pair().named_parameters()]
    neuron = ["w.0", "w.1", "b"]
    assert names == ["scale"] + [f"parts.{i}.{name}" for i in (0, 1) for name in neuron]


def test_private_attributes_are_not_parameters():
    pair = Pair()
    assert all(v is not pair._cache[0] for v in pair.parameters())


def test_parameters_are_leaves_in_the_order_of_named_parameters(model):
    assert model.parameters() == [v for _, v in model.named_parameters()]
    assert all(v.op == "" and v.inputs == () for v in model.parameters())


def test_named_parameters_write_names_into_labels(model):
    for name, v in model.named_parameters():
        assert v.label == name
    assert model.layers[0].neurons[3].w[1].label == "layers.0.neurons.3.w.1"


def test_a_shared_parameter_is_listed_once():
    shared = nn.Neuron(2, random_state=0)
    seq = nn.Sequential(shared, nn.Activation("tanh"))
    seq.again = shared
    assert len(seq.parameters()) == 3
    assert [name for name, _ in seq.named_parameters()] == ["layers.0.w.0", "layers.0.w.1", "layers.0.b"]


def test_zero_grad_resets_every_gradient(model):
    model([0.5, -1.0]).backward()
    assert any(v.grad != 0.0 for v in model.parameters())
    model.zero_grad()
    assert all(v.grad == 0.0 for v in model.parameters())


def test_train_and_eval_propagate_to_every_child_and_return_self(model):
    assert model.eval() is model
    assert [m.training for m in model.modules()] == [False] * len(model.modules())
    assert model.train() is model
    assert all(m.training for m in model.modules())


def test_modules_lists_the_tree_parents_first(model):
    names = [name for name, _ in model.named_modules()]
    assert names[:3] == ["", "layers.0.", "layers.0.neurons.0."]
    assert len(model.modules()) == 1 + 3 + (16 + 16 + 1)


def test_state_dict_holds_plain_floats_keyed_by_parameter_name(model):
    state = model.state_dict()
    assert list(state) == [name for name, _ in model.named_parameters()]
    assert all(type(x) is float for x in state.values())


def test_load_state_dict_round_trips_exactly(model):
    other = nn.MLP(2, [16, 16, 1], random_state=1)
    assert other.state_dict() != model.state_dict()
    other.load_state_dict(model.state_dict())
    assert other.state_dict() == model.state_dict()
    assert other([0.3, 0.7]).data == model([0.3, 0.7]).data


def test_load_state_dict_names_missing_and_unexpected_keys(model):
    state = model.state_dict()
    del state["layers.1.neurons.2.b"]
    state["layers.9.w.0"] = 1.0
    before = model.state_dict()
    expected = r"missing keys \['layers.1.neurons.2.b'\], unexpected keys \['layers.9.w.0'\]"
    with pytest.raises(ValueError, match=expected):
        model.load_state_dict(state)
    assert model.state_dict() == before


def test_load_state_dict_rejects_a_value_that_is_not_a_number(model):
    state = model.state_dict()
    state["layers.0.neurons.0.b"] = "zero"
    with pytest.raises(ValueError, match="layers.0.neurons.0.b"):
        model.load_state_dict(state)


def test_save_and_load_round_trip_through_json_exactly(model, tmp_path):
    path = tmp_path / "model.json"
    model.save(path)
    restored = nn.MLP(2, [16, 16, 1], random_state=5).load(path)
    assert restored.state_dict() == model.state_dict()
    assert json.loads(path.read_text())["model"] == repr(model)


def test_load_from_a_file_of_another_architecture_names_the_keys(model, tmp_path):
    path = tmp_path / "small.json"
    nn.MLP(2, [1], random_state=0).save(path)
    with pytest.raises(ValueError, match=r"missing keys \['layers.0.neurons.1.w.0', .* and 329 more"):
        model.load(path)


def test_repr_shows_architecture_and_parameter_count(model):
    assert repr(model) == "MLP(2 -> [16 relu, 16 relu, 1 linear], 337 parameters)"
    assert model.num_parameters() == 337


def test_repr_of_a_module_without_parameters_has_no_count():
    assert repr(nn.Dropout(0.25)) == "Dropout(p=0.25)"


def test_sequential_repr_lists_its_modules():
    seq = nn.Sequential(nn.Layer(2, 4, random_state=0), nn.Dropout(0.2), nn.Layer(4, 1, activation="linear"))
    expected = "Sequential([Layer(2 -> 4 relu), Dropout(p=0.2), Layer(4 -> 1 linear)], 17 parameters)"
    assert repr(seq) == expected


def test_sequential_indexes_and_measures_its_modules():
    first = nn.Layer(2, 4)
    seq = nn.Sequential(first, nn.Activation("tanh"))
    assert seq[0] is first and len(seq) == 2


def test_sequential_with_one_output_returns_one_value():
    seq = nn.Sequential(nn.Layer(2, 3, random_state=0), nn.Layer(3, 1, activation="linear", random_state=1))
    assert isinstance(seq([1.0, 2.0]), Value)


def test_sequential_rejects_something_that_is_not_a_module():
    with pytest.raises(TypeError, match="Sequential: module 1 must be a Module, got function"):
        nn.Sequential(nn.Layer(2, 2), lambda x: x)


def test_calling_on_a_batch_gives_one_output_per_sample(model):
    batch = [[0.1, 0.2], [0.3, -0.4], [1.0, 0.0]]
    outputs = model(batch)
    assert [y.data for y in outputs] == [model(x).data for x in batch]


def test_module_without_forward_says_so():
    with pytest.raises(NotImplementedError, match="Blank does not define forward"):
        type("Blank", (nn.Module,), {})()([1.0])


def test_buffers_are_saved_with_the_parameters(tmp_path):
    seq = nn.Sequential(nn.Layer(2, 2, activation="linear", random_state=0), nn.BatchNorm(2))
    seq([[1.0, 2.0], [3.0, 5.0], [0.0, 1.0]])
    state = seq.state_dict()
    assert state["layers.1.running_mean.0"] == seq[1].running_mean[0] != 0.0
    fresh = nn.Sequential(nn.Layer(2, 2, activation="linear", random_state=1), nn.BatchNorm(2))
    path = tmp_path / "bn.json"
    seq.save(path)
    assert fresh.load(path).state_dict() == state


def test_load_buffers_state_puts_back_the_buffers_and_leaves_the_parameters():
    seq = nn.Sequential(nn.Layer(2, 2, activation="linear", random_state=0), nn.BatchNorm(2))
    saved = seq.buffers_state()
    assert saved == {f"layers.1.running_{s}.{i}": float(s == "var") for s in ("mean", "var") for i in (0, 1)}
    seq([[1.0, 2.0], [3.0, 5.0]])  # moves the running statistics
    seq[0].neurons[0].b.data = 7.0
    seq.load_buffers_state(saved)
    assert seq.buffers_state() == saved
    assert seq[0].neurons[0].b.data == 7.0


class _Heads(nn.Module):
    def __init__(self):
        self.heads = {"query": nn.Layer(2, 2, random_state=0), "key": nn.Layer(2, 2, random_state=1)}

    def forward(self, x):
        return self.heads["query"](x)


def test_submodules_in_a_dict_are_found_under_their_keys():
    model = _Heads()
    names = [name for name, _ in model.named_parameters()]
    assert model.num_parameters() == 12
    assert names[0] == "heads.query.neurons.0.w.0" and "heads.key.neurons.1.b" in names


def test_named_parameters_writes_nothing_and_label_parameters_writes_the_labels():
    model = _Heads()
    model.named_parameters()
    assert model.heads["key"].neurons[0].b.label == "neurons.0.b"  # the Layer labelled itself
    assert model.label_parameters() is model
    assert model.heads["key"].neurons[0].b.label == "heads.key.neurons.0.b"
