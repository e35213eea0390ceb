"""Conversion checks: what the publisher should look at before an issue goes out.

`issue_checks(issue)` returns German one-liners. Most are warnings; those that make the
conversion untrustworthy are **blocking** (no lead story, fewer than two sections, a message
Telegram would refuse): such an issue is held until an admin approves it. `lead_digest` lets the
caller compare lead stories across issues (the one check that needs earlier issues).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from newsletter.limits import CAPTION_LIMITS, TEXT_LIMITS
from newsletter.model import Issue, Message, Section
from newsletter.utf16 import utf16_len
from newsletter.validity import message_problems

NEAR_LIMIT = 0.9
EXPECTED_KINDS = {
    "lead": "Leitartikel",
    "news": "News der Woche",
    "chart": "Chart der Woche",
    "podcast": "Hörenswert/Podcast",
    "earnings": "Earnings",
}
_FRAME_KINDS = frozenset({"header", "closing"})
_TRACKING = re.compile(
    r"^(?:utm_\w+|_bhlid|fbclid|gclid|dclid|mc_cid|mc_eid|mkt_tok|_hsenc)$", re.I
)
_WEB_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class Check:
    """One finding: a German line, and whether it holds the issue until an admin approves it."""

    text: str
    blocking: bool = False


def issue_checks(issue: Issue, *, earlier_leads: dict[str, str] | None = None) -> list[Check]:
    """Every finding about `issue`; `earlier_leads` maps `lead_digest`s of earlier issues to
    their labels (a lead story identical to one of them is reported)."""
    found = _sections(issue) + _messages(issue) + _links(issue) + _earnings(issue)
    found += _week(issue)
    digest = lead_digest(issue.sections)
    if earlier_leads and digest is not None and digest in earlier_leads:
        found.append(Check(f"Der Leitartikel ist identisch mit dem von {earlier_leads[digest]}."))
    return list(dict.fromkeys(found))


def blocking_problems(checks: list[Check]) -> list[str]:
    """The texts of the blocking checks."""
    return [check.text for check in checks if check.blocking]


def lead_digest(sections: list[Section]) -> str | None:
    """A digest of the lead story's text (whitespace-insensitive), or None without a lead."""
    lead = next((s for s in sections if s.kind == "lead"), None)
    if lead is None:
        return None
    text = " ".join("\n".join(m.text for m in lead.messages).split()).casefold()
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _sections(issue: Issue) -> list[Check]:
    kinds = {s.kind for s in issue.sections}
    content = [s for s in issue.sections if s.kind not in _FRAME_KINDS]
    found: list[Check] = []
    if not kinds & EXPECTED_KINDS.keys():
        found.append(Check("Kein Abschnitt erkannt (Leitartikel, News, Chart, Podcast, Earnings)."))
    if "lead" not in kinds:
        found.append(Check("Kein Leitartikel erkannt.", blocking=True))
    if len(content) < 2:
        found.append(
            Check(f"Nur {len(content)} Abschnitt(e) neben Kopf und Schluss.", blocking=True)
        )
    missing = [
        name for kind, name in EXPECTED_KINDS.items() if kind != "lead" and kind not in kinds
    ]
    if missing and kinds & EXPECTED_KINDS.keys():
        found.append(Check("Abschnitte fehlen: " + ", ".join(missing) + "."))
    return found


def _messages(issue: Issue) -> list[Check]:
    found = [
        Check(f"Telegram würde eine Nachricht ablehnen: {problem}.", blocking=True)
        for problem in message_problems(issue.sections)
    ]
    for section, number, message in _numbered(issue.sections):
        limits = CAPTION_LIMITS if message.photo else TEXT_LIMITS
        size, entities = utf16_len(message.text), len(message.entities)
        where = f"{_name(section)}, Nachricht {number}"
        if limits.length >= size > NEAR_LIMIT * limits.length:
            kind = "Bildunterschrift" if message.photo else "Text"
            found.append(Check(f"{where}: {kind} nah am Limit ({size}/{limits.length} Zeichen)."))
        if limits.entities >= entities > NEAR_LIMIT * limits.entities:
            found.append(
                Check(f"{where}: {entities}/{limits.entities} Formatierungen (nah am Limit).")
            )
    return found


def _links(issue: Issue) -> list[Check]:
    found: list[Check] = []
    for section, number, message in _numbered(issue.sections):
        for entity in message.entities:
            if entity.type != "text_link" or not entity.url:
                continue
            where = f"{_name(section)}, Nachricht {number}"
            parts = urlsplit(entity.url)
            if parts.scheme.lower() not in _WEB_SCHEMES:
                found.append(Check(f"{where}: Link ohne http(s): {entity.url[:80]}"))
            tracking = [k for k, _ in parse_qsl(parts.query) if _TRACKING.match(k)]
            if tracking:
                found.append(
                    Check(f"{where}: Link mit Tracking-Parametern ({', '.join(tracking)}).")
                )
    return found


def _earnings(issue: Issue) -> list[Check]:
    found: list[Check] = []
    untimed = [row.company for row in issue.earnings if row.timing is None]
    if untimed:
        found.append(Check("Earnings ohne Zeitangabe (BMO/AMC): " + ", ".join(untimed[:8]) + "."))
    monday = _monday(issue)
    if monday is not None:
        outside = [r for r in issue.earnings if not monday <= r.date < monday + dt.timedelta(7)]
        if outside:
            names = ", ".join(f"{r.company} ({r.date:%d.%m.})" for r in outside[:5])
            found.append(Check(f"Earnings-Datum außerhalb der Woche der Ausgabe: {names}."))
    return found


def _week(issue: Issue) -> list[Check]:
    meta = issue.meta
    match = re.search(r"\bKW\s*(\d{1,2})\b", meta.title, re.I)
    if match is None or meta.date is None:
        return []
    title_week, date_week = int(match[1]), meta.date.isocalendar().week
    if title_week == date_week:
        return []
    return [
        Check(
            f"Die KW im Titel (KW{title_week}) passt nicht zum Datum "
            f"{meta.date:%d.%m.%Y} (KW{date_week})."
        )
    ]


def _monday(issue: Issue) -> dt.date | None:
    if issue.meta.date is None:
        return None
    return issue.meta.date - dt.timedelta(days=issue.meta.date.weekday())


def _numbered(sections: list[Section]) -> list[tuple[Section, int, Message]]:
    return [(s, n, m) for s in sections for n, m in enumerate(s.messages, start=1)]


def _name(section: Section) -> str:
    return f"„{section.title[:40]}“" if section.title else section.kind
