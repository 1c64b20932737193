"""The table of primitive operations: each forward beside its local derivatives.

An entry holds

* ``forward(xs, k)``: the result on floats, where ``xs`` are the operands' data and
  ``k`` is the operation's constant (the exponent of ``x ** 3``, the slope of
  ``leaky_relu``), ``None`` where it has none;
* ``local(out, xs, k)``: the local derivatives ``d out / d xs[i]``, one per operand;
* ``check(xs, k)``: optional; the reason the operands are outside the domain, with
  the exception to raise, or ``None``.

``local`` may return ``None`` instead of a sequence when every local derivative is
exactly zero (a neuron whose ReLU is inactive): the node then passes nothing on.

The local rules use only arithmetic, comparisons, :func:`~autograd.op_entry.where` for a
choice and :func:`log`, :func:`exp`, :func:`sigmoid`, :func:`sin` and :func:`cos`, entries
of this table as functions (:func:`~autograd.op_entry.function_of`), which floats, ``Value``
objects and NumPy arrays share. Backward calls a rule with floats (``out`` and ``xs`` are
numbers) and gets numbers; ``grad(..., create_graph=True)`` calls the very same rule with
Values (``out`` is the node, ``xs`` its inputs) and gets Values, whose graph can be
differentiated again; a compiled replay (:mod:`autograd.replay.compile`) calls it with
arrays, one element per node of a group, and gets arrays. So every derivative is written
once and serves first and higher orders and replays alike. Forwards run on arrays too: a
``floats`` forward names the NumPy function that computes it element by element.

The table is one dictionary, :data:`OPS`; its entries live by family in
:mod:`autograd.ops.arithmetic` (``+ - * /``, powers), :mod:`autograd.ops.functions` (functions of
one number, the activations among them) and :mod:`autograd.ops.many` (sum, logsumexp, dot).
Nothing outside this package knows any particular operation: the engine reads ``forward``,
``local`` and ``check`` from the entry a node points to. Adding an operation is adding
one entry to its family's module, listed in :data:`OPS`, with its method on ``Value`` (one
line in :mod:`autograd.value`) and its row of test cases (``tests/op_cases.py``); a rule that
needs a function no entry computes yet gets that function as an entry of its own, made a
function below the entries (``SIN``'s rule calls ``cos = function_of(COS)``).
"""

from __future__ import annotations

from autograd.op_entry import (  # noqa: F401  (what an entry is; re-exported)
    LEARNER,
    LearnerRule,
    Op,
    floats,
    function_of,
    stable_sigmoid,
    stable_sigmoid_on_arrays,
    where,
)
from autograd.ops.arithmetic import ADD, DIV, MUL, NEG, POW, SUB, VPOW
from autograd.ops.functions import (
    ABS,
    COS,
    EXP,
    LEAKY_RELU,
    LOG,
    RELU,
    SIGMOID,
    SIN,
    SOFTPLUS,
    SQRT,
    TANH,
    cos,
    exp,
    log,
    sigmoid,
    sin,
)
from autograd.ops.many import DOT, LOGSUMEXP, SUM, add_up, left_to_right

ACTIVATIONS: dict[str, Op] = {op.name: op for op in (RELU, LEAKY_RELU, TANH, SIGMOID)}
"""The activations a dot node can apply itself: their rules need only the output and
the sign of the pre-activation."""

OPS: dict[str, Op] = {
    op.name: op
    for op in (ADD, SUB, MUL, DIV, NEG, POW, VPOW, EXP, LOG, SQRT, SIN, COS, TANH, SIGMOID, RELU,
               LEAKY_RELU, ABS, SOFTPLUS, LOGSUMEXP, SUM, DOT)
}
"""Every primitive operation, by name."""

__all__ = [
    "ABS", "ACTIVATIONS", "ADD", "COS", "DIV", "DOT", "EXP", "LEAKY_RELU", "LEARNER", "LOG", "LOGSUMEXP",
    "MUL", "NEG", "OPS", "POW", "RELU", "SIGMOID", "SIN", "SOFTPLUS", "SQRT", "SUB", "SUM", "TANH", "VPOW",
    "LearnerRule", "Op", "add_up", "cos", "exp", "floats", "function_of", "left_to_right", "log",
    "sigmoid", "sin", "stable_sigmoid", "stable_sigmoid_on_arrays", "where",
]
