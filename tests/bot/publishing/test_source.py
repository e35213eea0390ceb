"""Reading a SOURCE: files and http(s) URLs (served from 127.0.0.1), and every way that fails."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bot.publishing import source
from bot.publishing.source import SourceError, is_url, read_source
from tests.bot.served_files import Answer, closed_port, serve

FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><item/></channel></rss>"


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("https://doppelgaenger.beehiiv.com/feed", True),
        ("http://127.0.0.1:8000/x.xml", True),
        ("HTTPS://EXAMPLE.COM/", True),
        ("tests/fixtures/kw06-2025.rss.xml", False),
        ("/tmp/feed.xml", False),
        ("ftp://example.com/feed.xml", False),
        ("C:\\feed.xml", False),
    ],
)
def test_only_http_and_https_are_urls(text: str, url: bool) -> None:
    assert is_url(text) is url


def test_a_file_is_read_as_bytes(fixtures: Path) -> None:
    path = fixtures / "kw06-2025.rss.xml"
    assert read_source(str(path)) == path.read_bytes()


def test_a_missing_file_is_named_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"Datei nicht gefunden: .*nichts\.xml"):
        read_source(str(tmp_path / "nichts.xml"))


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="Ordner, keine Datei"):
        read_source(str(tmp_path))


def test_a_file_over_the_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(source, "MAX_SOURCE_BYTES", 1000)
    path = tmp_path / "gross.html"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(SourceError, match=r"Datei zu groß \(über 1000 Bytes\)"):
        read_source(str(path))
    path.write_bytes(b"x" * 1000)
    assert len(read_source(str(path))) == 1000


def test_an_endless_file_is_read_only_up_to_the_limit(monkeypatch) -> None:
    monkeypatch.setattr(source, "MAX_SOURCE_BYTES", 4096)
    with pytest.raises(SourceError, match="Datei zu groß"):
        read_source("/dev/zero")


def test_a_url_is_fetched_with_our_user_agent() -> None:
    with serve({"/feed": Answer(FEED)}) as served:
        assert read_source(f"{served.url}/feed") == FEED
    [(path, headers)] = served.requests
    assert path == "/feed"
    assert headers["User-Agent"].startswith("Doppelbot/")


def test_redirects_are_followed() -> None:
    routes = {
        "/alt": Answer.redirect("/umzug", status=301),
        "/umzug": Answer.redirect("/feed", status=307),
        "/feed": Answer(FEED),
    }
    with serve(routes) as served:
        assert read_source(f"{served.url}/alt") == FEED
    assert [path for path, _ in served.requests] == ["/alt", "/umzug", "/feed"]


def test_a_redirect_loop_ends_with_an_error() -> None:
    with (
        serve({"/a": Answer.redirect("/b"), "/b": Answer.redirect("/a")}) as served,
        pytest.raises(SourceError, match="mehr als 10 Weiterleitungen"),
    ):
        read_source(f"{served.url}/a")
    assert len(served.requests) == 11


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_an_http_error_status_is_reported_with_its_code(status: int) -> None:
    with (
        serve({"/feed": Answer(b"kaputt", status=status)}) as served,
        pytest.raises(SourceError, match=f"HTTP {status} für {served.url}/feed"),
    ):
        read_source(f"{served.url}/feed")


def test_a_closed_port_is_no_connection() -> None:
    url = f"http://127.0.0.1:{closed_port()}/feed"
    with pytest.raises(SourceError, match=f"keine Verbindung zu {url}"):
        read_source(url)


def test_a_response_declared_too_large_is_refused_before_its_body_is_read(monkeypatch) -> None:
    monkeypatch.setattr(source, "MAX_SOURCE_BYTES", 1000)
    # The body is shorter than declared: reading it would end in a protocol error instead.
    liar = Answer(b"x" * 10, headers={"Content-Length": "5000"}, length=False)
    with (
        serve({"/feed": liar}) as served,
        pytest.raises(SourceError, match=r"Antwort zu groß \(über 1000 Bytes\)"),
    ):
        read_source(f"{served.url}/feed")


def test_a_streamed_response_growing_too_large_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(source, "MAX_SOURCE_BYTES", 1000)
    with (
        serve({"/feed": Answer(b"x" * 200_000, length=False)}) as served,
        pytest.raises(SourceError, match="Antwort zu groß"),
    ):
        read_source(f"{served.url}/feed")


def test_a_streamed_response_within_the_limit_is_read_whole() -> None:
    with serve({"/feed": Answer(FEED * 100, length=False)}) as served:
        assert read_source(f"{served.url}/feed") == FEED * 100


def test_a_timeout_is_reported_as_such() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("zu langsam", request=request)

    client = httpx.Client(transport=httpx.MockTransport(hang))
    with pytest.raises(SourceError, match=r"Zeitüberschreitung beim Abruf von https://x\.example/"):
        read_source("https://x.example/", client=client)


def test_other_transport_failures_name_the_url() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("kaputt", request=request)

    client = httpx.Client(transport=httpx.MockTransport(broken))
    with pytest.raises(SourceError, match=r"Abruf fehlgeschlagen: https://x\.example/ \("):
        read_source("https://x.example/", client=client)
