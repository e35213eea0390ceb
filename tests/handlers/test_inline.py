"""Inline sharing through the real application and the fake Telegram's rules: what `@bot …`
offers, the sharer's personal link (also for someone who never started the bot), the credit
for a friend who starts through it, paging, chosen results and the check of inline mode."""

from __future__ import annotations

import re
from typing import Any

import pytest
from telegram.ext import CallbackContext

from bot.database import Database
from bot.readers import sharing
from bot.readers.inline_mode import check_inline_mode
from bot.simulator.objects import make_chosen_inline_result_update, make_inline_query_update
from newsletter.model import Issue
from storage.readership import recent_readership
from storage.referrals import referral_count
from storage.subscribers import count_by_status, get_subscriber
from tests.fakes.request import BOT_USERNAME
from tests.handlers.conftest import ADMIN_ID
from tests.handlers.harness import Harness

SHARER, FRIEND = 5001, 6001
LINK = re.compile(rf"^https://t\.me/{BOT_USERNAME}\?start=ref_([A-Za-z0-9_-]{{11}})$")


async def ask(bot: Harness, query: str, *, user_id: int = SHARER, offset: str = "") -> dict:
    """Type `@bot <query>` and return the answer Telegram accepted."""
    number = len(bot.request.calls_to("answerInlineQuery")) + 1
    update = make_inline_query_update(
        query, user_id=user_id, offset=offset, query_id=str(880000 + number), update_id=number
    )
    await bot.process(update)
    answers = bot.request.calls_to("answerInlineQuery")
    assert len(answers) == number and not bot.request.violations
    return answers[-1]


def link_of(result: dict[str, Any]) -> str:
    [[button]] = result["reply_markup"]["inline_keyboard"]
    assert button["text"] == "📬 Doppelgänger Update in Telegram"
    return button["url"]


async def test_an_empty_query_offers_the_newest_issues_sections(bot: Harness, kw06: Issue) -> None:
    answer = await ask(bot, "")
    assert answer["is_personal"] is True and answer["cache_time"] == 30
    assert "next_offset" not in answer  # no more pages
    results = answer["results"]
    titles = [r["title"] for r in results]
    assert (
        titles[0] == "🛗 Der KI Drache erwacht - Waren wir bli…" and "📰 News der Woche" in titles
    )
    assert len(results) == 6 and all(r["id"].startswith("s:") for r in results)  # no header
    news = results[titles.index("📰 News der Woche")]
    assert news["description"] == "KW 6/2025 · Das sind die weiteren News der Woche:"
    text = news["input_message_content"]["message_text"]
    assert text.startswith("Doppelgänger Update · KW 6/2025\n\nDas sind die weiteren News")
    assert {link_of(r) for r in results} == {link_of(results[0])}
    assert LINK.match(link_of(results[0]))


async def test_ids_are_stable_and_the_answer_the_same_for_the_same_query(
    bot: Harness, kw06: Issue
) -> None:
    first, second = await ask(bot, ""), await ask(bot, "")
    assert [r["id"] for r in first["results"]] == [r["id"] for r in second["results"]]
    assert link_of(first["results"][0]) == link_of(second["results"][0])


async def test_someone_who_never_started_gets_a_link_and_is_no_reader(
    bot: Harness, kw06: Issue
) -> None:
    answer = await ask(bot, "")
    code = LINK.match(link_of(answer["results"][0]))[1]  # type: ignore[index]
    db = Database(bot.engine)
    row = db.run_sync(get_subscriber, chat_id=SHARER)
    assert row.status == "sharer" and row.referral_code == code and row.first_name is None
    assert sum(db.run_sync(count_by_status).values()) == 0
    assert bot.texts(SHARER) == []  # nothing was sent to them


async def test_a_readers_link_is_the_one_of_referral(bot: Harness, kw06: Issue) -> None:
    await bot.send("/referral", user_id=SHARER)
    referral = re.search(r"ref_([A-Za-z0-9_-]+)", bot.texts(SHARER)[-1])[1]  # type: ignore[index]
    answer = await ask(bot, "")
    assert link_of(answer["results"][0]).endswith(f"ref_{referral}")


async def test_a_friend_who_starts_through_a_shared_message_counts_for_the_sharer(
    bot: Harness, kw06: Issue
) -> None:
    url = link_of((await ask(bot, ""))["results"][0])
    payload = url.rsplit("=", 1)[1]
    await bot.send(f"/start {payload}", user_id=FRIEND)
    assert "Schön, dass du über eine Einladung kommst." in bot.texts(FRIEND)[0]
    await bot.send("/subscribe", user_id=FRIEND)
    await bot.send(f"/start {payload}", user_id=SHARER)  # their own link: no credit
    await bot.send("/subscribe", user_id=SHARER)
    await bot.send(f"/start {payload}", user_id=FRIEND)  # twice: still one
    db = Database(bot.engine)
    assert db.run_sync(referral_count, chat_id=SHARER) == 1
    assert db.run_sync(get_subscriber, chat_id=SHARER).status == "active"


async def test_an_existing_reader_opening_a_shared_link_does_not_count(
    bot: Harness, kw06: Issue
) -> None:
    await bot.send("/start", user_id=FRIEND)
    payload = link_of((await ask(bot, ""))["results"][0]).rsplit("=", 1)[1]
    await bot.send(f"/start {payload}", user_id=FRIEND)
    await bot.send("/subscribe", user_id=FRIEND)
    assert Database(bot.engine).run_sync(referral_count, chat_id=SHARER) == 0


@pytest.mark.parametrize("query", ["kw 6", "KW6", "kw 6 2025", "kw 6/2025"])
async def test_a_week_offers_that_issues_sections(bot: Harness, kw06: Issue, query: str) -> None:
    assert len((await ask(bot, query))["results"]) == 6


async def test_a_week_not_stored_offers_nothing(bot: Harness, kw06: Issue) -> None:
    assert (await ask(bot, "kw 7"))["results"] == []


async def test_words_offer_what_search_finds(bot: Harness, kw06: Issue) -> None:
    results = (await ask(bot, "Staatsfonds"))["results"]
    assert [r["title"] for r in results] == ["🦉 Chart der Woche: Der Vorzeigefonds"]
    text = results[0]["input_message_content"]["message_text"]
    assert "300.000 US-Dollar pro Kopf" in text  # the chart's caption, as a text


async def test_a_company_offers_its_date_on_the_sharers_clock(bot: Harness, kw06: Issue) -> None:
    results = (await ask(bot, "palantier"))["results"]  # a typo, as /earnings forgives it
    first = results[0]
    assert first["id"].startswith("e:") and first["title"] == "📅 Palantir"
    text = first["input_message_content"]["message_text"]
    assert "Palantir berichtet am Montag, 3. Februar, nach US-Börsenschluss (22:00)" in text
    assert text.endswith("Uhrzeiten für Europe/Berlin")
    await bot.send("/settings zone America/New_York", user_id=SHARER)
    text = (await ask(bot, "Palantir"))["results"][0]["input_message_content"]["message_text"]
    assert "nach US-Börsenschluss (16:00)" in text and text.endswith("America/New_York")


async def test_a_query_too_long_for_search_offers_nothing(bot: Harness, kw06: Issue) -> None:
    assert (await ask(bot, "wort " * 30))["results"] == []


async def test_results_are_paged_with_next_offset(
    bot: Harness, kw06: Issue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sharing, "PAGE_SIZE", 4)
    first = await ask(bot, "")
    assert len(first["results"]) == 4 and str(first["next_offset"]) == "4"  # decoded: 4
    second = await ask(bot, "", offset="4")
    assert len(second["results"]) == 2 and "next_offset" not in second
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == 6
    assert [r["id"] for r in (await ask(bot, "", offset="junk"))["results"]] == ids[:4]


async def test_chosen_results_count_as_shares_without_ids(bot: Harness, kw06: Issue) -> None:
    results = (await ask(bot, ""))["results"] + (await ask(bot, "Palantir"))["results"][:1]
    news = next(r["id"] for r in results if r["title"] == "📰 News der Woche")
    for number, result_id in enumerate([news, news, results[-1]["id"], "s:999:1", "x"], 1):
        update = make_chosen_inline_result_update(result_id, update_id=500 + number)
        await bot.process(update)
    [issue] = Database(bot.engine).run_sync(recent_readership)
    shared = {s.kind: s.shared for s in issue.sections}
    assert shared == {"news": 2, "earnings": 1}


async def test_the_admins_hear_once_a_day_when_inline_mode_is_off(bot: Harness) -> None:
    context = CallbackContext(bot.app)
    assert await check_inline_mode(context) is False
    assert await check_inline_mode(context) is False
    [notice] = bot.texts(ADMIN_ID)
    assert "/setinline" in notice and "/setinlinefeedback" in notice
    bot.request.backend.inline.enabled = True
    assert await check_inline_mode(context) is True
    assert len(bot.texts(ADMIN_ID)) == 1
