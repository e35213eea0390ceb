"""/help, /privacy, /deletedata with its confirmation."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from bot.database import Database
from storage.referrals import referral_count
from storage.subscribers import get_subscriber
from storage.tables import ReaderEvent
from tests.handlers.harness import Harness, buttons


async def test_help_lists_every_reader_command(bot: Harness) -> None:
    await bot.send("/help")
    text = bot.texts()[0]
    for command in ("subscribe", "unsubscribe", "latest", "archive", "search", "earnings",
                    "referral", "top", "privacy", "deletedata", "follow", "following",
                    "unfollow", "earnings ics"):  # fmt: skip
        assert f"/{command} – " in text


async def test_privacy_says_what_is_stored_and_how_to_delete_it(bot: Harness) -> None:
    await bot.send("/privacy")
    text = bot.texts()[0]
    assert text.startswith("🔒 Was ich speichere – und warum:")
    assert "Chat-ID" in text and "/deletedata" in text
    assert "Watchlist" in text and "/follow" in text and "erinnert" in text


async def test_deletedata_asks_first_and_cancel_keeps_everything(bot: Harness) -> None:
    await bot.send("/subscribe")
    await bot.send("/deletedata")
    question = bot.last()
    assert buttons(question) == [("🗑️ Ja, alles löschen", "del:yes"), ("Abbrechen", "del:no")]
    await bot.press("del:no", message_id=question.message_id)
    assert bot.last().text == "Abgebrochen – es bleibt alles, wie es war."
    assert bot.last().method == "editMessageText"
    assert Database(bot.engine).run_sync(get_subscriber, chat_id=4242) is not None


async def test_deletedata_confirmed_erases_the_chat_and_its_referrals(bot: Harness) -> None:
    await bot.send("/referral")
    code = Database(bot.engine).run_sync(get_subscriber, chat_id=4242).referral_code
    await bot.send(f"/start ref_{code}", user_id=5151)
    await bot.send("/subscribe", user_id=5151)
    await bot.send("/deletedata")
    await bot.press("del:yes", message_id=bot.last().message_id)
    assert bot.last().text.startswith("🗑️ Erledigt: Über dich ist nichts mehr gespeichert.")
    db = Database(bot.engine)
    assert db.run_sync(get_subscriber, chat_id=4242) is None
    assert db.run_sync(referral_count, chat_id=4242) == 0
    assert db.run_sync(get_subscriber, chat_id=5151).referred_by is None


async def test_deletedata_button_pressed_twice_is_harmless(bot: Harness) -> None:
    await bot.send("/start")
    await bot.send("/deletedata")
    message_id = bot.last().message_id
    await bot.press("del:yes", message_id=message_id)
    await bot.press("del:yes", message_id=message_id)  # "not modified": nothing more to say
    assert bot.texts()[-1].startswith("🗑️ Erledigt")
    assert not bot.request.violations


async def test_deletedata_erases_the_readers_history_too(bot: Harness) -> None:
    await bot.send("/subscribe")
    await bot.send("/unsubscribe")
    await bot.send("/subscribe", user_id=5151)

    def history(*, session: Session) -> list[int]:
        return list(session.scalars(select(ReaderEvent.chat_id)))

    db = Database(bot.engine)
    assert sorted(db.run_sync(history)) == [4242, 4242, 5151]
    await bot.send("/privacy")
    assert "abbestellt oder mich blockiert" in bot.last().text
    await bot.send("/deletedata")
    await bot.press("del:yes", message_id=bot.last().message_id)
    assert db.run_sync(history) == [5151]
