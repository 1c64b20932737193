"""Every message of the engine, the replay and nn quotes at most a bounded piece of what the user
gave (a value, a label, an op name, a row, a target, an argument): a million-character input
makes a short message that still names the problem."""

import math

import pytest

import autograd
import nn
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


def _model():
    return nn.MLP(2, [2, 1], random_state=0)


def _fit(**options):
    model = _model()
    settings = {"X": [[1.0, 2.0]], "y": [1.0], "loss": "mse", "epochs": 1, "progress": False, **options}
    nn.fit(model, optimizer=nn.SGD(model.parameters(), lr=0.1), **settings)


NN_ENTRY_POINTS = {
    "a ragged row": (lambda: nn.predict(_model(), [[1.0, 2.0], [1.0] * 10**6]), "same number of features"),
    "a text among the features": (lambda: nn.predict(_model(), [[1.0, HUGE]]), "must be a number"),
    "a text among the targets": (lambda: _fit(y=[HUGE]), "must be a number"),
    "a loss's text target": (lambda: nn.mse([Value(1.0)], [HUGE]), "must be a number"),
    "a hinge label": (lambda: nn.hinge([Value(1.0)], [HUGE]), "must be a number"),
    "a cross-entropy class": (lambda: nn.cross_entropy([[Value(1.0), Value(2.0)]], [HUGE]), "whole number"),
    "a loss's name": (lambda: _fit(loss=HUGE), "one of"),
    "MLP's layer sizes": (lambda: nn.MLP(2, HUGE), "list of layer sizes"),
    "micrograd's nonlin": (lambda: nn.Neuron(2, nonlin=[HUGE]), "nonlin"),
    "Adam's betas": (lambda: nn.Adam(_model().parameters(), betas=HUGE), "pair"),
    "SGD's nesterov": (lambda: nn.SGD(_model().parameters(), nesterov=HUGE), "True or False"),
    "a parameter that is text": (lambda: nn.SGD([Value(1.0), HUGE]), "be a Value"),
    "a History column": (lambda: nn.History()[HUGE], "History has no"),
    "a History attribute": (lambda: getattr(nn.History(), HUGE), "History has no"),
    "early stopping's column": (lambda: _fit(early_stopping=nn.EarlyStopping(monitor=HUGE)), "monitors"),
    "a recorded epoch": (lambda: _fit(record=[HUGE]), "whole epoch numbers"),
    "record": (lambda: _fit(record=HUGE), "record"),
    "a callback": (lambda: _fit(callbacks=[HUGE]), "callable"),
    "callbacks": (lambda: _fit(callbacks=3.0), "list of functions"),
    "random_state": (lambda: nn.make_moons(10, random_state=HUGE), "random_state"),
    "a labelled parameter twice": (lambda: nn.SGD([Value(1.0, label=HUGE)] * 2), "appear once"),
    "draw_dot's format": (lambda: autograd.draw_dot(Value(1.0), format=HUGE), "unknown picture format"),
    "draw_dot's rankdir": (lambda: autograd.draw_dot(Value(1.0), rankdir=HUGE), "rankdir"),
    "draw_dot's max_nodes": (lambda: autograd.draw_dot(Value(1.0), max_nodes=HUGE), "max_nodes"),
}


BIG = 10**5000
"""An int too long for Python to write (over 4,300 digits): ``str(BIG)`` is a ValueError of its own."""


def _fed(number):
    x = Value(1.0, label="x")
    autograd.compile(x * 2, inputs=[x]).forward([number])


INT_ENTRY_POINTS = {
    "Value of a huge int": (lambda: Value(BIG), "5,001 digits"),
    "a huge int operand": (lambda: Value(1.0) * BIG, "5,001 digits"),
    "a huge int exponent": (lambda: Value(1.0) ** BIG, "5,001 digits"),
    "a huge int fed": (lambda: _fed(BIG), "5,001 digits"),
    "a huge int lr": (lambda: nn.SGD([Value(1.0)], lr=BIG), "a float can hold"),
    "a huge int feature": (lambda: nn.predict(_model(), [[1.0, BIG]]), "a float can hold"),
    "a huge int target": (lambda: _fit(y=[BIG]), "a float can hold"),
    "a huge int loss target": (lambda: nn.mse([Value(1.0)], [BIG]), "a float can hold"),
    "a huge int class": (lambda: nn.cross_entropy([[Value(1.0), Value(2.0)]], [BIG]), "5,001 digits"),
    "a huge int test_size": (lambda: nn.train_test_split([[1.0]] * 4, [0] * 4, test_size=BIG),
                             "5,001 digits"),
    "a huge int metric": (lambda: nn.ReduceLROnPlateau(nn.SGD([Value(1.0)])).step(BIG), "a float can hold"),
    "a huge int layer size": (lambda: nn.MLP(2, [BIG]), "10^5000"),
    "a huge int noise": (lambda: nn.make_moons(10, noise=BIG), "a float can hold"),
}


@pytest.mark.parametrize("name", [*ENTRY_POINTS, *NN_ENTRY_POINTS, *INT_ENTRY_POINTS])
def test_a_huge_input_is_quoted_in_a_bounded_piece_and_the_problem_is_named(name):
    action, problem = {**ENTRY_POINTS, **NN_ENTRY_POINTS, **INT_ENTRY_POINTS}[name]
    refusals = (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, MemoryError)
    with pytest.raises(refusals) as raised:
        action()
    message = str(raised.value)
    assert len(message) < 400 and problem in message, message[:500]  # the fixed text is up to 260


def test_a_long_text_is_quoted_by_its_start_and_its_length():
    assert quoted("x" * 100) == repr("x" * 40) + "... (100 characters)"
    assert quoted("short") == "'short'"


def test_the_tutor_quotes_with_the_engines_helper():
    from autograd.tutor import expression

    assert expression.quoted is quoted


def test_an_int_too_long_to_write_is_quoted_by_its_number_of_digits():
    assert quoted(BIG) == "a whole number of 5,001 digits" == nn.checks.quoted(BIG)
    assert quoted(-(10**4000)) == "a negative whole number of 4,001 digits"
    assert quoted(-(10**100)) == "a negative whole number of 101 digits"
    assert quoted(12345) == "12345" == nn.checks.quoted(12345)
    assert "patience=a whole number of 5,001 digits" in repr(nn.EarlyStopping(patience=BIG))


def test_a_short_label_is_still_shown_whole():
    with pytest.raises(ValueError, match=r"operands: x=-1.0"):
        Value(-1.0, label="x").log()
    assert math.isfinite(Value(1.0, label="x").log().data)

