"""autograd.compare_with_torch: any graph rebuilt in PyTorch gives the same output and gradients.

The hand-worked points of every op (tests/op_cases.py) and random graphs of every op's forms
are rebuilt in torch; learner-written ops are refused by name. PyTorch is optional: these tests
skip without it, and fail under CI=true.
"""

import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from op_cases import hand_cases
from test_compile_properties import build_every, built, every_program
from test_properties import points

import autograd
from autograd import Value, backward_steps, compare_with_torch
from autograd.bridge import TORCH_FORMS
from autograd.ops import OPS
from tests.conftest import learner_cube


def test_every_op_of_the_table_has_a_torch_form():
    assert sorted(OPS) == sorted(TORCH_FORMS)


def test_importing_autograd_and_nn_does_not_import_torch():
    code = "import sys, autograd, nn; print('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


def test_without_torch_the_error_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # what an import finds when torch is missing
    needs = r"compare_with_torch needs PyTorch.*pip install 'chainrule\[torch\]'"
    with pytest.raises(ImportError, match=needs):
        compare_with_torch(Value(1.0) * 2)


@pytest.mark.parametrize("name, case, hand", hand_cases(), ids=[i for i, _, _ in hand_cases()])
def test_torch_gives_the_hand_worked_cases_of_every_op(requires_torch, name, case, hand):
    xs = [Value(p) for p in hand.point]
    result = compare_with_torch((hand.f or case.make)(*xs))
    assert result.agrees(1e-12), str(result)
    assert result.output == pytest.approx(hand.value, rel=1e-12, abs=1e-15)


def _contributions(out, leaf) -> float:
    """The sum of |contributions| backward adds to ``leaf``: the scale its rounding error grows with."""
    return sum(abs(s.contribution) for s in backward_steps(out) if s.input is leaf)


@settings(max_examples=120, deadline=None)
@given(every_program, points)
def test_torch_agrees_on_random_graphs_of_every_op(requires_torch, program, point):
    xs, out = built(lambda xs: build_every(program, xs), point)
    for i, x in enumerate(xs):
        x.label = f"x{i}"
    result = compare_with_torch(out)
    assert result.output == pytest.approx(result.torch_output, rel=1e-12, abs=1e-300)
    by_name = {leaf.name: leaf for leaf in result.leaves}
    for x in xs:
        row = by_name[x.label]
        assert row.difference <= 1e-12 * (_contributions(out, x) + abs(row.chainrule)) + 1e-300, str(result)


def test_each_leaf_gets_the_lecture_neurons_gradients(requires_torch, neuron):
    result = compare_with_torch(neuron["o"])
    grads = {leaf.name: leaf.chainrule for leaf in result.leaves}
    assert grads["x1"] == pytest.approx(-1.5, abs=1e-4) and grads["w2"] == pytest.approx(0.0)
    assert [leaf.name for leaf in result.leaves] == ["x1", "w1", "x2", "w2", "b"]
    assert result.max_difference <= 1e-15


def test_comparing_leaves_every_grad_as_it_was(requires_torch, neuron):
    compare_with_torch(neuron["o"])
    assert all(v.grad == 0.0 for v in neuron.values())


def test_a_leaf_without_a_label_is_named_by_its_place(requires_torch):
    x = Value(3.0, label="x")
    result = compare_with_torch(x * 2.0)
    assert [(leaf.name, leaf.chainrule, leaf.torch) for leaf in result.leaves] == [("x", 2.0, 2.0),
                                                                                  ("leaf 2", 3.0, 3.0)]


def test_a_leaf_alone_has_the_gradient_one(requires_torch):
    result = compare_with_torch(Value(0.5, label="a"))
    assert [(leaf.chainrule, leaf.torch) for leaf in result.leaves] == [(1.0, 1.0)]


def test_a_learner_written_op_is_refused_by_name(requires_torch):
    y = learner_cube(Value(2.0))
    y.label = "y"
    refused = r"learner-written op 'cube' \(label 'y'\) has no PyTorch form.*gradcheck"
    with pytest.raises(ValueError, match=refused):
        compare_with_torch(y * 2)


def test_something_else_than_a_value_is_a_type_error():
    with pytest.raises(TypeError, match="compare_with_torch needs a Value, got float"):
        compare_with_torch(1.5)


def test_a_difference_of_nan_fails_the_agreement():
    row = autograd.bridge.LeafGradient("x", 1.0, math.nan, 1.0)
    result = autograd.TorchComparison(1.0, 1.0, (row,))
    assert math.isnan(result.max_difference) and not result.agrees()


def test_agreement_is_relative_above_one():
    near = autograd.TorchComparison(1e6, 1e6 + 1e-7, ())
    far = autograd.TorchComparison(1.0, 1.0 + 1e-9, ())
    assert near.agrees(1e-12) and not far.agrees(1e-12)


def test_the_text_report_is_short_and_lists_the_leaves(requires_torch, neuron):
    text = str(compare_with_torch(neuron["o"]))
    lines = text.splitlines()
    assert lines[0].startswith("chainrule and PyTorch: 5 leaves, output 0.7071")
    assert lines[1].split() == ["leaf", "data", "grad", "(chainrule)", "grad", "(PyTorch)", "difference"]
    assert [line.split()[0] for line in lines[2:]] == ["x1", "w1", "x2", "w2", "b"]


def test_the_text_report_stops_listing_after_twenty_leaves(requires_torch):
    result = compare_with_torch(autograd.sum([Value(float(i)) for i in range(25)]))
    assert str(result).splitlines()[-1] == "  ... and 5 more leaves" and len(str(result).splitlines()) == 23


def test_in_jupyter_the_comparison_is_a_table_with_every_cell_escaped(requires_torch):
    x = Value(1.0, label="<b>x</b>")
    html = compare_with_torch(x * x)._repr_html_()
    assert html.startswith("<table>") and html.count("<tr>") == 2
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html



def test_softplus_keeps_its_slope_below_one_far_right(requires_torch):
    # torch.nn.functional.softplus returns x itself past 20, a slope of 1 where sigmoid(25) is 1 - 1.4e-11
    assert compare_with_torch(Value(25.0).softplus()).agrees(1e-12)
