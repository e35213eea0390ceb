"""The bot's Prometheus metrics: one registry, every metric object, and the readers' gauge job.

Each figure is counted at the one place where the thing happens, by importing its object here:
messages of the runs by outcome (`bot.delivery.progress`, as the ledger records them; retries in
`bot.delivery.retry`), 429 answers (`bot.delivery.retry` for the runs' own bot,
`bot.runtime.pacing` for the application's), the broadcast's progress (`bot.broadcast.runner`),
updates and their handling time (`bot.runtime.updates`), the leadership (`bot.runtime.leader`),
the feed's last success (`bot.publishing.feed`), reminders (`bot.readers.reminders`). Readers by
state are read from the database every `READERS_INTERVAL` seconds by each instance that serves
metrics (`jobs`; the first read when the server starts), never per scrape. Labels are fixed
words: never a token, never a chat id.

The objects live in `REGISTRY` (not prometheus_client's global one); `bot.runtime.metrics_server`
serves it. Creating them at import is cheap and touches nothing outside this process.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from telegram.ext import CallbackContext

from bot.config import Settings
from bot.database import Database
from bot.deps import deps_of
from bot.runtime.jobs import Job
from storage.subscribers import count_by_status

REGISTRY = CollectorRegistry(auto_describe=True)
READERS_INTERVAL = 60.0  # seconds between two reads of the readers' counts
READERS_JOB = "metrics-readers"

MESSAGES = Counter(
    "doppelbot_messages",
    "Messages of broadcasts and corrections by outcome: sent, blocked (the reader is gone), "
    "failed (recorded as failed), retried (an attempt tried again)",
    ["outcome"],
    registry=REGISTRY,
)
TELEGRAM_429 = Counter(
    "doppelbot_telegram_429", "429 Too Many Requests answers from Telegram", registry=REGISTRY
)
BROADCAST_PROGRESS = Gauge(
    "doppelbot_broadcast_progress_ratio",
    "Share of the running (or last) broadcast of this process that is done, 0 to 1",
    registry=REGISTRY,
)
BROADCAST_RUNNING = Gauge(
    "doppelbot_broadcast_running", "Broadcasts this process sends right now", registry=REGISTRY
)
READERS = Gauge(
    "doppelbot_readers",
    "Readers' private chats by state (read from the database every minute)",
    ["state"],
    registry=REGISTRY,
)
UPDATES = Counter("doppelbot_updates", "Telegram updates handled", registry=REGISTRY)
UPDATE_SECONDS = Histogram(
    "doppelbot_update_seconds",
    "Time to handle one update (its handlers, replies included)",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)
IS_LEADER = Gauge(
    "doppelbot_is_leader", "1 while this instance is the leader, else 0", registry=REGISTRY
)
FEED_LAST_SUCCESS = Gauge(
    "doppelbot_feed_last_success_timestamp_seconds",
    "Unix time of the last successful poll of FEED_URL by this instance (0: none yet)",
    registry=REGISTRY,
)
REMINDERS = Counter(
    "doppelbot_reminders",
    "Earnings reminders by outcome: sent, blocked, failed, retried (released for a later round)",
    ["outcome"],
    registry=REGISTRY,
)

OUTCOMES = ("sent", "blocked", "failed", "retried")
for _outcome in OUTCOMES:  # every series from the start, at 0: a rate() sees the first one
    MESSAGES.labels(outcome=_outcome)
    REMINDERS.labels(outcome=_outcome)


def exposition() -> bytes:
    """Every metric in Prometheus' text format."""
    return generate_latest(REGISTRY)


def jobs(settings: Settings) -> list[Job]:
    """With METRICS_PORT: read the readers' counts now and every `READERS_INTERVAL`, in every
    instance (any of them may be scraped)."""
    if settings.metrics_port is None:
        return []
    return [Job(READERS_JOB, count_readers, every=READERS_INTERVAL, leader_only=False)]


async def count_readers(context: CallbackContext) -> None:
    """The job: set `READERS` from the database."""
    await read_readers(deps_of(context).db)


async def read_readers(db: Database) -> None:
    """Set `READERS` from the database (also once when the metrics server starts)."""
    counts = await db.run(count_by_status)
    for state, count in counts.items():
        READERS.labels(state=state).set(count)
