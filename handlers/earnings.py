"""/earnings: the week's list by weekday; `heute`, `morgen`, a weekday, or a company."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.earnings import company_earnings, on_date, on_weekday, week_earnings
from handlers import texts
from handlers.arguments import CompanyQuery, earnings_query
from handlers.context import local_now, next_delivery_label
from handlers.formatting.archive import label
from handlers.formatting.earnings import company_dates, day_list, day_name, week_list
from handlers.replies import reply
from newsletter.german_dates import WEEKDAYS


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
        text = company_dates(hits) if hits else texts.company_not_listed(query.name)
        await reply(update, text)
        return
    week = await deps.db.run(week_earnings)
    if week is None:
        await reply(update, texts.no_issue_yet(next_delivery_label(deps)))
        return
    if not week.rows:
        await reply(update, texts.NO_EARNINGS)
        return
    issue = label(week.issue)
    if query is None:
        await reply(update, week_list(week.rows, issue))
        return
    if query.date is not None:
        rows, day = on_date(week.rows, query.date), day_name(query.date, query.relative)
    else:
        rows, day = on_weekday(week.rows, query.weekday), WEEKDAYS[query.weekday]
    await reply(update, day_list(rows, day, issue) if rows else texts.no_earnings_on(day, issue))
