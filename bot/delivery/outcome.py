"""What one send attempt came to: the ONE place where a Telegram error becomes an outcome.

`classify(exc)` maps every exception a send (or an edit, or a reminder) can raise to an
`Outcome`; the code that sends acts on the outcome's `kind` and never looks at exception types
itself. PTB's `BadRequest` and `TimedOut` are subclasses of `NetworkError`, so the specific
classes are tested first. How often an outcome is tried again is `retry`'s business.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from enum import StrEnum

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from storage.deliveries import ERROR_CHARS

# A 400 with one of these descriptions means the chat is gone, like a 403 (a deleted forum
# topic: the group's subscription is gone with it).
GONE_CHAT_MARKERS = (
    "chat not found",
    "message thread not found",
    "user not found",
    "peer_id_invalid",
    "group chat was deactivated",
    "bot was kicked",
)


class Kind(StrEnum):
    """What to do after an attempt."""

    BLOCKED = "blocked"  # the chat is gone: mark it blocked, skip the rest of the issue
    MIGRATED = "migrated"  # the group became a supergroup: move the chat id, send again
    RATE_LIMITED = "rate_limited"  # 429: pause everyone for `retry_after`, send again
    RETRY = "retry"  # timeout, 5xx, connection error: send again after a backoff
    FAILED = "failed"  # any other error: record it, report it, do not retry


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one attempt; `error` is the (cut) description of a failure."""

    kind: Kind
    error: str | None = None
    retry_after: float = 0.0
    new_chat_id: int | None = None
    refused: bool = False  # a "Bad Request" about the message (see `refusals`)

    @property
    def reportable(self) -> bool:
        """Whether the admins should hear about it (a bug of ours, not a reader's choice)."""
        return self.kind is Kind.FAILED


def classify(exc: BaseException) -> Outcome:
    """Map an exception raised by a send to its outcome (never raises)."""
    error = describe(exc)
    if isinstance(exc, RetryAfter):
        return Outcome(Kind.RATE_LIMITED, error, retry_after=retry_after_seconds(exc))
    if isinstance(exc, ChatMigrated):
        return Outcome(Kind.MIGRATED, error, new_chat_id=int(exc.new_chat_id))
    if isinstance(exc, Forbidden):
        return Outcome(Kind.BLOCKED, error)
    if isinstance(exc, BadRequest):
        lowered = exc.message.lower()
        if any(marker in lowered for marker in GONE_CHAT_MARKERS):
            return Outcome(Kind.BLOCKED, error)
        return Outcome(Kind.FAILED, error, refused=True)
    if isinstance(exc, TimedOut | NetworkError):
        return Outcome(Kind.RETRY, error)
    if isinstance(exc, TelegramError):  # InvalidToken, Conflict, EndPointNotFound, ...
        return Outcome(Kind.FAILED, error)
    if isinstance(exc, OSError | TimeoutError):
        return Outcome(Kind.RETRY, error)
    return Outcome(Kind.FAILED, error)


def retry_after_seconds(exc: RetryAfter) -> float:
    """`exc.retry_after` in seconds, whether PTB gives an int or (PTB_TIMEDELTA=true) a
    timedelta; PTB's warning about the coming change is not news here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return seconds(exc.retry_after)


def seconds(value: float | dt.timedelta) -> float:
    """A number of seconds, or a timedelta, as seconds."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return float(value)


def describe(exc: BaseException) -> str:
    """A one-line description of `exc` for the ledger and the admins (`ERROR_CHARS` long)."""
    text = exc.message if isinstance(exc, TelegramError) else str(exc)
    text = " ".join((text or type(exc).__name__).split())
    return text[:ERROR_CHARS]
