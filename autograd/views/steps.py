"""The backward pass one step at a time: :class:`Step` and :func:`backward_steps`.

``root.backward()`` seeds ``root.grad`` with 1 and then, node by node in
:func:`~autograd.graph.backward_order`, adds ``upstream * local`` to the gradient of each
input of the node: ``upstream`` is ``dL/d node`` (complete by the time the node is
reached) and ``local`` is ``d node / d input`` from the operation's table entry. Each of
those additions is one :class:`Step` here, in the same order, computed with the same
float operations from the same starting 0.0, so the steps replay backward exactly; they
are kept in a private dictionary and no ``.grad`` is changed.

How a step is written is :mod:`autograd.views.formulas`; :mod:`autograd.views.explain`
prints them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd.backward import local_derivatives
from autograd.graph import CONSTANT, backward_order
from autograd.value import Value


@dataclass(frozen=True, eq=False)
class Step:
    """One addition of the chain rule: ``input.grad += upstream * local``.

    ``node`` is the Value whose gradient is passed on, ``input`` the one receiving it
    (``node.inputs[index]``; a Value used twice, as in ``a * a``, receives two steps).
    ``upstream`` is dL/d node, ``local`` is d node / d input, ``contribution`` is their
    product and ``grad_after`` the input's gradient once the contribution is added.
    ``first`` says whether this is the first contribution the input receives.

    An ``inactive`` step stands for a whole node whose local derivatives are all 0 (a ReLU
    that is off, a dot node whose activation is 0): it passes 0 to every input, so backward
    passes nothing on. Its ``input`` is the node itself, ``index`` is -1, ``local`` and
    ``contribution`` are 0.0 and ``grad_after`` is the node's own gradient.
    """

    node: Value
    input: Value
    index: int
    upstream: float
    local: float
    contribution: float
    grad_after: float
    first: bool
    inactive: bool = False


def is_constant(v: Value) -> bool:
    """Whether ``v`` is a plain number an operation was given (the 2 of ``2*x``), not a Value of
    the learner's: it gets no step of its own, and practice asks nothing about it."""
    return not v.inputs and v._arg is CONSTANT


def backward_steps(root: Value, constants: bool = False) -> list[Step]:
    """Every step of ``root.backward()``, in the order backward applies them.

    Summing the contributions to a Value, in order and starting from 0.0, gives exactly
    the gradient ``root.backward()`` leaves in its ``.grad`` on a fresh graph. Nothing
    is modified. The steps to constants (:func:`is_constant`) are left out unless
    ``constants``. A node that no gradient reaches gives no steps; one whose local
    derivatives are all 0 (an inactive ReLU neuron) gives one ``inactive`` step. A
    learner-written node's steps are what its ``_backward`` adds (run with every
    gradient put back afterwards).
    """
    grads: dict[Value, float] = {root: 0.0 + 1.0}  # backward: root.grad (0.0) += 1.0
    steps = []
    for node in backward_order(root):
        upstream = grads.get(node)
        passed = list(local_derivatives((node,), grads.get))
        if passed and any(d != 0.0 for d in passed[0][2]):
            _, upstream, local, contributions = passed[0]
            for index, (v, d, contribution) in enumerate(zip(node.inputs, local, contributions)):
                first = v not in grads
                after = grads.get(v, 0.0) + contribution
                grads[v] = after
                if constants or not is_constant(v):
                    steps.append(Step(node, v, index, upstream, d, contribution, after, first))
        elif node.inputs and upstream:  # reached, but passes nothing on
            steps.append(Step(node, node, -1, upstream, 0.0, 0.0, upstream, False, inactive=True))
    return steps
