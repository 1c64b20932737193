"""Each primitive operation: its value and its derivative, worked by hand and by
central differences."""

import math

import pytest

import autograd
from autograd import Value, grad, gradcheck
from autograd.ops import OPS

# (name, f on Values, point, value by hand, derivatives by hand)
UNARY = [
    ("neg", lambda x: -x, 1.5, -1.5, -1.0),
    ("exp", lambda x: x.exp(), 0.7, math.exp(0.7), math.exp(0.7)),
    ("log", lambda x: x.log(), 2.0, math.log(2.0), 0.5),
    ("sqrt", lambda x: x.sqrt(), 4.0, 2.0, 0.25),
    ("tanh", lambda x: x.tanh(), 0.5, math.tanh(0.5), 1 - math.tanh(0.5) ** 2),
    ("sigmoid", lambda x: x.sigmoid(), 0.3, 1 / (1 + math.exp(-0.3)),
     math.exp(-0.3) / (1 + math.exp(-0.3)) ** 2),
    ("relu+", lambda x: x.relu(), 0.8, 0.8, 1.0),
    ("relu-", lambda x: x.relu(), -0.8, 0.0, 0.0),
    ("leaky_relu-", lambda x: x.leaky_relu(0.1), -2.0, -0.2, 0.1),
    ("leaky_relu default slope", lambda x: x.leaky_relu(), -2.0, -0.02, 0.01),
    ("abs-", lambda x: abs(x), -3.0, 3.0, -1.0),
    ("abs method", lambda x: x.abs(), 3.0, 3.0, 1.0),
    ("softplus", lambda x: x.softplus(), 0.4, math.log(1 + math.exp(0.4)), 1 / (1 + math.exp(-0.4))),
    ("softplus of a negative", lambda x: x.softplus(), -2.0, math.log(1 + math.exp(-2.0)),
     1 / (1 + math.exp(2.0))),
    ("square", lambda x: x ** 2, 3.0, 9.0, 6.0),
    ("cube", lambda x: x ** 3, -2.0, -8.0, 12.0),
    ("fractional power", lambda x: x ** 1.5, 4.0, 8.0, 3.0),
    ("reciprocal power", lambda x: x ** -1, 2.0, 0.5, -0.25),
    ("power zero", lambda x: x ** 0, 2.0, 1.0, 0.0),
    ("reflected add", lambda x: 2 + x, 1.0, 3.0, 1.0),
    ("reflected sub", lambda x: 2 - x, 1.0, 1.0, -1.0),
    ("reflected mul", lambda x: 2 * x, 1.0, 2.0, 2.0),
    ("reflected div", lambda x: 2 / x, 4.0, 0.5, -2 / 16),
    ("reflected pow", lambda x: 2 ** x, 3.0, 8.0, 8 * math.log(2)),
]


@pytest.mark.parametrize("name, f, x, value, slope", UNARY, ids=[u[0] for u in UNARY])
def test_unary_value_and_derivative_match_hand_worked_math(name, f, x, value, slope):
    v = Value(x)
    out = f(v)
    out.backward()
    assert out.data == pytest.approx(value, rel=1e-12)
    assert v.grad == pytest.approx(slope, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("name, f, x, value, slope", UNARY, ids=[u[0] for u in UNARY])
def test_unary_derivative_matches_central_differences(name, f, x, value, slope):
    # every point above is at least 0.3 from a kink, far beyond the step of 1e-6
    assert gradcheck(f, [x])


BINARY = [
    ("add", lambda a, b: a + b, 2.0, 3.0, 5.0, (1.0, 1.0)),
    ("sub", lambda a, b: a - b, 2.0, 3.0, -1.0, (1.0, -1.0)),
    ("mul", lambda a, b: a * b, 2.0, 3.0, 6.0, (3.0, 2.0)),
    ("div", lambda a, b: a / b, 3.0, 2.0, 1.5, (0.5, -0.75)),
    ("value power", lambda a, b: a ** b, 2.0, 3.0, 8.0, (12.0, 8 * math.log(2))),
]


@pytest.mark.parametrize("name, f, a, b, value, slopes", BINARY, ids=[b[0] for b in BINARY])
def test_binary_value_and_derivatives_match_hand_worked_math(name, f, a, b, value, slopes):
    va, vb = Value(a), Value(b)
    out = f(va, vb)
    out.backward()
    assert out.data == pytest.approx(value, rel=1e-12)
    assert (va.grad, vb.grad) == pytest.approx(slopes, rel=1e-12)


@pytest.mark.parametrize("name, f, a, b, value, slopes", BINARY, ids=[b[0] for b in BINARY])
def test_binary_derivatives_match_central_differences(name, f, a, b, value, slopes):
    assert gradcheck(f, [a, b])


def test_value_power_with_zero_base_has_zero_exponent_gradient():
    base, exponent = Value(0.0), Value(2.0)
    (base ** exponent).backward()
    assert exponent.grad == 0.0


NARY = [
    ("sum", lambda a, b, c, d: autograd.sum([a, b, c, d])),
    ("logsumexp", lambda a, b, c, d: autograd.logsumexp([a, b, c, d])),
    ("dot", lambda a, b, c, d: autograd.dot([a, b], [c, d])),
    ("dot with bias and tanh", lambda a, b, c, d: autograd.dot([a], [b], c, activation="tanh") * d),
]


@pytest.mark.parametrize("name, f", NARY, ids=[n[0] for n in NARY])
def test_nary_derivatives_match_central_differences(name, f):
    assert gradcheck(f, [0.3, -1.2, 0.7, 2.0])


def test_every_operation_in_the_table_is_tested_in_this_file():
    # built from the cases above, so an op added to the table without a case here fails
    made = {f(Value(x))._fn.name for _, f, x, *_ in UNARY}
    made |= {f(Value(a), Value(b))._fn.name for _, f, a, b, *_ in BINARY}
    made |= {f(*map(Value, (0.3, -1.2, 0.7, 2.0)))._fn.name for _, f in NARY}
    assert set(OPS) <= made


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
