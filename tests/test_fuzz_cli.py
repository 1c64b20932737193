"""Fuzzing the command line ``python -m autograd`` with bad argv: status 0, or 2 and one line.

``autograd.tutor.cli.main`` gets random argv: expressions made of random pieces or
sensible ones with bad numbers, ``name=value`` items good and bad, options without their
value. It must return 0 (and print the report), or 2 with one line on stderr naming the
problem. Argparse's own usage errors (no expression, an unknown option) exit with status
2, argparse's usage lines and then one error line; they are counted apart. Options that
take a file name are only ever given without one, so nothing is written.
"""

import contextlib
import io
import warnings
from collections import Counter

import pytest
from fuzzing import FUZZ, INTERNALS, report
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd.tutor.cli import main as cli_main

COUNTS: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_counts(request):
    """Print what was tried and what came of it, once the module's tests have run."""
    yield
    report(COUNTS, request)


# the command line --------------------------------------------------------------------------------
EXPRESSION_PIECES = ["x", "y", "w", "*", "+", "-", "/", "**", "(", ")", "2", "0", "1e308", "tanh(", "log(",
                     "exp(", "relu(", "sqrt(", ",", " ", "nan", "inf", "foo(", "__import__", ".", "=", "'",
                     "[", "lambda"]
SENSIBLE = [("x*w + b", "xwb"), ("tanh(x*w)", "xw"), ("log(x)", "x"), ("x**y", "xy"), ("exp(x*y)", "xy"),
            ("sqrt(x) / y", "xy")]
VALUES = ["1", "0", "-1", "0.5", "nan", "inf", "-inf", "1e400", "", "abc", "0x10", "1_000", "1e308", "()",
          "x"]


@st.composite
def argvs(draw):
    """An argv: an expression of random pieces, ``name=value`` items, perhaps an option at the end
    (never one with a file name: nothing may be written)."""
    if draw(st.booleans()):  # an expression that reads, each variable given: the numbers may be wrong
        expression, variables = draw(st.sampled_from(SENSIBLE))
        values = st.one_of(st.sampled_from(["1", "-1", "0.5", "2", "0"]), st.sampled_from(VALUES))
        argv = [expression] + [f"{name}={draw(values)}" for name in variables]
    else:
        argv = ["".join(draw(st.lists(st.sampled_from(EXPRESSION_PIECES), min_size=0, max_size=8)))]
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(["x", "y", "w", "tanh", "1x", "", "x y", "b"]))
        argv.append(f"{name}={draw(st.sampled_from(VALUES))}" if draw(st.integers(0, 5)) else name)
    if draw(st.integers(0, 4)) == 0:
        argv.append(draw(st.sampled_from(["--svg", "--html", "--bogus", "-q", "--"])))
    if draw(st.integers(0, 9)) == 0:
        argv = argv[1:]  # no expression at all
    return argv


@settings(FUZZ, max_examples=400)
@given(argvs())
def test_the_command_line_answers_bad_argv_with_status_2_and_one_line(argv):
    out, err = io.StringIO(), io.StringIO()
    COUNTS["CLI: inputs tried"] += 1
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        try:
            status = cli_main(argv)
        except BaseException as error:  # noqa: BLE001 - anything escaping main is a bug, SystemExit too
            pytest.fail(f"main({argv!r}) raised {error!r}")
    assert not warned, f"{argv}: a warning line before the error: {warned[0].message}"
    assert status in (0, 2), f"{argv}: status {status}"
    if status == 2:
        lines = err.getvalue().splitlines()
        assert len(lines) == 1 and lines[0].startswith("python -m autograd: error: "), f"{argv}: {lines}"
        assert not any(phrase in lines[0] for phrase in INTERNALS), f"{argv}: {lines}"
        COUNTS["CLI: clear errors (status 2, one line)"] += 1
    else:
        assert err.getvalue() == "" and "gradients of" in out.getvalue(), f"{argv}: {err.getvalue()!r}"
        COUNTS["CLI: good inputs accepted (status 0)"] += 1
