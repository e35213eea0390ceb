"""`doppelbot migrate [--check]`: bring the database schema up to date, or only check it."""

from __future__ import annotations

import argparse


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot migrate [--check]`."""
    migrate = commands.add_parser(
        "migrate", help="das Datenbankschema auf den neuesten Stand bringen"
    )
    migrate.add_argument(
        "--check", action="store_true", help="nur prüfen: Exit-Code 1, wenn es veraltet ist"
    )
    migrate.set_defaults(handler=run_migrate)


def run_migrate(args: argparse.Namespace) -> int:
    """Migrate (or check) DATABASE_URL, print one line; return 0, or 1 for `--check` behind."""
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
