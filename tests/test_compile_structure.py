"""What a compiled graph records: its structure, how sums are laid out, and what it refuses.

A replay keeps the recorded structure; ``check`` compares a graph built again with it
and names the first difference, so that a structure change is found, never replayed
silently wrong.
"""

import pytest

import autograd
import nn
from autograd import Value
from autograd.replay.compile import StructureError


def branchy(x):
    """A Python ``if`` on a number: the structure depends on the data."""
    return x.tanh() * 2 if x.data > 0 else x.relu() * 2


def hinge_loss(model, rows, labels):
    xs = [[Value(v) for v in row] for row in rows]
    return nn.losses.hinge([model(x) for x in xs], labels), [v for x in xs for v in x]


# what compile accepts ------------------------------------------------------------------------
def test_compile_refuses_a_learner_written_op_naming_it():
    x = Value(0.5)
    out = Value(0.9, (x,), "mytanh", label="o")
    out._backward = lambda: None
    with pytest.raises(TypeError, match="learner-written op 'mytanh' \\(label 'o'\\)"):
        autograd.compile(out * 2)


def test_an_input_must_be_a_leaf():
    x = Value(0.5)
    y = x * 2
    with pytest.raises(ValueError, match=r"inputs\[0\] is the result of '\*', not a leaf"):
        autograd.compile(y + 1, inputs=[y])


def test_an_input_listed_twice_is_an_error():
    x = Value(0.5)
    with pytest.raises(ValueError, match="listed twice"):
        autograd.compile(x * 2, inputs=[x, x])


def test_outputs_must_be_values():
    with pytest.raises(TypeError, match=r"outputs\[1\] must be a Value, got float"):
        autograd.compile([Value(1.0) * 2, 3.0])


def test_an_input_the_graph_does_not_use_is_refused_naming_its_index_and_label():
    x, unused = Value(0.5, label="x"), Value(7.0, label="t")
    with pytest.raises(ValueError, match=r"^compile: inputs\[1\] \(label 't'\) is not in the graph of the "
                                         r"outputs, so what is fed for it would change nothing"):
        autograd.compile(x * 3, inputs=[x, unused])


def test_an_unlabelled_input_the_graph_does_not_use_is_refused_naming_its_index():
    x, unused = Value(0.5), Value(7.0)
    with pytest.raises(ValueError, match=r"^compile: inputs\[0\] is not in the graph"):
        autograd.compile(x * 3, inputs=[unused, x])


def test_with_allow_unused_an_input_not_in_the_graph_is_fed_ignored_and_gets_a_zero_gradient():
    x, unused = Value(0.5), Value(7.0)
    compiled = autograd.compile(x * 3, inputs=[unused, x], allow_unused=True)
    assert compiled.forward([100.0, 2.0]) == 6.0
    assert compiled.backward(accumulate=False)[:2].tolist() == [0.0, 3.0]  # then the constant 3


def test_an_input_that_is_itself_an_output_is_in_the_graph():
    x = Value(0.5)
    compiled = autograd.compile([x, x * 3], inputs=[x])
    assert compiled.forward([2.0]).tolist() == [2.0, 6.0]


def test_allow_unused_must_be_a_bool():
    x = Value(0.5)
    with pytest.raises(TypeError, match="compile: allow_unused must be True or False, got 'yes'"):
        autograd.compile(x * 3, inputs=[x], allow_unused="yes")


# sums and groups -----------------------------------------------------------------------------
def test_pythons_sum_over_many_terms_becomes_one_row_in_one_group():
    xs = [Value(float(i)) for i in range(300)]
    total = sum(x * x for x in xs)  # 0 + x0*x0 + x1*x1 + ...: 300 additions
    compiled = autograd.compile(total)
    assert compiled.groups == 2 and compiled.nodes == 600  # the products, then one row


def test_a_flattened_sum_is_the_engines_bit_for_bit():
    xs = [Value(0.1 * (i + 1) ** 1.5 * (-1) ** i) for i in range(100)]
    total = sum(xs[1:], xs[0])
    assert autograd.compile(total).forward() == total.data


def test_a_sum_used_twice_keeps_its_own_node():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    shared = a + b
    out = (shared + c) * shared
    compiled = autograd.compile(out)
    assert compiled.forward() == out.data and compiled.groups == 3  # a+b, then +c, then *


def test_an_intermediate_sum_that_is_an_output_keeps_its_own_node():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    partial = a + b
    total = partial + c
    assert autograd.compile([partial, total]).forward().tolist() == [3.0, 6.0]


def test_every_neuron_of_a_dense_layer_for_every_sample_is_one_group():
    model = nn.MLP(2, [16, 16, 1], random_state=0)
    loss, inputs = hinge_loss(model, [[0.5, -1.0], [1.0, 0.25], [-0.3, 0.8]], [1, -1, 1])
    compiled = autograd.compile(loss, inputs=inputs)
    lines = compiled.describe().splitlines()
    assert [line.split()[2] for line in lines[1:4]] == ["relu(dot)", "relu(dot)", "dot"]
    assert [line.split()[-1] for line in lines[1:4]] == ["48", "48", "3"]


# check ---------------------------------------------------------------------------------------
def test_check_accepts_a_graph_built_again_from_new_numbers():
    model = nn.MLP(2, [4, 1], random_state=0)
    loss, inputs = hinge_loss(model, [[0.5, -1.0], [1.0, 0.25]], [1, -1])
    again, new_inputs = hinge_loss(model, [[2.0, 3.0], [-1.0, 0.0]], [1, -1])
    autograd.compile(loss, inputs=inputs).check(again, new_inputs)


def test_check_names_an_operation_a_python_if_changed():
    x = Value(1.0)
    compiled = autograd.compile(branchy(x), inputs=[x])
    y = Value(-1.0)
    with pytest.raises(StructureError, match="'relu' of Values .* where the compiled graph has 'tanh'"):
        compiled.check(branchy(y), [y])


def test_check_names_a_different_number_of_samples():
    model = nn.MLP(2, [4, 1], random_state=0)
    loss, inputs = hinge_loss(model, [[0.5, -1.0], [1.0, 0.25]], [1, -1])
    bigger, more_inputs = hinge_loss(model, [[0.5, -1.0], [1.0, 0.25], [0.0, 0.0]], [1, -1, 1])
    with pytest.raises(StructureError, match="6 inputs; the compiled one has 1 and 4"):
        autograd.compile(loss, inputs=inputs).check(bigger, more_inputs)


def test_check_names_a_constant_that_came_from_the_data():
    model = nn.MLP(2, [4, 1], random_state=0)
    loss, inputs = hinge_loss(model, [[0.5, -1.0], [1.0, 0.25]], [1, -1])
    relabelled, new_inputs = hinge_loss(model, [[0.5, -1.0], [1.0, 0.25]], [-1, -1])
    expected = r"a constant \(an operand of '\*'\) that was 1.0 when compiled and is -1.0 now"
    with pytest.raises(StructureError, match=expected):
        autograd.compile(loss, inputs=inputs).check(relabelled, new_inputs)


def test_check_accepts_a_rebuilt_constant_that_holds_the_same_number():
    x = Value(2.0)
    compiled = autograd.compile(1 - x * 3, inputs=[x])  # 1 and 3 become new leaves at each build
    y = Value(5.0)
    compiled.check(1 - y * 3, [y])


def test_check_compares_with_the_constants_numbers_at_compile_time():
    x, three = Value(0.5), Value(3.0)
    compiled = autograd.compile(x * three, inputs=[x])
    three.data = 5.0  # changed after compiling: the structure compiled had 3.0
    x2 = Value(0.7)
    compiled.check(x2 * Value(3.0), inputs=[x2])
    with pytest.raises(StructureError, match="that was 3.0 when compiled and is 5.0 now"):
        compiled.check(x2 * Value(5.0), inputs=[x2])
