"""Every German text of corrections: the admins' summary, progress, report and answers."""

from __future__ import annotations

from bot.broadcast import texts as broadcast_texts
from bot.delivery.progress import Snapshot
from newsletter.diff import IssueDiff, SectionChange
from newsletter.german import decimal, duration, number
from newsletter.utf16 import utf16_len

BUTTON_CORRECT = "✏️ Korrigieren"
ONLY_ADMINS = broadcast_texts.ONLY_ADMINS
MAX_SUMMARY = 3800  # UTF-16 units: the summary stays one message, with room for the footer


def _section(change: SectionChange) -> list[str]:
    head = f"• Abschnitt {change.position + 1} · {change.title}"
    if change.problems and not change.edits:
        head += " – nicht bearbeitbar"
    lines = [head]
    lines += [f"   {line}" for line in change.words]
    lines += [f"   ⚠️ {problem}" for problem in change.problems]
    return lines


def _changes(diff: IssueDiff) -> list[str]:
    lines: list[str] = []
    for shown, change in enumerate(diff.sections):
        block = _section(change)
        if utf16_len("\n".join([*lines, *block])) > MAX_SUMMARY:
            lines.append(f"… und {len(diff.sections) - shown} weitere geänderte Abschnitte")
            break
        lines += block
    return lines


def summary(label: str, diff: IssueDiff, copies: int, *, waits: bool) -> str:
    """What changed in a sent issue, and what „✏️ Korrigieren“ would do."""
    lines = [f"✏️ Nach dem Versand geändert: {label}", "", *_changes(diff), ""]
    edits = len(diff.edits)
    if edits:
        noun = "Nachricht" if edits == 1 else "Nachrichten"
        lines.append(
            f"„{BUTTON_CORRECT}“ bearbeitet {edits} {noun} in allen Chats, die sie bekommen "
            f"haben ({number(copies)} Bearbeitungen, im Tempo des Versands)."
        )
    else:
        lines.append("Nichts davon lässt sich in den gesendeten Nachrichten bearbeiten.")
    if diff.not_editable:
        lines.append("Was nicht bearbeitbar ist, bleibt, wie es ist: Niemand bekommt etwas extra.")
    if waits and edits:
        lines.append("Der Versand läuft noch: Die Korrektur startet, sobald er fertig ist.")
    return "\n".join(lines)


def unsent_changes(label: str, diff: IssueDiff) -> str:
    """What changed in an issue that has not been broadcast yet (it is simply replaced)."""
    return "\n".join(
        [
            f"🔄 Ausgabe geändert (noch nicht versendet): {label}",
            "",
            *_changes(diff),
            "",
            "Gespeichert ist jetzt die neue Fassung; der Versand schickt sie.",
        ]
    )


def started(label: str, *, waits: bool) -> str:
    """After the button: the correction runs (or waits for the broadcast)."""
    if waits:
        return f"✏️ Korrektur von {label} vorgemerkt: Sie startet, sobald der Versand fertig ist."
    return f"✏️ Korrektur von {label} gestartet. Den Fortschritt zeigt eine eigene Nachricht."


def already_running(label: str) -> str:
    """The button was pressed again, or by a second admin."""
    return f"Die Korrektur von {label} läuft schon. Den Fortschritt zeigt eine eigene Nachricht."


def nothing_to_edit(label: str) -> str:
    """Readers already have the current version (or nothing changed is editable)."""
    return f"Nichts zu korrigieren: Die Leser:innen haben {label} schon in der aktuellen Fassung."


def stale(label: str) -> str:
    """A button of an older change: the issue changed again since."""
    return (
        f"{label} hat sich seit dieser Zusammenfassung noch einmal geändert: "
        "Nimm den Knopf unter der neuesten."
    )


def waiting(label: str) -> str:
    """The CLI cannot correct while the broadcast is unfinished."""
    return (
        f"Der Versand von {label} läuft noch (oder ist pausiert): Korrigiere, wenn er fertig ist."
    )


def counts(unchanged: int, skipped: int, failed: int) -> str:
    """ "Unverändert: 0 · Übersprungen: 3 · Fehlgeschlagen: 0"."""
    return (
        f"Unverändert: {number(unchanged)} · Übersprungen: {number(skipped)} · "
        f"Fehlgeschlagen: {number(failed)}"
    )


def progress(label: str, snap: Snapshot, edited: int, unchanged: int) -> str:
    """The progress message, edited every few seconds (`snap.blocked` counts the skipped)."""
    head = f"⏸️ Korrektur pausiert: {label}" if snap.paused else f"✏️ Korrektur läuft: {label}"
    eta = "–" if snap.eta is None else f"ca. {duration(snap.eta)}"
    return "\n".join(
        [
            head,
            f"Bearbeitet: {number(snap.processed)} von ca. {number(snap.expected)} "
            f"({snap.share * 100:.0f} %)",
            f"Tempo: {decimal(snap.rate)} Bearbeitungen/s · Rest: {eta}",
            counts(unchanged, snap.blocked, snap.failed),
        ]
    )


def final_report(
    label: str, seconds: float, edited: int, unchanged: int, skipped: int, failed: int
) -> str:
    """The report when the correction is done."""
    rate = (edited + unchanged) / seconds if seconds > 0 else 0.0
    return "\n".join(
        [
            f"✅ Korrektur abgeschlossen: {label}",
            f"Dauer: {duration(seconds)}",
            f"Bearbeitet: {number(edited)} Nachrichten ({decimal(rate)}/s)",
            counts(unchanged, skipped, failed),
        ]
    )


def stopped(label: str, reason: str) -> str:
    """The progress message when this process stops before the end."""
    return f"⏹️ Korrektur unterbrochen: {label}\nGrund: {reason}\nSie wird fortgesetzt."


def failure(label: str, index: int, chat_id: int, error: str) -> str:
    """An error Telegram gave for an edit (reported once per kind of error)."""
    return (
        f"⚠️ Korrektur {label}: Nachricht {index + 1} in Chat {chat_id} nicht bearbeitet:\n"
        f"{error}\nGleiche Fehler melde ich nicht noch einmal; die Korrektur läuft weiter."
    )
