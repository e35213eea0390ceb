"""A world for correction tests: the broadcast world (`broadcast_fixtures.World`) after its
broadcast, a changed version of its issue stored, and a way to run the real correction."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.corrections.proposal import propose
from bot.corrections.runner import run_correction
from bot.delivery.runner import RunHooks, RunResult
from newsletter.model import Issue, Message
from storage.corrections import open_correction
from storage.issues import store_issue
from storage.tables import CorrectionEdit
from tests.bot.broadcast_fixtures import CHART, TEXTS, World, never, small_issue

CHANNEL = -1001234567890
NEW_LEAD = "2 Der Drache schläft."
NEW_CAPTION = "3 Chart der Woche (korrigiert)"


def changed_issue() -> Issue:
    """`small_issue` with a word changed in message 2, the chart's caption corrected and a
    second message added to the closing section (which therefore cannot be edited)."""
    issue = small_issue()
    lead, chart, closing = issue.sections
    lead = replace(lead, messages=[lead.messages[0], Message(NEW_LEAD)])
    chart = replace(chart, messages=[Message(NEW_CAPTION, photo=CHART)])
    closing = replace(closing, messages=[*closing.messages, Message("5 Noch was.")])
    return replace(issue, sections=[lead, chart, closing])


class CorrectionWorld(World):
    """The broadcast world plus a correction of its issue."""

    async def broadcast_and_change(self, issue: Issue | None = None) -> None:
        """Send the issue to everyone, then store the changed version."""
        result = await self.run()
        assert result.complete
        self.db.run_sync(store_issue, issue=issue or changed_issue())

    def open(self) -> int:
        """Create the correction to the stored version (as the button or the CLI does)."""
        proposal = self.db.run_sync(propose, issue_id=self.issue_id)
        correction, _ = self.db.run_sync(
            open_correction,
            broadcast=proposal.broadcast,
            target=proposal.target,
            target_hash=proposal.target_hash,
        )
        assert correction.id is not None
        return correction.id

    async def correct(
        self, correction_id: int, *, hooks: RunHooks | None = None, **tuning: Any
    ) -> RunResult:
        """Run the real correction against the recording fake on the fake clock."""
        return await run_correction(
            correction_id,
            settings=self.settings,
            db=self.db,
            request=self.request,
            engine_settings=self.tuning(**tuning),
            clock=self.clock,
            sleep=self.clock.sleep,
            hooks=hooks,
            poll_sleep=never,
        )

    def message_ids(self, chat_id: int) -> dict[str, int]:
        """Telegram's message id of each text the chat got in the broadcast."""
        sends = [m for m in self.request.sent_to(chat_id) if m.method.startswith("send")]
        return {m.text: m.message_id for m in sends if m.text in TEXTS}

    def shows(self, chat_id: int, message_id: int) -> str | None:
        """What the message shows now (after every edit)."""
        return self.request.backend.answers.content(chat_id, message_id)[0]

    def edit_rows(self, correction_id: int) -> list[tuple[int, int, str]]:
        """(chat, message index, status) rows of the correction's ledger, sorted."""
        with self.engine.connect() as connection:
            table = CorrectionEdit.__table__
            rows = connection.execute(
                table.select().where(table.c.correction_id == correction_id)
            ).all()
        return sorted((r.chat_id, r.message_index, r.status) for r in rows)
