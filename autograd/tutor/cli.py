"""``python -m autograd "tanh(x*w + b)" x=0.5 w=-2 b=1``: the chain rule of one expression, step by step.

Prints the forward values, every step of the backward pass (as :func:`autograd.explain`)
and the gradient of the expression with respect to each named variable. ``--svg`` saves
a picture of the graph (in summary when it is big), ``--html`` the step-by-step page.
``--practice`` asks the learner for each step's number instead and checks it (see
:mod:`autograd.tutor.practice`). The expression is read by :mod:`autograd.tutor.expression` (a
whitelist over :mod:`ast`, never ``eval``).

Errors in the input (bad syntax, an unknown function, a name without a value, a bad
``name=value``) and domain errors (``log(-1)``) print one line to stderr and exit with
status 2; a picture that cannot be made (Graphviz missing, failing or too slow; a graph
too big for the step-by-step page) exits with status 1. Output cut short by its reader
(``| head``) ends quietly with status 141, as a Unix tool killed by SIGPIPE; an output
that cannot encode the formulas' symbols gets them in ASCII (``·`` as ``*``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Callable, Optional, Sequence, TextIO

from autograd.graph import forward_order
from autograd.notation import format_number
from autograd.tutor import worksheet as worksheets
from autograd.tutor.expression import (
    FUNCTIONS,
    SPELLINGS,
    ExpressionError,
    evaluate,
    finite_number,
    names,
    parse,
    quoted,
    variable_name,
)
from autograd.tutor.practice import run as run_practice
from autograd.tutor.questions import KINDS
from autograd.value import Value
from autograd.views.explain import explain_text
from autograd.views.names import forward_lines, value_names

EXAMPLE = 'python -m autograd "tanh(x*w + b)" x=0.5 w=-2 b=1 --svg graph.svg --html steps.html'


_OPTIONS = ("-h", "--help", "--svg", "--html", "--practice", "--ask", "--exact", "--worksheet", "--students",
            "--exercises", "--no-key", "--title", "--exercise", "--seed", "--level")


class _Fail(Exception):
    """A one-line error for the user, with the exit status."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line (status 2), like every other error here."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Fail(f"{message}; see python -m autograd --help")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m autograd",
        description="Evaluate an expression, run backward, and print the chain rule step by step.",
        epilog=f"example: {EXAMPLE}. Functions: {', '.join(FUNCTIONS)}; operators: + - * / **.",
    )
    parser.add_argument("expression", nargs="?", help='the expression, e.g. "tanh(x*w + b)" (quote it)')
    parser.add_argument("values", nargs="*", metavar="name=value", help="a number for each variable")
    parser.add_argument("--svg", metavar="PATH", help="save a picture of the graph as SVG")
    parser.add_argument("--html", metavar="PATH", help="save the step-by-step page as HTML")
    parser.add_argument("--practice", action="store_true",
                        help="do the chain rule yourself: each step asks for the number it adds to a "
                             "gradient and checks it (answers from the keyboard or piped, one a line); "
                             "with --html, write the page with its practice switch on instead")
    parser.add_argument("--ask", choices=list(KINDS), default="steps",
                        help="what --practice asks: " + "; ".join(f"{k}: {w}" for k, w in KINDS.items()))
    parser.add_argument("--exact", action="store_true",
                        help="show every number with all its digits (4 significant digits otherwise)")
    worksheets.add_arguments(parser)
    return parser


def _variables(assignments: Sequence[str]) -> dict[str, Value]:
    variables: dict[str, Value] = {}
    for text in assignments:
        name, sep, number = text.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise _Fail(f"bad variable {quoted(text)}: write name=number, e.g. x=0.5")
        name = variable_name(name)
        operator = next((char for char in name if char in SPELLINGS), None)
        if operator:  # the expression reads it as an operator, so no name there can hold it
            raise _Fail(f"bad variable {quoted(text)}: {operator} is an operator in an expression "
                        f"({SPELLINGS[operator]}); name the variable without it")
        if name in FUNCTIONS:
            raise _Fail(f"bad variable {quoted(text)}: {name} is a function name")
        if name in variables:
            raise _Fail(f"the variable {quoted(name)} is given twice")
        try:
            value = finite_number(number, number.strip())
        except ExpressionError as error:
            raise _Fail(f"bad variable {quoted(name)}: {error}") from None
        variables[name] = Value(value, label=name)
    return variables


def _build(text: str, variables: dict[str, Value], digits: int = 4) -> tuple[Any, Value, str]:
    """The syntax tree, the root and the chain rule's text for ``text``; a _Fail for any error
    in the input (a derivative undefined at these values fails here too, before printing)."""
    try:
        tree = parse(text)
        root = evaluate(tree, variables)
        return tree, root, explain_text(root, digits)
    except ExpressionError as error:
        raise _Fail(str(error)) from None
    except (ArithmeticError, ValueError) as error:
        raise _Fail(f"cannot evaluate {quoted(text.strip())} at these values: {error}") from None


def _steps_report(root: Value, trace: str, digits: int = 4) -> tuple[list[str], str]:
    """The forward values (``digits`` significant digits, all when 0) and the chain rule's steps
    (``trace``), and the name of ``root``."""
    order = forward_order(root)
    value_name = value_names(root, order)
    lines = ["forward:"] + ["  " + line for line in forward_lines(root, value_name, order, digits)]
    lines += ["", "backward (each line is one step of the chain rule, in backward's order):"]
    lines += ["  " + line for line in trace.splitlines()]
    return lines, value_name[root]


def _report(text: str, variables: dict[str, Value], exact: bool = False) -> tuple[Value, str]:
    """The root and the printed report for ``text`` (its numbers with 4 significant digits, or all
    of them when ``exact``); a _Fail for any error in the input."""
    digits = 0 if exact else 4
    tree, root, trace = _build(text, variables, digits)
    steps, loss = _steps_report(root, trace, digits)
    lines = [f"expression: {text.strip()}", "", *steps]
    root.backward()
    lines += ["", f"gradients of {loss}:"]
    used = set(names(tree))
    if not variables:
        lines.append("  (no variables)")
    for name, v in variables.items():
        note = "" if name in used else "  (not in the expression)"
        lines.append(f"  d{loss}/d{name} = {format_number(v.grad, digits) if digits else repr(v.grad)}{note}")
    return root, "\n".join(lines)


def _save(root: Value, svg: Optional[str], page: Optional[str], practice: bool = False) -> None:
    """Write the picture and the page that were asked for, saying so as each is written."""
    from autograd.files import atomic_write
    from autograd.tutor.stepper import save_stepper
    from autograd.views.draw import GraphvizError, GraphvizNotFoundError, check_size, draw_dot

    try:
        if svg:
            atomic_write(svg, draw_dot(root).pipe(format="svg"))
            _say(f"saved the graph to {svg}")
        if page:
            try:
                check_size(root, 500)
            except ValueError as error:
                message = f"no step-by-step page: it shows the whole graph, and {error}"
                raise _Fail(message, status=1) from None
            save_stepper(root, page, practice=practice)
            _say(f"saved the {'practice' if practice else 'step-by-step'} page to {page}")
    except (ImportError, GraphvizNotFoundError, GraphvizError, OSError) as error:
        raise _Fail(str(error), status=1) from None


_ASCII = str.maketrans({**{symbol: plain for symbol, plain in SPELLINGS.items() if not symbol.isascii()},
                        "\u00b2": "**2"})
"""ASCII spellings of the symbols the formulas use (``·`` as ``*``, ``o²`` as ``o**2``), for an
output that cannot encode them."""

SIGPIPE_STATUS = 141
"""The exit status after the reader of the output went away (``| head``): a Unix tool killed by
SIGPIPE exits so, as the shell reports it."""


class _OutputLost(Exception):
    """An output could not be written (a full disk: ENOSPC), with why, as ``reason``."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.reason = error.strerror or str(error)


def _written(write: Callable[[], None]) -> None:
    """Run ``write``; an OSError other than a broken pipe (which ``main`` handles) as _OutputLost."""
    try:
        write()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _OutputLost(error) from None


def _say(line: str = "", stream: Optional[TextIO] = None) -> None:
    """Print ``line`` to ``stream`` (standard output by default) in what its encoding can write:
    the formulas' symbols in ASCII spellings where it lacks them (``PYTHONIOENCODING=ascii``),
    and any other character it lacks (a label's, a byte that did not decode) as an escape."""
    stream = sys.stdout if stream is None else stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        line.encode(encoding)
    except UnicodeEncodeError:
        line = line.translate(_ASCII).encode(encoding, "backslashreplace").decode(encoding)
    _written(lambda: print(line, file=stream))


def _answers() -> Callable[[str], str]:
    """How practice reads an answer: ``input`` from standard input, which keeps a byte that does
    not decode (practice names it); a _Fail when there is no standard input at all."""
    if sys.stdin is None:
        raise _Fail("--practice reads the answers from standard input, which is closed; run it in a "
                    "terminal, or pipe the answers in, one a line")
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="surrogateescape")
    return input


def _practise(args: argparse.Namespace, variables: dict[str, Value]) -> None:
    """``--practice``: in the terminal, or (with ``--html``) as the page with its practice switch on."""
    root = _build(args.expression, variables)[1]
    if args.svg:
        raise _Fail("--practice asks in the terminal or writes a page (--html); it draws no --svg")
    if args.html:
        _save(root, None, args.html, practice=True)
        return
    read = _answers()
    _say(f"expression: {args.expression.strip()}")
    run_practice(root, read, _say, echo=not sys.stdin.isatty(), ask=args.ask, exact=args.exact)


def _run(argv: list[str]) -> int:
    """The command line on ``argv``, once ``main`` has made it safe to print."""
    try:
        args = _parser().parse_intermixed_args(argv)
        if args.worksheet is not None or args.exercise is not None:
            return _sheet(args)
        if args.expression is None or worksheets.misplaced_option(args):
            raise _Fail(worksheets.misplaced_option(args) or "the following arguments are required: "
                        "expression (or --worksheet PATH, or --exercise K); see python -m autograd --help")
        variables = _variables(args.values)
        if args.practice:
            _practise(args, variables)
            return 0
        if args.ask != "steps":
            raise _Fail("--ask says what --practice asks; add --practice")
        root, report = _report(args.expression, variables, args.exact)
        _say(report)
        _save(root, args.svg, args.html)
    except _Fail as error:
        _say(f"python -m autograd: error: {error}", sys.stderr)
        return error.status
    return 0


def _sheet(args: argparse.Namespace) -> int:
    """``--worksheet``: write the sheets; ``--exercise K``: that exercise, shown as an expression is
    (or practised, or as a page)."""
    if args.expression is not None or args.values:
        raise _Fail(f"--worksheet and --exercise draw their own exercises; drop {quoted(args.expression)}")
    if args.worksheet is not None and (args.exercise is not None or args.practice or args.svg or args.html):
        raise _Fail("--worksheet writes sheets alone; practise one of their exercises with --exercise K")
    if worksheets.misplaced_option(args):
        raise _Fail(worksheets.misplaced_option(args))
    if args.practice and (args.html or args.svg):
        raise _Fail("--practice asks in the terminal; make the page with --html alone (its Practice switch "
                    "asks on the page)")
    try:
        if args.worksheet is not None:
            _say(worksheets.save_from_arguments(args))
            return 0
        exercise = worksheets.exercise_from_arguments(args)
    except (TypeError, ValueError) as error:
        raise _Fail(str(error)) from None
    except OSError as error:
        raise _Fail(error.strerror or str(error), status=1) from None
    values = exercise.build_all()
    root = values[-1]
    _say(f"exercise {exercise.number} of sheet {exercise.seed}, level {exercise.level}")
    if args.practice:
        run_practice(root, _answers(), _say, echo=not sys.stdin.isatty(), ask=args.ask, exact=args.exact)
        return 0
    digits = 0 if args.exact else 4
    steps, loss = _steps_report(root, explain_text(root, digits), digits)
    root.backward()
    grads = [f"  d{loss}/d{v.label} = {format_number(v.grad, digits) if digits else repr(v.grad)}"
             for v in values if not v.inputs]
    _say("\n".join(["", *steps, "", f"gradients of {loss}:", *grads]))
    _save(root, args.svg, args.html)
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line on ``argv`` (``sys.argv[1:]`` by default); returns the exit status.

    When the reader of the output goes away (``python -m autograd ... | head -1``) it stops
    quietly with :data:`SIGPIPE_STATUS`, as Unix tools do. When the output cannot be written (a
    full disk) it says so in one line on standard error, if that can be written, and returns 1."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0].startswith("-") and argv[0].split("=")[0] not in _OPTIONS:
        argv[0] = " " + argv[0]  # an expression such as "-x*2", not an option
    try:
        status = _run(argv)
        _written(sys.stdout.flush)
    except BrokenPipeError:
        _drop_output()
        return SIGPIPE_STATUS
    except _OutputLost as lost:
        _drop_output()
        try:
            print(f"python -m autograd: error: cannot write the output: {lost.reason}", file=sys.stderr)
            sys.stderr.flush()
        except OSError:  # standard error is lost too: the status alone tells
            pass
        return 1
    return status


def _drop_output() -> None:
    """Point standard output at the null device, so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a file (a test's StringIO)
        pass
