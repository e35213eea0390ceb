"""Search results: earnings dates first, then the best sections with a snippet each."""

from __future__ import annotations

import datetime as dt

from bot.readers.search import Findings, SearchHit
from handlers.formatting.earnings import earnings_mentions
from newsletter.german import issue_label

QUERY_CHARS = 40


def shown_query(query: str) -> str:
    """Return the reader's query as quoted back to them (whitespace folded, cut if long)."""
    query = " ".join(query.split())
    return query if len(query) <= QUERY_CHARS else query[: QUERY_CHARS - 1] + "…"


def hit_label(number: int, hit: SearchHit) -> str:
    """Return the button text that opens a found section: "1 · KW 6/2025"."""
    return f"{number} · {issue_label(hit.week, hit.year, hit.date)}"


def search_results(query: str, findings: Findings, zone: dt.tzinfo) -> str:
    """Return the result text; the numbered sections match the buttons `hit_label` makes
    (numbers go on after an earlier page: "6. …")."""
    if findings.offset:  # `query` is the parsed form here (folded): not shown again
        parts = ["🔎 Weitere Treffer:"]
    else:
        parts = [f"🔎 Treffer für „{shown_query(query)}“:"]
    if findings.earnings:
        parts.append("\n".join(earnings_mentions(findings.earnings, zone)))
    for number, hit in enumerate(findings.sections, start=findings.offset + 1):
        label = issue_label(hit.week, hit.year, hit.date)
        parts.append(f"{number}. {label} · {hit.section_title}\n{hit.snippet}")
    if findings.sections:
        parts.append("Die Knöpfe öffnen den Abschnitt.")
    return "\n\n".join(parts)
