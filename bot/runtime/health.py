"""`GET /healthz`: whether this instance can serve, for the platform's health checks.

200 with `{"status": "ok", "database": "ok", "leader": …, "mode": …, "instance": …}` when the
database answers within `TIMEOUT` seconds, else 503 with `"status": "error"` and
`"database": "unreachable"`. Whether this instance leads is reported, not judged: a follower
is healthy.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.database import Database
from bot.runtime.leader import Leadership
from storage.db import ping

log = logging.getLogger(__name__)

TIMEOUT = 3.0


async def health(db: Database, leadership: Leadership, instance: str) -> tuple[int, dict[str, Any]]:
    """The HTTP status and JSON body of `/healthz`."""
    try:
        await asyncio.wait_for(db.run(ping), TIMEOUT)
        database = "ok"
    except Exception as exc:
        log.warning("health check: database not reachable (%s)", type(exc).__name__)
        database = "unreachable"
    healthy = database == "ok"
    body = {
        "status": "ok" if healthy else "error",
        "database": database,
        "leader": leadership.is_leader,
        "mode": leadership.mode,
        "instance": instance,
    }
    return (200 if healthy else 503), body
