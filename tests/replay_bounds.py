"""How far a replay's numbers may lie from the engine's: a first-order bound on rounding.

A replay computes the same operations as the engine, but NumPy's exp, log, tanh and
``**`` may differ from ``math``'s in the last bits, dot products are summed in another
order, and gradients are accumulated in another order. Each such difference is at most
a few units of the last place (``ULPS * EPS``) of the numbers it adds up; it then
travels through the graph like any perturbation, scaled by the local derivatives.
Where there is no cancellation the bound is a few EPS of the number itself; where
there is (``a - b`` with ``a ~ b``, ``1 - tanh(x)^2`` near saturation), it is what the
rounding of the terms allows, as ``eps * sum |terms|`` is for a sum.

* forward, node by node: ``F(node) = sum_i L_i F(x_i) + ULPS * EPS * (|node| + sum_i |d_i x_i|)``,
  with ``d_i`` the local derivative and ``L_i`` its largest size within ``x_i +- F(x_i)``
  (a ReLU whose input is within rounding of 0 may go either way);
* backward, node by node from the outputs: each operand's gradient may be off by
  ``E(node) |d_i| + |g(node)| D_i + (uses + ULPS) EPS |g(node) d_i|``, with ``g`` the
  engine's gradient, ``D_i`` how much ``d_i`` moves when the rule's arguments move within
  their forward bounds, and ``uses`` how many contributions the operand adds up.
"""

from __future__ import annotations

import math

from autograd.replay.plan import walk

EPS = 2.0 ** -52
ULPS = 8.0


def _rule(node, out, numbers):
    """The node's local derivatives at these numbers (zeros for None, inf where undefined)."""
    try:
        local = node._fn.local(out, numbers, node._arg)
    except (ArithmeticError, ValueError):
        return [math.inf] * len(numbers)
    return [0.0] * len(numbers) if local is None else [float(d) for d in local]


def _nudged(node, bound):
    """The local derivatives at the node's numbers, and at each argument moved by its bound."""
    numbers = [v.data for v in node.inputs]
    results = [_rule(node, node.data, numbers)]
    for sign in (1.0, -1.0):
        results.append(_rule(node, node.data + sign * bound[node], numbers))
        for j, v in enumerate(node.inputs):
            moved = list(numbers)
            moved[j] += sign * bound[v]
            results.append(_rule(node, node.data, moved))
    return results


def error_bounds(outputs, seeds=None):
    """Bounds on |replay - engine| for every Value's number and every leaf's gradient.

    ``seeds`` are the gradients backward starts from at the outputs (1.0 each by default).
    Returns (forward bound by Value, gradient bound by Value).
    """
    order = walk(outputs)
    uses = dict.fromkeys(order, 0)
    for node in order:
        for v in node.inputs:
            uses[v] += 1
    forward = {}
    rules = {}
    for node in order:
        if not node.inputs:
            forward[node] = 0.0
            continue
        forward[node] = 0.0  # the node's own bound is not known yet: nudge by 0 first
        local = _rule(node, node.data, [v.data for v in node.inputs])
        size = abs(node.data) + sum(abs(d * v.data) for d, v in zip(local, node.inputs) if d)
        reach = [max(abs(r[i]) for r in _nudged(node, forward)) for i in range(len(local))]
        forward[node] = sum(L * forward[v] for L, v in zip(reach, node.inputs)) + ULPS * EPS * size
        rules[node] = _nudged(node, forward)
    gradient = dict.fromkeys(order, 0.0)
    error = dict.fromkeys(order, 0.0)
    for root, seed in zip(outputs, seeds or [1.0] * len(outputs)):
        gradient[root] += seed
    for node in reversed(order):
        if not node.inputs:
            continue
        g, e = gradient[node], error[node]
        found = rules[node]
        for i, v in enumerate(node.inputs):
            d = found[0][i]
            moved = max(abs(r[i] - d) for r in found) + ULPS * EPS * abs(d)
            gradient[v] += g * d
            error[v] += e * abs(d) + abs(g) * moved + (uses[v] + ULPS) * EPS * abs(g * d)
    return forward, error
