"""/start, /subscribe, /unsubscribe and the subscribe button."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.database import Database
from storage.referrals import referral_count
from storage.subscribers import get_subscriber
from tests.handlers.harness import Harness, buttons

NEXT = "Montag, 10. Februar, 07:00 Uhr"  # after the pinned Tuesday, 4 February 2025
FRIEND = 5151


def _subscriber(engine: Engine, chat_id: int):
    return Database(engine).run_sync(get_subscriber, chat_id=chat_id)


def _code(engine: Engine, chat_id: int) -> str:
    return _subscriber(engine, chat_id).referral_code


async def test_start_greets_with_next_delivery_and_a_subscribe_button(bot: Harness) -> None:
    await bot.send("/start")
    message = bot.last()
    assert message.text.startswith("Hallo Erika! 👋")
    assert f"Nächste Ausgabe: {NEXT}." in message.text
    assert buttons(message) == [("📬 Abonnieren", "sub")]
    assert _subscriber(bot.engine, 4242).status == "new"
    assert not bot.request.violations


async def test_start_of_a_subscriber_says_so_and_offers_no_button(bot: Harness) -> None:
    await bot.send("/subscribe")
    await bot.send("/start")
    assert "Du bist schon dabei ✅" in bot.last().text
    assert buttons(bot.last()) == []


async def test_subscribe_then_again_is_idempotent_and_names_the_next_delivery(
    bot: Harness,
) -> None:
    await bot.send("/subscribe")
    await bot.send("/subscribe")
    first, second = bot.texts()
    assert first.startswith(f"✅ Abonniert! Nächste Ausgabe: {NEXT}.")
    assert second == f"Du bist schon dabei ✅ Nächste Ausgabe: {NEXT}."
    assert _subscriber(bot.engine, 4242).status == "active"


async def test_unsubscribe_stops_deliveries_and_is_idempotent(bot: Harness) -> None:
    await bot.send("/subscribe")
    await bot.send("/unsubscribe")
    await bot.send("/unsubscribe")
    _, done, again = bot.texts()
    assert done.startswith("Erledigt, du bekommst keine Ausgaben mehr")
    assert NEXT in done
    assert again.startswith("Du hast gerade kein Abo.")
    assert _subscriber(bot.engine, 4242).status == "unsubscribed"


async def test_subscribe_button_subscribes_and_removes_itself(bot: Harness) -> None:
    await bot.send("/start")
    welcome = bot.last()
    await bot.press("sub", message_id=welcome.message_id)
    assert bot.texts()[-1].startswith("✅ Abonniert!")
    assert bot.request.calls_to("editMessageReplyMarkup")[0]["message_id"] == welcome.message_id
    assert bot.answers() == [None]
    assert _subscriber(bot.engine, 4242).status == "active"


async def test_invited_reader_who_subscribes_is_credited_once_and_referrer_is_told(
    bot: Harness,
) -> None:
    await bot.send("/start")
    code = _code(bot.engine, 4242)
    await bot.send(f"/start ref_{code}", user_id=FRIEND, first_name="Max")
    assert "Schön, dass du über eine Einladung kommst." in bot.texts(FRIEND)[0]
    assert bot.texts(4242) == [bot.texts(4242)[0]]  # nothing yet: the friend has not subscribed
    await bot.send("/subscribe", user_id=FRIEND)
    await bot.send("/unsubscribe", user_id=FRIEND)
    await bot.send("/subscribe", user_id=FRIEND)
    assert bot.texts(4242)[1:] == [
        "🎉 Über deinen Link ist gerade jemand dazugekommen. Danke fürs Weitersagen! (1 Einladung)"
    ]
    assert Database(bot.engine).run_sync(referral_count, chat_id=4242) == 1


async def test_known_chat_opening_an_invite_link_is_never_credited(bot: Harness) -> None:
    await bot.send("/start")
    await bot.send("/start", user_id=FRIEND)
    await bot.send(f"/start ref_{_code(bot.engine, 4242)}", user_id=FRIEND)
    await bot.send("/subscribe", user_id=FRIEND)
    assert "Einladung" not in bot.texts(FRIEND)[1]
    assert len(bot.texts(4242)) == 1
    assert Database(bot.engine).run_sync(referral_count, chat_id=4242) == 0


async def test_own_invite_link_does_not_count(bot: Harness) -> None:
    await bot.send("/start")
    await bot.send(f"/start ref_{_code(bot.engine, 4242)}")
    await bot.send("/subscribe")
    assert Database(bot.engine).run_sync(referral_count, chat_id=4242) == 0
    assert len(bot.texts()) == 3


async def test_malformed_start_payloads_just_greet(bot: Harness) -> None:
    payloads = ["ref_", "ref_<script>", "x" * 300, "ref_unknowncode", "ref_a ref_b", "😀"]
    for number, payload in enumerate(payloads):
        await bot.send(f"/start {payload}", user_id=6000 + number)
        assert bot.texts(6000 + number)[0].startswith("Hallo Erika! 👋")
        assert "Einladung" not in bot.texts(6000 + number)[0]
    assert not bot.request.violations


async def test_referrer_who_blocked_the_bot_does_not_break_the_subscription(
    bot: Harness,
) -> None:
    await bot.send("/start")
    bot.request.backend.blocked.add(4242)
    await bot.send(f"/start ref_{_code(bot.engine, 4242)}", user_id=FRIEND)
    await bot.send("/subscribe", user_id=FRIEND)
    assert bot.texts(FRIEND)[-1].startswith("✅ Abonniert!")
    assert Database(bot.engine).run_sync(referral_count, chat_id=4242) == 1
