"""A real HTTP server on 127.0.0.1 serving canned answers, for SOURCE URLs in tests (no network).

`serve(routes)` starts a `ThreadingHTTPServer` on a free port in a thread and yields its base
URL; `routes` maps a path to an `Answer` (status, body, headers). A path that is not in `routes`
answers 404. `Answer.redirect(location)` answers 302. With `length=False` the body is sent
without Content-Length and the connection closed after it (HTTP/1.0 style), as a streaming
server would. `closed_port()` returns a port nothing listens on.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar


@dataclass(frozen=True)
class Answer:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Answer:
        """A redirect to `location` (a path on this server or a full URL)."""
        return cls(status=status, headers={"Location": location})


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Answer]] = {}
    requests: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def do_GET(self) -> None:
        self.requests.append((self.path, dict(self.headers)))
        answer = self.routes.get(self.path, Answer(b"not found", status=404))
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.length:
            self.send_header("Content-Length", str(len(answer.body)))
        else:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):  # the client gave up early
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@dataclass
class Served:
    """A running server: its base URL and the requests it received (path, headers)."""

    url: str
    requests: list[tuple[str, dict[str, str]]]


@contextmanager
def serve(routes: dict[str, Answer]) -> Iterator[Served]:
    """Serve `routes` on 127.0.0.1 for the duration of the block."""
    handler = type("Handler", (_Handler,), {"routes": dict(routes), "requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="served-files", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield Served(url=f"http://{host}:{port}", requests=handler.requests)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def closed_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago and that nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
