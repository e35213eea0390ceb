"""Channels the bot may be asked to post to (CHANNEL_ID), with the bot's rights in each.

`Channels.add("@doppelkanal", -1001234567890, can_post=True)`. `getChat` finds a channel by
`@username` or id (an unknown `@name` is "Bad Request: chat not found"), `getChatMember` of the
bot answers `administrator` with `can_post_messages`, a plain `member`, or `left`; a message to
a channel where the bot is no member is refused with 403, one where it may not post with 400,
as Telegram does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.simulator.objects import BOT_ID, bot_user
from bot.simulator.rules import CHAT_NOT_FOUND, ApiError, bad_request

NOT_A_MEMBER = ApiError(403, "Forbidden: bot is not a member of the channel chat")
NO_RIGHTS = bad_request("need administrator rights in the channel chat")


@dataclass(slots=True)
class Channel:
    """One channel and the bot's place in it: `member` at all, and allowed to post."""

    chat_id: int
    username: str
    title: str
    member: bool = True
    can_post: bool = True

    def chat(self) -> dict[str, Any]:
        """The `Chat` object."""
        return {"id": self.chat_id, "type": "channel", "title": self.title,
                "username": self.username}  # fmt: skip


class Channels:
    """The channels of one fake Telegram."""

    def __init__(self) -> None:
        self._by_id: dict[int, Channel] = {}

    def add(
        self, username: str, chat_id: int, *, title: str = "Doppelkanal", can_post: bool = True,
        member: bool = True,
    ) -> Channel:  # fmt: skip
        """Create a channel (`username` with or without "@")."""
        channel = Channel(chat_id, username.lstrip("@"), title, member=member, can_post=can_post)
        self._by_id[chat_id] = channel
        return channel

    def find(self, chat_id: object) -> Channel | None:
        """The channel with this id or `@username`."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            name = chat_id[1:].lower()
            return next((c for c in self._by_id.values() if c.username.lower() == name), None)
        return self._by_id.get(chat_id) if isinstance(chat_id, int) else None

    def get_chat(self, params: dict[str, Any]) -> dict[str, Any] | ApiError | None:
        """`getChat` of a channel; None when `chat_id` is not a channel's (another answer)."""
        chat_id = params.get("chat_id")
        channel = self.find(chat_id)
        if channel is not None:
            return channel.chat()
        return CHAT_NOT_FOUND if isinstance(chat_id, str) and chat_id.startswith("@") else None

    def get_member(self, params: dict[str, Any]) -> dict[str, Any] | ApiError | None:
        """`getChatMember` of the bot in a channel; None when not a channel's."""
        channel = self.find(params.get("chat_id"))
        if channel is None:
            return None
        if int(params.get("user_id", 0)) != BOT_ID or not channel.member:
            return {"status": "left", "user": bot_user()}
        if not channel.can_post:
            return {"status": "member", "user": bot_user()}
        return {
            "status": "administrator", "user": bot_user(), "can_be_edited": False,
            "is_anonymous": False, "can_manage_chat": True, "can_delete_messages": True,
            "can_manage_video_chats": False, "can_restrict_members": True,
            "can_promote_members": False, "can_change_info": True, "can_invite_users": True,
            "can_post_messages": True, "can_edit_messages": True, "can_post_stories": False,
            "can_edit_stories": False, "can_delete_stories": False,
        }  # fmt: skip

    def refusal(self, chat_id: object) -> ApiError | None:
        """Why a message to `chat_id` is refused (None: it is no channel, or posting works)."""
        channel = self.find(chat_id)
        if channel is None or (channel.member and channel.can_post):
            return None
        return NOT_A_MEMBER if not channel.member else NO_RIGHTS
