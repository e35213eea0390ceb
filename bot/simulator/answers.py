"""The canned `result` of each Bot API method, with the little state that needs (message ids,
message contents for "not modified", deleted messages, the command list).

`incomplete_chats` (a switch for tests) makes `getChat` leave out the fields a `ChatFullInfo`
needs (`accent_color_id`, `max_reaction_count`, `accepted_gift_types`): PTB then fails with a
`TypeError` while it parses the answer, as it did once with a real answer it could not read."""

from __future__ import annotations

import mimetypes
import time
import zlib
from collections.abc import Callable
from typing import Any

from bot.simulator.channels import Channels
from bot.simulator.files import FileStore
from bot.simulator.groups import Groups
from bot.simulator.inline import InlineMode
from bot.simulator.objects import BOT_ID, bot_user, chat, message, user
from bot.simulator.params import Upload
from bot.simulator.polling import UpdateQueue
from bot.simulator.records import Records, SentMessage
from bot.simulator.rules import ApiError, bad_request
from bot.simulator.text import shown
from bot.simulator.webhook import Webhook

NOT_MODIFIED = bad_request(
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a content and reply markup of the current message"
)
FIRST_MESSAGE_ID = 10_001
_CHAT_EXTRAS = {  # what getChat adds to a Chat (a ChatFullInfo)
    "accent_color_id": 0,
    "max_reaction_count": 11,
    "accepted_gift_types": {
        "unlimited_gifts": False,
        "limited_gifts": False,
        "unique_gifts": False,
        "premium_subscription": False,
        "gifts_from_channels": False,
    },
}
Result = Any


class Answers:
    """Answers each known method; unknown methods answer `True`."""

    def __init__(
        self,
        records: Records,
        updates: UpdateQueue,
        clock: Callable[[], float],
        webhook: Webhook | None = None,
    ) -> None:
        self.records = records
        self.updates = updates
        self.clock = clock
        self.webhook = webhook or Webhook()
        self.commands: list[dict[str, Any]] = []
        self.files = FileStore()
        self.channels = Channels()
        self.incomplete_chats = False
        self.groups = Groups()
        self.inline = InlineMode()
        self._methods: dict[str, Callable[[str, dict[str, Any], float], Result]] = {
            "getMe": lambda m, p, now: {
                **bot_user(),
                "supports_inline_queries": self.inline.enabled,
            },
            "sendMessage": self._send,
            "sendPhoto": self._send,
            "sendDocument": self._send_document,
            "editMessageText": self._edit,
            "editMessageCaption": self._edit,
            "editMessageReplyMarkup": self._edit,
            "deleteMessage": self._delete,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getFile": lambda m, p, now: self.files.get_file(p),
            "setMyCommands": self._set_commands,
            "getMyCommands": lambda m, p, now: list(self.commands),
            "deleteMyCommands": self._delete_commands,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": lambda m, p, now: self.webhook.set(p),
            "getWebhookInfo": lambda m, p, now: self.webhook.info(len(self.updates)),
        }
        self.reset()

    def reset(self) -> None:
        """Forget message ids, contents and commands."""
        self._next_id = FIRST_MESSAGE_ID
        self._contents: dict[tuple[Any, int], tuple[Any, ...]] = {}
        self._photos: dict[tuple[Any, int], str | Upload] = {}  # photo messages: what they show
        self._deleted: set[tuple[Any, int]] = set()
        self.commands = []

    def new_message_id(self) -> int:
        """The next message id, for a message a user sends (ids are shared with the bot's)."""
        message_id = self._next_id
        self._next_id += 1
        return message_id

    def answer(self, method: str, params: dict[str, Any], now: float) -> Result | ApiError:
        """Return the method's result, or an `ApiError` it answers instead."""
        handler = self._methods.get(method)
        return True if handler is None else handler(method, params, now)

    def _send(self, method: str, params: dict[str, Any], now: float) -> Result:
        photo = params.get("photo") if method == "sendPhoto" else None
        text: str | None
        if photo is None:
            text, entities = shown(params["text"], params.get("entities"))
        else:
            caption, entities = shown(params.get("caption") or "", params.get("caption_entities"))
            text = caption or None
        message_id = self._next_id
        self._next_id += 1
        return self._keep(params, method, message_id, now, text, entities, photo)

    def _send_document(self, method: str, params: dict[str, Any], now: float) -> Result:
        """Telegram's answer to sendDocument: a Message with a `document` (and the caption)."""
        text, entities = shown(params.get("caption") or "", params.get("caption_entities"))
        document = params["document"]
        message_id = self._next_id
        self._next_id += 1
        chat_id = params["chat_id"]
        markup = params.get("reply_markup")
        self.records.accept(
            SentMessage(
                chat_id, method, text or None, entities, None, now, message_id, markup, document
            )
        )
        self._contents[(chat_id, message_id)] = (text or None, entities, markup)
        fields: dict[str, Any] = {
            "caption": text or None,
            "caption_entities": entities,
            "reply_markup": markup,
        }
        return message(message_id, chat_id, document=_document(document), **fields)

    def _edit(self, method: str, params: dict[str, Any], now: float) -> Result | ApiError:
        if "inline_message_id" in params:
            return True
        key = (params.get("chat_id"), params.get("message_id"))
        if not isinstance(key[1], int) or key in self._deleted:
            return bad_request("message to edit not found")
        old = self._contents.get(key)  # type: ignore[arg-type]
        if old is None and key[1] >= FIRST_MESSAGE_ID:  # an id this fake gave another chat,
            return bad_request("message to edit not found")  # or none at all
        photo = self._photos.get(key)  # type: ignore[arg-type]
        text: str | None
        if method == "editMessageText":
            if photo is not None:
                return bad_request("there is no text in the message to edit")
            text, entities = shown(params["text"], params.get("entities"))
        elif method == "editMessageCaption":
            if old is not None and photo is None:
                return bad_request("there is no caption in the message to edit")
            caption, entities = shown(params.get("caption") or "", params.get("caption_entities"))
            text = caption or None
        else:
            text, entities = (old[0], old[1]) if old else (None, [])
        if old is not None and old == (text, entities, params.get("reply_markup")):
            return NOT_MODIFIED
        result = self._keep(params, method, key[1], now, text, entities, photo)
        result["edit_date"] = int(time.time())
        return result

    def content(self, chat_id: Any, message_id: int) -> tuple[str | None, list[dict[str, Any]]]:
        """What message `message_id` in `chat_id` shows now: its text (or caption) and entities,
        after every accepted edit; `KeyError` for a message this fake never sent there."""
        text, entities, _ = self._contents[(chat_id, message_id)]
        return text, entities

    def _keep(
        self,
        params: dict[str, Any],
        method: str,
        message_id: int,
        now: float,
        text: str | None,
        entities: list[dict[str, Any]],
        photo: str | Upload | None,
    ) -> dict[str, Any]:
        chat_id = params["chat_id"]
        markup = params.get("reply_markup")
        if text is not None:
            text = self.records.intern(text)
        self.records.accept(
            SentMessage(chat_id, method, text, entities, photo, now, message_id, markup)
        )
        self._contents[(chat_id, message_id)] = (text, entities, markup)
        if photo is not None:
            self._photos[(chat_id, message_id)] = photo
        fields: dict[str, Any] = {"reply_markup": markup, **self.groups.shown_in(params)}
        if photo is None and method not in ("editMessageCaption", "sendPhoto"):
            fields.update(text=text, entities=entities)
        else:
            fields.update(
                caption=text or None, caption_entities=entities, photo=_photo_sizes(photo)
            )
        return message(message_id, chat_id, **fields)

    def _delete(self, method: str, params: dict[str, Any], now: float) -> Result | ApiError:
        key: tuple[Any, int] = (params.get("chat_id"), params.get("message_id") or 0)
        if key in self._deleted:
            return bad_request("message to delete not found")
        self._deleted.add(key)
        self._contents.pop(key, None)
        self._photos.pop(key, None)
        return True

    def _get_chat(self, method: str, params: dict[str, Any], now: float) -> Result:
        extras = {} if self.incomplete_chats else _CHAT_EXTRAS
        channel = self.channels.get_chat(params) or self.groups.get_chat(params)
        if channel is not None:
            return channel if isinstance(channel, ApiError) else {**channel, **extras}
        data = chat(params["chat_id"]) if "chat_id" in params else chat(BOT_ID)
        return {**data, **extras}

    def _get_chat_member(self, method: str, params: dict[str, Any], now: float) -> Result:
        member = self.channels.get_member(params) or self.groups.get_member(params)
        if member is not None:
            return member
        user_id = int(params.get("user_id", 0))
        return {"status": "member", "user": bot_user() if user_id == BOT_ID else user(user_id)}

    def _set_commands(self, method: str, params: dict[str, Any], now: float) -> Result:
        self.commands = list(params.get("commands") or [])
        return True

    def _delete_commands(self, method: str, params: dict[str, Any], now: float) -> Result:
        self.commands = []
        return True

    def _delete_webhook(self, method: str, params: dict[str, Any], now: float) -> Result:
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.webhook.delete()
        return True


def _document(document: object) -> dict[str, Any]:
    """The `Document` object Telegram returns for an upload (or a file id / URL sent again)."""
    if isinstance(document, Upload):
        unique = f"fakedoc{zlib.crc32(document.content or document.filename.encode()):08x}"
        mime = document.mime_type or mimetypes.guess_type(document.filename)[0]
        return {
            "file_id": f"{unique}-d",
            "file_unique_id": unique,
            "file_name": document.filename,
            "mime_type": mime or "application/octet-stream",
            "file_size": document.size,
        }
    unique = f"fakedoc{zlib.crc32(str(document).encode()):08x}"
    return {"file_id": str(document), "file_unique_id": unique}


def _photo_sizes(photo: object) -> list[dict[str, Any]] | None:
    if photo is None:
        return None
    if isinstance(photo, Upload):  # each upload is a new file, even under the same name
        name = f"{photo.filename}:{zlib.crc32(photo.content):08x}"
    else:
        name = str(photo)
    unique = f"fake{zlib.crc32(name.encode()):08x}"
    return [
        {"file_id": f"{unique}-s", "file_unique_id": unique + "s", "width": 90, "height": 60},
        {"file_id": f"{unique}-m", "file_unique_id": unique + "m", "width": 1280, "height": 853},
    ]
