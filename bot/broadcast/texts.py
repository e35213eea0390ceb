"""The German texts admins see about a broadcast: progress, final report, status, notices.

Plain text (no entities); numbers the German way (12.345; 29,8). Functions take plain values.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence

from bot.broadcast.refusals import Refusal
from bot.delivery.progress import SlotPlan, Snapshot
from newsletter.german import decimal, duration, number, titled_label
from storage.tables import Broadcast, BroadcastStatus, IssueRecord
from storage.tables.timestamps import utcnow

STATUS_NAMES = {
    BroadcastStatus.SCHEDULED.value: "geplant",
    BroadcastStatus.RUNNING.value: "läuft",
    BroadcastStatus.PAUSED.value: "pausiert",
    BroadcastStatus.DONE.value: "abgeschlossen",
    BroadcastStatus.CANCELLED.value: "abgebrochen",
}
NO_ISSUE = "Es ist noch keine Ausgabe gespeichert."


def counts(blocked: int, failed: int) -> str:
    """ "Blockiert: 120 · Fehlgeschlagen: 3"."""
    return f"Blockiert: {number(blocked)} · Fehlgeschlagen: {number(failed)}"


def progress(
    label: str, snap: Snapshot, *, tz: dt.tzinfo | None = None, rate: float | None = None
) -> str:
    """The progress message, edited every few seconds; with several delivery slots (or one
    still to come) a line per slot, in `tz`, and a warning where `rate` cannot finish a slot
    before the next one starts."""
    head = f"⏸️ Versand pausiert: {label}" if snap.paused else f"📤 Versand läuft: {label}"
    lines = [
        head,
        f"Nachricht {snap.round} von {snap.messages}",
        f"Gesendet: {number(snap.sent)} von ca. {number(snap.expected)} ({snap.share * 100:.0f} %)",
    ]
    if snap.paused:
        lines.append("Fortsetzen mit /broadcast resume")
    else:
        eta = "–" if snap.eta is None else f"ca. {duration(snap.eta)}"
        lines.append(f"Tempo: {decimal(snap.rate)} Nachrichten/s · Rest: {eta}")
    lines.append(counts(snap.blocked, snap.failed))
    slots = snap.slots
    if tz is not None and (len(slots) > 1 or any(slot.due is not None for slot in slots)):
        lines.append("Zeitfenster:")
        lines += [slot_line(slot, tz) for slot in slots]
        lines += slot_warnings(slots, tz, rate)
    return "\n".join(lines)


def slot_line(slot: SlotPlan, tz: dt.tzinfo) -> str:
    """ "• 07:00 (Di. 10.02.) – 15.200 Leser:innen, 106.400 Nachrichten"."""
    when = "sofort" if slot.due is None else f"{slot.due.astimezone(tz):%H:%M (%d.%m.)}"
    if slot.due is not None and slot.name not in ("sofort", f"{slot.due.astimezone(tz):%H:%M}"):
        when += f", Ortszeit {slot.name}"
    return f"• {when} – {number(slot.readers)} Leser:innen, {number(slot.messages)} Nachrichten"


def slot_warnings(slots: Sequence[SlotPlan], tz: dt.tzinfo, rate: float | None) -> list[str]:
    """A warning for each slot that the pace cannot finish before the next slot starts."""
    if not rate:
        return []
    warnings = []
    for slot, following in itertools.pairwise(slots):
        if slot.due is None or following.due is None:
            continue
        needed = slot.messages / rate
        if slot.due + dt.timedelta(seconds=needed) > following.due:
            warnings.append(
                f"⚠️ {slot.due.astimezone(tz):%H:%M} braucht ca. {duration(needed)} – länger "
                f"als bis {following.due.astimezone(tz):%H:%M}."
            )
    return warnings


def elapsed(broadcast: Broadcast, now: dt.datetime | None = None) -> float | None:
    """Seconds from the broadcast's start to its end (or `now`); None before it started."""
    if broadcast.started_at is None:
        return None
    return ((broadcast.finished_at or now or utcnow()) - broadcast.started_at).total_seconds()


def final_report(label: str, broadcast: Broadcast, errors: Iterable[tuple[str, int]] = ()) -> str:
    """The report when the broadcast is done (counters from the database)."""
    seconds = elapsed(broadcast) or 0.0
    rate = broadcast.sent / seconds if seconds > 0 else 0.0
    lines = [
        f"✅ Versand abgeschlossen: {label}",
        f"Dauer: {duration(seconds)}",
        f"Gesendet: {number(broadcast.sent)} Nachrichten ({decimal(rate)}/s)",
        counts(broadcast.blocked, broadcast.failed),
    ]
    shown = list(errors)[:5]
    if shown:
        lines.append("Fehler:")
        lines += [f"• {count}× {error}" for error, count in shown]
    return "\n".join(lines)


def stopped(label: str, reason: str) -> str:
    """The progress message when this process stops before the end."""
    return f"⏹️ Versand unterbrochen: {label}\nGrund: {reason}\nEr wird fortgesetzt."


def failure(label: str, index: int, chat_id: int, error: str) -> str:
    """An error Telegram gave for a message (reported once per kind of error)."""
    return (
        f"⚠️ {label}: Nachricht {index + 1} an Chat {chat_id} abgelehnt:\n{error}\n"
        "Gleiche Fehler melde ich nicht noch einmal; der Versand läuft weiter."
    )


def not_sent(reason: str) -> str:
    """The scheduled time came and nothing is sent: why."""
    return f"📭 Kein Versand: {reason}"


def no_new_issue(latest: IssueRecord | None) -> str:
    """The scheduled time came, but there is no issue that has not been sent."""
    if latest is None:
        return not_sent(NO_ISSUE)
    return not_sent(
        f"Die neueste Ausgabe ({titled_label(latest)}) wurde schon versendet. "
        "Speichere zuerst die neue Ausgabe (doppelbot ingest), dann /broadcast."
    )


def interrupted(label: str, since: dt.datetime | None) -> str:
    """An unfinished broadcast found at start-up that is too old to resume by itself."""
    when = f" seit {since:%d.%m. %H:%M} UTC" if since else ""
    return (
        f"⏸️ Der Versand von {label} ist{when} unterbrochen und wurde pausiert.\n"
        "Fortsetzen mit /broadcast resume."
    )


def status(label: str, broadcast: Broadcast, now: dt.datetime) -> str:
    """The answer to /broadcast status, from the database."""
    name = STATUS_NAMES.get(broadcast.status, broadcast.status)
    lines = [f"Versand {label}: {name}"]
    total = (broadcast.recipients or 0) * broadcast.total_messages
    sent = f"Gesendet: {number(broadcast.sent)}"
    if total:
        sent += f" von ca. {number(total)}"
    lines.append(sent)
    lines.append(counts(broadcast.blocked, broadcast.failed))
    if (seconds := elapsed(broadcast, now)) is not None:
        lines.append(f"Dauer: {duration(seconds)}")
    if broadcast.last_error:
        lines.append(f"Letzter Fehler: {broadcast.last_error}")
    return "\n".join(lines)


NO_BROADCAST_YET = "Es gab noch keinen Versand."
ONLY_ADMINS = "Dieser Befehl ist nur für Admins."
BUTTON_SEND = "✅ Jetzt senden"
BUTTON_CANCEL = "Abbrechen"
CANCELLED = "Kein Versand. 👍"
USAGE = (
    "/broadcast – die neueste Ausgabe jetzt senden (mit Bestätigung)\n"
    "/broadcast status – wie weit der Versand ist\n"
    "/broadcast pause – anhalten\n"
    "/broadcast resume – fortsetzen"
)


def already_running(label: str) -> str:
    """The schedule (or an admin) found the newest issue's broadcast still unfinished."""
    return f"Der Versand von {label} läuft schon (oder ist pausiert). /broadcast status zeigt ihn."


def confirm(label: str, readers: int, messages: int, total: int | None = None) -> str:
    """The question under the /broadcast buttons; `total` counts every reader's format and
    sections (the full issue has `messages`)."""
    total = readers * messages if total is None else total
    each = (
        f"{messages} Nachrichten je Leser:in"
        if total == readers * messages
        else f"bis zu {messages} Nachrichten je Leser:in (je nach Format und Abschnitten)"
    )
    return (
        f"{label} jetzt an {number(readers)} Abonnent:innen senden – alle sofort?\n"
        f"{each}, zusammen ca. {number(total)}."
    )


def started(label: str) -> str:
    """After the admin confirmed."""
    return f"📤 Versand von {label} gestartet. Den Fortschritt zeigt eine eigene Nachricht."


def paused(label: str) -> str:
    """After /broadcast pause."""
    return f"⏸️ Versand von {label} angehalten. /broadcast resume setzt ihn fort."


def resumed(label: str) -> str:
    """After /broadcast resume."""
    return f"▶️ Versand von {label} läuft weiter."


def refusal_reason(refusal: Refusal) -> str:
    """Why the broadcast paused itself (its `last_error`, /broadcast status shows it)."""
    return f"Telegram lehnt Nachricht {refusal.index + 1} für alle ab: {refusal.error}"


def refused(label: str, refusal: Refusal) -> str:
    """The admins' notice when a message is refused for everyone and the broadcast paused."""
    return (
        f"⏸️ Versand pausiert: {label}\n"
        f"Telegram lehnt Nachricht {refusal.index + 1} für alle ab "
        f"({refusal.readers} Leser:innen nacheinander):\n{refusal.error}\n"
        "Korrigierte Ausgabe speichern (doppelbot ingest), dann /broadcast resume: Wer die "
        "Nachricht noch nicht hat, bekommt sie dann."
    )


def paused_by_refusal(label: str, refusal: Refusal) -> str:
    """The progress message after the broadcast paused itself."""
    return (
        f"⏸️ Versand pausiert: {label}\nGrund: Telegram lehnt Nachricht {refusal.index + 1} "
        "für alle ab.\nFortsetzen mit /broadcast resume (nach der Korrektur)."
    )


def channel_problem(channel: str, reason: str) -> str:
    """CHANNEL_ID cannot be posted to."""
    return (
        f"⚠️ In den Kanal {channel} kann ich nicht posten: {reason}\n"
        "Mach mich dort zum Admin mit dem Recht „Nachrichten senden“. Die Leser:innen bekommen "
        "die Ausgabe trotzdem."
    )


def channel_unchecked(channel: str, reason: str) -> str:
    """CHANNEL_ID could not be checked: the broadcast goes on without a new verdict."""
    return (
        f"⚠️ Den Kanal {channel} konnte ich nicht prüfen: {reason}\n"
        "Er bleibt, wie er zuletzt geprüft wurde; die Leser:innen bekommen die Ausgabe trotzdem. "
        "Beim nächsten Versand prüfe ich ihn wieder."
    )
