"""A beehiiv-like publication on 127.0.0.1 for the backfill tests (aiohttp, in a thread).

`BeehiivSite(posts, …)` serves `robots.txt` (a Crawl-delay, a `Sitemap:` line naming a sitemap
index), the index and the posts' sitemap it lists, a flat `sitemap.xml` (posts among other
pages), the post pages `/p/<slug>` with ETags (`If-None-Match` → 304) and, without sitemaps,
the archive pages `/archive?page=N` (newest first). Listed slugs in `gone` answer 404; those in
`busy_once` answer 503 with `Retry-After` the first time. `/feed` is an RSS feed whose channel
link is the site. Every request is counted
(`requests`: path, status, headers). `hold_after=N` holds the post request after the N-th
until `release()` (a process test kills the backfill there). `synthetic_post` makes an issue
page of any week.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def fixture_posts() -> dict[str, bytes]:
    """Real post pages: KW6, KW7 and KW8 2025, a post of another newsletter (no KW)."""
    return {
        "kw6-der-drache-erwacht": (FIXTURES / "kw06-2025.web.html").read_bytes(),
        "kw7-zoelle-zahlen-und-ein-zitat": (FIXTURES / "beehiiv/kw07-2025.web.html").read_bytes(),
        "kw8-der-mittelstand-und-die-ki": (FIXTURES / "beehiiv/kw08-2025.web.html").read_bytes(),
        "wir-suchen-verstaerkung": (FIXTURES / "beehiiv/build-log.web.html").read_bytes(),
    }


def synthetic_post(week: int, year: int = 2024, *, headings: bool = True) -> bytes:
    """An issue page of KW `week`: a lead, news and a closing (`headings=False`: an early
    issue of another shape, paragraphs only)."""
    monday = dt.date.fromisocalendar(year, week, 1)
    title = f"KW{week} - Woche {week} im Rückblick"
    lead = f"<h2 class='heading'>🛗 Die Geschichte der Woche {week}/{year}</h2>" if headings else ""
    news = "<h2 class='heading'>News der Woche</h2>" if headings else ""
    body = (
        f"{lead}<p class='paragraph'>Das Thema der Kalenderwoche {week} im Jahr {year} war "
        f"Nummer {week * 7 + year}, und darüber schreiben wir ausführlich.</p>{news}"
        f"<p class='paragraph'>🔓 <b>Meldung {week}:</b> Ein Unternehmen meldet Zahlen.</p>"
        "<p class='paragraph'>Danke für Deine Zeit und Aufmerksamkeit! ❤️</p>"
    )
    return (
        "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:title' content='{title}'>"
        '<script type="application/ld+json">{"@type":"Article","headline":"'
        f'{title}","datePublished":"{monday.isoformat()}T05:00:00.000Z"}}</script></head>'
        f"<body><div id='web-header'><h1>{title}</h1></div>"
        f"<div id='content-blocks'>{body}</div></body></html>"
    ).encode()


@dataclass
class Request:
    """One request the site answered."""

    path: str
    status: int
    headers: dict[str, str]


@dataclass
class BeehiivSite:
    """The site (see the module docstring); use it as a context manager."""

    posts: dict[str, bytes]
    crawl_delay: str = "0.001"
    sitemaps: bool = True
    gone: set[str] = field(default_factory=set)
    busy_once: set[str] = field(default_factory=set)
    retry_after: str = "0"
    hold_after: int | None = None
    requests: list[Request] = field(default_factory=list)
    url: str = ""

    def __post_init__(self) -> None:
        self._held = threading.Event()
        self.holding = threading.Event()  # set once a request is held
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="beehiiv-site", daemon=True)

    # What the tests look at ------------------------------------------------------------------

    def post_requests(self, status: int | None = None) -> list[Request]:
        """The requests for post pages (with `status`, if given)."""
        return [
            r for r in self.requests
            if r.path.startswith("/p/") and (status is None or r.status == status)
        ]  # fmt: skip

    def release(self) -> None:
        """Let a held request go on."""
        self._held.set()

    # The pages -------------------------------------------------------------------------------

    def _listed(self) -> list[str]:
        return [*self.posts, *sorted(self.gone)]

    def _robots(self) -> str:
        lines = ["User-agent: *", f"Crawl-delay: {self.crawl_delay}", "Disallow: /private/"]
        if self.sitemaps:
            lines.append(f"Sitemap: {self.url}/sitemap_index.xml")
        return "\n".join(lines) + "\n"

    def _urlset(self, paths: list[str]) -> str:
        urls = "".join(
            f"<url><loc>{self.url}{path}</loc><lastmod>2025-03-0{1 + n % 9}</lastmod></url>"
            for n, path in enumerate(paths)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        )

    def _feed(self) -> str:
        return (
            "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
            f"<title>Doppelgänger Update</title><link>{self.url}/</link>"
            f"<item><title>KW8</title><link>{self.url}/p/kw8</link></item></channel></rss>"
        )

    def _index(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{self.url}/sitemap-posts.xml</loc></sitemap></sitemapindex>"
        )

    def _archive(self, page: int) -> str:
        newest_first = list(reversed(self._listed()))
        chunk = newest_first[(page - 1) * 3 : page * 3]
        links = "".join(f'<a href="/p/{slug}">{slug}</a>' for slug in chunk)
        return f"<html><body><a href='/'>Start</a>{links}</body></html>"

    def _document(self, request: web.Request) -> bytes | None:
        path = request.path
        if path == "/robots.txt":
            return self._robots().encode()
        if path == "/feed":
            return self._feed().encode()
        if self.sitemaps and path == "/sitemap_index.xml":
            return self._index().encode()
        if self.sitemaps and path == "/sitemap-posts.xml":
            return self._urlset([f"/p/{slug}" for slug in self._listed()]).encode()
        if self.sitemaps and path == "/sitemap.xml":
            pages = ["/", "/archive", "/authors/philipp"] + [f"/p/{s}" for s in self._listed()]
            return self._urlset(pages).encode()
        if not self.sitemaps and path == "/archive":
            return self._archive(int(request.query.get("page", "1"))).encode()
        return None

    async def _handle(self, request: web.Request) -> web.Response:
        slug = request.path.removeprefix("/p/") if request.path.startswith("/p/") else None
        held = self.hold_after is not None and len(self.post_requests()) >= self.hold_after
        if slug is not None and held:
            self.holding.set()
            while not self._held.is_set():
                await asyncio.sleep(0.01)
        body = self.posts.get(slug) if slug is not None else self._document(request)
        if slug in self.busy_once:
            self.busy_once.discard(slug)
            return self._answer(request, 503, headers={"Retry-After": self.retry_after})
        if body is None:
            return self._answer(request, 404)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            return self._answer(request, 304, headers={"ETag": etag})
        return self._answer(request, 200, body, {"ETag": etag})

    def _answer(
        self,
        request: web.Request,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> web.Response:
        with self._lock:
            self.requests.append(Request(request.path_qs, status, dict(request.headers)))
        content = "text/html" if request.path.startswith("/p/") else "application/xml"
        return web.Response(status=status, body=body or None, headers=headers, content_type=content)

    # Serving ---------------------------------------------------------------------------------

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        port = runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(runner.cleanup())
        self._loop.close()

    def __enter__(self) -> BeehiivSite:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._held.set()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
