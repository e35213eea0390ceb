"""The reader's inline keyboards: subscribe, archive pages, search hits, share, confirm."""

from __future__ import annotations

from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.library import ArchivePage
from bot.search import Findings
from handlers import callbacks, texts
from handlers.formatting.archive import open_button
from handlers.formatting.search import hit_label

ISSUES_PER_ROW = 2


def subscribe() -> InlineKeyboardMarkup:
    """One button: subscribe."""
    return InlineKeyboardMarkup.from_button(
        InlineKeyboardButton(texts.BUTTON_SUBSCRIBE, callback_data=callbacks.SUBSCRIBE)
    )


def archive(page: ArchivePage) -> InlineKeyboardMarkup | None:
    """A button per issue of the page (two per row), then « Neuere / Ältere » if needed."""
    buttons = [
        InlineKeyboardButton(open_button(issue), callback_data=callbacks.open_issue(issue.id))
        for issue in page.issues
    ]
    rows = [buttons[i : i + ISSUES_PER_ROW] for i in range(0, len(buttons), ISSUES_PER_ROW)]
    paging = []
    if page.page > 0:
        data = callbacks.archive_page(page.page - 1)
        paging.append(InlineKeyboardButton(texts.BUTTON_NEWER, callback_data=data))
    if page.page + 1 < page.pages:
        data = callbacks.archive_page(page.page + 1)
        paging.append(InlineKeyboardButton(texts.BUTTON_OLDER, callback_data=data))
    if paging:
        rows.append(paging)
    return InlineKeyboardMarkup(rows) if rows else None


def search_hits(findings: Findings) -> InlineKeyboardMarkup | None:
    """A button per found section, numbered like the result text."""
    buttons = [
        InlineKeyboardButton(
            hit_label(number, hit),
            callback_data=callbacks.open_section(hit.issue_id, hit.section_position),
        )
        for number, hit in enumerate(findings.sections, start=1)
    ]
    rows = [buttons[i : i + ISSUES_PER_ROW] for i in range(0, len(buttons), ISSUES_PER_ROW)]
    return InlineKeyboardMarkup(rows) if rows else None


def share(link: str) -> InlineKeyboardMarkup:
    """One URL button that opens Telegram's share dialog with the invite link."""
    url = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(texts.SHARE_TEXT)}"
    return InlineKeyboardMarkup.from_button(InlineKeyboardButton(texts.BUTTON_SHARE, url=url))


def confirm_delete() -> InlineKeyboardMarkup:
    """Yes / cancel for /deletedata."""
    return InlineKeyboardMarkup.from_row(
        [
            InlineKeyboardButton(texts.BUTTON_DELETE_YES, callback_data=callbacks.DELETE_YES),
            InlineKeyboardButton(texts.BUTTON_DELETE_NO, callback_data=callbacks.DELETE_NO),
        ]
    )
