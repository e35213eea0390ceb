"""The German texts of the statistics: the /stats message (also printed by `doppelbot stats`)
and the chart's caption. Plain text, numbers the German way (12.345; 0,4 %)."""

from __future__ import annotations

import datetime as dt

from bot.broadcast.texts import STATUS_NAMES
from bot.stats.figures import BroadcastFigures, Readers, Stats, WeekFlow
from newsletter.compact import button_label
from newsletter.german import decimal, duration, issue_label, number
from newsletter.german_dates import format_day, german_date, weekday_name
from newsletter.model import Section
from storage.groups import GroupCounts
from storage.readership import IssueReadership
from storage.tables import BroadcastStatus

CHART_CAPTION = "📈 Aktive Leser:innen und Zu- und Abgänge pro Woche"
NO_READERS = "👥 Noch keine Leser:innen: Sobald jemand /subscribe schreibt, zähle ich mit."
NO_BROADCASTS = "📤 Noch kein Versand."
NO_READERSHIP = "📖 Abschnitte: noch keiner über die Knöpfe geöffnet oder mit @Bot geteilt."
READERSHIP_HEAD = "📖 Abschnitte (über die Knöpfe der Kompakt-Ausgabe geöffnet · geteilt)"


def _day(day: dt.date) -> str:
    """ "Montag, 3. Februar"."""
    return f"{weekday_name(day)}, {format_day(day.day, day.month)}"


def _moment(moment: dt.datetime) -> str:
    """ "Dienstag, 4. Februar 2025, 10:00 Uhr" (local time)."""
    return f"{weekday_name(moment)}, {german_date(moment.date())}, {moment:%H:%M} Uhr"


def _share(part: int, whole: int | None) -> str:
    """ " (0,4 %)" of `whole`, or "" when there is no base."""
    return f" ({decimal(part / whole * 100)} %)" if whole else ""


def readers_block(readers: Readers, week: WeekFlow) -> list[str]:
    """Active readers, this week's movement and the totals of those who left."""
    total = readers.active + readers.unsubscribed + readers.blocked + readers.started_only
    if total == 0:
        return [NO_READERS]
    return [
        f"👥 Leser:innen: {number(readers.active)} aktiv",
        f"Diese Woche (seit {_day(week.start)}): {number(week.joined)} neu · "
        f"{number(week.returned)} zurück · {number(week.unsubscribed)} abbestellt · "
        f"{number(week.blocked)} blockiert",
        f"Bisher insgesamt: {number(readers.unsubscribed)} abbestellt · "
        f"{number(readers.blocked)} blockiert · {number(readers.started_only)} nur /start",
    ]


def referrals_line(week: int, total: int) -> str:
    """Referrals this week and in total."""
    return f"🎁 Empfehlungen: {number(week)} diese Woche · {number(total)} insgesamt"


def groups_line(groups: GroupCounts) -> str:
    """Subscribed groups, apart from the readers (their members are no readers)."""
    topics = f" ({number(groups.topics)} davon in einem Forum-Thema)" if groups.topics else ""
    return f"💬 Gruppen: {number(groups.groups)} abonniert{topics}"


def readership_lines(issues: tuple[IssueReadership, ...]) -> list[str]:
    """Per issue and section: how often opened from the compact issue, how often shared."""
    if not issues:
        return [NO_READERSHIP]
    lines = [READERSHIP_HEAD]
    for issue in issues:
        lines.append(f"• {issue_label(issue.week, issue.year, issue.date)}")
        for section in issue.sections:
            name = button_label(Section(section.kind, section.title, "", []))  # type: ignore[arg-type]
            lines.append(
                f"  {name}: {number(section.opened)} geöffnet · {number(section.shared)} geteilt"
            )
    return lines


def _run(figures: BroadcastFigures) -> str:
    """ "abgeschlossen in 1 Std. 9 Min.", "läuft seit 12 Min.", "pausiert nach 3 Min."."""
    name = STATUS_NAMES.get(figures.status, figures.status)
    if figures.seconds is None:
        return name
    took = duration(figures.seconds)
    if figures.status == BroadcastStatus.DONE:
        return f"{name} in {took}"
    if figures.status == BroadcastStatus.RUNNING:
        return f"{name} seit {took}"
    return f"{name} nach {took}"


def broadcast_lines(figures: BroadcastFigures, tz: dt.tzinfo) -> list[str]:
    """One broadcast: issue, start and run, what was sent, and who left after it."""
    start = figures.started_at.astimezone(tz)
    readers = "?" if figures.readers is None else number(figures.readers)
    since = "in der Woche danach" if figures.week_over else "bisher"
    return [
        f"• {figures.issue}",
        f"  {_day(start.date())}, {start:%H:%M} Uhr · {_run(figures)}",
        f"  {readers} Leser:innen · {number(figures.sent)} Nachrichten gesendet · "
        f"{number(figures.blocked)} blockiert · {number(figures.failed)} fehlgeschlagen",
        f"  Abgänge {since}: {number(figures.churn)}{_share(figures.churn, figures.readers)}"
        f" – {number(figures.churn_unsubscribed)} abbestellt · "
        f"{number(figures.churn_blocked)} blockiert",
    ]


def stats_text(stats: Stats) -> str:
    """The whole statistics message."""
    lines = [f"📊 Statistik · {_moment(stats.now)}", ""]
    lines += readers_block(stats.readers, stats.this_week)
    lines += [groups_line(stats.groups)]
    lines += ["", referrals_line(stats.referrals_week, stats.referrals_total), ""]
    lines += [*readership_lines(stats.readership), ""]
    if not stats.broadcasts:
        lines.append(NO_BROADCASTS)
    else:
        lines.append("📤 Letzte Versände (Abgänge: wer danach abbestellt oder blockiert hat)")
        tz = stats.now.tzinfo or dt.UTC
        for figures in stats.broadcasts:
            lines += broadcast_lines(figures, tz)
    return "\n".join(lines)


def chart_caption(weeks: int) -> str:
    """The caption under the chart."""
    span = "diese Woche" if weeks == 1 else f"die letzten {weeks} Wochen"
    return f"{CHART_CAPTION} ({span})"
