"""What a test asks of a fake Telegram, shared by `RecordingRequest` and `FakeBotAPI`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

from bot.simulator.backend import TelegramBackend
from bot.simulator.records import Call, SentMessage, Violation


class FakeTelegramView:
    """Read the records of `self.backend` and script what it does next."""

    backend: TelegramBackend

    @property
    def calls(self) -> list[Call]:
        """Every call, in order (parameters decoded; empty when calls are not kept)."""
        return self.backend.records.calls

    @property
    def messages(self) -> list[SentMessage]:
        """Every accepted message (sends and edits), in order."""
        return self.backend.records.messages

    @property
    def violations(self) -> list[Violation]:
        """Every broken Telegram rule (a bug in the code under test)."""
        return self.backend.records.violations

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every call of `method`, in order."""
        return [c.params for c in self.backend.records.calls if c.method == method]

    def sent_to(self, chat_id: int | str) -> list[SentMessage]:
        """Accepted messages (sends and edits) in `chat_id`, in order."""
        return self.backend.records.sent_to(chat_id)

    def texts(self, chat_id: int | str) -> list[str]:
        """The texts (and captions) of accepted messages in `chat_id`, in order."""
        return [m.text for m in self.backend.records.sent_to(chat_id) if m.text is not None]

    def stats(self) -> dict[str, Any]:
        """Counters: requests, accepted (sends and edits), sends, per_method (calls per method),
        errors (answers per HTTP status), rate_limited, violations, duplicates (sends of the same
        text or photo to the same chat again), chats, first_message_at {chat: time},
        min_chat_gap (smallest time between two sends to one chat), first_at, last_at."""
        return self.backend.records.stats()

    def fail_for(self, *args: Any, **kwargs: Any) -> None:
        """Script failures: as `TelegramBackend.fail_for` (`chat_id`, `failure`, `times`,
        `method`): an `ApiError` from `rules`, or a `rules.Timeout` (the request layer raises
        `TimedOut`; the server answers only after `seconds`)."""
        self.backend.fail_for(*args, **kwargs)

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a copy of `update` for getUpdates under a fresh update_id; return that id."""
        return self.backend.push_update(update)

    async def wait_for(self, predicate: Callable[[Self], bool], timeout: float = 10.0) -> None:
        """Wait until `predicate(fake)` holds, checked whenever a call is counted or answered and
        after `push_update`; raise `TimeoutError` after `timeout` seconds."""
        await self.backend.wait_until(lambda: predicate(self), timeout)

    def reset(self) -> None:
        """Forget calls, messages, violations, counters, scripts, pending updates and flood
        state (blocked, not-found and migrated chats stay)."""
        self.backend.reset()
