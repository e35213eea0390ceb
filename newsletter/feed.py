"""RSS and Atom feeds: recognise one, pick the issue's item, return its body HTML and metadata.

The item's `<description>` is the subtitle only when it is one: a missing or empty description
gives none (feedparser copies the body into `summary` then).

The item is the newest one (by publication time; the first when no item is dated), or the one
whose link equals `link` (scheme, query, fragment and trailing slash ignored). feedparser reads
the feed from an in-memory stream (never a URL or path) and leaves the HTML alone: cleaning is
done by this package's own rules, so every form of input is cleaned the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import feedparser
from bs4 import BeautifulSoup

from newsletter.dates import parse_timestamp
from newsletter.errors import ParseError
from newsletter.inline import squash
from newsletter.meta import SourceMeta

# After optional XML declaration, comments, processing instructions and doctype: a feed root.
_FEED_START = re.compile(
    r"\A\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)
_XML_ROOT = re.compile(
    r"\A\s*<\?xml[^>]*\?>\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w:.-]*)",
    re.DOTALL | re.IGNORECASE,
)
_XML_ENCODING = re.compile(r"""\A(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def is_feed(text: str) -> bool:
    """True if `text` is an RSS, Atom or RDF document (judged by its root element)."""
    return _FEED_START.match(text[:8192]) is not None


def xml_root(text: str) -> str | None:
    """The root element's name of a document that starts with an XML declaration, else None."""
    match = _XML_ROOT.match(text[:8192])
    return match.group(1) if match else None


def read_feed(text: str, *, link: str | None = None) -> tuple[str, SourceMeta]:
    """Return the chosen item's body HTML and what the item says about the issue."""
    payload = _XML_ENCODING.sub(r"\1", text, count=1).encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(payload), sanitize_html=False, resolve_relative_uris=False)
    entries = list(parsed.entries)
    broken = (
        f" Der Feed ist kein wohlgeformtes XML ({squash(str(parsed.bozo_exception))})."
        if parsed.bozo
        else ""
    )
    if not entries:
        raise ParseError(f"Der Feed enthält keine Einträge (kein <item> bzw. <entry>).{broken}")
    entry = _by_link(entries, link) if link else _newest(entries)
    body = _body_of(entry)
    if not body.strip():
        title = entry.get("title") or entry.get("link") or "ohne Titel"
        raise ParseError(f"Der Feed-Eintrag „{title}“ hat keinen Inhalt.{broken}")
    return body, SourceMeta(
        title=entry.get("title"),
        subtitle=_plain(_description(entry, body)),
        author=entry.get("author"),
        byline=entry.get("author"),
        published=_published(entry),
        url=entry.get("link"),
        post=True,
    )


def _description(entry: Any, body: str) -> str | None:
    """The item's `<description>` when it is one besides the body: feedparser fills `summary`
    from `content:encoded` when the description is missing (then no `summary_detail` is set).
    """
    summary: str | None = entry.get("summary")
    if not summary or not entry.get("content"):
        return None
    if "summary_detail" not in entry or summary.strip() == body.strip():
        return None
    return summary


def _newest(entries: list[Any]) -> Any:
    newest, newest_at = entries[0], None
    for entry in entries:
        moment = _published(entry)
        if moment is not None and (newest_at is None or moment > newest_at):
            newest, newest_at = entry, moment
    return newest


def _by_link(entries: list[Any], link: str) -> Any:
    wanted = link_key(link)
    for entry in entries:
        candidates = [entry.get("link"), entry.get("id")]
        candidates += [item.get("href") for item in entry.get("links", [])]
        if any(c and link_key(c) == wanted for c in candidates):
            return entry
    raise ParseError(f"Kein Eintrag im Feed hat den Link {link}.")


def link_key(url: str) -> str:
    """Compare form of a link: host and path, without scheme, query, fragment, trailing slash."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


def _published(entry: Any) -> dt.datetime | None:
    for key in ("published", "updated", "created"):
        moment = parse_timestamp(entry.get(key))
        if moment is not None:
            return moment
        parsed = entry.get(f"{key}_parsed")
        if parsed is not None:
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
    return None


def _body_of(entry: Any) -> str:
    contents = list(entry.get("content") or [])
    contents.sort(key=lambda c: c.get("type", "") not in _HTML_TYPES)
    for content in contents:
        value: str = content.get("value") or ""
        if value.strip():
            return value
    summary: str = entry.get("summary") or ""
    return summary


def _plain(value: str | None) -> str | None:
    if not value:
        return None
    if "<" not in value:
        return value
    return BeautifulSoup(value, "lxml").get_text(" ", strip=True)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed as the poller sees it: its link, publication time and a digest of
    everything that shapes the issue (title, description, author, body)."""

    link: str
    published: dt.datetime | None
    digest: str


def feed_items(text: str) -> list[FeedItem]:
    """The feed's items that have a link, newest first (undated ones last, in feed order).

    Raises `ParseError` when `text` is not a feed or has no items.
    """
    parsed = _parsed(text)
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or entry.get("id")
        if not link:
            continue
        shape = [entry.get(k) or "" for k in ("title", "summary", "author")] + [_body_of(entry)]
        digest = hashlib.sha256("\x00".join(shape).encode()).hexdigest()
        items.append(FeedItem(link, _published(entry), digest))
    if not items:
        raise ParseError("Der Feed enthält keine Einträge (kein <item> bzw. <entry>).")
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(items, key=lambda item: item.published or oldest, reverse=True)


def channel_link(text: str) -> str | None:
    """The feed's own link (RSS `<channel><link>`, Atom `<link rel="alternate">`): the address
    of the publication's site; None when the feed names none."""
    parsed = _parsed(text)
    link = parsed.feed.get("link")
    return link.strip() if isinstance(link, str) and link.strip() else None


def _parsed(text: str) -> Any:
    """feedparser's reading of a feed; raises `ParseError` when `text` is no feed."""
    if not is_feed(text):
        raise ParseError("Das ist kein RSS- oder Atom-Feed.")
    payload = _XML_ENCODING.sub(r"\1", text, count=1).encode("utf-8")
    return feedparser.parse(io.BytesIO(payload), sanitize_html=False, resolve_relative_uris=False)
