"""The issue's case in a running bot: Telegram's `getChat` answer for the channel cannot be read
(PTB raises `TypeError` building `ChatFullInfo`). The scheduled broadcast still reaches every
reader, and the admins are told once, not at every check."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from sqlalchemy import select

from bot.simulator.bot_api_thread import FakeBotAPIThread
from storage.tables import Broadcast
from tests.bot.broadcast_fixtures import add_readers
from tests.bot.instances import (
    bot_env,
    free_port,
    ingested_before,
    just_passed,
    start,
    stored_issue,
)

ADMIN = 999_000_001
READERS = range(7_000_001, 7_000_021)
CHANNEL = -1001234567890


def test_an_unreadable_channel_answer_leaves_the_scheduled_broadcast_whole(
    tmp_path: Path,
) -> None:
    engine, _, _ = stored_issue(f"sqlite:///{tmp_path / 'bot.db'}")
    add_readers(engine, READERS)
    schedule, slot = just_passed()
    ingested_before(engine, slot)
    with FakeBotAPIThread(rate=1000) as api:
        api.call(lambda a: a.backend.channels.add("@doppelkanal", CHANNEL))
        api.call(lambda a: setattr(a.backend.answers, "incomplete_chats", True))
        env = bot_env(str(engine.url), api.base_url, free_port(), BROADCAST_AT=schedule,
                      BROADCAST_GRACE="1h", BROADCAST_RATE="200", LEASE_TTL="3s",
                      CHANNEL_ID="@doppelkanal", ADMIN_IDS=str(ADMIN))  # fmt: skip
        bot = start(env, tmp_path / "bot.log", "--polling")
        try:
            api.wait_for(lambda a: all(len(a.sent_to(r)) >= 7 for r in READERS), timeout=60)
            time.sleep(3.5)  # three more checks of the watchdog (every LEASE_TTL/3)
            told = [t for t in api.texts(ADMIN) if "Kanal" in t]
            per_reader = {len(api.sent_to(r)) for r in READERS}
            get_chats = len(api.calls_to("getChat"))
        finally:
            bot.send_signal(signal.SIGTERM)
            code = bot.wait(30)
    log = (tmp_path / "bot.log").read_text()
    with engine.connect() as connection:
        [status] = connection.execute(select(Broadcast.__table__.c.status)).scalars()
    engine.dispose()
    assert code == 0, log
    assert per_reader == {7} and status == "done"
    assert len(told) == 1 and told[0].startswith("⚠️ Den Kanal @doppelkanal konnte ich nicht")
    assert get_chats == 2  # at the election and when the broadcast started: no loop
    assert "crashed" not in log
