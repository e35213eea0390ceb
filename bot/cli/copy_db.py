"""`doppelbot copy-db URL`: copy the whole installation from DATABASE_URL into an empty database.

The target at URL (PostgreSQL, or a SQLite file: `sqlite:///backup.db` makes a backup) is
migrated first and must be empty; every table is copied in batches (`storage.copying`) with a
progress bar on stderr, the row counts are compared, the source is only read. Stop the bot
before copying (docs/operations.md: "From SQLite to PostgreSQL in three steps"). A target that
is not empty, the same database as the source, or an unreachable one ends with one German line
and exit code 2.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import Engine, Table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from tqdm import tqdm

from bot.config import ConfigError
from bot.runtime.logs import redact
from newsletter.german import number


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot copy-db URL [--batch N]`."""
    copy = commands.add_parser(
        "copy-db",
        help="die ganze Installation in eine leere Datenbank kopieren (Umzug, Sicherung)",
    )
    copy.add_argument(
        "url", metavar="URL", help="die leere Zieldatenbank, z. B. postgresql://… oder sqlite:///…"
    )
    copy.add_argument(
        "--batch", type=int, default=1000, metavar="N", help="Zeilen je Schub (Standard 1000)"
    )
    copy.set_defaults(handler=run_copy_db)


def run_copy_db(args: argparse.Namespace) -> int:
    """Copy DATABASE_URL into `args.url`; print what was copied; return 0."""
    from bot.config import load_settings
    from storage.copying import copy_database, row_counts, tables
    from storage.db import make_engine, normalise_database_url

    source_url = load_settings().database_url
    target_url = _checked(args.url)
    if args.batch < 1:
        raise ConfigError("--batch muss mindestens 1 sein.")
    if normalise_database_url(source_url) == normalise_database_url(target_url):
        raise ConfigError("Ziel und Quelle (DATABASE_URL) sind dieselbe Datenbank.")
    source, target = make_engine(source_url), make_engine(target_url)
    _reachable(target)
    names = [table.name for table in tables()]
    bars: list[tqdm] = []  # made at the first batch: a refusal shows no bar

    def progress(table: Table, rows: int) -> None:
        if not bars:
            with source.connect() as connection:
                total = sum(row_counts(connection).values())
            bars.append(tqdm(total=total, unit=" Zeilen", file=sys.stderr, mininterval=0.5))
        step = names.index(table.name) + 1
        bars[0].set_description(f"{table.name} ({step}/{len(names)})", refresh=False)
        bars[0].update(rows)

    try:
        copied = copy_database(source, target, batch=args.batch, progress=progress)
    finally:
        for bar in bars:
            bar.close()
        source.dispose()
        target.dispose()
    where = make_url(normalise_database_url(target_url)).render_as_string(hide_password=True)
    filled = sum(1 for n in copied.rows.values() if n)
    print(
        f"Kopiert: {number(copied.total)} Zeilen in {filled} von {len(names)} Tabellen "
        f"nach {where}; die Zeilenzahlen stimmen überein."
    )
    return 0


def _checked(url: str) -> str:
    """`url` if SQLAlchemy can read it (a SQLite file or PostgreSQL), else a German error."""
    from storage.db import normalise_database_url

    try:
        parsed = make_url(normalise_database_url(url))
    except ArgumentError:
        raise ConfigError(
            "Keine gültige Datenbank-URL (postgresql://… oder sqlite:///…)."
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError("Ziel muss eine PostgreSQL- oder SQLite-URL sein.")
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise ConfigError("Eine SQLite-Zieldatei angeben, z. B. sqlite:///sicherung.db")
    return url


def _reachable(target: Engine) -> None:
    """Raise a German `ConfigError` when the target database does not answer."""
    try:
        with target.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        target.dispose()
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise ConfigError(redact(f"Die Zieldatenbank ist nicht erreichbar: {reason}")) from None
