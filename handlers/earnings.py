"""/earnings: the week's list by weekday; `heute`, `morgen`, a weekday, or a company."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.earnings import company_earnings, week_earnings
from handlers import texts
from handlers.arguments import CompanyQuery, earnings_query
from handlers.context import local_now, next_delivery_label
from handlers.formatting.earnings import company_answer, week_answer
from handlers.replies import reply


async def earnings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer from the newest issue's earnings list (or all lists, for a company)."""
    deps = deps_of(context)
    args = context.args or []
    query = earnings_query(args, local_now(deps).date()) if args else None
    if args and query is None:
        await reply(update, texts.EARNINGS_USAGE)
        return
    if isinstance(query, CompanyQuery):
        hits = await deps.db.run(company_earnings, name=query.name)
        await reply(update, company_answer(query.name, hits))
        return
    week = await deps.db.run(week_earnings)
    if week is None:
        await reply(update, texts.no_issue_yet(next_delivery_label(deps)))
        return
    await reply(update, week_answer(week, query))
