"""Losses, softmax, penalties and class predictions: values, gradients, stability, errors."""

import functools
import math
import subprocess
import sys

import numpy as np
import pytest

import nn
from autograd import Value, gradcheck


def _grads(loss_fn, values):
    leaves = [Value(x) for x in values]
    loss = loss_fn(leaves)
    loss.backward()
    return loss, [v.grad for v in leaves]


# values -----------------------------------------------------------------------------------
def test_mse_is_the_mean_of_squared_errors():
    assert nn.mse([Value(1.0), Value(2.0)], [0.0, 4.0]).data == 2.5


def test_mse_reductions_sum_and_none():
    assert nn.mse([1.0, 2.0], [0.0, 4.0], reduction="sum").data == 5.0
    assert [t.data for t in nn.mse([1.0, 2.0], [0.0, 4.0], reduction="none")] == [1.0, 4.0]


def test_mse_of_one_prediction():
    assert nn.mse(Value(3.0), 1.0).data == 4.0


def test_mse_flattens_a_batch_of_multi_output_samples():
    assert nn.mse([[1.0, 2.0], [3.0, 4.0]], np.array([[1.0, 2.0], [3.0, 6.0]])).data == 1.0


def test_binary_cross_entropy_by_hand():
    expected = (-math.log(0.8) - math.log(1 - 0.4)) / 2
    assert nn.binary_cross_entropy([Value(0.8), Value(0.4)], [1, 0]).data == pytest.approx(expected)


def test_binary_cross_entropy_clamps_certain_wrong_answers_to_a_finite_loss():
    loss = nn.binary_cross_entropy([Value(0.0), Value(1.0)], [1, 0])
    assert loss.data == pytest.approx(-math.log(1e-7))


def test_binary_cross_entropy_keeps_the_gradient_of_a_confidently_wrong_sigmoid():
    z = Value(17.0)  # sigmoid(17) = 1 - 4e-8, beyond the clamp at 1 - 1e-7
    loss = nn.binary_cross_entropy(z.sigmoid(), 0)
    loss.backward()
    assert math.isfinite(loss.data)
    assert 0.1 < z.grad < 1.0  # d/dz = p(1 - p) / (1 - q) with q = 1 - 1e-7: about 0.41


def test_binary_cross_entropy_at_exactly_0_and_1_is_finite_with_a_finite_nonzero_gradient():
    p = [Value(0.0), Value(1.0)]
    loss = nn.binary_cross_entropy(p, [1, 0])
    loss.backward()
    assert math.isfinite(loss.data)
    assert [v.grad for v in p] == pytest.approx([-0.5e7, 0.5e7], rel=1e-6)  # (1/2) * -+1/1e-7


def test_binary_cross_entropy_with_logits_by_hand():
    # softplus(0) - 0 = log 2; softplus(2) - 0 = log(1 + e^2)
    expected = (math.log(2) + math.log(1 + math.e**2)) / 2
    loss = nn.binary_cross_entropy_with_logits([Value(0.0), Value(2.0)], [1, 0])
    assert loss.data == pytest.approx(expected)


def test_binary_cross_entropy_with_logits_equals_bce_of_the_sigmoid():
    z = [-3.0, -0.5, 0.0, 0.7, 4.0]
    y = [1, 0, 1, 0, 1]
    with_logits = nn.binary_cross_entropy_with_logits(z, y).data
    on_probs = nn.binary_cross_entropy([Value(x).sigmoid() for x in z], y).data
    assert with_logits == pytest.approx(on_probs)


def test_cross_entropy_by_hand():
    expected = math.log(math.e + math.e**2 + math.e**3) - 3
    assert nn.cross_entropy([Value(1.0), Value(2.0), Value(3.0)], 2).data == pytest.approx(expected)


def test_cross_entropy_of_a_batch_is_the_mean_of_its_samples():
    rows = [[1.0, 2.0, 3.0], [0.5, -0.5, 0.0]]
    each = [nn.cross_entropy(row, c).data for row, c in zip(rows, [0, 2])]
    assert nn.cross_entropy(rows, np.array([0, 2])).data == pytest.approx(sum(each) / 2)


def test_cross_entropy_accepts_whole_float_class_labels():
    assert nn.cross_entropy([1.0, 2.0], 1.0).data == nn.cross_entropy([1.0, 2.0], 1).data


def test_hinge_with_plus_minus_one_labels():
    # relu(1 - 0.5) + relu(1 + 2) + relu(1 + 3) = 0.5 + 3 + 4
    assert nn.hinge([Value(0.5), Value(-2.0), Value(3.0)], [1, 1, -1]).data == pytest.approx(7.5 / 3)


def test_hinge_with_zero_one_labels_treats_zero_as_minus_one():
    scores = [Value(0.5), Value(-2.0), Value(3.0)]
    assert nn.hinge(scores, [1, 1, 0]).data == nn.hinge(scores, [1, 1, -1]).data


def test_hinge_costs_nothing_beyond_the_margin():
    assert nn.hinge([Value(1.5), Value(-1.0)], [1, -1]).data == 0.0


def test_hinge_rejects_other_labels():
    with pytest.raises(ValueError, match="labels must be -1/\\+1 or 0/1, got 2"):
        nn.hinge([Value(0.5)], [2])


def test_softmax_by_hand():
    probs = nn.softmax([Value(0.0), Value(math.log(3.0))])
    assert [p.data for p in probs] == pytest.approx([0.25, 0.75])


def test_softmax_sums_to_one_and_is_finite_for_huge_logits():
    probs = nn.softmax([Value(1000.0), Value(-1000.0), Value(999.0)])
    assert sum(p.data for p in probs) == pytest.approx(1.0)
    assert all(math.isfinite(p.data) for p in probs)
    probs[0].backward()


def test_softmax_of_a_batch_gives_one_distribution_per_sample():
    rows = nn.softmax([[1.0, 2.0], [3.0, 3.0]])
    assert [p.data for p in rows[1]] == [0.5, 0.5]


def test_l1_and_l2_penalties_by_hand():
    params = [Value(1.0), Value(-2.0), Value(3.0)]
    assert nn.l1_penalty(params).data == 6.0
    assert nn.l2_penalty(params).data == 14.0


def test_l1_penalty_takes_a_module_and_makes_one_sum_node():
    model = nn.MLP(2, [3, 1], random_state=0)
    penalty = nn.l1_penalty(model)
    assert penalty.op == "sum" and len(penalty.inputs) == model.num_parameters()


def test_l2_penalty_is_one_dot_node_of_the_parameters_with_themselves():
    model = nn.MLP(2, [3, 1], random_state=0)
    penalty = nn.l2_penalty(model)
    assert penalty.op == "dot" and len(penalty.inputs) == 2 * model.num_parameters()
    assert penalty.data == pytest.approx(sum(p.data ** 2 for p in model.parameters()))


# gradients ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "loss, point",
    [
        (lambda *p: nn.mse(list(p), [0.5, -1.0, 2.0]), [1.0, 0.3, -0.7]),
        (lambda *p: nn.binary_cross_entropy(list(p), [1, 0, 0.3]), [0.8, 0.35, 0.6]),
        (lambda *z: nn.binary_cross_entropy_with_logits(list(z), [1, 0, 1]), [0.0, 1.7, -2.4]),
        (lambda *z: nn.cross_entropy([list(z[:3]), list(z[3:])], [2, 0]), [0.1, -1.0, 2.0, 0.5, 0.5, -3.0]),
        (lambda *s: nn.hinge(list(s), [1, 0, -1]), [0.4, 0.2, -2.0]),
        (lambda *z: nn.softmax(list(z))[1], [0.3, -0.2, 1.1]),
        (lambda *w: nn.l1_penalty(w) + nn.l2_penalty(w), [0.4, -1.3, 2.2]),
    ],
    ids=["mse", "bce", "bce_with_logits", "cross_entropy", "hinge", "softmax", "penalties"],
)
def test_gradients_match_finite_differences(loss, point):
    assert gradcheck(loss, point)


def test_bce_with_logits_gradient_is_sigmoid_minus_target():
    z = [-2.0, 0.0, 3.0]
    _, grads = _grads(lambda v: nn.binary_cross_entropy_with_logits(v, [1, 1, 0], reduction="sum"), z)
    assert grads == pytest.approx([1 / (1 + math.exp(-x)) - y for x, y in zip(z, [1, 1, 0])])


# stability ---------------------------------------------------------------------------------
def test_cross_entropy_is_finite_for_logits_of_plus_minus_1000():
    loss, grads = _grads(lambda v: nn.cross_entropy(v, 1), [1000.0, -1000.0, 0.0])
    assert loss.data == pytest.approx(2000.0)
    assert grads == pytest.approx([1.0, -1.0, 0.0])


@pytest.mark.parametrize("z, y, value, grad", [(1000.0, 1, 0.0, 0.0), (-1000.0, 1, 1000.0, -1.0),
                                               (1000.0, 0, 1000.0, 1.0), (-1000.0, 0, 0.0, 0.0)])
def test_bce_with_logits_is_finite_for_logits_of_plus_minus_1000(z, y, value, grad):
    loss, grads = _grads(lambda v: nn.binary_cross_entropy_with_logits(v, [y]), [z])
    assert loss.data == pytest.approx(value) and grads == pytest.approx([grad])


# errors -------------------------------------------------------------------------------------
ELEMENTWISE = [nn.mse, nn.binary_cross_entropy, nn.binary_cross_entropy_with_logits, nn.hinge]


@pytest.mark.parametrize("loss", ELEMENTWISE)
def test_length_mismatch_names_both_lengths(loss):
    with pytest.raises(ValueError, match=r"targets must be one per prediction \(3 predictions\), got 2"):
        loss([Value(0.5)] * 3, [1, 0])


def test_cross_entropy_batch_length_mismatch_names_both_lengths():
    message = r"cross_entropy: targets must be one per sample of logits \(2 samples\), got 3 targets"
    with pytest.raises(ValueError, match=message):
        nn.cross_entropy([[1.0, 2.0], [0.0, 1.0]], [0, 1, 1])


def test_cross_entropy_rejects_a_class_out_of_range():
    message = r"cross_entropy: the class of sample 0 must be in 0 .. 2 \(one per logit\), got 3"
    with pytest.raises(ValueError, match=message):
        nn.cross_entropy([1.0, 2.0, 3.0], 3)


def test_unknown_reduction_is_rejected():
    with pytest.raises(ValueError, match="reduction must be 'mean', 'sum' or 'none', got 'avg'"):
        nn.mse([1.0], [1.0], reduction="avg")


# class predictions ---------------------------------------------------------------------------
def test_predict_classes_for_each_classification_loss():
    scores = [Value(0.7), Value(-0.2), Value(0.0)]
    assert nn.predict_classes(scores, nn.hinge) == [1, -1, -1]
    assert nn.predict_classes(scores, nn.binary_cross_entropy_with_logits) == [1, 0, 1]
    assert nn.predict_classes([0.9, 0.2, 0.5], nn.binary_cross_entropy) == [1, 0, 1]
    assert nn.predict_classes([[0.1, 2.0, -1.0], [3.0, 0.0, 0.0]], nn.cross_entropy) == [1, 0]


def test_predict_classes_of_one_cross_entropy_sample():
    assert nn.predict_classes([Value(0.1), Value(-2.0), Value(4.0)], nn.cross_entropy) == [2]


def test_accuracy_of_hinge_with_zero_one_targets():
    scores = [Value(0.7), Value(-0.2), Value(0.3)]
    assert nn.accuracy(scores, [1, 0, 0], nn.hinge) == pytest.approx(2 / 3)
    assert nn.accuracy(scores, np.array([1, -1, -1]), nn.hinge) == pytest.approx(2 / 3)


def test_accuracy_works_through_functools_partial():
    loss = functools.partial(nn.cross_entropy, reduction="sum")
    assert nn.accuracy([[0.0, 1.0], [1.0, 0.0]], [1, 1], loss) == 0.5


def test_regression_loss_has_no_class_predictions():
    assert not nn.losses.table.loss_record(nn.mse).classifies
    with pytest.raises(ValueError, match="mse is not a classification loss"):
        nn.predict_classes([Value(1.0)], nn.mse)


def test_a_loss_may_be_named():
    assert nn.get_loss("cross_entropy") is nn.cross_entropy
    assert nn.accuracy([Value(0.7), Value(-0.2)], [1, 1], "hinge") == 0.5


def test_unknown_loss_name_lists_the_known_ones():
    message = "get_loss: loss must be one of 'mse', 'binary_cross_entropy', .*got 'l1'"
    with pytest.raises(ValueError, match=message):
        nn.get_loss("l1")


def test_losses_module_is_an_attribute_of_nn_after_a_plain_import():
    code = "import nn; print(nn.losses.cross_entropy.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "cross_entropy"


def test_short_names_of_the_binary_cross_entropies():
    assert nn.get_loss("bce") is nn.binary_cross_entropy
    assert nn.get_loss("bce_with_logits") is nn.binary_cross_entropy_with_logits


# refusals ------------------------------------------------------------------------------------
def test_binary_cross_entropy_refuses_a_raw_output_pointing_to_the_logits_loss():
    message = (r"binary_cross_entropy: prediction 0 is 3000000000.0, outside \[0, 1\]: this loss wants "
               r"probabilities in \[0, 1\]; use binary_cross_entropy_with_logits for raw outputs")
    with pytest.raises(ValueError, match=message):
        nn.binary_cross_entropy(Value(3e9), 0)


def test_binary_cross_entropy_refuses_a_probability_above_one_naming_it():
    with pytest.raises(ValueError, match=r"prediction 1 is 1.5, outside \[0, 1\]"):
        nn.binary_cross_entropy([Value(0.5), Value(1.5)], [1, 1])


def test_binary_cross_entropy_with_logits_refuses_a_target_outside_zero_one_naming_it():
    message = r"binary_cross_entropy_with_logits: target 0 must be in \[0, 1\].*got 2"
    with pytest.raises(ValueError, match=message):
        nn.binary_cross_entropy_with_logits([Value(3.0)], [2])


def test_binary_cross_entropy_refuses_a_negative_target_pointing_to_hinge_for_minus_one_labels():
    message = r"binary_cross_entropy: target 1 must be in \[0, 1\].*got -1.*use hinge"
    with pytest.raises(ValueError, match=message):
        nn.binary_cross_entropy([Value(0.5), Value(0.5)], [1, -1])


def test_mse_refuses_a_nan_target_naming_it():
    with pytest.raises(ValueError, match=r"mse: target 1 must be finite, got nan"):
        nn.mse([Value(1.0), Value(2.0)], [0.0, math.nan])


def test_a_target_that_is_not_a_number_is_a_type_error_naming_it():
    with pytest.raises(TypeError, match=r"hinge: target 0 must be a number, got '1' \(str\)"):
        nn.hinge([Value(1.0)], ["1"])


def test_softmax_of_no_scores_says_it_needs_at_least_one():
    with pytest.raises(ValueError, match="softmax: logits must hold at least one score, got an empty list"):
        nn.softmax([])


def test_binary_accuracy_reads_a_probability_of_exactly_one_half_as_class_1():
    assert nn.losses.accuracy([Value(0.5), Value(0.4999)], [1, 0], "binary_cross_entropy") == 1.0


def test_cross_entropy_with_class_probabilities_by_hand():
    z = [Value(0.0), Value(math.log(3.0))]
    loss = nn.cross_entropy(z, [0.5, 0.5])  # log 4 - (0 + log 3) / 2
    loss.backward()
    assert loss.data == pytest.approx(math.log(4.0) - math.log(3.0) / 2, rel=1e-15)
    assert [v.grad for v in z] == pytest.approx([0.25 - 0.5, 0.75 - 0.5], rel=1e-14)  # softmax - p


def test_cross_entropy_with_one_hot_probabilities_equals_the_class_index_bit_for_bit():
    logits = [[0.3, -1.2, 2.5], [1.0, 1.0, -4.0]]
    by_index = nn.cross_entropy(logits, [2, 0])
    one_hot = nn.cross_entropy(logits, [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    assert one_hot.data == by_index.data


def test_cross_entropy_takes_class_probabilities_as_values_fed_later():
    p = [Value(0.0), Value(1.0)]
    loss = nn.cross_entropy([Value(2.0), Value(-1.0)], p)
    assert loss.data == pytest.approx(math.log(math.exp(2.0) + math.exp(-1.0)) + 1.0, rel=1e-15)
    loss.backward()  # the probabilities stay in the graph (to be fed anew): d loss / d p_j = -z_j
    assert [v.grad for v in p] == [-2.0, 1.0]


@pytest.mark.parametrize("target, message", [
    ([0.5, 0.2], "must add up to 1, got 0.7"),
    ([1.5, -0.5], r"must be numbers in \[0, 1\]"),
    ([1.0, 0.0, 0.0], r"must be one per logit \(2\), got 3"),
])
def test_cross_entropy_refuses_bad_class_probabilities_naming_the_sample(target, message):
    with pytest.raises(ValueError, match="cross_entropy: the class probabilities of sample 0 " + message):
        nn.cross_entropy([[Value(1.0), Value(2.0)]], [target])


def test_hinge_uses_a_label_given_as_a_value_as_it_is():
    y = Value(-1.0)
    loss = nn.hinge([Value(0.5)], [y])
    assert loss.data == 1.5
    message = r"hinge: a label given as a Value must hold -1 or \+1 \(it is used as it is\), got 0.0"
    with pytest.raises(ValueError, match=message):
        nn.hinge([Value(0.5)], [Value(0.0)])


def test_cross_entropy_takes_numpy_rows_of_class_probabilities():
    rows = [np.array([0.25, 0.75]), np.array([1.0, 0.0])]
    assert nn.cross_entropy([[1.0, 2.0], [0.5, -0.5]], rows).data == \
        nn.cross_entropy([[1.0, 2.0], [0.5, -0.5]], [r.tolist() for r in rows]).data


def test_a_class_given_as_a_value_says_how_to_give_it():
    with pytest.raises(ValueError, match="a class target must be a whole number, got Value.*as a list of "
                       r"class probabilities \(one-hot\)"):
        nn.cross_entropy([1.0, 2.0], Value(1.0))


def test_cross_entropy_of_a_sample_without_logits_names_it():
    message = "cross_entropy: the logits of sample 0 must hold at least one, got none"
    with pytest.raises(ValueError, match=message):
        nn.cross_entropy([], 0)


def test_a_length_mismatch_of_one_reads_in_the_singular():
    message = r"mse: targets must be one per prediction \(1 prediction\), got 2 targets"
    with pytest.raises(ValueError, match=message):
        nn.mse([Value(1.0)], [1.0, 2.0])
