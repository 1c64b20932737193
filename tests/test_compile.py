"""autograd.replay.compile: a recorded graph replayed with NumPy, forward and backward, as the engine runs it.

NumPy's tanh may differ from math.tanh in the last bit, so numbers that went through a
tanh are compared to 1e-15 relative (``approx``); the others are equal.
"""

import doctest
import sys
import warnings

import numpy as np
import pytest

import autograd
from autograd import Value


def approx(x):
    return pytest.approx(x, rel=1e-15, abs=1e-300)


def neuron(w, x, b):
    """tanh(w1 x1 + w2 x2 + b), written with binary ops as in the lecture."""
    return (w[0] * x[0] + w[1] * x[1] + b).tanh()


def lecture_graph():
    w = [Value(-3.0, label="w1"), Value(1.0, label="w2")]
    x = [Value(2.0, label="x1"), Value(0.0, label="x2")]
    b = Value(6.8813735870195432, label="b")
    return w, x, b, neuron(w, x, b)


# forward -------------------------------------------------------------------------------------
def test_forward_returns_the_number_the_engine_computed():
    w, x, b, o = lecture_graph()
    assert autograd.compile(o).forward() == approx(o.data)


def test_forward_with_a_feed_gives_the_output_at_the_fed_numbers():
    w, x, b, o = lecture_graph()
    compiled = autograd.compile(o, inputs=x)
    assert compiled.forward([1.0, -0.5]) == approx(neuron(w, [Value(1.0), Value(-0.5)], b).data)


def test_forward_reads_every_other_leafs_data_at_each_replay():
    w, x, b, o = lecture_graph()
    compiled = autograd.compile(o, inputs=x)
    w[0].data, b.data = 0.25, -1.0  # as an optimizer's update does, in place
    assert compiled.forward([2.0, 0.0]) == approx(neuron(w, [Value(2.0), Value(0.0)], b).data)


def test_forward_without_a_feed_reads_the_inputs_own_data():
    w, x, b, o = lecture_graph()
    compiled = autograd.compile(o, inputs=x)
    x[0].data = 1.5
    assert compiled.forward() == approx(neuron(w, [Value(1.5), Value(0.0)], b).data)


def test_forward_of_a_list_of_outputs_returns_an_array_in_the_lists_order():
    a, b = Value(0.5), Value(-2.0)
    outputs = [a * b, (a + b).relu(), a.exp()]
    assert autograd.compile(outputs).forward().tolist() == [v.data for v in outputs]


def test_a_feed_may_have_any_shape_holding_one_number_per_input_row_by_row():
    rows = [[Value(0.0), Value(0.0)] for _ in range(3)]
    total = autograd.sum(v * (i + 1) for row in rows for i, v in enumerate(row))
    compiled = autograd.compile(total, inputs=[v for row in rows for v in row])
    assert compiled.forward(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])) == 1 + 4 + 3 + 8 + 5 + 12


def test_a_feed_of_the_wrong_length_is_a_value_error_naming_both_lengths():
    w, x, b, o = lecture_graph()
    compiled = autograd.compile(o, inputs=x)
    with pytest.raises(ValueError, match="feed has 3 numbers, but the graph was compiled with 2 inputs"):
        compiled.forward([1.0, 2.0, 3.0])


def test_a_feed_that_is_not_numbers_is_a_type_error():
    w, x, b, o = lecture_graph()
    with pytest.raises(TypeError, match="feed must be numbers"):
        autograd.compile(o, inputs=x).forward(["a", "b"])


def two_inputs():
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    return autograd.compile(x * y, inputs=[x, y])


@pytest.mark.parametrize("bad, shown", [
    (None, "NoneType None"), ("2.0", "str '2.0'"), (1 + 2j, r"complex \(1\+2j\)"), (True, "bool True"),
    (np.complex128(1), r"complex128 .*\(1\+0j\)"), ([1.0], r"list \[1.0\]"),
], ids=["None", "a numeric string", "complex", "a bool", "a NumPy complex", "a list"])
def test_a_fed_number_that_value_refuses_is_a_type_error_naming_the_input(bad, shown):
    with pytest.raises(TypeError, match=rf"^feed must be numbers, got {shown} at feed\[1\] \(input 1, "
                                        r"label 'y'\); each input needs a real number \(int, float or NumPy"):
        two_inputs().forward([3.0, bad])
    with pytest.raises(TypeError, match="Value needs a real number"):
        Value(bad)


@pytest.mark.parametrize("feed", [np.array([1 + 2j, 2.0]), np.array(["1", "2"]), np.array([True, False]),
                                  np.array([None, 2.0])], ids=["complex", "strings", "bools", "objects"])
def test_an_array_fed_whose_dtype_is_not_real_numbers_is_a_type_error_and_does_not_warn(feed):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TypeError, match=r"^feed must be numbers, got .* at feed\[0\] \(input 0, "
                                            r"label 'x'\)"):
            two_inputs().forward(feed)


def test_a_feed_of_ints_and_numpy_scalars_is_accepted_as_value_accepts_them():
    assert two_inputs().forward([np.float32(1.5), 4]) == 6.0
    assert two_inputs().forward(np.array([3, 4], dtype=np.int64)) == 12.0
    assert two_inputs().forward(np.array([3.0, 4.0], dtype=object)) == 12.0


@pytest.mark.parametrize("feed", [
    [3.0, 4.0], [[3.0, 4.0]], [[3.0], [4.0]], [np.array([3.0]), np.array([4.0])], [np.array([3.0, 4.0])],
    (np.array(3.0), 4.0), np.array([[3.0, 4.0]]), (v for v in [3.0, 4.0]), iter([3.0, 4.0]),
], ids=["a list", "one row", "two rows", "rows as arrays", "one array in a list", "0-d arrays",
        "a 2-d array", "a generator", "an iterator"])
def test_a_feed_is_read_as_numpy_reads_an_array_so_any_nesting_of_the_same_numbers_is_the_same_feed(feed):
    assert two_inputs().forward(feed) == 12.0


@pytest.mark.parametrize("feed, kind", [({0: 3.0, 1: 4.0}, "dict"), ({3.0, 4.0}, "set"),
                                        (frozenset({3.0, 4.0}), "frozenset")])
def test_a_feed_without_an_order_is_a_type_error_naming_its_kind_not_a_count(feed, kind):
    with pytest.raises(TypeError, match=rf"^feed must be numbers in the inputs' order \(2: a list, tuple or "
                                        rf"array\), got a {kind}, which has no such order; pass a list"):
        two_inputs().forward(feed)


def test_a_generator_feed_of_the_wrong_length_is_counted_right():
    with pytest.raises(ValueError, match="^feed has 3 numbers, but the graph was compiled with 2 inputs"):
        two_inputs().forward(v for v in [1.0, 2.0, 3.0])


@pytest.mark.parametrize("feed, at", [
    ([np.array([3.0, 4.0]), 5.0], r"ndarray array\(\[3\., 4\.\]\) at feed\[0\]"),
    ([[3.0], []], r"list \[3\.0\] at feed\[0\]"),
])
def test_a_ragged_feed_is_a_type_error_naming_the_row_that_is_not_a_number(feed, at):
    message = rf"^feed must be numbers, got {at} .*; the feed's rows differ in length"
    with pytest.raises(TypeError, match=message):
        two_inputs().forward(feed)


def test_a_bad_number_in_a_feed_of_rows_is_named_by_row_and_column():
    with pytest.raises(TypeError, match=r"got NoneType None at feed\[1, 0\] \(input 1, label 'y'\)"):
        two_inputs().forward([[3.0], [None]])


@pytest.mark.parametrize("duration", [np.timedelta64(2), np.timedelta64(2, "D"), np.timedelta64("NaT")],
                         ids=["no unit", "days", "not a time"])
def test_a_duration_is_no_number_for_a_value_an_operand_a_feed_or_a_leaf(duration):
    message = r"Value needs a real number .* got timedelta64 .*; a duration is not a number: divide it by"
    with pytest.raises(TypeError, match=message):
        Value(duration)
    with pytest.raises(TypeError, match=message):
        Value(1.0) * duration
    with pytest.raises(TypeError, match=r"^feed must be numbers, got timedelta64 .* at feed\[1\]"):
        two_inputs().forward([3.0, duration])
    with pytest.raises(TypeError, match=r"^feed must be numbers, got an array of timedelta64.* \(dates or"):
        two_inputs().forward(np.array([duration, duration]))
    x = Value(1.0, label="x")
    compiled = autograd.compile(x * 2, inputs=[x])
    x.data = duration
    with pytest.raises(TypeError, match=r"^a leaf's .data must be a number, got timedelta64"):
        compiled.forward()


def test_a_fed_int_too_large_for_a_float_is_an_overflow_error_naming_the_input():
    with pytest.raises(OverflowError, match=r"^feed\[0\] \(input 0, label 'x'\) needs a number a float "
                                            r"can hold"):
        two_inputs().forward([10 ** 400, 1.0])


@pytest.mark.parametrize("bad", [None, "3", 1 + 1j, True], ids=["None", "a string", "complex", "a bool"])
def test_a_leaf_whose_data_value_would_refuse_is_a_type_error_naming_its_label(bad):
    w, x = Value(2.0, label="w"), Value(1.0, label="x")
    compiled = autograd.compile(w * x, inputs=[x])
    w.data = bad
    with pytest.raises(TypeError, match=rf"^a leaf's .data must be a number, got {type(bad).__name__} .* "
                                        r"\(label 'w'\); it needs a real number \(int, float or NumPy "
                                        r"scalar\)"):
        compiled.forward([1.0])


def test_an_input_whose_data_value_would_refuse_is_a_type_error_when_replayed_without_a_feed():
    x = Value(1.0, label="x")
    compiled = autograd.compile(x * 2, inputs=[x])
    x.data = None
    with pytest.raises(TypeError, match=r"got NoneType None \(label 'x'\)"):
        compiled.forward()


@pytest.mark.parametrize("outputs, inputs, message", [
    ([1.0], None, r"^check: outputs\[0\] must be a Value, got float 1.0"),
    (1.0, None, r"^check: outputs must be a Value or a list of Values, got float"),
    (None, None, r"^check: outputs must be a Value or a list of Values, got NoneType"),
    ("out", None, r"^check: outputs must be a Value or a list of Values, got str"),
    (Value(1.0), [2.0], r"^check: inputs\[0\] must be a Value, got float 2.0"),
], ids=["a list of floats", "a float", "None", "a string", "a float input"])
def test_check_given_what_is_not_values_is_a_type_error_naming_the_argument(outputs, inputs, message):
    with pytest.raises(TypeError, match=message):
        two_inputs().check(outputs, inputs)


def test_an_output_that_is_a_leaf_replays_as_itself():
    a = Value(3.0)
    compiled = autograd.compile(a)
    a.data = 4.0
    assert compiled.forward() == 4.0 and compiled.backward().tolist() == [1.0] and a.grad == 1.0


# backward ------------------------------------------------------------------------------------
def test_backward_adds_the_engines_gradients_into_each_leafs_grad():
    w, x, b, o = lecture_graph()
    o.backward()
    expected = [v.grad for v in (*w, *x, b)]
    for v in (*w, *x, b):
        v.grad = 0.0
    compiled = autograd.compile(o)
    compiled.forward()
    compiled.backward()
    assert [v.grad for v in (*w, *x, b)] == pytest.approx(expected, rel=1e-15, abs=1e-16)


def test_backward_twice_adds_the_gradients_twice_as_the_engine_does():
    w, x, b, o = lecture_graph()
    compiled = autograd.compile(o)
    compiled.forward()
    once = compiled.backward()
    compiled.backward()
    assert [v.grad for v in compiled.leaves] == (2 * once).tolist()


def test_backward_returns_the_gradients_in_the_order_of_leaves_inputs_first():
    w, x, b, o = lecture_graph()
    compiled = autograd.compile(o, inputs=x)
    assert compiled.leaves[:2] == tuple(x) and set(compiled.leaves[2:]) == {*w, b}
    compiled.forward()
    grads = compiled.backward(accumulate=False)
    expected = autograd.grad(o, list(compiled.leaves))
    assert grads.tolist() == pytest.approx(expected, rel=1e-15, abs=1e-16)


def test_backward_leaves_the_inputs_grad_alone():
    w, x, b, o = lecture_graph()
    compiled = autograd.compile(o, inputs=x)
    compiled.forward([1.0, 1.0])
    grads = compiled.backward()
    assert [v.grad for v in x] == [0.0, 0.0] and grads[0] != 0.0


def test_backward_without_accumulate_leaves_every_grad_alone():
    w, x, b, o = lecture_graph()
    compiled = autograd.compile(o)
    compiled.forward()
    compiled.backward(accumulate=False)
    assert all(v.grad == 0.0 for v in compiled.leaves)


def test_backward_seeds_each_output_with_its_own_gradient():
    a, b = Value(0.5), Value(-2.0)
    outputs = [a * b, a + b]
    compiled = autograd.compile(outputs)
    compiled.forward()
    grads = compiled.backward([10.0, 1.0], accumulate=False)
    assert grads.tolist() == autograd.grad(10.0 * outputs[0] + outputs[1], [a, b])


def test_a_seed_of_the_wrong_shape_is_a_value_error():
    compiled = autograd.compile([Value(1.0) * 2, Value(3.0) * 2])
    compiled.forward()
    with pytest.raises(ValueError, match="one number or one per output"):
        compiled.backward([1.0, 2.0, 3.0])


def test_backward_before_any_forward_is_an_error_saying_what_to_call():
    w, x, b, o = lecture_graph()
    with pytest.raises(RuntimeError, match="call forward"):
        autograd.compile(o).backward()


def test_a_relu_that_switches_between_replays_is_followed():
    x = Value(1.0)
    y = (x * 3.0).relu()
    compiled = autograd.compile(y, inputs=[x])
    assert compiled.forward([-1.0]) == 0.0 and compiled.backward().tolist()[0] == 0.0
    assert compiled.forward([2.0]) == 6.0 and compiled.backward().tolist()[0] == 3.0


# sync ----------------------------------------------------------------------------------------
def test_sync_writes_the_replayed_numbers_and_gradients_into_every_node():
    w, x, b, o = lecture_graph()
    compiled = autograd.compile(o, inputs=x)
    compiled.forward([1.0, -0.5])
    compiled.backward()
    compiled.sync()
    fresh_x = [Value(1.0), Value(-0.5)]
    fresh = neuron([Value(v.data) for v in w], fresh_x, Value(b.data))
    fresh.backward()
    nodes, fresh_nodes = autograd.replay.plan.walk([o]), autograd.replay.plan.walk([fresh])
    assert [v.data for v in nodes] == approx([v.data for v in fresh_nodes])
    # tanh's local derivative 1 - o² cancels: a last bit of o moves it by about eps
    gradients = [v.grad for v in nodes if v.inputs] + [v.grad for v in x]
    expected = [v.grad for v in fresh_nodes if v.inputs] + [v.grad for v in fresh_x]
    assert gradients == pytest.approx(expected, rel=1e-15, abs=1e-15)


def test_sync_fills_the_sums_a_flattened_chain_absorbed():
    terms = [Value(float(i)) for i in range(1, 5)]
    partial = terms[0] + terms[1]
    total = partial + terms[2] + terms[3]
    compiled = autograd.compile(total, inputs=terms)
    compiled.forward([10.0, 20.0, 30.0, 40.0])
    compiled.backward()
    compiled.sync()
    assert (partial.data, total.data, partial.grad) == (30.0, 100.0, 1.0)


def test_sync_before_backward_leaves_the_nodes_gradients_at_zero():
    w, x, b, o = lecture_graph()
    o.backward()
    compiled = autograd.compile(o)
    compiled.forward()
    compiled.sync()
    assert o.grad == 0.0 and o.data == compiled.forward()  # the replayed number, written back


def test_the_summary_names_the_nodes_groups_inputs_and_leaves():
    w, x, b, o = lecture_graph()
    compiled = autograd.compile(o, inputs=x)
    assert repr(compiled) == "Compiled(5 nodes in 3 groups; 2 inputs, 3 other leaves; 1 output)"
    assert "tanh" in compiled.describe()


def test_the_example_in_the_modules_docstring_runs():
    assert doctest.testmod(sys.modules["autograd.replay.compile"]).failed == 0


def test_forward_with_leaves_false_keeps_the_other_leaves_numbers_it_last_read():
    w, x = Value(2.0), Value(0.0)
    compiled = autograd.compile(w * x, inputs=[x])
    w.data = 3.0
    assert compiled.forward([1.0], leaves=False) == 3.0  # the first forward reads them anyway
    w.data = 5.0
    assert compiled.forward([1.0], leaves=False) == 3.0
    assert compiled.forward([1.0]) == 5.0


def test_a_first_forward_with_leaves_false_still_refuses_a_leaf_that_is_not_a_number():
    w, x = Value(2.0), Value(0.0)
    compiled = autograd.compile(w * x, inputs=[x])
    w.data = None
    with pytest.raises(TypeError, match=r"\.data must be a number, got NoneType None"):
        compiled.forward([1.0], leaves=False)


def test_compile_lays_a_graph_out_with_the_garbage_collector_held_off_and_gives_it_back(monkeypatch):
    import gc

    import autograd.replay.compiled as compiled_module

    seen = []
    original = compiled_module.lay_out
    monkeypatch.setattr(compiled_module, "lay_out",
                        lambda *args: seen.append(gc.isenabled()) or original(*args))
    w, x = Value(2.0), Value(0.5)
    assert gc.isenabled()
    autograd.compile(w * x, inputs=[x])
    assert seen == [False] and gc.isenabled()
