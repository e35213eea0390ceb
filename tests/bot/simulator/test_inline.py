"""The fakes' inline mode: getMe's `supports_inline_queries`, answerInlineQuery under Telegram's
rules (through PTB), and the inline updates PTB reads."""

from __future__ import annotations

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    MessageEntity,
    Update,
)
from telegram.error import BadRequest

from bot.simulator.bot_api import FakeBotAPI
from bot.simulator.inline import check_inline_answer
from bot.simulator.objects import (
    BOT_TOKEN,
    USER_ID,
    make_chosen_inline_result_update,
    make_inline_query_update,
)


def article(result_id: str = "s:1:2", text: str = "📰 News der Woche", **extra) -> dict:
    return {
        "type": "article",
        "id": result_id,
        "title": "News",
        "input_message_content": {"message_text": text, **extra},
    }


def refusal(results: list, **params) -> str | None:
    error, _ = check_inline_answer({"inline_query_id": "1", "results": results, **params})
    return None if error is None else error.description


async def test_get_me_says_whether_inline_mode_is_on(bot_and_request) -> None:
    bot, request = bot_and_request
    assert (await bot.get_me()).supports_inline_queries is False
    request.backend.inline.enabled = True
    assert (await bot.get_me()).supports_inline_queries is True


async def test_a_valid_answer_through_ptb_is_accepted_and_recorded(bot_and_request) -> None:
    bot, request = bot_and_request
    button = InlineKeyboardButton("📬 Link", url="https://t.me/DoppelTestBot?start=ref_abc")
    result = InlineQueryResultArticle(
        "s:12:3",
        "🦉 Chart der Woche",
        InputTextMessageContent("Chart der Woche", entities=[MessageEntity("bold", 0, 5)]),
        reply_markup=InlineKeyboardMarkup.from_button(button),
        description="Der Vorzeigefonds",
    )
    assert await bot.answer_inline_query("77", [result], cache_time=30, is_personal=True,
                                         next_offset="50")  # fmt: skip
    [answer] = request.calls_to("answerInlineQuery")
    assert answer["is_personal"] is True and answer["cache_time"] == 30
    assert answer["results"][0]["id"] == "s:12:3" and not request.violations


async def test_a_broken_answer_raises_bad_request_and_is_a_violation(bot_and_request) -> None:
    bot, request = bot_and_request
    results = [InlineQueryResultArticle("x", "A", InputTextMessageContent("a")) for _ in range(2)]
    with pytest.raises(BadRequest, match="Result_id_duplicate"):
        await bot.answer_inline_query("77", results)
    assert [v.description for v in request.violations] == ["Bad Request: RESULT_ID_DUPLICATE"]


def test_at_most_50_results() -> None:
    assert refusal([article(str(n)) for n in range(50)]) is None
    assert refusal([article(str(n)) for n in range(51)]) == "Bad Request: RESULTS_TOO_MUCH"


def test_result_ids_are_1_to_64_bytes() -> None:
    assert refusal([article("a" * 64)]) is None
    assert refusal([article("ä" * 33)]) == "Bad Request: RESULT_ID_INVALID"  # 66 bytes
    assert refusal([article("")]) == "Bad Request: RESULT_ID_INVALID"
    no_id = {k: v for k, v in article().items() if k != "id"}
    assert (
        refusal([no_id]) == "Bad Request: can't parse inline query result: Can't find field \"id\""
    )


def test_an_article_needs_a_message_text_of_1_to_4096_units() -> None:
    assert refusal([article(text="a" * 4096)]) is None
    assert refusal([article(text="a" * 4095 + "🇨")]) == "Bad Request: MESSAGE_TOO_LONG"
    assert refusal([article(text="  ")]) == "Bad Request: message text is empty"
    bare = {"type": "article", "id": "1", "title": "t"}
    assert "input_message_content" in (refusal([bare]) or "")


def test_entities_of_the_message_text_are_checked() -> None:
    bad = [{"type": "bold", "offset": 3, "length": 9}]
    assert "can't parse entities" in (refusal([article(text="Hallo", entities=bad)]) or "")
    good = [{"type": "bold", "offset": 0, "length": 5}]
    assert refusal([article(text="Hallo", entities=good)]) is None


def test_next_offset_is_at_most_64_bytes_and_options_have_their_types() -> None:
    assert refusal([article()], next_offset="9" * 64) is None
    assert refusal([article()], next_offset="9" * 65) == "Bad Request: NEXT_OFFSET_INVALID"
    assert "next_offset" in (refusal([article()], next_offset=[]) or "")  # "[]" is no offset
    assert "cache_time" in (refusal([article()], cache_time=-1) or "")
    assert "is_personal" in (refusal([article()], is_personal="yes") or "")


def test_a_url_button_of_a_result_is_checked_like_any_keyboard() -> None:
    broken = {**article(), "reply_markup": {"inline_keyboard": [[{"text": "x", "url": "t.me"}]]}}
    assert refusal([broken]) == "Bad Request: BUTTON_URL_INVALID"


async def test_inline_updates_are_what_ptb_reads(bot_and_request) -> None:
    bot, _ = bot_and_request
    query = Update.de_json(make_inline_query_update("kw 6", offset="50"), bot).inline_query
    assert query is not None and query.query == "kw 6" and query.offset == "50"
    assert query.from_user.id == USER_ID and query.chat_type == "sender"
    chosen = Update.de_json(make_chosen_inline_result_update("s:1:2", query="kw 6"), bot)
    assert chosen.chosen_inline_result is not None
    assert chosen.chosen_inline_result.result_id == "s:1:2"


async def test_the_server_answers_inline_queries_and_get_me_alike() -> None:
    async with FakeBotAPI(token=BOT_TOKEN, rate=None, per_chat_rate=None) as api:
        api.backend.inline.enabled = True
        async with Bot(BOT_TOKEN, base_url=api.base_url) as bot:
            assert (await bot.get_me()).supports_inline_queries is True
            result = InlineQueryResultArticle("e:9", "Palantir", InputTextMessageContent("x"))
            assert await bot.answer_inline_query("5", [result], next_offset="")
            with pytest.raises(BadRequest, match="Results_too_much"):
                await bot.answer_inline_query("6", [result] * 51)
        assert len(api.calls_to("answerInlineQuery")) == 2
