"""The playground in a Jupyter notebook: :func:`show` serves it from a thread of the kernel (one
server per kernel, started at the first call) and shows the page in an iframe."""

from __future__ import annotations

from autograd.jupyter import escape_html
from demos.playground.server import Running
from nn.checks import check_int, is_int, must, quoted

SERVED: dict[str, Running] = {}
"""The kernel's one playground server, once started."""


class Shown:
    """The page in an iframe, as Jupyter shows it (``_repr_html_``); its address in ``url``."""

    def __init__(self, url: str, height: int) -> None:
        self.url, self.height = url, height

    def _repr_html_(self) -> str:
        return (f'<iframe src="{escape_html(self.url)}" title="chainrule playground" '
                f'style="width: 100%; height: {int(self.height)}px; border: 1px solid #ddd;"></iframe>')

    def __repr__(self) -> str:
        return f"chainrule playground at {self.url}"


def show(port: int = 0, height: int = 760) -> Shown:
    """Show the playground in the notebook (each call a new tab, with a model of its own);
    ``port`` 0 takes any free port for the kernel's server. Both are checked before anything
    starts (a bad height used to fail only when Jupyter drew the frame)."""
    if not is_int(port) or not 0 <= port <= 65535:
        raise ValueError(must("playground.show", "port", "be a whole number from 0 to 65535", quoted(port)))
    height = check_int(height, "height", "playground.show", 1, "give the height in pixels, such as 760")
    running = SERVED.get("server")
    if running is None or not running.thread.is_alive():
        running = SERVED["server"] = Running(port)
    return Shown(running.url, height)
