"""Running the playground: ``python -m demos.playground`` (:func:`main`), :func:`serve`, and
:class:`Running`, a playground served from a thread (for a notebook, or a test).

uvicorn serves the application on 127.0.0.1 only, on the port asked for (0: any free one);
the address is printed once the socket is bound, so it is the real one. Ctrl-C stops the
server cleanly: open tabs are told, and the process ends.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
import webbrowser
from typing import Optional, Sequence

from autograd.notation import quoted

try:
    import uvicorn

    from demos.playground.app import MAX_FRAME, make_app
except ImportError as missing:
    raise ImportError(f"the playground's server needs Starlette, uvicorn and websockets ({missing}); "
                      "pip install 'chainrule[playground]'") from missing

HOST = "127.0.0.1"
DEFAULT_PORT = 8022


def bind(port: int) -> socket.socket:
    """A listening socket on :data:`HOST` and ``port``; OSError with the fix when it is taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as error:
        sock.close()
        raise OSError(f"playground: cannot listen on {HOST}:{port} ({error.strerror}); "
                      "give another --port, or 0 for any free one") from None
    sock.listen(128)
    return sock


def _server() -> uvicorn.Server:
    return uvicorn.Server(uvicorn.Config(make_app(), log_level="warning", timeout_graceful_shutdown=2,
                                         ws_per_message_deflate=False, ws_max_size=MAX_FRAME))


def address(sock: socket.socket) -> str:
    return f"http://{HOST}:{sock.getsockname()[1]}/"


def serve(port: int = DEFAULT_PORT, open_browser: bool = True) -> None:
    """Serve the playground until Ctrl-C, printing its address (and opening it in the browser)."""
    sock = bind(port)
    url = address(sock)
    print(f"chainrule playground: {url}  (Ctrl-C stops it)", flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        _server().run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops on Ctrl-C, then hands the signal back
        pass
    finally:
        sock.close()
    print("chainrule playground: stopped", flush=True)


class Running:
    """A playground served from a thread of this process: ``.url``, ``.app`` (its sessions are
    ``app.state.sessions``) and ``.stop()`` (also on leaving a ``with`` block)."""

    def __init__(self, port: int = 0, wait: float = 10.0) -> None:
        self.sock = bind(port)
        self.url = address(self.sock)
        self.server = _server()
        self.app = self.server.config.app
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       name="playground", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + wait
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                self.stop()
                raise RuntimeError(f"playground: the server did not start within {wait:g} s")
            time.sleep(0.01)

    def stop(self, wait: float = 10.0) -> None:
        """Stop the server and wait (at most ``wait`` seconds) for its thread to end."""
        self.server.should_exit = True
        self.thread.join(wait)
        self.sock.close()

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def port_number(text: str) -> int:
    """``--port``: a whole number from 0 (any free port) to 65535."""
    if not (text.isascii() and text.isdigit()) or len(text) > 5 or int(text) > 65535:  # int() reads '٣' too
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to 65535, got {quoted(text)}")
    return int(text)


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m demos.playground",
        description="A live playground in the browser: train a small network on 2-D data, watch it learn, "
                    "and click a point to step through its chain rule.")
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                        help=f"the port on {HOST} to serve on (default {DEFAULT_PORT}; 0 for any free one)")
    parser.add_argument("--no-browser", action="store_true", help="print the address but open no browser")
    args = parser.parse_args(argv)
    try:
        serve(args.port, open_browser=not args.no_browser)
    except OSError as error:
        print(error, file=sys.stderr)
        raise SystemExit(1) from None
