"""Practice mode: the learner works out the chain rule, and the tool checks each answer.

:func:`practice` asks the questions of one kind (:data:`~autograd.tutor.questions.KINDS`:
each step of the chain rule by default, each node's value, the totals of reused Values, or
the leaves' gradients), shows what each needs, and checks the answer by the one rule of
:mod:`autograd.tutor.answers`; a wrong answer that equals a classic mistake is named
(:mod:`autograd.tutor.mistakes`). An answer is a number or a small expression in the safe
reader of :mod:`autograd.tutor.expression` (``0.5 * (1 - 0.7071**2)``), in which the names
of the graph's Values stand for their exact numbers (``0.5 * (1 - o**2)``). It ends with
``score: k/n`` and the final gradients.

What an answer may be is defined here once, for this reader and for the stepper page's
(``stepper_page/answer.js``, which gets it in the page's data): the functions it may call
(:data:`~autograd.tutor.expression.FUNCTIONS`, from the op table), the names it may use
(:func:`answer_variables`), the other spellings of operators
(:data:`~autograd.tutor.expression.SPELLINGS`), plain decimal numbers and how long it may be
(:data:`MAX_LENGTH`).

The same loop serves ``autograd.practice(o)`` (Python, Jupyter: it reads ``input()``)
and ``python -m autograd --practice "x*y + x" x=2 y=3`` (which also reads answers piped
in, one a line). End of input or Ctrl-C stops it cleanly, with the score so far.
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass
from typing import Callable, Optional

from autograd.graph import forward_order
from autograd.modes import no_grad
from autograd.notation import wrap_name
from autograd.tutor.answers import distinct, judge
from autograd.tutor.expression import (
    FUNCTIONS,
    SPELLINGS,
    ExpressionError,
    evaluate,
    names,
    parse,
    quoted,
    spelled_out,
    variable_name,
)
from autograd.tutor.mistakes import candidates, named_mistake
from autograd.tutor.questions import KINDS, Question, questions
from autograd.value import Value
from autograd.views.formulas import Formulas
from autograd.views.names import forward_lines, value_names
from autograd.views.steps import backward_steps, is_constant

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
    """How a practice run went: ``right`` of ``answered`` questions, out of ``total`` (``what``
    they are: steps, or questions)."""

    right: int = 0
    answered: int = 0
    total: int = 0
    what: str = "steps"

    def __str__(self) -> str:
        text = f"score: {self.right}/{self.answered}"
        if self.answered < self.total:
            text += f" (stopped after {self.answered} of {self.total} {self.what})"
        return text


def answer_variables(graph_names: dict[Value, str]) -> dict[str, float]:
    """The graph's names an answer may use, each standing for its Value's exact number: the names,
    NFKC-normalised as both readers read a name, that are Python identifiers but neither keywords
    nor functions an answer can call, and hold no other spelling of an operator."""
    found = {}
    for v, name in graph_names.items():
        name = variable_name(name)
        spelled = any(char in SPELLINGS for char in name)  # "a·b" would read as a*b
        if name.isidentifier() and not keyword.iskeyword(name) and name not in FUNCTIONS and not spelled:
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




def _introduce(root: Value, ask: str, formulas: Formulas, variables: dict[str, Value],
               write: Callable[[str], None]) -> None:
    """What the learner sees first: the numbers known, what to type, how to stop."""
    names = formulas.names
    if ask == "forward":
        write("the leaves (their names stand for these numbers in your answers):")
        for v in forward_order(root):
            if not v.inputs and not is_constant(v):
                write(f"  {names[v]} = {formulas.number(v.data)}")
        write("")
        write("Work out each node's value from its inputs: type the number (3 significant digits or")
        write("more), or an expression of the names known so far. End of input or Ctrl-C stops.")
        return
    write("forward (names stand for these numbers, exactly, in your answers):")
    for line in forward_lines(root, names, digits=formulas.digits):
        write(f"  {line}")
    write("")
    name = variable_name(names[root])
    if name not in variables:
        name = next(iter(variables), "")
    example = f"0.5*(1 - {name}**2)" if name else "0.5*(1 - 0.25)"
    write(f"Asking {KINDS[ask]}. Type the number (3 significant digits or more),")
    write(f"or an expression such as {example}. End of input or Ctrl-C stops.")
    loss = wrap_name(names[root])
    write(f"d{loss}/d{loss} = 1 (the seed)")


def run(
    root: Value,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    echo: bool = False,
    ask: str = "steps",
    exact: bool = False,
) -> Score:
    """Practise ``root``'s graph, asking the questions of kind ``ask`` (see
    :data:`~autograd.tutor.questions.KINDS`), reading answers with ``read(prompt)`` and printing
    with ``write(line)``; ``echo`` repeats each answer (for answers piped in), ``exact`` shows
    every number with all its digits (4 significant digits otherwise). Returns the score."""
    if not isinstance(root, Value):
        raise TypeError(f"practice needs a Value, got {type(root).__name__}")
    names = value_names(root)
    formulas = Formulas(names, 0 if exact else 4)
    asked = questions(root, ask, formulas)  # checks ask
    loss = wrap_name(names[root])
    variables = {name: Value(x) for name, x in answer_variables(names).items()}
    hidden = {q.value: variable_name(names[q.value]) for q in asked} if ask == "forward" else {}
    for name in hidden.values():
        variables.pop(name, None)  # a node's own name is no answer to its value
    score = Score(total=len(asked), what="steps" if ask == "steps" else "questions")
    _introduce(root, ask, formulas, variables, write)
    if not root.inputs:
        write(f"{names[root]} is a leaf: backward has nothing to pass on.")
    elif not asked:
        write(f"nothing to ask: this graph has no {ask} question ({KINDS[ask]}).")
    try:
        for number, question in enumerate(asked, 1):
            write("")
            write(f"{score.what[:-1]} {number}/{len(asked)}: {question.title}")
            for line in (*question.context, question.asks):
                write(f"  {line}")
            text, value = _answer(read, write, echo, variables, question.expected)
            score.answered += 1
            score.right += _feedback(question, text, value, formulas, loss, write)
            if question.value in hidden and hidden[question.value].isidentifier():
                variables[hidden[question.value]] = Value(question.value.data)
    except (EOFError, KeyboardInterrupt):
        write("")
    write(str(score))
    _final_gradients(root, formulas, write)
    return score


def _feedback(question: Question, text: str, value: float, formulas: Formulas, loss: str,
              write: Callable[[str], None]) -> bool:
    """Say whether the answer is right, and if not the right value, the mistake it matches and the rule."""
    if judge(text, value, question.expected).right:
        write(f"  right: {question.working}")
        return True
    given, right = distinct(value, question.expected)
    write(f"  not quite: you gave {given}; the right value is {right}: {question.working}")
    mistake = named_mistake(candidates(question, formulas, loss), text, value)
    if mistake:
        write(f"  {mistake}")
    return False


def _final_gradients(root: Value, formulas: Formulas, write: Callable[[str], None]) -> None:
    """The gradients backward leaves in the graph's leaves (constants aside)."""
    final = {step.input: step.grad_after for step in backward_steps(root) if not step.inactive}
    leaves = [v for v in forward_order(root) if not v.inputs and not is_constant(v) and v is not root]
    if not leaves:
        return
    loss = wrap_name(formulas.names[root])
    write(f"gradients of {formulas.names[root]}:")
    for v in leaves:
        write(f"  d{loss}/d{wrap_name(formulas.names[v])} = {formulas.number(final.get(v, 0.0))}")


def _answer(read: Callable[[str], str], write: Callable[[str], None], echo: bool,
            variables: dict[str, Value], expected: float) -> tuple[str, float]:
    """The first answer that reads as a number and is judged (not too few digits): its text and
    number. Each one that is not is explained and asked again."""
    while True:
        text = read("  your answer: ")
        if echo:
            write(text)
        if not text.strip():
            write("  type a number or an expression (end of input stops)")
            continue
        try:
            value = read_answer(text, variables)
        except ExpressionError as error:
            write(f"  {error}; try again")
            continue
        verdict = judge(text, value, expected)
        if verdict.counted:
            return text, value
        write(f"  {verdict.message}; try again (this does not count)")


def practice(root: Value, echo: bool = False, read: Optional[Callable[[str], str]] = None, *,
             ask: str = "steps", exact: bool = False) -> None:
    """Work out ``root``'s graph yourself, question by question, and have each answer checked.

    ``ask`` chooses what is asked: ``"steps"`` (each chain-rule step, upstream × local
    derivative), ``"forward"`` (each node's value), ``"totals"`` (the whole gradient of each
    Value used more than once) or ``"leaves"`` (each leaf's final gradient). Prints what each
    question needs, then the score and the final gradients; ``exact`` shows every digit.
    Works in a script, the REPL and Jupyter (answers come from ``input()``, or from ``read``).
    """
    run(root, input if read is None else read, print, echo, ask, exact)
