"""Ingest: the ONE way an issue gets stored, whatever brought it (CLI, feed, admin upload).

`store_reviewed` runs the conversion checks (including the one that needs earlier issues: a lead
story identical to an earlier one), stores the issue (the same key replaces it in place) and
records its blocking problems. The admins' preview of new content is sent by `bot.review` from
what is stored, so every path leads to the same preview.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlmodel import Session

from bot.config import Settings
from bot.database import Database
from bot.publishing.source import read_source
from newsletter.checks import blocking_problems, issue_checks, lead_digest
from newsletter.issue import build_issue
from newsletter.model import Issue, Message, Section
from storage.broadcasts import broadcast_for_issue
from storage.db import make_engine, migrate
from storage.issues import StoredIssue, get_issue, issue_id_for_key, issue_key, store_issue
from storage.review import lead_messages, set_blocking


class Ingested(NamedTuple):
    """What storing did: the stored issue, its blocking problems, and whether it had already
    been broadcast (a change is then a correction)."""

    stored: StoredIssue
    blocking: list[str]
    broadcast: bool


def load_issue(source: str, *, link: str | None = None) -> Issue:
    """Read SOURCE and render it; raises `SourceError` or `ParseError` with a one-line message."""
    return build_issue(read_source(source), link=link)


def store_reviewed(*, session: Session, issue: Issue) -> Ingested:
    """Check and store `issue` in the caller's transaction (see the module docstring)."""
    existing = issue_id_for_key(session=session, key=issue_key(issue.meta))
    earlier = earlier_leads(session=session, exclude_issue=existing)
    checks = issue_checks(issue, earlier_leads=earlier)
    issue.warnings = list(dict.fromkeys([*issue.warnings, *(c.text for c in checks)]))
    stored = store_issue(session=session, issue=issue)
    blocking = blocking_problems(checks)
    set_blocking(session=session, issue_id=stored.id, problems=blocking)
    sent = broadcast_for_issue(session=session, issue_id=stored.id) is not None
    return Ingested(stored, blocking, sent)


def earlier_leads(*, session: Session, exclude_issue: int | None = None) -> dict[str, str]:
    """`lead_digest` → label ("KW 5/2025") of every stored issue but `exclude_issue`."""
    leads: dict[str, str] = {}
    for issue_id, messages in lead_messages(session=session, exclude_issue=exclude_issue):
        digest = lead_digest([Section("lead", "", "", [Message.from_dict(m) for m in messages])])
        record = get_issue(session=session, issue_id=issue_id)
        if digest is not None and record is not None:
            leads[digest] = _label(record.week, record.year, record.title)
    return leads


def ingest_source(source: str, *, settings: Settings, link: str | None = None) -> str:
    """Render SOURCE, store it in DATABASE_URL and return a one-line German summary."""
    issue = load_issue(source, link=link)
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        ingested = Database(engine).run_sync(store_reviewed, issue=issue)
    finally:
        engine.dispose()
    return ingest_summary(issue, ingested)


def ingest_summary(issue: Issue, ingested: Ingested) -> str:
    """Describe what `store_reviewed` did, in one line."""
    stored = ingested.stored
    if stored.created:
        verb = "gespeichert"
    elif stored.changed:
        verb = "ersetzt" if not ingested.broadcast else "geändert (schon versendet: Korrektur)"
    else:
        verb = "unverändert"
    warnings = f", {len(issue.warnings)} Warnungen" if issue.warnings else ""
    held = f", blockiert bis zur Freigabe ({len(ingested.blocking)})" if ingested.blocking else ""
    return (
        f"Ausgabe {stored.id} ({stored.key}) {verb}: {issue.meta.title} – "
        f"{len(issue.sections)} Abschnitte, {len(issue.messages)} Nachrichten, "
        f"{len(issue.earnings)} Earnings{warnings}{held}"
    )


def _label(week: int | None, year: int | None, title: str) -> str:
    if week is None:
        return f"„{title}“"
    return f"KW {week}/{year}" if year else f"KW {week}"
