"""What happens to a reader's chat: starting, subscribing (with the referral credit),
unsubscribing, their invite standing, the leaderboard, and erasing them. `open_chat` is how
every use case makes a chat known (a group starts with the compact issue).

Each function is one transaction: call it through `Database.run(fn, **kwargs)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlmodel import Session

from storage.chats import delete_chat_data
from storage.preferences import set_format
from storage.referrals import ReferrerStanding as ReferrerStanding  # handed to the handlers
from storage.referrals import (
    credit_referral,
    referral_count,
    referral_rank,
    top_referrers,
)
from storage.subscribers import (
    StatusChange,
    get_or_create_subscriber,
    mark_blocked,
    subscribe,
    unblock,
    unsubscribe,
)
from storage.tables import GROUP_KINDS, Subscriber, SubscriberStatus

LEADERBOARD_SIZE = 10
GROUP_FORMAT = "compact"  # a group gets the compact issue unless its admins choose otherwise


class Profile(NamedTuple):
    """What Telegram tells about a reader, kept to greet them and for the leaderboard; for a
    group its title (as `first_name`) and `kind` ("group", "supergroup")."""

    first_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    kind: str | None = None


class ChatStart(NamedTuple):
    """A chat after /start: whether it is subscribed, whether it is new and was invited, and
    whether it had blocked the bot (and now gets back what it had)."""

    subscribed: bool
    invited: bool
    returned: bool = False


class Subscription(NamedTuple):
    """A chat after /subscribe, and who gets credit for it (at most once, ever)."""

    changed: bool
    referrer_id: int | None
    referrer_count: int


@dataclass(frozen=True, slots=True)
class ReferralStanding:
    """A reader's invite code, how many readers joined through it, and their rank (or None)."""

    code: str
    count: int
    rank: int | None


def open_chat(
    *, session: Session, chat_id: int, profile: Profile, referral_code: str | None = None
) -> tuple[Subscriber, bool]:
    """Return the chat (created, noting who invited it, if it is new; a new group with the
    compact issue) and whether it is new to the bot; a known chat's profile is refreshed."""
    subscriber, created = get_or_create_subscriber(
        session=session, chat_id=chat_id, referral_code=referral_code, **profile._asdict()
    )
    if created and subscriber.kind in GROUP_KINDS and subscriber.delivery_format is None:
        set_format(session=session, chat_id=chat_id, delivery_format=GROUP_FORMAT)
    return subscriber, created


def start_chat(
    *, session: Session, chat_id: int, profile: Profile, referral_code: str | None = None
) -> ChatStart:
    """Greet a chat: create it (noting who invited it, if it is new) or refresh its profile."""
    subscriber, created = open_chat(
        session=session, chat_id=chat_id, profile=profile, referral_code=referral_code
    )
    returned = unblock(session=session, chat_id=chat_id).changed
    subscribed = subscriber.status == SubscriberStatus.ACTIVE
    return ChatStart(subscribed, created and subscriber.referred_by is not None, returned)


def block_chat(*, session: Session, chat_id: int) -> bool:
    """The reader blocked the bot (Telegram's `my_chat_member`): no more deliveries until
    they press Start again; return whether this changed anything."""
    return mark_blocked(session=session, chat_id=chat_id)


def subscribe_chat(*, session: Session, chat_id: int, profile: Profile) -> Subscription:
    """Subscribe the chat (idempotent) and credit its inviter if this is the first time."""
    open_chat(session=session, chat_id=chat_id, profile=profile)
    change = subscribe(session=session, chat_id=chat_id)
    referrer_id = credit_referral(session=session, chat_id=chat_id)
    count = 0 if referrer_id is None else referral_count(session=session, chat_id=referrer_id)
    return Subscription(change.changed, referrer_id, count)


def unsubscribe_chat(*, session: Session, chat_id: int) -> StatusChange:
    """Stop sending to the chat (idempotent)."""
    return unsubscribe(session=session, chat_id=chat_id)


def referral_standing(*, session: Session, chat_id: int, profile: Profile) -> ReferralStanding:
    """Return the chat's invite code (creating the chat if needed), count and rank."""
    subscriber, _ = open_chat(session=session, chat_id=chat_id, profile=profile)
    return ReferralStanding(
        subscriber.referral_code,
        referral_count(session=session, chat_id=chat_id),
        referral_rank(session=session, chat_id=chat_id),
    )


def best_referrers(*, session: Session, limit: int = LEADERBOARD_SIZE) -> list[ReferrerStanding]:
    """Return the leaderboard: the best `limit` referrers, most readers brought first."""
    return top_referrers(session=session, limit=limit)


def erase_chat(*, session: Session, chat_id: int) -> bool:
    """Erase everything stored about the chat; return whether it was known."""
    return delete_chat_data(session=session, chat_id=chat_id)
