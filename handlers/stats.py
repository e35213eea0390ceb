"""/stats for admins (ADMIN_IDS): the statistics as text, then the chart as a photo."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.broadcast.texts import ONLY_ADMINS
from bot.deps import deps_of
from bot.stats.report import make_report
from handlers.context import sender_is_admin
from handlers.replies import reply, reply_photo

CHART_FILENAME = "statistik.png"


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the figures (readers, referrals, broadcasts, churn) and the weekly chart."""
    deps = deps_of(context)
    if not sender_is_admin(update, deps):
        await reply(update, ONLY_ADMINS)
        return
    report = await make_report(deps.db, now=deps.clock(), tz=deps.settings.tz)
    await reply(update, report.text)
    await reply_photo(update, report.chart, caption=report.caption, filename=CHART_FILENAME)
