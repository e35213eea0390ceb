"""Intake: what the feed poller and the backfill remember, and notices the admins got once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel

from storage.tables.base import time_field


class FeedState(SQLModel, table=True):
    """What the feed poller knows about FEED_URL between polls (migration 0003).

    `etag`/`last_modified` make the next request conditional; `item_digests` maps each item's
    link to a digest of its content, so an unchanged item is not rendered again; `failing_since`
    is set while the feed cannot be read (the admins were told once) and cleared when it works.
    """

    __tablename__ = "feed_state"

    url: str = Field(primary_key=True, max_length=2048)
    etag: str | None = Field(default=None, max_length=512)
    last_modified: str | None = Field(default=None, max_length=128)
    item_digests: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    polled_at: dt.datetime | None = time_field(nullable=True)
    succeeded_at: dt.datetime | None = time_field(nullable=True)
    failing_since: dt.datetime | None = time_field(nullable=True)
    last_error: str | None = Field(default=None, max_length=300)


class Notice(SQLModel, table=True):
    """A notice the admins got once (e.g. "nothing was sent at the slot of 3 Feb"), by key."""

    __tablename__ = "notice"

    key: str = Field(primary_key=True, max_length=128)
    created_at: dt.datetime = time_field()


class BackfillPage(SQLModel, table=True):
    """What the backfill knows about one page of a publication's site (migration 0012).

    `key` is `post:<slug>` for a post (a post is recognised by its slug, whatever host serves
    it), else the URL of a document the backfill reads to find the posts (robots.txt, a
    sitemap, an archive page). `etag`/`last_modified` make the next request conditional;
    `body` keeps a document's text for a 304 answer (posts keep none: their issue is stored).
    `outcome` is what happened last (`bot.publishing.backfill`: stored, known, not_issue, …),
    `detail` why, in German; `issue_id` the issue a post is stored as.
    """

    __tablename__ = "backfill_page"

    key: str = Field(primary_key=True, max_length=2048)
    kind: str = Field(max_length=16)
    url: str = Field(max_length=2048)
    etag: str | None = Field(default=None, max_length=512)
    last_modified: str | None = Field(default=None, max_length=128)
    outcome: str = Field(max_length=16)
    detail: str | None = Field(default=None, max_length=500)
    issue_id: int | None = Field(default=None)
    body: str | None = Field(default=None, sa_type=Text)
    checked_at: dt.datetime = time_field()
