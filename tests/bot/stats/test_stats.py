"""The statistics: figures from a constructed history, their German text, and the chart."""

from __future__ import annotations

import datetime as dt
import sys
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.stats.chart import render_chart
from bot.stats.figures import CHART_WEEKS, WeekFlow, gather_stats, week_start
from bot.stats.texts import NO_BROADCASTS, NO_READERS, stats_text
from storage.groups import set_thread
from storage.issues import latest_issue
from storage.readership import note_reading
from storage.subscribers import get_or_create_subscriber, subscribe
from storage.tables import ReadershipKind
from tests.bot.stats_history import NOW, assert_valid_png, build_history, utc

BERLIN = ZoneInfo("Europe/Berlin")


def flows(weeks: tuple[WeekFlow, ...]) -> list[tuple]:
    return [
        (w.start.isoformat(), w.joined, w.returned, w.unsubscribed, w.blocked, w.active)
        for w in weeks
    ]


def test_figures_of_a_constructed_history(session: Session) -> None:
    build_history(session)
    stats = gather_stats(session=session, now=NOW, tz=BERLIN)
    assert stats.now == NOW.astimezone(BERLIN)
    r = stats.readers
    assert (r.active, r.unsubscribed, r.blocked, r.started_only) == (3, 2, 3, 1)
    # Weeks from Monday 00:00 Berlin; active readers counted back from today's 3.
    assert flows(stats.weeks) == [
        ("2025-01-20", 3, 0, 0, 0, 4),
        ("2025-01-27", 2, 0, 0, 0, 6),
        ("2025-02-03", 1, 0, 1, 1, 5),
        ("2025-02-10", 1, 1, 2, 2, 3),
    ]
    assert (stats.referrals_week, stats.referrals_total) == (2, 3)
    kw7, kw6 = stats.broadcasts
    assert (kw7.issue, kw7.status) == ("KW7 - Der Drache erwacht", "done")
    assert (kw7.seconds, kw7.readers) == (1200, 4)
    assert (kw7.sent, kw7.blocked, kw7.failed) == (28, 2, 0)
    assert (kw7.churn_unsubscribed, kw7.churn_blocked, kw7.week_over) == (1, 0, False)
    # KW6: two left in its week, one more was found blocked by the KW7 broadcast; the one
    # blocked after that broadcast, more than a week later, does not count.
    assert (kw6.seconds, kw6.sent, kw6.failed) == (4140, 35, 1)
    assert (kw6.churn_unsubscribed, kw6.churn_blocked, kw6.week_over) == (2, 1, True)


def test_the_text_shows_every_figure_in_german(session: Session) -> None:
    build_history(session)
    text = stats_text(gather_stats(session=session, now=NOW, tz=BERLIN))
    assert text == (
        "📊 Statistik · Dienstag, 11. Februar 2025, 10:00 Uhr\n"
        "\n"
        "👥 Leser:innen: 3 aktiv\n"
        "Diese Woche (seit Montag, 10. Februar): 1 neu · 1 zurück · 2 abbestellt · 2 blockiert\n"
        "Bisher insgesamt: 2 abbestellt · 3 blockiert · 1 nur /start\n"
        "💬 Gruppen: 0 abonniert\n"
        "\n"
        "🎁 Empfehlungen: 2 diese Woche · 3 insgesamt\n"
        "\n"
        "📖 Abschnitte: noch keiner über die Knöpfe geöffnet oder mit @Bot geteilt.\n"
        "\n"
        "📤 Letzte Versände (Abgänge: wer danach abbestellt oder blockiert hat)\n"
        "• KW7 - Der Drache erwacht\n"
        "  Montag, 10. Februar, 07:00 Uhr · abgeschlossen in 20 Min.\n"
        "  4 Leser:innen · 28 Nachrichten gesendet · 2 blockiert · 0 fehlgeschlagen\n"
        "  Abgänge bisher: 1 (25,0 %) – 1 abbestellt · 0 blockiert\n"
        "• KW6 - Der Drache erwacht\n"
        "  Montag, 3. Februar, 07:00 Uhr · abgeschlossen in 1 Std. 9 Min.\n"
        "  5 Leser:innen · 35 Nachrichten gesendet · 0 blockiert · 1 fehlgeschlagen\n"
        "  Abgänge in der Woche danach: 3 (60,0 %) – 2 abbestellt · 1 blockiert"
    )


def test_an_empty_installation_says_so_and_still_draws_a_chart(session: Session) -> None:
    stats = gather_stats(session=session, now=NOW, tz=BERLIN)
    assert flows(stats.weeks) == [("2025-02-10", 0, 0, 0, 0, 0)]
    text = stats_text(stats)
    assert NO_READERS in text and NO_BROADCASTS in text
    assert "0 diese Woche · 0 insgesamt" in text
    assert assert_valid_png(render_chart(stats.weeks)) == (1200, 900)


def test_the_chart_covers_at_most_half_a_year(session: Session) -> None:
    build_history(session)
    later = NOW + dt.timedelta(days=400)
    weeks = gather_stats(session=session, now=later, tz=BERLIN).weeks
    assert len(weeks) == CHART_WEEKS
    assert weeks[-1].start == week_start(later, BERLIN).date()
    assert all(w.active == 3 and not w.arrivals and not w.leaves for w in weeks)


def test_weeks_start_on_monday_midnight_in_the_configured_zone() -> None:
    assert week_start(utc(2, 9, 22, 59), BERLIN).isoformat() == "2025-02-03T00:00:00+01:00"
    assert week_start(utc(2, 9, 23, 0), BERLIN).isoformat() == "2025-02-10T00:00:00+01:00"
    assert week_start(utc(2, 9, 23, 0), ZoneInfo("UTC")).date() == dt.date(2025, 2, 3)
    summer = dt.datetime(2025, 3, 30, 22, 0, tzinfo=dt.UTC)  # Monday 00:00 CEST
    assert week_start(summer, BERLIN).isoformat() == "2025-03-31T00:00:00+02:00"


def test_the_chart_is_a_png_drawn_without_pyplot(session: Session) -> None:
    build_history(session)
    weeks = gather_stats(session=session, now=NOW, tz=BERLIN).weeks
    first, second = render_chart(weeks), render_chart(weeks)
    assert assert_valid_png(first) == (1200, 900)
    assert 10_000 < len(first) < 500_000
    assert first == second  # nothing carried over from one chart to the next
    assert "matplotlib.pyplot" not in sys.modules


def test_groups_and_section_readership_are_shown_apart_from_readers(session: Session) -> None:
    build_history(session)
    for chat_id, thread in ((-4001, None), (-1004002, 7)):
        get_or_create_subscriber(session=session, chat_id=chat_id, kind="supergroup")
        subscribe(session=session, chat_id=chat_id)
        set_thread(session=session, chat_id=chat_id, thread=thread)
    issue_id = latest_issue(session=session).id
    for kind in (ReadershipKind.OPENED, ReadershipKind.OPENED, ReadershipKind.SHARED):
        note_reading(session=session, issue_id=issue_id, position=1, kind=kind)
    stats = gather_stats(session=session, now=NOW, tz=BERLIN)
    assert stats.readers.active == 3  # the groups are no readers
    text = stats_text(stats)
    assert "💬 Gruppen: 2 abonniert (1 davon in einem Forum-Thema)" in text
    assert (
        "📖 Abschnitte (über die Knöpfe der Kompakt-Ausgabe geöffnet · geteilt)\n• KW 7/2025\n"
        in text
    )
    assert "  🐉 DeepSeek: 2 geöffnet · 1 geteilt" in text
