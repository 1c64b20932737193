"""Every message of the engine and the replay quotes at most a bounded piece of what the user
gave (a value, a label, an op name): a million-character input makes a short message that
still names the problem."""

import math

import pytest

import autograd
from autograd import Value
from autograd.notation import quoted

HUGE = "L" * 10**6


def _learner_op(name: str) -> Value:
    """A node written by hand, micrograd's way, with the op name ``name``."""
    x = Value(2.0)
    out = Value(x.data * 2, (x,), name)

    def _backward():
        x.grad += 2 * out.grad
    out._backward = _backward
    return out


def _compile_with_a_huge_input_label():
    autograd.compile(Value(2.0) * 3, inputs=[Value(1.0, label=HUGE)])


def _compile_fed_a_string_for_a_huge_label():
    leaf = Value(1.0, label=HUGE)
    compiled = autograd.compile(leaf * 3, inputs=[leaf])
    leaf.data = "x"
    compiled.forward()


def _replay_overflow_with_a_huge_label():
    x = Value(1.0, label=HUGE)
    autograd.compile(x * 1e300, inputs=[x]).forward([1e300])


ENTRY_POINTS = {
    "Value of a string": (lambda: Value("9" * 10**6), "real number"),
    "compile's unused input": (_compile_with_a_huge_input_label, "not in the graph"),
    "compile's leaf data": (_compile_fed_a_string_for_a_huge_label, "must be a number"),
    "a replay's overflow": (_replay_overflow_with_a_huge_label, "too large"),
    "log of a labelled negative": (lambda: Value(-1.0, label=HUGE).log(), "positive"),
    "backward at a labelled zero": (lambda: Value(0.0, label=HUGE).sqrt().backward(), "undefined"),
    "compile of a learner op": (lambda: autograd.compile(_learner_op(HUGE)), "cannot replay"),
    "a learner op's higher derivative": (
        lambda: autograd.grad(_learner_op(HUGE), [], create_graph=True), "create_graph"),
    "grad of a string": (lambda: autograd.grad(Value(1.0), [HUGE]), "Values as inputs"),
    "dot's activation": (
        lambda: autograd.dot([Value(1.0)], [Value(2.0)], activation=HUGE), "no activation"),
    "a string for _children": (lambda: Value(1.0, HUGE), "_children"),
    "a Value as a child": (lambda: Value(1.0, (HUGE,)), "_children"),
    "a label that is not a string": (lambda: Value(1.0, label=[HUGE]), "label must be a string"),
}


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_a_huge_input_is_quoted_in_a_bounded_piece_and_the_problem_is_named(name):
    action, problem = ENTRY_POINTS[name]
    with pytest.raises((TypeError, ValueError, ArithmeticError)) as raised:
        action()
    message = str(raised.value)
    assert len(message) < 400 and problem in message, message[:500]  # the fixed text is up to 260


def test_a_long_text_is_quoted_by_its_start_and_its_length():
    assert quoted("x" * 100) == repr("x" * 40) + "... (100 characters)"
    assert quoted("short") == "'short'"


def test_the_tutor_quotes_with_the_engines_helper():
    from autograd.tutor import expression

    assert expression.quoted is quoted


def test_a_short_label_is_still_shown_whole():
    with pytest.raises(ValueError, match=r"operands: x=-1.0"):
        Value(-1.0, label="x").log()
    assert math.isfinite(Value(1.0, label="x").log().data)


def test_a_whole_number_too_long_for_repr_is_quoted_by_its_size():
    assert quoted(10**5000) == "a whole number of about 5,001 digits"
    assert quoted(-(10**100)) == "a negative whole number of about 101 digits"
    assert quoted(12345) == "12345"
