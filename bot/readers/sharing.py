"""Inline sharing (`@bot …` typed in any chat): what a user is offered to send there, and the
invite code every shared message carries as its button's link.

- nothing typed: the newest issue's sections;
- a calendar week (`kw 6`, `kw 6 2025`; the handler reads it): that issue's sections;
- words: when a company of that name reports (a small typo is forgiven, as in /earnings), on
  the sharer's clock, then the sections the same search as /search finds
  (`bot.readers.search.find`).

A section is offered as its first message (a photo's caption as text: an inline article is a
text), with the earnings times on the sharer's clock. Result ids are stable
(`bot.readers.readership`), so a chosen result can be counted. The answer is paged:
`PAGE_SIZE` results from `offset`, and the offset of the next page while there is one.

Anyone may use inline mode: a user who never started the bot gets an invite code of their own
(`storage.subscribers.sharing_code`) without becoming a reader. One transaction: call
`share_results` through `Database.run`.
"""

from __future__ import annotations

from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.config import Settings
from bot.readers.earnings import company_dates
from bot.readers.library import IssueSummary, issue_content, summary
from bot.readers.localized import localized_issue_messages
from bot.readers.readership import earnings_result_id, section_result_id
from bot.readers.search import EarningsHit, find
from bot.readers.zones import chat_zone
from newsletter.compact import button_label
from newsletter.model import Message, Section
from storage.issues import find_issue, latest_issue, load_issue
from storage.subscribers import sharing_code
from storage.tables import IssueRecord

PAGE_SIZE = 50  # Telegram's most results per answer
COMPANIES = 3  # companies whose dates a query offers


class SharedSection(NamedTuple):
    """A section to share: its result id, its issue, its button label ("📰 News der Woche"),
    its title and the message a chosen result sends (text and entities, within Telegram's
    limits)."""

    result_id: str
    issue: IssueSummary
    label: str
    title: str
    message: Message


class SharedEarnings(NamedTuple):
    """A company's earnings dates to share (newest list first)."""

    result_id: str
    company: str
    hits: list[EarningsHit]


Shared = SharedSection | SharedEarnings


class ShareAnswer(NamedTuple):
    """One page of results, the sharer's invite code and clock, the next page's offset."""

    code: str
    zone: ZoneInfo
    items: list[Shared]
    next_offset: int | None


def share_results(
    *,
    session: Session,
    user_id: int,
    settings: Settings,
    words: str = "",
    week: int | None = None,
    year: int | None = None,
    offset: int = 0,
) -> ShareAnswer:
    """What `@bot <words>` (or a week) offers `user_id`, from `offset` on (see the module)."""
    code = sharing_code(session=session, user_id=user_id)
    zone = chat_zone(session=session, chat_id=user_id, settings=settings)
    items: list[Shared]
    if week is not None:
        items = [*issue_sections(session, find_issue(session=session, week=week, year=year), zone)]
    elif not words:
        items = [*issue_sections(session, latest_issue(session=session), zone)]
    else:
        items = [*company_items(session, words), *search_items(session, words, zone)]
    offset = max(offset, 0)
    more = len(items) > offset + PAGE_SIZE
    return ShareAnswer(
        code, zone, items[offset : offset + PAGE_SIZE], offset + PAGE_SIZE if more else None
    )


def issue_sections(
    session: Session, record: IssueRecord | None, zone: ZoneInfo
) -> list[SharedSection]:
    """Every section of the issue (but its header) that has a text, in the issue's order."""
    if record is None or record.id is None:
        return []
    issue = load_issue(session=session, issue_id=record.id)
    assert issue is not None
    stored = localized_issue_messages(session=session, issue_id=record.id, zone=zone)
    found = []
    for position, section in enumerate(issue.sections):
        messages = [m.message for m in stored if m.section_position == position]
        message = first_text(messages)
        if section.kind != "header" and message is not None:
            result_id = section_result_id(record.id, position)
            label = button_label(section)
            found.append(SharedSection(result_id, summary(record), label, section.title, message))
    return found


def search_items(session: Session, words: str, zone: ZoneInfo) -> list[SharedSection]:
    """The sections /search finds for `words`, best first."""
    found = []
    for hit in find(session=session, query=words).sections:
        content = issue_content(
            session=session, issue_id=hit.issue_id, section=hit.section_position, zone=zone
        )
        message = first_text(content.messages) if content is not None else None
        if content is None or message is None:
            continue
        label = button_label(Section(hit.section_kind, hit.section_title, "", []))  # type: ignore[arg-type]
        result_id = section_result_id(hit.issue_id, hit.section_position)
        found.append(SharedSection(result_id, content.issue, label, hit.section_title, message))
    return found


def company_items(session: Session, name: str) -> list[SharedEarnings]:
    """When the companies called `name` report: one result per company (at most `COMPANIES`)."""
    companies: dict[str, list[EarningsHit]] = {}
    for hit in company_dates(session=session, name=name):
        if hit.entry_id is not None:
            companies.setdefault(hit.company_folded, []).append(hit)
    return [
        SharedEarnings(earnings_result_id(hits[0].entry_id or 0), hits[0].company, hits)
        for hits in list(companies.values())[:COMPANIES]
    ]


def first_text(messages: list[Message]) -> Message | None:
    """The first of `messages` with a text (a photo's caption as a text message), or None."""
    for message in messages:
        if message.text.strip():
            return Message(message.text, message.entities)
    return None
