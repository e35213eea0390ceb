"""`doppelbot ingest SOURCE [--link URL]`: store an issue (the same KW replaces the stored one).

SOURCE is a file or an http(s) URL; it goes through the one ingest every path uses
(`bot.publishing.ingest`), and a line says what was stored.
"""

from __future__ import annotations

import argparse


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot ingest SOURCE [--link URL]`."""
    ingest = commands.add_parser("ingest", help="eine Ausgabe speichern (gleiche KW: ersetzen)")
    ingest.add_argument("source", metavar="SOURCE", help="Datei oder http(s)-URL")
    ingest.add_argument("--link", help="bei einem Feed: die Ausgabe mit diesem Link")
    ingest.set_defaults(handler=run_ingest)


def run_ingest(args: argparse.Namespace) -> int:
    """Store the issue of SOURCE and print what was stored; return 0."""
    from bot.config import load_settings
    from bot.publishing.ingest import ingest_source

    print(ingest_source(args.source, settings=load_settings(), link=args.link))
    return 0
