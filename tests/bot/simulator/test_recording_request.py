"""RecordingRequest: PTB talks to it like to Telegram; it records, answers, enforces, fails."""

from __future__ import annotations

import datetime as dt

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity, Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.simulator import rules
from bot.simulator.params import Upload
from tests.fakes.request import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USERNAME,
    USER_ID,
    RecordingRequest,
    make_callback_update,
    make_command_update,
    make_message_update,
)


async def test_get_me_is_the_test_bot(bot_and_request) -> None:
    bot, request = bot_and_request
    assert (bot.id, bot.username) == (BOT_ID, BOT_USERNAME)
    assert request.calls[0].method == "getMe"


async def test_sent_message_is_recorded_with_decoded_entities_and_markup(bot_and_request) -> None:
    bot, request = bot_and_request
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Archiv", callback_data="archive:1")]])
    sent = await bot.send_message(
        USER_ID, "🇨🇳 Alibaba", entities=[MessageEntity("bold", 5, 7)], reply_markup=markup
    )
    assert sent.text == "🇨🇳 Alibaba" and sent.entities == (MessageEntity("bold", 5, 7),)
    params = request.calls_to("sendMessage")[0]
    assert params["chat_id"] == USER_ID
    assert params["entities"] == [{"type": "bold", "offset": 5, "length": 7}]
    assert params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Archiv", "callback_data": "archive:1"}]]
    }
    [message] = request.sent_to(USER_ID)
    assert (message.method, message.message_id) == ("sendMessage", sent.message_id)
    assert request.texts(USER_ID) == ["🇨🇳 Alibaba"]
    assert not request.violations


async def test_each_message_gets_a_fresh_id(bot_and_request) -> None:
    bot, _ = bot_and_request
    ids = [(await bot.send_message(1, f"Nachricht {i}")).message_id for i in range(3)]
    assert len(set(ids)) == 3


async def test_uploaded_photo_is_recorded_with_its_caption(bot_and_request) -> None:
    bot, request = bot_and_request
    sent = await bot.send_photo(USER_ID, b"\x89PNG fake", caption="Chart der Woche")
    assert sent.photo and sent.caption == "Chart der Woche"
    [message] = request.messages
    assert message.photo == Upload("application.octet-stream", 9)
    assert message.text == "Chart der Woche"


async def test_rule_violation_is_answered_like_telegram_and_recorded(bot_and_request) -> None:
    bot, request = bot_and_request
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER_ID, "x" * 4097)
    assert [v.description for v in request.violations] == ["Bad Request: message is too long"]
    assert request.messages == []


@pytest.mark.parametrize(
    ("failure", "error", "message"),
    [
        (rules.BLOCKED, Forbidden, "Forbidden: bot was blocked by the user"),
        (rules.DEACTIVATED, Forbidden, "Forbidden: user is deactivated"),
        (rules.CHAT_NOT_FOUND, BadRequest, "Chat not found"),
        (rules.migrated(-1001234), ChatMigrated, "New chat id: -1001234"),
        (rules.retry_after(7), RetryAfter, "Flood control exceeded"),
        (rules.server_error(500), NetworkError, "Internal Server Error"),
        (rules.server_error(502), NetworkError, "Bad Gateway"),
        (rules.TIMED_OUT, TimedOut, "scripted"),
    ],
)
async def test_scripted_failure_happens_once_then_sending_works(
    bot_and_request, failure: rules.Failure, error: type[TelegramError], message: str
) -> None:
    bot, request = bot_and_request
    request.fail_for(USER_ID, failure)
    with pytest.raises(error, match=message) as raised:
        await bot.send_message(USER_ID, "Hallo")
    assert type(raised.value) is error
    await bot.send_message(USER_ID, "Hallo")
    await bot.send_message(USER_ID + 1, "Hallo")


async def test_migrated_and_retry_after_carry_their_parameters(bot_and_request) -> None:
    bot, request = bot_and_request
    request.fail_for(USER_ID, rules.migrated(-1001234))
    request.fail_for(USER_ID, rules.retry_after(7))
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(USER_ID, "Hallo")
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(USER_ID, "Hallo")
    assert migrated.value.new_chat_id == -1001234
    assert flood.value.retry_after == dt.timedelta(seconds=7)


async def test_failure_for_always_keeps_failing_only_that_chat(bot_and_request) -> None:
    bot, request = bot_and_request
    request.fail_for(13, rules.BLOCKED, times=None)
    for _ in range(3):
        with pytest.raises(Forbidden):
            await bot.send_message(13, "Hallo")
    await bot.send_message(14, "Hallo")
    assert request.texts(14) == ["Hallo"] and request.texts(13) == []


async def test_failure_can_be_limited_to_one_method(bot_and_request) -> None:
    bot, request = bot_and_request
    request.fail_for(None, rules.server_error(502), method="sendChatAction")
    await bot.send_message(1, "Hallo")
    with pytest.raises(NetworkError):
        await bot.send_chat_action(1, "typing")


async def test_timeout_of_a_delivered_message_still_records_it(bot_and_request) -> None:
    bot, request = bot_and_request
    request.fail_for(1, rules.Timeout(delivered=True))
    request.fail_for(2, rules.Timeout(delivered=False))
    for chat_id in (1, 2):
        with pytest.raises(TimedOut):
            await bot.send_message(chat_id, "Ausgabe KW 6")
    assert request.texts(1) == ["Ausgabe KW 6"]
    assert request.texts(2) == []


async def test_editing_to_the_same_content_is_not_modified(bot_and_request) -> None:
    bot, request = bot_and_request
    sent = await bot.send_message(1, "Seite 1")
    await bot.edit_message_text("Seite 2", chat_id=1, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Seite 2", chat_id=1, message_id=sent.message_id)
    assert request.texts(1) == ["Seite 1", "Seite 2"]


async def test_pushed_updates_come_back_from_get_updates_until_confirmed(bot_and_request) -> None:
    bot, request = bot_and_request
    first = request.push_update(make_command_update("start"))
    request.push_update(make_message_update("Hallo Bot"))
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first, first + 1]
    assert updates[0].message.text == "/start"
    assert await bot.get_updates(offset=first + 2, timeout=0) == ()


async def test_application_handlers_reply_through_the_recording_request() -> None:
    request = RecordingRequest()
    app = (
        Application.builder().token(BOT_TOKEN).request(request).get_updates_request(request).build()
    )

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        button = InlineKeyboardButton("Mehr", callback_data="more")
        await update.effective_message.reply_text(
            f"Willkommen! {' '.join(context.args)}",
            reply_markup=InlineKeyboardMarkup([[button]]),
        )

    async def more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("Gleich")
        await update.callback_query.edit_message_text("Mehr Inhalt")

    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(more, pattern="^more$"))
    async with app:
        await app.process_update(Update.de_json(make_command_update("start", "ref_9"), app.bot))
        await app.process_update(Update.de_json(make_callback_update("more"), app.bot))
    assert request.texts(USER_ID) == ["Willkommen! ref_9", "Mehr Inhalt"]
    assert request.calls_to("answerCallbackQuery")[0]["text"] == "Gleich"
    assert not request.violations


async def test_polling_application_gets_pushed_updates_from_the_recording_request() -> None:
    request = RecordingRequest()
    builder = Application.builder().token(BOT_TOKEN)
    app = builder.request(request).get_updates_request(request).build()

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text("Hallo")

    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=10)
        request.push_update(make_command_update("start"))
        await request.wait_for(lambda fake: bool(fake.texts(USER_ID)), timeout=10)
        await app.updater.stop()
        await app.stop()
    assert request.texts(USER_ID) == ["Hallo"]
    assert [c.method for c in request.calls[:2]] == ["getMe", "deleteWebhook"]


async def test_uploaded_photo_keeps_its_bytes_and_an_empty_file_is_refused(
    bot_and_request,
) -> None:
    bot, request = bot_and_request
    png = b"\x89PNG\r\n\x1a\n" + bytes(40)
    await bot.send_photo(USER_ID, png)
    assert request.messages[0].photo.content == png
    with pytest.raises(BadRequest, match="File must be non-empty"):
        await bot.send_photo(USER_ID, b"")
    assert [v.description for v in request.violations] == ["Bad Request: file must be non-empty"]


async def test_uploaded_document_is_answered_like_telegram_and_kept_whole(
    bot_and_request,
) -> None:
    bot, request = bot_and_request
    data = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    sent = await bot.send_document(USER_ID, data, filename="earnings.ics", caption="📅 KW 6")
    assert sent.document.file_name == "earnings.ics"
    assert sent.document.mime_type == "text/calendar"
    assert sent.document.file_size == len(data) and sent.document.file_id
    assert sent.caption == "📅 KW 6"
    [message] = request.sent_to(USER_ID)
    assert message.method == "sendDocument" and message.text == "📅 KW 6"
    assert message.document == Upload("earnings.ics", len(data))
    assert message.document.content == data  # the bytes as uploaded, to read them back
    assert not request.violations


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"document": b""}, "File must be non-empty"),
        ({"document": b"x", "caption": "x" * 1025}, "Message caption is too long"),
    ],
)
async def test_bad_documents_are_refused_like_telegram(bot_and_request, kwargs, error) -> None:
    bot, request = bot_and_request
    with pytest.raises(BadRequest, match=error):
        await bot.send_document(USER_ID, filename="a.ics", **kwargs)
    assert request.messages == [] and len(request.violations) == 1
