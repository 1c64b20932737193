"""python -m autograd: an expression's forward values, chain-rule trace and gradients."""

import contextlib
import io
import os
import subprocess
import sys

import pytest

from autograd.tutor.cli import main
from autograd.tutor.expression import ExpressionError, evaluate, parse


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "autograd", *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_good_expression_prints_forward_values_trace_and_gradients():
    result = run("tanh(x*w + b)", "x=0.5", "w=-2", "b=1")
    assert result.returncode == 0 and result.stderr == ""
    out = result.stdout
    assert "  x*w = -1.0" in out and "L = tanh(x*w + b) = 0.0" in out  # forward
    assert "dL/dL = 1" in out
    # the chain rule, step by step, each step naming its rule
    assert "dL/dx += dL/d(x*w) · d(x*w)/dx = 1.0 · w = 1.0 · (-2.0) = -2.0" in out
    assert out.rstrip().endswith("dL/dx = -2.0\n  dL/dw = 0.5\n  dL/db = 1.0")


def test_gradients_accumulate_over_every_use_of_a_variable():
    out = run("x*x + 3*x", "x=2").stdout
    assert "(dL/dx is now" in out
    assert out.rstrip().endswith("dL/dx = 7.0")


def test_an_expression_may_start_with_a_minus_sign():
    result = run("-x*2", "x=1.5")
    assert result.returncode == 0
    assert result.stdout.rstrip().endswith("dL/dx = -2.0")


def test_sin_and_cos_are_read_and_differentiated_with_their_rules():
    result = run("sin(x)*x + cos(x)", "x=1")
    assert result.returncode == 0 and result.stderr == ""
    assert "d sin(x)/dx = 1.0 · cos(x) = 1.0 · cos(1.0) = 0.5403" in result.stdout
    assert "d cos(x)/dx = 1.0 · (-sin(x)) = 1.0 · (-sin(1.0)) = -0.8415" in result.stdout
    # d/dx (x sin x + cos x) = x cos x, worked by hand: cos 1 = 0.5403023058681398
    assert result.stdout.rstrip().endswith("dL/dx = 0.5403")
    exact = run("sin(x)*x + cos(x)", "x=1", "--exact")
    assert exact.stdout.rstrip().endswith("dL/dx = 0.5403023058681398")


def test_svg_and_html_options_save_the_pictures(requires_dot, tmp_path):
    svg, page = tmp_path / "graph.svg", tmp_path / "steps.html"
    result = run("tanh(x*w + b)", "x=0.5", "w=-2", "b=1", "--svg", str(svg), "--html", str(page))
    assert result.returncode == 0, result.stderr
    assert "<svg" in svg.read_text(encoding="utf-8")
    assert "Prev" in page.read_text(encoding="utf-8")


def test_a_big_expression_saves_a_summary_picture_and_refuses_the_page_in_one_line(requires_dot, tmp_path):
    svg, page = tmp_path / "graph.svg", tmp_path / "steps.html"
    expression = " + ".join(f"x*{i}" for i in range(1000))
    result = run(expression, "x=1", "--svg", str(svg), "--html", str(page))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "no step-by-step page" in result.stderr
    assert "showing the" in svg.read_text(encoding="utf-8") and not page.exists()


def test_missing_dot_is_one_line_on_stderr(requires_graphviz, tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}
    result = run("x*2", "x=1", "--svg", str(tmp_path / "g.svg"), env=env)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "apt-get install graphviz" in result.stderr
    assert "Traceback" not in result.stderr


BAD = {
    "attribute": (["x.real", "x=1"], "attribute"),
    "subscript": (["x[0]", "x=1"], "subscript"),
    "unknown_function": (["foo(x)", "x=1"], "unknown function 'foo'"),
    "name_without_value": (["x*y", "x=1"], "'y' has no value"),
    "syntax_error": (["x +", "x=1"], "syntax error"),
    "bad_name_value": (["x*2", "x=abc"], "'abc' is not a number"),
    "assignment_without_equals": (["x*2", "x"], "name=number"),
    "code_injection": (["__import__('os').system('echo pwned')"], "only these functions"),
    "string": (["'a' * 3"], "only numbers"),
    "other_operator": (["x // 2", "x=1"], "//"),
    "two_arguments": (["tanh(x, x)", "x=1"], "one argument"),
    "log_of_negative": (["log(x)", "x=-1"], "log is defined only for positive numbers"),
    "division_by_zero": (["1 / x", "x=0"], "division by zero"),
    "overflow": (["10 ** 10 ** 10"], "too large"),
    "derivative_undefined": (["sqrt(x)", "x=0"], "derivative"),
    "exponent_derivative_undefined": (["x**y", "x=-2", "y=2"], "ln of the negative base -2.0"),
    "exponent_derivative_undefined_in_practice": (["--practice", "x**y", "x=-2", "y=2"], "negative base"),
}


@pytest.mark.parametrize("args, says", BAD.values(), ids=BAD.keys())
def test_bad_input_is_one_line_on_stderr_with_status_2(args, says):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and says in result.stderr
    assert "Traceback" not in result.stderr


def test_a_literal_overflowing_to_inf_is_refused_like_a_value_that_does():
    literal, variable = run("x * 1e400", "x=1"), run("x * 2", "x=1e309")
    for result, number in ((literal, "'1e400'"), (variable, "'1e309'")):
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and f"{number} is not a finite number" in result.stderr


def test_variable_names_are_nfkc_normalised_like_the_names_in_the_expression(capsys):
    ligature = "\ufb01"  # the one-character ligature fi, which Python reads as "fi"
    assert main([f"{ligature} * 2", f"{ligature}=3"]) == 0
    assert main(["fi * 2", f"{ligature}=3"]) == 0
    out = capsys.readouterr().out
    assert out.count("dL/dfi = 2.0\n") == 2 and "not in the expression" not in out


def test_code_in_the_expression_never_runs(tmp_path):
    marker = tmp_path / "ran"
    result = run(f"__import__('pathlib').Path({str(marker)!r}).touch()")
    assert result.returncode == 2 and not marker.exists()


def test_parse_accepts_only_the_whitelist():
    for text in ("x", "2.5", "-x + +y", "x ** 2 / y - 1", "tanh(exp(log(sigmoid(relu(sqrt(abs(x)))))))"):
        parse(text)
    for text in ("lambda: 1", "[x]", "x if y else z", "x < y", "(x := 1)", "f'{x}'", "x.y()", "None"):
        with pytest.raises(ExpressionError):
            parse(text)


def test_constants_fold_so_a_square_stays_a_square():
    from autograd import Value

    x = Value(3.0, label="x")
    y = evaluate(parse("x ** (1 + 1)"), {"x": x})
    assert y.op == "**2" and y.data == 9.0


def practise(*args, answers=""):
    return subprocess.run([sys.executable, "-m", "autograd", "--practice", *args], input=answers,
                          capture_output=True, text=True, timeout=60)


def test_practice_checks_answers_piped_in_and_ends_with_the_score():
    # x*y + x at x=2, y=3: backward adds 1 to x*y, 1 to x, then y=3 to x and x=2 to y
    result = practise("x*y + x", "x=2", "y=3", answers="1\n1\n3\n2\n")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.count("  right: ") == 4
    assert "\nscore: 4/4\n" in result.stdout


def test_practice_shows_the_right_value_and_the_rule_after_a_wrong_answer():
    out = practise("x*y + x", "x=2", "y=3", answers="1\n1\n5\n2\n").stdout
    assert "not quite: you gave 5.0; the right value is 3.0: 1.0 · y = 1.0 · 3.0 = 3.0" in out
    assert "\nscore: 3/4\n" in out


def test_practice_takes_expressions_using_the_graph_names():
    out = practise("tanh(x)", "x=0.5", answers="1 - L**2\n").stdout
    assert "right: 1.0 · (1 - L²)" in out and "\nscore: 1/1\n" in out


def test_practice_asks_again_after_an_answer_that_is_not_a_number():
    out = practise("x*y", "x=2", "y=3", answers="three\n\n3\n2\n").stdout
    assert "unknown name 'three'" in out and "type a number" in out
    assert "\nscore: 2/2\n" in out


def test_practice_ends_cleanly_at_the_end_of_input_with_the_score_so_far():
    result = practise("x*y + x", "x=2", "y=3", answers="1\n")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "\nscore: 1/1 (stopped after 1 of 4 steps)\n" in result.stdout


def test_a_usage_error_is_one_line_with_status_2():
    result = run()
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "the following arguments are required" in result.stderr and "--help" in result.stderr


def test_a_literal_python_warns_about_is_one_error_line_and_no_warning():
    result = run("0inf", "x=1")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "syntax error in the expression" in result.stderr and "SyntaxWarning" not in result.stderr


@pytest.mark.parametrize("args", [
    ["x*2", "x=" + "1" * 100_000],
    ["x*2", "x" * 100_000 + "=1"],
    ["x*2", "x=1", "x=" + "2" * 100_000],
    ["x*" + "y" * 100_000, "x=1"],
    ["x*" + "9" * 100_000, "x=1"],
    ["log(x) + " + "z" * 100_000, "x=-1"],
], ids=["number", "name", "given_twice", "unknown_name", "literal", "cannot_evaluate"])
def test_an_error_quotes_a_bounded_piece_of_a_huge_input(args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(args) == 2
    assert err.getvalue().count("\n") == 1 and len(err.getvalue()) < 300, err.getvalue()[:400]


def test_output_cut_short_by_its_reader_ends_quietly_as_a_unix_tool_does():
    # over a pipe's 64 KB, so the command is still writing when the reader goes away (as | head -1)
    expression = " + ".join(f"x*{i}" for i in range(1000))
    with subprocess.Popen([sys.executable, "-m", "autograd", expression, "x=1"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        assert process.stdout.readline().startswith(b"expression: ")
        process.stdout.close()
        status = process.wait(timeout=60)
        err = process.stderr.read().decode()
    assert status == 141 and err == ""


@pytest.mark.parametrize("expression", ["x·w", "x × w", "x*w − 0", "x*w^1"])
def test_the_operators_the_formulas_print_are_read_as_operators(expression):
    result = run(expression, "x=3", "w=2")
    assert result.returncode == 0 and result.stderr == ""
    assert "dL/dx = 2.0" in result.stdout and "dL/dw = 3.0" in result.stdout


def test_a_variable_named_with_an_operator_is_refused_in_one_line():
    result = run("x*w", "x·w=1", "x=3", "w=2")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "· is an operator in an expression (*)" in result.stderr


FULL = "/dev/full"  # a device every write to fails with ENOSPC, as to a full disk


@pytest.mark.skipif(not os.path.exists(FULL), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [("x*w", "x=1", "w=2"),
                                  (" + ".join(f"x*{i}" for i in range(1000)), "x=1")],  # fills the buffer
                         ids=["short", "long"])
def test_an_output_that_cannot_be_written_is_one_line_on_stderr_and_a_failure(args):
    with open(FULL, "w") as full:
        result = subprocess.run([sys.executable, "-m", "autograd", *args], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == "python -m autograd: error: cannot write the output: No space left on device\n"


def test_an_output_that_cannot_encode_the_symbols_gets_their_ascii_spellings():
    result = run("tanh(x*y)", "x=1", "y=2", env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and result.stderr == ""
    assert "dL/d(x*y) += dL/dL * d tanh(x*y)/d(x*y) = 1.0 * (1 - L**2) = " in result.stdout


def test_practice_with_standard_input_closed_says_so_in_one_line():
    command = '"$0" -m autograd --practice "x*y" x=2 y=3 <&-'
    result = subprocess.run(["sh", "-c", command, sys.executable], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "standard input, which is closed" in result.stderr


def test_practice_names_a_byte_of_an_answer_that_does_not_decode_and_asks_again():
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    result = subprocess.run([sys.executable, "-m", "autograd", "--practice", "x*y", "x=2", "y=3"],
                            input=b"3\xff\n3\n2\n", capture_output=True, env=env, timeout=60)
    out = result.stdout.decode()
    assert result.returncode == 0 and result.stderr == b""
    assert "character 2 is the byte 0xff, which did not decode as text" in out
    assert "\nscore: 2/2\n" in out


def test_a_message_quotes_at_most_a_bounded_piece_of_any_input():
    from autograd import Value
    from autograd.tutor.expression import MAX_QUOTE, quoted
    from autograd.tutor.stepper import Stepper

    assert quoted("ab") == "'ab'" and quoted(2.5) == "2.5"
    for given in ("a" * 1_000_000, list(range(100_000))):
        assert len(quoted(given)) < MAX_QUOTE + 40 and quoted(given).endswith(" characters)")
    with pytest.raises(ValueError) as error:
        Stepper(Value(1.0), rankdir="X" * 1_000_000)
    assert len(str(error.value)) < 200
