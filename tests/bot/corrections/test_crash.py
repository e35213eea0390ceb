"""Corrections on the fake Bot API server with real processes: the KW6 issue is broadcast to
readers and a channel by `doppelbot broadcast --now`, then changed (a word in the lead, the
chart's caption, a message more in the news); `doppelbot correct` is killed with SIGKILL in the
middle and started again. Every changed message ends with the new content in every chat, the
unchanged ones were never edited, nothing extra was sent, the correction ledger has one row per
(chat, message), and nothing was edited twice beyond the window of unrecorded edits."""

from __future__ import annotations

import os
import signal
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from bot.database import Database
from bot.delivery.tuning import window_for
from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import BOT_TOKEN
from newsletter.issue import build_issue
from storage.db import make_engine, migrate
from storage.issues import store_issue
from storage.tables import CorrectionEdit
from tests.bot.broadcast_fixtures import add_readers, as_sent
from tests.bot.correction_fixtures import CHANNEL
from tests.bot.instances import command, command_env, kill_when, stored_issue
from tests.newsletter.test_diff import RSS, changed_kw06

READERS = 60
RATE = 60  # edits per second; the fake allows 1000/s and about 1/s per chat
KILL_AFTER = 30  # edits before the SIGKILL (of 2 × 61)
CHANGED = (1, 3)  # the lead and the chart (the news section grew: not editable)


def edits_answered(api) -> int:
    """How many editMessageText calls the fake answered."""
    return api.stats()["per_method"].get("editMessageText", 0)


def edit_rows(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(CorrectionEdit)).scalar_one()


def test_a_killed_correction_resumes_and_edits_every_changed_message_once(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    engine, old, _ = stored_issue(url, build_issue(RSS))
    new = changed_kw06()
    chats = [*range(6_000_001, 6_000_001 + READERS), CHANNEL]
    add_readers(engine, chats)
    with FakeBotAPIThread(rate=1000, latency=0.005, keep_calls=False) as api:
        env = command_env(url, api.base_url, TIMEZONE="Europe/Berlin")
        sender = command(
            {**env, "BROADCAST_RATE": "1000"}, tmp_path / "b.log", "broadcast", "--now"
        )
        assert sender.wait(120) == 0, (tmp_path / "b.log").read_text()
        Database(engine).run_sync(store_issue, issue=new)

        env["BROADCAST_RATE"] = str(RATE)
        first = command(env, tmp_path / "first.log", "correct")
        kill_when(first, lambda: api.wait_for(lambda a: edits_answered(a) >= KILL_AFTER, 60))
        assert first.returncode == -signal.SIGKILL
        recorded = edit_rows(engine)
        assert 0 < recorded < 2 * len(chats)  # killed in the middle

        second = command(env, tmp_path / "second.log", "correct")
        assert second.wait(120) == 0, (tmp_path / "second.log").read_text()
        messages = api.messages
        shown = api.call(
            lambda a: {
                (m.chat_id, m.message_id): a.backend.answers.content(m.chat_id, m.message_id)[0]
                for m in a.messages
                if m.method.startswith("send")
            }
        )
        violations = api.violations
        calls = api.stats()["per_method"]
    engine.dispose()

    sends = [m for m in messages if m.method.startswith("send")]
    assert Counter(m.chat_id for m in sends) == Counter({c: 7 for c in chats})  # nothing extra
    old_sent, new_sent = as_sent(old), as_sent(new)
    index_of = {m.text: i for i, m in enumerate(old_sent)}
    for send in sends:
        index = index_of[send.text]
        expected = new_sent[index + 1] if index == 3 else new_sent[index]
        if index in CHANGED:
            assert shown[(send.chat_id, send.message_id)] == expected.text.strip()
        else:
            assert shown[(send.chat_id, send.message_id)] == send.text  # never edited
    edits = Counter((m.chat_id, m.message_id) for m in messages if m.method.startswith("edit"))
    assert len(edits) == 2 * len(chats)
    assert all(n == 1 for n in edits.values())  # a repeated edit answers "not modified"
    assert {m.method for m in messages if m.method.startswith("edit")} == {
        "editMessageText",
        "editMessageCaption",
    }
    assert edit_rows(make_engine(url)) == 2 * len(chats)
    assert not violations
    tried = calls["editMessageText"] + calls["editMessageCaption"]
    assert tried - 2 * len(chats) <= window_for(RATE)  # repeats: at most what was in flight


def test_correcting_an_issue_that_was_never_sent_is_a_clear_error(tmp_path: Path, capsys) -> None:
    from bot.cli.main import main

    url = f"sqlite:///{tmp_path / 'bot.db'}"
    engine = make_engine(url)
    migrate(engine)
    Database(engine).run_sync(store_issue, issue=build_issue(RSS))
    engine.dispose()
    os.environ.setdefault("DATABASE_URL", url)
    code = _main_with(main, url, ["correct"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "doppelbot: Fehler: KW6 - Der Drache erwacht (Oder schlafen wir nur?) wurde noch nicht "
        "versendet: Es gibt nichts zu korrigieren."
    ]


def _main_with(main, url: str, argv: list[str]) -> int:
    saved = dict(os.environ)
    os.environ.update(DATABASE_URL=url, TELEGRAM_BOT_TOKEN=BOT_TOKEN, LOG_LEVEL="WARNING")
    try:
        return main(argv)
    finally:
        os.environ.clear()
        os.environ.update(saved)
