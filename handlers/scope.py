"""Where reader commands apply: new messages in private chats. Groups get one short note;
edited messages and channel posts are ignored."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import filters

# New messages (not edits) in a private chat.
READER = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
# A command typed in a group or supergroup.
GROUP_COMMAND = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE & filters.COMMAND


def in_private_chat(update: Update) -> bool:
    """Whether the update (a message or a button press) comes from a private chat."""
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE
