"""The playground's web application (Starlette): the page, its scripts, one WebSocket per tab and
the step-through of one example.

Each WebSocket is one tab with its own :class:`~demos.playground.session.Session`: the tab
sends what the person did (``{"do": "play"}``, ``{"do": "change", "settings": {...}}``) and
receives the session's state after each action and, while it plays, about ten times a
second. A refused action answers ``{"type": "refused", "message": ...}`` and changes
nothing. Only the hosts ``127.0.0.1`` and ``localhost`` are served (a page elsewhere cannot
reach the playground by renaming itself, DNS rebinding), and a WebSocket opened from
another origin is closed before it is accepted.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from autograd.jupyter import escape_html
from demos.playground.session import Session
from demos.playground.settings import OWNER
from nn.checks import must, quoted

HOSTS = ("127.0.0.1", "localhost")
FRAME_SECONDS = 0.1
"""While a tab plays, it trains this long between two pictures."""
MAX_MESSAGE = 10_000
"""The longest message a tab may send, in characters: settings fit in far less."""
MAX_FRAME = 4 * MAX_MESSAGE
"""The longest WebSocket message read at all, in bytes (UTF-8 takes at most 4 a character):
a longer one closes the socket (code 1009) rather than being held in memory whole."""
ACTIONS = ("play", "pause", "step", "reset", "change")


PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'")
"""The page's Content-Security-Policy: its own scripts, styles and WebSocket ('self' covers
ws:// to the same host and port), and its step-through frames; nothing else (``base-uri`` and
``form-action`` do not fall back to ``default-src``, so they are closed by name). Framing is
left open: a notebook shows the page in a frame from another port."""


async def index(request: Request) -> Response:
    text = resources.files("demos.playground").joinpath("static", "index.html").read_text(encoding="utf-8")
    return HTMLResponse(text, headers={"Content-Security-Policy": PAGE_POLICY, "Cache-Control": "no-store"})


def _problem_page(message: str) -> HTMLResponse:
    return HTMLResponse(f'<!DOCTYPE html><meta charset="utf-8"><p role="alert">{escape_html(message)}</p>',
                        status_code=400, headers={"Content-Security-Policy": "default-src 'none'"})


async def steps(request: Request) -> Response:
    """The stepper's page for one example: ``/steps?session=...&split=train&index=3``."""
    session = request.app.state.sessions.get(request.query_params.get("session", ""))
    if session is None:
        return _problem_page("This tab's model is gone (the page was closed or the playground restarted); "
                             "reload the page.")
    index = request.query_params.get("index", "")
    try:
        # only ASCII digits, and few of them: int() also reads '٣', and refuses '²' and 5,000 digits
        # in its own words; anything else reaches the session's check as text, and is refused there
        number = int(index) if index.isascii() and index.isdigit() and len(index) <= 9 else index
        page = await asyncio.to_thread(session.steps_page, request.query_params.get("split", ""), number)
    except (ValueError, RuntimeError) as error:
        return _problem_page(str(error))
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def act(session: Session, message: Any) -> None:
    """Do what the tab asked; a ValueError naming what was wrong with the message."""
    if not isinstance(message, dict) or message.get("do") not in ACTIONS:
        shown = message.get("do") if isinstance(message, dict) else message
        raise ValueError(must(OWNER, "an action", "be " + ", ".join(ACTIONS), quoted(shown)))
    action = message["do"]
    if action == "change":
        session.change(message.get("settings"))
    elif action == "step":
        session.step()
    elif action == "reset":
        session.reset()
    else:
        session.play(action == "play")


def _same_origin(socket: WebSocket) -> bool:
    """A browser says where the page that opens a WebSocket comes from: it must be this server."""
    origin = socket.headers.get("origin")
    return origin is None or origin == f"http://{socket.headers.get('host', '')}"


class Tab:
    """One open tab: its WebSocket, its session, and sending its state (one message at a time)."""

    def __init__(self, socket: WebSocket, session: Session) -> None:
        self.socket, self.session = socket, session
        self.sending = asyncio.Lock()
        self.shown_model = None

    async def send(self, message: dict) -> None:
        async with self.sending:
            await self.socket.send_text(json.dumps(message))

    async def send_state(self) -> None:
        async with self.sending:
            model = self.session.model
            state = await asyncio.to_thread(self.session.state, model is not self.shown_model)
            self.shown_model = model
            await self.socket.send_text(json.dumps(state))

    async def play(self) -> None:
        """While the session plays, train and send a picture every :data:`FRAME_SECONDS`."""
        while True:
            if self.session.playing:
                await asyncio.to_thread(self.session.train_for, FRAME_SECONDS)
                await self.send_state()
            else:
                await asyncio.sleep(FRAME_SECONDS / 2)

    async def answer(self, text: str) -> None:
        try:
            if len(text) > MAX_MESSAGE:
                raise ValueError(must(OWNER, "a message", f"be at most {MAX_MESSAGE} characters",
                                      f"{len(text)} characters"))
            try:
                message = json.loads(text)
            except ValueError:
                shown = quoted(text)
                raise ValueError(must(OWNER, "a message", "be JSON like {\"do\": \"play\"}", shown)) from None
            except RecursionError:  # json's reader recurses once per bracket
                shallow = "be JSON nested a few levels deep, like {\"do\": \"play\"}"
                raise ValueError(must(OWNER, "a message", shallow, "one nested too deeply to read")) from None
            await asyncio.to_thread(act, self.session, message)
        except ValueError as error:
            await self.send({"type": "refused", "message": str(error)})
        await self.send_state()


async def socket_endpoint(socket: WebSocket) -> None:
    if not _same_origin(socket):
        await socket.close(code=1008)
        return
    await socket.accept()
    sessions = socket.app.state.sessions
    key = secrets.token_urlsafe(16)
    tab = Tab(socket, await asyncio.to_thread(Session))
    sessions[key] = tab.session
    player = asyncio.create_task(tab.play())
    try:
        await tab.send({"type": "hello", "session": key})
        await tab.send_state()
        while True:
            await tab.answer(await socket.receive_text())
    except WebSocketDisconnect:
        pass
    finally:
        player.cancel()
        sessions.pop(key, None)


def make_app() -> Starlette:
    """The application: served to the hosts :data:`HOSTS` only."""
    app = Starlette(
        routes=[Route("/", index), Route("/steps", steps), WebSocketRoute("/socket", socket_endpoint),
                Mount("/static", app=StaticFiles(packages=[("demos.playground", "static")]), name="static")],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(HOSTS))],
    )
    app.state.sessions = {}
    return app

