"""`doppelbot copy-db URL`: an SQLite installation moved to PostgreSQL answers the same there
(nothing sent twice, nobody forgotten), a copy to a SQLite file is a backup, and what cannot be
copied ends with one German line and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.cli.main import main
from bot.database import Database
from bot.simulator.bot_api_thread import FakeBotAPIThread
from storage.db import make_engine, migrate
from storage.folding import fold
from storage.issues import store_issue
from storage.preferences import get_preferences, set_format, set_timezone
from storage.referrals import referral_count
from storage.watchlist import follow_company, watchlist
from tests.bot.broadcast_fixtures import TEXTS, add_readers, invited_by, small_issue
from tests.storage.test_copying import contents

READERS = range(1, 14)


@pytest.fixture
def database(cli_database_url: str) -> Engine:
    """DATABASE_URL: a SQLite file with an issue and thirteen readers; reader 3 has choices, a
    watchlist, and invited reader 13."""
    url = cli_database_url
    engine = make_engine(url)
    migrate(engine)
    db = Database(engine)
    db.run_sync(store_issue, issue=small_issue(week=6))
    add_readers(engine, READERS[:-1])
    db.run_sync(set_format, chat_id=3, delivery_format="compact")
    db.run_sync(set_timezone, chat_id=3, timezone="America/New_York")
    db.run_sync(follow_company, chat_id=3, company="Nvidia", folded=fold("Nvidia"), limit=10)
    db.run_sync(invited_by, inviter=3, chat_id=13)
    yield engine
    engine.dispose()


def test_moved_to_postgresql_the_bot_sends_nothing_twice_and_forgets_nobody(
    database: Engine, postgres_schema: str, monkeypatch, capsys
) -> None:
    with FakeBotAPIThread(rate=1000, latency=0.001) as api:
        monkeypatch.setenv("TELEGRAM_API_URL", api.base_url)
        monkeypatch.setenv("BROADCAST_RATE", "500")
        assert main(["broadcast", "--now"]) == 0
        sent = api.stats()["sends"]
        before = contents(database)
        capsys.readouterr()

        assert main(["copy-db", postgres_schema]) == 0
        out, err = capsys.readouterr()
        assert out.startswith("Kopiert: ") and "die Zeilenzahlen stimmen überein" in out
        assert "Zeilen" in err  # the progress bar
        assert contents(database) == before  # the source is only read

        monkeypatch.setenv("DATABASE_URL", postgres_schema)
        assert main(["broadcast", "--now"]) == 2  # done before the move: not again
        assert "schon versendet" in capsys.readouterr().err
        assert api.stats()["sends"] == sent and api.stats()["duplicates"] == 0

        copy = Database(make_engine(postgres_schema))
        assert copy.run_sync(get_preferences, chat_id=3).timezone == "America/New_York"
        assert [c.name for c in copy.run_sync(watchlist, chat_id=3)] == ["Nvidia"]
        assert copy.run_sync(referral_count, chat_id=3) == 1
        copy.run_sync(store_issue, issue=small_issue(week=7))  # a new id after the copied ones
        assert main(["broadcast", "--now"]) == 0  # the next issue reaches every reader once
        assert all(api.texts(c) == [*TEXTS, *TEXTS] for c in READERS if c != 3)
        copy.engine.dispose()


def test_a_copy_to_a_sqlite_file_is_a_backup(database: Engine, tmp_path: Path, capsys) -> None:
    backup = tmp_path / "sicherung.db"
    assert main(["copy-db", f"sqlite:///{backup}", "--batch", "5"]) == 0
    assert contents(make_engine(f"sqlite:///{backup}")) == contents(database)
    assert "Zeilen in " in capsys.readouterr().out


def test_a_target_that_is_not_empty_is_refused_in_one_line(
    database: Engine, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "voll.db"
    assert main(["copy-db", f"sqlite:///{target}"]) == 0
    capsys.readouterr()
    assert main(["copy-db", f"sqlite:///{target}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("doppelbot: Fehler: Die Zieldatenbank ist nicht leer (Tabelle ")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x@y/z", "Ziel muss eine PostgreSQL- oder SQLite-URL sein."),
        ("kein url", "Keine gültige Datenbank-URL"),
        ("sqlite://", "Eine SQLite-Zieldatei angeben"),
        ("postgresql://postgres:geheim@127.0.0.1:9/x", "Die Zieldatenbank ist nicht erreichbar"),
    ],
)
def test_targets_that_cannot_be_used_are_one_german_line(database, capsys, url, message) -> None:
    assert main(["copy-db", url]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"doppelbot: Fehler: {message}") and "geheim" not in line


def test_the_source_itself_is_refused(database: Engine, monkeypatch, capsys) -> None:
    assert main(["copy-db", str(database.url)]) == 2
    assert "dieselbe Datenbank" in capsys.readouterr().err
