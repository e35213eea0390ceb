"""`doppelbot preview`: an issue shown message by message, as a reader would see it.

The text form starts with a summary line, then marks every section ("══ Abschnitt 2/7 · …") and
every message ("── Nachricht 3/7 · Text · 2168/4096 Zeichen · 13 Formatierungen ──"), prints the
message text as Telegram shows it (a photo message names its image on a "📷" line first), lists its
links under it, and ends with the earnings count and the warnings for the publisher. `--html
OUT.html` writes the issue as the chat shows it, with the web chat's renderer (`bot.demo`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsletter.checks import blocking_problems, issue_checks
from newsletter.german_dates import german_date
from newsletter.limits import CAPTION_LIMITS, TEXT_LIMITS
from newsletter.model import Issue, Message, Section
from newsletter.utf16 import utf16_len, utf16_slice

_KIND_LABELS = {
    "header": "Kopf",
    "lead": "Leitartikel",
    "news": "News der Woche",
    "chart": "Chart der Woche",
    "podcast": "Hörenswert",
    "earnings": "Earnings",
    "closing": "Schluss",
    "other": "Abschnitt",
}
_RULE = "─" * 64
PHOTO_MARK = "📷"


def issue_json(issue: Issue) -> str:
    """Return the `preview --json` document."""
    return json.dumps(issue.to_dict(), ensure_ascii=False, indent=2)


def issue_text(issue: Issue) -> str:
    """Return the issue as plain text: summary, section markers, each message with its links."""
    total = len(issue.messages)
    lines = [issue.meta.title, _summary(issue), ""]
    number = 0
    for index, section in enumerate(issue.sections, start=1):
        lines.append(_section_header(section, index, len(issue.sections)))
        for message in section.messages:
            number += 1
            lines.append(_message_header(message, number, total))
            if message.photo:
                lines.append(f"{PHOTO_MARK} {message.photo}")
            if message.text:
                lines.append(message.text)
            lines.extend(_link_lines(message))
            lines.append(_RULE)
        lines.append("")
    if issue.earnings:
        days = len({row.date for row in issue.earnings})
        lines.append(f"Earnings: {len(issue.earnings)} Unternehmen an {_count(days, 'Tag')}")
    blocking = set(blocking_problems(issue_checks(issue)))
    lines.extend(
        f"⛔ Blockiert: {warning}" if warning in blocking else f"⚠ Warnung: {warning}"
        for warning in issue.warnings
    )
    return "\n".join(lines).rstrip() + "\n"


def _summary(issue: Issue) -> str:
    meta = issue.meta
    parts = [f"KW {meta.week}"] if meta.week is not None else []
    parts += [german_date(meta.date)] if meta.date is not None else []
    parts += [
        _count(len(issue.sections), "Abschnitt"),
        _count(len(issue.messages), "Nachricht"),
        f"{len(issue.earnings)} Earnings",
        _count(len(issue.warnings), "Warnung") if issue.warnings else "keine Warnungen",
    ]
    return " · ".join(parts)


def _section_header(section: Section, index: int, count: int) -> str:
    label = _KIND_LABELS.get(section.kind, section.kind)
    parts = [f"Abschnitt {index}/{count}", f"{label} ({section.kind})"]
    if section.title and section.title != label:
        parts.append(section.title)
    return f"══ {' · '.join(parts)} ══"


def _message_header(message: Message, number: int, total: int) -> str:
    limits = CAPTION_LIMITS if message.photo else TEXT_LIMITS
    kind = ("Foto mit Bildunterschrift" if message.text else "Foto") if message.photo else "Text"
    size = f"{utf16_len(message.text)}/{limits.length} Zeichen"
    entities = _count(len(message.entities), "Formatierung")
    return f"── Nachricht {number}/{total} · {kind} · {size} · {entities} ──"


def _link_lines(message: Message) -> list[str]:
    links = [e for e in message.entities if e.type == "text_link"]
    if not links:
        return []
    out = ["", "Links:"]
    for entity in links:
        label = utf16_slice(message.text, entity.offset, entity.length)
        out.append(f"  [{label}] → {entity.url}")
    return out


_PLURALS = {
    "Abschnitt": "Abschnitte",
    "Nachricht": "Nachrichten",
    "Warnung": "Warnungen",
    "Formatierung": "Formatierungen",
    "Tag": "Tagen",
}


def _count(number: int, noun: str) -> str:
    """ "1 Nachricht", "7 Nachrichten" (the dative "an 4 Tagen" is the one plural used with Tag)."""
    return f"{number} {noun if number == 1 else _PLURALS[noun]}"


def issue_html(issue: Issue) -> str:
    """Return the `preview --html` document: the issue as the chat shows it (the demo's web
    chat renderer), section by section, with the warnings at the end."""
    from bot.demo.bubble import BOT, Bubble
    from bot.demo.issue_page import issue_page

    sections = []
    for index, section in enumerate(issue.sections, start=1):
        bubbles = [
            Bubble(BOT, m.text, [e.to_dict() for e in m.entities], photo=m.photo or None)
            for m in section.messages
        ]
        sections.append((_section_header(section, index, len(issue.sections)).strip("═ "), bubbles))
    blocking = set(blocking_problems(issue_checks(issue)))
    notes = [
        f"⛔ Blockiert: {warning}" if warning in blocking else f"⚠ Warnung: {warning}"
        for warning in issue.warnings
    ]
    return issue_page(issue.meta.title, _summary(issue), sections, notes)


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot preview SOURCE [--json | --html OUT.html] [--link URL]`."""
    preview = commands.add_parser("preview", help="eine Ausgabe als Telegram-Nachrichten zeigen")
    preview.add_argument("source", metavar="SOURCE", help="Datei oder http(s)-URL")
    form = preview.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="als JSON ausgeben")
    form.add_argument(
        "--html", metavar="OUT.html", help="als HTML-Datei schreiben, wie der Chat sie zeigt"
    )
    preview.add_argument("--link", help="bei einem Feed: die Ausgabe mit diesem Link")
    preview.set_defaults(handler=run_preview)


def run_preview(args: argparse.Namespace) -> int:
    """Print the issue of SOURCE as text or JSON, or write it as HTML; return 0."""
    from bot.publishing.ingest import load_issue
    from bot.stats.report import write_output

    issue = load_issue(args.source, link=args.link)
    if args.html:
        write_output(issue_html(issue).encode(), Path(args.html), what="die Vorschau")
        print(f"{args.html} geschrieben: {issue.meta.title} – {_summary(issue)}")
        return 0
    sys.stdout.write(issue_json(issue) + "\n" if args.json else issue_text(issue))
    return 0
