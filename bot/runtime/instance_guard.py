"""Refusing a second instance where only one may run: long polling, and SQLite.

Telegram serves `getUpdates` to one poller per bot (the other gets 409 Conflict), and an SQLite
file belongs to one process. So an instance that polls, or that runs on SQLite, must be the
leader (`bot.runtime.leader.Leadership`) before it serves. If another instance holds the lease, that
one is either alive or died without giving it up: the guard watches the lease's heartbeat. A
heartbeat that moves is a live instance: `SecondInstance`, one German line, exit 2. One that
stands still is waited out until it is stale (at most LEASE_TTL), then taken over, so a restart
after a crash just takes a little longer. Webhook instances on PostgreSQL share the database
with each other, but not with a polling instance.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports `SecondInstance` without loading PTB
    from bot.runtime.leader import Leadership
    from storage.leader_leases import Leader

MODE_NAMES = {"webhook": "Webhook", "polling": "Long Polling"}


class SecondInstance(Exception):
    """Another live instance runs where this one may not run beside it (one German line)."""


def guard_start(
    leadership: Leadership,
    *,
    exclusive: bool,
    sqlite: bool,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Return once this instance may serve; raise `SecondInstance` when it must not.

    `exclusive` (polling, or SQLite): this instance must become the leader now.
    Otherwise (webhook on PostgreSQL): only a live polling leader is in the way.
    """
    seen: Leader | None = None
    while True:
        if exclusive:
            term = leadership.db.run_sync(leadership.claim)
            if term is not None:
                leadership.accept(term)
                return
        holder = leadership.holder()
        if not exclusive and not _in_the_way(leadership, holder):
            return
        if holder is not None and seen is not None and _alive(seen, holder):
            raise SecondInstance(refusal(holder, sqlite=sqlite, mode=leadership.mode))
        seen = holder
        sleep(leadership.interval / 2)


def _in_the_way(leadership: Leadership, holder: Leader | None) -> bool:
    """Whether `holder` is a polling leader whose lease is not stale."""
    if holder is None or holder.owner is None or holder.mode != "polling":
        return False
    return holder.heartbeat_at is not None and holder.heartbeat_at >= (
        leadership.now() - leadership.ttl
    )


def _alive(before: Leader, now: Leader) -> bool:
    """The same owner renewed its heartbeat while we watched."""
    return now.owner == before.owner and now.heartbeat_at != before.heartbeat_at


def refusal(holder: Leader, *, sqlite: bool, mode: str) -> str:
    """Why this instance does not start, in one German line."""
    who = f"{(holder.owner or '?').split(':')[0]}, {MODE_NAMES.get(holder.mode or '', '?')}"
    if sqlite:
        return (
            f"Auf dieser SQLite-Datenbank läuft schon eine Doppelbot-Instanz ({who}). SQLite ist "
            "für eine Instanz: für mehrere DATABASE_URL auf PostgreSQL setzen."
        )
    if mode == "polling":
        return (
            f"Mit dieser Datenbank läuft schon eine Doppelbot-Instanz ({who}). Long Polling geht "
            "nur mit einer Instanz: für mehrere WEBHOOK_URL setzen und doppelbot run --webhook "
            "starten."
        )
    return (
        f"Mit dieser Datenbank läuft schon eine Instanz im Long Polling ({who}). Webhook und "
        "Polling gehen nicht zugleich: die Polling-Instanz beenden oder auf Webhook umstellen."
    )
