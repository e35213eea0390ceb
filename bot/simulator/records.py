"""What the fakes remember: every call, every accepted message, every violation, and counters.

Bookkeeping is O(1) per request so the fake server keeps up with a 1000 msg/s broadcast.
Texts are interned, so a broadcast's many copies of one message share one string.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from bot.simulator.params import Upload

SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API call as Telegram received it (parameters decoded; treat as read-only)."""

    method: str
    params: dict[str, Any]
    time: float


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message Telegram accepted (sent or edited), as the reader sees it.

    `text` is the text or caption after Telegram stripped it, `entities` its entities (or caption
    entities) shifted accordingly; `time` is the fake's clock when it was accepted.
    """

    chat_id: int | str
    method: str
    text: str | None
    entities: list[dict[str, Any]]
    photo: str | Upload | None
    time: float
    message_id: int
    reply_markup: dict[str, Any] | None = None
    document: str | Upload | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form used by `GET /_messages`."""
        photo = self.photo.to_dict() if isinstance(self.photo, Upload) else self.photo
        document = self.document.to_dict() if isinstance(self.document, Upload) else self.document
        return {
            "chat_id": self.chat_id,
            "method": self.method,
            "text": self.text,
            "entities": self.entities,
            "photo": photo,
            "time": self.time,
            "message_id": self.message_id,
            "reply_markup": self.reply_markup,
            "document": document,
        }


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken Telegram rule: a bug in the code under test."""

    method: str
    chat_id: int | str | None
    description: str
    time: float


class Records:
    """Calls, accepted messages, violations and counters of one fake."""

    def __init__(self, *, keep_calls: bool = True) -> None:
        self.keep_calls = keep_calls
        self.reset()

    def reset(self) -> None:
        """Forget everything."""
        self.calls: list[Call] = []
        self.messages: list[SentMessage] = []
        self.violations: list[Violation] = []
        self.requests = 0
        self.per_method: Counter[str] = Counter()
        self.errors: Counter[int] = Counter()
        self.sends = 0
        self.duplicates = 0
        self.min_chat_gap: float | None = None
        self.first_message_at: dict[int | str, float] = {}
        self._last_at: dict[int | str, float] = {}
        self._seen: set[tuple[Any, ...]] = set()
        self._by_chat: dict[int | str, list[SentMessage]] = {}
        self._texts: dict[str, str] = {}

    def call(self, method: str, params: dict[str, Any], now: float) -> None:
        """Count (and keep, if `keep_calls`) one incoming call."""
        self.requests += 1
        self.per_method[method] += 1
        if self.keep_calls:
            self.calls.append(Call(method, params, now))

    def intern(self, text: str) -> str:
        """Return the one shared copy of `text`."""
        return self._texts.setdefault(text, text)

    def accept(self, sent: SentMessage) -> None:
        """Keep an accepted message; update duplicates and per-chat spacing for sends."""
        self.messages.append(sent)
        chat_id = sent.chat_id
        chat = self._by_chat.get(chat_id)
        if chat is None:
            self._by_chat[chat_id] = [sent]
        else:
            chat.append(sent)
        if sent.method not in SEND_METHODS:
            return
        self.sends += 1
        file = sent.photo or sent.document
        photo = file.filename if isinstance(file, Upload) else file
        key = (chat_id, sent.method, sent.text, photo)
        if key in self._seen:
            self.duplicates += 1
        else:
            self._seen.add(key)
        last = self._last_at.get(chat_id)
        if last is None:
            self.first_message_at[chat_id] = sent.time
        else:
            gap = sent.time - last
            if self.min_chat_gap is None or gap < self.min_chat_gap:
                self.min_chat_gap = gap
        self._last_at[chat_id] = sent.time

    def error(self, status: int) -> None:
        """Count one error answer by HTTP status."""
        self.errors[status] += 1

    def violation(self, violation: Violation) -> None:
        """Keep one broken rule."""
        self.violations.append(violation)

    def sent_to(self, chat_id: int | str) -> list[SentMessage]:
        """Accepted messages (sends and edits) in `chat_id`, in order."""
        return list(self._by_chat.get(chat_id, ()))

    def stats(self) -> dict[str, Any]:
        """Counters: requests, accepted messages, errors by status, duplicates, spacing."""
        return {
            "requests": self.requests,
            "accepted": len(self.messages),
            "sends": self.sends,
            "per_method": dict(self.per_method),
            "errors": dict(self.errors),
            "rate_limited": self.errors[429],
            "violations": len(self.violations),
            "duplicates": self.duplicates,
            "chats": len(self.first_message_at),
            "first_message_at": dict(self.first_message_at),
            "min_chat_gap": self.min_chat_gap,
            "first_at": min(self.first_message_at.values(), default=None),
            "last_at": max(self._last_at.values(), default=None),
        }
