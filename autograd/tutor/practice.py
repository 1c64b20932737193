"""Practice mode: the learner does each step of the chain rule, and the tool checks it.

:func:`practice` goes through the steps of ``root.backward()`` in backward's order. At
each it shows the upstream gradient and the local derivative to take, and asks for the
number the step adds to its input's gradient (upstream × local derivative). An answer
is a number or a small expression in the safe reader of :mod:`autograd.tutor.expression`
(``0.5 * (1 - 0.7071**2)``), in which the names of the graph's Values stand for their
exact numbers (``0.5 * (1 - o**2)``). Within 1e-6 relative it is right; otherwise the
tool shows the right value and the rule. It ends with ``score: k/n``.

What an answer may be is defined here once, for this reader and for the stepper page's
(``stepper_page/answer.js``, which gets it in the page's data): the functions it may call
(:data:`~autograd.tutor.expression.FUNCTIONS`, from the op table), the names it may use
(:func:`answer_variables`), the other spellings of operators
(:data:`~autograd.tutor.expression.SPELLINGS`), plain decimal numbers, how long it may be
(:data:`MAX_LENGTH`), and how close is right (:data:`RELATIVE_TOLERANCE`, :data:`ABSOLUTE_TOLERANCE`).

The same loop serves ``autograd.practice(o)`` (Python, Jupyter: it reads ``input()``)
and ``python -m autograd --practice "x*y + x" x=2 y=3`` (which also reads answers piped
in, one a line). End of input or Ctrl-C stops it cleanly, with the score so far.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
from dataclasses import dataclass
from typing import Callable, Optional

from autograd.modes import no_grad
from autograd.notation import wrap_name
from autograd.tutor.expression import (
    FUNCTIONS,
    ExpressionError,
    evaluate,
    names,
    parse,
    quoted,
    spelled_out,
    variable_name,
)
from autograd.value import Value
from autograd.views.formulas import Formulas
from autograd.views.names import forward_lines, value_names
from autograd.views.steps import Step, backward_steps

RELATIVE_TOLERANCE = 1e-6
"""How close an answer must be to the step's contribution, relative to it."""
ABSOLUTE_TOLERANCE = 1e-12
"""How close an answer must be to a contribution of 0 (or near it)."""

MAX_LENGTH = 2000
"""The longest answer either reader reads, in characters once its other spellings are written
out (``^`` as ``**``): far more than anyone types, and short enough that Python's parser (which
gives up on a chain of about 3000 terms) reads every answer the page reads. A longer one is
refused, before any other work on it, with :data:`TOO_LONG`."""

TOO_LONG = (f"the answer is too long (more than {MAX_LENGTH} characters); "
            "work out a part of it first")
"""The one message for an answer longer than :data:`MAX_LENGTH`, in both readers."""

_DECIMAL = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass
class Score:
    """How a practice run went: ``right`` of ``answered`` steps, out of ``total``."""

    right: int = 0
    answered: int = 0
    total: int = 0

    def __str__(self) -> str:
        text = f"score: {self.right}/{self.answered}"
        if self.answered < self.total:
            text += f" (stopped after {self.answered} of {self.total} steps)"
        return text


def is_right(answer: float, expected: float) -> bool:
    """Whether ``answer`` is within :data:`RELATIVE_TOLERANCE` of ``expected`` (exact for 0): two
    finite numbers that close, or the same infinity. An infinity is never close to a finite
    number, and NaN is never right (``math.isclose``; the page's ``isRight`` agrees)."""
    return math.isclose(answer, expected, rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE)


def answer_variables(graph_names: dict[Value, str]) -> dict[str, float]:
    """The graph's names an answer may use, each standing for its Value's exact number: the names,
    NFKC-normalised as both readers read a name, that are Python identifiers but neither keywords
    nor functions an answer can call."""
    found = {}
    for v, name in graph_names.items():
        name = variable_name(name)
        if name.isidentifier() and not keyword.iskeyword(name) and name not in FUNCTIONS:
            found[name] = v.data
    return found


def read_answer(text: str, variables: dict[str, Value]) -> float:
    """The number an answer stands for; an ExpressionError saying why when it is not one.

    An answer is read as the stepper page reads it: operators may be spelled as in
    :data:`~autograd.tutor.expression.SPELLINGS`, a number is written in decimal (``0.5``, ``.5``,
    ``5e-1``; no ``0x10`` or ``1_000``) and a function is called by its name."""
    source = spelled_out(text) if isinstance(text, str) else text
    if isinstance(source, str) and len(source) > MAX_LENGTH:
        raise ExpressionError(TOO_LONG)
    tree = parse(source)
    _check_as_the_page(tree, source)
    used = names(tree)
    unknown = [name for name in used if name not in variables and name not in FUNCTIONS]
    if unknown:
        known = ", ".join(variables) or "none"
        raise ExpressionError(f"unknown name {quoted(unknown[0])}; the names you can use are: {known}")
    with no_grad():
        try:  # only the names it uses: an answer's work does not grow with the graph
            return evaluate(tree, {name: variables[name] for name in used if name in variables}).data
        except (ArithmeticError, ValueError) as error:
            if isinstance(error, ExpressionError):
                raise
            raise ExpressionError(f"cannot work that out: {error}") from None


def _check_as_the_page(tree: ast.expr, source: str) -> None:
    """An ExpressionError for what Python's parser reads but an answer may not be: a number not
    written in plain decimal (``0x10``, ``1_000``), a function called other than by its name
    (``(exp)(1)``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            literal = ast.get_source_segment(source, node)
            if not _DECIMAL.fullmatch(literal):
                raise ExpressionError(f"{quoted(literal)} is not a decimal number "
                                      "(write one such as 0.5 or 5e-1)")
        if isinstance(node, ast.Call) and node.col_offset != node.func.col_offset:
            raise ExpressionError(f"call a function by its name alone: {node.func.id}(...)")


def _ask(step: Step, number: int, total: int, formulas: Formulas, loss: str) -> list[str]:
    names = formulas.names
    node, inp = names[step.node], names[step.input]
    return [
        "",
        f"step {number}/{total}: {node} passes its gradient back to {inp}",
        f"  upstream d{loss}/d{wrap_name(node)} = {step.upstream!r}",
        f"  {formulas.chain(step, loss)} = ?",
    ]


def run(
    root: Value,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    echo: bool = False,
) -> Score:
    """Practise ``root``'s backward pass, reading answers with ``read(prompt)`` and printing
    with ``write(line)``; ``echo`` repeats each answer (for answers piped in). Returns the score."""
    if not isinstance(root, Value):
        raise TypeError(f"practice needs a Value, got {type(root).__name__}")
    names = value_names(root)
    loss = wrap_name(names[root])
    steps = backward_steps(root)
    formulas = Formulas(names)
    variables = {name: Value(x) for name, x in answer_variables(names).items()}
    score = Score(total=len(steps))
    write("forward (names stand for these numbers in your answers):")
    for line in forward_lines(root, names, digits=0):
        write(f"  {line}")
    write("")
    write("Each step adds upstream × local derivative to an input's gradient: type that number,")
    write("or an expression such as 0.5*(1 - o**2). End of input or Ctrl-C stops.")
    write(f"d{loss}/d{loss} = 1 (the seed)")
    if not steps:
        write(f"{names[root]} is a leaf: backward has nothing to pass on.")
    try:
        for number, step in enumerate(steps, 1):
            for line in _ask(step, number, len(steps), formulas, loss):
                write(line)
            answer = _answer(read, write, echo, variables)
            score.answered += 1
            if is_right(answer, step.contribution):
                score.right += 1
                write(f"  right: {formulas.working(step)}")
            else:
                write(f"  not quite: you gave {answer!r}; the step adds {formulas.working(step)}")
    except (EOFError, KeyboardInterrupt):
        write("")
    write(str(score))
    return score


def _answer(read: Callable[[str], str], write: Callable[[str], None], echo: bool,
            variables: dict[str, Value]) -> float:
    """The first answer that reads as a number; each one that does not is explained and asked again."""
    while True:
        text = read("  your answer: ")
        if echo:
            write(text)
        if not text.strip():
            write("  type a number or an expression (end of input stops)")
            continue
        try:
            return read_answer(text, variables)
        except ExpressionError as error:
            write(f"  {error}; try again")


def practice(root: Value, echo: bool = False, read: Optional[Callable[[str], str]] = None) -> None:
    """Do ``root``'s backward pass yourself, step by step, and have each answer checked.

    Prints the forward values, then asks, step by step, for the number each one adds to
    an input's gradient (see the module docstring), and ends with the score. Works in a
    script, the REPL and Jupyter (answers come from ``input()``, or from ``read``).
    """
    run(root, input if read is None else read, print, echo)
