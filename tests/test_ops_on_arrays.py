"""Every op-table entry runs on NumPy arrays, element by element, as it runs on floats.

A compiled replay (autograd.replay.compile) calls each entry's forward and local rule with
arrays, one element per node; these tests hold every entry to its scalar self there,
special numbers (0, -0, inf, NaN) included. Functions that NumPy computes with its own
code (exp, log, tanh, ** and the sigmoid built on exp) may differ in the last bits.
"""

import math
import subprocess
import sys

import numpy as np
import pytest
from op_cases import CASES

from autograd import ops
from autograd.op_entry import floats, where
from autograd.ops import ACTIVATIONS, OPS, arithmetic

ARRAY_CASES = [case for case in CASES if case.arrays is not None]  # dot has its own test, below


def columns(tuples: list[tuple[float, ...]]) -> list[np.ndarray]:
    """Operand i of every node, as one array per operand: what a replay passes a rule."""
    return [np.array(column) for column in zip(*tuples)]


def same(array: np.ndarray, numbers: list[float], close: bool) -> bool:
    numbers = np.array(numbers, dtype=float)
    if close:
        return np.allclose(array, numbers, rtol=4e-16, atol=0.0, equal_nan=True)
    both_nan = np.isnan(array) & np.isnan(numbers)
    equal = (array == numbers) & (np.signbit(array) == np.signbit(numbers))
    return bool(np.all(both_nan | equal))


ROUNDED = "differs from the float form; a row whose forward NumPy computes itself says rounded_by_numpy=True"


@pytest.mark.parametrize("case", ARRAY_CASES, ids=[case.name for case in ARRAY_CASES])
def test_each_forward_runs_on_arrays_as_on_floats(case):
    op, tuples, k = OPS[case.name], case.arrays.operands, case.arrays.k
    expected = [op.forward(xs, k) for xs in tuples]
    with np.errstate(invalid="ignore"):  # sin(inf) is NaN, as on floats; a replay ignores the warning too
        computed = op.forward(columns(tuples), k)
    assert same(computed, expected, close=case.rounded_by_numpy), ROUNDED


@pytest.mark.parametrize("case", ARRAY_CASES, ids=[case.name for case in ARRAY_CASES])
def test_each_local_rule_runs_on_arrays_as_on_floats(case):
    op, tuples, k = OPS[case.name], case.arrays.operands, case.arrays.k
    outs = [op.forward(xs, k) for xs in tuples]
    expected = [op.local(out, xs, k) for out, xs in zip(outs, tuples)]
    with np.errstate(invalid="ignore"):  # inf - inf inside a rule, as in a replay (NaN, as on floats)
        local = op.local(np.array(outs), columns(tuples), k)
    for i, d in enumerate(local):
        d = np.broadcast_to(d, (len(tuples),))
        assert same(d, [e[i] for e in expected], close=case.rounded_by_numpy), f"operand {i}: {ROUNDED}"


def test_only_dot_has_no_operands_for_the_array_tests_above():
    assert [case.name for case in CASES if case.arrays is None] == ["dot"]


@pytest.mark.parametrize("activation", [None, *sorted(ACTIVATIONS)])
@pytest.mark.parametrize("bias", [True, False])
def test_the_dot_forward_and_rule_run_on_arrays_as_on_floats(activation, bias):
    rng = np.random.default_rng(0)
    n = 3
    act = ACTIVATIONS.get(activation)
    k = (n, act, 0.1 if activation == "leaky_relu" else None)
    nodes = rng.uniform(-2, 2, size=(40, 2 * n + bias))
    tuples = [tuple(row) for row in nodes]
    outs = [ops.DOT.forward(list(xs), k) for xs in tuples]
    rows = np.ascontiguousarray(nodes.T)  # operand i of every node in row i
    assert np.allclose(ops.DOT.forward(rows, k), outs, rtol=1e-15, atol=1e-15)
    local = ops.DOT.local(np.array(outs), rows, k)
    for i, d in enumerate(local):
        scalar = [0.0 if rule is None else rule[i] for rule in (ops.DOT.local(o, list(xs), k)
                                                                  for o, xs in zip(outs, tuples))]
        assert np.allclose(np.broadcast_to(d, (40,)), scalar, rtol=1e-15, atol=1e-15)


def test_the_power_rule_of_an_array_of_exponents_is_zero_where_the_exponent_is_zero():
    x, exponent = np.array([0.0, 0.0, 2.0]), np.array([0.0, 3.0, 0.0])
    with np.errstate(all="raise"):  # 0 ** -1 is never computed, not even in the branch left out
        assert arithmetic.power_rule(x, exponent).tolist() == [0.0, 0.0, 0.0]


def test_the_exponent_rule_takes_no_log_of_zero_or_of_a_negative_base():
    base, out = np.array([2.0, 0.0, -2.0]), np.array([4.0, 0.0, 4.0])
    with np.errstate(all="raise"):
        result = arithmetic.exponent_rule(out, base)
    assert result[0] == 4.0 * math.log(2.0) and result[1] == 0.0 and math.isnan(result[2])


def test_the_exponent_rule_of_an_array_is_nan_at_zero_to_the_zero():
    with np.errstate(all="raise"):
        result = arithmetic.exponent_rule(np.array([1.0]), np.array([0.0]))
    assert math.isnan(result[0])


def test_where_picks_one_side_for_a_bool_and_element_by_element_for_an_array():
    assert where(True, "a", "b") == "a" and where(False, "a", "b") == "b"
    assert where(np.array([True, False]), 1.0, 2.0).tolist() == [1.0, 2.0]


def test_a_floats_forward_names_numpys_function_for_a_math_function():
    assert ops.EXP.forward.on_arrays() is np.exp and isinstance(ops.EXP.forward, floats)
    assert ops.ADD.forward.on_arrays() is ops.ADD.forward.f  # operator.add works on arrays already


def test_importing_autograd_does_not_import_numpy():
    code = "import sys, autograd; from autograd import Value; (Value(2.0).relu() * 3).backward(); " \
           "print('numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
