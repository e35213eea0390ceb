"""The `doppelbot` command line (also `python -m bot`): the parser and the error policy; each
command lives in its own module of `bot.cli` and registers itself (`COMMANDS`).

Errors a user can cause (a missing file, a malformed setting, input that is not an issue) end with
one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.exc import SQLAlchemyError
from telegram.error import InvalidToken, TelegramError

from bot.broadcast.selection import BroadcastError
from bot.cli import (
    backfill,
    broadcast,
    copy_db,
    correct,
    demo,
    ingest,
    migrate,
    preview,
    run,
    stats,
    status,
)
from bot.cli.command_line import GermanParser
from bot.config import ConfigError
from bot.publishing.source import SourceError
from bot.runtime.instance_guard import SecondInstance
from bot.runtime.logs import redact
from bot.stats.report import ChartWriteError
from newsletter.errors import ParseError
from storage.copying import CopyError

EXIT_USAGE = 2


COMMANDS = (
    preview,
    ingest,
    backfill,
    run,
    broadcast,
    stats,
    correct,
    migrate,
    copy_db,
    status,
    demo,
)
"""The commands, in the order `doppelbot --help` lists them; each module registers its own."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = GermanParser(
        prog="doppelbot",
        description="Doppelbot: der Doppelgänger-Newsletter in Telegram.",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", title="Befehle"
    )
    for command in COMMANDS:
        command.add_command(commands)
    return parser


def startup_problem(exc: TelegramError | SQLAlchemyError) -> str:
    """Describe, in one German line, why Telegram or the database refused to start with us."""
    if isinstance(exc, InvalidToken):
        return "Telegram hat TELEGRAM_BOT_TOKEN abgelehnt: Token bei @BotFather prüfen."
    if isinstance(exc, TelegramError):
        return redact(f"Telegram ist nicht erreichbar oder antwortet nicht: {exc.message}")
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return redact(f"Die Datenbank (DATABASE_URL) ist nicht erreichbar: {reason}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (
        ConfigError,
        SourceError,
        ParseError,
        BroadcastError,
        SecondInstance,
        ChartWriteError,
        CopyError,
    ) as exc:
        print(f"doppelbot: Fehler: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (TelegramError, SQLAlchemyError) as exc:
        print(f"doppelbot: Fehler: {startup_problem(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("doppelbot: abgebrochen", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
