"""Telegram JSON objects the fakes answer with, and the updates a test injects.

`make_message_update`, `make_command_update` and `make_callback_update` build the dict Telegram
would deliver, ready for `Update.de_json(data, bot)` or `push_update(data)`. Like Telegram, a text
starting with `/command` gets a `bot_command` entity, so PTB's `CommandHandler` fires. In a group
(`chat_id` < 0) a message may be in a forum topic (`thread_id`, `forum=True`) or sent by an
anonymous admin (`as_group=True`). `make_inline_query_update` and
`make_chosen_inline_result_update` are inline mode's; `make_migration_update` is the service
message of a group upgraded to a supergroup; `make_membership_update(chat_id=<group>)` tells that
the bot was added to or removed from a group.
"""

from __future__ import annotations

import re
import time
from typing import Any

BOT_ID = 123456
BOT_USERNAME = "DoppelTestBot"
BOT_TOKEN = f"{BOT_ID}:TEST-token-for-the-fake-bot-api"
USER_ID = 4242
_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")


def bot_user() -> dict[str, Any]:
    """The bot as `getMe` returns it."""
    return {
        "id": BOT_ID,
        "is_bot": True,
        "first_name": "Doppelbot (Test)",
        "username": BOT_USERNAME,
        "can_join_groups": False,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def user(user_id: int = USER_ID, first_name: str = "Erika", **extra: Any) -> dict[str, Any]:
    """A human user; `extra` adds fields such as `username` or `language_code`."""
    return {"id": user_id, "is_bot": False, "first_name": first_name, **extra}


def chat(chat_id: int | str, **extra: Any) -> dict[str, Any]:
    """A chat by id: positive ids are private, `-100…` supergroups, other negatives groups,
    `@name` channels."""
    if isinstance(chat_id, str):
        return {"id": -1001000000001, "type": "channel", "title": chat_id, "username": chat_id[1:]}
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Leser", **extra}
    kind = "supergroup" if str(chat_id).startswith("-100") else "group"
    return {"id": chat_id, "type": kind, "title": "Gruppe", **extra}


def message(
    message_id: int, chat_id: int | str, *, sender: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    """A message in `chat_id`, sent by `sender` (default: the bot), with the given fields."""
    data: dict[str, Any] = {
        "message_id": message_id,
        "from": sender if sender is not None else bot_user(),
        "chat": chat(chat_id),
        "date": int(time.time()),
    }
    data.update((k, v) for k, v in fields.items() if v is not None and v != [])
    return data


def make_message_update(
    text: str,
    *,
    user_id: int = USER_ID,
    chat_id: int | None = None,
    first_name: str = "Erika",
    username: str | None = "erika",
    language_code: str | None = "de",
    entities: list[dict[str, Any]] | None = None,
    message_id: int = 1,
    update_id: int = 1,
    thread_id: int | None = None,
    forum: bool = False,
    as_group: bool = False,
) -> dict[str, Any]:
    """An update with a text message from a user (in their private chat unless `chat_id`).

    Without `entities`, a leading `/command` gets its `bot_command` entity, as Telegram does.
    In a forum (`forum`), `thread_id` is the topic the message is in (None: General);
    `as_group`: sent by an anonymous admin on behalf of the group (`sender_chat`).
    """
    if entities is None:
        match = _COMMAND.match(text)
        entities = [{"type": "bot_command", "offset": 0, "length": match.end()}] if match else []
    sender = user(user_id, first_name, username=username, language_code=language_code)
    sender = {k: v for k, v in sender.items() if v is not None}
    msg = message(
        message_id,
        chat_id if chat_id is not None else user_id,
        sender=sender,
        text=text,
        entities=entities,
    )
    if msg["chat"]["type"] == "private":
        msg["chat"] = {**msg["chat"], "first_name": first_name}
    _place(msg, thread_id, forum=forum)
    if as_group:
        msg["sender_chat"] = dict(msg["chat"])
        msg["from"] = user(1087968824, "Group", username="GroupAnonymousBot", is_bot=True)
    return {"update_id": update_id, "message": msg}


def _place(msg: dict[str, Any], thread_id: int | None, *, forum: bool) -> None:
    """Put `msg` into a forum (its chat `is_forum`) and topic `thread_id`, as Telegram does."""
    if forum:
        msg["chat"] = {**msg["chat"], "is_forum": True}
    if thread_id is not None:
        msg.update(message_thread_id=thread_id, is_topic_message=True)


def make_command_update(command: str, *args: str, **kwargs: Any) -> dict[str, Any]:
    """An update with `/command arg …` typed by a user; `kwargs` as for `make_message_update`."""
    text = " ".join(["/" + command.lstrip("/"), *args])
    return make_message_update(text, **kwargs)


def make_callback_update(
    data: str,
    *,
    user_id: int = USER_ID,
    chat_id: int | None = None,
    message_id: int = 1,
    message_text: str = "Nachricht mit Knöpfen",
    query_id: str = "4242000001",
    update_id: int = 1,
    reply_markup: dict[str, Any] | None = None,
    thread_id: int | None = None,
    forum: bool = False,
) -> dict[str, Any]:
    """An update with a user pressing an inline button with `data` under the bot's message
    (which carries `reply_markup`, the keyboard the button is in, if given; in a group's forum
    topic `thread_id`)."""
    msg = message(
        message_id,
        chat_id if chat_id is not None else user_id,
        text=message_text,
        reply_markup=reply_markup,
    )
    _place(msg, thread_id, forum=forum)
    return {
        "update_id": update_id,
        "callback_query": {
            "id": query_id,
            "from": user(user_id, username="erika", language_code="de"),
            "chat_instance": f"ci-{user_id}",
            "data": data,
            "message": msg,
        },
    }


def make_membership_update(
    status: str,
    *,
    user_id: int = USER_ID,
    old_status: str = "member",
    update_id: int = 1,
    chat_id: int | None = None,
) -> dict[str, Any]:
    """A `my_chat_member` update: the user's private chat with the bot changed to `status`
    ("kicked" when the user blocked the bot, "member" when they unblocked it); with a group's
    `chat_id`, the user (an admin) added the bot ("member") or removed it ("left", "kicked")."""

    def member(state: str) -> dict[str, Any]:
        data: dict[str, Any] = {"user": bot_user(), "status": state}
        if state == "kicked":
            data["until_date"] = 0
        return data

    return {
        "update_id": update_id,
        "my_chat_member": {
            "chat": chat(chat_id if chat_id is not None else user_id),
            "from": user(user_id),
            "date": int(time.time()),
            "old_chat_member": member(old_status),
            "new_chat_member": member(status),
        },
    }


def make_migration_update(
    old_id: int, new_id: int, *, user_id: int = USER_ID, update_id: int = 1
) -> dict[str, Any]:
    """The service message in group `old_id` that it became the supergroup `new_id`."""
    msg = message(1, old_id, sender=user(user_id), migrate_to_chat_id=new_id)
    return {"update_id": update_id, "message": msg}


def make_inline_query_update(
    query: str,
    *,
    user_id: int = USER_ID,
    offset: str = "",
    query_id: str = "880001",
    chat_type: str | None = "sender",
    update_id: int = 1,
    first_name: str = "Erika",
) -> dict[str, Any]:
    """A user typed `@bot <query>` in a chat (`chat_type`: "sender" for their chat with the
    bot, "private", "group", "supergroup", "channel"); `offset` is the answer's `next_offset`
    when they scroll on."""
    data: dict[str, Any] = {
        "id": query_id,
        "from": user(user_id, first_name, language_code="de"),
        "query": query,
        "offset": offset,
    }
    if chat_type is not None:
        data["chat_type"] = chat_type
    return {"update_id": update_id, "inline_query": data}


def make_chosen_inline_result_update(
    result_id: str,
    *,
    query: str = "",
    user_id: int = USER_ID,
    inline_message_id: str | None = None,
    update_id: int = 1,
) -> dict[str, Any]:
    """A user picked result `result_id` of an inline answer (sent only with inline feedback on);
    `inline_message_id` comes when the result's message has an inline keyboard."""
    data: dict[str, Any] = {"result_id": result_id, "from": user(user_id), "query": query}
    if inline_message_id is not None:
        data["inline_message_id"] = inline_message_id
    return {"update_id": update_id, "chosen_inline_result": data}
