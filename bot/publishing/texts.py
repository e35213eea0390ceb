"""Every German line the admins see about intake, review, release and the channel.

Plain text (no entities). Functions take plain values; times are shown in TIMEZONE.
"""

from __future__ import annotations

import datetime as dt

from newsletter.german_dates import german_moment

BUTTON_APPROVE = "✅ Freigeben"
BUTTON_HOLD = "⏸ Zurückhalten"
ONLY_ADMINS = "Dieser Befehl ist nur für Admins."
NO_ISSUE = "Es ist noch keine Ausgabe gespeichert."

# Uploads and links in Telegram
NOT_FOR_READERS_FILE = (
    "Danke! Dateien nehme ich nur von der Redaktion an. Die neueste Ausgabe liest du mit /latest."
)
NOT_FOR_READERS_LINK = (
    "Danke für den Link! Ausgaben nimmt nur die Redaktion an. Die neueste liest du mit /latest, "
    "ältere mit /archive."
)
WRONG_FILE_TYPE = (
    "Diese Datei kann ich nicht lesen: Schick mir eine Ausgabe als .html, .htm oder .xml "
    "(Webseite oder RSS-Feed von beehiiv)."
)
RECEIVED = "📥 Erhalten, ich lese die Ausgabe …"


def file_too_big(limit_mb: int) -> str:
    """An upload larger than bots may download."""
    return f"Die Datei ist zu groß: Telegram lässt Bots nur Dateien bis {limit_mb} MB laden."


def not_an_issue(reason: str) -> str:
    """An upload or link that is not an issue; nothing was stored."""
    return f"⚠️ Nicht gespeichert: {reason}"


def stored(summary: str) -> str:
    """An upload or link was stored; the preview follows."""
    return f"✅ {summary}\nDie Vorschau für alle Admins folgt."


# The review of a new or changed issue


def review_head(label: str, verb: str, sections: int, messages: int, earnings: int) -> str:
    """First lines of the check report: "🔎 Prüfbericht: … / Neu · 7 Abschnitte · …"."""
    return (
        f"🔎 Prüfbericht: {label}\n"
        f"{verb} · {sections} Abschnitte · {messages} Nachrichten · {earnings} Earnings"
    )


def review_findings(warnings: list[str], blocking: list[str]) -> str:
    """The findings of the conversion checks, blocking ones apart."""
    if not warnings and not blocking:
        return "✅ Keine Auffälligkeiten."
    parts = []
    hints = [w for w in warnings if w not in blocking]
    if hints:
        parts.append(f"⚠️ Hinweise ({len(hints)}):\n" + "\n".join(f"• {w}" for w in hints))
    if blocking:
        parts.append(
            "⛔ Blockiert – geht erst nach Freigabe raus:\n" + "\n".join(f"• {b}" for b in blocking)
        )
    return "\n\n".join(parts)


def release_line(released: bool, reason: str | None, next_slot: dt.datetime | None) -> str:
    """Whether and when the issue goes out by itself."""
    if not released:
        return f"⏸ Nicht freigegeben: {reason}. Freigeben mit „{BUTTON_APPROVE}“ oder /approve."
    if next_slot is None:
        return "✅ Freigegeben."
    return f"✅ Freigegeben: geht zum Termin raus ({german_moment(next_slot)})."


# Slots and approval


def awaiting_release(label: str, reason: str, deadline: dt.datetime, tz: dt.tzinfo) -> str:
    """The slot came, its issue is there but not released."""
    return (
        f"⏳ Versandzeit für {label}, aber sie ist {reason}.\n"
        f"Sobald sie freigegeben ist ({BUTTON_APPROVE} oder /approve), geht sie raus – "
        f"bis {german_moment(deadline.astimezone(tz))}. Danach nur noch mit /broadcast."
    )


def waiting_for_issue() -> str:
    """The slot came, this week's issue is not there yet (the feed is polled)."""
    return (
        "⏳ Versandzeit, aber die Ausgabe dieser Woche ist noch nicht da. Ich schaue weiter in "
        "den Feed und sende sie, sobald sie kommt – auch später in der Woche, bis zum nächsten "
        "Termin."
    )


def past_week_issue(label: str) -> str:
    """The slot came; the newest unsent issue is of an earlier week (found late, e.g. by the
    backfill): it never goes out by itself."""
    return (
        f"📭 Kein Versand: die neueste Ausgabe ({label}) ist aus einer früheren Woche und geht "
        "nicht von selbst raus. Senden nur mit /broadcast."
    )


def nothing_sent(slot: dt.datetime, tz: dt.tzinfo, issue_label: str | None) -> str:
    """A slot's window closed and nothing was sent."""
    when = german_moment(slot.astimezone(tz))
    if issue_label is None:
        return (
            f"📭 Kein Versand zum Termin {when}: die Ausgabe dieser Woche kam nicht. Kommt sie "
            "noch in dieser Woche, geht sie raus, sobald sie da ist."
        )
    return (
        f"📭 Kein Versand zum Termin {when}: {issue_label} wurde nicht freigegeben. "
        "Senden jetzt nur noch mit /broadcast."
    )


def approved(label: str) -> str:
    """After ✅ Freigeben or /approve."""
    return f"✅ {label} ist freigegeben."


def approved_and_started(label: str) -> str:
    """An approval inside an open slot started the broadcast."""
    return f"✅ {label} ist freigegeben. Der Versand läuft jetzt an."


def held(label: str) -> str:
    """After ⏸ Zurückhalten or /hold."""
    return f"⏸ {label} wird zurückgehalten, bis sie jemand freigibt ({BUTTON_APPROVE}, /approve)."


def too_late_to_hold(label: str) -> str:
    """/hold of an issue whose broadcast already started."""
    return f"{label} ist schon im Versand. Anhalten mit /broadcast pause."


# The feed


def feed_failing(url: str, error: str) -> str:
    """FEED_URL started failing (told once)."""
    return (
        f"⚠️ Der Feed ist nicht lesbar: {error}\n{url}\n"
        "Ich versuche es bei jedem Intervall weiter und melde mich, wenn er wieder geht."
    )


def feed_recovered(url: str) -> str:
    """FEED_URL works again (told once)."""
    return f"✅ Der Feed geht wieder: {url}"


# The channel


def issue_gone(issue_id: int) -> str:
    """A button of an issue that no longer exists."""
    return f"Ausgabe {issue_id} gibt es nicht mehr."


def already_sent(label: str) -> str:
    """Approve or hold of an issue that was already sent."""
    return f"{label} wurde schon versendet."
