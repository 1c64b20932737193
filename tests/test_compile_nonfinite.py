"""A replay that meets an infinite or NaN number does what the engine does there.

The engine refuses operands outside an op's domain and results too large for a float,
naming the op; lets a non-finite leaf carry on (unless detect_anomaly is on); skips a
node whose upstream gradient is exactly 0 (so 0 * inf counts as 0); passes nothing
from an inactive ReLU neuron; and refuses a derivative it cannot compute. A replay
gives the same numbers and raises the same errors, with the same messages.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_cases import CASES, EXPONENTS, HOSTILE

import autograd
from autograd import Value
from autograd.ops import OPS


def error_of(action):
    """The exception ``action()`` raises, to compare the engine's with a replay's."""
    with pytest.raises(Exception) as caught:
        action()
    return caught.value


def compiled_at(make, start, feed):
    """The error of a replay of ``make``'s graph, compiled at ``start`` and fed ``feed``,
    and the error of the engine building the same graph at ``feed``."""
    x = Value(start, label="x")
    compiled = autograd.compile(make(x), inputs=[x])
    replay = error_of(lambda: compiled.forward([feed]))
    engine = error_of(lambda: make(Value(feed, label="x")))
    return replay, engine


@pytest.mark.parametrize("make, feed", [
    (lambda x: (x * 2).log(), -0.25),
    (lambda x: (x + 1).sqrt(), -3.0),
    (lambda x: 3.0 / (x - 2), 2.0),
    (lambda x: (x - 1) ** 0.5, 0.0),
    (lambda x: (x - 1) ** -2, 1.0),
    (lambda x: (x * 1.0) ** Value(0.5), -1.0),
])
def test_an_operand_outside_the_domain_raises_the_engines_error(make, feed):
    replay, engine = compiled_at(make, 2.5, feed)
    assert type(replay) is type(engine) and str(replay) == str(engine)


def test_a_result_too_large_for_a_float_raises_an_overflow_error_naming_the_op_as_the_engine():
    replay, engine = compiled_at(lambda x: (x * 2).exp(), 1.0, 400.0)
    assert type(replay) is type(engine) is OverflowError
    assert str(replay).startswith("exp: the result (inf) is too large for a float")
    assert str(engine).startswith("exp: the result is too large for a float")


def test_an_overflow_inside_a_flattened_sum_is_an_overflow_error_naming_the_addition():
    x = Value(0.5)
    compiled = autograd.compile(sum([x * 1e308, x * 1e308, x]), inputs=[x])
    with pytest.raises(OverflowError, match=r"^\+: the result \(inf\) is too large"):
        compiled.forward([1.5])


def test_a_nan_leaf_carries_on_through_a_replay_as_through_the_engine():
    x = Value(1.0)
    compiled = autograd.compile((x * 2).tanh() + x, inputs=[x])
    assert math.isnan(compiled.forward([math.nan]))
    assert math.isnan(compiled.backward()[0])


def test_detect_anomaly_makes_a_nan_result_of_a_replay_an_error():
    x = Value(1.0)
    compiled = autograd.compile((x * 2).tanh(), inputs=[x])
    with autograd.detect_anomaly(), pytest.raises(FloatingPointError, match=r"^\*: produced nan"):
        compiled.forward([math.nan])


def test_a_zero_upstream_gradient_skips_an_infinite_derivative_as_the_engine_does():
    x, zero = Value(0.0), Value(0.0)
    y = x.sqrt() * zero + x  # sqrt's derivative 0.5/0 is inf, but nothing flows into it
    compiled = autograd.compile(y, inputs=[x])
    compiled.forward([0.0])
    y.backward()
    assert compiled.backward(accumulate=False).tolist()[0] == x.grad == 1.0


def test_an_inactive_relu_neuron_passes_nothing_even_to_an_infinite_input():
    w, x = Value(-1.0), Value(math.inf)
    y = autograd.dot([w], [x], activation="relu") + w  # relu(-inf) = 0: inactive
    compiled = autograd.compile(y)
    assert compiled.forward() == 0.0 - 1.0
    y.backward()
    assert compiled.backward(accumulate=False).tolist() == [w.grad, x.grad] == [1.0, 0.0]


def test_an_infinite_upstream_through_a_zero_derivative_is_nan_in_both():
    x, big = Value(-1.0), Value(math.inf)
    y = x.relu() * big  # relu passes inf * 0 = nan on: it is not skipped
    compiled = autograd.compile(y)
    compiled.forward()
    y.backward()
    assert math.isnan(x.grad) and math.isnan(compiled.backward(accumulate=False)[0])


def test_a_derivative_undefined_at_the_replayed_numbers_raises_the_engines_error():
    def make(x):
        return (x * 1.0).sqrt()

    x = Value(4.0, label="x")
    compiled = autograd.compile(make(x), inputs=[x])
    compiled.forward([0.0])
    replay = error_of(compiled.backward)
    engine = error_of(make(Value(0.0, label="x")).backward)
    assert type(replay) is type(engine) is ZeroDivisionError and str(replay) == str(engine)


def test_a_failed_backward_adds_nothing_into_any_grad():
    w, x = Value(2.0), Value(4.0)
    compiled = autograd.compile((w * x).sqrt(), inputs=[x])
    compiled.forward([0.0])
    with pytest.raises(ZeroDivisionError):
        compiled.backward()
    assert w.grad == 0.0


def test_a_leaf_whose_data_is_not_a_number_is_a_type_error_naming_it():
    w = Value(2.0, label="w")
    compiled = autograd.compile(w * 3)
    w.data = [2.0]
    with pytest.raises(TypeError, match=r"a leaf's .data must be a number, got list \[2.0\] \(label 'w'\)"):
        compiled.forward()


def test_replays_do_not_warn_about_floating_point_errors():
    x = Value(1.0)
    compiled = autograd.compile((x * 0.0).sqrt() * 0.0 + x, inputs=[x])  # 0.5 / 0 under a zero gradient
    with np.errstate(all="raise"):
        compiled.forward([2.0])
        compiled.backward()


# the engine's outcome at every special value, for every op --------------------------------------
def _graphs_of_every_op():
    """(name, make, arity, start) for every row of the op table, and ``x ** k`` for each special
    constant exponent: ``start`` is a point where the engine builds the graph, to compile it."""
    graphs = [(case.name, case.make, len(case.points()[0][1]), case.points()[0][1]) for case in CASES]
    graphs += [(f"**{k!r}", lambda x, k=k: x ** k, 1, (1.0,)) for k in EXPONENTS]
    return graphs


EVERY_OP = _graphs_of_every_op()
COMPILED = {name: (make, autograd.compile(make(*xs), inputs=xs))
            for name, make, _, start in EVERY_OP for xs in [[Value(float(s)) for s in start]]}


def outcome(action):
    """What ``action()`` gives: ("value", number) or ("error", its type)."""
    try:
        return "value", action()
    except (ArithmeticError, ValueError) as error:
        return "error", type(error)


def same_outcome(engine, replay, rounding=0.0):
    """The same error type, or the same number up to NumPy's rounding of exp, log and ** (and
    ``rounding``, the most another order of the same additions may change it)."""
    if engine[0] != replay[0] or engine[0] == "error":
        return engine == replay
    e, r = engine[1], replay[1]
    return (e != e and r != r) or e == r or abs(e - r) <= 4e-16 * abs(e) + rounding


def dot_rounding(name, point):
    """For a dot (a matrix product in a replay, which adds in its own order and may fuse each
    product into the sum): a bound on how much that order changes the sum, 2 eps per term;
    none where the products are not finite: there the replay adds in the engine's order."""
    if name != "dot":
        return 0.0
    n = (len(point) - 1) // 2
    size = sum(abs(w * x) for w, x in zip(point[:n], point[n:2 * n]))
    return 4.5e-16 * size if math.isfinite(size) else 0.0


def test_every_op_of_the_table_and_every_special_exponent_is_compared():
    assert {name for name, *_ in EVERY_OP} >= set(OPS)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from([name for name, *_ in EVERY_OP]).flatmap(
    lambda name: st.tuples(st.just(name), st.lists(st.sampled_from(HOSTILE), min_size=ARITY[name],
                                                   max_size=ARITY[name]))))
def test_a_replay_at_special_values_gives_the_engines_value_or_error_for_every_op(drawn):
    name, point = drawn
    make, compiled = COMPILED[name]
    engine = outcome(lambda: make(*[Value(p) for p in point]).data)
    replay = outcome(lambda: compiled.forward(point))
    assert same_outcome(engine, replay, dot_rounding(name, point)), (name, point, engine, replay)


ARITY = {name: arity for name, _, arity, _ in EVERY_OP}


@pytest.mark.parametrize("make, feed", [
    (lambda x, y: x ** y, (-2.0, -math.inf)),
    (lambda x, y: x ** y, (-0.5, math.inf)),
    (lambda x, y: x ** y, (-math.inf, -0.5)),
    (lambda x, y: (x * y) ** -0.5, (-math.inf, 1.0)),
    (lambda x, y: x ** -math.inf + y, (-2.0, 1.0)),
], ids=["negative base, -inf exponent", "negative base, +inf exponent", "-inf base", "-inf ** -0.5",
        "a constant exponent of -inf"])
def test_an_operand_outside_the_domain_is_refused_even_where_numpys_result_is_finite(make, feed):
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    compiled = autograd.compile(make(x, y), inputs=[x, y])
    replay = error_of(lambda: compiled.forward(list(feed)))
    engine = error_of(lambda: make(Value(feed[0], label="x"), Value(feed[1], label="y")))
    assert type(replay) is type(engine) is ValueError and str(replay) == str(engine)


@pytest.mark.parametrize("feed", [(0.0, 0.0), (0.0, 0.5), (0.0, 2.0)], ids=["0**0", "0**0.5", "0**2"])
def test_a_replay_differentiates_a_power_at_a_zero_base_as_the_engine(feed):
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    compiled = autograd.compile(x ** y, inputs=[x, y])
    compiled.forward(list(feed))
    replay = outcome(lambda: list(compiled.backward()))
    xe, ye = Value(feed[0], label="x"), Value(feed[1], label="y")
    engine = outcome(lambda: ((xe ** ye).backward(), [xe.grad, ye.grad])[1])
    assert replay == engine
    if engine[0] == "error":
        assert str(error_of(compiled.backward)) == str(error_of(lambda: (xe ** ye).backward()))


# a sum node is judged as one node ----------------------------------------------------------------
def test_a_sum_node_with_an_infinite_term_carries_it_on_even_where_its_running_sum_overflows():
    terms = [Value(1e308), Value(1e308), Value(-math.inf)]
    total = autograd.sum(terms)
    assert math.isnan(total.data)
    assert math.isnan(autograd.compile(total).forward())


def test_a_sum_node_of_finite_terms_that_overflows_raises_naming_sum_as_the_engine():
    terms = [Value(1.0), Value(1.0), Value(-1.0)]
    compiled = autograd.compile(autograd.sum([t * 1.0 for t in terms]), inputs=terms)
    replay = error_of(lambda: compiled.forward([1e308, 1e308, -1e308]))
    engine = error_of(lambda: autograd.sum([Value(1e308), Value(1e308), Value(-1e308)]))
    assert type(replay) is type(engine) is OverflowError
    assert str(replay).startswith("sum: the result (inf) is too large for a float")


def test_a_nan_made_of_finite_operands_is_called_an_overflow_not_a_number_too_large():
    ws, xs = [Value(1.0), Value(1.0)], [Value(1e300), Value(-1e300)]
    compiled = autograd.compile(autograd.dot(ws, xs), inputs=ws)
    replay = error_of(lambda: compiled.forward([1e300, 1e300]))
    engine = error_of(lambda: autograd.dot([Value(1e300), Value(1e300)], [Value(1e300), Value(-1e300)]))
    for error in (replay, engine):
        assert type(error) is OverflowError and "too large" not in str(error)
        assert str(error).startswith("dot: the result is nan: part of the way it overflowed to infinity")


def test_a_chain_of_additions_overflows_at_its_first_addition_even_with_an_infinite_term_after_it():
    a, b, c = Value(1.0), Value(1.0), Value(1.0)
    compiled = autograd.compile(a + b + c, inputs=[a, b, c])
    with pytest.raises(OverflowError, match=r"^\+: the result \(inf\) is too large"):
        compiled.forward([1e308, 1e308, -math.inf])
    with pytest.raises(OverflowError):
        Value(1e308) + Value(1e308) + Value(-math.inf)


def test_a_sum_node_absorbed_into_a_chain_is_judged_on_its_own_terms():
    a, b, c, d = (Value(1.0) for _ in range(4))
    total = autograd.sum([a, b, c]) + d  # the row: a, b, c (the sum node), then + d
    compiled = autograd.compile(total, inputs=[a, b, c, d])
    assert math.isnan(compiled.forward([1e308, 1e308, -math.inf, 1.0]))
    with pytest.raises(OverflowError, match=r"^\+: the result \(inf\)"):
        compiled.forward([1e308, 0.0, 0.0, 1e308])


# a dot node adds as the engine adds, where that decides the outcome ------------------------------
@pytest.mark.parametrize("weights, inputs, bias", [
    ([-math.inf, -1e308], [-math.inf, 3.0], -800.0),  # inf + (-1e308 * 3 = -inf) is NaN, not inf
    ([-1e308, 1e308], [1.0, 2.0], 0.0),  # 1e308 * 2 overflows before it is added, fused or not
    ([1e200, -1e200, 1.0], [1e100, 1e100, 1.0], 0.0),  # each product overflows on its own
], ids=["an infinite operand", "a product that overflows", "products that overflow and cancel"])
def test_a_replayed_dot_gives_the_engines_value_or_error_near_an_overflow(weights, inputs, bias):
    n = len(weights)
    leaves = [Value(1.0) for _ in range(2 * n + 1)]
    compiled = autograd.compile(autograd.dot(leaves[:n], leaves[n:2 * n], leaves[-1], activation="tanh"),
                                inputs=leaves)
    point = [*weights, *inputs, bias]
    engine = outcome(lambda: autograd.dot(*map(lambda p: [Value(v) for v in p], (weights, inputs)),
                                          Value(bias), activation="tanh").data)
    assert same_outcome(engine, outcome(lambda: compiled.forward(point)))


def test_finite_gradients_whose_sum_overflows_come_back_as_the_engines():
    xs = [Value(1e-10) for _ in range(3)]
    y = autograd.sum([x * 1e308 for x in xs])  # each gradient 1e308: together beyond a float
    compiled = autograd.compile(y, inputs=xs)
    compiled.forward()
    assert compiled.backward(accumulate=False)[:3].tolist() == autograd.grad(y, xs) == [1e308] * 3


def test_numbers_whose_squares_add_up_beyond_a_float_replay_as_the_engine_computes_them():
    xs = [Value(1e200), Value(-1e200), Value(3.0)]
    y = (xs[0] + xs[1]) * xs[2]  # 0 * 3, from numbers whose squares overflow
    compiled = autograd.compile(y, inputs=xs)
    assert compiled.forward() == y.data == 0.0
    assert compiled.backward(accumulate=False)[:3].tolist() == autograd.grad(y, xs)
