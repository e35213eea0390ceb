"""The demo's web chat: one page (`static/`) and a small JSON API over the Bot API simulator.

Routes (all on 127.0.0.1; the page needs no network, no CDN, no build step):

- `GET /` the page; `GET /static/<file>` its stylesheet and scripts
- `GET /api/people` the role switch: readers and the publisher
- `GET /api/commands` the bot's command menu, as it set it with setMyCommands
- `GET /api/chat/<user>?since=R` what changed in that person's chat after revision R: waits up
  to `POLL_SECONDS` for a change (long polling); answers the messages (as HTML, edits and
  deletions too), the notes after button presses, and the other chats' latest revisions
- `POST /api/chat/<user>/send` `{"text"}`: the person types a message
- `POST /api/chat/<user>/press` `{"message_id", "data"}`: the person presses an inline button
- `POST /api/chat/<user>/upload`: the person sends the bundled new issue as a file
- `GET /api/files/<file_id>` a picture or file the bot sent (documents as downloads)

Everything runs on the simulator's event loop: the page's people reach the bot the way Telegram
users do, as updates the bot fetches with getUpdates. Bad input gets a 400 with a German
`error`; an unknown person or file a 404.
"""

from __future__ import annotations

import itertools
import json
from importlib.resources import files
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.demo import samples
from bot.demo.people import PEOPLE, Person, person
from bot.demo.view import button_update, file_update, has_button, message_json, text_update
from bot.simulator.bot_api import FakeBotAPI
from bot.simulator.chats import ChatLog
from bot.simulator.text import MAX_TEXT, utf16_len

POLL_SECONDS = 20.0
STATIC = ("index.html", "chat.css", "chat.js", "bubbles.js")
_TYPES = {"html": "text/html", "css": "text/css", "js": "text/javascript"}


class WebChat:
    """The web chat of one simulator (`FakeBotAPI(chat_log=True)`), on `host:port`."""

    def __init__(self, api: FakeBotAPI, tz: ZoneInfo, *, host: str = "127.0.0.1", port: int = 8080):
        assert api.backend.chats is not None, "the simulator needs chat_log=True"
        self.api, self.tz, self.host, self.port = api, tz, host, port
        self.chats: ChatLog = api.backend.chats
        self._queries = itertools.count(1)
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://{self.host}:{self.port}"

    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application(client_max_size=64 * 1024)
        app.router.add_get("/", self._static)
        app.router.add_get("/static/{name}", self._static)
        app.router.add_get("/api/people", self._people)
        app.router.add_get("/api/commands", self._commands)
        app.router.add_get("/api/chat/{user}", self._chat)
        app.router.add_post("/api/chat/{user}/send", self._send)
        app.router.add_post("/api/chat/{user}/press", self._press)
        app.router.add_post("/api/chat/{user}/upload", self._upload)
        app.router.add_get("/api/files/{file_id}", self._file)
        return app

    async def start(self) -> None:
        """Listen (raises `OSError` when the port is taken); `port=0` picks a free one."""
        self._runner = web.AppRunner(
            self.app(), access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.host, self.port).start()
        except OSError:
            await self.stop()
            raise
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop listening (open long polls end)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info.get("name", "index.html")
        if name not in STATIC:
            raise web.HTTPNotFound()
        body = (files("bot.demo") / "static" / name).read_bytes()
        kind = _TYPES[name.rsplit(".", 1)[-1]]
        return web.Response(
            body=body, content_type=kind, charset="utf-8", headers={"Cache-Control": "no-store"}
        )

    async def _people(self, request: web.Request) -> web.Response:
        return web.json_response([p.to_dict() for p in PEOPLE])

    async def _commands(self, request: web.Request) -> web.Response:
        return web.json_response(self.api.backend.answers.commands)

    async def _chat(self, request: web.Request) -> web.Response:
        who = _person(request)
        since = _number(request.query.get("since", "0"), "since")
        await self.chats.wait(since, POLL_SECONDS)
        revision = self.chats.revision
        shown, toasts = self.chats.changes(who.user_id, since)
        store = self.api.backend.files
        return web.json_response(
            {
                "revision": revision,
                "messages": [message_json(m, store, self.tz) for m in shown],
                "toasts": [{"text": t.text, "alert": t.show_alert} for t in toasts],
                "activity": {str(p.user_id): self.chats.last_change(p.user_id) for p in PEOPLE},
            }
        )

    async def _send(self, request: web.Request) -> web.Response:
        who = _person(request)
        text = str((await _body(request)).get("text") or "").strip()
        if not text:
            raise _bad("Die Nachricht ist leer.")
        if utf16_len(text) > MAX_TEXT:
            raise _bad(f"Die Nachricht ist zu lang (höchstens {MAX_TEXT} Zeichen).")
        answers = self.api.backend.answers
        self.api.push_update(text_update(who, text, answers.new_message_id()))
        return web.json_response({"ok": True})

    async def _press(self, request: web.Request) -> web.Response:
        who = _person(request)
        body = await _body(request)
        data = str(body.get("data") or "")
        message_id = _number(str(body.get("message_id", "")), "message_id")
        shown = next(
            (
                m
                for m in self.chats.messages(who.user_id)
                if m.message_id == message_id and not m.deleted
            ),
            None,
        )
        if shown is None or shown.sender != "bot" or not has_button(shown, data):
            raise _bad("Diesen Knopf gibt es nicht (mehr).")
        query_id = f"demo{who.user_id}{next(self._queries):06d}"
        self.api.push_update(button_update(who, shown, data, query_id))
        return web.json_response({"ok": True})

    async def _upload(self, request: web.Request) -> web.Response:
        who = _person(request)
        document = self.api.backend.files.add(
            samples.sample(samples.UPLOAD), samples.UPLOAD, mime_type=samples.UPLOAD_TYPE
        )
        answers = self.api.backend.answers
        self.api.push_update(file_update(who, document, answers.new_message_id()))
        return web.json_response({"ok": True})

    async def _file(self, request: web.Request) -> web.Response:
        stored = self.api.backend.files.find(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        headers = {"Cache-Control": "max-age=3600"}
        if not stored.mime_type.startswith("image/"):
            headers["Content-Disposition"] = (
                f"attachment; filename*=UTF-8''{quote(stored.file_name)}"
            )
        return web.Response(body=stored.content, content_type=stored.mime_type, headers=headers)


def _person(request: web.Request) -> Person:
    raw = request.match_info["user"]
    found = person(int(raw)) if raw.isdigit() else None
    if found is None:
        raise web.HTTPNotFound(
            text=json.dumps({"error": "Diese Person gibt es nicht."}),
            content_type="application/json",
        )
    return found


def _number(raw: str, name: str) -> int:
    if not raw.isdigit():
        raise _bad(f"{name}: erwartet eine Zahl.")
    return int(raw)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise _bad("Erwartet JSON.") from None
    if not isinstance(body, dict):
        raise _bad("Erwartet ein JSON-Objekt.")
    return body


def _bad(reason: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": reason}), content_type="application/json")
