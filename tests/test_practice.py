"""Practice mode in Python (and Jupyter): the learner types each step, the tool checks it."""

import os
import signal
import subprocess
import sys
import time

import pytest
from test_lecture import cube, lecture_neuron

import autograd
from autograd import Value
from autograd.tutor.practice import Score, read_answer, run


def answering(*answers):
    """A ``read`` that gives ``answers`` one by one, then ends the input."""
    queue = list(answers)

    def read(prompt):
        if not queue:
            raise EOFError
        return queue.pop(0)

    return read


def test_practice_prints_the_steps_and_the_score(capsys):
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    assert autograd.practice(x * y, read=answering("3", "2")) is None
    out = capsys.readouterr().out
    assert "step 1/2: L passes its gradient back to x" in out
    assert "dL/dx += dL/dL · d(x*y)/dx = ?" in out
    assert out.rstrip().endswith("score: 2/2\ngradients of L:\n  dL/dx = 3.0\n  dL/dy = 2.0")


def test_the_lecture_neuron_can_be_practised_with_expressions_of_its_names():
    v = lecture_neuron()
    lines = []
    answers = ["1 - o**2", "0.5", "0.5", "0.5", "0.5", "0.5 * w2", "0.5 * x2", "0.5 * w1", "0.5 * x1"]
    score = run(v["o"], answering(*answers), lines.append)
    assert (score.right, score.answered, score.total) == (9, 9, 9)


def test_a_wrong_answer_shows_the_right_value_and_the_rule():
    n = Value(0.5, label="n")
    o = n.tanh()
    o.label = "o"
    lines = []
    score = run(o, answering("0.5"), lines.append)
    assert score.right == 0
    expected = "  not quite: you gave 0.5; the right value is 0.7864: 1.0 · (1 - o²) = 1.0 · (1 - 0.4621²)"
    assert any(line.startswith(expected) for line in lines)


def test_practice_counts_nothing_for_an_answer_that_is_not_a_number():
    x = Value(2.0, label="x")
    lines = []
    score = run(x * 3.0, answering("two", "3"), lines.append)
    assert score.right == 1 and score.answered == 1
    assert any("unknown name 'two'" in line for line in lines)


def test_practice_stops_cleanly_at_the_end_of_input():
    x = Value(2.0, label="x")
    lines = []
    score = run(x * x, answering("2"), lines.append)
    assert "score: 1/1 (stopped after 1 of 2 steps)" in lines
    assert score == Score(right=1, answered=1, total=2)


def test_practice_stops_cleanly_on_ctrl_c():
    def interrupted(prompt):
        raise KeyboardInterrupt

    lines = []
    run(Value(2.0, label="x") * 3.0, interrupted, lines.append)
    assert "score: 0/0 (stopped after 0 of 1 steps)" in lines


def test_practice_of_a_leaf_says_there_is_nothing_to_do():
    lines = []
    assert run(Value(1.0, label="x"), answering(), lines.append) == Score(0, 0, 0)
    assert "x is a leaf: backward has nothing to pass on." in lines


def test_practice_takes_a_learner_written_op():
    x = Value(2.0, label="x")
    lines = []
    assert run(cube(x), answering("3 * x**2"), lines.append).right == 1


def test_practice_leaves_every_gradient_as_it_was():
    v = lecture_neuron()
    run(v["o"], answering("0.5", "0.5"), lambda line: None)
    assert all(value.grad == 0.0 for value in v.values())


def test_an_answer_may_be_a_small_expression():
    assert read_answer("0.5 * (1 - 0.5**2)", {}) == pytest.approx(0.375)
    assert read_answer("2*x", {"x": Value(1.5)}) == 3.0


def test_practice_refuses_what_is_not_a_value():
    with pytest.raises(TypeError, match="practice needs a Value"):
        run(3.0, answering(), print)


def test_ctrl_c_in_the_terminal_ends_practice_with_the_score_and_no_traceback():
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "autograd", "--practice", "x*y", "x=2", "y=3"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        process.stdin.write("3\n")
        process.stdin.flush()
        seen = []
        while not any(line.startswith("step 2/2") for line in seen):
            seen.append(process.stdout.readline())
        seen += [process.stdout.readline(), process.stdout.readline()]  # upstream, question
        time.sleep(0.3)  # the second question is waiting for an answer
        os.kill(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=30)
        out = "".join(seen) + out
    finally:
        process.kill()
    assert process.returncode == 0 and "Traceback" not in err
    assert "score: 1/1 (stopped after 1 of 2 steps)\n" in out
