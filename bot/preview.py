"""`doppelbot preview`: an issue shown message by message, as a reader would see it."""

from __future__ import annotations

import json

from newsletter.model import Issue, Message
from newsletter.utf16 import utf16_len

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


def issue_json(issue: Issue) -> str:
    """Return the `preview --json` document."""
    return json.dumps(issue.to_dict(), ensure_ascii=False, indent=2)


def issue_text(issue: Issue) -> str:
    """Return the issue as plain text: section markers, then each message with its links."""
    total = len(issue.messages)
    lines: list[str] = []
    number = 0
    for section in issue.sections:
        label = _KIND_LABELS.get(section.kind, section.kind)
        lines.append(f"══ {label} ({section.kind}): {section.title} ══")
        for message in section.messages:
            number += 1
            lines.append(_message_header(message, number, total))
            lines.append(message.text)
            lines.extend(_link_lines(message))
            lines.append(_RULE)
        lines.append("")
    if issue.earnings:
        lines.append(f"Earnings: {len(issue.earnings)} Unternehmen")
    for warning in issue.warnings:
        lines.append(f"⚠ {warning}")
    return "\n".join(lines).rstrip() + "\n"


def _message_header(message: Message, number: int, total: int) -> str:
    size = utf16_len(message.text)
    kind = f"Foto {message.photo} mit Bildunterschrift" if message.photo else "Text"
    return (
        f"── Nachricht {number}/{total} · {kind} · {size} Zeichen"
        f" · {len(message.entities)} Formatierungen ──"
    )


def _link_lines(message: Message) -> list[str]:
    links = [e for e in message.entities if e.type == "text_link"]
    if not links:
        return []
    units = message.text.encode("utf-16-le")
    out = ["", "Links:"]
    for entity in links:
        label = units[2 * entity.offset : 2 * (entity.offset + entity.length)].decode("utf-16-le")
        out.append(f"  [{label}] → {entity.url}")
    return out
