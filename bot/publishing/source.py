"""Reading an issue's SOURCE, as the CLI takes it: a file path or an http(s) URL."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import httpx

MAX_SOURCE_BYTES = 50 * 1024 * 1024
"""Largest file or HTTP response read as a SOURCE (50 MiB; a real issue is well under 1 MB)."""
FETCH_TIMEOUT = 30.0
MAX_REDIRECTS = 10
USER_AGENT = "Doppelbot/0.1 (+https://github.com/doppelbot)"


class SourceError(ValueError):
    """The source cannot be read; the message is one line for the user."""


class NoAnswer(SourceError):
    """The server did not answer in time, or could not be reached."""


class TimedOut(NoAnswer):
    """The server did not answer in time (trying again later may work)."""


class HttpStatusError(SourceError):
    """The server answered with an error status: `status` and the answer's `headers`
    (lower-case names, e.g. `retry-after`)."""

    def __init__(self, message: str, status: int, headers: dict[str, str]) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers


def is_url(source: str) -> bool:
    """Return True when `source` is an http(s) URL rather than a file path."""
    return urlsplit(source).scheme in {"http", "https"}


def read_source(source: str, *, client: httpx.Client | None = None) -> bytes:
    """Return the raw bytes of a file path or an http(s) URL; raise `SourceError` otherwise."""
    if is_url(source):
        return _fetch(source, client=client)
    return _read_file(source)


def _read_file(source: str) -> bytes:
    path = Path(source).expanduser()
    if not path.exists():
        raise SourceError(f"Datei nicht gefunden: {source}")
    if path.is_dir():
        raise SourceError(f"Das ist ein Ordner, keine Datei: {source}")
    try:
        with path.open("rb") as file:  # bounded: /dev/zero or a growing file never fills memory
            data = file.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"Datei nicht lesbar: {source} ({exc.strerror})") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(f"Datei zu groß (über {_size(MAX_SOURCE_BYTES)}): {source}")
    return data


class Fetched(NamedTuple):
    """An HTTP answer: its status (200 or 304), body (empty for 304), response headers, and
    the URL that answered (after redirects; empty when not known)."""

    status: int
    body: bytes
    headers: dict[str, str]
    url: str = ""


def http_client(timeout: float = FETCH_TIMEOUT) -> httpx.Client:
    """The client every fetch uses: our User-Agent, redirects followed, `timeout` seconds for
    connecting and for each read."""
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT},
    )


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """The headers that make a repeated GET conditional (a 304 when nothing changed)."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _fetch(url: str, *, client: httpx.Client | None) -> bytes:
    return fetch(url, client=client).body


def fetch(
    url: str, *, headers: dict[str, str] | None = None, client: httpx.Client | None = None
) -> Fetched:
    """GET `url` (redirects followed, 30 s timeout, at most 50 MB); a 304 answer to a
    conditional request is returned as such. Raises `SourceError` with one German line."""
    own = client is None
    http = client or http_client()
    try:
        with http.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return Fetched(304, b"", dict(response.headers), str(response.url))
            if response.status_code >= 400:
                raise HttpStatusError(
                    f"Abruf fehlgeschlagen: HTTP {response.status_code} für {url}",
                    response.status_code,
                    dict(response.headers),
                )
            body = _body(url, response)
            return Fetched(response.status_code, body, dict(response.headers), str(response.url))
    except httpx.TimeoutException:
        raise TimedOut(f"Zeitüberschreitung beim Abruf von {url}") from None
    except httpx.TooManyRedirects:
        raise SourceError(
            f"Abruf fehlgeschlagen: mehr als {MAX_REDIRECTS} Weiterleitungen für {url}"
        ) from None
    except httpx.ConnectError:
        raise NoAnswer(f"Abruf fehlgeschlagen: keine Verbindung zu {url}") from None
    except httpx.HTTPError as exc:
        raise SourceError(f"Abruf fehlgeschlagen: {url} ({type(exc).__name__})") from None
    finally:
        if own:
            http.close()


def _body(url: str, response: httpx.Response) -> bytes:
    """Read the response body, refusing one larger than `MAX_SOURCE_BYTES` (early if declared)."""
    too_large = f"Antwort zu groß (über {_size(MAX_SOURCE_BYTES)}): {url}"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_SOURCE_BYTES:
        raise SourceError(too_large)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_SOURCE_BYTES:
            raise SourceError(too_large)
        chunks.append(chunk)
    return b"".join(chunks)


def _size(size: int) -> str:
    """A byte count as the messages state limits: "50 MB" (MiB), or bytes below one MiB."""
    mib = 1024 * 1024
    return f"{size // mib} MB" if size >= mib else f"{size} Bytes"
