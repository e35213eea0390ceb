"""Reading an issue's SOURCE, as the CLI takes it: a file path or an http(s) URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx

MAX_SOURCE_BYTES = 50 * 1024 * 1024
FETCH_TIMEOUT = 30.0
USER_AGENT = "Doppelbot/0.1 (+https://github.com/doppelbot)"


class SourceError(ValueError):
    """The source cannot be read; the message is one line for the user."""


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
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(f"Datei zu groß ({size // 1_000_000} MB, höchstens 50 MB): {source}")
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"Datei nicht lesbar: {source} ({exc.strerror})") from None


def _fetch(url: str, *, client: httpx.Client | None) -> bytes:
    own = client is None
    http = client or httpx.Client(
        timeout=FETCH_TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    )
    try:
        with http.stream("GET", url) as response:
            if response.status_code >= 400:
                raise SourceError(f"Abruf fehlgeschlagen: HTTP {response.status_code} für {url}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_SOURCE_BYTES:
                    raise SourceError(f"Antwort zu groß (über 50 MB): {url}")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.TimeoutException:
        raise SourceError(f"Zeitüberschreitung beim Abruf von {url}") from None
    except httpx.HTTPError as exc:
        raise SourceError(f"Abruf fehlgeschlagen: {url} ({type(exc).__name__})") from None
    finally:
        if own:
            http.close()
