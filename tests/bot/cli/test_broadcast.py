"""`doppelbot broadcast --now`: user errors in one line (exit 2), a real run in the foreground
against the fake Bot API server (exit 0), and no second send of the same issue."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.cli.main import main
from bot.database import Database
from bot.simulator.bot_api_thread import FakeBotAPIThread
from storage.db import make_engine, migrate
from storage.issues import store_issue
from tests.bot.broadcast_fixtures import TEXTS, add_readers, small_issue


@pytest.fixture
def database(cli_database_url: str) -> Engine:
    url = cli_database_url
    engine = make_engine(url)
    migrate(engine)
    yield engine
    engine.dispose()


def test_now_is_required(database: Engine, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["broadcast"])
    assert exit_.value.code == 2
    assert "--now" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["broadcast", "--now"], "doppelbot: Fehler: Es ist noch keine Ausgabe gespeichert.\n"),
        (["broadcast", "--now", "--issue", "99"], "doppelbot: Fehler: Ausgabe 99 gibt es nicht.\n"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(database: Engine, capsys, args, message) -> None:
    assert main(args) == 2
    assert capsys.readouterr().err == message


def test_a_missing_token_is_a_user_error(database: Engine, monkeypatch, capsys) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN")
    assert main(["broadcast", "--now"]) == 2
    assert "TELEGRAM_BOT_TOKEN" in capsys.readouterr().err


def test_broadcast_now_sends_in_the_foreground_and_never_twice(
    database: Engine, monkeypatch, capsys
) -> None:
    issue_id = Database(database).run_sync(store_issue, issue=small_issue()).id
    add_readers(database, range(1, 21))
    with FakeBotAPIThread(rate=1000, latency=0.002) as api:
        monkeypatch.setenv("TELEGRAM_API_URL", api.base_url)
        monkeypatch.setenv("BROADCAST_RATE", "500")
        assert main(["broadcast", "--now", "--issue", str(issue_id)]) == 0
        assert all(api.texts(chat_id) == list(TEXTS) for chat_id in range(1, 21))
        stats = api.stats()
        assert stats["duplicates"] == 0 and stats["violations"] == 0
        assert stats["min_chat_gap"] >= 1.0
        assert "abgeschlossen" in capsys.readouterr().err

        assert main(["broadcast", "--now"]) == 2
        assert "schon versendet" in capsys.readouterr().err
        assert api.stats()["sends"] == stats["sends"]


def test_a_token_telegram_refuses_is_one_line(database: Engine, monkeypatch, capsys) -> None:
    Database(database).run_sync(store_issue, issue=small_issue())
    with FakeBotAPIThread(token="123:the-real-one") as api:
        monkeypatch.setenv("TELEGRAM_API_URL", api.base_url)
        assert main(["broadcast", "--now"]) == 2
    assert capsys.readouterr().err.endswith("TELEGRAM_BOT_TOKEN prüfen.\n")


def test_an_unreadable_channel_answer_still_serves_every_reader(
    database: Engine, monkeypatch, capsys
) -> None:
    admin = 999_000_001
    Database(database).run_sync(store_issue, issue=small_issue())
    add_readers(database, range(1, 21))
    with FakeBotAPIThread(rate=1000, latency=0.002) as api:
        api.call(lambda a: a.backend.channels.add("@doppelkanal", -1001234567890))
        api.call(lambda a: setattr(a.backend.answers, "incomplete_chats", True))
        monkeypatch.setenv("TELEGRAM_API_URL", api.base_url)
        monkeypatch.setenv("BROADCAST_RATE", "500")
        monkeypatch.setenv("CHANNEL_ID", "@doppelkanal")
        monkeypatch.setenv("ADMIN_IDS", str(admin))
        assert main(["broadcast", "--now"]) == 0
        assert all(api.texts(chat_id) == list(TEXTS) for chat_id in range(1, 21))
        told = [t for t in api.texts(admin) if "Kanal" in t]
    assert len(told) == 1 and told[0].startswith("⚠️ Den Kanal @doppelkanal konnte ich nicht")
    err = capsys.readouterr().err
    assert "abgeschlossen" in err and "Traceback" not in err
