"""/referral (personal link, count, rank) and /top (first names only)."""

from __future__ import annotations

import re

from bot.database import Database
from storage.subscribers import get_subscriber
from tests.fakes.request import BOT_USERNAME
from tests.handlers.harness import Harness, buttons

LINK = re.compile(rf"https://t\.me/{BOT_USERNAME}\?start=ref_([A-Za-z0-9_-]+)")


async def _invite(bot: Harness, referrer: int, friends: range, name: str = "Erika") -> None:
    await bot.send("/referral", user_id=referrer, first_name=name)
    code = LINK.search(bot.texts(referrer)[-1])[1]
    for friend in friends:
        await bot.send(f"/start ref_{code}", user_id=friend)
        await bot.send("/subscribe", user_id=friend)


async def test_referral_gives_a_stable_personal_link_without_referrals_yet(bot: Harness) -> None:
    await bot.send("/referral")
    await bot.send("/referral")
    first, second = bot.texts()
    assert first == second
    code = LINK.search(first)[1]
    stored = Database(bot.engine).run_sync(get_subscriber, chat_id=4242)
    assert code == stored.referral_code and len(code) >= 11
    assert "noch niemand dazugekommen" in first
    [(label, url)] = buttons(bot.last())
    assert label == "📤 Link teilen" and url.startswith(
        "https://t.me/share/url?url=https%3A%2F%2Ft.me"
    )
    params = bot.request.calls_to("sendMessage")[0]
    assert params["link_preview_options"] == {"is_disabled": True}
    assert not bot.request.violations


async def test_referral_counts_joined_readers_and_rank(bot: Harness) -> None:
    await _invite(bot, 4242, range(100, 102))
    await _invite(bot, 4343, range(200, 203), name="Max")
    await bot.send("/referral")
    assert (
        "Über deinen Link sind 2 Leser:innen dazugekommen – damit bist du auf Platz 2."
        in (bot.texts()[-1])
    )


async def test_top_shows_ranks_and_first_words_of_first_names_only(bot: Harness) -> None:
    await _invite(bot, 4242, range(100, 103), name="Erika Mustermann")
    await _invite(bot, 4343, range(200, 201), name="@spam https://x.example")
    await _invite(bot, 4444, range(300, 301), name="🙂")
    await bot.send("/top", user_id=999)
    text = bot.texts(999)[0]
    assert text == (
        "🏆 Die besten Empfehler:innen\n\n"
        "🥇 Erika – 3 Leser:innen\n"
        "🥈 spam – 1 Leser:in\n"
        "🥈 Anonym – 1 Leser:in"
    )
    assert "Mustermann" not in text and "4242" not in text


async def test_top_without_referrals_invites_to_start(bot: Harness) -> None:
    await bot.send("/top")
    assert bot.texts()[0].startswith("🏆 Noch hat niemand jemanden eingeladen.")
