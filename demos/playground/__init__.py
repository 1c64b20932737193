"""A live playground in the browser: train a network on 2-D data, watch it learn, click a point
to step through the chain rule of its loss.

``python -m demos.playground`` serves it on 127.0.0.1 and opens it (``--no-browser``,
``--port``); in Jupyter, ``demos.playground.show()`` shows it in the notebook. Training runs
here, on chainrule's ``nn`` (``fit``'s compiled step, an epoch at a time); the page only
shows. Each tab has a model of its own.
"""

from demos.playground.notebook import show
from demos.playground.server import Running, main, serve
from demos.playground.session import Session
from demos.playground.settings import Settings

__all__ = ["show", "serve", "main", "Running", "Session", "Settings"]
