"""The database schema: one SQLModel table class per stored concept, in modules by area:
`readers`, `issues`, `search` (the search index), `broadcasts`, `corrections`, `watchlist`,
`intake`, `operations`; `base`
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
from storage.tables.issues import (
    EarningsEntry,
    IssueRecord,
    IssueSection,
    ReadershipKind,
    SectionReadership,
)
from storage.tables.operations import LeaderLease, WebhookUpdate
from storage.tables.readers import (
    AUDIENCE_COLUMNS,
    GROUP_KINDS,
    ChatKind,
    ReaderEvent,
    ReaderEventKind,
    Referral,
    ReferralTally,
    Subscriber,
    SubscriberStatus,
)
from storage.tables.runs import BroadcastStatus, RunColumns
from storage.tables.search import SearchPosting, SearchWord
from storage.tables.watchlist import Reminder, ReminderStatus, WatchlistEntry

__all__ = [
    "AUDIENCE_COLUMNS",
    "GROUP_KINDS",
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
    "ReadershipKind",
    "Referral",
    "ReferralTally",
    "Reminder",
    "ReminderStatus",
    "RunColumns",
    "SearchPosting",
    "SearchWord",
    "SectionReadership",
    "Subscriber",
    "SubscriberStatus",
    "WatchlistEntry",
    "WebhookUpdate",
    "chat_id_field",
    "table_of",
    "time_field",
]
