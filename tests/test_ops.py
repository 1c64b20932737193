"""Each primitive operation: its value and its derivative, worked by hand and by
central differences."""

import itertools
import math

import pytest
from op_cases import BY_NAME, CASES, FINITE, hand_cases

import autograd
from autograd import Value, grad, gradcheck
from autograd.ops import OPS

HAND = hand_cases()
IDS = [name for name, _, _ in HAND]


def second_derivatives(f, point):
    """d2 f / d x_i d x_j: grad of each first derivative, itself got with create_graph=True."""
    xs = [Value(x) for x in point]
    firsts = grad(f(*xs), xs, create_graph=True)
    return [grad(first, xs) for first in firsts]


def central_differences_of_grad(f, point, eps=1e-6):
    """d2 f / d x_i d x_j from first derivatives (grad, floats) at point +- eps along x_j."""
    def first(at):
        xs = [Value(x) for x in at]
        return grad(f(*xs), xs)

    columns = []
    for j in range(len(point)):
        up, down = list(point), list(point)
        up[j] += eps
        down[j] -= eps
        columns.append([(u - d) / (2 * eps) for u, d in zip(first(up), first(down))])
    return [list(row) for row in zip(*columns)]


@pytest.mark.parametrize("name, case, hand", HAND, ids=IDS)
def test_value_and_derivatives_match_hand_worked_math(name, case, hand):
    xs = [Value(x) for x in hand.point]
    out = (hand.f or case.make)(*xs)
    out.backward()
    assert out.data == pytest.approx(hand.value, rel=1e-12)
    assert [x.grad for x in xs] == pytest.approx(hand.slopes, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("name, case, hand", HAND, ids=IDS)
def test_derivatives_match_central_differences(name, case, hand):
    # every point is at least 0.3 from a kink, far beyond the step of 1e-6
    assert gradcheck(hand.f or case.make, list(hand.point))


@pytest.mark.parametrize("name, case, hand", HAND, ids=IDS)
def test_second_derivatives_match_central_differences_of_the_first(name, case, hand):
    f = hand.f or case.make
    numeric = central_differences_of_grad(f, hand.point)
    for row, expected in zip(second_derivatives(f, hand.point), numeric):
        assert row == pytest.approx(expected, rel=1e-5, abs=1e-7)


@pytest.mark.parametrize("name, case, hand", [c for c in HAND if c[2].second is not None],
                         ids=[name for name, _, h in HAND if h.second is not None])
def test_second_derivatives_match_hand_worked_math(name, case, hand):
    second = second_derivatives(hand.f or case.make, hand.point)
    assert second == [pytest.approx(row, rel=1e-10, abs=1e-15) for row in hand.second]


def test_every_operation_in_the_table_has_one_row_of_cases_that_makes_it():
    assert sorted(BY_NAME) == sorted(OPS) and len(BY_NAME) == len(CASES)
    for case in CASES:
        example = case.points()[0][1]
        assert case.make(*map(Value, example))._fn is OPS[case.name], case.name


def _finite_points(arity: int) -> list:
    """Tuples of finite operands: every pair for one or two operands, rotations of FINITE for more."""
    if arity <= 2:
        return list(itertools.product(FINITE, repeat=arity))
    return [tuple(FINITE[(i + j) % len(FINITE)] for j in range(arity)) for i in range(len(FINITE))]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.parametrize("create_graph", [False, True])
def test_a_derivative_undefined_at_finite_operands_raises_and_is_never_a_silent_nan(case, create_graph):
    for point in _finite_points(len(case.points()[0][1])):
        try:
            xs = [Value(x) for x in point]
            out = case.make(*xs)
        except (ArithmeticError, ValueError):
            continue  # outside the op's domain: refused forward already
        try:
            grads = grad(out, xs, create_graph=create_graph)
        except (ArithmeticError, ValueError) as error:
            assert f"backward of {out.op}" in str(error)
            continue
        assert not any(math.isnan(getattr(g, "data", g)) for g in grads), (case.name, point, grads)


def test_a_power_with_a_value_exponent_says_its_exponent_derivative_is_undefined_at_a_negative_base():
    x, y = Value(-2.0, label="x"), Value(2.0, label="y")
    with pytest.raises(ValueError, match=r"backward of pow: .*x=-2\.0, y=2\.0.*ln of the negative base"):
        (x ** y).backward()
    assert (x.grad, y.grad) == (0.0, 0.0)


def test_a_negative_base_to_a_constant_power_keeps_its_derivative_as_in_micrograd():
    x = Value(-3.0)
    (x ** 2 + x ** -1 + x ** 3.0).backward()
    assert x.grad == 2 * -3.0 - 1 / 9 + 3 * 9.0


def test_value_power_with_zero_base_has_zero_exponent_gradient():
    base, exponent = Value(0.0), Value(2.0)
    (base ** exponent).backward()
    assert exponent.grad == 0.0


def test_sum_is_one_node_with_unit_derivatives():
    xs = [Value(float(i)) for i in range(5)]
    total = autograd.sum(xs)
    total.backward()
    assert total.op == "sum" and total.inputs == tuple(xs)
    assert total.data == 10.0
    assert [x.grad for x in xs] == [1.0] * 5


def test_sum_turns_numbers_into_leaves():
    x = Value(1.0)
    total = autograd.sum([x, 2, 3.5])
    assert total.data == 6.5 and len(total.inputs) == 3


def test_fused_ops_accept_numpy_scalars():
    import numpy as np

    w = [Value(1.0), Value(2.0)]
    assert autograd.dot(w, [np.float64(3.0), np.float32(0.5)], np.int64(1)).data == 5.0
    assert autograd.sum([np.float64(1.5), Value(1.0)]).data == 2.5


def test_fused_ops_reject_non_numbers_naming_the_type():
    with pytest.raises(TypeError, match="got str"):
        autograd.dot([Value(1.0)], ["x"])


def test_sum_of_nothing_is_zero():
    assert autograd.sum([]).data == 0.0


def test_dot_is_one_node_with_weight_and_input_derivatives():
    w = [Value(1.0), Value(-2.0)]
    x = [Value(3.0), Value(0.5)]
    b = Value(0.25)
    out = autograd.dot(w, x, b)
    out.backward()
    assert out.op == "dot" and len(out.inputs) == 5
    assert out.data == 1.0 * 3.0 + -2.0 * 0.5 + 0.25
    assert [v.grad for v in w] == [3.0, 0.5]
    assert [v.grad for v in x] == [1.0, -2.0]
    assert b.grad == 1.0


def test_dot_without_bias_is_the_weighted_sum():
    assert autograd.dot([2.0, 3.0], [4.0, 5.0]).data == 23.0


def test_dot_of_a_vector_with_itself_gives_twice_each_entry():
    p = [Value(1.5), Value(-2.0)]
    autograd.dot(p, p).backward()
    assert [v.grad for v in p] == [3.0, -4.0]


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "tanh", "sigmoid", "linear"])
def test_dot_with_activation_matches_the_activation_applied_after(activation):
    def fused(w1, w2, x1, x2, b):
        return autograd.dot([w1, w2], [x1, x2], b, activation=activation)

    def separate(w1, w2, x1, x2, b):
        z = w1 * x1 + w2 * x2 + b
        return z if activation == "linear" else getattr(z, activation)()

    for point in ([0.3, -0.2, 1.1, 0.7, 0.05], [-0.3, -0.2, 1.1, 0.7, 0.05]):
        assert fused(*map(Value, point)).data == pytest.approx(separate(*map(Value, point)).data)
        assert grad(fused(*(vs := [Value(p) for p in point])), vs) == pytest.approx(
            grad(separate(*(us := [Value(p) for p in point])), us))
        assert gradcheck(fused, point)


def test_dot_with_activation_is_one_node_named_for_both():
    out = autograd.dot([Value(1.0)], [Value(2.0)], Value(0.0), activation="tanh")
    assert out.op == "tanh(dot)"


def test_inactive_relu_neuron_passes_no_gradient():
    w, x, b = Value(-1.0), Value(2.0), Value(0.5)
    autograd.dot([w], [x], b, activation="relu").backward()
    assert (w.grad, x.grad, b.grad) == (0.0, 0.0, 0.0)


def test_dot_rejects_mismatched_lengths_naming_both():
    with pytest.raises(ValueError, match="2 weights and 3 inputs"):
        autograd.dot([1.0, 2.0], [1.0, 2.0, 3.0])


def test_dot_rejects_an_unknown_activation_listing_the_known_ones():
    with pytest.raises(ValueError, match="'swish'.*relu.*tanh.*sigmoid"):
        autograd.dot([1.0], [1.0], activation="swish")


def test_sigmoid_and_tanh_are_finite_with_finite_gradients_at_extremes():
    for x in (-1000.0, 1000.0):
        for name in ("sigmoid", "tanh"):
            v = Value(x)
            out = getattr(v, name)()
            out.backward()
            assert math.isfinite(out.data) and math.isfinite(v.grad)
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0


TINY = math.exp(-40.0)  # softplus(-40) and its slope sigmoid(-40), both e^-40 to 17 digits


@pytest.mark.parametrize("x, value, slope", [(-1000.0, 0.0, 0.0), (1000.0, 1000.0, 1.0), (-40.0, TINY, TINY)])
def test_softplus_is_finite_at_extremes_and_keeps_the_digits_of_a_tiny_result(x, value, slope):
    v = Value(x)
    out = v.softplus()
    out.backward()
    assert out.data == pytest.approx(value, rel=1e-15, abs=0.0)
    assert v.grad == pytest.approx(slope, rel=1e-15, abs=0.0)


def test_logsumexp_by_hand_and_its_gradient_is_the_softmax():
    xs = [Value(0.0), Value(math.log(3.0))]
    out = autograd.logsumexp(xs)
    out.backward()
    assert out.data == pytest.approx(math.log(4.0), rel=1e-15)
    assert [x.grad for x in xs] == pytest.approx([0.25, 0.75], rel=1e-15)


def test_logsumexp_is_finite_for_terms_of_plus_minus_1000():
    xs = [Value(1000.0), Value(-1000.0), Value(1000.0)]
    out = autograd.logsumexp(xs)
    out.backward()
    assert out.data == pytest.approx(1000.0 + math.log(2.0), rel=1e-15)
    # the rule e^(x_i - out) reads out = 1000.69..., which is rounded to 1e-13: so is the gradient
    assert [x.grad for x in xs] == pytest.approx([0.5, 0.0, 0.5], rel=1e-12, abs=0.0)


def test_logsumexp_of_one_term_is_the_term_with_derivative_one():
    x = Value(-3.5)
    out = autograd.logsumexp([x])
    out.backward()
    assert (out.data, x.grad) == (-3.5, 1.0)


def test_logsumexp_follows_an_infinite_term():
    assert autograd.logsumexp([Value(1.0), Value(math.inf)]).data == math.inf
    assert autograd.logsumexp([Value(-math.inf), Value(-math.inf)]).data == -math.inf
    assert math.isnan(autograd.logsumexp([Value(1.0), Value(math.nan)]).data)


def test_logsumexp_of_no_terms_says_it_needs_one():
    with pytest.raises(ValueError, match="logsumexp needs at least one term, got none"):
        autograd.logsumexp([])


def test_logsumexp_and_softplus_second_derivatives_match_the_formulas():
    x, y = Value(0.3), Value(-0.4)
    (dx,) = grad(autograd.logsumexp([x, y]), [x], create_graph=True)
    (dxx,) = grad(dx, [x])
    s = 1 / (1 + math.exp(-(0.3 + 0.4)))  # d/dx = sigmoid(x - y); d2/dx2 = s (1 - s)
    assert (dx.data, dxx) == (pytest.approx(s, rel=1e-15), pytest.approx(s * (1 - s), rel=1e-14))
    z = Value(0.8)
    (dz,) = grad(z.softplus(), [z], create_graph=True)
    s = 1 / (1 + math.exp(-0.8))
    assert grad(dz, [z])[0] == pytest.approx(s * (1 - s), rel=1e-14)


def test_dots_makes_the_nodes_that_a_dot_per_row_makes():
    weights = [[Value(0.5), Value(-1.0)], [Value(2.0), Value(0.25)], [Value(-0.3), Value(0.7)]]
    biases = [Value(0.1), Value(-0.2), Value(0.0)]
    x = [Value(1.5), Value(-0.5)]
    layer = autograd.dots(weights, x, biases, activation="leaky_relu", slope=0.2)
    one_by_one = [autograd.dot(w, x, b, activation="leaky_relu", slope=0.2) for w, b in zip(weights, biases)]
    assert [(v.data, v.op, v.inputs) for v in layer] == [(v.data, v.op, v.inputs) for v in one_by_one]
    autograd.sum(layer).backward()
    by_layer = [p.grad for p in (*weights[0], *weights[1], *weights[2], *biases, *x)]
    for p in (*weights[0], *weights[1], *weights[2], *biases, *x):
        p.grad = 0.0
    autograd.sum(one_by_one).backward()
    assert by_layer == [p.grad for p in (*weights[0], *weights[1], *weights[2], *biases, *x)]


def test_dots_turns_number_inputs_into_leaves_once_for_all_rows():
    layer = autograd.dots([[Value(1.0)], [Value(2.0)]], [3.0], [Value(0.0), Value(1.0)])
    assert [v.data for v in layer] == [3.0, 7.0]
    assert layer[0].inputs[1] is layer[1].inputs[1]


@pytest.mark.parametrize("weights, biases, error, message", [
    ([[Value(1.0)]], [], ValueError, "one bias per row of weights, got 1 rows and 0 biases"),
    ([[Value(1.0), Value(2.0)]], [Value(0.0)], ValueError, "row 0 has 2 weights for 1 inputs"),
    ([[1.0]], [Value(0.0)], TypeError, "weights and biases must be Values"),
])
def test_dots_refuses_rows_and_biases_that_do_not_fit_naming_them(weights, biases, error, message):
    with pytest.raises(error, match=message):
        autograd.dots(weights, [Value(1.0)], biases)


def test_dots_names_an_input_that_is_not_a_number():
    with pytest.raises(TypeError, match="Value needs a real number.*NoneType"):
        autograd.dots([[Value(1.0), Value(2.0)]], [Value(1.0), None], [Value(0.0)])
