"""A small fused neuron is pictured as the lecture pictures it: its products, sums and activation.

nn.Neuron computes ``act(w·x + b)`` as one ``dot`` node (the fast path); micrograd builds it from
``*``, ``+`` and ``ReLU`` nodes, and the lecture's pictures (its ``trace_graph`` notebook walks
``_prev`` and ``_op``; chainrule's ``draw_dot``) show each of them.
"""

from __future__ import annotations

import random

import pytest
from test_lecture import backward_by_hand
from test_micrograd_compat import micrograd  # noqa: F401  (the fixture)

import autograd
import autograd.unfused
import nn
from autograd import Value, draw_dot


def walk(root) -> set:
    """Every node reached from ``root`` through ``_prev``, as the lecture's drawing code reaches them."""
    seen, stack = set(), [root]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(v._prev)
    return seen


def lecture_neuron(Value, nn_module):
    """The trace_graph notebook's neuron: Neuron(2) after random.seed(1337), on (1, -2), after backward."""
    random.seed(1337)
    neuron = nn_module.Neuron(2)
    y = neuron([Value(1.0), Value(-2.0)])
    y.backward()
    return y


def picture(nodes) -> tuple[list, list]:
    """What the notebook's drawing shows: each node's op, and its data and grad to 4 decimals."""
    ops = sorted(v._op.lower() for v in nodes)
    numbers = sorted((round(v.data, 4) + 0.0, round(v.grad, 4) + 0.0) for v in nodes)
    return ops, numbers


def test_the_notebooks_walk_over_prev_finds_micrograds_ten_nodes_with_their_numbers(micrograd):  # noqa: F811
    ours = walk(lecture_neuron(Value, nn))
    theirs = walk(lecture_neuron(micrograd.Value, micrograd.nn))
    assert len(ours) == len(theirs) == 10
    assert picture(ours) == picture(theirs)


def test_draw_dot_of_a_two_input_neuron_shows_each_product_the_sums_and_the_relu(requires_graphviz):
    source = draw_dot(lecture_neuron(Value, nn)).source
    assert source.count("shape=plain") == 10
    ovals = [line for line in source.splitlines() if "shape=ellipse" in line]
    ops = sorted(line.split("<", 1)[1].split(">", 1)[0] for line in ovals)
    assert ops == ["*", "*", "+", "+", "relu"]


def test_unfuse_zero_draws_the_neuron_as_its_one_node(requires_graphviz):
    source = draw_dot(lecture_neuron(Value, nn), unfuse=0).source
    assert source.count("shape=plain") == 6 and "relu(dot)" in source


def test_a_neuron_wider_than_the_threshold_stays_one_node(requires_graphviz):
    random.seed(0)
    y = nn.Neuron(autograd.unfused.UP_TO + 1)([Value(0.5)] * (autograd.unfused.UP_TO + 1))
    assert "relu(dot)" in draw_dot(y).source
    assert "relu(dot)" not in draw_dot(y, unfuse=autograd.unfused.UP_TO + 1).source


@pytest.mark.parametrize("unfuse", [-1, 1.5, True, "4"])
def test_unfuse_must_be_a_whole_number_of_weights(requires_graphviz, unfuse):
    with pytest.raises(ValueError, match="unfuse must be an int >= 0"):
        draw_dot(Value(1.0), unfuse=unfuse)


def by_hand_tanh_neuron():
    """tanh(w1*x1 + w2*x2 + b) built from its parts, micrograd's way (b added first)."""
    w1, w2, x1, x2, b = Value(-3.0), Value(1.0), Value(2.0), Value(0.0), Value(6.8813735870195432)
    o = (b + w1 * x1 + w2 * x2).tanh()
    o.backward()
    return o


def test_the_drawn_nodes_hold_the_numbers_of_the_neuron_built_from_its_parts():
    w1, w2, x1, x2, b = Value(-3.0), Value(1.0), Value(2.0), Value(0.0), Value(6.8813735870195432)
    fused = autograd.dot([w1, w2], [x1, x2], b, activation="tanh")
    fused.backward()
    drawn = sorted((v._op, v.data, v.grad) for v in walk(fused))
    assert drawn == sorted((v._op, v.data, v.grad) for v in walk(by_hand_tanh_neuron()))
    assert ("+", 0.8813735870195432, 0.4999999999999998) in drawn  # 1 - tanh(0.88...)² by hand


def test_the_lecture_backward_over_prev_gives_backwards_gradients_for_an_mlp():
    random.seed(1)
    model = nn.MLP(3, [4, 4, 1])
    x = [Value(0.5), Value(-1.0), Value(2.0)]
    out = model(x)
    backward_by_hand(out)
    walked = [p.grad for p in model.parameters()] + [v.grad for v in x]
    model.zero_grad()
    for v in x:
        v.grad = 0.0
    out.backward()
    assert walked == [p.grad for p in model.parameters()] + [v.grad for v in x]


def test_drawing_leaves_the_fused_node_in_the_graph(requires_graphviz):
    y = lecture_neuron(Value, nn)
    inputs = y.inputs
    draw_dot(y)
    walk(y)
    assert y.inputs is inputs and y.op == "relu(dot)" and len(y.inputs) == 5


def test_a_linear_neuron_ends_in_its_last_sum():
    random.seed(2)
    y = nn.Neuron(2, nonlin=False)([Value(1.0), Value(2.0)])
    assert y._op == "+" and sorted(v._op for v in y._prev) == ["*", "+"]
