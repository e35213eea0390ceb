"""/latest and /archive: the newest issue as subscribers get it, listing, paging, opening."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, delete

from newsletter.local_earnings import localize_earnings
from newsletter.model import Issue
from storage.db import session_scope
from storage.tables import IssueRecord
from tests.handlers.conftest import store
from tests.handlers.harness import Harness, buttons
from tests.storage.factories import issue as make_issue


def _fill_archive(engine: Engine, weeks: range, year: int = 2024) -> dict[int, int]:
    """Store one small issue per week; return {week: issue id}."""
    return {week: store(engine, make_issue(week, year)) for week in weeks}


def _expected(issue: Issue) -> list[str]:
    """The issue's texts as a Berlin reader gets them: the earnings section with clock times."""
    berlin = ZoneInfo("Europe/Berlin")
    return [
        m.text
        for s in issue.sections
        for m in (
            localize_earnings(s.messages, issue.earnings, berlin)
            if s.kind == "earnings"
            else s.messages
        )
    ]


async def test_latest_sends_every_message_of_the_newest_issue_as_stored(
    bot: Harness, kw06: Issue
) -> None:
    _fill_archive(bot.engine, range(40, 43))  # older issues
    await bot.send("/latest")
    sent = bot.sent()
    assert [m.text for m in sent] == _expected(kw06)
    assert [m.method for m in sent].count("sendPhoto") == 1
    texts = [m for m in sent if m.method == "sendMessage"]
    params = bot.request.calls_to("sendMessage")
    assert all(p["link_preview_options"] == {"is_disabled": True} for p in params)
    assert texts[0].entities  # entities, never parse_mode
    assert not bot.request.violations


async def test_latest_paces_its_messages_for_the_chat(bot: Harness, kw06: Issue) -> None:
    await bot.send("/latest")
    assert len(bot.pace_clock.slept) == len(kw06.messages) - 3  # a burst of 3, then ~1/s
    assert all(0.9 < s <= 1.2 for s in bot.pace_clock.slept)


async def test_latest_without_issues_names_the_first_delivery(bot: Harness) -> None:
    await bot.send("/latest")
    assert bot.texts() == [
        "Hier ist noch keine Ausgabe. Die erste kommt: Montag, 10. Februar, 07:00 Uhr."
    ]


async def test_photo_telegram_cannot_fetch_goes_out_as_its_caption(
    bot: Harness, kw06: Issue
) -> None:
    from bot.simulator import rules

    bot.request.fail_for(4242, rules.bad_request("wrong file identifier/HTTP URL specified"),
                         method="sendPhoto")  # fmt: skip
    await bot.send("/latest")
    assert bot.texts() == _expected(kw06)
    assert [m.method for m in bot.sent()].count("sendPhoto") == 0


async def test_archive_lists_newest_ten_with_buttons_and_pages(bot: Harness) -> None:
    ids = _fill_archive(bot.engine, range(1, 24))
    await bot.send("/archive")
    page = bot.last()
    assert page.text.startswith("📚 Archiv – 23 Ausgaben, Seite 1/3")
    assert "KW 23/2024 · 3. Juni 2024\nDer Drache erwacht" in page.text
    keys = buttons(page)
    assert keys[:2] == [("📖 KW 23/2024", f"iss:{ids[23]}"), ("📖 KW 22/2024", f"iss:{ids[22]}")]
    assert len(keys) == 11 and keys[-1] == ("Ältere »", "arc:1")
    await bot.press("arc:2", message_id=page.message_id)
    last_page = bot.last()
    assert last_page.method == "editMessageText" and last_page.message_id == page.message_id
    assert "Seite 3/3" in last_page.text
    assert buttons(last_page)[-1] == ("« Neuere", "arc:1")
    assert [b for b in buttons(last_page) if b[1].startswith("iss:")] == [
        (f"📖 KW {w}/2024", f"iss:{ids[w]}") for w in (3, 2, 1)
    ]
    assert not bot.request.violations


async def test_archive_page_button_beyond_the_end_shows_the_last_page(bot: Harness) -> None:
    _fill_archive(bot.engine, range(1, 13))
    await bot.press("arc:999999")
    assert "Seite 2/2" in bot.last().text


async def test_archive_button_opens_the_issue(bot: Harness, kw06: Issue) -> None:
    await bot.send("/archive")
    [(_, data)] = buttons(bot.last())
    await bot.press(data)
    assert bot.texts()[1:] == _expected(kw06)
    assert bot.answers() == [None]


@pytest.mark.parametrize("args", ["6", "KW6", "kw 6", "6 2025", "KW6/2025", "Kw06"])
async def test_archive_with_a_week_opens_that_issue(bot: Harness, kw06: Issue, args: str) -> None:
    _fill_archive(bot.engine, range(5, 8))  # KW 5-7 of 2024
    await bot.send(f"/archive {args}")
    assert bot.texts() == _expected(kw06)  # without a year: the newest KW6 (2025, not 2024)


async def test_archive_with_week_and_year_picks_that_year(bot: Harness, kw06: Issue) -> None:
    _fill_archive(bot.engine, range(6, 7))
    await bot.send("/archive 6 2024")
    assert bot.texts() == _expected(make_issue(6, 2024))


@pytest.mark.parametrize("args", ["-1", "999999", "0", "54", "6 1999", "abc", "6 2025 x", "😀"])
async def test_archive_with_odd_arguments_explains_the_usage(
    bot: Harness, kw06: Issue, args: str
) -> None:
    await bot.send(f"/archive {args}")
    assert bot.texts() == [
        "Das verstehe ich nicht. Schreib /archive für die Liste oder z. B. /archive 6, "
        "/archive KW6 oder /archive 6 2025 für eine Ausgabe."
    ]


async def test_archive_week_not_stored_says_so(bot: Harness, kw06: Issue) -> None:
    await bot.send("/archive 7 2025")
    assert bot.texts() == ["KW 7/2025 ist nicht im Archiv. /archive zeigt dir alle Ausgaben."]


async def test_button_of_a_deleted_issue_gets_a_short_note(bot: Harness, kw06: Issue) -> None:
    await bot.send("/archive")
    [(_, data)] = buttons(bot.last())
    with session_scope(bot.engine) as session:
        session.execute(delete(IssueRecord))
    await bot.press(data)
    assert bot.answers() == ["Diese Ausgabe gibt es nicht mehr."]
    assert len(bot.texts()) == 1


async def test_archive_without_issues_names_the_first_delivery(bot: Harness) -> None:
    await bot.send("/archive")
    assert bot.texts()[0].startswith("Hier ist noch keine Ausgabe.")


async def test_issue_without_week_is_listed_by_date(bot: Harness) -> None:
    store(bot.engine, make_issue(None, None, title="Sonderausgabe", date=dt.date(2025, 3, 1)))
    await bot.send("/archive")
    assert "1. März 2025\nSonderausgabe" in bot.last().text
    assert buttons(bot.last())[0][0] == "📖 1. März 2025"


async def test_earnings_section_shows_clock_times_but_the_stored_issue_keeps_its_text(
    bot: Harness, kw06: Issue
) -> None:
    from sqlalchemy import select

    from bot.database import Database
    from storage.issues import load_issue

    db = Database(bot.engine)
    issue_id = db.run_sync(lambda *, session: session.scalar(select(IssueRecord.id)))
    await bot.press(f"sec:{issue_id}:5")  # the earnings section, as a search button opens it
    [section] = bot.texts()
    assert "• Montag 3. Februar: Palantir (nach US-Börsenschluss, 22:00)" in section
    await bot.send("/archive 6")
    assert section in bot.texts()
    stored = db.run_sync(load_issue, issue_id=issue_id)
    [earnings] = [s for s in stored.sections if s.kind == "earnings"]
    assert "Palantir (AMC)" in earnings.messages[0].text
    assert stored == kw06
