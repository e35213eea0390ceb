"""/settings replies: the overview, the text above each setting's buttons, the confirmation
of a change and the answer to input that is no setting. German, short, du-form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.config import WeeklyTime
from bot.readers.delivery_times import DeliveryTime
from bot.readers.preference_input import FORMAT, SECTIONS, TIME, TOGGLE, ZONE, Change, Problem
from bot.readers.preferences import ReaderSettings
from newsletter.choices import COMPACT, SECTION_CHOICES
from newsletter.german_dates import WEEKDAYS, german_moment

SECTION_NAMES = {"lead": "Hauptthema", "news": "News der Woche", "chart": "Chart der Woche",
                 "podcast": "Hörenswert", "earnings": "Earnings der Woche"}  # fmt: skip
SECTION_EMOJI = {"lead": "🛗", "news": "📰", "chart": "🦉", "podcast": "🎧", "earnings": "📅"}
FORMAT_NAMES = {"full": "voll", "compact": "kompakt"}
FORMAT_MEANING = {
    "full": "jeder Abschnitt als eigene Nachricht",
    "compact": "eine Nachricht mit einem Knopf pro Abschnitt",
}
IMMEDIATE = "sobald sie erscheint"
ALWAYS = "Kopf und Schluss kommen immer."
SAVED = "✅ Gespeichert:"
USAGE = (
    "Das verstehe ich nicht. So geht's:\n"
    "/settings – deine Einstellungen mit Knöpfen\n"
    "/settings format kompakt oder voll\n"
    "/settings zeit 07:45, sofort oder standard\n"
    "/settings zone Europe/Vienna oder standard\n"
    "/settings abschnitte – Abschnitte an- und ausschalten (oder z. B. /settings abschnitte "
    "news chart)"
)
SHORTCUTS = (
    "Tipp auf einen Knopf, um etwas zu ändern. Schneller geht's so: /settings format kompakt, "
    "/settings zeit 07:45, /settings zone Europe/Vienna."
)
FORMAT_MENU = (
    "📄 Format\n\nvoll: jeder Abschnitt als eigene Nachricht, wie im Newsletter.\n"
    "kompakt: eine Nachricht mit Kopf, dem Anfang des Hauptthemas und einem Knopf pro "
    "Abschnitt – tipp drauf, dann kommt er ganz."
)
LAST_SECTION = "Mindestens ein Abschnitt bleibt an – sonst kämen nur Kopf und Schluss."
MORE_HINT = "/settings zeigt dir alle Einstellungen."


def next_delivery(reader: ReaderSettings) -> str:
    """When the reader gets the next issue: "Montag, 10. Februar, 07:45 Uhr" (their zone), or
    "sobald sie erscheint"."""
    if reader.next_delivery is None:
        return IMMEDIATE
    return german_moment(reader.next_delivery)


def overview(reader: ReaderSettings, note: str | None = None) -> str:
    """The /settings message: every choice, the next delivery, how to change them; `note`
    (a confirmation) goes on top."""
    lines = [
        "⚙️ Deine Einstellungen",
        "",
        f"📄 Format: {_format(reader)}",
        f"🧩 Abschnitte: {_sections(reader)}",
        f"🕖 Zeit: {time_label(reader.delivery)}",
        f"🌍 Zone: {_zone(reader)}",
        "",
    ]
    if reader.subscribed:
        lines.append(f"Nächste Ausgabe: {next_delivery(reader)}.")
    else:
        lines.append("Du hast gerade kein Abo – mit /subscribe kommt jede Ausgabe so zu dir.")
    lines += ["", SHORTCUTS]
    return f"{note}\n\n" + "\n".join(lines) if note else "\n".join(lines)


def time_label(delivery: DeliveryTime) -> str:
    """ "montags, 07:45 Uhr", "montags, 07:00 Uhr (Standard)" or "sofort, sobald sie erscheint"."""
    if delivery.schedule is None:
        return f"sofort, {IMMEDIATE}"
    label = f"{weekdays(delivery.schedule)} um {delivery.schedule.time:%H:%M} Uhr"
    return f"{label} (Standard)" if delivery.standard else label


def weekdays(schedule: WeeklyTime) -> str:
    """ "montags", "montags und donnerstags" (BROADCAST_AT's days, PTB numbering)."""
    names = [WEEKDAYS[(day - 1) % 7].lower() + "s" for day in sorted(schedule.days, key=_monday)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]


def time_menu(reader: ReaderSettings) -> str:
    """The text above the time buttons."""
    where = "" if reader.delivery.immediate else f", Zeitzone {reader.zone.key}"
    return (
        f"🕖 Wann soll die Ausgabe kommen? Jetzt: {time_label(reader.delivery)}{where}.\n\n"
        "Jede Minute geht auch: z. B. /settings zeit 07:45."
    )


def zone_menu(reader: ReaderSettings) -> str:
    """The text above the zone buttons."""
    return (
        f"🌍 Deine Zeitzone: {_zone(reader)}. Die Lieferzeit und alle Zeiten, die du siehst, "
        "sind in ihr.\n\nEine andere? Schreib z. B. /settings zone America/Chicago."
    )


def sections_menu(reader: ReaderSettings) -> str:
    """The text above the section buttons."""
    text = "🧩 Welche Abschnitte willst du bekommen? Tipp auf einen, um ihn an- oder "
    text += f"auszuschalten. {ALWAYS}"
    if reader.choice.format == COMPACT:
        text += (
            "\n\nIm kompakten Format kommt ohnehin nur, was du antippst: das hier gilt fürs volle."
        )
    return text


def confirmation(change: Change, reader: ReaderSettings) -> str:
    """What a made change means for the reader, as one line."""
    if change.what == FORMAT:
        fmt = reader.choice.format
        return f"{SAVED} Du bekommst die Ausgabe jetzt {FORMAT_NAMES[fmt]} – {FORMAT_MEANING[fmt]}."
    if change.what == TOGGLE:
        state = "an" if change.value in reader.choice.sections else "aus"
        return f"✅ {SECTION_NAMES.get(change.value or '', 'Der Abschnitt')} ist jetzt {state}."
    if change.what == SECTIONS:
        chosen = _sections(reader)
        chosen = "alle Abschnitte" if chosen.startswith("alle") else f"nur: {chosen}"
        return f"{SAVED} Du bekommst {chosen}. {ALWAYS}"
    if change.what == ZONE:
        return f"{SAVED} Deine Zeitzone ist jetzt {_zone(reader)}.{_next(reader)}"
    assert change.what == TIME
    if reader.delivery.immediate:
        return f"{SAVED} Die Ausgabe kommt jetzt sofort, {IMMEDIATE}."
    return f"{SAVED} Die Ausgabe kommt jetzt {time_label(reader.delivery)}.{_next(reader)}"


def problem(found: Problem) -> str:
    """The answer to input that is no setting (nothing was changed)."""
    given = found.given
    if found.what == FORMAT:
        return (
            f"„{given}“ kenne ich nicht als Format. Es gibt voll ({FORMAT_MEANING['full']}) und "
            f"kompakt ({FORMAT_MEANING['compact']}): z. B. /settings format kompakt."
        )
    if found.what == TIME:
        return (
            f"„{given}“ ist keine Uhrzeit. Schreib sie wie /settings zeit 07:45 (00:00 bis "
            "23:59) – oder /settings zeit sofort bzw. /settings zeit standard."
        )
    if found.what == ZONE:
        text = f"Die Zeitzone „{given}“ kenne ich nicht."
        if found.suggestion:
            return f"{text} Meintest du {found.suggestion}? Dann: /settings zone {found.suggestion}"
        return f"{text} Schreib sie wie /settings zone Europe/Vienna oder America/New_York."
    if found.what == SECTIONS:
        names = ", ".join(SECTION_CHOICES)
        return (
            f"„{given}“ ist kein Abschnitt. Es gibt: {names} – z. B. /settings abschnitte news "
            "chart. Oder /settings abschnitte für die Knöpfe."
        )
    return USAGE


def _format(reader: ReaderSettings) -> str:
    fmt = reader.choice.format
    return f"{FORMAT_NAMES[fmt]} – {FORMAT_MEANING[fmt]}"


def _sections(reader: ReaderSettings) -> str:
    chosen = [SECTION_NAMES[kind] for kind in SECTION_CHOICES if kind in reader.choice.sections]
    text = "alle" if len(chosen) == len(SECTION_CHOICES) else ", ".join(chosen)
    return f"{text} (gilt im vollen Format)" if reader.choice.format == COMPACT else text


def _zone(reader: ReaderSettings) -> str:
    return f"{reader.zone.key} (Standard)" if reader.zone_is_default else reader.zone.key


def _next(reader: ReaderSettings) -> str:
    return f" Nächste Ausgabe: {next_delivery(reader)}." if reader.next_delivery else ""


def _monday(day: int) -> int:
    """Sort PTB's weekdays (0 = Sunday) from Monday on."""
    return (day - 1) % 7


# The settings buttons: what each shows (the current choice gets ✅).
BUTTON_FORMAT = "📄 Format"
BUTTON_SECTIONS = "🧩 Abschnitte"
BUTTON_TIME = "🕖 Zeit"
BUTTON_ZONE = "🌍 Zone"
BUTTON_BACK = "« Zurück"
BUTTON_IMMEDIATE = "⚡ sofort"
COMMON_TIMES = ("06:00", "07:00", "08:00", "12:00", "18:00")
COMMON_ZONES = (
    ("Berlin", "Europe/Berlin"),
    ("Wien", "Europe/Vienna"),
    ("Zürich", "Europe/Zurich"),
    ("London", "Europe/London"),
    ("New York", "America/New_York"),
)


def chosen(label: str, on: bool) -> str:
    """A choice button's label: "✅ kompakt" for the current choice."""
    return f"✅ {label}" if on else label


def clock_of(delivery: DeliveryTime) -> str:
    """The reader's delivery time as "07:45" ("" for `sofort`)."""
    return "" if delivery.schedule is None else f"{delivery.schedule.time:%H:%M}"


def standard_time_button(standard: dt.time) -> str:
    """The button back to BROADCAST_AT's time: "↩️ Standard (07:00)"."""
    return f"↩️ Standard ({standard:%H:%M})"


def standard_zone_button(zone: str) -> str:
    """The button back to TIMEZONE: "↩️ Standard (Europe/Berlin)"."""
    return f"↩️ Standard ({zone})"


def section_button(kind: str, on: bool) -> str:
    """A section's switch: "✅ 📰 News der Woche" (on) or "⬜ 📰 News der Woche" (off)."""
    return f"{'✅' if on else '⬜'} {SECTION_EMOJI[kind]} {SECTION_NAMES[kind]}"


STALE = "Dieser Knopf ist nicht mehr aktuell. /settings zeigt dir deine Einstellungen."
SAVED_NOTE = "Gespeichert ✅"


def menu_text(what: str, reader: ReaderSettings, note: str | None = None) -> str:
    """The text of the overview (OVERVIEW) or of one setting's buttons; `note` on top."""
    texts: dict[str, str | Callable[[ReaderSettings], str]] = {
        FORMAT: FORMAT_MENU,
        TIME: time_menu,
        ZONE: zone_menu,
        SECTIONS: sections_menu,
    }
    if what not in texts:
        return overview(reader, note)
    text = texts[what]
    body = text if isinstance(text, str) else text(reader)
    return f"{note}\n\n{body}" if note else body
