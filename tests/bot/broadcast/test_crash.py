"""The crash test: a real `doppelbot broadcast --now` process is killed with SIGKILL in the
middle of a broadcast and started again. Every reader ends up with every message; a message
is repeated only if it was sent but not yet recorded, and there are never more of those than
the engine's window (`bot.delivery.tuning.window_for(BROADCAST_RATE)`)."""

from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from bot.database import Database
from bot.delivery.tuning import window_for
from bot.readers.localized import localized_issue_messages
from bot.simulator.bot_api_thread import FakeBotAPIThread
from storage.db import make_engine
from storage.tables import Delivery, Subscriber
from tests.bot.broadcast_fixtures import add_readers, as_sent
from tests.bot.instances import command, command_env, kill_when, stored_issue

READERS = 300
RATE = 400  # the broadcaster's rate; the fake allows 1000/s and 1/s per chat
KILL_AFTER = 600  # accepted messages before the SIGKILL (of 7 × 300)


def ledger_rows(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Delivery)).scalar_one()


def test_a_killed_broadcast_resumes_and_delivers_everything_with_bounded_repeats(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    engine, _, issue_id = stored_issue(url)
    readers = range(5_000_001, 5_000_001 + READERS)
    add_readers(engine, readers)
    berlin = ZoneInfo("Europe/Berlin")  # the earnings section goes out with Berlin times
    sent = Database(engine).run_sync(localized_issue_messages, issue_id=issue_id, zone=berlin)
    expected = Counter({(c, m.message.text): 1 for c in readers for m in sent})
    with FakeBotAPIThread(rate=1000, latency=0.005, keep_calls=False) as api:
        env = command_env(url, api.base_url, BROADCAST_RATE=str(RATE))
        first = command(env, tmp_path / "first.log", "broadcast", "--now")
        kill_when(first, lambda: api.wait_for(lambda a: a.stats()["sends"] >= KILL_AFTER, 60))
        assert first.returncode == -signal.SIGKILL
        recorded = ledger_rows(engine)
        assert 0 < recorded < len(expected)  # killed in the middle

        second = command(env, tmp_path / "second.log", "broadcast", "--now")
        second.wait(120)
        assert second.returncode == 0, (tmp_path / "second.log").read_text()
        got = Counter((m.chat_id, m.text) for m in api.messages if m.method != "editMessageText")
        violations = api.violations
    engine.dispose()

    assert set(got) == set(expected)  # nothing lost
    repeats = sum(n - 1 for n in got.values())
    assert repeats <= window_for(RATE)  # at most what was in flight
    assert ledger_rows(make_engine(url)) == len(expected)
    assert not violations


def test_a_killed_broadcast_with_reader_choices_gives_everyone_their_plan_once(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'choices.db'}"
    engine, issue, _ = stored_issue(url)
    readers = list(range(6_000_001, 6_000_001 + READERS))
    add_readers(engine, readers)
    compact, sections, tokyo = readers[0::3], readers[1::3], readers[2::3]
    with engine.begin() as connection:
        table = Subscriber.__table__
        for chats, values in (
            (compact, {"delivery_format": "compact"}),
            (sections, {"sections": "lead,earnings"}),
            (tokyo, {"timezone": "Asia/Tokyo"}),
        ):
            connection.execute(update(table).where(table.c.chat_id.in_(chats)).values(**values))
    berlin, japan = as_sent(issue), as_sent(issue, "Asia/Tokyo")
    plan = {c: [m.text for i, m in enumerate(berlin) if i in (0, 1, 5, 6)] for c in sections}
    plan |= {c: [m.text for m in japan] for c in tokyo}
    with FakeBotAPIThread(rate=1000, latency=0.005, keep_calls=False) as api:
        env = command_env(url, api.base_url, BROADCAST_RATE=str(RATE), TIMEZONE="Europe/Berlin")
        first = command(env, tmp_path / "first.log", "broadcast", "--now")
        kill_when(first, lambda: api.wait_for(lambda a: a.stats()["sends"] >= KILL_AFTER // 2, 60))
        second = command(env, tmp_path / "second.log", "broadcast", "--now")
        assert second.wait(120) == 0, (tmp_path / "second.log").read_text()
        got = {c: [m.text for m in api.sent_to(c)] for c in readers}
        violations = api.violations
    engine.dispose()
    repeats = 0
    for chat, texts in got.items():
        if chat in compact:
            repeats += len(texts) - 1
            assert texts[0].startswith("KW6 - Der Drache erwacht (Oder schlafen wir nur?)")
        else:
            repeats += len(texts) - len(set(texts))
            assert sorted(set(texts)) == sorted(plan.get(chat, [m.text for m in berlin]))
    assert repeats <= window_for(RATE) and not violations
