"""Random graphs of every op: a compiled replay gives the engine's numbers and gradients.

The graphs are tests/test_properties.py's programs, with every op of the table added (the
rows' ``replay_graphs`` in tests/op_cases.py): ReLU, leaky ReLU and abs, powers with constant
and Value exponents, dots with each activation and without a bias, autograd.sum, and the
chains of ``+`` that Python's ``sum`` writes (which a replay flattens into rows). "Equal" is
to 1e-12 relative, or within the rounding that the graph allows where it cancels
(tests/replay_bounds.py).
"""

import functools
import math
import operator

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from op_cases import forms, hand_cases
from replay_bounds import error_bounds
from test_properties import build, points, programs

import autograd
from autograd import Value, ops
from autograd.ops import OPS
from autograd.replay.plan import walk

EVERY_UNARY, EVERY_BINARY, EVERY_NARY = (forms(kind, replay=True) for kind in ("unary", "binary", "nary"))


every_step = st.one_of(
    st.tuples(st.just("unary"), st.sampled_from(sorted(EVERY_UNARY)), st.integers(0, 10_000)),
    st.tuples(st.just("binary"), st.sampled_from(sorted(EVERY_BINARY)), st.integers(0, 10_000),
              st.integers(0, 10_000)),
    st.tuples(st.just("nary"), st.sampled_from(sorted(EVERY_NARY)),
              st.lists(st.integers(0, 10_000), min_size=3, max_size=6)),
)
every_program = st.lists(every_step, min_size=1, max_size=10)


def build_pool(program, inputs):
    """Every result of the program, in order, after the inputs (as tests/test_properties.py's build)."""
    pool = list(inputs)
    for kind, name, *picks in program:
        if kind == "unary":
            pool.append(EVERY_UNARY[name](pool[picks[0] % len(pool)]))
        elif kind == "binary":
            pool.append(EVERY_BINARY[name](pool[picks[0] % len(pool)], pool[picks[1] % len(pool)]))
        else:
            pool.append(EVERY_NARY[name]([pool[i % len(pool)] for i in picks[0]]))
    return pool


def build_every(program, inputs):
    """The output depends on every result of the program (the engine computes each result as
    it is built, a replay only what the output needs: so both meet the same overflows)."""
    pool = build_pool(program, inputs)
    return pool[-1] + 0.5 * pool[len(pool) // 2] + 0.25 * pool[0] + 0.125 * autograd.sum(pool)


# Below 2**-1022 floats are subnormal: their spacing is the fixed 2**-1074, so rounding there is
# absolute, and bounds relative to the numbers (which underflow to 0) leave no room for it.
SUBNORMAL_ROUNDING = 1024 * 2.0 ** -1074


def close(replayed: float, engine: float, bound: float) -> bool:
    return abs(replayed - engine) <= 1e-12 * abs(engine) + bound + SUBNORMAL_ROUNDING


def built(make, point):
    """Leaves at ``point`` and the graph ``make`` builds on them; skips a graph that overflows."""
    xs = [Value(p) for p in point]
    try:
        return xs, make(xs)
    except OverflowError:
        assume(False)


def used(xs, outputs):
    """The leaves of ``xs`` that ``outputs`` are computed from: the inputs compile accepts."""
    graph = set(walk(outputs if isinstance(outputs, list) else [outputs]))
    return [x for x in xs if x in graph]


def assert_replay_matches_the_engine(make, point):
    xs, out = built(make, point)
    xs = used(xs, out)
    compiled = autograd.compile(out, inputs=xs)
    out.backward()
    engine = [v.grad for v in compiled.leaves]
    for v in compiled.leaves:
        v.grad = 0.0
    forward_bound, gradient_bound = error_bounds([out])

    assert close(compiled.forward(), out.data, forward_bound[out])
    grads = compiled.backward()
    for v, expected, got in zip(compiled.leaves, engine, grads.tolist()):
        assert close(got, expected, gradient_bound.get(v, 0.0))
    for v, got in zip(compiled.leaves[len(xs):], grads[len(xs):].tolist()):
        assert v.grad == got  # what backward returns is what it added into .grad


@pytest.mark.parametrize("name, case, hand", hand_cases(), ids=[name for name, _, _ in hand_cases()])
def test_a_replay_of_each_hand_worked_case_of_the_op_table_gives_the_engines_numbers(name, case, hand):
    f = hand.f or case.make
    assert_replay_matches_the_engine(lambda xs: f(*xs), list(hand.point))


@settings(max_examples=150, deadline=None)
@given(every_program, points)
def test_a_replay_gives_the_engines_output_and_gradients_on_random_graphs_of_every_op(program, point):
    assert_replay_matches_the_engine(lambda xs: build_every(program, xs), point)


@settings(max_examples=40, deadline=None)
@given(programs, points)
@example(  # a subnormal input: gradients of about 1e-314, where rounding leaves no digits to spare
    program=[("unary", "exp_tanh", 0), ("unary", "exp_tanh", 0), ("binary", "pos_pow", 0, 2),
             ("nary", "dot_tanh", [0, 1, 2414, 2]), ("unary", "exp_tanh", 0), ("unary", "exp_tanh", 0),
             ("unary", "exp_tanh", 0), ("unary", "exp_tanh", 0)],
    point=[2.2250738585e-313, 0.20106591217592262],
)
def test_a_replay_gives_the_engines_output_and_gradients_on_the_property_tests_graphs(program, point):
    assert_replay_matches_the_engine(lambda xs: build(program, xs), point)


@settings(max_examples=100, deadline=None)
@given(every_program, st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(st.floats(-1.5, 1.5), min_size=n, max_size=n),
    st.lists(st.floats(-1.5, 1.5), min_size=n, max_size=n))))
def test_a_replay_fed_new_numbers_gives_what_a_graph_built_at_them_gives(program, two_points):
    recorded, new = two_points
    xs, out = built(lambda xs: build_every(program, xs), recorded)
    compiled = autograd.compile(out, inputs=xs)
    fresh_inputs = [Value(p) for p in new]
    try:
        fresh = build_every(program, fresh_inputs)
    except OverflowError:
        with pytest.raises(OverflowError):
            compiled.forward(new)
        return
    forward_bound, gradient_bound = error_bounds([fresh])
    fresh.backward()

    assert close(compiled.forward(new), fresh.data, forward_bound[fresh])
    grads = compiled.backward(accumulate=False)
    for v, got in zip(fresh_inputs, grads.tolist()):
        assert close(got, v.grad, gradient_bound.get(v, 0.0))


@settings(max_examples=60, deadline=None)
@given(every_program, points)
def test_every_intermediate_result_can_be_an_output_of_a_replay(program, point):
    xs, pool = built(lambda xs: build_pool(program, xs), point)
    nodes = [v for v in pool if v.inputs]
    assume(nodes)
    xs = used(xs, nodes)
    compiled = autograd.compile(nodes, inputs=xs)
    forward_bound, gradient_bound = error_bounds(nodes)
    for v, got in zip(nodes, compiled.forward().tolist()):
        assert close(got, v.data, forward_bound[v])
    seeds = [0.5 + i for i in range(len(nodes))]
    grads = compiled.backward(seeds, accumulate=False)
    expected = autograd.grad(sum(s * v for s, v in zip(seeds, nodes)), xs)
    for x, got, want in zip(xs, grads.tolist(), expected):
        assert close(got, want, gradient_bound.get(x, 0.0) + 1e-15 * abs(want))


def test_the_random_graphs_here_use_every_op_of_the_table():
    xs = [Value(0.3), Value(-0.7), Value(1.1)]
    everything = [f(xs[0]) for f in EVERY_UNARY.values()] + [f(xs[0], xs[1]) for f in EVERY_BINARY.values()]
    everything += [f(xs) for f in EVERY_NARY.values()]
    assert {v._fn.name for v in walk(everything) if v.inputs} == set(OPS)


# one order of addition, on every Python ----------------------------------------------------------
CANCELLING = [1e100, -1e100, 1.0, -1.0, 1e-100, 3.0, 1e16, -1e16, 0.1, -0.0]
"""Terms whose sum depends on the order and rounding of the additions: compensated (Python 3.12's
sum) or exact (math.fsum) summation gives another number than left to right does."""


def test_the_engines_sum_and_dot_add_left_to_right_not_compensated():
    terms = [1e100, 1.0, -1e100]
    assert math.fsum(terms) == 1.0  # what an exact or a compensated sum gives
    assert autograd.sum(terms).data == 0.0
    assert autograd.dot(terms, [1.0, 1.0, 1.0]).data == 0.0
    assert autograd.compile(autograd.sum([Value(t) for t in terms])).forward() == 0.0


@pytest.mark.parametrize("adding", ["add_up", "left_to_right"])
def test_python_312s_way_of_adding_up_gives_the_same_numbers_as_older_pythons(monkeypatch, adding):
    monkeypatch.setattr(ops, "add_up", getattr(ops, adding))  # left_to_right is add_up from 3.12
    terms = [1e100, 1.0, -1e100, 1e-100]
    assert autograd.sum(terms).data == 0.0 + 1e-100
    assert autograd.dot(terms, [1.0] * 4, 2.0).data == 2.0 + 1e-100


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(CANCELLING) | st.floats(-1e6, 1e6), min_size=1, max_size=12))
def test_add_up_is_plain_addition_from_the_left_whatever_the_python(terms):
    expected = functools.reduce(operator.add, terms, 0.0)
    assert ops.add_up(terms) == expected and ops.left_to_right(terms) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(CANCELLING) | st.floats(-1e6, 1e6), min_size=2, max_size=12))
def test_a_replayed_sum_gives_the_engines_number_bit_for_bit_where_the_order_matters(terms):
    leaves = [Value(t) for t in terms]
    fused, chained = autograd.sum(leaves), sum(leaves[1:], leaves[0])
    replayed = autograd.compile([fused, chained]).forward().tolist()
    assert list(map(repr, replayed)) == [repr(fused.data), repr(chained.data)]  # -0.0 is not 0.0


@pytest.mark.parametrize("n", [1, 2, 5])
def test_a_sum_of_negative_zeros_is_negative_zero_as_their_chain_of_plus_is_engine_and_replay(n):
    leaves = [Value(-0.0) for _ in range(n)]
    fused, chained = autograd.sum(leaves), sum(leaves[1:], leaves[0])
    replayed = autograd.compile([fused, chained], inputs=leaves).forward([-0.0] * n).tolist()
    assert [repr(fused.data), repr(chained.data)] == ["-0.0", "-0.0"]
    assert list(map(repr, replayed)) == ["-0.0", "-0.0"]


def test_a_sum_that_cancels_to_zero_is_positive_zero_as_ieee_addition_makes_it():
    assert repr(autograd.sum([-0.0, 1.0, -1.0]).data) == "0.0"
    assert repr(autograd.sum([-0.0, 0.0]).data) == "0.0"
