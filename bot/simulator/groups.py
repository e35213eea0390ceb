"""Groups, supergroups and forums the bot is in: who is creator or administrator, the topics of a
forum, the bot's removal and a group's upgrade to a supergroup.

    groups.add(-1001234, title="Investmentclub", forum=True, creator=1, admins={2}, topics={7})

`getChat` of a known group answers its `Chat` (with `is_forum`); `getChatMember` answers
`creator`, `administrator` or `member` for a user (the bot is an administrator unless
`bot_admin=False`), `left` for the bot once removed. A send with `message_thread_id` must name
a topic of a forum, else Telegram answers "Bad Request: message thread not found" (the General
topic has no id: a send without one goes there). A group the bot was removed from refuses
messages with 403, as Telegram does. `migrate(old, new)` makes a group a supergroup under a new
id; the backend then answers sends to the old id with 400 and `migrate_to_chat_id`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.simulator.objects import BOT_ID, bot_user, user
from bot.simulator.rules import ApiError, bad_request

THREAD_NOT_FOUND = bad_request("message thread not found")
KICKED = {
    "group": ApiError(403, "Forbidden: bot was kicked from the group chat"),
    "supergroup": ApiError(403, "Forbidden: bot was kicked from the supergroup chat"),
}
_ADMIN_RIGHTS = {
    "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
    "can_delete_messages": True, "can_manage_video_chats": True, "can_restrict_members": True,
    "can_promote_members": False, "can_change_info": True, "can_invite_users": True,
    "can_post_stories": False, "can_edit_stories": False, "can_delete_stories": False,
    "can_pin_messages": True, "can_manage_topics": True,
}  # fmt: skip
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


@dataclass(slots=True)
class Group:
    """One group: its kind ("group" or "supergroup"), forum topics, creator and admins."""

    chat_id: int
    title: str
    kind: str
    forum: bool = False
    creator: int | None = None
    admins: set[int] = field(default_factory=set)
    topics: set[int] = field(default_factory=set)
    bot_admin: bool = True
    bot_member: bool = True

    def chat(self) -> dict[str, Any]:
        """The `Chat` object."""
        data: dict[str, Any] = {"id": self.chat_id, "type": self.kind, "title": self.title}
        if self.forum:
            data["is_forum"] = True
        return data

    def member(self, user_id: int) -> dict[str, Any]:
        """The `ChatMember` of `user_id`: creator, administrator, member (the bot: `left` once
        removed)."""
        if user_id == BOT_ID:
            if not self.bot_member:
                return {"status": "left", "user": bot_user()}
            if self.bot_admin:
                return {"status": "administrator", "user": bot_user(), **_ADMIN_RIGHTS}
            return {"status": "member", "user": bot_user()}
        person = user(user_id)
        if user_id == self.creator:
            return {"status": "creator", "user": person, "is_anonymous": False}
        if user_id in self.admins:
            return {"status": "administrator", "user": person, **_ADMIN_RIGHTS}
        return {"status": "member", "user": person}


class Groups:
    """The groups of one fake Telegram, by chat id."""

    def __init__(self) -> None:
        self._by_id: dict[int, Group] = {}

    def add(
        self,
        chat_id: int,
        *,
        title: str = "Investmentclub",
        forum: bool = False,
        creator: int | None = None,
        admins: Iterable[int] = (),
        topics: Iterable[int] = (),
        bot_admin: bool = True,
    ) -> Group:
        """Create a group (ids starting with -100 are supergroups); `forum` makes it a forum with
        `topics` (their `message_thread_id`s)."""
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        if forum and kind != "supergroup":
            raise ValueError("only a supergroup can be a forum")
        group = Group(chat_id, title, kind, forum, creator, set(admins), set(topics), bot_admin)
        self._by_id[chat_id] = group
        return group

    def find(self, chat_id: object) -> Group | None:
        """The group with this id, if known."""
        return self._by_id.get(chat_id) if isinstance(chat_id, int) else None

    def remove_bot(self, chat_id: int) -> None:
        """The bot was removed from the group: it may post there no more."""
        self._by_id[chat_id].bot_member = False

    def migrate(self, old_id: int, new_id: int) -> Group:
        """The group `old_id` became the supergroup `new_id` (same title, admins, members)."""
        old = self._by_id.pop(old_id)
        new = Group(new_id, old.title, "supergroup", False, old.creator, set(old.admins),
                    set(), old.bot_admin, old.bot_member)  # fmt: skip
        self._by_id[new_id] = new
        return new

    def get_chat(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """`getChat` of a group; None when `chat_id` is no known group's."""
        group = self.find(params.get("chat_id"))
        return None if group is None else group.chat()

    def get_member(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """`getChatMember` in a group; None when `chat_id` is no known group's."""
        group = self.find(params.get("chat_id"))
        return None if group is None else group.member(int(params.get("user_id", 0)))

    def refusal(self, method: str, params: dict[str, Any]) -> ApiError | None:
        """Why a send is refused: the bot was removed from the group, or `message_thread_id`
        names no topic of a forum (None: it goes through)."""
        if method not in SEND_METHODS:
            return None
        group = self.find(params.get("chat_id"))
        if group is not None and not group.bot_member:
            return KICKED[group.kind]
        thread = params.get("message_thread_id")
        if thread is None:
            return None
        if group is None or not group.forum or thread not in group.topics:
            return THREAD_NOT_FOUND
        return None

    def shown_in(self, params: dict[str, Any]) -> dict[str, Any]:
        """What a sent message carries about where it is: its chat (a known group's) and its
        topic (`message_thread_id`, `is_topic_message`)."""
        fields: dict[str, Any] = {}
        group = self.find(params.get("chat_id"))
        if group is not None:
            fields["chat"] = group.chat()
        thread = params.get("message_thread_id")
        if thread is not None:
            fields.update(message_thread_id=thread, is_topic_message=True)
        return fields
