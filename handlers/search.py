"""/search <words>: the best matching sections of past issues, and earnings dates; « Mehr »
shows the next ones."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.deps import deps_of
from bot.readers.search import find
from handlers import keyboards
from handlers.arguments import MAX_QUERY_CHARS, free_text
from handlers.context import reader_zone_of
from handlers.formatting import texts
from handlers.formatting.search import search_results, shown_query
from handlers.replies import reply
from handlers.scope import private_button


async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer with the best sections (buttons open them) or say that nothing matched."""
    query = free_text(context.args or [])
    if not query:
        await reply(update, texts.SEARCH_USAGE)
        return
    if len(query) > MAX_QUERY_CHARS:
        await reply(update, texts.search_too_long(MAX_QUERY_CHARS))
        return
    deps = deps_of(context)
    findings = await deps.db.run(find, query=query)
    if not findings:
        await reply(update, texts.nothing_found(shown_query(query)))
        return
    zone = await reader_zone_of(deps, update)
    await reply(update, search_results(query, findings, zone), keyboards.search_hits(findings))


async def more_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« Mehr » (`callbacks.SEARCH_MORE_PATTERN`): send the next hits as a new message."""
    button = await private_button(update)
    if button is None:
        return
    assert context.matches  # the pattern matched
    offset, query = int(context.matches[0][1]), context.matches[0][2]
    deps = deps_of(context)
    findings = await deps.db.run(find, query=query, offset=offset)
    if not findings.sections:
        await button.answer(texts.NO_MORE_HITS)
        return
    await button.answer()
    zone = await reader_zone_of(deps, update)
    await reply(update, search_results(query, findings, zone), keyboards.search_hits(findings))
