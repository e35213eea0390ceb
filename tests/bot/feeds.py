"""Feeds for the feed poller's tests: beehiiv RSS items derived from the real KW6 item, and a
local HTTP server whose feed changes between polls (ETag/Last-Modified, 304, errors)."""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newsletter.german_dates import german_date
from tests.conftest import FIXTURES

_KW6 = (FIXTURES / "kw06-2025.rss.xml").read_text(encoding="utf-8")
_HEAD, _REST = _KW6.split("<item>", 1)
_ITEM, _TAIL = _REST.split("</item>", 1)
KW6_DATE = dt.date(2025, 2, 3)


def item(
    week: int, *, lead: str = "", title: str | None = None, date: dt.date | None = None
) -> str:
    """The KW6 item as the issue of `week` of 2025 (Monday of that week, or `date`), its lead
    story starting with `lead` if given (an edit)."""
    date = date or KW6_DATE + dt.timedelta(weeks=week - 6)
    published = dt.datetime.combine(date, dt.time(5), tzinfo=dt.UTC)
    text = _ITEM.replace("KW6 - Der Drache", f"KW{week} - Der Drache")
    if title is not None:
        text = text.replace(f"KW{week} - Der Drache erwacht (Oder schlafen wir nur?)", title)
    text = text.replace("/p/kw6-der-drache-erwacht", f"/p/kw{week}-der-drache-erwacht")
    text = text.replace("Mon, 03 Feb 2025 05:00:00 +0000", email.utils.format_datetime(published))
    text = text.replace("Klöckner · 3. Februar 2025", f"Klöckner · {german_date(date)}")
    text = text.replace(
        "Heute ist Montag, der 3. Februar 2025 und die KW6 startet.",
        f"Heute ist Montag, der {german_date(date)} und die KW{week} startet.",
    )
    text = text.replace("Was ist passiert?", f"{lead}Was ist passiert in KW{week}?", 1)
    return f"<item>{text}</item>"


def feed(*items: str) -> str:
    """An RSS feed with `items` (newest first, as beehiiv lists them)."""
    return _HEAD + "".join(items) + _TAIL


@dataclass
class FeedServer:
    """What the server answers on /feed: `body` with an ETag derived from it, or `status`
    with `error_body`; `requests` lists the (If-None-Match, If-Modified-Since) headers seen."""

    body: str = ""
    status: int = 200
    error_body: bytes = b""
    url: str = ""
    requests: list[tuple[str | None, str | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def etag(self) -> str:
        return f'"{abs(hash(self.body)):x}"'


@contextmanager
def serve_feed(server: FeedServer) -> Iterator[FeedServer]:
    """Serve `server`'s feed on 127.0.0.1 for the duration of the block; sets `server.url`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with server.lock:
                seen = (self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"))
                server.requests.append(seen)
                status, body = server.status, server.error_body
                headers: dict[str, str] = {}
                if status == 200:
                    if seen[0] == server.etag:
                        status, body = 304, b""
                    else:
                        body = server.body.encode()
                    headers = {
                        "ETag": server.etag,
                        "Last-Modified": "Mon, 03 Feb 2025 05:00:00 GMT",
                    }
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    http.daemon_threads = True
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = http.server_address[:2]
        server.url = f"http://{host}:{port}/feed"
        yield server
    finally:
        http.shutdown()
        http.server_close()
        thread.join(timeout=10)
