"""Practice mode's two readers of an answer agree: Python's (:mod:`autograd.tutor.practice`,
for ``autograd.practice`` and the command line) and the stepper page's (``answer.js``, run
here under node), each given the vocabulary it gets in use.

One table of answers runs through both. The tests need node: they skip where it is missing,
and fail instead under CI=true.
"""

import json
import math
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import lecture_neuron, require

from autograd import Value
from autograd.tutor.answers import MIN_DIGITS, distinct, judge
from autograd.tutor.expression import (
    FUNCTIONS,
    MAX_DEPTH,
    PIECES,
    SPACES,
    SPELLINGS,
    TOO_DEEP,
    ExpressionError,
    nesting_depth,
)
from autograd.tutor.practice import MAX_LENGTH, TOO_LONG, answer_variables, read_answer
from autograd.tutor.stepper import answer_vocabulary, json_number

ANSWER_JS = Path(__file__).resolve().parent.parent / "autograd" / "tutor" / "stepper_page" / "answer.js"
ERROR = "not read"

NEURON = {name: v.data for name, v in lecture_neuron().items()}  # o = tanh(n), n = x1*w1 + x2*w2 + b
OUT, N = NEURON["o"], NEURON["n"]

ANSWERS = [  # the answer, the graph's labels with their numbers, what it reads as (or ERROR)
    ("0.5", {}, 0.5),
    ("  0.5  ", {}, 0.5),
    (".5", {}, 0.5),
    ("5.", {}, 5.0),
    ("5e-1", {}, 0.5),
    ("1E+2", {}, 100.0),
    ("1e-400", {}, 0.0),
    ("00", {}, 0.0),
    ("007.5", {}, 7.5),
    ("2**-1", {}, 0.5),
    ("-(-1/2)", {}, 0.5),
    ("--1", {}, 1.0),
    ("-2**2", {}, -4.0),
    ("2**3**2", {}, 512.0),
    ("2*-1", {}, -2.0),
    ("0**0", {}, 1.0),
    ("0.1 + 0.2", {}, 0.1 + 0.2),
    ("1 - o**2", NEURON, 1 - OUT ** 2),
    ("1 - o^2", NEURON, 1 - OUT ** 2),
    ("1.0 · (1 − o**2)", NEURON, 1 - OUT ** 2),
    ("1 - o²", NEURON, 1 - OUT ** 2),  # a square as the formulas print it
    ("1.0·(1 − o²)", NEURON, 1 - OUT ** 2),
    ("2³", {}, 8.0),
    ("w1·x1", NEURON, NEURON["w1"] * NEURON["x1"]),  # no space: the dot is no letter of a name
    ("x1×w1", NEURON, NEURON["w1"] * NEURON["x1"]),
    ("2 × x1", NEURON, 4.0),
    ("(1 - o)*(1 + o)", NEURON, (1 - OUT) * (1 + OUT)),
    ("1 - tanh(n)**2", NEURON, 1 - math.tanh(N) ** 2),
    ("x1*w1 + x2*w2 + b", NEURON, N),
    ("exp (1)", {}, math.e),
    ("softplus(0.5)", {}, math.log1p(math.exp(0.5))),
    ("sigmoid(-1000)", {}, 0.0),
    ("sqrt(0)", {}, 0.0),
    ("abs(-3)", {}, 3.0),
    ("relu(-2) + relu(2)", {}, 2.0),
    ("o**o", {"o": 0.5}, 0.5 ** 0.5),
    ("2**o", {"o": 0.5}, 2 ** 0.5),
    ("θ + 1", {"θ": 2.0}, 3.0),
    ("ﬁ * 2", {"ﬁ": 1.5}, 3.0),  # the ligature fi, as label and as typed
    ("fi * 2", {"ﬁ": 1.5}, 3.0),
    ("exp(1)", {"exp": 2.0}, math.e),
    ("", {}, ERROR),
    ("2 x", {"x": 1.0}, ERROR),
    ("1 +", {}, ERROR),
    ("(1 - o", NEURON, ERROR),
    ("q", NEURON, ERROR),
    ("alert(1)", {}, ERROR),
    ("exp", {}, ERROR),
    ("exp", {"exp": 2.0}, ERROR),
    ("exp()", {}, ERROR),
    ("exp(1, 2)", {}, ERROR),
    ("(exp)(1)", {}, ERROR),
    ("x(2)", {"x": 1.0}, ERROR),
    ("0.5; 1", {}, ERROR),
    ("1/0", {}, ERROR),
    ("1e400", {}, ERROR),
    ("10**400", {}, ERROR),
    ("exp(1000)", {}, ERROR),
    ("log(0)", {}, ERROR),
    ("log(-1)", {}, ERROR),
    ("sqrt(-1)", {}, ERROR),
    ("0**-1", {}, ERROR),
    ("(-8)**(1/3)", {}, ERROR),
    ("0x10", {}, ERROR),
    ("1_000", {}, ERROR),
    ("007", {}, ERROR),
    ("1j", {}, ERROR),
    ("True", {}, ERROR),
    ("lambda + 1", {"lambda": 2.0}, ERROR),
    ("7 // 2", {}, ERROR),
    ("7 % 2", {}, ERROR),
    ("[1]", {}, ERROR),
    ("'1'", {}, ERROR),
    ("1 if o else 2", {"o": 1.0}, ERROR),
    ("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH, {}, 1.0),  # as deep as an answer may nest
    ("-" * MAX_DEPTH + "1", {}, 1.0),
    ("1**" * MAX_DEPTH + "1", {}, 1.0),
    ("-(" * (MAX_DEPTH // 2) + "1" + ")" * (MAX_DEPTH // 2), {}, -1.0 if MAX_DEPTH % 4 else 1.0),
    ("exp(" * MAX_DEPTH + "0" + ")" * MAX_DEPTH, {}, ERROR),  # too large long before too deep
    ("9" * 400, {}, ERROR),
    ("1 + \udcff", {}, ERROR),  # a byte that did not decode, as Python keeps it
    ("1\x00", {}, ERROR),
    ("\t1 + 2\f\n", {}, 3.0),  # spaces as Python's tokenizer skips them, line breaks at the ends
    ("1 # 7", {}, ERROR),  # no comments: Python's parser would drop what follows
    ("2 #(", {}, ERROR),
    ("1 + \\\n2", {}, ERROR),  # nor lines continued
    ("(1\n+ 2)", {}, ERROR),
    ("\ufeff1", {}, ERROR),  # a byte order mark is no space
    ("1 +\ufeff2", {}, ERROR),
    ("1\u00a0+ 2", {}, ERROR),  # nor a no-break space
    ("\u00a01", {}, ERROR),
    ("1+" * ((MAX_LENGTH - 1) // 2) + "1", {}, float((MAX_LENGTH - 1) // 2 + 1)),  # as long as may be
    ("+".join(["1"] * 200_000), {}, ERROR),
    *((text, {}, ERROR) for text in ()),
]

TOO_DEEP_ANSWERS = [  # one level deeper than an answer may nest, and the depths that broke the page
    "(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1),
    "-" * (MAX_DEPTH + 1) + "1",
    "1**" * (MAX_DEPTH + 1) + "1",
    "2**-" * (MAX_DEPTH // 2 + 1) + "1",
    "-(" * (MAX_DEPTH // 2) + "-1" + ")" * (MAX_DEPTH // 2),
    "(" * 900 + "1" + ")" * 900,
    "-" * (MAX_LENGTH - 1) + "1",
    "exp(" * 390 + "1" + ")" * 390,
    "(" * (MAX_LENGTH - 1) + "1",
]

TOO_LONG_ANSWERS = [  # one character longer than an answer may be, and inputs that once took long
    "1+" * (MAX_LENGTH // 2) + "1",
    "x" + "+x^x" * ((MAX_LENGTH - 1) // 4),  # short enough as typed, too long with ** written out
    "+".join(["1"] * 200_000),
    "(" * 5000 + "1" + ")" * 5000,
    "-" * 20000 + "1",
    "exp(" * 3000 + "1" + ")" * 3000,
    "(" * 100_000,
    "1" * 1_000_000,
]

HUGE_ANSWERS = [  # each quoted in a message, which must stay short
    "1" * 1_000_000,
    "a" * 1_000_000,
    "2 " + "b" * 100_000,
    "0" * 100_000 + "7",
    "1 + " + "x" * 100_000 + "(2)",
    "a" * (MAX_LENGTH - 10),  # within the length that is read
    "2 " + "b" * (MAX_LENGTH - 5),
    "1 + " + "x" * (MAX_LENGTH - 10) + "(2)",
]

TANH = 0.5009717437695083  # 1 - tanh(0.88)**2, the README's first step
RIGHT, WRONG = "right", "wrong"
FEW = f"right to 1 digit: give {MIN_DIGITS}"
CLOSE = "close, but an expression must be exact"

VERDICTS = [  # the answer as typed, the graph's labels, the exact value, the verdict (or a retry's message)
    ("0.501", {}, TANH, RIGHT),  # agrees to the 3 digits typed
    ("0.50097", {}, TANH, RIGHT),
    ("0.5009717437695083", {}, TANH, RIGHT),
    ("5.01e-1", {}, TANH, RIGHT),
    ("  0.501 ", {}, TANH, RIGHT),
    ("0.5", {}, TANH, FEW),  # right to 1 digit, where the value has more
    ("0.50", {}, TANH, "right to 2 digits: give 3"),
    ("1", {}, 1.002, FEW),
    ("0.502", {}, TANH, WRONG),
    ("0.5012", {}, TANH, WRONG),
    ("0.50098", {}, TANH, WRONG),
    ("-0.501", {}, TANH, WRONG),
    ("-0.501", {}, -TANH, RIGHT),
    ("−0.501", {}, -TANH, RIGHT),  # the minus sign as the formulas print it
    ("- 0.501", {}, -TANH, RIGHT),
    ("0.5", {}, 0.5, RIGHT),  # the value has no more digits
    ("0.5", {}, 0.4999999999999998, RIGHT),  # but for the floats' rounding
    ("2", {}, 2.0, RIGHT),
    ("1235", {}, 1234.5678, RIGHT),
    ("1.23e3", {}, 1234.5678, RIGHT),
    ("1.2e3", {}, 1234.5678, "right to 2 digits: give 3"),
    ("0", {}, 0.0, RIGHT),
    ("0.0", {}, 1e-17, RIGHT),
    ("0.001", {}, 0.0, WRONG),
    ("0.000", {}, 0.0004, "right to 0 digits: give 3"),
    ("0e400", {}, 5.0, "right to 0 digits: give 3"),  # its last digit is beyond the floats
    ("0e400", {}, 0.0, RIGHT),
    ("1 - o**2", {"o": 0.7064193203972353}, TANH, RIGHT),  # an expression is exact
    ("1 - o²", {"o": 0.7064193203972353}, TANH, RIGHT),  # a square as the formulas print it
    ("1.0 · (1 − o²)", {"o": 0.7064193203972353}, TANH, RIGHT),
    ("1 - 0.7064**2", {}, TANH, CLOSE),  # close, not exact: asked again
    ("1 - 0.7**2", {}, TANH, WRONG),
    ("1/2", {}, TANH, CLOSE),
    ("0.5 + 1e-12", {}, 0.5, RIGHT),
    ("1", {}, math.inf, WRONG),  # an infinite or NaN value is never right
    ("1e308", {}, math.inf, WRONG),
    ("1", {}, math.nan, WRONG),
    ("0", {}, math.nan, WRONG),
]

POINTS = (-800.0, -3.0, -0.5, 0.0, 0.5, 3.0, 800.0)
"""Where every function an answer may call is evaluated by both readers."""


def _names(labels: dict) -> dict:
    """A graph's names as the views give them: each Value with its label."""
    return {Value(x, label=name): name for name, x in labels.items()}


def python_reads(text: str, labels: dict):
    """What practice mode's reader makes of ``text``: a number, or ERROR."""
    variables = {name: Value(x) for name, x in answer_variables(_names(labels)).items()}
    try:
        return read_answer(text, variables)
    except ExpressionError:
        return ERROR


def run_answer_js(program: str, given, timeout: float = 60) -> list:
    """The JSON that ``program``, run under node after answer.js (in strict mode, as in the page),
    writes when given ``given`` (as JSON) on its input, in ``given``. An error that is not the
    reader's own (a bug in it) fails the run."""
    require(shutil.which("node") is not None, "node (Node.js)", "apt-get install nodejs")
    script = ('(function () {\n"use strict";\n' + ANSWER_JS.read_text(encoding="utf-8")
              + '\nvar given = JSON.parse(require("fs").readFileSync(0, "utf8"));\n'
              + f"process.stdout.write(JSON.stringify({program}));\n}})();\n")
    run = subprocess.run(["node", "-e", script], input=json.dumps(given), capture_output=True, text=True,
                         timeout=timeout)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def page_reads(cases: list) -> list:
    """What the page's reader makes of each ``(text, labels)`` of ``cases``, with the vocabulary
    the page's data gives it: a number, or ERROR."""
    read = ("given.map(function (c) { try { return readAnswer(c[0], c[1]); } "
            "catch (e) { if (!e.answer) { throw e; } return null; } })")
    found = run_answer_js(read, [(text, answer_vocabulary(_names(labels))) for text, labels in cases])
    return [ERROR if x is None else x for x in found]


def python_message(text: str) -> str:
    """The message practice mode's reader gives for ``text``, which it cannot read."""
    with pytest.raises(ExpressionError) as error:
        read_answer(text, {})
    return str(error.value)


def page_messages(texts: list) -> list:
    """The message of the error the page's reader throws for each of ``texts`` (null if none)."""
    read = ("given.map(function (t) { try { readAnswer(t, " + json.dumps(answer_vocabulary({})) + "); } "
            "catch (e) { if (!e.answer) { throw e; } return e.message; } return null; })")
    return run_answer_js(read, texts)


def _verdict(right: bool, counted: bool, message: str) -> str:
    return message if not counted else RIGHT if right else WRONG


def python_verdict(text: str, labels: dict, expected: float) -> str:
    """Practice mode's verdict on ``text`` (as typed) for the exact value ``expected``."""
    verdict = judge(text, python_reads(text, labels), expected)
    return _verdict(verdict.right, verdict.counted, verdict.message)


def page_verdicts(cases: list) -> list:
    """The page's verdict on each ``(text, labels, expected)``, by ``judgeAnswer`` with the rule and
    the vocabulary of the page's data."""
    judge_all = ("given.map(function (c) { var v = judgeAnswer(c[0], readAnswer(c[0], c[1]), Number(c[2]), "
                 "c[1], c[1].rule); return [v.right, v.counted, v.message]; })")
    found = run_answer_js(judge_all, [(text, answer_vocabulary(_names(labels)), json_number(expected))
                                      for text, labels, expected in cases])
    return [_verdict(*v) for v in found]


def _same(a, b) -> bool:
    """Both not read, or both the same number but for the last digits (libm and V8 may round
    exp and tanh differently)."""
    if ERROR in (a, b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)


@pytest.fixture(scope="module")
def page_answers() -> list:
    return page_reads([(text, labels) for text, labels, _ in ANSWERS])


@pytest.mark.parametrize("index", range(len(ANSWERS)), ids=[repr(a[0]) for a in ANSWERS])
def test_both_readers_read_each_answer_of_the_table_as_it_says(page_answers, index):
    text, labels, expected = ANSWERS[index]
    assert _same(python_reads(text, labels), expected), "practice mode's reader"
    assert _same(page_answers[index], expected), "the page's reader"


@pytest.fixture(scope="module")
def page_judges() -> list:
    return page_verdicts([(text, labels, expected) for text, labels, expected, _ in VERDICTS])


@pytest.mark.parametrize("index", range(len(VERDICTS)), ids=[f"{v[0]!r} for {v[2]!r}" for v in VERDICTS])
def test_both_readers_judge_each_answer_of_the_table_by_the_one_rule(page_judges, index):
    text, labels, expected, verdict = VERDICTS[index]
    assert python_verdict(text, labels, expected).startswith(verdict), "practice mode's rule"
    assert page_judges[index].startswith(verdict), "the page's rule"


@pytest.mark.parametrize("given, expected, shown", [
    (0.502, TANH, ("0.502", "0.501")),
    (0.50104, TANH, ("0.50104", "0.50097")),
    (0.5000959, 0.5, ("0.5001", "0.5")),
    (1.0, 1.0 + 1e-12, ("1.0", "1.000000000001")),
])
def test_a_wrong_answer_is_shown_with_enough_digits_to_differ_from_the_right_value(given, expected, shown):
    assert distinct(given, expected) == shown


def test_both_readers_refuse_an_answer_nested_too_deeply_with_one_message():
    assert page_messages(TOO_DEEP_ANSWERS) == [TOO_DEEP] * len(TOO_DEEP_ANSWERS)
    assert [python_message(text) for text in TOO_DEEP_ANSWERS] == [TOO_DEEP] * len(TOO_DEEP_ANSWERS)


def test_both_readers_refuse_an_answer_too_long_with_one_message():
    assert len(TOO_LONG_ANSWERS[1]) <= MAX_LENGTH
    assert page_messages(TOO_LONG_ANSWERS) == [TOO_LONG] * len(TOO_LONG_ANSWERS)
    assert [python_message(text) for text in TOO_LONG_ANSWERS] == [TOO_LONG] * len(TOO_LONG_ANSWERS)


def test_python_counts_the_nesting_of_a_million_pieces_in_linear_time():
    program = ("from autograd.tutor.expression import nesting_depth\n"
               "assert nesting_depth(['('] * 10**6 + ['-'] * 10**6 + ['1']) == 2 * 10**6\n")
    subprocess.run([sys.executable, "-c", program], check=True, timeout=20)  # quadratic: hours


def test_the_page_counts_the_nesting_of_a_million_tokens_in_linear_time():
    count = ("nestingDepth(Array(given).fill({kind: 'op', text: '('})"
             ".concat(Array(given).fill({kind: 'op', text: '-'}),"
             " [{kind: 'number', text: '1'}, {kind: 'end', text: ''}]))")
    assert run_answer_js(count, 10**6, timeout=20) == 2 * 10**6


def test_both_readers_refuse_a_million_characters_quickly():
    huge = ["(" * 10**6, "-" * 10**6 + "1", "1+" * 10**6 + "1"]
    program = ("import sys\nfrom autograd.tutor.practice import read_answer\n"
               "for n, text in enumerate(" + repr(["(", "-", "1+"]) + "):\n"
               "    try:\n        read_answer(text * 10**6, {})\n    except ValueError:\n        continue\n"
               "    sys.exit(f'read {n}')\n")
    subprocess.run([sys.executable, "-c", program], check=True, timeout=20)
    read = ("given.map(function (t) { try { readAnswer(t, " + json.dumps(answer_vocabulary({})) + "); } "
            "catch (e) { if (!e.answer) { throw e; } return e.message; } return null; })")
    assert run_answer_js(read, huge, timeout=20) == [TOO_LONG] * len(huge)


def test_both_readers_count_the_nesting_of_any_answer_alike():
    # no ^: Python puts the spellings in first, so *^* is **** to it and three tokens to the page
    # (an answer both refuse); every other piece is cut alike
    pieces = ["(", ")", "-", "+", "**", "*", "/", "x", "2", "1e-5", "exp(", " ", "−"]
    chooser = random.Random(18)
    texts = ["".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 30))) for _ in range(500)]
    count = ("given.map(function (t) { return nestingDepth(answerTokens(t, "
             + json.dumps(SPELLINGS) + ", " + json.dumps(SPACES) + ")); })")
    python = [nesting_depth(PIECES.findall(text.translate(str.maketrans(SPELLINGS)))) for text in texts]
    assert run_answer_js(count, texts) == python
    assert max(python) > 5  # the sample nests


def test_both_readers_quote_a_bounded_piece_of_a_huge_answer():
    for reader, messages in (("python", [python_message(text) for text in HUGE_ANSWERS]),
                             ("page", page_messages(HUGE_ANSWERS))):
        for text, message in zip(HUGE_ANSWERS, messages):
            assert message is not None and len(message) < 200, (reader, text[:10], message[:300])


def test_python_names_a_character_that_is_not_text_rather_than_calling_it_too_deep():
    assert "the byte 0xff, which did not decode as text" in python_message("1 + \udcff")
    assert "U+D800, half of a character" in python_message("\ud800")
    assert "character 2 is a null character" in python_message("1\x00")


@pytest.mark.parametrize("name", FUNCTIONS)
def test_the_page_works_out_every_function_of_the_op_table_as_python_does(name):
    cases = [(f"{name}(x)", {"x": x}) for x in POINTS]
    page = page_reads(cases)
    python = [python_reads(text, labels) for text, labels in cases]
    assert all(_same(p, q) for p, q in zip(python, page)), list(zip(POINTS, python, page))
    assert any(p != ERROR for p in page), f"the page cannot work out {name}()"
