"""The table of losses: one record per loss, found from a name, a function, a partial or a loss of
one's own, and read by fit, evaluate, predict and the replay, so that a new entry is all a new
loss needs."""

import ast
import dataclasses
import functools
from pathlib import Path

import pytest

import nn
from autograd import Value
from nn.losses import table
from nn.losses.table import LOSSES, TABLE, loss_record, replayed_names
from nn.losses.targets import hinge_label, pair, reduce

ROOT = Path(__file__).resolve().parent.parent


# the records -----------------------------------------------------------------------------------
def test_the_table_holds_one_record_per_loss_in_the_order_of_LOSSES():
    names = ["mse", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "hinge"]
    assert [record.name for record in TABLE] == names
    assert [record.function for record in TABLE] == [getattr(nn, name) for name in names]


def test_the_classification_losses_are_those_with_a_class_decision():
    assert [r.name for r in TABLE if r.classifies] == [
        "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "hinge"]


def test_every_loss_but_binary_cross_entropy_replays_and_it_says_why_not():
    assert replayed_names() == ["mse", "hinge", "cross_entropy", "binary_cross_entropy_with_logits"]
    assert "clamp" in loss_record("binary_cross_entropy").refusal


def test_cross_entropy_needs_one_output_per_class_of_the_targets():
    assert loss_record("cross_entropy").check_targets([0, 2, 1]) == 3
    with pytest.raises(ValueError, match="fit: cross_entropy needs one output per class: y has 3 classes"):
        loss_record("cross_entropy").check_outputs([[0.1, 0.2]], [2], "fit", 3)


def test_a_replay_is_fed_classes_one_hot_and_hinge_labels_as_plus_minus_one():
    assert loss_record("cross_entropy").feed([2, 0], 3).tolist() == [[0, 0, 1], [1, 0, 0]]
    assert loss_record("hinge").feed([0, 1, -1], 1).tolist() == [[-1], [1], [-1]]
    assert loss_record("mse").feed([[0.5, 2.0]], 2).tolist() == [[0.5, 2.0]]


# finding a loss's record -----------------------------------------------------------------------
@pytest.mark.parametrize("name", list(LOSSES))
def test_every_name_finds_the_record_of_its_function(name):
    assert loss_record(name).function is LOSSES[name]


def test_a_function_of_the_table_finds_its_own_record():
    assert loss_record(nn.hinge) is TABLE[-1]


def test_a_partial_finds_its_losss_record_which_calls_the_partial():
    summed = functools.partial(nn.mse, reduction="sum")
    record = loss_record(summed)
    assert (record.name, record.function, record.replays) == ("mse", summed, True)
    assert record.batch_loss([Value(1.0), Value(2.0)], [0.0, 0.0]).data == 5.0  # the sum, not the mean


def test_a_loss_of_ones_own_has_no_classes_and_does_not_replay():
    def l1(outputs, targets):
        return nn.mse(outputs, targets)

    record = loss_record(l1)
    assert (record.name, record.function, record.classifies, record.replays) == ("l1", l1, False, False)
    with pytest.raises(ValueError, match="l1 is not a classification loss"):
        record.predict_classes([Value(1.0)])


def test_a_loss_of_ones_own_checks_neither_outputs_nor_targets():
    record = loss_record(lambda outputs, targets: outputs)
    assert record.check_targets([-7.5, 3.0]) is None
    record.check_outputs([[1.0, 2.0, 3.0]], [0.0], "fit", None)  # three outputs, one target: not refused


def test_a_partial_of_ones_own_loss_is_named_for_the_function_it_wraps():
    def absolute(outputs, targets, scale=1.0):
        return scale * nn.mse(outputs, targets)

    assert loss_record(functools.partial(absolute, scale=2.0)).name == "absolute"


@pytest.mark.parametrize("loss", ["l1", 3, ["mse"]])
def test_what_names_no_loss_is_refused_listing_every_name(loss):
    message = ("get_loss: loss must be one of 'mse', 'binary_cross_entropy', "
               "'binary_cross_entropy_with_logits', 'cross_entropy', 'hinge', 'bce', 'bce_with_logits' "
               "or a function loss(outputs, targets), got ")
    with pytest.raises(ValueError) as caught:
        loss_record(loss)
    assert str(caught.value) == message + repr(loss)


def test_partials_are_unwrapped_in_the_table_alone():
    unwrapping = []
    for path in sorted((ROOT / "nn").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            reads_func = isinstance(node, ast.Attribute) and node.attr == "func"
            gets_func = isinstance(node, ast.Constant) and node.value == "func"
            if reads_func or gets_func:
                unwrapping.append(str(path.relative_to(ROOT)))
    assert unwrapping == ["nn/losses/table.py"]


# a new entry -----------------------------------------------------------------------------------
def squared_hinge(scores, labels, reduction="mean"):
    """relu(1 - y s)^2: the hinge's margin, squared."""
    preds, targets = pair(scores, labels, "squared_hinge")
    return reduce([(1 - hinge_label(y) * s).relu() ** 2 for s, y in zip(preds, targets)], reduction,
                  "squared_hinge")


@pytest.fixture
def with_squared_hinge(monkeypatch):
    """The table with one more entry: squared_hinge, with hinge's classes, checks and feed."""
    entry = dataclasses.replace(loss_record("hinge"), function=squared_hinge, name="squared_hinge")
    monkeypatch.setattr(table, "TABLE", TABLE + (entry,))
    return entry


SAMPLES = [[1.0, 0.5], [2.0, 1.0], [-1.0, -0.5], [-2.0, -1.5], [0.5, 1.5], [-0.5, -2.0]]
LABELS = [1, 1, -1, -1, 1, -1]


def train(loss, compile=False, model=None):
    model = model or nn.MLP(2, [4, 1], random_state=0)
    history = nn.fit(model, SAMPLES, LABELS, loss, nn.SGD(model.parameters(), lr=0.1), epochs=20,
                     progress=False, compile=compile)
    return model, history


def test_a_new_entry_is_found_by_its_name_and_by_its_function(with_squared_hinge):
    assert loss_record("squared_hinge") is with_squared_hinge
    assert loss_record(squared_hinge) is with_squared_hinge


def test_without_its_entry_a_new_loss_is_a_loss_of_ones_own_that_fit_cannot_compile():
    with pytest.raises(ValueError, match="compile=True replays the losses mse, hinge, cross_entropy"):
        train(squared_hinge, compile=True)
    assert "train_accuracy" not in train(squared_hinge)[1]


def test_fit_measures_the_accuracy_of_a_new_entry_by_its_class_decision(with_squared_hinge):
    _, history = train("squared_hinge")
    assert history.train_accuracy[-1] == 1.0


def test_fit_compiles_a_new_entry_with_a_feed_to_the_same_history(with_squared_hinge):
    _, engine = train(squared_hinge)
    _, replay = train(squared_hinge, compile=True)
    assert replay.train_loss == pytest.approx(engine.train_loss, rel=1e-9)


def test_fit_checks_the_outputs_against_the_targets_for_a_new_entry(with_squared_hinge):
    with pytest.raises(ValueError, match="fit: squared_hinge compares each output with one target"):
        train("squared_hinge", model=nn.MLP(2, [4, 2], random_state=0))


def test_predict_and_evaluate_use_a_new_entrys_class_decision(with_squared_hinge):
    model, _ = train("squared_hinge")
    assert nn.predict(model, SAMPLES, "squared_hinge").tolist() == LABELS
    assert nn.evaluate(model, SAMPLES, LABELS, squared_hinge)[1] == 1.0
