"""`doppelbot status`: the state of the bot in a few German lines, from the database.

Readers (active, blocked, and the others), the newest issue, the last broadcast and its state,
the leader (which instance, how it gets updates, its last sign of life) and the schema version.
An outdated schema is reported with what to do, and nothing else is read.
"""

from __future__ import annotations

import argparse
import datetime as dt

from sqlalchemy import Engine
from sqlmodel import Session

from bot.broadcast import texts
from bot.config import Settings
from bot.runtime.instance_guard import MODE_NAMES
from bot.runtime.leader import ROLE
from bot.runtime.schema import schema_state
from newsletter.german import duration, number, titled_label
from storage.broadcasts import latest_broadcast, newest_issue
from storage.db import session_scope
from storage.issues import get_issue
from storage.leader_leases import Leader, current_leader
from storage.subscribers import count_by_status
from storage.tables.timestamps import utcnow


def status_lines(engine: Engine, settings: Settings, now: dt.datetime | None = None) -> list[str]:
    """The lines `doppelbot status` prints."""
    now = now or utcnow()
    state = schema_state(engine)
    schema = f"Schema-Version: {state.describe()}"
    if not state.is_current:
        return [schema, "Zuerst doppelbot migrate ausführen, dann zeigt status mehr."]
    with session_scope(engine) as session:
        lines = [
            _readers(session),
            _newest_issue(session),
            _last_broadcast(session, now),
            _leader(current_leader(session=session, name=ROLE), settings, now),
        ]
    return [*lines, schema]


def _readers(session: Session) -> str:
    counts = count_by_status(session=session)
    others = (
        f"dazu {number(counts['unsubscribed'])} abgemeldet, {number(counts['new'])} nur gestartet"
    )
    return (
        f"Leser:innen: {number(counts['active'])} aktiv, "
        f"{number(counts['blocked'])} blockiert ({others})"
    )


def _newest_issue(session: Session) -> str:
    issue = newest_issue(session=session)
    if issue is None:
        return "Neueste Ausgabe: keine gespeichert"
    return (
        f"Neueste Ausgabe: {titled_label(issue)} "
        f"(Nr. {issue.id}, gespeichert {issue.ingested_at:%d.%m.%Y %H:%M} UTC)"
    )


def _last_broadcast(session: Session, now: dt.datetime) -> str:
    broadcast = latest_broadcast(session=session)
    if broadcast is None:
        return "Letzter Versand: noch keiner"
    issue = get_issue(session=session, issue_id=broadcast.issue_id)
    label = titled_label(issue) if issue else f"Versand {broadcast.id}"
    report = texts.status(label, broadcast, now).replace("\n", " · ")
    return f"Letzter {report}"


def _leader(leader: Leader | None, settings: Settings, now: dt.datetime) -> str:
    if leader is None or leader.owner is None or leader.heartbeat_at is None:
        return "Leader: keiner (keine Instanz läuft)"
    age = (now - leader.heartbeat_at).total_seconds()
    who = f"{leader.owner.split(':')[0]} ({MODE_NAMES.get(leader.mode or '', '?')})"
    since = f"seit {leader.elected_at:%d.%m. %H:%M} UTC, " if leader.elected_at else ""
    sign = f"letztes Lebenszeichen vor {duration(age)}"
    if age > settings.lease_ttl.total_seconds():
        return f"Leader: keiner (zuletzt {who}, {sign})"
    return f"Leader: {who}, {since}{sign}"


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot status`."""
    status = commands.add_parser("status", help="Leser:innen, Ausgaben, Versand, Leader, Schema")
    status.set_defaults(handler=run_status)


def run_status(args: argparse.Namespace) -> int:
    """Print the state of DATABASE_URL in a few lines; return 0."""
    from bot.config import load_settings
    from storage.db import make_engine

    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        print("\n".join(status_lines(engine, settings)))
    finally:
        engine.dispose()
    return 0
