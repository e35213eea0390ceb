"""The backfill against a beehiiv-like site on 127.0.0.1 (`beehiiv_site`): every issue stored
once through ingest, skipped and failed posts listed with their reasons, robots.txt's
Crawl-delay and a 503's Retry-After obeyed on a fake clock, a second run of only 304s, a changed
post updating its issue, an issue from the feed left alone, the archive pages without sitemaps."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select

from bot.database import Database
from bot.publishing.backfill import Backfill, site_address
from bot.publishing.crawl import Crawler
from bot.publishing.ingest import load_issue, store_reviewed
from bot.publishing.source import SourceError
from storage.issues import get_issue
from storage.issues import load_issue as load_stored
from storage.review import unreviewed_issues
from storage.tables import IssueRecord
from tests.bot.publishing.beehiiv_site import BeehiivSite, fixture_posts, synthetic_post
from tests.conftest import FIXTURES
from tests.fakes.clock import FakeClock

LATER = dt.date(2025, 6, 2)  # "today": every issue of the site is of a past week
KW7 = "kw7-zoelle-zahlen-und-ein-zitat"
KW8 = "kw8-der-mittelstand-und-die-ki"


@pytest.fixture
def db(engine: Engine) -> Database:
    return Database(engine)


def site(**options: object) -> BeehiivSite:
    posts = {"kw10-fruehe-ausgabe": synthetic_post(10, 2024, headings=False), **fixture_posts()}
    return BeehiivSite(posts, **options)  # type: ignore[arg-type]


async def backfill(
    served: BeehiivSite,
    db: Database,
    clock: FakeClock | None = None,
    *,
    today: dt.date = LATER,
    rate: float = 100.0,
    **options: object,
):
    clock = clock or FakeClock()
    crawler = Crawler(rate=rate, clock=clock, sleep=clock.sleep)
    try:
        run = Backfill(served.url, db, crawler, lambda: today, **options)  # type: ignore[arg-type]
        return await run.run()
    finally:
        crawler.close()


def issue_count(db: Database) -> int:
    with db.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(IssueRecord)).scalar_one()


async def test_every_issue_is_stored_once_and_every_other_post_is_listed_with_why(db) -> None:
    clock = FakeClock()
    with site(crawl_delay="2", gone={"alt-und-weg"}, busy_once={KW7}, retry_after="3") as served:
        report = await backfill(served, db, clock)
        requests = list(served.requests)
    assert report.summary() == (
        f"Backfill {served.url}: 6 Beiträge gefunden (Sitemap), 4 gespeichert, 0 unverändert, "
        "2 übersprungen (1 keine Ausgabe, 1 nicht mehr da), 0 fehlgeschlagen"
    )
    assert sorted(report.stored) == [
        "KW10 - Woche 10 im Rückblick",
        "KW6 - Der Drache erwacht (Oder schlafen wir nur?)",
        "KW7 - Zölle, Zahlen und ein Zitat",
        "KW8 - Der Mittelstand und die KI",
    ]
    details = report.details()
    assert details[:2] == [
        "  übersprungen wir-suchen-verstaerkung: keine Ausgabe – „Shipping small, shipping "
        "often“ hat keine KW",
        f"  übersprungen alt-und-weg: nicht mehr da – Abruf fehlgeschlagen: HTTP 404 für "
        f"{served.url}/p/alt-und-weg",
    ]
    assert f"  Warnung {KW8} (KW8 - Der Mittelstand und die KI): Eingebettetes Video" in (
        "\n".join(details)
    )
    assert issue_count(db) == 4
    assert await db.run(unreviewed_issues) == []  # old issues: a summary, no preview each
    # Politeness: one User-Agent naming Doppelbot; Crawl-delay 2 s between requests (rate 100/s
    # would allow 0.01 s); the 503 waited its Retry-After of 3 s and was asked again once.
    assert {r.headers["User-Agent"] for r in requests} == {
        "Doppelbot/0.1 (+https://github.com/doppelbot)"
    }
    assert [r.status for r in requests if r.path == f"/p/{KW7}"] == [503, 200]
    assert clock.slept.count(3.0) == 1 and set(clock.slept) == {2.0, 3.0}
    assert len(clock.slept) == len(requests) - 1  # every request but the first waited


async def test_an_early_issue_of_another_shape_is_stored_searchable_not_dropped(db) -> None:
    with site() as served:
        await backfill(served, db)
    with db.engine.connect() as connection:
        early = connection.execute(
            select(IssueRecord.id).where(IssueRecord.week == 10, IssueRecord.year == 2024)
        ).scalar_one()
    issue = await db.run(get_issue, issue_id=early)
    assert issue.title == "KW10 - Woche 10 im Rückblick"
    stored = await db.run(load_stored, issue_id=early)
    text = "\n".join(m.text for s in stored.sections for m in s.messages)
    assert "Das Thema der Kalenderwoche 10 im Jahr 2024" in text
    assert "Meldung 10" in text


async def test_a_second_run_downloads_nothing_that_did_not_change(db) -> None:
    with site(gone={"alt-und-weg"}) as served:
        await backfill(served, db)
        served.requests.clear()
        report = await backfill(served, db)
        statuses = {r.path: r.status for r in served.requests}
    assert report.stored == [] and report.unchanged == 4
    assert [line.why for line in report.skipped] == ["keine Ausgabe", "nicht mehr da"]
    assert {path: status for path, status in statuses.items() if status != 304} == {
        "/p/alt-und-weg": 404
    }
    assert issue_count(db) == 4


async def test_a_changed_post_updates_its_issue_like_an_edited_feed_item(db) -> None:
    with site() as served:
        await backfill(served, db)
        served.posts[KW8] = served.posts[KW8].replace(
            b'id="content-blocks">',
            b'id="content-blocks"><p class="paragraph">Korrigiert: ein Nachtrag.</p>',
        )
        report = await backfill(served, db)
    assert report.updated == ["KW8 - Der Mittelstand und die KI"] and report.unchanged == 3
    assert issue_count(db) == 4
    with db.engine.connect() as connection:
        kw8 = connection.execute(select(IssueRecord.id).where(IssueRecord.week == 8)).scalar_one()
    stored = await db.run(load_stored, issue_id=kw8)
    assert "Korrigiert: ein Nachtrag." in stored.sections[0].messages[0].text
    assert await db.run(unreviewed_issues) == []  # an old issue, never sent: no preview


async def test_an_issue_stored_from_the_feed_is_neither_stored_again_nor_changed(db) -> None:
    feed_issue = load_issue(str(FIXTURES / "kw06-2025.rss.xml"))
    stored = (await db.run(store_reviewed, issue=feed_issue)).stored
    before = (await db.run(get_issue, issue_id=stored.id)).content_hash
    with site() as served:
        report = await backfill(served, db)
        again = await backfill(served, db)
    assert [(x.slug, x.why) for x in report.skipped if x.why == "schon gespeichert"] == [
        ("kw6-der-drache-erwacht", "schon gespeichert")
    ]
    assert (await db.run(get_issue, issue_id=stored.id)).content_hash == before
    assert issue_count(db) == 4 and again.unchanged == 4


async def test_without_a_sitemap_the_archive_pages_are_read(db) -> None:
    with site(sitemaps=False) as served:
        report = await backfill(served, db)
        archive = [r.path for r in served.requests if r.path.startswith("/archive")]
    assert report.via == "archive" and report.found == 5 and len(report.stored) == 4
    assert archive == ["/archive?page=1", "/archive?page=2", "/archive?page=3"]
    assert "(Archivseiten)" in report.summary()


async def test_since_leaves_older_posts_out(db) -> None:
    with site() as served:
        report = await backfill(served, db, since=dt.date(2025, 2, 10))
    assert sorted(report.stored) == [
        "KW7 - Zölle, Zahlen und ein Zitat",
        "KW8 - Der Mittelstand und die KI",
    ]
    assert sorted(x.slug for x in report.skipped if x.why == "vor dem 10.02.2025") == [
        "kw10-fruehe-ausgabe",
        "kw6-der-drache-erwacht",
    ]


async def test_an_issue_of_this_week_is_previewed_like_any_new_issue(db) -> None:
    with site() as served:
        await backfill(served, db, today=dt.date(2025, 2, 19))  # Wednesday of KW8
    assert [issue.week for issue in await db.run(unreviewed_issues)] == [8]


async def test_a_run_stops_when_its_turn_says_so(db) -> None:
    turns = iter([True, True, False])

    async def turn() -> bool:
        return next(turns)

    with site() as served:
        report = await backfill(served, db, turn=turn)
    assert report.stopped and report.done == 2
    assert report.summary().endswith("– abgebrochen nach 2 von 5")


async def test_a_site_that_does_not_answer_is_one_german_line(db) -> None:
    from tests.bot.served_files import closed_port

    class Nowhere:
        url = f"http://127.0.0.1:{closed_port()}"

    with pytest.raises(SourceError, match=r"keine Verbindung zu http://127\.0\.0\.1:\d+/robots"):
        await backfill(Nowhere(), db)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "address"),
    [
        ("https://doppelgaenger.beehiiv.com", "https://doppelgaenger.beehiiv.com"),
        ("doppelgaenger.beehiiv.com/", "https://doppelgaenger.beehiiv.com"),
        ("https://update.doppelgaenger.io/p/kw8", "https://update.doppelgaenger.io"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ],
)
def test_the_site_is_the_publications_address(given: str, address: str) -> None:
    assert site_address(given) == address


@pytest.mark.parametrize("given", ["ftp://example.com", "https://", "zwei worte"])
def test_anything_else_is_no_site(given: str) -> None:
    with pytest.raises(SourceError, match="Keine Adresse einer Publikation"):
        site_address(given)
