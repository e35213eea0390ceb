"""Groups and forum topics: a group's subscription, where it goes, and a group that moves.

A group or supergroup subscribes like a reader (its admins decide: the handler asks Telegram),
but its members are no readers: no referral credit, no reader history, counted apart in the
statistics. A new group gets the compact issue (`bot.readers.subscription.open_chat`); its
admins change that with /settings in the group. In a forum the subscription is for the topic
where /subscribe was sent: the broadcast goes there, nowhere else in the forum; /subscribe in
another topic moves it. Removing the bot from a group ends the subscription
(`bot.readers.subscription.block_chat`); a group upgraded to a supergroup keeps its
subscription, choices and delivery ledger under its new id (`migrate_group`). Groups follow no
companies (/follow is a private command), so no reminders go to groups.

Each function is one transaction: call it through `Database.run`.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlmodel import Session

from bot.readers.subscription import Profile, open_chat
from storage.chats import migrate_chat
from storage.groups import set_thread
from storage.subscribers import StatusChange, subscribe, unsubscribe


class GroupSubscription(NamedTuple):
    """A group after /subscribe: whether it was subscribed just now, and whether its topic
    changed (a subscription moved to the topic where /subscribe was sent)."""

    changed: bool
    moved: bool


def subscribe_group(
    *, session: Session, chat_id: int, profile: Profile, thread: int | None
) -> GroupSubscription:
    """Subscribe the group (idempotent) for forum topic `thread` (None: General, no forum)."""
    open_chat(session=session, chat_id=chat_id, profile=profile)
    change = subscribe(session=session, chat_id=chat_id)
    moved = set_thread(session=session, chat_id=chat_id, thread=thread)
    return GroupSubscription(change.changed, moved and not change.changed)


def unsubscribe_group(*, session: Session, chat_id: int) -> StatusChange:
    """End the group's subscription (idempotent), whichever topic it is for."""
    return unsubscribe(session=session, chat_id=chat_id)


def migrate_group(*, session: Session, old_id: int, new_id: int) -> bool:
    """The group `old_id` is the supergroup `new_id` now: move its subscription, choices and
    ledger there; return whether the bot knew it."""
    return migrate_chat(session=session, old_id=old_id, new_id=new_id) is not None
