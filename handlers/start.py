"""/start (with an invite payload), /subscribe, /unsubscribe and the subscribe button."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.readers.subscription import start_chat, subscribe_chat, unsubscribe_chat
from handlers import keyboards
from handlers.arguments import invite_code
from handlers.context import chat_id_of, next_delivery_label, profile_of
from handlers.formatting import texts
from handlers.replies import drop_keyboard, notify, reply
from handlers.scope import private_button


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the reader, note who invited them (`ref_<code>`), offer the subscribe button."""
    deps = deps_of(context)
    profile = profile_of(update)
    started = await deps.db.run(
        start_chat,
        chat_id=chat_id_of(update),
        profile=profile,
        referral_code=invite_code(context.args or []),
    )
    text = texts.welcome(
        profile.first_name,
        await next_delivery_label(deps, update),
        subscribed=started.subscribed,
        invited=started.invited,
        returned=started.returned,
    )
    await reply(update, text, None if started.subscribed else keyboards.subscribe())


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Subscribe the reader (idempotent); tell their inviter when this is what counts."""
    deps = deps_of(context)
    result = await deps.db.run(
        subscribe_chat, chat_id=chat_id_of(update), profile=profile_of(update)
    )
    await reply(
        update, texts.subscribed(await next_delivery_label(deps, update), changed=result.changed)
    )
    if result.referrer_id is not None:
        await notify(
            context.bot, result.referrer_id, texts.referral_credited(result.referrer_count)
        )


async def subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The subscribe button under the welcome: drop the button, then subscribe."""
    query = await private_button(update)
    if query is None:
        return
    await query.answer()
    await drop_keyboard(update)
    await subscribe(update, context)


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop the deliveries (idempotent) and say so."""
    deps = deps_of(context)
    change = await deps.db.run(unsubscribe_chat, chat_id=chat_id_of(update))
    await reply(
        update, texts.unsubscribed(await next_delivery_label(deps, update), changed=change.changed)
    )
