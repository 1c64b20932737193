"""One kind of batch: a model's ``forward_batch`` gets a list of samples, each a list of Python
floats (Values when a graph is recorded for a replay), from every entry point and for every
batch size; ``forward`` gets a sample as a list, or the number itself."""

from __future__ import annotations

import numpy as np
import pytest

import nn
from autograd import Value
from nn.data.batches import as_batch
from nn.training.step import epoch_parts

X = np.random.default_rng(0).normal(size=(50, 2))
Y = (X[:, 0] > 0).astype(float)


class Recording(nn.Module):
    """An MLP that notes the kinds of what its forward and forward_batch are given."""

    def __init__(self) -> None:
        self.mlp = nn.MLP(2, [4, 1], random_state=0)
        self._seen: list = []

    def forward(self, x):
        self._seen.append(("sample", type(x), frozenset(type(v) for v in x) if isinstance(x, list) else None))
        return self.mlp.forward(x)

    def forward_batch(self, batch):
        self._seen.append(("batch", type(batch), frozenset(type(row) for row in batch),
                           frozenset(type(v) for row in batch for v in row)))
        return self.mlp.forward_batch(batch)

    def kinds(self) -> set:
        seen, self._seen = self._seen, []
        return set(seen)


FLOAT_BATCH = {("batch", list, frozenset({list}), frozenset({float}))}


@pytest.mark.parametrize("batch_size", [None, 1, 10, 40])
def test_fit_gives_forward_batch_a_list_of_lists_of_floats_for_every_batch_size(batch_size):
    model = Recording()
    nn.fit(model, X, Y, "mse", nn.SGD(model.parameters(), lr=0.01), epochs=2, batch_size=batch_size,
           progress=False, random_state=0)
    assert model.kinds() == FLOAT_BATCH


@pytest.mark.parametrize("batch_size", [None, 10])
def test_fit_gives_the_loss_its_targets_as_a_list_for_every_batch_size(batch_size):
    kinds = set()

    def loss(outputs, targets):
        kinds.add((type(targets), frozenset(type(t) for t in targets)))
        return nn.mse(outputs, targets)

    model = Recording()
    nn.fit(model, X, Y, loss, nn.SGD(model.parameters(), lr=0.01), epochs=1, batch_size=batch_size,
           progress=False, random_state=0)
    assert kinds == {(list, frozenset({float}))}


def test_a_compiled_fit_records_its_graph_on_a_list_of_lists_of_values():
    model = Recording()
    nn.fit(model, X, Y, "mse", nn.SGD(model.parameters(), lr=0.01), epochs=1, batch_size=10,
           progress=False, random_state=0, compile=True)
    assert model.kinds() == {("batch", list, frozenset({list}), frozenset({Value}))}


@pytest.mark.parametrize("use", [
    lambda model: nn.predict(model, X),
    lambda model: nn.predict_outputs(model, X),
    lambda model: nn.evaluate(model, X, Y, "mse"),
    lambda model: nn.predict(model, X.tolist()),
], ids=["predict", "predict_outputs", "evaluate", "predict on lists"])
def test_predict_and_evaluate_give_forward_batch_the_same_kind_of_batch(use):
    model = Recording()
    use(model)
    assert model.kinds() == FLOAT_BATCH


@pytest.mark.parametrize("batch", [X[:3], list(X[:3]), tuple(map(tuple, X[:3].tolist())), X[:3].tolist()],
                         ids=["2-D array", "list of 1-D arrays", "tuple of tuples", "list of lists"])
def test_calling_a_module_on_a_batch_gives_forward_batch_a_list_of_lists(batch):
    model = Recording()
    model(batch)
    assert model.kinds() == FLOAT_BATCH


def test_calling_a_module_on_an_array_sample_gives_forward_a_list_of_floats():
    model = Recording()
    model(X[0])
    assert model.kinds() == {("sample", list, frozenset({float}))}


def test_a_module_of_one_input_is_given_the_number_itself():
    seen = []

    class Square(nn.Module):
        def forward(self, x):
            seen.append(x)
            return x * x

    assert Square()(Value(3.0)).data == 9.0
    assert isinstance(seen[0], Value)


def test_as_batch_reads_numpy_numbers_out_as_python_floats():
    batch = as_batch([np.array([1.0, 2.0]), np.array([3.0, 4.0])])
    assert batch == [[1.0, 2.0], [3.0, 4.0]]
    assert {type(v) for row in batch for v in row} == {float}


@pytest.mark.parametrize("batch_size", [1, 7, 10, 49])
def test_an_epochs_parts_are_lists_of_sample_numbers_covering_every_sample_once(batch_size):
    parts = epoch_parts(50, batch_size, random_state=0)()
    assert all(type(part) is list for part in parts)
    assert sorted(i for part in parts for i in part) == list(range(50))


def test_an_epoch_on_the_whole_data_set_is_one_part_naming_no_sample():
    assert epoch_parts(50, None, random_state=0)() == [None]
    assert epoch_parts(50, 50, random_state=0)() == [None]


def test_an_epoch_draws_its_samples_in_the_order_nn_batches_draws_them():
    ours = epoch_parts(50, 10, random_state=np.random.default_rng(5))()
    theirs = list(nn.batches(X, Y, 10, random_state=np.random.default_rng(5)))
    assert [X[part].tolist() for part in ours] == [xb.tolist() for xb, _ in theirs]
