"""The reader's inline keyboards: subscribe, archive pages, search hits, share, the invite link
under a message shared inline, confirm, settings."""

from __future__ import annotations

from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.readers.delivery_times import IMMEDIATE
from bot.readers.earnings import CompanyReport
from bot.readers.library import ArchivePage
from bot.readers.preference_input import (
    FORMAT,
    SECTIONS,
    TIME,
    TOGGLE,
    ZONE,
    Change,
    Menu,
    button_data,
)
from bot.readers.preferences import ReaderSettings
from bot.readers.search import Findings
from handlers import callbacks
from handlers.formatting import settings as shown
from handlers.formatting import texts
from handlers.formatting.archive import open_button
from handlers.formatting.search import hit_label
from handlers.formatting.sharing import BUTTON_LINK
from handlers.formatting.watchlist import button_follow, button_unfollow
from newsletter.choices import FORMATS, SECTION_CHOICES
from newsletter.german import issue_label

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
    """A button per found section, numbered like the result text, then « Mehr » if more
    hits follow (and the query fits into the button's data)."""
    buttons = [
        InlineKeyboardButton(
            hit_label(number, hit),
            callback_data=callbacks.open_section(hit.issue_id, hit.section_position),
        )
        for number, hit in enumerate(findings.sections, start=findings.offset + 1)
    ]
    rows = [buttons[i : i + ISSUES_PER_ROW] for i in range(0, len(buttons), ISSUES_PER_ROW)]
    if findings.more is not None:
        offset = findings.offset + len(findings.sections)
        if data := callbacks.search_more(offset, findings.more):
            rows.append([InlineKeyboardButton(texts.BUTTON_MORE, callback_data=data)])
    return InlineKeyboardMarkup(rows) if rows else None


def share(link: str) -> InlineKeyboardMarkup:
    """One URL button that opens Telegram's share dialog with the invite link."""
    url = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(texts.SHARE_TEXT)}"
    return InlineKeyboardMarkup.from_button(InlineKeyboardButton(texts.BUTTON_SHARE, url=url))


def share_link(link: str) -> InlineKeyboardMarkup:
    """Under a message shared in inline mode: one URL button with the sharer's invite link."""
    return InlineKeyboardMarkup.from_button(InlineKeyboardButton(BUTTON_LINK, url=link))


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


def settings_overview() -> InlineKeyboardMarkup:
    """Under /settings: a button per setting."""
    return InlineKeyboardMarkup(
        [
            [
                _setting(shown.BUTTON_FORMAT, Menu(FORMAT)),
                _setting(shown.BUTTON_SECTIONS, Menu(SECTIONS)),
            ],
            [_setting(shown.BUTTON_TIME, Menu(TIME)), _setting(shown.BUTTON_ZONE, Menu(ZONE))],
        ]
    )


def settings_menu(what: str, reader: ReaderSettings) -> InlineKeyboardMarkup:
    """The buttons of one setting (FORMAT, TIME, ZONE, SECTIONS) with the current choice
    marked, and « Zurück » to the overview."""
    if what == FORMAT:
        rows = [[_format_button(fmt, reader) for fmt in FORMATS]]
    elif what == TIME:
        rows = _time_rows(reader)
    elif what == ZONE:
        rows = _zone_rows(reader)
    else:
        rows = [[_section_button(kind, reader)] for kind in SECTION_CHOICES]
    return InlineKeyboardMarkup([*rows, [_setting(shown.BUTTON_BACK, Menu())]])


def _format_button(fmt: str, reader: ReaderSettings) -> InlineKeyboardButton:
    label = shown.chosen(shown.FORMAT_NAMES[fmt], fmt == reader.choice.format)
    return _setting(label, Change(FORMAT, fmt))


def _section_button(kind: str, reader: ReaderSettings) -> InlineKeyboardButton:
    label = shown.section_button(kind, kind in reader.choice.sections)
    return _setting(label, Change(TOGGLE, kind))


def _time_rows(reader: ReaderSettings) -> list[list[InlineKeyboardButton]]:
    delivery = reader.delivery
    current = "" if delivery.standard else shown.clock_of(delivery)
    times = [
        _setting(shown.chosen(clock, clock == current), Change(TIME, clock))
        for clock in shown.COMMON_TIMES
    ]
    immediate = shown.chosen(shown.BUTTON_IMMEDIATE, delivery.immediate)
    standard = shown.chosen(shown.standard_time_button(reader.standard_time), delivery.standard)
    last = [_setting(immediate, Change(TIME, IMMEDIATE)), _setting(standard, Change(TIME, None))]
    return [times[:3], times[3:], last]


def _zone_rows(reader: ReaderSettings) -> list[list[InlineKeyboardButton]]:
    current = "" if reader.zone_is_default else reader.zone.key
    zones = [
        _setting(shown.chosen(label, zone == current), Change(ZONE, zone))
        for label, zone in shown.COMMON_ZONES
    ]
    standard = shown.chosen(shown.standard_zone_button(reader.standard_zone), not current)
    return [zones[i : i + 2] for i in range(0, len(zones), 2)] + [
        [_setting(standard, Change(ZONE, None))]
    ]


def _setting(label: str, request: Change | Menu) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=button_data(request))
