"""This process's identity as a lease holder, and when another holder counts as gone.

A lease is `owner` + `heartbeat_at` in a row: a run's (a broadcast, a correction:
`bot.delivery.lease`) or a role's (the leader: `bot.runtime.leader`). The holder refreshes it
every `HEARTBEAT` seconds; another process may take over once it is LEASE_TTL old (a setting,
30 s by default), or at once when the owner ran on this host and its process no longer exists
(a crashed or killed `doppelbot broadcast --now` is taken over by the next one without waiting).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

from storage.tables.timestamps import utcnow

HEARTBEAT = 1.0
LEASE_TTL = dt.timedelta(seconds=30)


def new_owner(instance: str | None = None) -> str:
    """A fresh owner id for this process: `host:pid:random` (`instance` instead of the host
    name when given: INSTANCE_NAME)."""
    host = (instance or socket.gethostname())[:64]
    return f"{host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_is_dead(owner: str | None) -> bool:
    """True when `owner` was a process on this host that no longer runs.

    Unknown hosts and malformed ids are never declared dead (they wait for `LEASE_TTL`).
    """
    if not owner:
        return False
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname()[:64] or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    return not _process_runs(pid)


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child its parent has not reaped yet is a zombie: it sends nothing
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def stale_before(now: dt.datetime | None = None, ttl: dt.timedelta = LEASE_TTL) -> dt.datetime:
    """Heartbeats older than this are stale (`ttl`: LEASE_TTL)."""
    return (now or utcnow()) - ttl


def is_held(
    owner: str | None,
    heartbeat_at: dt.datetime | None,
    now: dt.datetime,
    ttl: dt.timedelta = LEASE_TTL,
) -> bool:
    """Whether a live sender holds the lease: an owner with a fresh heartbeat, not known dead."""
    if owner is None or heartbeat_at is None:
        return False
    return heartbeat_at >= stale_before(now, ttl) and not owner_is_dead(owner)
