"""Feed intake: FEED_URL polled every FEED_INTERVAL, new and changed items stored through ingest.

Each poll is a conditional GET (ETag / Last-Modified: an unchanged feed costs a 304). Every
item carries a digest of what shapes its issue; an item whose digest changed is rendered and
stored again (the same KW replaces the stored issue in place: before its broadcast that is a
replacement, after it a correction). An item never seen before is stored when it is newer than
the newest stored issue; on a fresh installation (nothing stored yet) only the newest item is,
never the whole history, and discovering an old issue never sends it (see `slot`). A feed that
is down, slow, not XML or empty is tried again at the next interval; the admins are told once
when it starts failing and once when it works again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.database import Database
from bot.publishing import texts
from bot.publishing.ingest import Ingested, store_reviewed
from bot.publishing.source import Fetched, SourceError, conditional_headers, fetch
from bot.runtime.metrics import FEED_LAST_SUCCESS
from bot.runtime.offload import in_worker
from newsletter.dates import berlin_date
from newsletter.decoding import decode_input
from newsletter.errors import ParseError
from newsletter.feed import FeedItem, feed_items
from newsletter.issue import build_issue
from storage.feed_state import load_feed_state, save_feed_state
from storage.issues import latest_issue
from storage.tables import FeedState
from storage.tables.timestamps import utcnow

log = logging.getLogger(__name__)

Notify = Callable[[str], Awaitable[None]]
Fetch = Callable[..., Fetched]


@dataclass(slots=True)
class PollResult:
    """What one poll did: `stored` the ingest results, `skipped` items that are no issue,
    `error` why the feed could not be read (None when it could), `not_modified` on a 304."""

    stored: list[Ingested] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None
    not_modified: bool = False


class FeedPoller:
    """Polls one feed URL; `poll` is called by the job every FEED_INTERVAL."""

    def __init__(
        self,
        url: str,
        db: Database,
        notify: Notify,
        *,
        fetcher: Fetch = fetch,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.url, self.db, self.notify = url, db, notify
        self.fetcher, self.now = fetcher, now

    async def poll(self) -> PollResult:
        """Fetch the feed once and store what is new or changed (see the module docstring)."""
        state = await self.db.run(load_feed_state, url=self.url)
        state.polled_at = self.now()
        try:
            headers = conditional_headers(state.etag, state.last_modified)
            fetched = await asyncio.to_thread(self.fetcher, self.url, headers=headers)
            result = PollResult(not_modified=fetched.status == 304)
            if not result.not_modified:
                text = decode_input(fetched.body)
                items = feed_items(text)
                state.etag = fetched.headers.get("etag")
                state.last_modified = fetched.headers.get("last-modified")
                await self._ingest(state, text, items, result)
        except (SourceError, ParseError) as exc:
            await self._failing(state, str(exc))
            return PollResult(error=str(exc))
        await self._working(state)
        return result

    async def _ingest(
        self, state: FeedState, text: str, items: list[FeedItem], result: PollResult
    ) -> None:
        newest = await self.db.run(latest_issue)
        newest_date = newest.date if newest is not None else None
        seen, digests = dict(state.item_digests), {}
        for item in items:
            digests[item.link] = item.digest
            if seen.get(item.link) == item.digest:
                continue
            fresh = newest is None and not result.stored
            newer = item.published is not None and (
                newest_date is None or berlin_date(item.published) > newest_date
            )
            if item.link in seen or fresh or (newest is not None and newer):
                await self._store(text, item, result)
        state.item_digests = digests

    async def _store(self, text: str, item: FeedItem, result: PollResult) -> None:
        try:
            issue = await in_worker(build_issue, text, link=item.link)
        except ParseError as exc:
            log.info("feed item is no issue: %s", exc)
            result.skipped.append(item.link)
            return
        result.stored.append(await self.db.run(store_reviewed, issue=issue))

    async def _failing(self, state: FeedState, error: str) -> None:
        state.last_error = error
        first = state.failing_since is None
        if first:
            state.failing_since = state.polled_at
        await self.db.run(save_feed_state, state=state)
        if first:
            await self.notify(texts.feed_failing(self.url, error))

    async def _working(self, state: FeedState) -> None:
        recovered = state.failing_since is not None
        state.failing_since, state.last_error = None, None
        state.succeeded_at = state.polled_at
        await self.db.run(save_feed_state, state=state)
        if state.succeeded_at is not None:
            FEED_LAST_SUCCESS.set(state.succeeded_at.timestamp())
        if recovered:
            await self.notify(texts.feed_recovered(self.url))
