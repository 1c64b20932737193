"""The printable page of a worksheet: the student's pages, then the answer key on pages of its own.

One self-contained HTML file (:func:`document`) of sheets (:func:`sheet_html`) and keys
(:func:`key_html`), without any script: a print stylesheet sized for A4 and US
Letter alike (the printer's paper, margins of 14 mm, content no wider than A4's nor taller
than Letter's), an exercise never split across two pages, and each sheet and each key starting on a new page.
Each exercise is a table of its Values, in the order they are computed: an input shows its
number, every other Value a blank for its value, and every Value a blank for the output's
gradient with respect to it (the output's own is the seed, 1). The key is the same tables,
in two columns, filled in from the engine (:meth:`~autograd.tutor.exercises.Exercise.answers`). Every text
goes through :func:`~autograd.jupyter.escape_html`, and a Content-Security-Policy allows no
script and no network access.
"""

from __future__ import annotations

from typing import Sequence

from autograd.jupyter import escape_html
from autograd.notation import format_number
from autograd.tutor.exercises import LEVELS, Answer, Exercise

DIGITS = 4
"""Significant digits of a number that is not exact (after tanh, exp or sigmoid)."""
EXACT_DIGITS = 7
"""Significant digits that show every number of an exact level in full (at most 100, four places)."""

POLICY = "default-src 'none'; style-src 'unsafe-inline'"
"""The page's Content-Security-Policy: no script at all, no network access."""

STYLE = """
@page { margin: 14mm; }
* { box-sizing: border-box; }
html { font: 11pt/1.35 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #000; background: #fff; }
body { margin: 0 auto; max-width: 182mm; padding: 8mm 0; }
@media print { body { max-width: none; padding: 0; } }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 0 0 1.5mm; }
p { margin: 0 0 2mm; }
.meta { color: #333; }
.student { display: flex; gap: 6mm; margin: 4mm 0; }
.student span { flex: 1; border-bottom: 1px solid #000; padding-top: 5mm; }
.how { font-size: 9.5pt; border: 1px solid #888; padding: 2mm 3mm; }
.exercise { break-inside: avoid; page-break-inside: avoid; margin-top: 5mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: 1mm 2mm; text-align: left; }
thead th { font-size: 9pt; background: #eee; }
tbody th, code, .number { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.number { width: 40mm; text-align: right; }
.sheet .number { height: 8.5mm; }
.given { background: #f4f4f4; }
.practise { font-size: 8.5pt; color: #444; margin-top: 1mm; }
.key, .sheet + .sheet { break-before: page; page-break-before: always; }
.key .columns { column-count: 2; column-gap: 6mm; }
.key .exercise { margin: 0 0 3mm; font-size: 8.5pt; }
.key .number { width: auto; }
.key td, .key th { padding: 0.4mm 1.2mm; }
"""


def shown(x: float, exact: bool) -> str:
    """``x`` as the sheet and its key write it: in full at an exact level, else to :data:`DIGITS`."""
    return format_number(x, EXACT_DIGITS if exact else DIGITS)


def _row(answer: Answer, root: bool, exact: bool, key: bool) -> str:
    """One Value's row: its name, how it is computed, its value and its gradient (blanks on the
    student's page for all but an input's number and the output's seed)."""
    cells = [f"<th>{escape_html(answer.name)}</th>", f"<td>{escape_html(answer.how or 'input')}</td>"]
    value = shown(answer.value, exact) if key or not answer.how else None
    grad = shown(answer.grad, exact) if key else "1 (the seed)" if root else None
    for text in (value, grad):
        if text is None:
            cells.append('<td class="number blank"></td>')
        else:
            cells.append(f'<td class="number given">{escape_html(text)}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def practise_command(exercise: Exercise) -> str:
    """The command that practises ``exercise`` at a computer, step by step."""
    return (f"python -m autograd --exercise {exercise.number} --seed {exercise.seed} "
            f"--level {exercise.level} --practice")


def exercise_html(exercise: Exercise, answers: Sequence[Answer], key: bool) -> str:
    """One exercise: its heading and its table (filled in for the key)."""
    exact = LEVELS[exercise.level].exact
    output = answers[-1].name
    rows = "\n".join(_row(a, a is answers[-1], exact, key) for a in answers)
    lines = [
        f'<section class="exercise" id="{"key" if key else "sheet"}-{exercise.seed}-{exercise.number}">',
        f"<h2>Exercise {exercise.number}</h2>",
        "<table>",
        f"<thead><tr><th>Value</th><th>computed as</th><th>value (forward)</th>"
        f"<th>d{escape_html(output)}/d(Value) (backward)</th></tr></thead>",
        f"<tbody>\n{rows}\n</tbody>",
        "</table>",
    ]
    if not key:
        command = escape_html(practise_command(exercise))
        lines.append(f'<p class="practise">At a computer: <code>{command}</code></p>')
    lines.append("</section>")
    return "\n".join(lines)


def _instructions(exact: bool) -> str:
    rounding = "" if exact else " Where a number is not exact, give 4 significant digits."
    return ("<p class=\"how\">Forward pass: fill in each value from the top down. Backward pass: the "
            "output's gradient is 1; then, from the bottom up, each Value's gradient is the sum, over the "
            "Values computed from it, of their gradient times the local derivative (a Value used twice "
            f"gets two terms).{rounding}</p>")


def _meta(seed: int, level: str, count: int) -> str:
    return f"Sheet {seed} · level {level}: {LEVELS[level].description} · {count} exercise{'s' * (count != 1)}"


def sheet_html(title: str, seed: int, level: str, exercises: Sequence[Exercise],
               answers: Sequence[Sequence[Answer]]) -> str:
    """The student's pages of one sheet: its heading, the instructions and the exercises, with blanks."""
    return "\n".join([
        f'<section class="sheet" id="sheet-{seed}">',
        f"<h1>{escape_html(title)}</h1>",
        f'<p class="meta">{escape_html(_meta(seed, level, len(exercises)))}</p>',
        '<p class="student">Name:<span></span>Date:<span></span></p>',
        _instructions(LEVELS[level].exact),
        *(exercise_html(e, a, key=False) for e, a in zip(exercises, answers)),
        "</section>",
    ])


def key_html(title: str, seed: int, level: str, exercises: Sequence[Exercise],
             answers: Sequence[Sequence[Answer]]) -> str:
    """The answer key of one sheet, starting on a page of its own."""
    meta = f"{_meta(seed, level, len(exercises))} · values and gradients from the engine's backward()"
    return "\n".join([
        f'<section class="key" id="key-{seed}">',
        f"<h1>Answer key: {escape_html(title)}</h1>",
        f'<p class="meta">{escape_html(meta)}</p>',
        '<div class="columns">',
        *(exercise_html(e, a, key=True) for e, a in zip(exercises, answers)),
        "</div>",
        "</section>",
    ])


def document(title: str, parts: Sequence[str]) -> str:
    """One HTML document of ``parts`` (sheets and keys, in order), titled ``title`` (escaped here)."""
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        f"<title>{escape_html(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        *parts,
        "</body>",
        "</html>",
        "",
    ])
