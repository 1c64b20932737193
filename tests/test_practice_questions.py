"""What practice asks and says: the kinds of question, the classic mistakes named, the terminal's text."""

import subprocess
import sys

import pytest
from conftest import lecture_neuron
from test_practice import answering

import autograd
import nn
from autograd import Value
from autograd.tutor.practice import run
from autograd.tutor.questions import questions
from autograd.views.formulas import Formulas
from autograd.views.names import value_names

README = ("tanh(x*w + b)", "x=2", "w=-3", "b=6.88")  # the README's example; its first step is 0.50097...


def practise(root, *answers, **options):
    """The lines practice writes for ``answers``, and its score."""
    lines = []
    score = run(root, answering(*answers), lines.append, **options)
    return lines, score


def terminal(*args, answers=""):
    return subprocess.run([sys.executable, "-m", "autograd", "--practice", *args], input=answers,
                          capture_output=True, text=True, timeout=60)


def asked(root, kind):
    return [(q.asks, q.expected) for q in questions(root, kind, Formulas(value_names(root)))]


# the one fair rule, in the terminal ------------------------------------------------------------
@pytest.mark.parametrize("answer", ["0.501", "0.50097", "1 - L**2", "1.0 · (1 − L²)", "(1-L)×(1+L)"])
def test_the_readme_example_takes_a_correctly_rounded_or_exact_first_answer(answer):
    out = terminal(*README, answers=answer + "\n").stdout
    assert "  right: 1.0 · (1 - L²) = 1.0 · (1 - 0.7064²) = 0.501" in out


def test_too_few_digits_are_asked_again_not_marked_wrong():
    out = terminal(*README, answers="0.5\n0.501\n").stdout
    assert "  right to 1 digit: give 3; try again (this does not count)" in out
    assert "\nscore: 1/1 (stopped after 1 of 5 steps)\n" in out


def test_a_wrong_answer_is_shown_with_enough_digits_to_differ_from_the_right_value():
    out = terminal(*README, answers="0.50104\n").stdout
    assert "not quite: you gave 0.50104; the right value is 0.50097: " in out


# the classic mistakes, named -------------------------------------------------------------------
def test_the_local_derivative_alone_is_named():
    n = Value(2.0, label="x") * -3.0 + 6.88
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    lines, score = practise((o * 2.0).exp(), "L", "2*L", "0.501")  # 1 - o² = 0.501, upstream 2·L
    assert score.right == 2
    assert ("  that is the local derivative d tanh(n)/dn alone: multiply it by the upstream gradient "
            "dL/do = 8.215") in lines


def test_the_upstream_alone_is_named():
    p = Value(2.0, label="x") * Value(3.0, label="y")
    p.label = "p"
    lines, _ = practise(p * 4.0, "4", "12", "4.00")  # dL/dy += 4 · x = 8
    assert "  that is the upstream gradient dL/dp alone: multiply it by the local derivative d(x*y)/dy" \
        in lines


@pytest.mark.parametrize("build, answers, derivative", [
    (lambda a, b: a - b, ("1", "1"), "d(a - b)/db = -1"),
    (lambda a, b: a / b, ("0.667", "0.889"), "d(a/b)/db = -L/b"),
])
def test_a_flipped_sign_of_minus_or_divide_is_named(build, answers, derivative):
    lines, score = practise(build(Value(2.0, label="a"), Value(1.5, label="b")), *answers)
    assert score.right == 1
    assert f"  the sign is flipped: {derivative}, with its minus" in lines


@pytest.mark.parametrize("function, answer, rule", [
    ("exp", "2.00", "exp's derivative is written from its output L, not from its input x: d exp(x)/dx = L"),
    ("tanh", "-3.00", "tanh's derivative is written from its output L, not from its input x: "
                      "d tanh(x)/dx = 1 - L²"),
])
def test_a_derivative_written_from_the_input_instead_of_the_output_is_named(function, answer, rule):
    x = Value(2.0, label="x")
    lines, _ = practise(getattr(x, function)(), answer)
    assert f"  {rule}" in lines, lines


def test_one_path_only_for_a_reused_value_is_named():
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    lines, score = practise(x * y + x, "3.00", ask="totals")  # the right total is 4: y + 1
    assert score.right == 0
    assert ("  that is one path only: x is used 2 times, and its gradient is the sum of what every path "
            "passes back (+=, not =)") in lines


# the kinds of question -------------------------------------------------------------------------
def test_forward_asks_each_node_value_in_order():
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    assert asked(x * y + x, "forward") == [("x*y = ?", 6.0), ("L = x*y + x = ?", 8.0)]


def test_forward_does_not_let_a_node_answer_its_own_value():
    n = Value(2.0, label="x") * 3.0
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    lines, score = practise(o, "n", "6", "tanh(n)", ask="forward")
    assert any("unknown name 'n'" in line for line in lines)
    assert (score.right, score.answered) == (2, 2)


def test_totals_ask_the_sum_over_the_paths_of_each_reused_value():
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    assert asked(x * y + x, "totals") == [("dL/dx = sum over its 2 paths = ?", 4.0)]


def test_leaves_ask_each_leaf_final_gradient():
    values = lecture_neuron()
    found = dict(asked(values["o"], "leaves"))
    assert found["do/dw2 = ?"] == 0.0 and found["do/dx1 = ?"] == pytest.approx(-1.5)
    assert len(found) == 5  # x1, w1, x2, w2, b


def test_a_constant_is_never_asked_about():
    lines, score = practise(2 * Value(1.0, label="x"), "2")
    assert score.total == 1 and not any("d2.0" in line for line in lines)
    assert [q for q, _ in asked(2 * Value(1.0, label="x"), "leaves")] == ["dL/dx = ?"]


def test_a_dead_relu_neuron_is_asked_once_for_the_zero_it_passes():
    out = nn.Neuron(3, random_state=0)([1, -2, 0.5])
    lines, score = practise(out, "0")
    assert (score.right, score.total) == (1, 1)
    assert "  relu is off, z = -0.4224: its local derivative is 0, so nothing reaches its 7 inputs" in lines
    assert not any("is a leaf" in line for line in lines)


def test_an_unknown_kind_of_question_is_refused():
    with pytest.raises(ValueError, match="ask must be one of steps, forward, totals, leaves, got 'all'"):
        run(Value(1.0, label="x") * 2.0, answering(), print, ask="all")


# the terminal's text ---------------------------------------------------------------------------
def test_the_hint_uses_the_output_own_name():
    out = terminal(*README).stdout
    assert "an expression such as 0.5*(1 - L**2)" in out and "o**2" not in out


def test_every_number_is_rounded_as_in_the_other_views_and_exact_on_request():
    out = terminal(*README, answers="0.501\n").stdout
    assert "upstream dL/d(x*w + b) = 0.501\n" in out and "0.5009717437695083" not in out
    exact = terminal(*README, "--exact", answers="0.501\n").stdout
    assert "upstream dL/d(x*w + b) = 0.5009717437695083\n" in exact


def test_the_report_rounds_its_numbers_as_explain_does_and_shows_all_on_request():
    run = [sys.executable, "-m", "autograd", *README]
    out = subprocess.run(run, capture_output=True, text=True, timeout=60).stdout
    assert "  dL/db = 0.501\n" in out and "0.5009717437695083" not in out
    exact = subprocess.run([*run, "--exact"], capture_output=True, text=True, timeout=60).stdout
    assert "  dL/db = 0.5009717437695083\n" in exact and "= 0.5009717437695083  (" not in exact


def test_ask_without_practice_is_refused_in_one_line():
    result = subprocess.run([sys.executable, "-m", "autograd", "x*2", "x=1", "--ask", "totals"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "add --practice" in result.stderr


def test_python_practice_takes_the_kind_of_question(capsys):
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    assert autograd.practice(x * y + x, read=answering("4", "2"), ask="leaves") is None
    out = capsys.readouterr().out
    assert "question 1/2: the gradient of x" in out and "\nscore: 2/2\n" in out


def test_the_final_gradients_follow_the_score():
    out = terminal("x*y", "x=2", "y=3", answers="3\n2\n").stdout
    assert out.endswith("score: 2/2\ngradients of L:\n  dL/dx = 3.0\n  dL/dy = 2.0\n")


def test_practice_with_html_writes_the_page_with_practice_on(requires_dot, tmp_path):
    page = tmp_path / "p.html"
    result = terminal("x*y", "x=2", "y=3", "--html", str(page))
    assert result.returncode == 0 and f"saved the practice page to {page}" in result.stdout
    assert 'id="practice-switch" autocomplete="off" checked' in page.read_text(encoding="utf-8")


def test_practice_with_svg_says_it_draws_none():
    result = terminal("x*y", "x=2", "y=3", "--svg", "g.svg")
    assert result.returncode == 2 and "it draws no --svg" in result.stderr
