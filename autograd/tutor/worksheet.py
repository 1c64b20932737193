"""Worksheets of the chain rule to print: :func:`worksheet`, :class:`Worksheet`, :func:`save_worksheets`.

``autograd.worksheet(seed=17, exercises=6, level="functions")`` is a sheet of six exercises
drawn from seed 17 (see :mod:`autograd.tutor.exercises`): each gives the numbers of its
inputs and blanks for the forward values and the gradients, and the answer key follows on
pages of its own (see :mod:`autograd.tutor.worksheet_page`). The same seed and level always
give the same sheet, another seed another one, so a class gets one sheet per student:
:func:`save_worksheets` writes ``students`` sheets of consecutive seeds into a folder, each
file atomically (:mod:`autograd.files`). ``.exercise(k)`` is the graph of exercise ``k``, to
practise (``autograd.practice``) or step through (``autograd.save_stepper``); the command line
does both (``python -m autograd --exercise 3 --seed 17 --practice``).

The levels, easiest first (:data:`~autograd.tutor.exercises.LEVELS`): ``sums`` (+, -, * of
whole numbers), ``reuse`` (with / and squares, one Value used twice), ``functions`` (tanh,
exp, relu), ``neuron`` (the lecture's neuron, op by op) and ``deep`` (eight operations, two
Values used again).
"""

from __future__ import annotations

import argparse
import numbers
import os
from typing import Union

from autograd.files import atomic_write, writable
from autograd.jupyter import escape_html
from autograd.notation import quoted
from autograd.tutor.exercises import LEVELS, Answer, Exercise, make_exercise
from autograd.tutor.worksheet_page import document, key_html, sheet_html
from autograd.value import Value

SEED, EXERCISES, LEVEL = 1, 6, "functions"
"""A sheet's seed, number of exercises and level unless given others."""
TITLE = "Backpropagation by hand"
"""A sheet's title unless given another."""
MAX_EXERCISES = 50
"""The most exercises on one sheet (and the highest exercise number)."""
MAX_STUDENTS = 1000
"""The most sheets :func:`save_worksheets` writes at once."""
MAX_SEED = 10 ** 12
"""Seeds run from 0 to this (a sheet's number; a date such as 20261207 fits)."""
ALL_SHEETS, ALL_KEYS = "all-sheets.html", "all-keys.html"
"""The files of :func:`save_worksheets` that hold every sheet (without keys), and every key."""
MAX_TITLE = 200
"""The longest title, in characters."""


def _whole(name: str, value: object, low: int, high: int) -> int:
    """``value`` as an int in ``[low, high]``, else a TypeError or ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"worksheet: {name} must be a whole number, got {type(value).__name__} "
                        f"{quoted(value)}")
    if not low <= value <= high:
        raise ValueError(f"worksheet: {name} must be between {low} and {high}, got {quoted(value)}")
    return int(value)


def whole_argument(text: str) -> int:
    """A whole number from the command line, refused in a message that quotes a bounded piece
    of it (argparse's own quotes all of a 5,000-digit one)."""
    digits = text.strip().lstrip("+-")
    if digits.isascii() and digits.isdigit() and len(digits) > 100:
        raise argparse.ArgumentTypeError(f"must be a whole number of a few digits, got one of "
                                         f"{len(digits):,}")
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {quoted(text)}") from None


def check_level(level: object) -> str:
    """``level`` if it names one of the levels, else a clear error that lists them."""
    if not isinstance(level, str):
        raise TypeError(f"worksheet: level must be a string, got {type(level).__name__} {quoted(level)}")
    if level not in LEVELS:
        raise ValueError(f"worksheet: unknown level {quoted(level)}; the levels are {', '.join(LEVELS)}")
    return level


def _check_title(title: object) -> str:
    if not isinstance(title, str):
        raise TypeError(f"worksheet: title must be a string, got {type(title).__name__} {quoted(title)}")
    if not title.strip() or len(title) > MAX_TITLE:
        raise ValueError(f"worksheet: title must have 1 to {MAX_TITLE} characters, got {len(title.strip())}")
    return title


def exercise(seed: int, level: str, number: int) -> Exercise:
    """Exercise ``number`` (from 1) of the sheets drawn from ``seed`` at ``level``: the same on every
    sheet of that seed and level, however many exercises the sheet has."""
    seed = _whole("seed", seed, 0, MAX_SEED)
    number = _whole("the exercise number", number, 1, MAX_EXERCISES)
    return make_exercise(seed, check_level(level), number)


class Worksheet:
    """A sheet of ``exercises`` exercises drawn from ``seed`` at ``level``, with its answer key.

    ``.html()`` is the page (no script; print it from any browser), ``.save(path)`` writes it,
    ``.exercise(k)`` builds exercise ``k``'s graph afresh (to practise or step through) and
    ``.answers(k)`` is its key: each Value's number and gradient, from ``backward()``. In
    Jupyter the sheet shows itself inline. ``key=False`` leaves the key out of the page.
    """

    def __init__(self, seed: int = SEED, exercises: int = EXERCISES, level: str = LEVEL, *,
                 title: str = TITLE, key: bool = True) -> None:
        self.seed = _whole("seed", seed, 0, MAX_SEED)
        count = _whole("exercises", exercises, 1, MAX_EXERCISES)
        self.level = check_level(level)
        self.title = _check_title(title)
        if not isinstance(key, bool):
            raise TypeError(f"worksheet: key must be True or False, got {type(key).__name__} {quoted(key)}")
        self.key = key
        self.exercises = [make_exercise(self.seed, self.level, k) for k in range(1, count + 1)]
        self._html: Union[str, None] = None

    def __len__(self) -> int:
        return len(self.exercises)

    def _numbered(self, number: int) -> Exercise:
        number = _whole("the exercise number", number, 1, MAX_EXERCISES)
        if number > len(self.exercises):
            raise ValueError(f"worksheet: this sheet has exercises 1 to {len(self.exercises)}, got {number}")
        return self.exercises[number - 1]

    def exercise(self, number: int) -> Value:
        """Exercise ``number``'s graph (numbered from 1), built afresh: its output, before backward."""
        return self._numbered(number).build()

    def answers(self, number: int) -> list[Answer]:
        """Exercise ``number``'s key: each Value with its number and gradient, from ``backward()``."""
        return self._numbered(number).answers()

    def parts(self) -> list[str]:
        """The sheet's HTML (its ``<section>``), then its key's when it has one."""
        answers = [e.answers() for e in self.exercises]
        arguments = (self.title, self.seed, self.level, self.exercises, answers)
        return [sheet_html(*arguments)] + ([key_html(*arguments)] if self.key else [])

    def html(self) -> str:
        """The sheet as one self-contained HTML page: the exercises, then the key on its own pages."""
        if self._html is None:
            self._html = document(f"{self.title}, sheet {self.seed}", self.parts())
        return self._html

    def save(self, path: Union[str, os.PathLike]) -> Union[str, os.PathLike]:
        """Write the page to ``path`` (UTF-8, atomically: a failed save leaves an old file as it was)."""
        return atomic_write(path, self.html(), encoding="utf-8")

    def __repr__(self) -> str:
        return (f"Worksheet(seed={self.seed}, {len(self)} exercises, level={self.level!r}; "
                f"written by .save(path), printed from a browser)")

    def _repr_html_(self) -> str:
        """The sheet in an iframe, so that its style stays apart from the notebook's."""
        return (f'<iframe srcdoc="{escape_html(self.html())}" '
                'style="width: 100%; height: 620px; border: 1px solid #ddd;"></iframe>')


def worksheet(seed: int = SEED, exercises: int = EXERCISES, level: str = LEVEL, *, title: str = TITLE,
              key: bool = True) -> Worksheet:
    """A printable sheet of ``exercises`` chain-rule exercises drawn from ``seed`` at ``level``.

    The same arguments always give the same sheet, and another seed another one (one per
    student). Each exercise lists its Values in the order they are computed, the inputs with
    their numbers, and leaves blanks for every other value and for every gradient; the answer
    key (``key=True``) follows on pages of its own, its numbers those of the engine's
    ``backward()``. Levels: ``sums``, ``reuse``, ``functions``, ``neuron``, ``deep`` (see
    :mod:`autograd.tutor.worksheet`). ``.save(path)`` writes the page; print it from a browser.
    """
    return Worksheet(seed, exercises, level, title=title, key=key)


def save_worksheets(folder: Union[str, os.PathLike], students: int, first_seed: int = SEED,
                    exercises: int = EXERCISES, level: str = LEVEL, *, title: str = TITLE,
                    key: bool = True) -> list[str]:
    """Write one sheet per student into ``folder`` (made if missing), of seeds ``first_seed``,
    ``first_seed + 1``, ...: ``worksheet-01.html`` to ``worksheet-30.html`` for 30 students from
    seed 1 (the numbers padded to sort), each with its key (``key=True``). To print the class's
    sheets at once, ``all-sheets.html`` holds every sheet without its key and ``all-keys.html``
    every key (each sheet and key from a new page). Returns the paths of the students' files,
    in order. Every argument is checked before anything is written."""
    students = _whole("students", students, 1, MAX_STUDENTS)
    first_seed = _whole("seed", first_seed, 0, MAX_SEED)
    if first_seed + students - 1 > MAX_SEED:
        raise ValueError(f"worksheet: {students} sheets from seed {first_seed} run past the last seed, "
                         f"{MAX_SEED}; start from a lower seed")
    sheets = [Worksheet(seed, exercises, level, title=title, key=key)
              for seed in range(first_seed, first_seed + students)]
    folder = os.fspath(folder)
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise NotADirectoryError(f"cannot write the sheets into {folder!r}: it is not a folder; "
                                 "give the name of a folder (it is made if missing)")
    if os.path.islink(folder) and not os.path.exists(folder):
        raise FileNotFoundError(f"cannot write the sheets into {folder!r}: it is a link to "
                                f"{os.readlink(folder)!r}, which does not exist; make that folder, "
                                "or give another")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise type(error)(error.errno, f"cannot make the folder {folder!r}: {error.strerror or error}",
                          folder) from None
    width = len(str(first_seed + students - 1))
    paths = [os.path.join(folder, f"worksheet-{sheet.seed:0{width}d}.html") for sheet in sheets]
    pages = [ALL_SHEETS, ALL_KEYS] if key else [ALL_SHEETS]
    for path in paths + [os.path.join(folder, page) for page in pages]:
        writable(path)  # every file checked before the first is written
    for sheet, path in zip(sheets, paths):
        sheet.save(path)
    every = [sheet.parts() for sheet in sheets]
    seeds = f"sheets {first_seed} to {first_seed + students - 1}"
    atomic_write(os.path.join(folder, ALL_SHEETS), document(f"{title}, {seeds}", [p[0] for p in every]))
    if key:
        atomic_write(os.path.join(folder, ALL_KEYS), document(f"Answer keys: {title}, {seeds}",
                                                              [p[1] for p in every]))
    return paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command line's options for worksheets and their exercises (``python -m autograd``)."""
    group = parser.add_argument_group(
        "worksheets", "printable sheets of exercises, one per seed, with answer keys. Levels, easiest "
        f"first: {', '.join(LEVELS)}. Example: --worksheet sheets --students 30 --level neuron")
    group.add_argument("--worksheet", metavar="PATH", help="write a sheet with its answer key to PATH "
                       "(with --students, that many sheets into the folder PATH)")
    group.add_argument("--students", type=whole_argument, metavar="N",
                       help="write N sheets, of seeds SEED, SEED+1, ..., one per student")
    group.add_argument("--exercises", type=whole_argument, metavar="N",
                       help=f"exercises on a sheet (default {EXERCISES})")
    group.add_argument("--no-key", action="store_true", help="leave the answer key out of the sheets")
    group.add_argument("--title", help=f"the sheets' title (default {TITLE!r})")
    group.add_argument("--exercise", type=whole_argument, metavar="K",
                       help="exercise K of the sheet of --seed and --level, instead of an expression: "
                            "shown step by step, practised with --practice, or a page with --html")
    group.add_argument("--seed", type=whole_argument, help=f"the sheet's seed, its number (default {SEED})")
    group.add_argument("--level", help="how hard: one of " + ", ".join(LEVELS) + f" (default {LEVEL})")


def misplaced_option(args: argparse.Namespace) -> Union[str, None]:
    """What is wrong with a worksheet option given where it has no use (``--students goes with
    --worksheet``), or None."""
    sheet, one = args.worksheet is not None, args.exercise is not None
    for option, given, used, where in (
            ("--students", args.students is not None, sheet, "--worksheet"),
            ("--exercises", args.exercises is not None, sheet, "--worksheet"),
            ("--no-key", args.no_key, sheet, "--worksheet"),
            ("--title", args.title is not None, sheet, "--worksheet"),
            ("--seed", args.seed is not None, sheet or one, "--worksheet or --exercise"),
            ("--level", args.level is not None, sheet or one, "--worksheet or --exercise")):
        if given and not used:
            return f"{option} goes with {where}"
    return None


def save_from_arguments(args: argparse.Namespace) -> str:
    """Write the sheets the command line's ``--worksheet`` asks for; the line that says so."""
    seed = SEED if args.seed is None else args.seed
    level = LEVEL if args.level is None else args.level
    count = EXERCISES if args.exercises is None else args.exercises
    options = {"title": TITLE if args.title is None else args.title, "key": not args.no_key}
    if args.students is None:
        worksheet(seed, count, level, **options).save(args.worksheet)
        return f"saved sheet {seed} ({count} exercises at level {level}) to {args.worksheet}"
    paths = save_worksheets(args.worksheet, args.students, seed, count, level, **options)
    keys = f" and {ALL_KEYS}" if not args.no_key else ""
    return (f"saved {len(paths)} sheets of {count} exercises at level {level} (seeds {seed} to "
            f"{seed + len(paths) - 1}) to {os.path.join(args.worksheet, '')}, with {ALL_SHEETS}{keys} "
            "to print them all at once")


def exercise_from_arguments(args: argparse.Namespace) -> Exercise:
    """The exercise the command line's ``--exercise K`` names (of ``--seed``, at ``--level``)."""
    return exercise(SEED if args.seed is None else args.seed, LEVEL if args.level is None else args.level,
                    args.exercise)
