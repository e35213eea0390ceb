"""Each kind of Telegram error, handled in one place: blocked, gone, migrated, transient, 429,
our own 400; and one chat's failure never stops the run."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.delivery.outcome import Kind, classify, describe
from bot.delivery.retry import RetryPolicy
from bot.runtime.metrics import REGISTRY
from bot.simulator import rules
from storage.subscribers import get_subscriber
from tests.bot.broadcast_fixtures import ADMIN, TEXTS, World, add_readers, copy_database

# PTB warns about RetryAfter's coming timedelta type whenever one is built; not news here.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
def world(sqlite_template: Engine, tmp_path):
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield World(engine)
    engine.dispose()


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda: Forbidden("Forbidden: bot was blocked by the user"), Kind.BLOCKED),
        (lambda: Forbidden("Forbidden: user is deactivated"), Kind.BLOCKED),
        (lambda: BadRequest("Chat not found"), Kind.BLOCKED),
        (lambda: ChatMigrated(-1001234), Kind.MIGRATED),
        (lambda: RetryAfter(7), Kind.RATE_LIMITED),
        (lambda: TimedOut(), Kind.RETRY),
        (lambda: NetworkError("Bad Gateway"), Kind.RETRY),
        (lambda: ConnectionResetError("reset"), Kind.RETRY),
        (lambda: BadRequest("Message is too long"), Kind.FAILED),
        (lambda: BadRequest("Can't parse entities: unsupported start tag"), Kind.FAILED),
        (lambda: InvalidToken("Unauthorized"), Kind.FAILED),
        (lambda: Conflict("Conflict"), Kind.FAILED),
        (lambda: ValueError("a bug"), Kind.FAILED),
    ],
)
def test_every_exception_maps_to_one_outcome(make, kind: Kind) -> None:
    assert classify(make()).kind is kind


def test_outcomes_carry_what_the_next_step_needs() -> None:
    assert classify(ChatMigrated(-1001234)).new_chat_id == -1001234
    assert classify(RetryAfter(7)).retry_after == 7.0
    assert classify(RetryAfter(dt.timedelta(seconds=3))).retry_after == 3.0  # PTB_TIMEDELTA
    assert classify(BadRequest("Message is too long")).reportable
    assert not classify(Forbidden("Forbidden: bot was blocked by the user")).reportable
    assert len(describe(BadRequest("x" * 500))) == 200


def test_retry_policy_backs_off_and_stays_at_its_last_delay() -> None:
    policy = RetryPolicy(attempts=5, backoff=(1.0, 2.0))
    assert [policy.delay(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 2.0, 2.0]


@pytest.mark.parametrize("fate", [rules.BLOCKED, rules.DEACTIVATED, rules.CHAT_NOT_FOUND])
async def test_a_gone_reader_is_marked_blocked_and_skips_the_rest(world: World, fate) -> None:
    add_readers(world.engine, [1, 2, 3])
    world.request.fail_for(2, fate, times=None)
    result = await world.run()
    assert result.complete
    assert world.request.texts(2) == []
    assert world.request.texts(1) == world.request.texts(3) == list(TEXTS)
    assert (2, 0, "skipped") in world.ledger()
    assert [row for row in world.ledger() if row[0] == 2] == [(2, 0, "skipped")]
    assert world.db.run_sync(get_subscriber, chat_id=2).status == "blocked"


async def test_a_migrated_group_moves_and_gets_the_issue_at_its_new_id(world: World) -> None:
    world.request.backend.migrated[-555] = -100555
    add_readers(world.engine, [-555, 1])
    await world.run()
    assert world.request.texts(-100555) == list(TEXTS)
    assert world.db.run_sync(get_subscriber, chat_id=-555) is None
    assert world.db.run_sync(get_subscriber, chat_id=-100555).status == "active"
    moved = [r for r in world.ledger() if r[0] == -100555]
    assert moved == [(-100555, i, "sent") for i in range(4)]
    assert world.duplicates() == 0


async def test_timeouts_and_server_errors_are_retried_with_backoff(world: World) -> None:
    add_readers(world.engine, [1, 2])
    world.request.fail_for(1, rules.Timeout(delivered=False), times=1)
    world.request.fail_for(2, rules.server_error(502), times=1)
    await world.run()
    assert world.request.texts(1) == world.request.texts(2) == list(TEXTS)
    assert 1.0 in world.clock.slept  # the first backoff


async def test_a_reader_that_keeps_failing_is_recorded_failed_without_stopping_the_run(
    world: World,
) -> None:
    add_readers(world.engine, [1, 2])
    world.request.fail_for(1, rules.server_error(500), times=None, method="sendMessage")
    result = await world.run()
    assert result.complete
    assert world.request.texts(2) == list(TEXTS)
    rows = [r for r in world.ledger() if r[0] == 1]
    assert rows == [(1, 0, "failed"), (1, 1, "failed"), (1, 2, "sent"), (1, 3, "failed")]
    attempts = [c for c in world.request.calls_to("sendMessage") if c["chat_id"] == 1]
    assert len(attempts) == 3 * 3  # three messages, three attempts each (policy.attempts)


async def test_a_429_pauses_all_sending_then_the_message_is_retried(world: World) -> None:
    add_readers(world.engine, [1, 2, 3])
    world.request.fail_for(2, rules.retry_after(5), times=1)
    before = REGISTRY.get_sample_value("doppelbot_telegram_429_total")
    retried = REGISTRY.get_sample_value("doppelbot_messages_total", {"outcome": "retried"})
    await world.run()
    assert REGISTRY.get_sample_value("doppelbot_telegram_429_total") == before + 1
    assert (
        REGISTRY.get_sample_value("doppelbot_messages_total", {"outcome": "retried"}) == retried + 1
    )
    assert world.request.texts(2) == list(TEXTS)
    sends = world.sends()
    refused_at = next(c.time for c in world.request.calls if c.params.get("chat_id") == 2)
    after = [m for m in sends if refused_at < m.time < refused_at + 5]
    assert after == []  # nobody got anything during the pause
    assert world.request.stats()["rate_limited"] == 1


async def test_our_own_bad_request_is_recorded_reported_once_and_not_retried(
    world: World,
) -> None:
    add_readers(world.engine, [1, 2, 3])
    bad = rules.bad_request("can't parse entities: Unsupported start tag")
    world.request.fail_for(None, bad, times=None, method="sendPhoto")
    result = await world.run()
    assert result.complete
    assert [r for r in world.ledger() if r[1] == 2] == [(c, 2, "failed") for c in (1, 2, 3)]
    assert len(world.request.calls_to("sendPhoto")) == 3  # one attempt per reader
    assert world.request.texts(1) == [TEXTS[0], TEXTS[1], TEXTS[3]]  # the rest still came
    notices = [t for t in world.request.texts(ADMIN) if t.startswith("⚠️")]
    assert len(notices) == 1 and "parse entities" in notices[0]
    assert "3× Can't parse entities" in world.request.texts(ADMIN)[-1]
