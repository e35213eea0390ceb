"""The admins' review: every new or changed issue, exactly as readers get it, then a check report.

Whatever stored the issue (the feed poller, an upload, `doppelbot ingest` in another process),
`review_pending` finds content the admins have not seen (`reviewed_hash` ≠ `content_hash`),
claims it in one conditional UPDATE (so one process sends it, once; the content is kept as
`reviewed_snapshot`) and sends each admin what changed since their last preview (if anything
was previewed before), the issue's messages, then the report: the conversion checks, blocking
problems apart, whether and when it goes out, and the buttons "✅ Freigeben" /
"⏸ Zurückhalten". An issue that was already broadcast is not previewed again: the admins get
the correction offer (`bot.corrections.announce`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlmodel import Session
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.config import Settings
from bot.corrections.announce import announce_change
from bot.database import Database
from bot.publishing import texts
from bot.publishing.release import release_state
from bot.runtime.sending import NO_PREVIEW, send_stored_messages
from bot.schedule import next_delivery
from newsletter.german import titled_label
from newsletter.snapshot import issue_from_dict
from storage.broadcasts import broadcast_for_issue, has_started
from storage.issues import get_issue, issue_earnings, issue_messages, load_issue
from storage.review import claim_review, unreviewed_issues
from storage.tables import IssueRecord
from storage.tables.timestamps import utcnow

log = logging.getLogger(__name__)

APPROVE = "rv:ok:"
HOLD = "rv:hold:"
PATTERN = r"^rv:(ok|hold):(\d{1,12})$"


def review_keyboard(issue_id: int) -> InlineKeyboardMarkup:
    """[✅ Freigeben] [⏸ Zurückhalten] for one issue."""
    return InlineKeyboardMarkup.from_row(
        [
            InlineKeyboardButton(texts.BUTTON_APPROVE, callback_data=f"{APPROVE}{issue_id}"),
            InlineKeyboardButton(texts.BUTTON_HOLD, callback_data=f"{HOLD}{issue_id}"),
        ]
    )


async def review_pending(
    bot: Bot,
    settings: Settings,
    db: Database,
    *,
    now: Callable[[], dt.datetime] = utcnow,
) -> list[int]:
    """Preview every issue with content the admins have not seen; return their ids."""
    reviewed: list[int] = []
    for record in await db.run(unreviewed_issues):
        assert record.id is not None
        claimed = await db.run(claim_current, issue_id=record.id)
        if claimed is None:
            continue  # another process sends this preview, or the content changed meanwhile
        reviewed.append(record.id)
        if not settings.admin_ids:
            continue
        previous = issue_from_dict(claimed) if claimed else None
        if has_started(await db.run(broadcast_for_issue, issue_id=record.id)):
            await announce_change(bot, settings, db, record.id)  # a correction
            continue
        if previous is not None:
            await announce_change(bot, settings, db, record.id, previous=previous)
        verb = "Neu" if record.reviewed_hash is None else "Geändert"
        await send_review(bot, settings, db, record, verb=verb, now=now())
    return reviewed


def claim_current(*, session: Session, issue_id: int) -> dict[str, Any] | None:
    """Claim the issue's current content for its preview: None when another process did (or
    it changed meanwhile); else what the admins saw before ({} for a new issue)."""
    record = get_issue(session=session, issue_id=issue_id)
    issue = load_issue(session=session, issue_id=issue_id)
    if record is None or issue is None:
        return None
    previous = record.reviewed_snapshot or {}
    snapshot = issue.to_dict()
    if not claim_review(
        session=session, issue_id=issue_id, content_hash=record.content_hash, snapshot=snapshot
    ):
        return None
    return previous


async def send_review(
    bot: Bot,
    settings: Settings,
    db: Database,
    record: IssueRecord,
    *,
    verb: str,
    now: dt.datetime,
) -> None:
    """Send each admin the issue as readers get it, then its check report with the buttons."""
    assert record.id is not None
    stored = await db.run(issue_messages, issue_id=record.id)
    earnings = await db.run(issue_earnings, issue_id=record.id)
    messages = [m.message for m in stored]
    sections = len({m.section_position for m in stored})
    sizes = (sections, len(messages), len(earnings))
    report = check_report(record, settings, verb, sizes, now)
    for admin in settings.admin_ids:
        try:
            await send_stored_messages(bot, admin, messages)
            await bot.send_message(
                admin,
                report,
                reply_markup=review_keyboard(record.id),
                link_preview_options=NO_PREVIEW,
            )
        except TelegramError as exc:
            log.warning("review not delivered to an admin: %s", exc.message)


def check_report(
    record: IssueRecord,
    settings: Settings,
    verb: str,
    sizes: tuple[int, int, int],
    now: dt.datetime,
) -> str:
    """The German check report of a stored issue; `sizes`: sections, messages, earnings."""
    state = release_state(record, settings)
    upcoming = next_delivery(now, settings.schedule, settings.tz) if state.released else None
    head = texts.review_head(titled_label(record), verb, *sizes)
    findings = texts.review_findings(list(record.warnings), list(record.blocking))
    return f"{head}\n\n{findings}\n\n{texts.release_line(state.released, state.reason, upcoming)}"
