"""The backfill: every post of the publication's site through the one ingest, politely, resumably.

`Backfill.run` finds the posts (`bot.publishing.site`), then fetches each post page through the
polite crawler (`bot.publishing.crawl`) and stores it through `store_reviewed`, as
`doppelbot ingest` would. What happened to each post is kept in `backfill_page` (its ETag and
Last-Modified, the outcome, the issue), written right after the post is handled, so:

- a killed run resumes: a post already stored is asked for conditionally and answers 304;
- a second run downloads nothing that did not change (conditional GET);
- an issue already stored (the same KW, from the feed, an upload, `doppelbot ingest`) is never
  stored again nor changed ("schon gespeichert"); a post the backfill stored that changed
  updates its issue, like an edited feed item (after its broadcast: a correction offer);
- a post that is gone (404, 410) or no issue (no KW: a job ad, an announcement) is skipped with
  its reason, a failure (after the crawler's tries) is listed; neither stops the run.

Old issues (of a week before this one) are stored as already reviewed: the admins get the run's
summary, not a preview per old issue, and the schedule never sends them (`bot.publishing.slot`).
An issue of this week is previewed like any new issue.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol
from urllib.parse import urlsplit

from sqlmodel import Session

from bot.database import Database
from bot.publishing.backfill_report import BackfillReport, Line
from bot.publishing.crawl import Crawler, Sleep
from bot.publishing.ingest import Ingested, store_reviewed
from bot.publishing.release import of_past_week
from bot.publishing.review import claim_current
from bot.publishing.site import GONE, Post, Site, discover
from bot.publishing.source import (
    Fetched,
    HttpStatusError,
    NoAnswer,
    SourceError,
    conditional_headers,
)
from newsletter.errors import ParseError
from newsletter.german import titled_label
from newsletter.issue import build_issue
from newsletter.model import Issue
from storage.backfill import issue_exists, load_page, save_page
from storage.issues import issue_id_for_key, issue_key
from storage.tables import BackfillPage

STORED, KNOWN, NOT_ISSUE, GONE_, FAILED = "stored", "known", "not_issue", "gone", "failed"
REUSABLE = frozenset({STORED, KNOWN, NOT_ISSUE})  # their validators make the next GET conditional
NO_ISSUE = "keine Ausgabe"
EXAMPLE_SITE = "https://doppelgaenger.beehiiv.com"

Turn = Callable[[], Awaitable[bool]]


class Progress(Protocol):
    """What shows the run's progress (the CLI's progress bar)."""

    def start(self, total: int) -> None:
        """The posts were found: `total` of them."""

    def advance(self, slug: str) -> None:
        """One more post was handled."""


class Stored(NamedTuple):
    """What `store_backfilled` did: the outcome (stored or known), the issue, the ingest."""

    outcome: str
    issue_id: int
    ingested: Ingested | None


@dataclass(slots=True)
class Backfill:
    """One run over `site` (`turn`: awaited before each post; False stops the run)."""

    site: str
    db: Database
    crawler: Crawler
    today: Callable[[], dt.date]
    since: dt.date | None = None
    turn: Turn | None = None
    progress: Progress | None = None

    async def run(self) -> BackfillReport:
        """Find the posts and handle each (see the module docstring); raise `SourceError` when
        the site cannot be reached at all."""
        found = await discover(self.site, self.crawler, self.db)
        report = BackfillReport(self.site, via=found.via, found=len(found.posts))
        report.failed += [Line("Sitemap", "nicht lesbar", note) for note in found.notes]
        if self.progress is not None:
            self.progress.start(len(found.posts))
        for post in found.posts:
            if self.turn is not None and not await self.turn():
                report.stopped = True
                break
            await self._post(post, found, report)
            if self.progress is not None:
                self.progress.advance(post.slug)
        return report

    async def _post(self, post: Post, site: Site, report: BackfillReport) -> None:
        before = f"vor dem {self.since:%d.%m.%Y}" if self.since else ""
        if self.since and post.lastmod and post.lastmod.date() < self.since:
            report.skipped.append(Line(post.slug, before))
            return
        if not site.allows(post.url):
            report.skipped.append(Line(post.slug, "von robots.txt ausgeschlossen"))
            return
        row = await self.db.run(load_page, key=f"post:{post.slug}")
        try:
            fetched = await self.crawler.get(post.url, await self._conditional(row))
        except SourceError as exc:
            gone = isinstance(exc, HttpStatusError) and exc.status in GONE
            line = Line(post.slug, "nicht mehr da" if gone else _why(exc), str(exc))
            (report.skipped if gone else report.failed).append(line)
            await self._save(post, row, GONE_ if gone else FAILED, detail=str(exc))
            return
        if fetched.status == 304 and row is not None:
            if row.outcome == NOT_ISSUE:
                report.skipped.append(Line(post.slug, NO_ISSUE, row.detail or ""))
            else:
                report.unchanged += 1
            return
        await self._ingest(post, row, fetched, report)

    async def _ingest(
        self, post: Post, row: BackfillPage | None, fetched: Fetched, report: BackfillReport
    ) -> None:
        issue: Issue | None = None
        try:
            issue = await asyncio.to_thread(build_issue, fetched.body, link=post.url)
            why = f"„{issue.meta.title}“ hat keine KW" if issue.meta.week is None else ""
        except ParseError as exc:
            why = str(exc)
        if issue is None or why:
            report.skipped.append(Line(post.slug, NO_ISSUE, why))
            await self._save(post, row, NOT_ISSUE, fetched=fetched, detail=why)
            return
        if self.since and issue.meta.date and issue.meta.date < self.since:
            report.skipped.append(Line(post.slug, f"vor dem {self.since:%d.%m.%Y}"))
            return
        mine = row.issue_id if row is not None and row.outcome == STORED else None
        stored = await self.db.run(store_backfilled, issue=issue, mine=mine, today=self.today())
        _count(report, post, issue, stored)
        await self._save(post, row, stored.outcome, fetched=fetched, issue_id=stored.issue_id)

    async def _conditional(self, row: BackfillPage | None) -> dict[str, str]:
        if row is None or row.outcome not in REUSABLE:
            return {}
        if row.issue_id is not None and not await self.db.run(issue_exists, issue_id=row.issue_id):
            return {}
        return conditional_headers(row.etag, row.last_modified)

    async def _save(
        self,
        post: Post,
        row: BackfillPage | None,
        outcome: str,
        *,
        fetched: Fetched | None = None,
        detail: str | None = None,
        issue_id: int | None = None,
    ) -> None:
        headers = fetched.headers if fetched is not None else {}
        page = BackfillPage(
            key=f"post:{post.slug}",
            kind="post",
            url=(fetched.url if fetched is not None else "") or post.url,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            outcome=outcome,
            detail=detail or None,
            issue_id=issue_id if issue_id is not None else (row.issue_id if row else None),
        )
        await self.db.run(save_page, page=page)


async def backfill_site(
    site: str,
    db: Database,
    *,
    rate: float,
    today: Callable[[], dt.date],
    since: dt.date | None = None,
    turn: Turn | None = None,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Sleep = asyncio.sleep,
) -> BackfillReport:
    """Run one backfill of `site` with a crawler of its own at `rate` requests a second
    (`clock` and `sleep` pace it)."""
    crawler = Crawler(rate=rate, clock=clock, sleep=sleep)
    try:
        run = Backfill(site, db, crawler, today, since=since, turn=turn, progress=progress)
        return await run.run()
    finally:
        crawler.close()


def site_address(text: str) -> str:
    """The publication's address as `scheme://host` (`https://` when none is given); raise
    `SourceError` for anything that is not an http(s) address."""
    value = text.strip()
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise SourceError(f"Keine Adresse einer Publikation: {text!r} (z. B. {EXAMPLE_SITE})")
    return f"{parts.scheme}://{parts.netloc}"


def store_backfilled(*, session: Session, issue: Issue, mine: int | None, today: dt.date) -> Stored:
    """Store `issue` unless another path stored its KW (`mine`: the issue this post was stored
    as before); an issue of a past week that was never broadcast counts as reviewed."""
    existing = issue_id_for_key(session=session, key=issue_key(issue.meta))
    if existing is not None and existing != mine:
        return Stored(KNOWN, existing, None)
    ingested = store_reviewed(session=session, issue=issue)
    meta = issue.meta
    if not ingested.broadcast and of_past_week(meta.week, meta.year, meta.date, today):
        claim_current(session=session, issue_id=ingested.stored.id)
    return Stored(STORED, ingested.stored.id, ingested)


def _count(report: BackfillReport, post: Post, issue: Issue, stored: Stored) -> None:
    label = titled_label(issue.meta)
    if stored.ingested is None:
        report.skipped.append(Line(post.slug, "schon gespeichert", label))
        return
    if not stored.ingested.stored.changed:
        report.unchanged += 1
        return
    (report.stored if stored.ingested.stored.created else report.updated).append(label)
    report.warned += [Line(post.slug, label, warning) for warning in issue.warnings]


def _why(exc: SourceError) -> str:
    if isinstance(exc, HttpStatusError):
        return f"HTTP {exc.status}"
    return "keine Antwort" if isinstance(exc, NoAnswer) else "Abruf fehlgeschlagen"
