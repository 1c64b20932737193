"""Training networks of nn with a compiled step gives what the engine gives, in few groups.

micrograd's moons model (MLP 2-16-16-1, hinge loss + 1e-4 L2) built with nn's fused
neurons, and the same network written the lecture's way with binary ops; a training
loop over mini-batches that feeds inputs and labels.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
from autograd import Value

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ is a folder, not installed
from benchmarks.common import lecture_hinge_loss  # noqa: E402


def moons(n=40, seed=1):
    X, y = nn.make_moons(n, noise=0.1, random_state=seed)
    return X, np.where(y == 1, 1.0, -1.0)


def fused_loss(model, xs, labels):
    scores = [model(x) for x in xs]
    return nn.losses.hinge(scores, labels.tolist()) + 1e-4 * nn.losses.l2_penalty(model.parameters())


def lecture_loss(model, xs, labels):
    """The same network and hinge loss with binary * and +, Python's sum, and .relu()."""
    layers = [[(neuron.w, neuron.b) for neuron in layer.neurons] for layer in model.layers]
    return lecture_hinge_loss(layers, xs, labels.tolist())


def leaves_for(X):
    return [[Value(v) for v in row] for row in X.tolist()]


def engine_gradients(loss, params):
    for p in params:
        p.grad = 0.0
    loss.backward()
    found = [p.grad for p in params]
    for p in params:
        p.grad = 0.0
    return found


@pytest.mark.parametrize("make_loss, groups", [(fused_loss, 11), (lecture_loss, 13)])
def test_the_moons_loss_replays_the_engines_loss_and_gradients_in_a_few_groups(make_loss, groups):
    X, y = moons()
    model = nn.MLP(2, [16, 16, 1], random_state=1)
    xs = leaves_for(X)
    loss = make_loss(model, xs, y)
    params = model.parameters()
    expected = engine_gradients(loss, params)
    compiled = autograd.compile(loss, inputs=[v for row in xs for v in row])

    assert compiled.groups == groups
    assert compiled.forward(X) == pytest.approx(loss.data, rel=1e-14)
    compiled.backward()
    assert [p.grad for p in params] == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_the_lecture_way_loss_replays_bit_for_bit():
    X, y = moons()
    model = nn.MLP(2, [16, 16, 1], random_state=1)
    xs = leaves_for(X)
    loss = lecture_loss(model, xs, y)  # only *, + and relu: every number exact in NumPy too
    assert autograd.compile(loss, inputs=[v for row in xs for v in row]).forward(X) == loss.data


def test_training_with_a_compiled_step_follows_training_with_backward():
    X, y = moons()
    engine_model, compiled_model = (nn.MLP(2, [16, 16, 1], random_state=1) for _ in range(2))
    engine_opt = nn.optim.SGD(engine_model.parameters(), lr=0.1)
    compiled_opt = nn.optim.SGD(compiled_model.parameters(), lr=0.1)
    xs = leaves_for(X)
    compiled = autograd.compile(fused_loss(compiled_model, xs, y), inputs=[v for row in xs for v in row])
    for _ in range(5):
        engine_opt.zero_grad()
        fused_loss(engine_model, leaves_for(X), y).backward()
        engine_opt.step()
        compiled_opt.zero_grad()
        compiled.forward(X)
        compiled.backward()
        compiled_opt.step()
    trained = [p.data for p in compiled_model.parameters()]
    assert trained == pytest.approx([p.data for p in engine_model.parameters()], rel=1e-12, abs=1e-14)


def test_a_mini_batch_loop_feeds_each_batch_and_its_labels():
    X, y = moons(n=60)
    model = nn.MLP(2, [8, 1], random_state=3)
    batch = 20
    xs = leaves_for(np.zeros((batch, 2)))
    labels = [Value(0.0) for _ in range(batch)]  # labels are inputs too: fed, not written in
    scores = [model(x) for x in xs]
    loss = autograd.sum((1 - t * s).relu() for t, s in zip(labels, scores)) / batch
    compiled = autograd.compile(loss, inputs=[v for row in xs for v in row] + labels)
    params = model.parameters()
    where = [compiled.leaves.index(p) for p in params]
    for start in range(0, len(X), batch):
        Xb, yb = X[start:start + batch], y[start:start + batch]
        value = compiled.forward(np.concatenate([Xb.ravel(), yb]))
        grads = compiled.backward(accumulate=False)[where]
        fresh = nn.losses.hinge([model(row) for row in leaves_for(Xb)], yb.tolist())
        assert value == pytest.approx(fresh.data, rel=1e-14)
        assert grads.tolist() == pytest.approx(engine_gradients(fresh, params), rel=1e-12, abs=1e-15)


def test_a_compiled_grid_of_scores_predicts_as_the_model_does():
    model = nn.MLP(2, [16, 16, 1], random_state=1)
    grid = np.stack(np.meshgrid(np.linspace(-2, 2.5, 30), np.linspace(-1.5, 1.5, 20)), -1).reshape(-1, 2)
    xs = leaves_for(np.zeros_like(grid))
    scores = autograd.compile([model(x) for x in xs], inputs=[v for row in xs for v in row])
    expected = [model(row.tolist()).data for row in grid]
    assert scores.forward(grid).tolist() == pytest.approx(expected, rel=1e-13, abs=1e-15)


@pytest.mark.parametrize("own_bias", [False, True], ids=["a bias per weight row", "a bias per node"])
def test_a_grid_of_dots_replays_its_biases_as_the_engine_adds_them(own_bias):
    rng = np.random.default_rng(3)
    weights = [[Value(w) for w in row] for row in rng.normal(size=(3, 4)).tolist()]
    row_biases = [Value(b) for b in rng.normal(size=3).tolist()]
    xs = leaves_for(rng.normal(size=(5, 4)))
    outs = [autograd.dot(w, x, Value(float(i + j)) if own_bias else b, "tanh")
            for i, x in enumerate(xs) for j, (w, b) in enumerate(zip(weights, row_biases))]
    loss = autograd.sum([o * o for o in outs])
    compiled = autograd.compile(loss, inputs=[v for row in xs for v in row])
    assert compiled.forward() == pytest.approx(loss.data, rel=1e-13)
    replayed = compiled.backward(accumulate=False)
    expected = autograd.grad(loss, list(compiled.leaves))
    assert replayed.tolist() == pytest.approx(expected, rel=1e-12, abs=1e-15)
