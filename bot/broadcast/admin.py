"""What admins can do with broadcasts (/broadcast and its subcommands), on the service.

Each function returns what the handler shows, or raises `BroadcastError` with a German line.
Pause and resume act through the database, so they reach the sending process wherever it runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.broadcast import texts
from bot.broadcast.groups import delivery_groups
from bot.broadcast.selection import BroadcastError, candidate
from bot.broadcast.service import BroadcastService
from newsletter.german import titled_label
from storage.audiences import audiences
from storage.broadcast_leases import pause_or_resume
from storage.broadcasts import latest_broadcast
from storage.issues import issue_messages
from storage.subscribers import count_active
from storage.tables import Broadcast, BroadcastTrigger


@dataclass(frozen=True, slots=True)
class Offer:
    """What /broadcast would send: the issue, how many readers, how many messages each."""

    issue_id: int
    label: str
    readers: int
    messages: int  # the most one reader gets (the full issue)
    total: int  # what all readers get together, by their format and sections


async def offer(service: BroadcastService) -> Offer:
    """What /broadcast would send, for the confirmation; `BroadcastError` if nothing."""
    found = await service.db.run(candidate)
    if found is None:
        raise BroadcastError(texts.NO_ISSUE)
    label = titled_label(found.issue)
    if found.is_unfinished:
        raise BroadcastError(texts.already_running(label))
    if not found.is_new:
        raise BroadcastError(texts.no_new_issue(found.issue))
    assert found.issue.id is not None
    readers = await service.db.run(count_active)
    stored = await service.db.run(issue_messages, issue_id=found.issue.id)
    kinds = [m.section_kind for m in stored]
    groups = delivery_groups(await service.db.run(audiences), kinds, service.settings, None)
    total = sum(group.readers * len(group.plan) for group in groups)
    return Offer(found.issue.id, label, readers, len(stored), total)


async def start_confirmed(service: BroadcastService, issue_id: int) -> str:
    """Start the broadcast an admin confirmed, if its issue is still the newest; return the
    issue's label."""
    newest = await offer(service)
    if newest.issue_id != issue_id:
        raise BroadcastError("Inzwischen gibt es eine neuere Ausgabe: bitte /broadcast neu.")
    await service.start(BroadcastTrigger.ADMIN.value, issue_id=issue_id)
    return newest.label


async def pause(service: BroadcastService) -> str:
    """Pause the running broadcast (any process notices within a second); return its label."""
    broadcast = await _switch(service, pause=True, refusal="Es läuft gerade kein Versand.")
    return await service.label(broadcast)


async def resume(service: BroadcastService) -> str:
    """Resume the paused broadcast, here if no live process holds it; return its label."""
    broadcast = await _switch(service, pause=False, refusal="Es ist kein Versand pausiert.")
    assert broadcast.id is not None
    if not service.lease_held(broadcast):  # `launch` also checks this process
        service.launch(broadcast.id)
    return await service.label(broadcast)


async def _switch(service: BroadcastService, *, pause: bool, refusal: str) -> Broadcast:
    """Pause or resume the current broadcast for every process and tell this process's engine
    at once; `BroadcastError(refusal)` when its status does not allow it (`pause_or_resume`
    decides, in one conditional UPDATE)."""
    broadcast = await service.current()
    if broadcast is None:
        raise BroadcastError(refusal)
    assert broadcast.id is not None
    if not await service.db.run(pause_or_resume, broadcast_id=broadcast.id, pause=pause):
        raise BroadcastError(refusal)
    await service.poke(broadcast.id)
    return broadcast


async def status(service: BroadcastService) -> str:
    """The /broadcast status text: the unfinished broadcast, else the latest one."""
    broadcast = await service.current() or await service.db.run(latest_broadcast)
    if broadcast is None:
        return texts.NO_BROADCAST_YET
    return texts.status(await service.label(broadcast), broadcast, service.now())
