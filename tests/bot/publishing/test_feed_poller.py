"""Feed intake: a local HTTP server serves a feed that changes between polls (new item, edited
item, 304, 500, garbage); the poller stores exactly what it should and tells the admins once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select

from bot.database import Database
from bot.publishing.feed import FeedPoller
from bot.publishing.source import SourceError
from storage.db import make_engine
from storage.issues import get_issue, latest_issue
from storage.tables import IssueRecord
from tests.bot.feeds import FeedServer, feed, item, serve_feed

NOW = dt.datetime(2025, 2, 10, 6, 30, tzinfo=dt.UTC)


@pytest.fixture
def db(sqlite_template: Engine) -> Database:
    engine = make_engine("sqlite://")
    with sqlite_template.connect() as source, engine.connect() as target:
        source.connection.driver_connection.backup(target.connection.driver_connection)
    yield Database(engine)
    engine.dispose()


class Admins:
    def __init__(self) -> None:
        self.told: list[str] = []

    async def __call__(self, text: str) -> None:
        self.told.append(text)


def keys(db: Database) -> list[str]:
    with db.engine.connect() as connection:
        return list(connection.scalars(select(IssueRecord.key).order_by(IssueRecord.key)))


def count(db: Database) -> int:
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(IssueRecord)) or 0


@pytest.fixture
def served():
    server = FeedServer(body=feed(item(7), item(6), item(5)))
    with serve_feed(server) as running:
        yield running


async def test_the_first_poll_of_a_fresh_installation_stores_the_newest_issue_only(
    db, served
) -> None:
    admins = Admins()
    result = await FeedPoller(served.url, db, admins, now=lambda: NOW).poll()
    assert result.error is None and [r.stored.key for r in result.stored] == ["2025-KW07"]
    assert keys(db) == ["2025-KW07"] and admins.told == []
    assert served.requests == [(None, None)]


async def test_an_unchanged_feed_is_a_304_and_stores_nothing(db, served) -> None:
    poller = FeedPoller(served.url, db, Admins(), now=lambda: NOW)
    await poller.poll()
    result = await poller.poll()
    assert result.not_modified and result.stored == []
    assert served.requests[-1] == (served.etag, "Mon, 03 Feb 2025 05:00:00 GMT")
    assert count(db) == 1


async def test_a_new_item_is_stored_and_old_history_is_not(db, served) -> None:
    poller = FeedPoller(served.url, db, Admins(), now=lambda: NOW)
    await poller.poll()
    served.body = feed(item(8), item(7), item(6), item(5))
    result = await poller.poll()
    assert [r.stored.key for r in result.stored] == ["2025-KW08"]
    assert [r.stored.created for r in result.stored] == [True]
    assert keys(db) == ["2025-KW07", "2025-KW08"]


async def test_an_edited_item_replaces_the_stored_issue_in_place(db, served) -> None:
    poller = FeedPoller(served.url, db, Admins(), now=lambda: NOW)
    first = (await poller.poll()).stored[0].stored
    served.body = feed(item(7, lead="Korrigiert: "), item(6), item(5))
    [again] = (await poller.poll()).stored
    assert (again.stored.id, again.stored.created, again.stored.changed) == (first.id, False, True)
    assert not again.broadcast
    assert count(db) == 1
    issue = db.run_sync(get_issue, issue_id=first.id)
    assert issue.content_hash != issue.reviewed_hash  # the admins get a fresh preview


async def test_a_failing_feed_is_reported_once_and_its_recovery_once(db, served) -> None:
    admins = Admins()
    poller = FeedPoller(served.url, db, admins, now=lambda: NOW)
    await poller.poll()
    served.status, served.error_body = 500, b"oops"
    first = await poller.poll()
    assert first.error == f"Abruf fehlgeschlagen: HTTP 500 für {served.url}"
    await poller.poll()
    served.status, served.body = 200, "<html>Wartungsarbeiten</html>"
    garbage = await poller.poll()
    assert garbage.error == "Das ist kein RSS- oder Atom-Feed."
    served.body = feed()
    assert "keine Einträge" in (await poller.poll()).error
    assert len(admins.told) == 1 and "Der Feed ist nicht lesbar" in admins.told[0]
    served.body = feed(item(8), item(7))
    result = await poller.poll()
    assert result.error is None and [r.stored.key for r in result.stored] == ["2025-KW08"]
    assert admins.told[1] == f"✅ Der Feed geht wieder: {served.url}"
    await poller.poll()
    assert len(admins.told) == 2


async def test_a_slow_or_unreachable_feed_is_retried_at_the_next_interval(db) -> None:
    calls: list[str] = []

    def timing_out(url: str, **_: object):
        calls.append(url)
        raise SourceError(f"Zeitüberschreitung beim Abruf von {url}")

    admins = Admins()
    poller = FeedPoller("https://example.org/feed", db, admins, fetcher=timing_out)
    assert (await poller.poll()).error.startswith("Zeitüberschreitung")
    assert (await poller.poll()).error.startswith("Zeitüberschreitung")
    assert len(calls) == 2 and len(admins.told) == 1 and count(db) == 0


async def test_an_item_that_is_not_an_issue_is_skipped_not_stored(db, served) -> None:
    served.body = feed(
        item(7).replace("<content:encoded><![CDATA[", "<content:encoded><![CDATA[x", 1)
    )
    poller = FeedPoller(served.url, db, Admins(), now=lambda: NOW)
    await poller.poll()
    broken = "<item><title>Leer</title><link>https://doppelgaenger.beehiiv.com/p/leer</link>"
    broken += "<pubDate>Mon, 17 Feb 2025 05:00:00 +0000</pubDate><description></description></item>"
    served.body = feed(broken, item(7))
    result = await poller.poll()
    assert result.skipped == ["https://doppelgaenger.beehiiv.com/p/leer"]
    assert result.error is None and count(db) == 1
    assert db.run_sync(latest_issue).key == "2025-KW07"
