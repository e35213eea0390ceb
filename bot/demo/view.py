"""The simulator's chats as the page shows them, and the updates the page's people send.

`message_json` turns one message of the simulator's chat log (`bot.simulator.chats.Shown`) into
what the page inserts or replaces: its id and its bubble's HTML (`bot.demo.bubble`). Pictures
and files point at the web chat's `/api/files/<file_id>`, which serves the bytes the simulator
kept. `text_update`, `button_update` and `file_update` build the updates Telegram would deliver
when a person types, presses an inline button or sends a file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from bot.demo.bubble import BOT, YOU, Attachment, Bubble, bubble_html
from bot.demo.people import Person
from bot.simulator.chats import Shown
from bot.simulator.files import FileStore
from bot.simulator.objects import make_message_update, message, user

FILES = "/api/files/"


def message_json(shown: Shown, files: FileStore, tz: ZoneInfo) -> dict[str, Any]:
    """`{"id", "deleted", "html"}` of one message."""
    if shown.deleted:
        return {"id": shown.message_id, "deleted": True, "html": ""}
    return {"id": shown.message_id, "deleted": False, "html": bubble_html(bubble(shown, files, tz))}


def bubble(shown: Shown, files: FileStore, tz: ZoneInfo) -> Bubble:
    """What the message's bubble shows."""
    photo = shown.photo if shown.photo and files.find(shown.photo) else None
    document = None
    if shown.document:
        file_id = str(shown.document.get("file_id", ""))
        name = str(shown.document.get("file_name") or "Datei")
        document = Attachment(FILES + quote(file_id), name, shown.document.get("file_size"))
    when = dt.datetime.fromtimestamp(shown.date, tz).strftime("%H:%M") if shown.date else None
    return Bubble(
        sender=BOT if shown.sender == "bot" else YOU,
        text=shown.text,
        entities=shown.entities,
        message_id=shown.message_id,
        photo=FILES + quote(photo) if photo else None,
        photo_missing=bool(shown.photo) and photo is None,
        document=document,
        keyboard=(shown.reply_markup or {}).get("inline_keyboard") or (),
        time=when,
        edited=shown.edited,
    )


def _sender(person: Person) -> dict[str, Any]:
    return user(person.user_id, person.first_name, username=person.username, language_code="de")


def text_update(person: Person, text: str, message_id: int) -> dict[str, Any]:
    """The update of `person` typing `text` (a leading /command gets its entity)."""
    return make_message_update(
        text,
        user_id=person.user_id,
        first_name=person.first_name,
        username=person.username,
        message_id=message_id,
    )


def file_update(person: Person, document: dict[str, Any], message_id: int) -> dict[str, Any]:
    """The update of `person` sending a file (`document`: the Document object)."""
    sent = message(message_id, person.user_id, sender=_sender(person), document=document)
    sent["chat"] = {**sent["chat"], "first_name": person.first_name}
    return {"update_id": 0, "message": sent}


def button_update(person: Person, shown: Shown, data: str, query_id: str) -> dict[str, Any]:
    """The update of `person` pressing the button with `data` under the bot's message `shown`."""
    fields: dict[str, Any] = {"reply_markup": shown.reply_markup}
    if shown.photo:
        sizes = [
            {"file_id": shown.photo, "file_unique_id": shown.photo, "width": 1280, "height": 853}
        ]
        fields.update(photo=sizes, caption=shown.text, caption_entities=shown.entities)
    elif shown.document:
        fields.update(document=shown.document, caption=shown.text, caption_entities=shown.entities)
    else:
        fields.update(text=shown.text, entities=shown.entities)
    return {
        "update_id": 0,
        "callback_query": {
            "id": query_id,
            "from": _sender(person),
            "chat_instance": f"demo-{person.user_id}",
            "data": data,
            "message": message(shown.message_id, person.user_id, **fields),
        },
    }


def has_button(shown: Shown, data: str) -> bool:
    """Whether the message's keyboard has a callback button with `data` now."""
    rows = (shown.reply_markup or {}).get("inline_keyboard") or []
    return any(button.get("callback_data") == data for row in rows for button in row)
