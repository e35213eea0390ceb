"""/latest, /archive and the issue buttons in the reader's format and sections; section buttons
(the compact issue's) send their whole section once, find a section that moved in a replaced
issue, and answer shortly when it is gone."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import delete

from bot.database import Database
from bot.readers.compact_issue import section_check
from newsletter.compact import button_label, compact_view
from newsletter.local_earnings import localize_earnings
from newsletter.model import Issue
from storage.db import session_scope
from storage.preferences import set_format, set_sections
from storage.tables import IssueRecord
from tests.bot.test_e2e_reader import _show
from tests.fakes.request import USER_ID
from tests.handlers.conftest import store
from tests.handlers.harness import Harness, buttons

BERLIN = ZoneInfo("Europe/Berlin")
JUST_SENT = "Den Abschnitt habe ich dir gerade geschickt 🙂"
SECTION_GONE = (
    "Diesen Abschnitt gibt es in der Ausgabe nicht mehr – sie wurde überarbeitet. "
    "/latest zeigt dir die neue Fassung."
)


def texts_of(issue: Issue, *kinds: str) -> list[str]:
    """The texts of the issue's sections of `kinds` (all if none), earnings on Berlin's clock."""
    return [
        m.text
        for s in issue.sections
        if not kinds or s.kind in kinds
        for m in (
            localize_earnings(s.messages, issue.earnings, BERLIN)
            if s.kind == "earnings"
            else s.messages
        )
    ]


def choose(bot: Harness, *, fmt: str | None = None, sections: str | None = None) -> None:
    db = Database(bot.engine)
    if fmt is not None:
        db.run_sync(set_format, chat_id=USER_ID, delivery_format=fmt)
    if sections is not None:
        db.run_sync(set_sections, chat_id=USER_ID, sections=sections)


def compact_buttons(issue: Issue, issue_id: int) -> list[tuple[str, str]]:
    return [
        (label, f"sec:{issue_id}:{position}:{section_check(label)}")
        for label, position in compact_view(issue).buttons
    ]


async def test_latest_in_compact_is_one_message_with_a_button_per_section(
    bot: Harness, kw06: Issue
) -> None:
    choose(bot, fmt="compact")
    await bot.send("/latest")
    [message] = bot.sent()
    assert message.text == compact_view(kw06).message.text
    assert message.text.endswith("Tipp auf einen Abschnitt, dann kommt er ganz.")
    assert buttons(message) == compact_buttons(kw06, 1)
    assert [len(row) for row in message.reply_markup["inline_keyboard"]] == [1] * 6
    assert [label for label, _ in buttons(message)][:3] == [
        "🛗 Der KI Drache erwacht - Waren wir bli…",
        "📰 News der Woche",
        "🦉 Chart der Woche: Der Vorzeigefonds",
    ]
    assert all(len(data.encode()) <= 64 for _, data in buttons(message))
    assert not bot.request.violations


async def test_latest_in_full_sends_only_the_chosen_sections_with_header_and_closing(
    bot: Harness, kw06: Issue
) -> None:
    choose(bot, sections="news,chart")
    await bot.send("/latest")
    assert bot.texts() == texts_of(kw06, "header", "news", "chart", "closing")
    assert [m.method for m in bot.sent()] == [
        "sendMessage",
        "sendMessage",
        "sendPhoto",
        "sendMessage",
    ]


async def test_latest_with_every_section_is_the_whole_issue(bot: Harness, kw06: Issue) -> None:
    choose(bot, fmt="full", sections="lead,news,chart,podcast,earnings")
    await bot.send("/latest")
    assert bot.texts() == texts_of(kw06)


async def test_default_format_kompakt_makes_a_reader_without_choice_compact(
    settings, sqlite_engine
) -> None:
    from bot.app import build_application
    from tests.fakes.request import RecordingRequest
    from tests.handlers.conftest import kw06_issue

    compact = settings.model_copy(update={"default_format": "compact"})
    request = RecordingRequest()
    store(sqlite_engine, kw06_issue())
    async with build_application(compact, engine=sqlite_engine, request=request) as app:
        bot = Harness(app, request, sqlite_engine)
        await bot.send("/latest")
        assert len(bot.sent()) == 1 and buttons(bot.last())


async def test_archive_week_and_issue_button_honour_the_format(bot: Harness, kw06: Issue) -> None:
    choose(bot, fmt="compact")
    await bot.send("/archive 6")
    assert [m.text for m in bot.sent()] == [compact_view(kw06).message.text]
    bot.clock.advance(2.5)
    await bot.press("iss:1")
    assert len(bot.sent()) == 2 and buttons(bot.last()) == compact_buttons(kw06, 1)
    choose(bot, fmt="full", sections="podcast")
    bot.clock.advance(2.5)
    await bot.press("iss:1")
    assert bot.texts()[2:] == texts_of(kw06, "header", "podcast", "closing")
    bot.clock.advance(2.5)
    await bot.send("/archive KW6")
    assert bot.texts()[5:] == texts_of(kw06, "header", "podcast", "closing")
    assert not bot.request.violations


async def test_a_section_button_sends_the_whole_section_even_when_it_is_switched_off(
    bot: Harness, kw06: Issue
) -> None:
    choose(bot, fmt="compact", sections="news")
    await bot.send("/latest")
    chart = buttons(bot.last())[2][1]
    bot.clock.advance(2.5)
    await bot.press(chart)
    assert bot.last().method == "sendPhoto"
    assert bot.last().text == texts_of(kw06, "chart")[0]
    earnings = buttons(bot.sent()[0])[4][1]
    bot.clock.advance(2.5)
    await bot.press(earnings)
    assert bot.last().text == texts_of(kw06, "earnings")[0]  # with Berlin's clock times
    assert not bot.request.violations


async def test_a_section_button_pressed_twice_quickly_sends_the_section_once(
    bot: Harness, kw06: Issue
) -> None:
    choose(bot, fmt="compact")
    await bot.send("/latest")
    news = buttons(bot.last())[1][1]
    await bot.press(news)
    await bot.press(news)
    assert bot.texts()[1:] == texts_of(kw06, "news")
    assert bot.answers() == [None, JUST_SENT]
    bot.now += dt.timedelta(seconds=31)  # later, on purpose: it comes again
    bot.clock.advance(2.5)
    await bot.press(news)
    assert bot.texts()[1:] == texts_of(kw06, "news") * 2


async def test_two_different_sections_pressed_quickly_both_come(bot: Harness, kw06: Issue) -> None:
    choose(bot, fmt="compact")
    await bot.send("/latest")
    await bot.press(buttons(bot.last())[1][1])
    await bot.press(buttons(bot.sent()[0])[3][1])
    assert bot.texts()[1:] == texts_of(kw06, "news", "podcast")


async def test_a_section_button_works_weeks_later_from_the_archive(
    bot: Harness, kw06: Issue
) -> None:
    choose(bot, fmt="compact")
    await bot.send("/archive 6")
    bot.now += dt.timedelta(days=60)
    bot.clock.advance(2.5)
    await bot.press(buttons(bot.last())[5][1])
    assert bot.last().text == texts_of(kw06, "closing")[0]


async def test_a_section_that_moved_in_a_replaced_issue_is_found(bot: Harness, kw06: Issue) -> None:
    choose(bot, fmt="compact")
    await bot.send("/latest")
    chart = buttons(bot.last())[2][1]
    assert chart.startswith("sec:1:3:")
    without_news = [s for s in kw06.sections if s.kind != "news"]
    assert store(bot.engine, dataclasses.replace(kw06, sections=without_news)) == 1  # same id
    bot.clock.advance(2.5)
    await bot.press(chart)  # the chart is at position 2 now
    assert bot.last().method == "sendPhoto"
    assert bot.last().text == texts_of(kw06, "chart")[0]
    bot.clock.advance(2.5)
    await bot.press(buttons(bot.sent()[0])[1][1])  # the news section: gone
    assert bot.answers()[-1] == SECTION_GONE
    assert len(bot.sent()) == 2
    assert not bot.request.violations


async def test_a_section_button_of_a_deleted_issue_gets_a_short_answer(
    bot: Harness, kw06: Issue
) -> None:
    choose(bot, fmt="compact")
    await bot.send("/latest")
    with session_scope(bot.engine) as session:
        session.execute(delete(IssueRecord))
    bot.clock.advance(2.5)
    await bot.press(buttons(bot.last())[1][1])
    assert bot.answers() == ["Diese Ausgabe gibt es nicht mehr."]
    assert len(bot.sent()) == 1


async def test_a_section_button_without_check_opens_the_section_at_its_place(
    bot: Harness, kw06: Issue
) -> None:
    await bot.press("sec:1:4")  # a search hit's button
    assert bot.texts() == texts_of(kw06, "podcast")
    await bot.press("sec:1:40")
    assert bot.answers()[-1] == SECTION_GONE


async def test_sections_have_distinct_four_digit_checks(kw06: Issue) -> None:
    news = kw06.sections[2]
    assert section_check(button_label(news)) != section_check(button_label(kw06.sections[3]))
    assert len(section_check(button_label(news))) == 4


async def test_a_double_tap_handled_at_the_same_time_sends_the_section_once(
    bot: Harness, kw06: Issue
) -> None:
    choose(bot, fmt="compact")
    await bot.send("/latest")
    news = buttons(bot.last())[1][1]
    await asyncio.gather(bot.press(news), bot.press(news))
    assert bot.texts()[1:] == texts_of(kw06, "news")
    assert sorted(bot.answers(), key=str) == [JUST_SENT, None]


async def test_a_reader_session_with_settings_and_the_compact_issue(
    bot: Harness, kw06: Issue
) -> None:
    """The README's transcript (`pytest tests/handlers/test_reader_formats.py -s -k session`)."""
    log: list[str] = []

    async def say(text: str) -> None:
        before = len(bot.sent())
        bot.clock.advance(2.5)
        await bot.send(text)
        log.append(f"Erika › {text}")
        log.extend(_show(m) for m in bot.sent()[before:])

    async def tap(label: str) -> None:
        message = next(m for m in reversed(bot.sent()) if label in dict(buttons(m)))
        before, answered = len(bot.sent()), len(bot.answers())
        bot.clock.advance(2.5)
        await bot.press(dict(buttons(message))[label], message_id=message.message_id)
        log.append(f"Erika › [{label}]")
        log.extend(f"  ‹ (Hinweis) {t}" for t in bot.answers()[answered:] if t)
        log.extend(_show(m) for m in bot.sent()[before:])

    await say("/subscribe")
    await say("/settings")
    await tap("📄 Format")
    await tap("kompakt")
    await tap("🕖 Zeit")
    await tap("06:00")
    await say("/settings zeit 07:45")
    await say("/settings zone Wien")
    await say("/settings zeit 25:00")
    await say("/settings zone Mars/Olympus")
    await say("/settings abschnitte")
    await tap("✅ 🎧 Hörenswert")
    await say("/latest")
    await tap("🦉 Chart der Woche: Der Vorzeigefonds")
    await tap("📰 News der Woche")
    await tap("📰 News der Woche")
    print("\n".join(log))
    assert bot.texts()[-2:] == texts_of(kw06, "chart") + texts_of(kw06, "news")
    assert bot.answers()[-1] == JUST_SENT
    assert not bot.request.violations
