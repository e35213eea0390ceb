"""Finding a publication's posts: robots.txt, its sitemaps (indexes too), else the archive pages.

`discover` reads `SITE/robots.txt` (protego: its Crawl-delay, its `Sitemap:` lines, what it
disallows), then every sitemap it names and `SITE/sitemap.xml`, following sitemap indexes
(ultimate-sitemap-parser reads the XML we fetched: every request stays ours, paced and
conditional). It keeps the post pages (`/p/<slug>`, each slug once). A site without a usable
sitemap is read through its archive pages (`/archive?page=N`, newest first) until a page links
no new post. Each document is fetched conditionally; its text is kept for a 304
(`storage.backfill`), so a second run of an unchanged site reads nothing again.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin

from protego import Protego
from usp.objects.sitemap import AbstractIndexSitemap, AbstractSitemap, InvalidSitemap
from usp.tree import sitemap_from_str

from bot.database import Database
from bot.publishing.crawl import Crawler
from bot.publishing.source import (
    MAX_SOURCE_BYTES,
    HttpStatusError,
    SourceError,
    conditional_headers,
)
from newsletter.posts import post_links, post_slug
from storage.backfill import load_page, save_page
from storage.tables import BackfillPage

log = logging.getLogger(__name__)

AGENT = "Doppelbot"  # our product token, as robots.txt groups name crawlers
MAX_SITEMAPS = 50
MAX_ARCHIVE_PAGES = 200
KEEP_CHARS = 2_000_000  # a document longer than this is not kept (fetched again next time)
GONE = frozenset({404, 410})


@dataclass(frozen=True, slots=True)
class Post:
    """A post page the site lists: its slug, URL and the sitemap's `lastmod` (if any)."""

    slug: str
    url: str
    lastmod: dt.datetime | None = None


@dataclass(slots=True)
class Site:
    """What `discover` found: the posts (oldest first where the site says), the robots rules,
    and how the posts were found (`sitemap` or `archive`); `notes` lists documents that could
    not be read."""

    posts: list[Post]
    robots: Protego
    via: str
    notes: list[str] = field(default_factory=list)

    def allows(self, url: str) -> bool:
        """Whether robots.txt lets us fetch `url`."""
        return bool(self.robots.can_fetch(url, AGENT))


async def discover(site: str, crawler: Crawler, db: Database) -> Site:
    """Find the posts of `site` (see the module docstring); raise `SourceError` when the site
    cannot be reached at all."""
    base = site.rstrip("/") + "/"
    robots_text = await read_document(crawler, db, urljoin(base, "robots.txt"), "robots")
    robots = Protego.parse(robots_text or "")
    crawler.obey(robots.crawl_delay(AGENT))
    found = Site([], robots, "sitemap")
    named = [*robots.sitemaps, urljoin(base, "sitemap.xml")]
    found.posts = await _from_sitemaps(list(dict.fromkeys(named)), crawler, db, found.notes)
    if not found.posts:
        found.via = "archive"
        found.posts = await _from_archive(base, crawler, db, found.notes)
    return found


async def read_document(crawler: Crawler, db: Database, url: str, kind: str) -> str | None:
    """The text of a robots.txt, sitemap or archive page, fetched conditionally (the text kept
    from the last run on a 304); None when the site has no such page (404, 410).

    robots.txt is read first: a site that does not answer at all raises `SourceError` there."""
    row = await db.run(load_page, key=url)
    cached = row is not None and row.body is not None
    headers = conditional_headers(row.etag, row.last_modified) if row and cached else {}
    try:
        fetched = await crawler.get(url, headers)
    except HttpStatusError as exc:
        if exc.status in GONE or (kind == "robots" and exc.status < 500):
            return None
        raise
    if fetched.status == 304 and row is not None and row.body is not None:
        return row.body
    text = _text(fetched.body)
    keep = len(text) <= KEEP_CHARS
    await db.run(
        save_page,
        page=BackfillPage(
            key=url,
            kind=kind,
            url=fetched.url or url,
            etag=fetched.headers.get("etag") if keep else None,
            last_modified=fetched.headers.get("last-modified") if keep else None,
            outcome="document",
            body=text if keep else None,
        ),
    )
    return text


async def _from_sitemaps(
    urls: list[str], crawler: Crawler, db: Database, notes: list[str]
) -> list[Post]:
    posts: dict[str, Post] = {}
    queue, seen = list(urls), set[str]()
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            text = await read_document(crawler, db, url, "sitemap")
        except SourceError as exc:
            notes.append(str(exc))
            continue
        if text is None:
            continue
        sitemap = _parse_sitemap(text)
        if isinstance(sitemap, AbstractIndexSitemap):
            queue += [sub.url for sub in sitemap.sub_sitemaps if isinstance(sub, InvalidSitemap)]
        for page in sitemap.all_pages():
            slug = post_slug(page.url)
            if slug is not None and slug not in posts:
                posts[slug] = Post(slug, page.url, _aware(page.last_modified))
    undated = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(posts.values(), key=lambda post: post.lastmod or undated)


async def _from_archive(base: str, crawler: Crawler, db: Database, notes: list[str]) -> list[Post]:
    posts: dict[str, Post] = {}
    for number in range(1, MAX_ARCHIVE_PAGES + 1):
        url = urljoin(base, f"archive?page={number}")
        try:
            text = await read_document(crawler, db, url, "archive")
        except SourceError as exc:
            notes.append(str(exc))
            break
        links = {post_slug(link): link for link in post_links(text or "", url)}
        new = [Post(slug, link) for slug, link in links.items() if slug and slug not in posts]
        if not new:
            break
        posts.update((post.slug, post) for post in new)
    return list(reversed(posts.values()))  # the archive lists the newest first


def _parse_sitemap(text: str) -> AbstractSitemap:
    """usp's reading of one sitemap; it logs what it cannot read as errors: quiet here."""
    logging.getLogger("usp").setLevel(logging.CRITICAL)
    return sitemap_from_str(text)


def _text(body: bytes) -> str:
    if body[:2] == b"\x1f\x8b":  # a gzipped sitemap (sitemap.xml.gz)
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as unpacked:
            body = unpacked.read(MAX_SOURCE_BYTES)
    return body.decode("utf-8", errors="replace")


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)
