"""The automatic backfill of the leader (FEED_URL, BACKFILL=auto): the site from the feed's link,
once for good, the admins told when it is done; it waits while a broadcast runs, stops when the
instance loses the lead and resumes at the next election. Time is a fake clock."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from bot.database import Database
from bot.publishing import jobs
from bot.publishing.auto_backfill import DONE, YIELD_PAUSE, AutoBackfill
from storage.notices import noted
from tests.bot.broadcast_fixtures import settings
from tests.bot.publishing.beehiiv_site import BeehiivSite, fixture_posts
from tests.fakes.clock import FakeClock

NOW = dt.datetime(2025, 6, 2, 8, tzinfo=dt.UTC)


@pytest.fixture
def db(engine: Engine) -> Database:
    return Database(engine)


class Admins:
    def __init__(self) -> None:
        self.told: list[str] = []

    async def __call__(self, text: str) -> None:
        self.told.append(text)


def auto(db: Database, feed: str, admins: Admins, **options: object) -> AutoBackfill:
    clock = FakeClock()
    values: dict[str, object] = {
        "busy": lambda: False,
        "leading": lambda: True,
        "now": lambda: NOW,
        "sleep": clock.sleep,
        "clock": clock,
        "start_delay": 0.0,
    }
    values.update(options)
    return AutoBackfill(settings(feed_url=feed), db, admins, **values)  # type: ignore[arg-type]


async def test_the_leader_backfills_the_feeds_site_once_and_tells_the_admins(db) -> None:
    admins = Admins()
    with BeehiivSite(fixture_posts()) as site:
        report = await auto(db, f"{site.url}/feed", admins).run()
        site.requests.clear()
        again = await auto(db, f"{site.url}/feed", admins).run()
        requests_again = list(site.requests)
    assert report is not None and len(report.stored) == 3 and again is None
    assert requests_again == []  # done for good: not even the feed is asked
    assert admins.told == [report.for_admins()]
    assert admins.told[0].startswith(
        f"📚 Archiv nachgeladen. Backfill {site.url}: 4 Beiträge gefunden (Sitemap), "
        "3 gespeichert, 0 unverändert, 1 übersprungen (1 keine Ausgabe), 0 fehlgeschlagen\n"
        "  übersprungen wir-suchen-verstaerkung: keine Ausgabe"
    )
    assert await db.run(noted, key=DONE)


async def test_it_waits_while_a_broadcast_runs_and_stops_when_no_longer_leader(db) -> None:
    admins = Admins()
    busy = iter([True, True, False])
    leader = iter([True] * 4 + [False] * 10)  # three looks on the first post, one on the next
    options = {"busy": lambda: next(busy, False), "leading": lambda: next(leader)}
    with BeehiivSite(fixture_posts()) as site:
        first = auto(db, f"{site.url}/feed", admins, **options)
        report = await first.run()
        assert report is not None and report.stopped and 0 < report.done < 4
        assert first.sleep.__self__.slept.count(YIELD_PAUSE) == 2  # type: ignore[attr-defined]
        assert admins.told == [] and not await db.run(noted, key=DONE)
        resumed = await auto(db, f"{site.url}/feed", admins).run()
    assert resumed is not None and not resumed.stopped
    assert resumed.unchanged == report.done - len(report.skipped) and len(admins.told) == 1


async def test_a_feed_without_its_sites_address_is_told_and_tried_again_later(db) -> None:
    from tests.bot.served_files import Answer, serve

    admins = Admins()
    feed = b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>"
    with serve({"/feed": Answer(feed)}) as served:
        assert await auto(db, f"{served.url}/feed", admins).run() is None
    assert admins.told == [
        f"📚 Archiv nicht nachgeladen: Der Feed {served.url}/feed nennt keine Adresse seiner "
        "Seite (<link>). (neuer Versuch beim Neustart)"
    ]
    assert not await db.run(noted, key=DONE)


@pytest.mark.parametrize(
    ("options", "scheduled"),
    [
        ({"feed_url": "https://x.example/feed"}, True),
        ({"feed_url": "https://x.example/feed", "backfill": "OFF"}, False),
        ({}, False),
    ],
)
def test_the_backfill_job_runs_on_election_with_a_feed_unless_off(options, scheduled) -> None:
    found = [job for job in jobs.jobs(settings(**options)) if job.name == "backfill"]
    assert bool(found) is scheduled
    assert all(job.on_election and job.every is None for job in found)


def test_backfill_is_auto_or_off() -> None:
    from bot.config import ConfigError, load_settings

    assert settings().backfill == "auto"
    with pytest.raises(ConfigError, match="BACKFILL: erwartet auto oder off, nicht 'immer'"):
        load_settings(_env_file=None, backfill="immer")


async def test_the_bot_runs_one_backfill_at_a_time_and_stops_it_at_shutdown(db) -> None:
    from bot.broadcast.service import BroadcastService
    from bot.publishing.duty import Publishing

    configured = settings(feed_url="http://127.0.0.1:9/feed")
    publishing = Publishing(configured, db, BroadcastService(configured, db))
    assert publishing.start_backfill(object(), lambda: True)  # type: ignore[arg-type]
    assert not publishing.start_backfill(object(), lambda: True)  # type: ignore[arg-type]
    task = publishing.backfill
    await publishing.stop_backfill()  # it was waiting for the feed's first poll
    assert task is not None and task.cancelled()
    assert publishing.start_backfill(object(), lambda: True)  # type: ignore[arg-type]
    await publishing.stop_backfill()


async def test_it_waits_for_the_feeds_first_poll_a_minute_at_most(db) -> None:
    with BeehiivSite(fixture_posts()) as site:
        waiting = auto(db, f"{site.url}/feed", Admins(), start_delay=60.0)
        await waiting.run()
    slept = waiting.sleep.__self__.slept  # type: ignore[attr-defined]
    assert slept[:30] == [2.0] * 30 and 2.0 not in slept[30:]  # then one request a second


async def test_after_the_feeds_first_poll_it_starts_at_once(db) -> None:
    from storage.feed_state import save_feed_state
    from storage.tables import FeedState

    with BeehiivSite(fixture_posts()) as site:
        feed = f"{site.url}/feed"
        await db.run(save_feed_state, state=FeedState(url=feed, polled_at=NOW))
        polled = auto(db, feed, Admins(), start_delay=60.0)
        await polled.run()
    assert 2.0 not in polled.sleep.__self__.slept  # type: ignore[attr-defined]
