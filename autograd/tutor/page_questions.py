"""What the stepper page's practice asks, as the page's data: the questions of each kind it
offers (:data:`PAGE_KINDS`), and the classic mistakes the page names (from
:mod:`autograd.tutor.mistakes`), so that the page asks and explains as the command line does.
"""

from __future__ import annotations

import math
from typing import Any, Union

from autograd.notation import format_number, wrap_name
from autograd.tutor.expression import variable_name
from autograd.tutor.mistakes import candidates
from autograd.tutor.questions import KINDS, Question, questions
from autograd.value import Value
from autograd.views.formulas import Formulas
from autograd.views.steps import Step

PAGE_KINDS = ("steps", "forward", "totals", "leaves")
"""The kinds of question the page's practice offers (its selector)."""


def json_number(x: float) -> Union[float, str]:
    """``x`` for the page's JSON, which has no inf or nan: those become the strings JavaScript's
    ``Number()`` reads back (``"Infinity"``, ``"-Infinity"``, ``"NaN"``)."""
    if math.isfinite(x):
        return x
    return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")


def _mistakes(question: Question, formulas: Formulas, loss: str) -> list:
    """The classic mistakes' numbers for ``question``, each with the sentence naming it."""
    return [[json_number(number), why] for number, why in candidates(question, formulas, loss)]


def page_questions(root: Value, formulas: Formulas, ids: dict[Value, str],
                   steps: list[Step]) -> dict[str, Any]:
    """The page's practice data: ``kinds`` (each kind offered, with what it asks), ``mistakes`` (per
    step, for the ``steps`` kind, whose questions are the frames themselves) and ``questions``
    (per other kind: each shown on the frame of the last step its Value receives, or the last
    frame when none reaches it, with that Value's gradient hidden until answered; a forward
    question shows the graph before backward, its Value's number hidden until answered)."""
    loss = wrap_name(formulas.names[root])
    last = {step.input: i for i, step in enumerate(steps)}
    others = {
        kind: [
            {
                "frame": last.get(q.value, max(len(steps) - 1, 0)),
                "value": ids[q.value],
                "inputs": [ids[v] for v in q.value.inputs if v in ids] if kind == "forward" else [],
                "name": variable_name(formulas.names[q.value]),
                "question": q.asks,
                "context": list(q.context),
                "answer": json_number(q.expected),
                "answer_text": format_number(q.expected),
                "working": q.working,
                "mistakes": _mistakes(q, formulas, loss),
            }
            for q in questions(root, kind, formulas)
        ]
        for kind in PAGE_KINDS[1:]
    }
    return {
        "kinds": {kind: KINDS[kind] for kind in PAGE_KINDS},
        "mistakes": [_mistakes(q, formulas, loss) for q in questions(root, "steps", formulas)],
        "questions": others,
    }
