"""`doppelbot broadcast --now [--issue ID]`: a broadcast in the foreground, with a progress bar.

The newest issue (or issue ID) is sent now; an unfinished broadcast of it (stopped, crashed,
paused) is continued where its ledger stands. Ctrl+C or SIGTERM stops it cleanly: messages in
flight are recorded, the lease is released, and the next run continues. Exit codes: 0 done,
2 a user error (one line on stderr: no new issue, unknown issue, already sent, sent by another
process), 130 stopped by a signal, 1 stopped for another reason.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from telegram.error import InvalidToken

from bot.broadcast.runner import run_broadcast
from bot.broadcast.selection import BroadcastError, prepare_broadcast
from bot.cli.foreground import REFUSED_TOKEN, exit_code, in_foreground
from bot.config import Settings
from bot.database import Database
from bot.delivery.progress import Snapshot
from bot.delivery.runner import RunResult
from storage.broadcast_leases import pause_or_resume
from storage.db import make_engine, migrate
from storage.tables import BroadcastStatus, BroadcastTrigger


def broadcast_now(settings: Settings, *, issue_id: int | None = None) -> int:
    """Send the broadcast now in the foreground; return the exit code.

    Raises `BroadcastError` or `ConfigError` for user errors (the CLI prints one line, exit 2).
    """
    settings.require_token()
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        db = Database(engine)
        plan = db.run_sync(prepare_broadcast, trigger=BroadcastTrigger.CLI.value, issue_id=issue_id)
        assert plan.broadcast.id is not None
        if plan.broadcast.status == BroadcastStatus.PAUSED:  # an explicit --now resumes it
            db.run_sync(pause_or_resume, broadcast_id=plan.broadcast.id, pause=False)
        try:
            result = asyncio.run(_run(plan.broadcast.id, settings, db))
        except InvalidToken:
            raise BroadcastError(REFUSED_TOKEN) from None
    finally:
        engine.dispose()
    print(_summary(result), file=sys.stderr)
    return exit_code(result)


async def _run(broadcast_id: int, settings: Settings, db: Database) -> RunResult:
    return await in_foreground(
        lambda hooks: run_broadcast(broadcast_id, settings=settings, db=db, hooks=hooks),
        unit=" Nachr.",
        postfix=_postfix,
    )


def _postfix(snap: Snapshot) -> str:
    state = "pausiert" if snap.paused else f"{snap.rate:.1f}/s"
    return (
        f"Nachricht {snap.round}/{snap.messages}, {state}, "
        f"blockiert {snap.blocked}, fehlgeschlagen {snap.failed}"
    )


def _summary(result: RunResult) -> str:
    if result.complete:
        return f"doppelbot: Versand {result.row_id} abgeschlossen."
    return f"doppelbot: Versand {result.row_id} unterbrochen ({result.stop_reason})."


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot broadcast --now [--issue ID]`."""
    broadcast = commands.add_parser(
        "broadcast", help="eine Ausgabe jetzt an alle Abonnenten senden"
    )
    broadcast.add_argument(
        "--now", action="store_true", required=True, help="jetzt senden (im Vordergrund)"
    )
    broadcast.add_argument(
        "--issue", type=int, metavar="ID", help="diese Ausgabe statt der neuesten"
    )
    broadcast.set_defaults(handler=run_broadcast_command)


def run_broadcast_command(args: argparse.Namespace) -> int:
    """Send the broadcast now in the foreground; return the exit code."""
    from bot.config import load_settings
    from bot.runtime.logs import setup_logging

    settings = load_settings()
    setup_logging(settings.log_level, settings.log_format)
    return broadcast_now(settings, issue_id=args.issue)
