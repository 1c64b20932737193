"""A web page that replays the backward pass one step at a time: :class:`Stepper`, :func:`save_stepper`.

The page is one self-contained HTML file: the graph as inline SVG (rendered once by
Graphviz, every node and edge with a stable ``id``), the steps of
:func:`~autograd.views.steps.backward_steps` as JSON, and a little inline JavaScript that, per
frame, highlights the current edge and its two nodes with CSS classes, writes the
gradients known so far into the nodes and the side table, and shows the step's formula.
Prev/Next buttons and the left/right arrow keys move between frames. For a classroom the graph
fits the window (at a readable size at least, following the current step) and keeps its place
from frame to frame; it zooms and pans (buttons, keys, dragging), the page goes fullscreen and
has a larger-text setting, and it prints as a handout without buttons (the current step, every
step one to a page, or the table of steps). The page's skeleton, its style and its script live
in ``autograd/tutor/stepper_page/`` (the template ``stepper.html``, ``stepper.css``,
``answer.js``, ``view.js`` (zoom, pan, fullscreen), ``print.js`` (the handouts), ``stepper.js``:
package data); the style and script are inlined, so the page stays one offline file.

A "Practice" switch (off unless ``practice=True``) makes the page ask instead of tell:
each step shows its question without numbers and an answer box, the gradient it gives
stays ``?`` until answered, and the page checks the answer (a number, or an expression in
which the graph's names stand for their exact values, read by a small parser in
``answer.js``, never ``eval``, and judged by the rule of :mod:`autograd.tutor.answers`),
shows the rule and the classic mistake it equals when it is wrong, and keeps a score (Retry
tries a checked step again, Reset starts over); a selector asks forward values, totals or
leaves' gradients instead. What an answer may use comes with the page's data
(:func:`answer_vocabulary`), from the definition practice mode reads by, so the page and
``autograd.practice`` accept the same answers.

Labels are text, never markup: they are escaped in the SVG (by Graphviz, from escaped
HTML-like labels), in the JSON (every ``<`` becomes ``\\u003c``, so no ``</script>`` or
``<!--`` can end the data early) and in the page, and the script writes only with
``textContent``. A Content-Security-Policy allows no network access and no script but
the page's own.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
import string
from importlib import resources
from typing import Any, Optional, Union

from autograd.files import atomic_write
from autograd.graph import forward_order
from autograd.jupyter import escape_html
from autograd.notation import format_number, wrap_name
from autograd.ops import LEARNER
from autograd.tutor.answers import rule_parameters
from autograd.tutor.expression import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_QUOTE,
    SPACES,
    SPELLINGS,
    TOO_DEEP,
    quoted,
)
from autograd.tutor.page_questions import json_number, page_questions
from autograd.tutor.practice import MAX_LENGTH, TOO_LONG, answer_variables
from autograd.value import Value
from autograd.views.colors import diverging_color, largest_magnitude
from autograd.views.draw import RANKDIRS, check_size, graph_of
from autograd.views.formulas import Formulas, seed_formula
from autograd.views.graphviz_runner import to_svg
from autograd.views.names import value_names
from autograd.views.steps import Step, backward_steps

_SURROGATE = re.compile("[\ud800-\udfff]")


@functools.cache
def _page_file(name: str) -> str:
    """The text of one of the page's files in ``autograd/tutor/stepper_page/`` (package data, inlined
    into every page); a clear error when the install lacks it."""
    try:
        return resources.files("autograd.tutor").joinpath("stepper_page", name).read_text(encoding="utf-8")
    except OSError as error:
        raise RuntimeError(f"the stepper page's file autograd/tutor/stepper_page/{name} is missing from this "
                           f"install of chainrule ({error}); reinstall the package") from None


def _script() -> str:
    """The page's one script: the answer reader and the stepper, in a function of their own (so
    nothing leaks into ``window``). Its sha256 goes into the Content-Security-Policy."""
    body = "\n".join(_page_file(name) for name in ("answer.js", "view.js", "print.js", "stepper.js"))
    if "</script" in body.lower() or "<!--" in body:  # would end the inline script early
        raise RuntimeError("the stepper page's script must not contain </script or <!--")
    return '(function () {\n"use strict";\n' + body + "})();\n"


def _policy(script: str) -> str:
    """The page's Content-Security-Policy: no network access, and no script but ``script``
    (allowed by its sha256)."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"


def _page_template() -> string.Template:
    """The page's skeleton, ``stepper_page/stepper.html``: ``$csp``, ``$title``, ``$style``,
    ``$seed``, ``$count``, ``$checked``, ``$svg``, ``$data`` and ``$script`` are filled in."""
    return string.Template(_page_file("stepper.html"))


def _rule_name(node: Value) -> str:
    """Whose rule the step uses: the op's (``tanh``), or the learner's own ``_backward``."""
    return f"{node.op or 'an op'} with its own _backward" if node._fn is LEARNER else node.op


def _sentence(s: Step, formulas: Formulas, loss: str) -> str:
    """What a frame says its step does."""
    names = formulas.names
    node = f"{names[s.node]} ({_rule_name(s.node)})"
    if s.inactive:
        return f"{node} passes nothing back: {formulas.inactive(s)}."
    return (f"{node} passes its gradient back to its input {names[s.input]}: upstream "
            f"d{loss}/d{wrap_name(names[s.node])} times the local derivative "
            f"{formulas.derivative(s.node, s.input)}.")


def answer_vocabulary(names: dict[Value, str]) -> dict[str, Any]:
    """What the page's answer reader (``answer.js``) may read, for the page's data: the same
    vocabulary as practice mode's reader (:mod:`autograd.tutor.practice`), so that the two agree.

    ``variables``: the graph's names an answer may use, with their exact numbers;
    ``functions``: the functions it may call, with their numbers of arguments (from the op
    table); ``spellings``: other spellings of operators; ``depth``: the deepest nesting it may
    have, with ``too_deep`` the message for a deeper one; ``length``: the longest it may be, with
    ``too_long`` the message for a longer one; ``spaces``: what may stand between its pieces;
    ``quote``: the most characters of it a message quotes; ``rule``: the numbers of the one rule
    of :mod:`autograd.tutor.answers` that says whether it is right.
    """
    return {
        "variables": {name: json_number(x) for name, x in answer_variables(names).items()},
        "functions": dict(FUNCTIONS),
        "spellings": dict(SPELLINGS),
        "depth": MAX_DEPTH,
        "too_deep": TOO_DEEP,
        "length": MAX_LENGTH,
        "too_long": TOO_LONG,
        "spaces": SPACES,
        "quote": MAX_QUOTE,
        "rule": rule_parameters(),
    }


def _json_for_script(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appear literally,
    and a lone surrogate (which no encoding can write) is written as its escape ``\\udXXX``, the
    same character to the script, so the page can be saved and shown in Jupyter."""
    text = json.dumps(obj, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class Stepper:
    """The backward pass of ``root`` as a page of frames, one per chain-rule step.

    ``Stepper(root)`` shows itself inline in Jupyter (in an iframe), ``.html()`` is the
    page's text and ``.save(path)`` writes it to a file. ``len(stepper)`` is the number
    of steps. Nothing in the graph is modified.

    The page's "Practice" switch turns practice mode on: the learner types each step's
    number (or an expression with the graph's names) and the page checks it.
    ``practice=True`` starts the page with the switch on.
    """

    def __init__(self, root: Value, rankdir: str = "LR", max_nodes: Optional[int] = 500, *,
                 practice: bool = False) -> None:
        if not isinstance(root, Value):
            raise TypeError(f"Stepper needs a Value, got {type(root).__name__}")
        if rankdir not in RANKDIRS:
            raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {quoted(rankdir)}")
        check_size(root, max_nodes)
        self.root = root
        self.rankdir = rankdir
        self.practice = bool(practice)
        self.steps = backward_steps(root)
        self._html: Optional[str] = None

    def __len__(self) -> int:
        return len(self.steps)

    def _data(self, ids: dict[Value, str], names: dict[Value, str], scale: float) -> dict:
        """The page's data for its script: the graph's ids and names, and per step what each frame
        shows, and what practice mode asks (``question``), checks (``answer``) and explains."""
        root, steps = self.root, self.steps
        loss = wrap_name(names[root])
        last = {step.input: i for i, step in enumerate(steps)}
        formulas = Formulas(names)
        asked = page_questions(root, formulas, ids, steps)
        return {
            "root": ids[root],
            "names": {ids[v]: names[v] for v in ids},
            "values": list(ids.values()),
            "seed_grad": format_number(1.0),
            "seed_color": diverging_color(1.0, scale),
            "zero": format_number(0.0),
            "white": diverging_color(0.0, scale),
            "empty": f"{names[root]} is a leaf: backward has nothing to pass on.",
            **answer_vocabulary(names),
            "steps": [
                {
                    "node": ids[s.node],
                    "input": ids[s.input],
                    "edge": f"e{ids[s.node][1:]}_{s.index}",
                    "op": "p" + ids[s.node][1:],
                    "out": "o" + ids[s.node][1:],
                    "formula": formulas.step_formula(s, loss),
                    "question": f"{formulas.chain(s, loss)} = ?",
                    "working": formulas.working(s),
                    "answer": json_number(s.contribution),
                    "answer_text": format_number(s.contribution),
                    "upstream": format_number(s.upstream),
                    "upstream_exact": json_number(s.upstream),
                    "upstream_name": f"d{loss}/d{wrap_name(names[s.node])}",
                    "sentence": _sentence(s, formulas, loss),
                    "grad": format_number(s.grad_after),
                    "color": diverging_color(s.grad_after, scale),
                    "final": last[s.input] == i,
                    "mistakes": mistakes,
                }
                for i, (s, mistakes) in enumerate(zip(steps, asked["mistakes"]))
            ],
            "kinds": asked["kinds"],
            "questions": asked["questions"],
        }

    def _colours(self) -> tuple[float, dict[Value, float]]:
        """The gradient drawn at full colour (the largest final ``|grad|``), and per Value the
        gradient whose number is the widest its box will show."""
        final = {self.root: 1.0}
        widest = {self.root: 1.0}
        for s in self.steps:
            final[s.input] = s.grad_after
            if len(format_number(s.grad_after)) >= len(format_number(widest.get(s.input, 0.0))):
                widest[s.input] = s.grad_after
        return largest_magnitude(final.values()), widest

    def html(self) -> str:
        """The whole page as one self-contained HTML document: the template
        ``stepper_page/stepper.html`` with every ``$placeholder`` filled in, each escaped for
        where it goes (text with :func:`~autograd.jupyter.escape_html`, the data as script-safe JSON)."""
        if self._html is not None:
            return self._html
        root = self.root
        names = value_names(root, forward_order(root))
        scale, widest = self._colours()
        # lay the boxes out for the widest number each will show; the script sets the real ones
        graph, ids = graph_of(root, self.rankdir, True, lambda v: widest.get(v, 0.0), scale, tooltips=False,
                              names=names)
        script = _script()
        self._html = _page_template().substitute(
            csp=_policy(script),
            title=escape_html(names[root]),
            style=_page_file("stepper.css"),
            seed=escape_html(seed_formula(root, names)),
            count=len(self.steps),
            checked=" checked" if self.practice else "",
            svg=to_svg(graph),
            data=_json_for_script(self._data(ids, names, scale)),
            script=script,
        )
        return self._html

    def save(self, path: Union[str, os.PathLike]) -> Union[str, os.PathLike]:
        """Write the page to ``path`` (UTF-8) and return ``path``.

        A lone surrogate in a label (text no encoding can write) is written as its escape
        ``\\udXXX``: inside the page's JSON data that is the same character again. The file is
        replaced in one step (:func:`autograd.files.atomic_write`): a failed or interrupted
        save leaves an existing page as it was.
        """
        return atomic_write(path, self.html(), encoding="utf-8", errors="backslashreplace")

    def __repr__(self) -> str:
        practice = ", practice" if self.practice else ""
        return (f"Stepper({len(self.steps)} steps of backward{practice}; shown inline in Jupyter, "
                f"written by .save(path))")

    def _repr_html_(self) -> str:
        """The page in an iframe, so that its script and ids stay apart from the notebook's."""
        return (
            f'<iframe srcdoc="{escape_html(self.html())}" '
            'style="width: 100%; height: 620px; border: 1px solid #ddd;" allowfullscreen></iframe>'
        )


def save_stepper(root: Value, path: Union[str, os.PathLike], rankdir: str = "LR",
                 max_nodes: Optional[int] = 500, *, practice: bool = False) -> Union[str, os.PathLike]:
    """Write a self-contained HTML page that steps through ``root.backward()``; returns ``path``.

    Each frame shows the graph with the current edge and its two nodes highlighted, the
    formula of the step and the gradients known so far. Open the file in any browser
    (no network needed); Prev/Next or the arrow keys move between steps. Its "Practice"
    switch asks the learner for each step's number instead; ``practice=True`` starts it on.
    """
    return Stepper(root, rankdir, max_nodes, practice=practice).save(path)
