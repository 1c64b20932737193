"""dot and dots make their nodes in place: the same nodes, numbers and errors as recording them."""

import math
import random

import pytest

import autograd
from autograd import Value, ops
from autograd.value import record

ACTIVATIONS = [None, "relu", "leaky_relu", "tanh", "sigmoid"]


def recorded(weights, inputs, bias, k):
    """The node ``record`` makes for one row: what the engine made before the in-place path."""
    operands = (*weights, *inputs, bias)
    return record(ops.DOT, operands, [v.data for v in operands], k)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_a_layer_makes_the_nodes_record_makes(activation):
    weights = [[Value(0.5), Value(-1.25), Value(3.0)], [Value(-2.0), Value(0.125), Value(0.75)]]
    biases = [Value(0.1), Value(-0.3)]
    x = [Value(1.5), Value(-0.5), Value(0.2)]
    made = autograd.dots(weights, x, biases, activation, slope=0.2)
    k = (3, ops.ACTIVATIONS.get(activation), 0.2 if activation == "leaky_relu" else None)
    expected = [recorded(w, x, b, k) for w, b in zip(weights, biases)]
    assert [(v.data, v.op, v.inputs, v._arg) for v in made] == [
        (v.data, v.op, v.inputs, v._arg) for v in expected]


def test_a_dot_without_bias_has_only_weights_and_inputs_as_operands():
    w, x = [Value(2.0), Value(3.0)], [Value(4.0), Value(5.0)]
    out = autograd.dot(w, x, activation="relu")
    assert (out.data, out.inputs) == (23.0, (*w, *x))


def test_no_grad_makes_leaves_holding_the_same_numbers():
    weights, x, biases = [[Value(0.5), Value(-1.0)]], [Value(2.0), Value(1.0)], [Value(0.25)]
    with autograd.no_grad():
        (leaf,) = autograd.dots(weights, x, biases, "tanh")
        single = autograd.dot(weights[0], x, biases[0], "tanh")
    assert (leaf.data, leaf.inputs, leaf.op) == (math.tanh(0.25), (), "")
    assert (single.data, single.inputs) == (math.tanh(0.25), ())


def test_an_overflow_from_finite_operands_raises_naming_the_op():
    with pytest.raises(OverflowError, match="dot"):
        autograd.dots([[Value(1e200)]], [Value(1e200)], [Value(0.0)])


def test_a_nan_operand_carries_on():
    (out,) = autograd.dots([[Value(1.0)]], [Value(math.nan)], [Value(0.0)])
    assert math.isnan(out.data) and out.inputs


def test_detect_anomaly_stops_at_a_nan_from_a_dot():
    with autograd.detect_anomaly(), pytest.raises(FloatingPointError, match="dot"):
        autograd.dot([Value(1.0)], [Value(math.nan)])


def test_a_parameter_holding_a_string_is_named():
    weight = Value(1.0, label="w0")
    weight.data = "1"
    with pytest.raises(TypeError, match="w0"):
        autograd.dots([[weight]], [Value(1.0)], [Value(0.0)])


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("out", [-2.0, -0.0, 0.0, 0.5, 1.0, -1.0, math.nan])
def test_a_dot_passes_nothing_exactly_when_its_rule_gives_no_derivatives(activation, out):
    k = (1, ops.ACTIVATIONS.get(activation), 0.2 if activation == "leaky_relu" else None)
    assert ops.DOT.passes_nothing(out, k) == (ops.DOT.local(out, [0.5, 1.5, 0.0], k) is None)


def test_backward_through_an_inactive_relu_neuron_leaves_its_operands_at_zero():
    w, x, b = [Value(1.0), Value(-2.0)], [Value(1.0), Value(1.0)], Value(0.5)
    z = Value(3.0)
    out = autograd.dot(w, x, b, "relu") + z
    out.backward()
    assert [v.grad for v in (*w, *x, b)] == [0.0] * 5 and z.grad == 1.0


def added_by_the_rule(node, upstream):
    """What backward's own loop adds to each operand of ``node``: ``upstream`` times the rule's
    derivatives, operand by operand in order (a Value used twice gets two additions)."""
    local = ops.DOT.local(node.data, [v.data for v in node.inputs], node._arg)
    for v, d in zip(node.inputs, local or ()):
        v.grad += upstream * d


def added_by_the_shortcut(node, upstream):
    """What backward adds through the dot's shortcut, ``adds_up``, and whatever it hands back."""
    left = ops.DOT.adds_up(node, upstream)
    for v, d in zip(node.inputs, left or ()):
        v.grad += upstream * d


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("bias", [True, False])
def test_the_dot_shortcut_adds_the_rules_gradients_bit_for_bit(activation, bias):
    rng = random.Random(7)
    values = [Value(rng.uniform(-1, 1)) for _ in range(4)]
    a, b, c, d = values
    weights, inputs = [a, b, c, a], [b, d, c, a]  # operands used twice, in both halves and across
    for _ in range(20):
        node = autograd.dot(weights, inputs, Value(rng.uniform(-1, 1)) if bias else None, activation)
        upstream = rng.uniform(-3, 3)
        start = [rng.uniform(-1, 1) * 10.0 ** rng.randint(-8, 8) for _ in node.inputs]
        results = []
        for add in (added_by_the_rule, added_by_the_shortcut):
            for v, g in zip(node.inputs, start):
                v.grad = g
            add(node, upstream)
            results.append([v.grad.hex() for v in node.inputs])
        assert results[0] == results[1]
