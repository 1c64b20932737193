"""Dropout and BatchNorm, alone and inside Sequential and MLP."""

import random
import statistics

import pytest

import nn
from autograd import Value, gradcheck


def _columns(rows):
    return [[v.data for v in column] for column in zip(*rows)]


# spreads large enough that eps = 1e-5 moves the normalised variance by less than 1e-6
BATCH = [[10.0, 20.0, -30.0], [40.0, 10.0, 50.0], [-20.0, 40.0, 5.0], [70.0, 0.0, 20.0]]


# Dropout -----------------------------------------------------------------------------------
def test_dropout_is_the_identity_in_eval():
    x = [Value(1.5), Value(-2.0), Value(3.0)]
    assert nn.Dropout(0.5).eval()(x) is x


def test_dropout_zeroes_or_scales_by_one_over_keep_probability():
    out = nn.Dropout(0.25, random_state=0)([Value(2.0)] * 1000)
    assert {v.data for v in out} == {0.0, 2.0 / 0.75}


def test_dropout_preserves_the_mean_over_many_draws():
    out = nn.Dropout(0.3, random_state=1)([1.0] * 20000)
    assert statistics.fmean(out) == pytest.approx(1.0, abs=0.02)
    assert out.count(0.0) / 20000 == pytest.approx(0.3, abs=0.01)


def test_dropout_with_the_same_seed_drops_the_same_inputs():
    first = nn.Dropout(0.5, random_state=3)([1.0] * 50)
    second = nn.Dropout(0.5, random_state=3)([1.0] * 50)
    assert first == second and 0.0 in first


def test_dropout_without_a_random_state_draws_from_the_global_random_module():
    dropout = nn.Dropout(0.5)
    random.seed(3)
    first = dropout([1.0] * 50)
    random.seed(3)
    assert dropout([1.0] * 50) == first and 0.0 in first


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_dropout_probability_outside_zero_to_one_is_rejected(p):
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        nn.Dropout(p)


def test_dropout_passes_gradients_scaled_to_kept_inputs():
    x = [Value(1.0) for _ in range(20)]
    out = nn.Dropout(0.5, random_state=2)(x)
    sum(out).backward()
    assert {v.grad for v in x} == {0.0, 2.0}


# BatchNorm ------------------------------------------------------------------------------------
def test_batchnorm_gives_each_feature_zero_mean_and_unit_variance_in_training():
    out = nn.BatchNorm(3)(BATCH)
    for column in _columns(out):
        assert statistics.fmean(column) == pytest.approx(0.0, abs=1e-6)
        assert statistics.pvariance(column) == pytest.approx(1.0, abs=1e-6)


def test_batchnorm_applies_gamma_and_beta_after_normalising():
    bn = nn.BatchNorm(3)
    bn.gamma[0].data, bn.beta[0].data = 3.0, -1.0
    column = _columns(bn(BATCH))[0]
    assert statistics.fmean(column) == pytest.approx(-1.0)
    assert statistics.pstdev(column) == pytest.approx(3.0, rel=1e-5)


def test_batchnorm_updates_running_statistics_with_momentum():
    bn = nn.BatchNorm(3, momentum=0.1)
    bn(BATCH)
    first = [row[0] for row in BATCH]
    assert bn.running_mean[0] == pytest.approx(0.9 * 0.0 + 0.1 * statistics.fmean(first))
    assert bn.running_var[0] == pytest.approx(0.9 * 1.0 + 0.1 * statistics.variance(first))


def test_batchnorm_uses_running_statistics_in_eval():
    bn = nn.BatchNorm(3, momentum=1.0)
    bn(BATCH)
    bn.eval()
    out = bn(BATCH)
    mean, var = statistics.fmean(r[1] for r in BATCH), statistics.variance(r[1] for r in BATCH)
    assert [row[1].data for row in out] == pytest.approx([(r[1] - mean) / (var + 1e-5) ** 0.5 for r in BATCH])


def test_batchnorm_eval_normalises_a_single_sample():
    bn = nn.BatchNorm(2).eval()
    bn.running_mean[:] = [1.0, -1.0]
    bn.running_var[:] = [4.0, 1.0]
    out = bn([3.0, -1.0])
    assert [v.data for v in out] == pytest.approx([2.0 / (4.0 + 1e-5) ** 0.5, 0.0])


def test_batchnorm_eval_leaves_running_statistics_alone():
    bn = nn.BatchNorm(3).eval()
    bn(BATCH)
    assert bn.running_mean == [0.0] * 3 and bn.running_var == [1.0] * 3


def test_batchnorm_refuses_a_single_sample_in_training():
    with pytest.raises(ValueError, match="BatchNorm: the input in training mode must be a batch"):
        nn.BatchNorm(3)([1.0, 2.0, 3.0])


def test_batchnorm_refuses_a_batch_of_one_in_training():
    with pytest.raises(ValueError, match="BatchNorm: a training batch must have at least 2 samples, got 1"):
        nn.BatchNorm(3)([[1.0, 2.0, 3.0]])


def test_batchnorm_checks_the_number_of_features():
    with pytest.raises(ValueError, match="BatchNorm: a sample must have 3 inputs, got 2"):
        nn.BatchNorm(3)([[1.0, 2.0], [3.0, 4.0]])


def test_batchnorm_gradients_through_batch_statistics_match_finite_differences():
    bn = nn.BatchNorm(1)
    weights = [0.3, -1.2, 0.8, 2.0]

    def loss(*xs):
        out = bn([[x] for x in xs])
        return sum(w * row[0] * row[0] * row[0] for w, row in zip(weights, out))

    assert gradcheck(loss, [0.5, -1.0, 2.0, 0.1], rtol=1e-4)


def test_batchnorm_has_gamma_and_beta_as_parameters():
    names = [name for name, _ in nn.BatchNorm(2).named_parameters()]
    assert names == ["gamma.0", "gamma.1", "beta.0", "beta.1"]


# in models ------------------------------------------------------------------------------------
def test_sequential_passes_a_batch_through_batchnorm_as_a_whole():
    seq = nn.Sequential(nn.Layer(3, 2, activation="linear", random_state=0), nn.BatchNorm(2))
    out = seq(BATCH)
    for column in _columns(out):
        assert statistics.fmean(column) == pytest.approx(0.0, abs=1e-9)


def test_sequential_with_dropout_is_deterministic_in_eval():
    seq = nn.Sequential(nn.Layer(2, 8, random_state=0), nn.Dropout(0.5), nn.Layer(8, 1, activation="linear"))
    seq.eval()
    assert seq([0.2, 0.4]).data == seq([0.2, 0.4]).data


def test_mlp_with_batch_norm_normalises_before_each_hidden_activation():
    model = nn.MLP(2, [4, 4, 1], activation="sigmoid", batch_norm=True, random_state=0)
    kinds = [type(m).__name__ for m in model.layers]
    assert kinds == ["Layer", "BatchNorm", "Activation", "Layer", "BatchNorm", "Activation", "Layer"]
    assert [m.activation for m in model.layers if isinstance(m, nn.Layer)] == ["linear", "linear", "linear"]
    # (2*4 + 4) + 2*4 + (4*4 + 4) + 2*4 + (4 + 1)
    assert repr(model) == "MLP(2 -> [4 sigmoid+bn, 4 sigmoid+bn, 1 linear], 53 parameters)"


def test_mlp_with_batch_norm_trains_on_batches_and_predicts_single_samples_in_eval():
    model = nn.MLP(2, [4, 1], activation="sigmoid", batch_norm=True, random_state=0)
    outputs = model([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
    nn.mse(outputs, [1.0, 0.0, 1.0]).backward()
    assert all(v.grad != 0.0 for v in model.layers[1].beta)
    assert isinstance(model.eval()([0.0, 1.0]), Value)
