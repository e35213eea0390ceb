"""The reader's inline keyboards: subscribe, archive pages, search hits, share, confirm."""

from __future__ import annotations

from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.earnings import CompanyReport
from bot.library import ArchivePage
from bot.search import Findings
from handlers import callbacks, texts
from handlers.formatting.archive import open_button
from handlers.formatting.dates import issue_label
from handlers.formatting.search import hit_label
from handlers.formatting.watchlist import button_follow, button_unfollow

ISSUES_PER_ROW = 2
FOLLOW_BUTTONS = 3  # companies a /earnings <company> answer offers to follow


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


def follow_button(entry_id: int, company: str, *, following: bool) -> InlineKeyboardButton:
    """Follow (or, when `following`, unfollow) the company of earnings row `entry_id`."""
    if following:
        return InlineKeyboardButton(
            button_unfollow(company), callback_data=callbacks.unfollow(entry_id)
        )
    return InlineKeyboardButton(button_follow(company), callback_data=callbacks.follow(entry_id))


def company_report(report: CompanyReport) -> InlineKeyboardMarkup | None:
    """Under /earnings <company>: follow / unfollow per company (newest row of each), then a
    button per past issue that wrote about it, numbered like the text."""
    rows: list[list[InlineKeyboardButton]] = []
    newest: dict[str, tuple[int, str]] = {}
    for hit in report.hits:
        if hit.entry_id is not None and len(newest) < FOLLOW_BUTTONS:
            newest.setdefault(hit.company_folded, (hit.entry_id, hit.company))
    for folded, (entry_id, company) in newest.items():
        following = folded in report.followed
        rows.append([follow_button(entry_id, company, following=following)])
    mentions = [
        InlineKeyboardButton(
            f"{number} · {issue_label(hit.week, hit.year, hit.date)}",
            callback_data=callbacks.open_section(hit.issue_id, hit.section_position),
        )
        for number, hit in enumerate(report.mentions, start=1)
    ]
    rows += [mentions[i : i + ISSUES_PER_ROW] for i in range(0, len(mentions), ISSUES_PER_ROW)]
    return InlineKeyboardMarkup(rows) if rows else None


def swap_follow(
    markup: InlineKeyboardMarkup, entry_id: int, company: str, *, following: bool
) -> InlineKeyboardMarkup:
    """Return `markup` with the follow button of `entry_id` turned into unfollow (or back)."""
    targets = {callbacks.follow(entry_id), callbacks.unfollow(entry_id)}
    swapped = follow_button(entry_id, company, following=following)
    rows = [
        [swapped if button.callback_data in targets else button for button in row]
        for row in markup.inline_keyboard
    ]
    return InlineKeyboardMarkup(rows)
