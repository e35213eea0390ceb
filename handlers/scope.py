"""Where commands apply: reader commands in private chats; in groups and supergroups only the
group commands (`handlers.groups`), each as `/cmd` or `/cmd@<this bot>`. Ordinary talk in a
group is never answered (with privacy mode on the bot does not even see it), nor are commands
meant for another bot. Edited messages and channel posts are ignored."""

from __future__ import annotations

from telegram import CallbackQuery, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import filters

from handlers.formatting import texts

# New messages (not edits) in a private chat.
READER = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
# New messages in a group or supergroup.
GROUP = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE


class _ForThisBot(filters.MessageFilter):
    """A command without a bot name, or with this bot's (`/help@DoppelBot`)."""

    def filter(self, message: Message) -> bool:
        entity = next(iter(message.entities), None)
        if entity is None or entity.type != MessageEntity.BOT_COMMAND or entity.offset != 0:
            return False
        command = (message.text or "")[: entity.length]
        _, _, name = command.partition("@")
        return not name or name.casefold() == (message.get_bot().username or "").casefold()


# A command for this bot typed in a group or supergroup.
GROUP_COMMAND = GROUP & _ForThisBot()


def in_private_chat(update: Update) -> bool:
    """Whether the update (a message or a button press) comes from a private chat."""
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def in_group(update: Update) -> bool:
    """Whether the update (a message or a button press) comes from a group or supergroup."""
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def private_button(update: Update) -> CallbackQuery | None:
    """Return the pressed button's query; outside a private chat answer it as stale and return
    None. The caller still answers the query it gets."""
    query = update.callback_query
    assert query is not None
    if not in_private_chat(update):
        await query.answer(texts.STALE_BUTTON)
        return None
    return query
