"""Sweeps of a broadcast: pages of each due group's waiting readers, and the late sends.

`Sweep.slot` goes breadth first over one slot's groups: position 1 of every group's plan (pages
of `storage.audiences.pending_chats`, by chat id, the next page read while this one is offered),
then position 2, and so on; every chat goes to `Dispatcher.offer`. `send_due` offers the sends
the `LateQueue` holds once their time has come, if the ledger still expects them. `overtaken`
tells, for a chat whose message was just recorded, which step it must get out of page order
because that step's sweep has begun already.
"""

from __future__ import annotations

import asyncio

from bot.broadcast.dispatch import Dispatcher
from bot.broadcast.groups import DeliveryGroup
from bot.broadcast.late import Step
from bot.database import Database
from bot.delivery.control import Control
from storage.audiences import Audience, pending_chats, still_pending


class Sweep:
    """The delivery groups of the current pass and how far their sweeps are."""

    def __init__(
        self,
        db: Database,
        broadcast_id: int,
        page_size: int,
        dispatch: Dispatcher,
        control: Control,
    ) -> None:
        self.db, self.broadcast_id, self.page_size = db, broadcast_id, page_size
        self.dispatch, self.control = dispatch, control
        self.groups: dict[Audience, DeliveryGroup] = {}
        self.swept: dict[Audience, int] = {}  # per group: the highest position whose sweep began

    def overtaken(self, step: Step | None) -> Step | None:
        """The step after `step` if its sweep has begun (so it must go out of page order)."""
        group = self.groups.get(step.audience) if step is not None else None
        if group is None or step is None:
            return None
        following = group.next_of(step.position)
        if following is None or following > self.swept.get(group.audience, -1):
            return None
        return Step(group.audience, following)

    async def slot(self, slot: list[DeliveryGroup]) -> int:
        """Breadth first over one slot's groups: position 1 of every plan, then position 2…"""
        found = 0
        for position in range(max(len(g.plan) for g in slot)):
            for group in slot:
                if position >= len(group.plan):
                    continue
                self.swept[group.audience] = position
                page = self._fetch(group, position, None)
                while chats := await page:
                    page = self._fetch(group, position, chats[-1])
                    for chat_id in chats:
                        found += await self.send_due()
                        if not await self.dispatch.offer(chat_id, group, position):
                            page.cancel()
                            return found
                        found += 1
                if self.control.stopping:
                    return found
        return found

    def _fetch(
        self, group: DeliveryGroup, position: int, after: int | None
    ) -> asyncio.Task[list[int]]:
        task = asyncio.create_task(
            self.db.run(
                pending_chats,
                broadcast_id=self.broadcast_id,
                message_index=group.plan[position],
                previous_index=group.plan[position - 1] if position else None,
                audience=group.audience,
                after_chat_id=after,
                limit=self.page_size,
            )
        )
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return task

    async def send_due(self) -> int:
        """Send queued messages whose time has come (those the ledger still expects)."""
        due = self.dispatch.late.pop_due()
        sent = 0
        for step, chats in due.items():
            group = self.groups.get(step.audience)
            if group is None or step.position >= len(group.plan):
                continue  # the group changed since (a reader changed their settings)
            plan, position = group.plan, step.position
            waiting = await self.db.run(
                still_pending,
                broadcast_id=self.broadcast_id,
                message_index=plan[position],
                previous_index=plan[position - 1] if position else None,
                chat_ids=chats,
            )
            for chat_id in waiting:
                if not await self.dispatch.offer(chat_id, group, position, late=True):
                    return sent
                sent += 1
        return sent
