"""backward_steps and explain: the backward pass replayed one chain-rule step at a time."""

import io

import pytest
from hypothesis import given, settings
from test_properties import build, points, programs

import autograd
import nn
from autograd import Value
from autograd.graph import all_nodes, backward_order, forward_order
from autograd.notation import format_number
from autograd.tutor.practice import run as run_practice
from autograd.views.explain import Explanation, explain, explain_text
from autograd.views.names import value_names
from autograd.views.steps import backward_steps


def _random_graph(program, point):
    """A random graph from the engine's property tests: shared subexpressions, fan-out, a * a."""
    return build(program, [Value(p) for p in point])


@settings(max_examples=200, deadline=None)
@given(programs, points)
def test_contributions_sum_exactly_to_backward_gradients_on_random_graphs(program, point):
    out = _random_graph(program, point)
    steps = backward_steps(out, constants=True)
    out.backward()
    for v in all_nodes(out):
        total = 1.0 if v is out else 0.0
        for s in steps:
            if s.input is v:
                total += s.contribution
        assert total == v.grad


@settings(max_examples=60, deadline=None)
@given(programs, points)
def test_backward_steps_modify_no_grad(program, point):
    out = _random_graph(program, point)
    nodes = all_nodes(out)
    for i, v in enumerate(nodes):
        v.grad = 0.25 * i  # whatever is there must stay there
    backward_steps(out)
    assert [v.grad for v in nodes] == [0.25 * i for i in range(len(nodes))]


@settings(max_examples=60, deadline=None)
@given(programs, points)
def test_steps_come_in_backward_order(program, point):
    out = _random_graph(program, point)
    position = {node: i for i, node in enumerate(backward_order(out))}
    steps = backward_steps(out)
    keys = [(position[s.node], s.index) for s in steps]
    assert keys == sorted(keys)


def test_each_step_is_upstream_times_local_and_grad_after_is_the_running_sum(neuron):
    steps = backward_steps(neuron["o"])
    running = {}
    for s in steps:
        assert s.contribution == s.upstream * s.local
        running[s.input] = running.get(s.input, 0.0) + s.contribution
        assert s.grad_after == running[s.input]
        assert s.node.inputs[s.index] is s.input


def test_a_value_used_twice_receives_two_steps():
    a = Value(3.0, label="a")
    y = a * a
    steps = backward_steps(y)
    assert [(s.input, s.index, s.local) for s in steps] == [(a, 0, 3.0), (a, 1, 3.0)]
    assert [s.grad_after for s in steps] == [3.0, 6.0]


def test_a_node_that_passes_nothing_on_gives_one_inactive_step_and_its_inputs_none():
    x, w, b = Value(1.0, label="x"), Value(-2.0, label="w"), Value(0.5, label="b")
    dead = autograd.dot([w], [x], b, activation="relu")  # z = -1.5: an inactive neuron
    live = (x * 3.0).relu()
    out = dead + live
    steps = backward_steps(out)
    inactive = [s for s in steps if s.node is dead]
    assert [(s.inactive, s.input, s.contribution, s.grad_after) for s in inactive] == [(True, dead, 0.0, 1.0)]
    assert w not in {s.input for s in steps} and b not in {s.input for s in steps}
    out.backward()
    assert [s.grad_after for s in steps if s.input is x] == [x.grad] and w.grad == 0.0


def test_a_constant_gets_no_step_of_its_own():
    x = Value(1.0, label="x")
    steps = backward_steps(2 * x)
    assert [(s.input, s.contribution) for s in steps] == [(x, 2.0)]
    assert len(backward_steps(2 * x, constants=True)) == 2


def test_a_value_the_learner_made_is_no_constant_even_without_a_label():
    a, b = Value(2.0), Value(3.0)
    assert {s.input for s in backward_steps(a * b)} == {a, b}


def test_explain_says_why_a_dead_relu_neuron_passes_nothing_on():
    import nn

    out = nn.Neuron(3, random_state=0)([1, -2, 0.5])
    lines = explain_text(out).splitlines()
    assert len(lines) == 2 and "is a leaf" not in lines[1]
    assert lines[1].startswith("dL/d(each input of L) += dL/dL · 0 = 1.0 · 0 = 0.0")
    why = "(relu is off, z = -0.4224: its local derivative is 0, so nothing reaches its 7 inputs)"
    assert why in lines[1]


def test_explain_as_a_table_says_an_inactive_node_passes_nothing_on():
    z = Value(-2.3, label="z")
    rows = Explanation(z.relu() * 3.0).rows
    assert rows[-1][3] == "nothing passed on"
    assert rows[-1][2].endswith("(relu is off, z = -2.3: its local derivative is 0, "
                                "so nothing reaches its input z)")


def test_explain_names_the_input_of_a_plain_relu_that_is_off():
    z = Value(-2.3, label="z")
    text = explain_text(z.relu() * 3.0)
    assert "relu is off, z = -2.3: its local derivative is 0, so nothing reaches its input z" in text
    assert "dL/dz" not in text


def test_a_leaf_root_has_no_steps():
    assert backward_steps(Value(1.0)) == []


def test_lecture_neuron_steps_end_with_the_known_gradients(neuron):
    final = {s.input.label: s.grad_after for s in backward_steps(neuron["o"])}
    assert format_number(final["x1"]) == "-1.5"
    assert format_number(final["w1"]) == "1.0"
    assert format_number(final["x2"]) == "0.5"
    assert final["w2"] == 0.0
    assert format_number(final["n"]) == "0.5"


def test_explain_traces_the_lecture_neuron_line_by_line_naming_each_rule(neuron):
    assert explain_text(neuron["o"]).splitlines() == [
        "do/do = 1",
        "do/dn += do/do · d tanh(n)/dn = 1.0 · (1 - o²) = 1.0 · (1 - 0.7071²) = 0.5",
        "do/d(x1*w1 + x2*w2) += do/dn · d(x1*w1 + x2*w2 + b)/d(x1*w1 + x2*w2) = 0.5 · 1 = 0.5",
        "do/db += do/dn · d(x1*w1 + x2*w2 + b)/db = 0.5 · 1 = 0.5",
        "do/d(x1*w1) += do/d(x1*w1 + x2*w2) · d(x1*w1 + x2*w2)/d(x1*w1) = 0.5 · 1 = 0.5",
        "do/d(x2*w2) += do/d(x1*w1 + x2*w2) · d(x1*w1 + x2*w2)/d(x2*w2) = 0.5 · 1 = 0.5",
        "do/dx2 += do/d(x2*w2) · d(x2*w2)/dx2 = 0.5 · w2 = 0.5 · 1.0 = 0.5",
        "do/dw2 += do/d(x2*w2) · d(x2*w2)/dw2 = 0.5 · x2 = 0.5 · 0.0 = 0.0",
        "do/dx1 += do/d(x1*w1) · d(x1*w1)/dx1 = 0.5 · w1 = 0.5 · (-3.0) = -1.5",
        "do/dw1 += do/d(x1*w1) · d(x1*w1)/dw1 = 0.5 · x1 = 0.5 · 2.0 = 1.0",
    ]


def test_explain_prints_the_text_and_returns_nothing(neuron, capsys):
    assert explain(neuron["o"]) is None
    assert capsys.readouterr().out == explain_text(neuron["o"]) + "\n"


def test_explain_prints_to_a_given_file(neuron):
    out = io.StringIO()
    explain(neuron["o"], file=out)
    assert out.getvalue().splitlines()[0] == "do/do = 1"


def test_explain_refuses_what_is_not_a_value():
    with pytest.raises(TypeError, match="explain needs a Value"):
        explain_text(2.0)


def test_explain_leaves_grads_untouched(neuron):
    explain_text(neuron["o"])
    assert all(v.grad == 0.0 for v in neuron.values())


def test_explain_names_unlabelled_values_by_the_expression_they_compute_and_the_root_L():
    x = Value(2.0, label="x")
    y = (x * 3.0).tanh() + x
    lines = explain_text(y).splitlines()
    assert lines[0] == "dL/dL = 1"
    assert lines[1].startswith("dL/d(tanh(x*3.0)) += dL/dL · d(tanh(x*3.0) + x)/d(tanh(x*3.0)) = ")
    assert any(line.startswith("dL/d(x*3.0) += dL/d(tanh(x*3.0)) · d tanh(x*3.0)/d(x*3.0) = ")
               for line in lines)
    assert explain_text(y) == explain_text(y)


def test_long_expressions_are_named_v1_v2_in_computation_order():
    x = Value(2.0, label="x")
    y = ((x * 3.0 + x * 4.0 + x * 5.0 + x * 6.0) * x).tanh()
    names = value_names(y)
    long_sum = y.inputs[0].inputs[0]
    assert names[long_sum] == "v1"
    assert names[y.inputs[0]] == "v1*x"


def test_an_expression_computed_twice_gets_a_name_of_its_own_the_second_time():
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    first, second = x * y, x * y
    names = value_names(first + second)
    assert names[first] == "x*y" and names[second] == "v1"


def test_names_put_parentheses_where_precedence_needs_them():
    a, b, c = Value(1.0, label="a"), Value(2.0, label="b"), Value(3.0, label="c")
    cases = {(a + b) * c: "(a + b)*c", a - (b + c): "a - (b + c)", a / (b * c): "a/(b*c)",
             (-a) ** 2: "(-a)**2", a * -b: "a*(-b)", -(a * b): "-a*b", (a + b).exp(): "exp(a + b)"}
    for v, expected in cases.items():
        v.label = ""
        assert value_names(v * 1.0)[v] == expected


def test_a_sum_of_one_operand_is_written_as_sum_of_it_without_a_hanging_plus():
    z = Value(0.3, label="z")
    one_term_mean = nn.binary_cross_entropy_with_logits(z, 1.0)
    total = one_term_mean.inputs[0]
    assert value_names(one_term_mean)[total] == "sum(softplus(z) - z*1.0)"
    assert " + )" not in explain_text(one_term_mean)
    alone = autograd.sum([z])
    assert value_names(alone * 2.0)[alone] == "sum(z)"


def test_every_constant_of_one_number_is_called_by_that_number():
    z = Value(0.3, label="z")
    one_term_mean = nn.binary_cross_entropy_with_logits(z, 1.0)
    divisor = one_term_mean.inputs[1]
    assert value_names(one_term_mean)[divisor] == "1.0"
    assert "· d(sum(softplus(z) - z*1.0)/1.0)/d(sum(softplus(z) - z*1.0)) = " in explain_text(one_term_mean)
    assert "v1" not in explain_text(one_term_mean)


def test_a_constant_whose_number_is_a_label_elsewhere_is_still_renamed():
    a = Value(2.0, label="2.0")
    names = value_names(a * Value(2.0))
    assert names[a] == "2.0" and sorted(names.values()) == ["2.0", "L", "v1"]


def test_explain_says_when_a_gradient_accumulates():
    x = Value(2.0, label="x")
    y = x * x
    y.label = "y"
    assert explain_text(y).splitlines()[1:] == [
        "dy/dx += dy/dy · d(x*x)/dx = 1.0 · x = 1.0 · 2.0 = 2.0",
        "dy/dx += dy/dy · d(x*x)/dx = 1.0 · x = 1.0 · 2.0 = 2.0  (dy/dx is now 4.0)",
    ]


def test_explain_notes_every_later_contribution_even_one_equal_to_the_sum():
    x = Value(3.0, label="x")
    text = explain_text(x * 2 + x * (-1) + x * 1)
    lines = [line for line in text.splitlines() if line.startswith("dL/dx +=")]
    # backward adds 1.0, then -1.0 (the sum is 0.0), then 2.0: the sum 2.0 equals the last contribution
    assert [line.endswith(")") for line in lines] == [False, True, True]
    assert lines[2].endswith("= 2.0  (dL/dx is now 2.0)")


def test_generated_names_never_collide_with_labels():
    a = Value(1.0, label="v1")
    b = a * 2.0
    names = value_names(b, forward_order(b))
    assert len(set(names.values())) == len(names)
    assert names[a] == "v1" and names[b] == "L"


def test_numbers_print_with_four_significant_digits():
    assert [format_number(x) for x in (1.0, -1.5, 0.70710678, 6.8813735, -0.0, 12345.0)] == [
        "1.0", "-1.5", "0.7071", "6.881", "0.0", "1.234e+04"
    ]


@pytest.mark.parametrize("view", ["explain", "Stepper", "practice"])
def test_every_view_says_a_derivative_is_undefined_rather_than_showing_nan(view):
    from autograd.tutor.stepper import Stepper

    x, y = Value(-2.0, label="x"), Value(2.0, label="y")
    show = {"explain": explain_text, "Stepper": Stepper,
            "practice": lambda root: run_practice(root, lambda prompt: "0", lambda line: None)}[view]
    with pytest.raises(ValueError, match="backward of pow: .*ln of the negative base"):
        show(x ** y)


def _characters_written(show, n: int, monkeypatch) -> int:
    """How many characters the op table writes (expressions and rules) while ``show`` shows a sum
    of ``n`` terms, one node whose ``n`` inputs each take a step."""
    from autograd.op_entry import Op

    written = [0]
    write, rules = Op.write, Op.rules

    def counted_write(self, *args):
        text = write(self, *args)
        written[0] += len(text)
        return text

    def counted_rules(self, *args):
        texts = rules(self, *args)
        written[0] += sum(map(len, texts))
        return texts

    root = autograd.sum([Value(float(i), label=f"x{i}") for i in range(n)])
    with monkeypatch.context() as patch:
        patch.setattr(Op, "write", counted_write)
        patch.setattr(Op, "rules", counted_rules)
        show(root)
    return written[0]


VIEWS = {
    "explain_text": explain_text,
    "Explanation": Explanation,
    "practice": lambda root: run_practice(root, lambda prompt: "1", lambda line: None),
}


@pytest.mark.parametrize("view", VIEWS)
def test_a_node_of_many_inputs_is_written_once_not_once_per_step(view, monkeypatch):
    small, large = (_characters_written(VIEWS[view], n, monkeypatch) for n in (100, 200))
    assert large < 2.5 * small  # linear in the inputs: twice the terms, about twice the text


def test_the_stepper_page_writes_a_node_of_many_inputs_once(requires_dot, monkeypatch):
    from autograd.tutor.stepper import Stepper

    page = lambda root: Stepper(root).html()  # noqa: E731
    small, large = (_characters_written(page, n, monkeypatch) for n in (100, 200))
    assert large < 2.5 * small


def test_practice_reads_each_answer_in_time_that_does_not_grow_with_the_graph(monkeypatch):
    import autograd.tutor.expression as expression

    def names_read(n: int) -> int:
        read = [0]
        normalise = expression.variable_name

        def counted(name):
            read[0] += 1
            return normalise(name)

        root = autograd.sum([Value(float(i), label=f"x{i}") for i in range(n)])
        with monkeypatch.context() as patch:
            patch.setattr(expression, "variable_name", counted)
            run_practice(root, lambda prompt: "x0 * 0 + 1", lambda line: None)
        return read[0]

    assert names_read(200) < 2.5 * names_read(100)
