"""Loading an issue from a SOURCE (file or URL) and storing it."""

from __future__ import annotations

from bot.config import Settings
from bot.database import Database
from bot.source import read_source
from newsletter.issue import build_issue
from newsletter.model import Issue
from storage.db import make_engine, migrate
from storage.issues import StoredIssue, store_issue


def load_issue(source: str, *, link: str | None = None) -> Issue:
    """Read SOURCE and render it; raises `SourceError` or `ParseError` with a one-line message."""
    return build_issue(read_source(source), link=link)


def ingest_source(source: str, *, settings: Settings, link: str | None = None) -> str:
    """Render SOURCE, store it in DATABASE_URL and return a one-line German summary."""
    issue = load_issue(source, link=link)
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        stored = Database(engine).run_sync(store_issue, issue=issue)
    finally:
        engine.dispose()
    return ingest_summary(issue, stored)


def ingest_summary(issue: Issue, stored: StoredIssue) -> str:
    """Describe what `store_issue` did, in one line."""
    if stored.created:
        verb = "gespeichert"
    elif stored.changed:
        verb = "ersetzt"
    else:
        verb = "unverändert"
    warnings = f", {len(issue.warnings)} Warnungen" if issue.warnings else ""
    return (
        f"Ausgabe {stored.id} ({stored.key}) {verb}: {issue.meta.title} – "
        f"{len(issue.sections)} Abschnitte, {len(issue.messages)} Nachrichten, "
        f"{len(issue.earnings)} Earnings{warnings}"
    )
