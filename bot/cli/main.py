"""The `doppelbot` command line (also `python -m bot`).

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
from bot.cli.command_line import GermanParser
from bot.config import ConfigError
from bot.publishing.source import SourceError
from bot.runtime.instance_guard import SecondInstance
from bot.runtime.logs import redact
from newsletter.errors import ParseError

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = GermanParser(
        prog="doppelbot",
        description="Doppelbot: der Doppelgänger-Newsletter in Telegram.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="Befehle")

    preview = sub.add_parser("preview", help="eine Ausgabe als Telegram-Nachrichten zeigen")
    preview.add_argument("source", metavar="SOURCE", help="Datei oder http(s)-URL")
    preview.add_argument("--json", action="store_true", help="als JSON ausgeben")
    preview.add_argument("--link", help="bei einem Feed: die Ausgabe mit diesem Link")
    preview.set_defaults(handler=_preview)

    ingest = sub.add_parser("ingest", help="eine Ausgabe speichern (gleiche KW: ersetzen)")
    ingest.add_argument("source", metavar="SOURCE", help="Datei oder http(s)-URL")
    ingest.add_argument("--link", help="bei einem Feed: die Ausgabe mit diesem Link")
    ingest.set_defaults(handler=_ingest)

    run = sub.add_parser("run", help="den Bot starten (Webhook mit WEBHOOK_URL, sonst Polling)")
    how = run.add_mutually_exclusive_group()
    how.add_argument("--webhook", action="store_true", help="Webhook-Modus (WEBHOOK_URL, PORT)")
    how.add_argument("--polling", action="store_true", help="Long Polling (eine Instanz)")
    run.set_defaults(handler=_run)

    broadcast = sub.add_parser("broadcast", help="eine Ausgabe jetzt an alle Abonnenten senden")
    broadcast.add_argument(
        "--now", action="store_true", required=True, help="jetzt senden (im Vordergrund)"
    )
    broadcast.add_argument(
        "--issue", type=int, metavar="ID", help="diese Ausgabe statt der neuesten"
    )
    broadcast.set_defaults(handler=_broadcast)

    stats = sub.add_parser("stats", help="Statistik: Leser:innen, Empfehlungen, Versände")
    stats.add_argument("--png", metavar="FILE", help="die Grafik als PNG in FILE schreiben")
    stats.set_defaults(handler=_stats)
    correct = sub.add_parser(
        "correct", help="eine versendete Ausgabe, die sich geändert hat, bei allen korrigieren"
    )
    correct.add_argument("--issue", type=int, metavar="ID", help="diese Ausgabe statt der neuesten")
    correct.set_defaults(handler=_correct)

    migrate = sub.add_parser("migrate", help="das Datenbankschema auf den neuesten Stand bringen")
    migrate.add_argument(
        "--check", action="store_true", help="nur prüfen: Exit-Code 1, wenn es veraltet ist"
    )
    migrate.set_defaults(handler=_migrate)

    status = sub.add_parser("status", help="Leser:innen, Ausgaben, Versand, Leader, Schema")
    status.set_defaults(handler=_status)
    return parser


def _preview(args: argparse.Namespace) -> int:
    from bot.cli.preview import issue_json, issue_text
    from bot.publishing.ingest import load_issue

    issue = load_issue(args.source, link=args.link)
    sys.stdout.write(issue_json(issue) + "\n" if args.json else issue_text(issue))
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.publishing.ingest import ingest_source

    settings = load_settings()
    print(ingest_source(args.source, settings=settings, link=args.link))
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.runtime.logs import setup_logging

    settings = load_settings()
    settings.require_token()
    setup_logging(settings.log_level, settings.log_format)
    mode = "webhook" if args.webhook else "polling" if args.polling else settings.mode
    if mode == "webhook":
        from bot.runtime.webhook_mode import serve_webhook

        return serve_webhook(settings)
    from bot.runtime.polling_mode import serve_polling

    return serve_polling(settings)


def _broadcast(args: argparse.Namespace) -> int:
    from bot.cli.broadcast import broadcast_now
    from bot.config import load_settings
    from bot.runtime.logs import setup_logging

    settings = load_settings()
    setup_logging(settings.log_level, settings.log_format)
    return broadcast_now(settings, issue_id=args.issue)


def _stats(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.cli.stats import print_stats
    from bot.config import load_settings
    from bot.stats.report import ChartWriteError

    settings = load_settings()
    try:
        return print_stats(settings, png=Path(args.png) if args.png else None)
    except ChartWriteError as exc:
        print(f"doppelbot: Fehler: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _correct(args: argparse.Namespace) -> int:
    from bot.cli.correct import correct_now
    from bot.config import load_settings
    from bot.runtime.logs import setup_logging

    settings = load_settings()
    setup_logging(settings.log_level)
    return correct_now(settings, issue_id=args.issue)


def _migrate(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.runtime.schema import migrate_database
    from storage.db import make_engine

    engine = make_engine(load_settings().database_url)
    try:
        code, line = migrate_database(engine, check=args.check)
    finally:
        engine.dispose()
    print(line)
    return code


def _status(args: argparse.Namespace) -> int:
    from bot.cli.status import status_lines
    from bot.config import load_settings
    from storage.db import make_engine

    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        print("\n".join(status_lines(engine, settings)))
    finally:
        engine.dispose()
    return 0


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
    except (ConfigError, SourceError, ParseError, BroadcastError, SecondInstance) as exc:
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
