"""The archive list: one entry per issue (label, date, title), with a page indicator."""

from __future__ import annotations

import re

from bot.readers.library import ArchivePage, IssueSummary
from newsletter.german import issue_label
from newsletter.german_dates import german_date

_WEEK_PREFIX = re.compile(r"^\s*KW\s*\d{1,2}\s*[-–—:]\s*", re.IGNORECASE)
TITLE_CHARS = 90


def short_title(title: str) -> str:
    """Return the title without its "KW6 - " prefix (the label shows the week), cut if long."""
    title = _WEEK_PREFIX.sub("", title).strip() or title.strip()
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def label(issue: IssueSummary) -> str:
    """Return the issue's label: "KW 6/2025"."""
    return issue_label(issue.week, issue.year, issue.date)


def entry(issue: IssueSummary) -> str:
    """Return "KW 6/2025 · 3. Februar 2025" and the title on the next line."""
    head = label(issue)
    if issue.date is not None and issue.week is not None:
        head += f" · {german_date(issue.date)}"
    return f"{head}\n{short_title(issue.title)}"


def archive_list(page: ArchivePage) -> str:
    """Return the text of one archive page (the buttons open the issues)."""
    if not page.issues:
        return "📚 Das Archiv ist noch leer."
    count = "1 Ausgabe" if page.total == 1 else f"{page.total} Ausgaben"
    where = f", Seite {page.page + 1}/{page.pages}" if page.pages > 1 else ""
    entries = "\n\n".join(entry(issue) for issue in page.issues)
    return (
        f"📚 Archiv – {count}{where}\n\n{entries}\n\n"
        "Tipp: /archive 6 öffnet eine KW direkt. Die Knöpfe öffnen eine Ausgabe."
    )


def open_button(issue: IssueSummary) -> str:
    """Return the text of the button that opens an issue: "📖 KW 6/2025"."""
    return f"📖 {label(issue)}"
