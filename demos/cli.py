"""What every demo shares: its command-line options, its output folder and its report.

Each demo parses ``--out DIR``, ``--seed N``, ``--quick`` and ``--no-plots`` (and the
classification demos ``--animate``) with
:func:`parse_options`, prints its results with :func:`print_table` and saves pictures
through :meth:`Run.save`, which says where each one went, or, without matplotlib, how
to get them. A seed below 0 or an ``--out`` that cannot be a folder is refused before
any training starts (the folder is made and a file tried in it when the demo will write
one), and every picture is written atomically (:mod:`autograd.files`). A write that fails
after training all the same (a disk filled meanwhile) ends the demo with one line saying
why, and exit status 1, not a traceback.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Optional, Sequence

from autograd.files import atomic_path

PLOT_HINT = "pictures need matplotlib: pip install 'chainrule[plot]'"


@dataclass
class Run:
    """One run of a demo: its options and the pictures it has written."""

    out: Path
    seed: int
    quick: bool
    plots: bool
    written: list[Path] = field(default_factory=list)
    animate: bool = False

    def figure(self, *args: Any, **kwargs: Any):
        """A new matplotlib figure (Agg backend, nothing opens a window), or None when
        pictures are off or matplotlib is missing."""
        if not self.plots:
            return None
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot

        return pyplot.figure(*args, **kwargs)

    def save(self, figure: Any, name: str) -> Optional[Path]:
        """Write ``figure`` as ``<out>/<name>.png``, say where, and close it.

        The picture replaces an older one in one step (:func:`autograd.files.atomic_path`):
        a failed or interrupted save leaves the old picture as it was.
        """
        if figure is None:
            return None
        from matplotlib import pyplot

        path = self.out / f"{name}.png"
        try:
            with self.writing(path):
                with atomic_path(path) as temporary:
                    figure.savefig(temporary, format="png", dpi=110, bbox_inches="tight")
        finally:
            pyplot.close(figure)
        self.written.append(path)
        print(f"wrote {path}")
        return path


    def save_animation(self, film: Any, name: str) -> Path:
        """Write a film of training (:func:`demos.plots.training_animation`) as ``<out>/<name>.gif``,
        atomically, and say where it went and how big it is."""
        path = self.out / f"{name}.gif"
        with self.writing(path):
            film.save(path)
        self.written.append(path)
        print(f"wrote {path} ({len(film)} frames, {path.stat().st_size / 1e6:.2f} MB)")
        return path


    @contextmanager
    def writing(self, path: Path) -> Iterator[None]:
        """Make the output folder, then run the block that writes ``path`` in it; an OSError there
        ends the demo (SystemExit, status 1) with one line naming the file and why."""
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            yield
        except OSError as error:
            where = bounded(str(error.filename or path))
            raise SystemExit(f"cannot write {where}: {error.strerror or error}; the results above "
                             "were not saved (free some space, or give another --out)") from None


def folder_problem(path: Path) -> Optional[str]:
    """Why nothing can be written in the folder ``path`` (made if missing), or None if a file can be.

    The try is an anonymous temporary file, gone when closed: nothing is left behind.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path) as trial:
            trial.write(b"chainrule")
            trial.flush()
    except OSError as error:
        why = error.strerror or error
        return f"cannot write in {bounded(str(path))}: {why}; give a folder you may write in"
    return None


def bounded(text: str, limit: int = 100) -> str:
    """``text`` as a message quotes it: whole when short, else its start and end around an ellipsis,
    so that a path of any length gives a message of one line."""
    return text if len(text) <= limit else f"{text[:limit * 2 // 3]}...{text[-(limit // 3):]}"


def _kind(path: Path) -> str:
    """What ``path`` is when it is not a folder: a file, a device, a named pipe..."""
    mode = path.stat().st_mode
    kinds = ((stat.S_ISREG, "a file"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))
    return next((kind for test, kind in kinds if test(mode)), "not a folder")


def _seed(text: str) -> int:
    """``--seed``: a whole number >= 0, as NumPy's generators need."""
    try:
        seed = int(text)
    except ValueError:
        seed = -1
    if seed < 0:
        raise argparse.ArgumentTypeError(f"must be an int >= 0, got {text!r}")
    return seed


def _folder(text: str) -> Path:
    """``--out``: a folder that exists or can be made; refused now rather than after training.
    An empty one is refused too: to Path it is the current folder, which nobody meant to fill."""
    if not text:
        raise argparse.ArgumentTypeError("must name a folder, got an empty one; give a folder such as "
                                         "demo-output, or . for the current one")
    named = bounded(repr(text))
    try:
        return _existing_folder(Path(text), named)
    except OSError as error:  # a name too long, a loop of links: what the system says, in one line
        raise argparse.ArgumentTypeError(f"{named} cannot be a folder for the pictures: "
                                         f"{error.strerror or error}; give another folder") from None


def _existing_folder(path: Path, named: str) -> Path:
    """``path`` if the nearest part of it that exists is a folder one may write in."""
    existing = path
    while not existing.exists():
        if existing.is_symlink():
            raise argparse.ArgumentTypeError(f"{named} cannot be a folder for the pictures: "
                                             f"{bounded(str(existing))} is a link to "
                                             f"{bounded(repr(os.readlink(existing)))}, which does not exist; "
                                             "give a folder")
        existing = existing.parent
    if not existing.is_dir():
        what = "it is" if existing == path else f"{bounded(str(existing))} is"
        raise argparse.ArgumentTypeError(f"{named} cannot be a folder for the pictures: {what} "
                                         f"{_kind(existing)}; give a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot write in {bounded(str(existing))}: permission denied; "
                                         "give a folder you may write in")
    return path


def parse_options(description: str, argv: Optional[Sequence[str]] = None, seed: int = 0,
                  *, module: Optional[str] = None, animate: bool = False, writes_pages: bool = False) -> Run:
    """The options every demo takes; returns the :class:`Run` they describe.

    ``module`` is the demo's module name (``"demos.moons"``): ``--help`` and errors then show
    how to run it, ``python -m demos.moons``. A bad ``--seed`` or ``--out`` stops the demo
    at once, before any training. ``animate=True`` adds ``--animate`` (a GIF of training,
    for the demos that draw a decision boundary), which needs pictures: with
    ``--no-plots`` it is refused. The ``--out`` folder is made and tried before training when
    pictures are on, or always with ``writes_pages`` (a demo writing pages without pictures).
    """
    prog = f"python -m {module}" if module else None
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--out", type=_folder, default="demo-output",  # a string: checked like a given one
                        help="folder for the pictures (default: demo-output/)")
    parser.add_argument("--seed", type=_seed, default=seed,
                        help=f"random seed, an int >= 0 (default: {seed})")
    parser.add_argument("--quick", action="store_true", help="a short run, for tests and a first look")
    parser.add_argument("--no-plots", action="store_true", help="print results only, write no pictures")
    if animate:
        parser.add_argument("--animate", action="store_true",
                            help="also write a GIF of the decision boundary forming during training")
    options = parser.parse_args(argv)
    animating = getattr(options, "animate", False)
    if animating and options.no_plots:
        parser.error("--animate writes a picture, so it cannot go with --no-plots; drop one of them")
    plots = not options.no_plots
    if plots and importlib.util.find_spec("matplotlib") is None:
        print(PLOT_HINT, file=sys.stderr)
        plots = False
    problem = folder_problem(options.out) if plots or writes_pages else None
    if problem:
        parser.error(f"argument --out: {problem}")
    return Run(out=options.out, seed=options.seed, quick=options.quick, plots=plots,
               animate=animating and plots)


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a small aligned table: numbers with 4 significant digits or as percentages."""

    def cell(x: Any) -> str:
        if isinstance(x, float):
            return f"{x:.4g}"
        return str(x)

    text = [[cell(x) for x in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in text)) for i, h in enumerate(header)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in text:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)))
    print()


def train_each(setups: Mapping[str, Any], train: Callable[[str, Any], Any]) -> dict[str, Any]:
    """Call ``train(name, setup)`` for every named setup in turn, saying which one starts.

    Returns the results by name, in the order of ``setups``."""
    results = {}
    for i, (name, setup) in enumerate(setups.items(), 1):
        print(f"[{i}/{len(setups)}] {name}", flush=True)
        results[name] = train(name, setup)
    return results
