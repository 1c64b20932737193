"""``fit`` and ``evaluate`` take the targets ``cross_entropy`` takes: a class number, or a row of class
probabilities per sample (label smoothing, a teacher's soft labels), compiled or not. The loss
is the engine's; a sample's class, for accuracy, is the most probable class of its target row."""

import numpy as np
import pytest

import nn
from autograd import no_grad

X, CLASSES = nn.make_spiral(30, 3, random_state=0)
SOFT = np.full((30, 3), 0.05)
SOFT[np.arange(30), CLASSES] = 0.9


def model():
    return nn.MLP(2, [8, 3], random_state=0)


def engine_loss(m, X, Y) -> float:
    with no_grad():
        return nn.cross_entropy(m(X.tolist()), Y.tolist()).data


def engine_accuracy(m, X, Y) -> float:
    return float((nn.predict(m, X) == np.argmax(Y, axis=1)).mean())


@pytest.mark.parametrize("compile", [False, True])
def test_fit_trains_on_class_probabilities_with_the_engines_loss(compile):
    m = model()
    expected = engine_loss(m, X, SOFT), engine_accuracy(m, X, SOFT)
    history = nn.fit(m, X, SOFT, "cross_entropy", nn.SGD(m, lr=0.1), epochs=2, progress=False,
                     compile=compile)
    assert history.train_loss[0] == pytest.approx(expected[0], rel=1e-12)
    assert history.train_accuracy[0] == expected[1]


@pytest.mark.parametrize("compile", [False, True])
def test_validation_on_class_probabilities_is_the_engines_loss(compile):
    m = model()
    history = nn.fit(m, X, SOFT, "cross_entropy", nn.SGD(m, lr=0.1), epochs=1, progress=False,
                     compile=compile, validation_data=(X, SOFT))
    assert history.val_loss[0] == pytest.approx(engine_loss(m, X, SOFT), rel=1e-12)
    assert history.val_accuracy[0] == engine_accuracy(m, X, SOFT)


def test_compiled_and_uncompiled_training_on_class_probabilities_agree():
    runs = []
    for compile in (False, True):
        m = model()
        nn.fit(m, X, SOFT, "cross_entropy", nn.SGD(m, lr=0.1), epochs=3, batch_size=8, random_state=0,
               progress=False, compile=compile)
        runs.append([p.data for p in m.parameters()])
    assert runs[1] == pytest.approx(runs[0], rel=1e-9)


def test_evaluate_gives_the_engines_loss_and_the_argmax_accuracy_of_class_probabilities():
    m = model()
    loss, accuracy = nn.evaluate(m, X, SOFT, "cross_entropy")
    assert loss == pytest.approx(engine_loss(m, X, SOFT), rel=1e-12)
    assert accuracy == engine_accuracy(m, X, SOFT)


def test_one_hot_rows_give_the_same_loss_and_accuracy_as_class_numbers():
    m = model()
    one_hot = np.eye(3)[CLASSES]
    by_number = nn.evaluate(m, X, CLASSES, "cross_entropy")
    assert nn.evaluate(m, X, one_hot, "cross_entropy") == pytest.approx(by_number)


def test_a_row_that_is_no_distribution_is_refused_before_training_naming_the_sample():
    m = model()
    bad = SOFT.copy()
    bad[4] = [0.5, 0.5, 0.5]
    before = [p.data for p in m.parameters()]
    with pytest.raises(ValueError, match=r"class probabilities of sample 4 must add up to 1, got 1.5"):
        nn.fit(m, X, bad, "cross_entropy", nn.SGD(m, lr=0.1), epochs=1, progress=False)
    assert [p.data for p in m.parameters()] == before


@pytest.mark.parametrize("compile", [False, True])
def test_rows_of_bools_are_refused_the_same_way_compiled_or_not(compile):
    m = model()
    before = [p.data for p in m.parameters()]
    with pytest.raises(TypeError, match=r"class probabilities of sample 0 must be numbers, not bools"):
        nn.fit(m, X, np.eye(3, dtype=bool)[CLASSES], "cross_entropy", nn.SGD(m, lr=0.1), epochs=1,
               progress=False, compile=compile)
    assert [p.data for p in m.parameters()] == before


@pytest.mark.parametrize("compile", [False, True])
def test_rows_narrower_than_the_outputs_are_refused_the_same_way_compiled_or_not(compile):
    m = model()
    narrow = np.full((30, 2), 0.5)
    with pytest.raises(ValueError, match=r"the model has 3 outputs, y has 2 class probabilities per sample"):
        nn.fit(m, X, narrow, "cross_entropy", nn.SGD(m, lr=0.1), epochs=1, progress=False, compile=compile)


@pytest.mark.parametrize("compile", [False, True])
def test_a_hinge_label_given_as_a_value_must_hold_plus_or_minus_one_compiled_or_not(compile):
    from autograd import Value
    m = nn.MLP(2, [4, 1], random_state=0)
    labels = [Value(1.0), Value(0.0), Value(1.0)]
    with pytest.raises(ValueError, match=r"a label given as a Value must hold -1 or \+1"):
        nn.fit(m, X[:3], labels, "hinge", nn.SGD(m, lr=0.1), epochs=1, progress=False, compile=compile)
