"""fit(..., compile=True) trains as compile=False does, replaying one compiled graph per batch size;
predict and predict_outputs with compile=True give the model's outputs; what a replay cannot
follow is refused before training."""

import functools

import numpy as np
import pytest

import autograd
import autograd.replay.batch
import nn
from autograd import Value
from autograd.replay import StructureError
from nn.modules.module import Module
from nn.training.replay import OutputReplay

COLUMNS = ["train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "grad_norm"]


def train_both(make_model, X, y, loss, make_optimizer, **settings):
    """The Histories and final parameters of the same run with compile=False and compile=True."""
    runs = []
    for compile in (False, True):
        model = make_model()
        history = nn.fit(model, X, y, loss, make_optimizer(model.parameters()), progress=False,
                         compile=compile, **settings)
        runs.append((history, [p.data for p in model.parameters()]))
    return runs


def assert_same_runs(runs, rel=1e-9):
    (engine, engine_params), (replay, replay_params) = runs
    assert len(engine) == len(replay)
    for column in COLUMNS:
        if column in engine:
            assert replay[column] == pytest.approx(engine[column], rel=rel, abs=1e-12), column
    assert replay_params == pytest.approx(engine_params, rel=rel, abs=1e-12)


def moons():
    return nn.make_moons(100, noise=0.1, random_state=1)


def lecture_mlp():
    return nn.MLP(2, [16, 16, 1], random_state=1337)


def test_full_batch_moons_with_hinge_and_l2_gives_the_same_history():
    X, y = moons()
    runs = train_both(lecture_mlp, X, y, "hinge", lambda p: nn.SGD(p, lr=0.1), epochs=30, l2=1e-4)
    assert_same_runs(runs)
    assert runs[1][0].train_accuracy[-1] > 0.85  # it learned: the comparison is not of two idle runs


def test_mini_batches_with_a_short_last_batch_validation_clipping_and_l1_give_the_same_history():
    X, y = nn.make_blobs(130, centers=3, random_state=2)
    X_val, y_val = nn.make_blobs(40, centers=3, random_state=3)
    runs = train_both(lambda: nn.MLP(2, [8, 3], random_state=4), X, y, "cross_entropy",
                      lambda p: nn.Adam(p, lr=0.02), epochs=6, batch_size=32, l1=1e-3, clip=0.5,
                      validation_data=(X_val, y_val), random_state=5)
    assert_same_runs(runs)


@pytest.mark.parametrize("loss", ["bce_with_logits", "mse", functools.partial(nn.hinge, reduction="sum")])
def test_the_other_replayed_losses_give_the_same_history(loss):
    X, y = moons()
    runs = train_both(lambda: nn.MLP(2, [6, 1], activation="tanh", random_state=2), X, y, loss,
                      lambda p: nn.SGD(p, lr=0.01, momentum=0.9), epochs=8, batch_size=25, random_state=0)
    assert_same_runs(runs)


def test_several_outputs_against_rows_of_targets_give_the_same_history():
    X, _ = moons()
    targets = np.column_stack([X[:, 0] * X[:, 1], X[:, 0] - X[:, 1]])
    runs = train_both(lambda: nn.MLP(2, [8, 2], activation="tanh", random_state=3), X, targets, "mse",
                      lambda p: nn.SGD(p, lr=0.05), epochs=10)
    assert_same_runs(runs)


def counted_graphs(monkeypatch):
    """A list that gets (samples, whether with a loss) for every batch graph compiled from now on."""
    compiled = []
    original = nn.training.replay.BatchGraph.__init__

    def counting(self, model, rows, loss=None, *args, **options):
        compiled.append((len(rows), loss is not None))
        original(self, model, rows, loss, *args, **options)

    monkeypatch.setattr(nn.training.replay.BatchGraph, "__init__", counting)
    return compiled


def test_a_graph_is_compiled_once_per_batch_size_and_once_for_the_validation_data(monkeypatch):
    compiled = counted_graphs(monkeypatch)
    X, y = moons()
    model = nn.MLP(2, [4, 1], random_state=0)
    nn.fit(model, X[:70], y[:70], "hinge", nn.SGD(model.parameters(), lr=0.1), epochs=5, batch_size=32,
           validation_data=(X[70:], y[70:]), progress=False, compile=True, random_state=0)
    # batches of 32, 32 and 6 samples, with the loss; the validation data's 30 samples, the model
    # alone (the loss is computed on their numbers)
    assert sorted(compiled) == [(6, True), (30, False), (32, True)]


def test_a_dense_model_is_recorded_for_one_sample_and_compiled_for_the_batch(monkeypatch):
    batches = []
    original = autograd.replay.batch.tile
    monkeypatch.setattr(autograd.replay.batch, "tile", lambda layout, batch, per_sample:
                        batches.append((batch, per_sample)) or original(layout, batch, per_sample))
    X, y = moons()
    model = nn.MLP(2, [4, 1], random_state=0)
    nn.fit(model, X[:70], y[:70], "hinge", nn.SGD(model.parameters(), lr=0.1), epochs=2, batch_size=32,
           progress=False, compile=True, random_state=0)
    assert sorted(batches) == [(6, 2), (32, 2)]  # one sample's graph of 2 inputs, for each batch size


def test_a_batch_that_overflows_in_the_replay_stops_training_as_in_the_engine():
    X, y = moons()
    X = X * 1e154  # squares overflow in the l2-free mse: (1e154 * w)^2
    outcomes = []
    for compile in (False, True):
        model = nn.MLP(2, [4, 1], random_state=0)
        with pytest.raises(nn.TrainingDivergedError) as caught:
            nn.fit(model, X, y, "mse", nn.SGD(model.parameters(), lr=0.1), epochs=3, progress=False,
                   compile=compile)
        where = str(caught.value).split(":")[1]
        outcomes.append((where, type(caught.value.__cause__), [p.data for p in model.parameters()]))
    assert outcomes[0][:2] == outcomes[1][:2]
    assert outcomes[1][2] == pytest.approx(outcomes[0][2], rel=1e-12)  # the last good step's parameters
    assert outcomes[1][:2] == (" training diverged in epoch 2 of 3, batch 1 of 1", OverflowError)


# refused before training ---------------------------------------------------------------------------
def refused(model, loss="hinge", message=""):
    X, y = moons()
    before = [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match=message):
        nn.fit(model, X, y, loss, nn.SGD(model.parameters(), lr=0.1), epochs=2, progress=False, compile=True)
    assert [p.data for p in model.parameters()] == before


def test_dropout_is_refused_naming_it_and_the_fix():
    model = nn.Sequential(nn.Layer(2, 8), nn.Dropout(0.5, random_state=0), nn.Layer(8, 1, nonlin=False))
    refused(model, message=r"fit: compile=True cannot replay Dropout \(layers.1\).*compile=False")


def test_batch_norm_is_refused_naming_it_and_the_fix():
    model = nn.Sequential(nn.Layer(2, 8), nn.BatchNorm(8), nn.Layer(8, 1, nonlin=False))
    refused(model, message=r"fit: compile=True cannot replay BatchNorm \(layers.1\).*compile=False")


def test_binary_cross_entropy_is_refused_pointing_to_the_logits_loss():
    model = nn.MLP(2, [4, 1], activation="sigmoid", random_state=0)
    refused(model, "bce", "cannot replay binary_cross_entropy.*use binary_cross_entropy_with_logits")


def test_a_loss_of_ones_own_is_refused_naming_the_replayed_losses():
    refused(nn.MLP(2, [4, 1], random_state=0), lambda out, y: nn.mse(out, y),
            "replays the losses mse, hinge, cross_entropy, binary_cross_entropy_with_logits.*compile=False")


def test_compile_must_be_a_bool():
    X, y = moons()
    model = nn.MLP(2, [4, 1], random_state=0)
    with pytest.raises(TypeError, match="fit: compile must be True or False, got 'yes'"):
        nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=0.1), progress=False, compile="yes")


class Branching(Module):
    """A model with a Python if on a number: its graph depends on the data."""

    def __init__(self):
        self.w = Value(0.5)

    def forward(self, x):
        return self.w * x[0] if x[0] > 0 else self.w * x[1] * 2


def test_a_model_whose_graph_changes_with_the_numbers_is_refused_at_the_second_batch():
    X = np.array([[1.0, 1.0], [-1.0, 2.0], [-1.0, 2.0], [-1.0, 3.0]])  # any two batches branch apart
    y = np.array([1.0, 0.0, 0.0, 1.0])
    model = Branching()
    with pytest.raises(ValueError, match="its graph changes with the numbers.*compile=False"):
        nn.fit(model, X, y, "mse", nn.SGD(model.parameters(), lr=0.1), epochs=1, batch_size=2,
               progress=False, compile=True)


def test_outputs_that_do_not_fit_the_loss_are_refused_as_without_compile():
    X, y = nn.make_blobs(30, centers=3, random_state=2)
    model = nn.MLP(2, [4, 2], random_state=0)
    before = [p.data for p in model.parameters()]
    message = "fit: cross_entropy needs one output per class: y has 3 classes, the model has 2 outputs"
    with pytest.raises(ValueError, match=message):
        nn.fit(model, X, y, "cross_entropy", nn.SGD(model.parameters(), lr=0.1), progress=False, compile=True)
    assert [p.data for p in model.parameters()] == before


@pytest.mark.parametrize("compile", [False, True])
def test_validation_targets_with_more_classes_than_outputs_are_refused(compile):
    X, y = nn.make_blobs(30, centers=2, random_state=2)
    X_val, y_val = nn.make_blobs(9, centers=3, random_state=3)
    model = nn.MLP(2, [4, 2], random_state=0)
    with pytest.raises(ValueError, match="fit: cross_entropy needs one output per class: y has 3 classes"):
        nn.fit(model, X, y, "cross_entropy", nn.SGD(model.parameters(), lr=0.1), epochs=2, progress=False,
               validation_data=(X_val, y_val), compile=compile)


# predict ------------------------------------------------------------------------------------------
GRID = np.stack(np.meshgrid(np.linspace(-2, 2.5, 40), np.linspace(-1.5, 1.5, 25)), -1).reshape(-1, 2)


@pytest.mark.parametrize("make_model", [
    lambda: nn.MLP(2, [16, 16, 1], random_state=1),
    lambda: nn.MLP(2, [8, 3], activation="tanh", random_state=2),
    lambda: nn.Sequential(nn.Layer(2, 8), nn.BatchNorm(8), nn.Dropout(0.3), nn.Layer(8, 2, nonlin=False)),
], ids=["one output", "three logits", "batchnorm and dropout in eval mode"])
def test_compiled_predict_outputs_on_a_grid_equal_the_engines(make_model):
    model = make_model()  # 1000 points: three whole chunks of 256 and a short one
    expected = nn.predict_outputs(model, GRID)
    got = nn.predict_outputs(model, GRID, compile=True)
    assert got.shape == expected.shape
    assert got.ravel().tolist() == pytest.approx(expected.ravel().tolist(), rel=1e-12, abs=1e-14)


def test_compiled_predict_gives_the_same_classes():
    model = nn.MLP(2, [8, 3], activation="tanh", random_state=2)
    assert (nn.predict(model, GRID, compile=True) == nn.predict(model, GRID)).all()
    assert (nn.predict(model, GRID, "cross_entropy", compile=True) == nn.predict(model, GRID)).all()


def test_compiled_predict_on_fewer_samples_than_a_chunk():
    model = nn.MLP(2, [4, 1], random_state=1)
    assert nn.predict_outputs(model, GRID[:3], compile=True).tolist() == pytest.approx(
        nn.predict_outputs(model, GRID[:3]).tolist(), rel=1e-13)


# what a review of compile=True found ----------------------------------------------------------------
def test_compiled_predict_inside_no_grad_gives_every_chunks_own_outputs():
    model = nn.MLP(2, [4, 1], random_state=0)
    expected = nn.predict_outputs(model, GRID)
    with autograd.no_grad():  # a graph recorded without operations would repeat the first chunk
        got = nn.predict_outputs(model, GRID, compile=True)
    assert got.tolist() == pytest.approx(expected.tolist(), rel=1e-12, abs=1e-14)


def test_compiled_predict_refuses_a_model_whose_graph_changes_with_the_numbers():
    X = np.array([[1.0, 1.0]] * 256 + [[-1.0, 2.0]] * 4)  # the second chunk takes the other branch
    with pytest.raises(ValueError, match="predict_outputs: compile=True cannot replay this model: its "
                       "graph changes with the numbers.*use compile=False"):
        nn.predict_outputs(Branching(), X, compile=True)



def test_a_replay_recorded_on_one_row_checks_the_graph_of_the_next():
    replay = OutputReplay(Branching(), np.array([[1.0, 1.0]]))  # chunks of one row each
    with pytest.raises(StructureError, match="the new graph differs from the compiled one"):
        replay(np.array([[1.0, 1.0], [-1.0, 2.0]]))

class Centring(Module):
    """Subtracts each feature's batch mean, keeping a running mean: a module with buffers."""

    buffers = ("running_mean",)

    def __init__(self):
        self.running_mean = [0.0, 0.0]

    def forward(self, x):
        return [v - m for v, m in zip(x, self.running_mean)]

    def forward_batch(self, batch):
        means = [sum(x[j].data for x in batch) / len(batch) for j in range(2)]
        self.running_mean = [0.9 * r + 0.1 * m for r, m in zip(self.running_mean, means)]
        return [[v - m for v, m in zip(x, means)] for x in batch]


def test_a_module_with_buffers_is_refused_since_a_replay_would_stop_updating_them():
    model = nn.Sequential(Centring(), nn.Layer(2, 1, nonlin=False))
    refused(model, message=r"fit: compile=True cannot replay Centring \(layers.0\) in training: its "
            r"buffers \(running_mean\) are written from each batch's numbers")


def test_validation_data_larger_than_a_chunk_is_replayed_chunk_by_chunk(monkeypatch):
    compiled = counted_graphs(monkeypatch)
    X, y = moons()
    X_val, y_val = nn.make_moons(600, noise=0.1, random_state=7)
    runs = train_both(lecture_mlp, X, y, "hinge", lambda p: nn.SGD(p, lr=0.1), epochs=4,
                      validation_data=(X_val, y_val))
    assert_same_runs(runs)
    assert sorted(compiled) == [(100, True), (256, False)]  # the training batch, one chunk of validation


@pytest.mark.parametrize("compile", [False, True])
def test_a_validation_loss_that_overflows_is_a_divergence_in_both_modes(compile):
    X, y = moons()
    model = nn.MLP(2, [4, 1], random_state=0)
    with pytest.raises(nn.TrainingDivergedError, match="in epoch 1 of 2, measuring the validation loss"):
        nn.fit(model, X, y, "mse", nn.SGD(model.parameters(), lr=0.1), epochs=2, progress=False,
               validation_data=(X, y * 1e200), compile=compile)


def test_boolean_labels_count_as_0_and_1_in_both_modes():
    X, y = moons()
    runs = train_both(lambda: nn.MLP(2, [4, 1], random_state=0), X, y.astype(bool), "bce_with_logits",
                      lambda p: nn.SGD(p, lr=0.1), epochs=3)
    assert_same_runs(runs)
    as_floats = train_both(lambda: nn.MLP(2, [4, 1], random_state=0), X, y.astype(float), "bce_with_logits",
                           lambda p: nn.SGD(p, lr=0.1), epochs=3)
    assert runs[0][0].train_loss == as_floats[0][0].train_loss


@pytest.mark.parametrize("compile", [False, True])
def test_a_loss_that_gives_no_single_value_is_refused_in_both_modes(compile):
    X, y = moons()
    model = nn.MLP(2, [4, 1], random_state=0)
    with pytest.raises(TypeError, match=r"fit: the loss must give one Value \(reduction 'mean' or 'sum'\), "
                       "got a list of 100"):
        nn.fit(model, X, y, functools.partial(nn.mse, reduction="none"), nn.SGD(model.parameters(), lr=0.1),
               epochs=1, progress=False, compile=compile)


def test_a_model_of_nns_own_layers_is_recorded_once_and_never_built_again(monkeypatch):
    def rebuilt(*args):
        raise AssertionError("the graph was built again")

    monkeypatch.setattr(nn.training.replay.BatchGraph, "check_structure", rebuilt)
    model = nn.MLP(2, [4, 1], random_state=0)
    X, y = moons()
    nn.predict_outputs(model, GRID, compile=True)  # four chunks
    nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=0.1), epochs=3, batch_size=40, progress=False,
           compile=True, random_state=0)


class FirstFeatureOnly(Module):
    """A model that reads only the first number of each sample: the second is never in its graph."""

    def __init__(self):
        self.w = Value(0.5, label="w")

    def parameters(self):
        return [self.w]

    def forward(self, x):
        return self.w * x[0]


def test_a_model_that_ignores_a_feature_trains_and_predicts_compiled_as_without_compile():
    X, y = moons()
    runs = train_both(FirstFeatureOnly, X, y, "hinge", lambda p: nn.SGD(p, lr=0.1), epochs=5)
    assert_same_runs(runs)
    model = FirstFeatureOnly()
    expected = nn.predict_outputs(model, X).tolist()
    assert nn.predict_outputs(model, X, compile=True).tolist() == pytest.approx(expected)


@pytest.mark.parametrize("compile", [False, True])
def test_a_parameter_set_to_none_by_a_callback_is_a_type_error_naming_it_not_a_divergence(compile):
    X, y = moons()
    model = lecture_mlp()

    def spoil(epoch, history):
        if epoch == 1:
            model.parameters()[0].data = None

    with pytest.raises(TypeError, match=r"\.data must be a number, got NoneType None "
                                        r"\(label 'layers\.0\.neurons\.0\.w\.0'\)"):
        nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=0.1), epochs=3, progress=False,
               compile=compile, callbacks=[spoil])
