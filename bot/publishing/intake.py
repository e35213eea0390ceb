"""An admin's upload or link in Telegram, ingested like a feed item (same checks, same preview).

Files: `.html`, `.htm` or `.xml` (a web post page, a feed or a fragment) up to the 20 MB Telegram
lets bots download; the size is checked before anything is downloaded. Links: a beehiiv post or
feed URL, fetched like `doppelbot ingest URL`. Each function returns the one-line summary of
`bot.publishing.ingest.ingest_summary`, or raises `IntakeError` with a German line (nothing is
stored).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.database import Database
from bot.publishing import texts
from bot.publishing.ingest import ingest_summary, store_reviewed
from bot.publishing.source import SourceError, read_source
from bot.runtime.offload import in_worker
from newsletter.decoding import decode_input
from newsletter.errors import ParseError
from newsletter.feed import is_feed
from newsletter.issue import build_issue

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # what Telegram lets a bot download
FILE_SUFFIXES = (".html", ".htm", ".xml")
FILE_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/xml", "application/xml", "application/rss+xml",
     "application/atom+xml"}
)  # fmt: skip


class IntakeError(Exception):
    """The upload or link cannot be ingested; the message is one German line."""


def check_upload(file_name: str | None, mime_type: str | None, size: int | None) -> None:
    """Refuse a file that is not an issue's type or is too large to download."""
    name = (file_name or "").lower()
    if not name.endswith(FILE_SUFFIXES) and (mime_type or "").lower() not in FILE_TYPES:
        raise IntakeError(texts.WRONG_FILE_TYPE)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise IntakeError(texts.file_too_big(MAX_UPLOAD_BYTES // (1024 * 1024)))


async def ingest_upload(db: Database, download: Callable[[], Awaitable[bytes]]) -> str:
    """Download the checked file and ingest it."""
    return await ingest_bytes(db, await download())


async def ingest_link(db: Database, url: str) -> str:
    """Fetch a post or feed URL and ingest it (a feed: its newest item, or the one `url` names)."""
    try:
        data = await asyncio.to_thread(read_source, url)
    except SourceError as exc:
        raise IntakeError(texts.not_an_issue(str(exc))) from None
    try:
        is_a_feed = is_feed(decode_input(data))
    except ParseError as exc:
        raise IntakeError(texts.not_an_issue(str(exc))) from None
    return await ingest_bytes(db, data, link=None if is_a_feed else url)


async def ingest_bytes(db: Database, data: bytes, *, link: str | None = None) -> str:
    """Render `data` and store it through the one ingest path; return the summary line."""
    try:
        issue = await in_worker(build_issue, data, link=link)  # never on the event loop
    except ParseError as exc:
        raise IntakeError(texts.not_an_issue(str(exc))) from None
    ingested = await db.run(store_reviewed, issue=issue)
    return ingest_summary(issue, ingested)
