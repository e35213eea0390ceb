"""/referral (the reader's invite link and standing) and /top (the best referrers)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes
from telegram.helpers import create_deep_linked_url

from bot.deps import deps_of
from bot.readers.subscription import best_referrers, referral_standing
from handlers import keyboards
from handlers.arguments import invite_payload
from handlers.context import chat_id_of, profile_of
from handlers.formatting.referrals import leaderboard, referral_link
from handlers.replies import reply


async def referral(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send `https://t.me/<bot>?start=ref_<code>`, the count of readers it brought, the rank."""
    standing = await deps_of(context).db.run(
        referral_standing, chat_id=chat_id_of(update), profile=profile_of(update)
    )
    link = create_deep_linked_url(context.bot.username, invite_payload(standing.code))
    await reply(update, referral_link(link, standing.count, standing.rank), keyboards.share(link))


async def top(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the ten best referrers, by first name only."""
    standings = await deps_of(context).db.run(best_referrers)
    await reply(update, leaderboard(standings))
