"""Every op-table entry writes its local derivative as a formula, and the formula with the
numbers put in is the rule the engine uses."""

import math

import pytest
from hypothesis import given, settings
from op_cases import CASES
from test_properties import build, points, programs

from autograd import Value, backward_steps
from autograd.notation import ATOM, NEGATION, PRODUCT, SUM, binding, format_number, group, numeral
from autograd.ops import ACTIVATIONS, OPS
from autograd.views.formulas import rule
from autograd.views.names import value_names


def evaluate_formula(text: str) -> float:
    """A formula with numbers in (``1 - 0.25²``, ``2·3.0``, ``1 if 2.0 > 0 else 0``) as a float.

    The formulas are ours and hold only numbers, so a restricted eval reads them here."""
    python = text.replace("·", "*").replace("²", "**2").replace("^", "**").replace("ln(", "log(")
    sign = lambda x: (x > 0) - (x < 0)  # noqa: E731
    return float(eval(python, {"__builtins__": {}}, {**MATH, "sign": sign}))


MATH = {name: getattr(math, name) for name in dir(math) if not name.startswith("_")}
"""What a formula may call: math's functions (``cos``, ``log``...) and its ``e``."""


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_rule_formula_with_numbers_equals_the_rule(case):
    # at the row's example and at each hand-worked point (tests/op_cases.py)
    for f, point in case.points():
        node = f(*(Value(x, label=f"x{i}") for i, x in enumerate(point)))
        names = value_names(node)
        for step in backward_steps(node):
            with_names, with_numbers = rule(step, names, digits=0)
            assert with_names
            assert evaluate_formula(with_numbers) == pytest.approx(step.local, rel=1e-12, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(programs, points)
def test_on_random_graphs_every_step_formula_evaluates_to_its_local_derivative(program, point):
    inputs = [Value(x, label=f"x{i}") for i, x in enumerate(point)]
    root = build(program, inputs)
    names = value_names(root)
    for step in backward_steps(root):
        with_numbers = rule(step, names, digits=0)[1]
        assert evaluate_formula(with_numbers) == pytest.approx(step.local, rel=1e-9, abs=1e-12)


def test_the_tanh_rule_reads_as_in_the_lecture():
    o = Value(0.8814, label="n").tanh()
    o.label = "o"
    step = backward_steps(o)[0]
    assert rule(step, value_names(o)) == ("1 - o²", "1 - 0.7071²")


def test_the_product_rule_is_the_other_factor():
    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    y = x * w
    names = value_names(y)
    assert [rule(s, names) for s in backward_steps(y)] == [("w", "(-3.0)"), ("x", "2.0")]


def test_a_power_rule_puts_the_exponent_in():
    x = Value(2.0, label="x")

    def rule_of(y):
        return rule(backward_steps(y)[0], value_names(y))

    assert rule_of(x ** 3) == ("3·x^2", "3·2.0^2")
    assert rule_of(x ** 2) == ("2·x", "2·2.0")
    assert rule_of(x ** -1) == ("-1·x^(-2)", "-1·2.0^(-2)")


def test_negative_numbers_in_formulas_are_in_parentheses():
    assert numeral(-0.5) == "(-0.5)" and numeral(0.5) == "0.5"


def test_binding_reads_the_loosest_operator_outside_brackets():
    assert binding("x") == ATOM and binding("tanh(a + b)") == ATOM
    assert binding("x*y") == PRODUCT and binding("-x") == NEGATION and binding("a + b") == SUM


def test_group_adds_parentheses_only_where_needed():
    assert group("a + b", PRODUCT) == "(a + b)" and group("a*b", PRODUCT) == "a*b"
    assert group("x", ATOM) == "x" and group("-x", ATOM) == "(-x)"


def test_format_number_keeps_four_significant_digits_by_default():
    assert format_number(0.70710678) == "0.7071" and format_number(2.0) == "2.0"


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("slope", [0.0, 0.01, 1.0, 3.0])
def test_a_fusable_activations_derivative_reads_the_same_from_its_output_as_from_its_input(name, slope):
    # a dot node passes its output where the rule expects the pre-activation z (autograd.ops._dot_rule)
    act = ACTIVATIONS[name]
    k = slope if name == "leaky_relu" else None
    for z in (-700.0, -2.5, -1e-300, 0.0, 1e-300, 0.3, 2.5, 700.0):
        out = act.forward((z,), k)
        assert act.local(out, (out,), k)[0] == act.local(out, (z,), k)[0], (name, z)


def test_every_nn_activation_and_expression_function_comes_from_the_op_table():
    import nn
    from autograd.tutor.expression import FUNCTIONS

    assert set(nn.ACTIVATION_NAMES) == {*ACTIVATIONS, "linear"}
    assert set(FUNCTIONS) == {name for name in OPS if hasattr(Value, name) and name != "leaky_relu"}
