"""Commands in groups and supergroups: /subscribe, /unsubscribe and /settings for the group's
admins (Telegram says who is one: getChatMember; an anonymous admin writes as the group), /latest
and /help (also /start) for everyone; and the service message of a group that became a
supergroup. Answers go into the forum topic the command came from (`handlers.replies.reply`).
Anyone else gets one short answer; ordinary talk none (`handlers.scope`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import CallbackQuery, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.readers.groups import migrate_group, subscribe_group, unsubscribe_group
from handlers.context import chat_id_of, next_delivery_label, profile_of, thread_of
from handlers.formatting import groups as texts
from handlers.replies import reply
from handlers.scope import in_group

log = logging.getLogger(__name__)

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
ADMINS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


async def is_group_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender (or the presser of a button) is the group's creator or an admin."""
    chat, message = update.effective_chat, update.message
    assert chat is not None
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # an anonymous admin writes as the group
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:
        log.info("group admin not checked: %s", exc.message)
        return False
    return member.status in ADMINS


def admins_only(callback: Callback) -> Callback:
    """Run `callback` for the group's admins only; anyone else gets one short answer."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await is_group_admin(update, context):
            await reply(update, texts.ONLY_ADMINS)
            return
        await callback(update, context)

    return guarded


async def admin_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> CallbackQuery | None:
    """The pressed button's query, in a private chat or for a group's admin; anyone else in a
    group gets a short answer and None (the caller still answers the query it gets)."""
    query = update.callback_query
    assert query is not None
    if in_group(update) and not await is_group_admin(update, context):
        await query.answer(texts.ONLY_ADMINS_BUTTON, show_alert=True)
        return None
    return query


@admins_only
async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe: the issues go to this group, into the forum topic of the command."""
    deps = deps_of(context)
    thread = thread_of(update)
    result = await deps.db.run(
        subscribe_group, chat_id=chat_id_of(update), profile=profile_of(update), thread=thread
    )
    when = await next_delivery_label(deps, update)
    text = texts.group_subscribed(
        when, topic=thread is not None, changed=result.changed, moved=result.moved
    )
    await reply(update, text)


@admins_only
async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe: no more issues for this group."""
    change = await deps_of(context).db.run(unsubscribe_group, chat_id=chat_id_of(update))
    await reply(update, texts.group_unsubscribed(changed=change.changed))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help and /start in a group: what works here."""
    await reply(update, texts.group_help(context.bot.username))


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The group became a supergroup: its subscription, choices and ledger move along."""
    message = update.message
    assert message is not None
    if message.migrate_to_chat_id is not None:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await deps_of(context).db.run(migrate_group, old_id=old, new_id=new)
