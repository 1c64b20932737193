"""Random expression graphs: backward agrees with central differences.

A graph is a small program: each step applies an operation to earlier results,
picked by index, so that subexpressions are shared and values fan out to many users.
Operations are kept to smooth, everywhere-defined forms so that finite differences
are a fair reference: each row of tests/op_cases.py gives its op's forms (``graphs``).
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_cases import forms

from autograd import Value, backward_steps, grad, gradcheck

UNARY, BINARY, NARY = forms("unary"), forms("binary"), forms("nary")  # every row's (tests/op_cases.py)

step = st.one_of(
    st.tuples(st.just("unary"), st.sampled_from(sorted(UNARY)), st.integers(0, 10_000)),
    st.tuples(st.just("binary"), st.sampled_from(sorted(BINARY)), st.integers(0, 10_000),
              st.integers(0, 10_000)),
    st.tuples(st.just("nary"), st.sampled_from(sorted(NARY)), st.lists(st.integers(0, 10_000),
                                                                       min_size=3, max_size=6)),
)
points = st.lists(st.floats(-1.5, 1.5, allow_nan=False), min_size=1, max_size=4)
programs = st.lists(step, min_size=1, max_size=8)


def build(program, inputs):
    pool = list(inputs)
    for kind, name, *picks in program:
        if kind == "unary":
            pool.append(UNARY[name](pool[picks[0] % len(pool)]))
        elif kind == "binary":
            pool.append(BINARY[name](pool[picks[0] % len(pool)], pool[picks[1] % len(pool)]))
        else:
            pool.append(NARY[name]([pool[i % len(pool)] for i in picks[0]]))
    # the output uses several results, so earlier ones fan out to more than one user
    return pool[-1] + 0.5 * pool[len(pool) // 2] + 0.25 * pool[0]


@settings(max_examples=150, deadline=None)
@given(programs, points)
def test_backward_matches_central_differences_on_random_graphs(program, point):
    assert gradcheck(lambda *xs: build(program, xs), point, rtol=1e-4, atol=1e-6)


@settings(max_examples=100, deadline=None)
@given(programs, points)
def test_backward_and_grad_agree_exactly_on_random_graphs(program, point):
    xs = [Value(p) for p in point]
    out = build(program, xs)
    expected = grad(out, xs)
    out.backward()
    assert [x.grad for x in xs] == expected


@settings(max_examples=60, deadline=None)
@given(programs, points)
def test_backward_twice_doubles_every_gradient_on_random_graphs(program, point):
    xs = [Value(p) for p in point]
    out = build(program, xs)
    out.backward()
    once = [x.grad for x in xs]
    out.backward()
    # A leaf adds the second pass's contributions one by one to what the first left, so
    # the sum is twice the first up to the rounding of a float sum: eps * sum |terms|.
    size = {id(x): 0.0 for x in xs}
    for step in backward_steps(out):
        if id(step.input) in size:
            size[id(step.input)] += abs(step.contribution)
    for x, g in zip(xs, once):
        assert x.grad == pytest.approx(2 * g, rel=1e-12, abs=1e-14 * size[id(x)] + 1e-300)
