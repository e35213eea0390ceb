"""Which queries `bench/scale.py` explains: the broadcast's, the reader commands', the ledger's.

Each entry runs one storage or use-case function once through `scale_commands.explain` (its
transaction rolled back) and keeps the plans of the statements it issued, so the plans are
those of exactly the SQL the bot sends.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from sqlalchemy import Engine, select

from bench.scale_commands import Plan, explain
from bot.broadcast.start import load_start
from bot.config import Settings
from bot.readers.earnings import company_report, week_earnings
from bot.readers.library import archive_page, week_content
from bot.readers.preferences import reading_of
from bot.readers.search import find
from bot.readers.subscription import Profile, best_referrers, referral_standing
from bot.readers.zones import chat_zone
from storage.audiences import Audience, audiences, has_readers_at, pending_chats, still_pending
from storage.compaction import compact_page, start_compaction
from storage.db import session_scope
from storage.deliveries import delivered_messages, delivery_counts, last_issue_received
from storage.subscribers import count_active
from storage.tables import ReferralTally


def broadcast_queries(
    engine: Engine, broadcast_id: int, late: int, readers: Sequence[int]
) -> dict[str, list[Plan]]:
    """The plans of a broadcast's queries, with its ledger as the bench's run left it, and of
    the last round of the broadcast `late` (interrupted in its last round, see
    `bench.scale_resume`) where it goes on."""
    sample = random.Random(5).sample(list(readers), 50)
    kinds = dict(broadcast_id=broadcast_id)
    last = dict(broadcast_id=late, message_index=6, previous_index=5)
    return {
        "pending_chats last round": explain(
            engine,
            pending_chats,
            audience=Audience(),
            after_chat_id=readers[len(readers) // 2],
            **last,
        ),
        "still_pending last round": explain(engine, still_pending, chat_ids=sample, **last),
        "count_active": explain(engine, count_active),
        "audiences": explain(engine, audiences),
        "has_readers_at now": explain(engine, has_readers_at, delivery_time="now"),
        "load_start (resume)": explain(engine, load_start, **kinds),
        "pending_chats msg 1 (resume)": explain(
            engine, pending_chats, message_index=0, audience=Audience(), **kinds
        ),
        "pending_chats msg 2": explain(
            engine, pending_chats, message_index=1, previous_index=0, audience=Audience(), **kinds
        ),
        "pending_chats compact": explain(
            engine,
            pending_chats,
            message_index=7,
            audience=Audience(delivery_format="compact"),
            **kinds,
        ),
        "pending_chats Tokyo": explain(
            engine,
            pending_chats,
            message_index=0,
            audience=Audience(timezone="Asia/Tokyo"),
            **kinds,
        ),
        "still_pending (50 chats)": explain(
            engine, still_pending, message_index=1, previous_index=0, chat_ids=sample, **kinds
        ),
    }


def command_queries(
    engine: Engine, settings: Settings, readers: Sequence[int]
) -> dict[str, list[Plan]]:
    """The plans of the reader commands' queries, for a reader with referrals."""
    with session_scope(engine) as session:
        inviter = session.scalar(select(ReferralTally.chat_id).limit(1)) or readers[0]
    me = dict(chat_id=inviter)
    return {
        "/referral": explain(engine, referral_standing, profile=Profile("Leser"), **me),
        "/top": explain(engine, best_referrers),
        "reader's zone": explain(engine, chat_zone, settings=settings, **me),
        "/earnings": explain(engine, week_earnings),
        "/earnings palantir": explain(engine, company_report, name="palantir", **me),
        "/archive": explain(engine, archive_page, page=0),
        "reader's reading": explain(engine, reading_of, settings=settings, **me),
        "/archive 30": explain(engine, week_content, week=30),
        "/search china": explain(engine, find, query="china"),
        "/search openai modell": explain(engine, find, query="openai modell"),
    }


def compaction_queries(engine: Engine, broadcast_id: int, readers: Sequence[int]) -> dict:
    """The plans of the queries that read a finished broadcast's ledger and compact it."""
    kinds = dict(broadcast_id=broadcast_id)
    return {
        "load_start": explain(engine, load_start, **kinds),
        "delivery_counts": explain(engine, delivery_counts, **kinds),
        "delivery_counts msg 1": explain(engine, delivery_counts, message_index=0, **kinds),
        "delivered_messages": explain(
            engine, delivered_messages, message_indexes=range(7), **kinds
        ),
        "last_issue_received": explain(engine, last_issue_received, chat_id=readers[1234]),
        "start_compaction": explain(engine, start_compaction, **kinds),
        "compact_page": explain(engine, compact_page, **kinds),
    }
