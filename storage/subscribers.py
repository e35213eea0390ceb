"""Subscribers: who talks to the bot, whether they get the newsletter, and their invite code.

A chat that pressed /start exists with status `new`; `subscribe` makes it `active`,
`unsubscribe` `unsubscribed`, a refused delivery `blocked`. A user who shares the newsletter
in inline mode without ever starting the bot gets a row of status `sharer` (an invite code,
nothing else: no profile, no reader); when they start the bot it counts as their arrival. The
referrer of a chat is noted only when the chat arrives (see `storage.referrals`). Every status
change goes through `_move_to`, which also writes the readers' history
(`storage.reader_events`) for private chats: groups and channels are no readers.
"""

from __future__ import annotations

import secrets
from typing import NamedTuple, cast

from sqlalchemy import String, func, select
from sqlmodel import Session, col

from storage.db import insert_ignoring_conflicts
from storage.deliveries import last_issue_received
from storage.reader_events import LEAVES, record_reader_event
from storage.tables import ChatKind, ReaderEventKind, Subscriber, SubscriberStatus, table_of
from storage.tables.timestamps import utcnow

REFERRAL_CODE_BYTES = 8  # 11 URL-safe characters: `A-Z a-z 0-9 _ -`
_NO_SUBSCRIPTION = (SubscriberStatus.NEW, SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.SHARER)


class StatusChange(NamedTuple):
    """A chat's status after a command, and whether the command changed it."""

    status: str
    changed: bool


def new_referral_code() -> str:
    """Return a fresh unguessable invite code (11 characters of `A-Za-z0-9_-`)."""
    return secrets.token_urlsafe(REFERRAL_CODE_BYTES)


def get_subscriber(*, session: Session, chat_id: int) -> Subscriber | None:
    """Return the chat's row, or None when the bot does not know it."""
    return session.get(Subscriber, chat_id)


def get_by_referral_code(*, session: Session, code: str) -> Subscriber | None:
    """Return the chat whose invite code is `code` (exact, case-sensitive), or None."""
    if not code:
        return None
    return session.scalars(select(Subscriber).where(col(Subscriber.referral_code) == code)).first()


def get_or_create_subscriber(
    *,
    session: Session,
    chat_id: int,
    first_name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
    referral_code: str | None = None,
    kind: str | None = None,
    sharing: bool = False,
) -> tuple[Subscriber, bool]:
    """Return `(subscriber, created)`; a known chat gets its name, language and `kind`
    (private, group, supergroup) refreshed.

    `referral_code` (the invite code from `/start ref_<code>`) is only looked at when the chat
    arrives here (it is created, or was a `sharer` only): the inviter is noted in
    `referred_by` unless the code is unknown or the chat's own. An existing chat never gets an
    inviter, whatever link it opens. `sharing`: the user only shares in inline mode; an unknown
    one is created as a `sharer` (nothing of the profile is kept), a known one left as it is.
    """
    given = {"first_name": first_name, "username": username, "language_code": language_code}
    profile = {name: _clip(value, name) for name, value in given.items()}
    if kind is not None:
        profile["kind"] = kind
    subscriber = session.get(Subscriber, chat_id)
    if subscriber is not None:
        if sharing:
            return subscriber, False
        arrives = subscriber.status == SubscriberStatus.SHARER
        if arrives:
            subscriber.referred_by = _inviter(session, referral_code, chat_id)
            _move_to(session, subscriber, SubscriberStatus.NEW, "updated_at")
        _refresh(subscriber, profile)
        return subscriber, arrives
    referred_by = None if sharing else _inviter(session, referral_code, chat_id)
    status = SubscriberStatus.SHARER if sharing else SubscriberStatus.NEW
    if sharing:
        profile = {}
    while True:
        now = utcnow()
        values = {
            "chat_id": chat_id,
            **profile,
            "status": status.value,
            "referral_code": new_referral_code(),
            "referred_by": referred_by,
            "created_at": now,
            "updated_at": now,
        }
        table = table_of(Subscriber)
        insert = insert_ignoring_conflicts(session, table).values(**values)
        created = session.execute(insert.returning(table.c.chat_id)).first() is not None
        subscriber = session.get(Subscriber, chat_id)
        if subscriber is not None:  # else: the code collided with another chat's; draw again
            if not created:  # created meanwhile by a concurrent /start
                _refresh(subscriber, profile)
            return subscriber, created


def _inviter(session: Session, code: str | None, chat_id: int) -> int | None:
    """The chat whose invite code `code` is, unless unknown or `chat_id`'s own."""
    inviter = get_by_referral_code(session=session, code=code or "")
    return inviter.chat_id if inviter is not None and inviter.chat_id != chat_id else None


def sharing_code(*, session: Session, user_id: int) -> str:
    """The invite code of a user who shares in inline mode: their chat's, or (never started
    the bot) a `sharer` row's, made now."""
    subscriber, _ = get_or_create_subscriber(session=session, chat_id=user_id, sharing=True)
    return subscriber.referral_code


def subscribe(*, session: Session, chat_id: int) -> StatusChange:
    """Make the chat an active subscriber (creating it if unknown); idempotent."""
    subscriber, _ = get_or_create_subscriber(session=session, chat_id=chat_id)
    if subscriber.status == SubscriberStatus.ACTIVE:
        return StatusChange(subscriber.status, False)
    _move_to(session, subscriber, SubscriberStatus.ACTIVE, "subscribed_at")
    return StatusChange(subscriber.status, True)


def unsubscribe(*, session: Session, chat_id: int) -> StatusChange:
    """Stop sending to the chat; idempotent. An unknown or never-subscribed chat stays `new`."""
    subscriber = session.get(Subscriber, chat_id)
    if subscriber is None:
        return StatusChange(SubscriberStatus.NEW.value, False)
    if subscriber.status in _NO_SUBSCRIPTION:
        return StatusChange(subscriber.status, False)
    _move_to(session, subscriber, SubscriberStatus.UNSUBSCRIBED, "unsubscribed_at")
    return StatusChange(subscriber.status, True)


def mark_blocked(*, session: Session, chat_id: int) -> bool:
    """Note that the chat blocked the bot (or is gone); return whether this changed anything."""
    subscriber = session.get(Subscriber, chat_id)
    if subscriber is None or subscriber.status == SubscriberStatus.BLOCKED:
        return False
    _move_to(session, subscriber, SubscriberStatus.BLOCKED, "blocked_at")
    return True


def count_by_status(*, session: Session) -> dict[str, int]:
    """Return how many readers' chats are in each status (`new`, `active`, `unsubscribed`,
    `blocked`); the channel, groups and sharers who never started the bot are no readers."""
    sharer = SubscriberStatus.SHARER
    counts = dict.fromkeys((s.value for s in SubscriberStatus if s is not sharer), 0)
    query = (
        select(col(Subscriber.status), func.count())
        .where(
            col(Subscriber.kind) == ChatKind.PRIVATE.value,
            col(Subscriber.status) != sharer.value,
        )
        .group_by(col(Subscriber.status))
    )
    for status, count in session.execute(query):
        counts[status] = count
    return counts


def count_active(*, session: Session) -> int:
    """Return how many chats currently receive the newsletter."""
    query = select(func.count()).where(col(Subscriber.status) == SubscriberStatus.ACTIVE.value)
    return session.scalar(query) or 0


def _move_to(
    session: Session, subscriber: Subscriber, status: SubscriberStatus, stamp: str
) -> None:
    """Set the new status and stamp its time (e.g. `subscribed_at`) and `updated_at`.

    The one place a status changes, so it also writes the readers' history: a chat that becomes
    active joined (first time) or returned; a reader who stops being active left, noted with
    the last issue they received. Other changes (a `new` chat blocking the bot, a former
    reader blocking it later) are not reader events.
    """
    now = utcnow()
    kind = _reader_event(subscriber, status)
    subscriber.status = status.value
    setattr(subscriber, stamp, now)
    subscriber.updated_at = now
    if kind is not None:
        chat_id = subscriber.chat_id
        last_issue = None
        if kind in LEAVES:
            last_issue = last_issue_received(session=session, chat_id=chat_id)
        record_reader_event(
            session=session, chat_id=chat_id, kind=kind, at=now, last_issue_id=last_issue
        )
    session.flush()


def _reader_event(subscriber: Subscriber, status: SubscriberStatus) -> str | None:
    """The reader event of moving `subscriber` (still unchanged) to `status`, if any (a
    channel or a group is no reader)."""
    if subscriber.kind != ChatKind.PRIVATE:
        return None
    was_reader = subscriber.status == SubscriberStatus.ACTIVE
    if status == SubscriberStatus.ACTIVE and not was_reader:
        first = subscriber.subscribed_at is None
        return (ReaderEventKind.JOINED if first else ReaderEventKind.RETURNED).value
    if was_reader and status == SubscriberStatus.UNSUBSCRIBED:
        return ReaderEventKind.UNSUBSCRIBED.value
    if was_reader and status == SubscriberStatus.BLOCKED:
        return ReaderEventKind.BLOCKED.value
    return None


def _refresh(subscriber: Subscriber, profile: dict[str, str | None]) -> None:
    changed = False
    if subscriber.kind == ChatKind.CHANNEL:
        profile = {name: value for name, value in profile.items() if name != "kind"}
    for name, value in profile.items():
        if value is not None and getattr(subscriber, name) != value:
            setattr(subscriber, name, value)
            changed = True
    if changed:
        subscriber.updated_at = utcnow()


def _clip(value: str | None, column: str) -> str | None:
    """Cut a profile value to its column's length (the table's `max_length`); "" is None."""
    length = cast(String, table_of(Subscriber).c[column].type).length
    return value[:length] if value else None


def unblock(*, session: Session, chat_id: int) -> StatusChange:
    """A blocked chat talks to the bot again (/start): it gets back the status it had when it
    blocked. Active then (its last subscription is newer than its last unsubscription): active
    again; subscribed once and unsubscribed: unsubscribed; never subscribed: new."""
    subscriber = session.get(Subscriber, chat_id)
    if subscriber is None or subscriber.status != SubscriberStatus.BLOCKED:
        return StatusChange(subscriber.status if subscriber else SubscriberStatus.NEW.value, False)
    subscribed, unsubscribed = subscriber.subscribed_at, subscriber.unsubscribed_at
    if subscribed is not None and (unsubscribed is None or subscribed > unsubscribed):
        _move_to(session, subscriber, SubscriberStatus.ACTIVE, "subscribed_at")
    elif subscribed is not None:
        _move_to(session, subscriber, SubscriberStatus.UNSUBSCRIBED, "unsubscribed_at")
    else:
        _move_to(session, subscriber, SubscriberStatus.NEW, "updated_at")
    return StatusChange(subscriber.status, True)
