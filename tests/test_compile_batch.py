"""autograd.compile(..., batch=n, shared=...): one sample's graph replayed for a batch, as if built n times.

Every number is compared with the engine run sample by sample on the same Values: a batch
replay must give what n separate graphs give, and a shared leaf's gradient is the sum of
its gradients over the samples.
"""

import numpy as np
import pytest

import autograd
from autograd import Value
from autograd.replay import StructureError
from autograd.replay.compile import compile_with_loss

X = np.array([[0.5, -1.0], [2.0, 0.25], [-1.5, 3.0], [0.0, 0.75]])


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-12)


def neuron_and_leaves():
    """tanh(w1 x1 + w2 x2 + b) and (w1 x1)^2 on one sample's leaves x; the parameters w1, w2, b."""
    w1, w2, b = Value(-0.7, label="w1"), Value(0.4, label="w2"), Value(0.1, label="b")
    x = [Value(0.0, label="x1"), Value(0.0, label="x2")]

    def outputs(x):
        return [(w1 * x[0] + w2 * x[1] + b).tanh(), (w1 * x[0]) ** 2]

    return outputs, x, [w1, w2, b]


def engine_per_sample(outputs, params, seeds):
    """The outputs on every row of X and the parameters' gradients of sum_i seeds[i] . outputs(X[i]),
    by the engine, one graph per sample."""
    for p in params:
        p.grad = 0.0
    numbers = []
    for row, seed in zip(X.tolist(), seeds):
        outs = outputs([Value(v) for v in row])
        numbers.append([o.data for o in outs])
        total = sum((o * s for o, s in zip(outs, seed)), Value(0.0))
        total.backward()
    return np.array(numbers), [p.grad for p in params]


def test_a_batch_replay_gives_every_samples_outputs_as_separate_graphs_would():
    outputs, x, params = neuron_and_leaves()
    step = autograd.compile(outputs(x), inputs=x, batch=len(X))
    expected, _ = engine_per_sample(outputs, params, np.ones((len(X), 2)))
    assert step.forward(X).ravel().tolist() == approx(expected.ravel().tolist())


def test_one_output_gives_one_number_per_sample():
    outputs, x, params = neuron_and_leaves()
    step = autograd.compile(outputs(x)[0], inputs=x, batch=len(X))
    expected, _ = engine_per_sample(outputs, params, np.ones((len(X), 2)))
    assert step.forward(X).shape == (len(X),)
    assert step.forward(X).tolist() == approx(expected[:, 0].tolist())


def test_a_shared_leafs_gradient_is_the_sum_over_the_samples():
    outputs, x, params = neuron_and_leaves()
    step = autograd.compile(outputs(x), inputs=x, batch=len(X))
    seeds = np.array([[1.0, 0.5], [-2.0, 1.0], [0.25, 0.0], [3.0, -1.0]])
    _, expected = engine_per_sample(outputs, params, seeds)
    for p in params:
        p.grad = 0.0
    step.forward(X)
    grads = step.backward(seeds)
    assert grads[2 * len(X):].tolist() == approx(expected)  # the other leaves, after the samples' inputs
    assert [p.grad for p in params] == approx(expected)  # added into .grad, as backward() adds them


def test_each_samples_input_gradients_are_its_own():
    outputs, x, params = neuron_and_leaves()
    step = autograd.compile(outputs(x)[0], inputs=x, batch=len(X))
    step.forward(X)
    grads = step.backward(1.0, accumulate=False)[:2 * len(X)].reshape(len(X), 2)
    for row, found in zip(X.tolist(), grads.tolist()):
        leaves = [Value(v) for v in row]
        outputs(leaves)[0].backward()
        assert found == approx([v.grad for v in leaves])


def test_shared_inputs_are_fed_once_after_the_samples_numbers():
    outputs, x, params = neuron_and_leaves()
    step = autograd.compile(outputs(x), inputs=x, batch=len(X), shared=params)
    moved = [0.3, -0.2, 0.6]
    found = step.forward(np.concatenate([X.ravel(), moved]))
    for p, number in zip(params, moved):
        p.data = number
    expected, grads = engine_per_sample(outputs, params, np.ones((len(X), 2)))
    assert found.shape == (len(X), 2)
    assert found.ravel().tolist() == approx(expected.ravel().tolist())
    assert step.backward(1.0)[2 * len(X):].tolist() == approx(grads)  # fed: in the array, not in .grad


def test_a_batch_replay_is_refused_without_a_feed():
    outputs, x, _ = neuron_and_leaves()
    step = autograd.compile(outputs(x), inputs=x, batch=3)
    with pytest.raises(ValueError, match="forward needs a feed: the numbers of 3 samples"):
        step.forward()


def test_a_feed_for_another_number_of_samples_is_refused_naming_both_counts():
    outputs, x, _ = neuron_and_leaves()
    step = autograd.compile(outputs(x), inputs=x, batch=3)
    with pytest.raises(ValueError, match="feed has 8 numbers, but the graph was compiled with 6 inputs"):
        step.forward(X)


def test_a_seed_of_the_wrong_shape_is_refused_naming_the_shape_forward_returns():
    outputs, x, _ = neuron_and_leaves()
    step = autograd.compile(outputs(x), inputs=x, batch=len(X))
    step.forward(X)
    with pytest.raises(ValueError, match=r"an array of shape \(4, 2\), as forward returns, got shape \(3,\)"):
        step.backward([1.0, 2.0, 3.0])


def test_sync_is_refused_for_a_batch_whose_samples_have_no_values_of_their_own():
    outputs, x, _ = neuron_and_leaves()
    step = autograd.compile(outputs(x), inputs=x, batch=len(X))
    step.forward(X)
    with pytest.raises(RuntimeError, match="sync cannot write a batch of 4 samples into one sample's Values"):
        step.sync()


@pytest.mark.parametrize("batch, error, message", [
    (0, ValueError, "batch must be at least 1 sample, got 0"),
    (True, TypeError, "batch must be a whole number of samples, got True"),
    (2.5, TypeError, "batch must be a whole number of samples, got 2.5"),
])
def test_a_batch_that_is_not_a_count_of_samples_is_refused(batch, error, message):
    outputs, x, _ = neuron_and_leaves()
    with pytest.raises(error, match=message):
        autograd.compile(outputs(x), inputs=x, batch=batch)


def test_a_numpy_integer_is_a_batch_size():
    outputs, x, _ = neuron_and_leaves()
    assert autograd.compile(outputs(x), inputs=x, batch=np.int64(4)).batch == 4


def test_shared_inputs_without_a_batch_are_refused():
    outputs, x, params = neuron_and_leaves()
    with pytest.raises(ValueError, match="shared inputs are fed once for a batch's samples; give batch=n"):
        autograd.compile(outputs(x), inputs=x, shared=params)


def test_a_leaf_both_an_input_and_shared_is_refused():
    outputs, x, params = neuron_and_leaves()
    with pytest.raises(ValueError, match=r"shared\[0\] is listed twice"):
        autograd.compile(outputs(x), inputs=x, batch=2, shared=[x[0]])


def test_a_shared_input_that_is_not_a_leaf_is_refused_naming_its_op():
    outputs, x, params = neuron_and_leaves()
    with pytest.raises(ValueError, match=r"shared\[0\] is the result of '\*', not a leaf"):
        autograd.compile(outputs(x), inputs=x, batch=2, shared=[params[0] * 2])


def test_an_overflow_in_one_sample_raises_the_engines_error_naming_the_op():
    w = Value(1.0)
    x = [Value(0.0)]
    step = autograd.compile((w * x[0]).exp(), inputs=x, batch=3)
    with pytest.raises(OverflowError, match=r"^exp: the result \(inf\) is too large for a float"):
        step.forward([1.0, 800.0, 2.0])


def test_a_graph_built_again_for_one_sample_checks_against_the_batch_compiled():
    outputs, x, params = neuron_and_leaves()
    step = autograd.compile(outputs(x), inputs=x, batch=len(X))
    again = [Value(1.0), Value(2.0)]
    step.check(outputs(again), again)
    other = [Value(1.0), Value(2.0)]
    with pytest.raises(StructureError):
        step.check([outputs(other)[1], outputs(other)[0]], other)


def test_describe_and_repr_count_the_batchs_nodes():
    outputs, x, params = neuron_and_leaves()
    step = autograd.compile(outputs(x), inputs=x, batch=len(X), shared=params)
    assert repr(step).startswith("Compiled(")
    assert "4 samples of 2 inputs and 3 shared" in repr(step)
    single = autograd.compile(outputs(x), inputs=x)
    assert step.nodes == len(X) * single.nodes


# a loss over the batch -------------------------------------------------------------------------
def squared_error_setup():
    """A neuron per sample, a mean squared error over the batch and an L2 term on the parameters."""
    outputs, x, params = neuron_and_leaves()
    targets = [0.5, -0.25, 0.75, 0.0]

    def loss(outs, ys):
        data = sum(((o - y) ** 2 for o, y in zip(outs, ys)), Value(0.0)) / len(outs)
        return [data + 0.01 * sum((p * p for p in params), Value(0.0)), data]

    return outputs, x, params, targets, loss


def test_a_loss_over_the_batch_gives_the_engines_loss_and_gradients():
    outputs, x, params, targets, loss = squared_error_setup()
    one = [outputs(x)[0]]
    stand_ins = [Value(0.0) for _ in X]
    ys = [Value(0.0) for _ in X]
    step = compile_with_loss(one, x, len(X), params, loss(stand_ins, ys), stand_ins, ys)
    found = step.forward(np.concatenate([X.ravel(), [p.data for p in params], targets]))
    grads = step.backward([1.0] + [0.0] * (len(found) - 1), accumulate=False)
    engine_outs = [outputs([Value(v) for v in row])[0] for row in X.tolist()]
    total, data = loss(engine_outs, targets)
    for p in params:
        p.grad = 0.0
    total.backward()
    assert found.tolist() == approx([total.data, data.data] + [o.data for o in engine_outs])
    fed_params = slice(2 * len(X), 2 * len(X) + len(params))
    assert grads[fed_params].tolist() == approx([p.grad for p in params])


def test_a_loss_needs_one_stand_in_per_sample_and_output():
    outputs, x, params, targets, loss = squared_error_setup()
    stand_ins = [Value(0.0) for _ in range(3)]
    with pytest.raises(ValueError, match="3 stand-ins for 4 samples of 1 outputs"):
        compile_with_loss([outputs(x)[0]], x, len(X), params, loss(stand_ins, targets[:3]), stand_ins)


def test_a_joined_graph_has_no_one_recorded_graph_to_check_against():
    outputs, x, params, targets, loss = squared_error_setup()
    stand_ins = [Value(0.0) for _ in X]
    step = compile_with_loss([outputs(x)[0]], x, len(X), params, loss(stand_ins, targets), stand_ins)
    with pytest.raises(StructureError, match="joined from a batch's graph and a loss's"):
        step.check([outputs(x)[0]], x)
