"""Running Graphviz: every picture chainrule makes is laid out and rendered here.

A drawing is a ``graphviz.Digraph`` (Jupyter shows it inline, ``.source`` is its DOT
text). The ``graphviz`` Python package is imported only when something is drawn, so
``import autograd`` works without it (install it with ``pip install 'chainrule[viz]'``).

Our digraphs run the ``dot`` program themselves, for ``pipe``, ``render``, ``save`` and
Jupyter's display alike, so that every run

* has a time limit (:data:`TIMEOUT`): a layout that takes longer stops with a
  :class:`GraphvizError` saying what to draw instead, never a hang;
* fails with one clear error: :class:`GraphvizNotFoundError` when ``dot`` is missing (with
  how to install it), :class:`GraphvizError` when it fails or crashes (with the first
  line it printed), never a raw ``CalledProcessError``;
* writes its files atomically: a temporary file beside the target, then a rename, so an
  interrupted render never leaves half a picture.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any, Optional, Union

from autograd.files import atomic_write
from autograd.notation import printable

VIZ_INSTALL = "pip install 'chainrule[viz]'"
DOT_INSTALL = (
    "apt-get install graphviz (Debian, Ubuntu), brew install graphviz (macOS) "
    "or conda install graphviz (conda)"
)

TIMEOUT = 20.0
"""Seconds one Graphviz run may take before it is stopped with a :class:`GraphvizError`."""


MAX_SAID = 200
"""The most characters of Graphviz's first line of complaint quoted in a :class:`GraphvizError`."""


class GraphvizNotFoundError(RuntimeError):
    """The Graphviz programs (``dot``) are not installed, so a drawing cannot be rendered."""


class GraphvizError(RuntimeError):
    """Graphviz failed, crashed or took longer than :data:`TIMEOUT` on a drawing."""


def import_graphviz() -> Any:
    """The ``graphviz`` package, or an ImportError that says how to install it."""
    try:
        import graphviz
    except ImportError:
        raise ImportError(
            f"drawing needs the graphviz Python package; install it with {VIZ_INSTALL} "
            "(or pip install graphviz)"
        ) from None
    return graphviz


def plain_text(text: object) -> str:
    """``text`` for a plain (not HTML-like) Graphviz attribute such as a tooltip, shown as
    written: never read as an HTML-like label (``<...>``), ``&`` not the start of an entity
    (Graphviz reads ``&lt;`` in any string), what no encoding can write shown as '?', and a
    backslash as its look-alike ``⧵``: Graphviz reads a tooltip's backslashes as its escapes
    more than once (in Graphviz 2.43 ``\\N``, even doubled, becomes the node's name), so no
    number of them is sure to show one."""
    text = printable(text).replace("&", "&amp;").replace("\\", "\u29f5")
    return import_graphviz().nohtml(text)


def _not_found(program: str) -> GraphvizNotFoundError:
    return GraphvizNotFoundError(
        f"the Graphviz program {program!r} was not found, so the picture cannot be rendered "
        f"(its DOT text is still in .source). Install Graphviz: {DOT_INSTALL}; "
        "the graphviz Python package alone is not enough"
    )


def run_dot(source: str, command: list, timeout: Optional[float] = None) -> bytes:
    """What Graphviz's ``command`` prints for the DOT ``source``, or one clear error."""
    timeout = TIMEOUT if timeout is None else timeout
    try:
        # what no encoding can write (a lone surrogate) is sent as '?', as the labels show it
        done = subprocess.run(command, input=source.encode("utf-8", "replace"), capture_output=True,
                              timeout=timeout)
    except FileNotFoundError:
        raise _not_found(os.fspath(command[0])) from None
    except subprocess.TimeoutExpired:
        raise GraphvizError(
            f"Graphviz took more than {timeout:g} s to lay out this picture and was stopped; draw a "
            "smaller piece (pass an intermediate Value as the root, or a smaller max_nodes), or "
            "raise autograd.views.graphviz_runner.TIMEOUT"
        ) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        how = f"crashed (signal {-done.returncode})" if done.returncode < 0 else "failed"
        detail = f": {said[0][:MAX_SAID]}" if said else ""
        raise GraphvizError(
            f"Graphviz {how} on this picture{detail}. The DOT text is in .source; a smaller "
            "picture (an intermediate Value as the root, or a smaller max_nodes) usually works"
        ) from None
    return done.stdout


_picture_class: Optional[type] = None


def new_digraph(**kwargs: Any) -> Any:
    """A ``graphviz.Digraph`` whose ``pipe``, ``render``, ``save`` and Jupyter display run
    Graphviz with a time limit, one clear error and atomic files (see the module docstring)."""
    global _picture_class
    if _picture_class is None:
        _picture_class = _make_picture_class(import_graphviz())
    return _picture_class(**kwargs)


def _make_picture_class(graphviz: Any) -> type:
    from graphviz.backend.dot_command import command as dot_command

    class Picture(graphviz.Digraph):
        """A graphviz.Digraph that runs Graphviz with a time limit and writes files atomically."""

        def pipe(self, format: Optional[str] = None, renderer: Optional[str] = None,
                 formatter: Optional[str] = None, neato_no_op: Any = None, quiet: bool = False, *,
                 engine: Optional[str] = None, encoding: Optional[str] = None) -> Union[bytes, str]:
            command = dot_command(engine or self.engine, format or self.format, renderer=renderer,
                                  formatter=formatter, neato_no_op=neato_no_op)
            out = run_dot(self.source, command)
            return out if encoding is None else out.decode(encoding)

        def save(self, filename: Any = None, directory: Any = None, *,
                 skip_existing: Optional[bool] = False) -> str:
            path = self._path(filename, directory)
            if not (skip_existing and os.path.exists(path)):
                atomic_write(path, self.source)
            return path

        def render(self, filename: Any = None, directory: Any = None, view: bool = False,
                   cleanup: bool = False, format: Optional[str] = None, renderer: Optional[str] = None,
                   formatter: Optional[str] = None, neato_no_op: Any = None, quiet: bool = False,
                   quiet_view: bool = False, *, outfile: Any = None, engine: Optional[str] = None,
                   raise_if_result_exists: bool = False, overwrite_source: bool = False) -> str:
            if outfile is not None:
                target = Path(outfile)
                format = format or target.suffix.lstrip(".") or self.format
                source_path = self._path(filename or target.stem + ".gv", directory or target.parent)
            else:
                source_path = self._path(filename, directory)
                format = format or self.format
                target = Path(f"{source_path}.{format}")
            if raise_if_result_exists and target.exists():
                raise FileExistsError(f"{target} exists already (raise_if_result_exists=True)")
            picture = self.pipe(format, renderer, formatter, neato_no_op, quiet, engine=engine)
            atomic_write(target, picture)
            if not cleanup:
                atomic_write(source_path, self.source)
            if view:
                graphviz.view(os.fspath(target), quiet=quiet_view)
            return os.fspath(target)

        def _path(self, filename: Any, directory: Any) -> str:
            name = os.fspath(filename) if filename is not None else self.filename
            folder = os.fspath(directory) if directory is not None else self.directory
            return os.path.join(folder, name) if folder else name

    return Picture


def to_svg(graph: Any) -> str:
    """The SVG of ``graph`` as text, without the XML prologue (ready to inline in HTML)."""
    svg = graph.pipe(format="svg", encoding="utf-8")
    return svg[svg.index("<svg"):]
