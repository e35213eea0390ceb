"""`doppelbot correct [--issue ID]`: a correction in the foreground, with a progress bar.

The newest issue (or issue ID) is compared with what its readers got; the changed messages are
edited in every chat that has them. An unfinished correction of it (stopped, crashed) is
continued where its ledger stands. Exit codes: 0 done, 2 a user error (one German line on
stderr: never sent, nothing to correct, broadcast still running, run by another process), 130
stopped by a signal (run the command again to continue), 1 stopped for another reason.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from telegram.error import InvalidToken

from bot.cli.foreground import REFUSED_TOKEN, exit_code, in_foreground
from bot.config import Settings
from bot.corrections.proposal import CorrectionError, prepare_correction
from bot.corrections.runner import run_correction
from bot.database import Database
from bot.delivery.runner import RunResult
from storage.db import make_engine, migrate


def correct_now(settings: Settings, *, issue_id: int | None = None) -> int:
    """Run the correction now in the foreground; return the exit code. Raises
    `CorrectionError` or `ConfigError` for user errors (the CLI prints one line, exit 2)."""
    settings.require_token()
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        db = Database(engine)
        correction_id = db.run_sync(prepare_correction, issue_id=issue_id)
        try:
            result = asyncio.run(_run(correction_id, settings, db))
        except InvalidToken:
            raise CorrectionError(REFUSED_TOKEN) from None
    finally:
        engine.dispose()
    state = "abgeschlossen" if result.complete else f"unterbrochen ({result.stop_reason})"
    print(f"doppelbot: Korrektur {correction_id} {state}.", file=sys.stderr)
    return exit_code(result)


async def _run(correction_id: int, settings: Settings, db: Database) -> RunResult:
    return await in_foreground(
        lambda hooks: run_correction(correction_id, settings=settings, db=db, hooks=hooks),
        unit=" Bearb.",
        postfix=lambda snap: (
            f"{snap.rate:.1f}/s, übersprungen {snap.blocked}, fehlgeschlagen {snap.failed}"
        ),
    )


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot correct [--issue ID]`."""
    correct = commands.add_parser(
        "correct", help="eine versendete Ausgabe, die sich geändert hat, bei allen korrigieren"
    )
    correct.add_argument("--issue", type=int, metavar="ID", help="diese Ausgabe statt der neuesten")
    correct.set_defaults(handler=run_correct)


def run_correct(args: argparse.Namespace) -> int:
    """Run the correction now in the foreground; return the exit code."""
    from bot.config import load_settings
    from bot.runtime.logs import setup_logging

    settings = load_settings()
    setup_logging(settings.log_level)
    return correct_now(settings, issue_id=args.issue)
