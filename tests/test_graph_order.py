"""post_order lists a wide node whose inputs were all seen at once: the same order as a plain walk."""

import random

import pytest

import autograd
from autograd import Value
from autograd.graph import backward_order, post_order


def plain_post_order(roots, leaves=True):
    """The reference: a recursive depth-first walk, inputs in order, each Value once."""
    order, seen = [], set()

    def visit(v):
        if v in seen or not (leaves or v.inputs):
            return
        seen.add(v)
        for child in v.inputs:
            visit(child)
        order.append(v)

    for root in roots:
        visit(root)
    return order


def random_graph(seed: int) -> Value:
    """Layers of dot nodes sharing weights and inputs, mixed with binary and fused sums."""
    rng = random.Random(seed)
    x = [Value(rng.uniform(-1, 1)) for _ in range(4)]
    weights = [[Value(rng.uniform(-1, 1)) for _ in range(4)] for _ in range(5)]
    nodes = list(x)
    for _ in range(3):
        row = rng.choice(weights)
        picked = rng.sample(nodes, 4)
        nodes.append(autograd.dot(row, picked, Value(0.1), rng.choice([None, "relu", "tanh"])))
        nodes.append(rng.choice(nodes) * rng.choice(nodes) + 1.0)
        nodes.append(autograd.sum(rng.sample(nodes, 3)))
    return autograd.sum(nodes[-4:])


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("leaves", [True, False])
def test_the_order_is_the_plain_depth_first_walks(seed, leaves):
    root = random_graph(seed)
    assert post_order((root,), leaves) == plain_post_order((root,), leaves)


def test_neurons_of_one_layer_come_each_after_its_inputs():
    x = [Value(1.0), Value(2.0)]
    layer = autograd.dots([[Value(0.5), Value(0.5)], [Value(1.0), Value(-1.0)]], x, [Value(0.0), Value(0.0)])
    hidden = autograd.dots([[Value(1.0), Value(1.0)]] * 3, layer, [Value(0.0)] * 3)
    order = backward_order(autograd.sum(hidden))
    for node in order:
        assert all(order.index(node) < order.index(v) for v in node.inputs if v.inputs)
