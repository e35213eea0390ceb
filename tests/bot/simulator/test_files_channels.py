"""The fakes' files (getFile, downloads) and channels (getChat, getChatMember, posting rights),
through PTB against both the recording request layer and the HTTP server."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden

from bot.simulator.bot_api import FakeBotAPI
from bot.simulator.files import MAX_DOWNLOAD
from bot.simulator.objects import BOT_ID, BOT_TOKEN


async def test_a_sent_file_is_downloaded_through_get_file(bot_and_request) -> None:
    bot, request = bot_and_request
    document = request.backend.files.add(b"<html>KW6</html>", "kw06.html")
    telegram_file = await bot.get_file(document["file_id"])
    assert telegram_file.file_size == 16 and telegram_file.file_path.endswith(".html")
    assert bytes(await telegram_file.download_as_bytearray()) == b"<html>KW6</html>"


async def test_a_file_over_20_mb_is_too_big_to_download(bot_and_request) -> None:
    bot, request = bot_and_request
    document = request.backend.files.add(b"x", "huge.html", size=MAX_DOWNLOAD + 1)
    with pytest.raises(BadRequest, match="File is too big"):
        await bot.get_file(document["file_id"])
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("no-such-file")


async def test_the_server_serves_getfile_and_the_download() -> None:
    async with FakeBotAPI(token=BOT_TOKEN) as api:
        document = api.backend.files.add(b"<rss/>", "feed.xml", mime_type="application/xml")
        file_url = f"{api.url}/file/bot"
        async with Bot(BOT_TOKEN, base_url=api.base_url, base_file_url=file_url) as bot:
            telegram_file = await bot.get_file(document["file_id"])
            assert bytes(await telegram_file.download_as_bytearray()) == b"<rss/>"
        [path] = api.backend.files.downloads
        assert telegram_file.file_path == f"{file_url}{BOT_TOKEN}/{path}"


async def test_a_channel_is_found_by_name_and_the_bot_may_post(bot_and_request) -> None:
    bot, request = bot_and_request
    request.backend.channels.add("@doppelkanal", -1001234567890)
    chat = await bot.get_chat("@doppelkanal")
    assert (chat.id, chat.type, chat.username) == (-1001234567890, "channel", "doppelkanal")
    member = await bot.get_chat_member(chat.id, BOT_ID)
    assert member.status == ChatMemberStatus.ADMINISTRATOR and member.can_post_messages
    sent = await bot.send_message(chat.id, "Neue Ausgabe")
    assert sent.chat.id == chat.id


async def test_a_channel_without_rights_refuses_posts(bot_and_request) -> None:
    bot, request = bot_and_request
    request.backend.channels.add("@stumm", -1002, can_post=False)
    request.backend.channels.add("@weg", -1003, member=False)
    assert (await bot.get_chat_member(-1002, BOT_ID)).status == ChatMemberStatus.MEMBER
    assert (await bot.get_chat_member(-1003, BOT_ID)).status == ChatMemberStatus.LEFT
    with pytest.raises(BadRequest, match="Need administrator rights"):
        await bot.send_message(-1002, "x")
    with pytest.raises(Forbidden, match="not a member"):
        await bot.send_message(-1003, "x")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat("@gibtesnicht")


async def test_an_incomplete_get_chat_answer_makes_ptb_fail_while_parsing(bot_and_request) -> None:
    bot, request = bot_and_request
    request.backend.channels.add("@doppelkanal", -1001234567890)
    request.backend.answers.incomplete_chats = True
    with pytest.raises(TypeError, match="accent_color_id"):
        await bot.get_chat("@doppelkanal")
    request.backend.answers.incomplete_chats = False
    assert (await bot.get_chat("@doppelkanal")).id == -1001234567890
