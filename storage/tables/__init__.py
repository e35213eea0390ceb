"""The database schema: one SQLModel table class per stored concept, in modules by area:
`readers`, `issues`, `broadcasts`, `corrections`, `watchlist`, `intake`, `operations`; `base`
(what every table shares), `runs` (the columns of a run's row and a ledger's key, shared by
broadcasts and corrections) and `timestamps` (aware UTC times).

States are short strings (no database enums: adding a state must not need a type migration).
The migrations in `storage/migrations/versions/` must stay equal to this metadata; a test
compares them on SQLite and PostgreSQL. Everything is importable from `storage.tables`.
"""

from storage.tables.base import chat_id_field, table_of, time_field
from storage.tables.broadcasts import (
    Broadcast,
    BroadcastTrigger,
    Delivery,
    DeliveryStatus,
    DeliverySummary,
)
from storage.tables.corrections import Correction, CorrectionEdit, EditStatus
from storage.tables.intake import BackfillPage, FeedState, Notice
from storage.tables.issues import EarningsEntry, IssueRecord, IssueSection
from storage.tables.operations import LeaderLease, WebhookUpdate
from storage.tables.readers import (
    AUDIENCE_COLUMNS,
    ChatKind,
    ReaderEvent,
    ReaderEventKind,
    Referral,
    ReferralTally,
    Subscriber,
    SubscriberStatus,
)
from storage.tables.runs import BroadcastStatus, RunColumns
from storage.tables.watchlist import Reminder, ReminderStatus, WatchlistEntry

__all__ = [
    "AUDIENCE_COLUMNS",
    "BackfillPage",
    "Broadcast",
    "BroadcastStatus",
    "BroadcastTrigger",
    "ChatKind",
    "Correction",
    "CorrectionEdit",
    "Delivery",
    "DeliveryStatus",
    "DeliverySummary",
    "EarningsEntry",
    "EditStatus",
    "FeedState",
    "IssueRecord",
    "IssueSection",
    "LeaderLease",
    "Notice",
    "ReaderEvent",
    "ReaderEventKind",
    "Referral",
    "ReferralTally",
    "Reminder",
    "ReminderStatus",
    "RunColumns",
    "Subscriber",
    "SubscriberStatus",
    "WatchlistEntry",
    "WebhookUpdate",
    "chat_id_field",
    "table_of",
    "time_field",
]
