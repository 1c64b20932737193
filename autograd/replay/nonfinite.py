"""The engine's rules where a replay meets an infinite or NaN number.

A replay computes every node of a group the same way, with IEEE arithmetic under
``np.errstate(all="ignore")``. The engine, one node at a time, also

* forward: refuses operands outside an op's domain (``check``: the log of a negative
  number, a division by 0), and a result that is not finite although its operands are
  (an overflow), naming the op and its operands; a non-finite operand (a leaf holding
  inf or NaN) just carries on, unless :func:`~autograd.detect_anomaly` is on;
* backward: skips a node whose upstream gradient is exactly 0, so ``0 * inf`` there
  counts as 0 (sqrt at 0 under a zero gradient passes nothing); passes nothing from a
  node whose rule returns None (a dot whose ReLU is inactive), even to an infinite
  operand; and refuses a local derivative its rule cannot compute (``0.5 / 0`` for
  sqrt at 0), naming the op.

Where those differ from the arrays, the arrays hold inf or NaN. So a replay first runs
fast, checks once that every number is finite, and only if one is not, calls
:func:`forward_problem` (which raises the engine's error, or returns when the numbers
only carry on a non-finite leaf) or :func:`exact_backward` (which redoes backward, with
the engine's own rule, on floats, for each node whose shares are not finite).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

from autograd.notation import named, too_large
from autograd.replay.plan import OP, ROWS, Group

ValueAt = Callable[[int], Any]


def _operands(value_at: ValueAt, slots: Sequence[int], numbers: Sequence[float]) -> str:
    """The operands as the engine's messages write them: ``label=number``, or the number."""
    described = []
    for slot, x in zip(slots, numbers):
        label = value_at(slot).label
        described.append(f"{named(label)}={x!r}" if label else repr(x))
    return ", ".join(described)


def _row_problem(group: Group, i: int, numbers: list[float], anomaly: bool, value_at: ValueAt) -> None:
    """The engine's error for a row whose sum is not finite, at the first of its nodes the engine refuses.

    A row is a chain of nodes (``+``, or ``sum``), each adding its own terms to the sum so far:
    the nodes it absorbed (``chains[i]``, each with the number of terms the sum holds after
    it), then the row's own node. Each is judged as the engine judges it: a result that is not
    finite from finite operands is an overflow; from an infinite or NaN operand (``sum([1e308,
    1e308, -inf])``: the running sum overflows inside the node, but the node had -inf to add)
    it carries on."""
    slots = group.operands[i]
    chain = group.chains[i]
    nodes = [node for node, _ in chain] + [group.nodes[i]]
    ends = [terms for _, terms in chain] + [len(slots)]
    start, partial = 0, None
    for node, end in zip(nodes, ends):
        head = [] if partial is None else [partial]
        operands = head + numbers[start:end]
        total = node._fn.forward(operands, None)
        if not math.isfinite(total):
            terms = _operands(value_at, slots[start:end], numbers[start:end])
            described = ", ".join([repr(x) for x in head] + [terms])
            _refuse_not_finite(named(node.op), total, operands, described, anomaly)
        start, partial = end, total


def _refuse_not_finite(label: str, result: float, numbers: Sequence[float], described: str,
                       anomaly: bool) -> None:
    """What the engine raises for a non-finite result: any one under ``detect_anomaly``, else
    one made from finite numbers (an overflow); a NaN or infinity passed in is carried on."""
    if anomaly:
        raise FloatingPointError(f"{label}: produced {result} (detect_anomaly) (operands: {described})")
    if all(map(math.isfinite, numbers)):
        raise OverflowError(f"{label}: {too_large(result)} (operands: {described})")


def constant_not_finite(groups: Sequence[Group]) -> bool:
    """Whether a group of a checked op has a constant that is infinite or NaN (``x ** -inf``):
    its nodes are looked at by :func:`forward_problem` even when every number is finite."""
    return any(g.kind == OP and g.op.check is not None and _not_finite_number(g.k) for g in groups)


def _not_finite_number(k: Any) -> bool:
    return isinstance(k, (int, float)) and not math.isfinite(k)


def _looked_at(group: Group, vals: np.ndarray, out: np.ndarray) -> list[int]:
    """The nodes of ``group`` where the engine may refuse: those whose result is not finite and,
    for an op with a domain check, those with an operand (or the constant) infinite or NaN.

    A check can refuse where NumPy's result is finite only there: ``(-inf) ** -0.5`` and
    ``(-2) ** -inf`` are 0.0 in NumPy, and a ValueError in the engine (tests/test_compile_nonfinite.py
    holds every op of the table to this)."""
    suspect = ~np.isfinite(out)
    if group.kind == OP and group.op.check is not None:
        if _not_finite_number(group.k):
            return list(range(len(out)))
        operands = vals.take(np.asarray(group.operands, dtype=np.intp))
        suspect |= ~np.isfinite(operands).all(axis=1)
    return np.flatnonzero(suspect).tolist()


def forward_problem(kernels: Sequence[Any], vals: np.ndarray, anomaly: bool, value_at: ValueAt) -> None:
    """Raise the engine's error for the first node (in replay order) that the engine refuses.

    Returns when every non-finite number only carries on a non-finite leaf."""
    for kernel in kernels:
        group = kernel.group
        out = vals[group.start:group.stop]
        for i in _looked_at(group, vals, out):
            slots = group.operands[i]
            numbers = vals.take(slots).tolist()
            if group.kind == ROWS:
                _row_problem(group, i, numbers, anomaly, value_at)
                continue
            op, k = group.op, group.k
            problem = None if op.check is None else op.check(numbers, k)
            operands = _operands(value_at, slots, numbers)
            if problem is not None:
                error, reason = problem
                raise error(f"{op.label(k)}: {reason} (operands: {operands})")
            result = float(out[i])
            if math.isfinite(result):
                continue
            _refuse_not_finite(op.label(k), result, numbers, operands, anomaly)


def _engine_shares(group: Group, i: int, upstream: float, vals: np.ndarray, value_at: ValueAt) -> list:
    """What the engine's backward adds into node ``i``'s operands: its own rule, on floats."""
    arity = len(group.operands[i])
    if upstream == 0.0:
        return [0.0] * arity
    slots = group.operands[i]
    numbers = vals.take(slots).tolist()
    try:
        local = group.op.local(float(vals[group.start + i]), numbers, group.k)
    except (ArithmeticError, ValueError) as error:
        raise type(error)(
            f"backward of {group.op.label(group.k)}: its derivative is undefined or infinite at "
            f"operands {_operands(value_at, slots, numbers)} ({error})"
        ) from error
    return [0.0] * arity if local is None else [upstream * d for d in local]


def exact_backward(kernels: Sequence[Any], vals: np.ndarray, grads: np.ndarray, anomaly: bool,
                   value_at: ValueAt) -> None:
    """Backward again from the seeded ``grads``, with the engine's rules for every node
    whose shares are not finite: one node at a time there, on floats."""
    for kernel in reversed(kernels):
        group = kernel.group
        slots, shares = kernel.shares(vals, grads)
        if group.kind != ROWS:  # a row passes its upstream on as it is, as each + does
            upstream = grads[group.start:group.stop]
            for i in np.flatnonzero(~np.isfinite(shares).all(axis=1)).tolist():
                shares[i] = _engine_shares(group, i, float(upstream[i]), vals, value_at)
        if anomaly and not np.isfinite(shares).all():
            i = int(np.flatnonzero(~np.isfinite(shares).all(axis=1))[0])
            given = shares[i][~np.isfinite(shares[i])][0]
            operands = _operands(value_at, group.operands[i], vals.take(group.operands[i]).tolist())
            raise FloatingPointError(
                f"backward of {named(group.nodes[i].op)}: gave the gradient {given} to an operand "
                f"(operands: {operands}) (detect_anomaly)"
            )
        np.add.at(grads, np.asarray(slots).ravel(), shares.ravel())
