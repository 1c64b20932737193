"""The classic mistakes of the chain rule, named when a wrong answer equals one.

For a question (:class:`~autograd.tutor.questions.Question`), :func:`candidates` lists the
numbers the classic mistakes give, each with the sentence that names it:

* the local derivative alone (the upstream gradient forgotten), or the upstream alone;
* the sign of a local derivative that the op table writes with a minus (``-`` and ``/``'s
  second operand, a negation) flipped;
* the derivative of an op that the table writes from its output (``exp``: ``o``; ``tanh``:
  ``1 - o²``) written from its input instead (``x``; ``1 - x²``): found by running the
  op's own rule with the input in the output's place;
* one path only for a Value used more than once (``=`` where backward does ``+=``).

A candidate equal to the right value is left out. :func:`named_mistake` says which one an
answer agrees with; the page gets the candidates in its data and matches them alike.
"""

from __future__ import annotations

from typing import Optional

from autograd.notation import wrap_name
from autograd.ops import LEARNER
from autograd.tutor.answers import is_exact, judge
from autograd.tutor.questions import Question
from autograd.views.formulas import Formulas
from autograd.views.steps import Step


def _from_input(step: Step) -> Optional[float]:
    """The local derivative of a one-operand op's rule run with its input in its output's place,
    or None where that is the same rule (the rule does not read the output)."""
    node = step.node
    if node._fn is LEARNER or len(node.inputs) != 1:
        return None
    x = node.inputs[0].data
    try:
        right = node._fn.local(node.data, [x], node._arg)
        wrong = node._fn.local(x, [x], node._arg)
    except (ArithmeticError, ValueError):
        return None
    if right is None or wrong is None or wrong[0] == right[0]:
        return None
    return float(wrong[0])


def _step_candidates(step: Step, formulas: Formulas, loss: str) -> list[tuple[float, str]]:
    names = formulas.names
    node, inp = wrap_name(names[step.node]), names[step.input]
    derivative = formulas.derivative(step.node, step.input)
    found = []
    with_names = formulas.rule(step)[0]
    if with_names.startswith("-"):  # first: for a - b, the upstream alone is the flipped sign too
        flipped = f"the sign is flipped: {derivative} = {with_names}, with its minus"
        found.append((-step.contribution, flipped))
    found.append((step.local, f"that is the local derivative {derivative} alone: multiply it by the upstream "
                              f"gradient d{loss}/d{node} = {formulas.number(step.upstream)}"))
    found.append((step.upstream, f"that is the upstream gradient d{loss}/d{node} alone: multiply it by the "
                                 f"local derivative {derivative}"))
    from_input = _from_input(step)
    if from_input is not None:
        found.append((step.upstream * from_input,
                      f"{step.node.op}'s derivative is written from its output {names[step.node]}, not from "
                      f"its input {inp}: {derivative} = {with_names}"))
    return found


def candidates(question: Question, formulas: Formulas, loss: str) -> list[tuple[float, str]]:
    """The numbers the classic mistakes give for ``question``, each with the sentence naming it;
    none equal to the right value."""
    found: list[tuple[float, str]] = []
    step = question.step
    if step is not None and not step.inactive:
        found += _step_candidates(step, formulas, loss)
    if len(question.paths) > 1:
        name = formulas.names[question.value]
        one = (f"that is one path only: {name} is used {len(question.paths)} times, and its gradient is "
               "the sum of what every path passes back (+=, not =)")
        found += [(path, one) for path in question.paths]
    return [(number, why) for number, why in found if not is_exact(number, question.expected)]


def named_mistake(found: list[tuple[float, str]], text: str, value: float) -> str:
    """The sentence of the first candidate the answer would be right for (by the one rule), or ``""``."""
    return next((why for number, why in found if judge(text, value, number).right), "")
