"""/earnings: the week's list by weekday; `heute`, `morgen`, a weekday, or a company (with
follow buttons and the past issues that wrote about it); `ics` sends the week as a calendar
file. Every time is the US open or close on the reader's clock."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import Deps, deps_of
from bot.readers.earnings import calendar_rows, company_report, week_earnings
from handlers import keyboards
from handlers.arguments import CompanyQuery, company_name, earnings_query
from handlers.context import chat_id_of, local_now, next_delivery_label, reader_zone_of
from handlers.formatting import calendar, texts
from handlers.formatting.earnings import company_report_answer, week_answer
from handlers.replies import reply

CALENDAR_WORD = "ics"


async def earnings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer from the newest issue's earnings list (or all lists, for a company)."""
    deps = deps_of(context)
    args = context.args or []
    if args and args[0].casefold() == CALENDAR_WORD:
        await _calendar(update, context, deps, args[1:])
        return
    zone = await reader_zone_of(deps, update)
    query = earnings_query(args, local_now(deps, zone).date()) if args else None
    if args and query is None:
        await reply(update, texts.EARNINGS_USAGE)
        return
    if isinstance(query, CompanyQuery):
        chat_id = chat_id_of(update)
        report = await deps.db.run(company_report, name=query.name, chat_id=chat_id)
        answer = company_report_answer(query.name, report, zone)
        await reply(update, answer, keyboards.company_report(report))
        return
    week = await deps.db.run(week_earnings)
    if week is None:
        await reply(update, texts.no_issue_yet(await next_delivery_label(deps, update)))
        return
    await reply(update, week_answer(week, query, zone))


async def _calendar(
    update: Update, context: ContextTypes.DEFAULT_TYPE, deps: Deps, args: list[str]
) -> None:
    """`/earnings ics [company]`: the newest list (or one company of it) as an .ics file."""
    company, problem = company_name(args)
    if problem in ("too_long", "no_name"):
        await reply(update, texts.EARNINGS_USAGE)
        return
    found = await deps.db.run(calendar_rows, company=company or None)
    if found is None:
        await reply(update, texts.no_issue_yet(await next_delivery_label(deps, update)))
        return
    if not found.rows:
        no_rows = calendar.not_this_week(company, found) if company else calendar.NO_EARNINGS
        await reply(update, no_rows)
        return
    file = calendar.calendar_file(found)
    await context.bot.send_document(
        chat_id_of(update), document=file.data, filename=file.filename, caption=file.caption
    )
