"""A live playground in the browser: watch a network learn, and step into any point's chain rule.

Train a network on 2-D data, watch it learn, click a point to step through the chain rule of
its loss.

``python -m demos.playground`` serves it on 127.0.0.1 and opens it (``--no-browser``,
``--port``); in Jupyter, ``demos.playground.show()`` shows it in the notebook. Training runs
here, on chainrule's ``nn`` (``fit``'s compiled step, an epoch at a time); the page only
shows. Each tab has a model of its own. The server (Starlette on uvicorn) is imported when
one is started, so this package imports without ``pip install 'chainrule[playground]'``.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from demos.playground.session import Session
from demos.playground.settings import Settings


def main(argv: Optional[Sequence[str]] = None) -> None:
    """``python -m demos.playground [--port N] [--no-browser]``."""
    from demos.playground.server import main as serve_from_the_command_line

    serve_from_the_command_line(argv)


def show(port: int = 0, height: int = 760) -> Any:
    """Show the playground in a Jupyter notebook (see :func:`demos.playground.notebook.show`)."""
    from demos.playground.notebook import show as show_in_the_notebook

    return show_in_the_notebook(port, height)


__all__ = ["show", "main", "Session", "Settings"]
