"""What Telegram does with one Bot API call, without the transport.

`TelegramBackend.call(method, params)` returns `(http_status, json_body)`. In order it applies:
scripted failures (`fail_for`), Telegram's rules (violations are recorded), flood limits (only
sendMessage, sendPhoto, sendDocument, editMessageText and editMessageCaption count), the chat's
fate (blocked, not found, migrated), and finally the method's canned answer. The bytes of the
photos and documents it accepted are kept (`media`), and with `chat_log=True` every chat as its
people see it (`chats`). Both `RecordingRequest` and `FakeBotAPI` wrap one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypedDict

from bot.simulator.answers import Answers
from bot.simulator.channels import Channels
from bot.simulator.chats import ChatLog
from bot.simulator.files import FileStore
from bot.simulator.flood import FloodControl
from bot.simulator.groups import Groups
from bot.simulator.inline import InlineMode, check_inline_answer
from bot.simulator.media import keep_media
from bot.simulator.polling import PollConflict, UpdateQueue
from bot.simulator.records import Records, Violation
from bot.simulator.rules import (
    BLOCKED,
    CHAT_NOT_FOUND,
    CONFLICT,
    ApiError,
    Failure,
    Timeout,
    check_outgoing,
    migrated,
    retry_after,
)
from bot.simulator.scripts import Script, ScriptedTimeout, Scripts
from bot.simulator.webhook import TERMINATED_BY_WEBHOOK, WEBHOOK_ACTIVE, Webhook

CHECKED_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "answerCallbackQuery",
        "answerInlineQuery",
        "setMyCommands",
    }
)
FLOOD_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption"}
)
MEDIA_METHODS = frozenset({"sendPhoto", "sendDocument", "editMessageCaption"})
_MASK64 = (1 << 64) - 1
_SCALARS = (str, int, float, bool, type(None))
_VERDICTS_LIMIT = 4096
Verdict = tuple[ApiError | None, list[str]]


class BackendOptions(TypedDict, total=False):
    """What a chat's fate and the records can be set to (see `TelegramBackend`), for the server
    and the request layer that pass them on."""

    blocked: Iterable[int | str]
    blocked_share: float
    not_found: Iterable[int | str]
    migrated: Mapping[int, int] | None
    seed: int
    keep_calls: bool
    allow_local_webhooks: bool
    chat_log: bool
    web_files: Mapping[str, bytes] | None


class TelegramBackend:
    """The state of one fake Telegram: chats' fates, scripted failures, records, updates."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        flood: FloodControl | None = None,
        blocked: Iterable[int | str] = (),
        blocked_share: float = 0.0,
        not_found: Iterable[int | str] = (),
        migrated: Mapping[int, int] | None = None,
        seed: int = 0,
        keep_calls: bool = True,
        allow_local_webhooks: bool = False,
        chat_log: bool = False,
        web_files: Mapping[str, bytes] | None = None,
    ) -> None:
        self.clock = clock
        self.flood = flood
        self.blocked: set[int | str] = set(blocked)
        self.blocked_share = blocked_share
        self.not_found: set[int | str] = set(not_found)
        self.migrated: dict[int, int] = dict(migrated or {})
        self.seed = seed
        self.records = Records(keep_calls=keep_calls)
        self.updates = UpdateQueue()
        self.webhook = Webhook(allow_local=allow_local_webhooks)
        self.answers = Answers(self.records, self.updates, clock, self.webhook)
        self.scripts = Scripts()
        self._verdicts: dict[tuple[Any, ...], tuple[list[Any], Verdict]] = {}
        self._changed: asyncio.Event | None = None
        self.chats: ChatLog | None = ChatLog() if chat_log else None
        self.web_files: dict[str, bytes] = dict(web_files or {})

    def fail_for(
        self,
        chat_id: int | str | None,
        failure: Failure,
        *,
        times: int | None = 1,
        method: str | None = None,
    ) -> None:
        """Answer calls for `chat_id` (None: any call) with `failure`, `times` times (None:
        always), optionally only calls of `method`. Scripts are tried in the order given."""
        self.scripts.add(Script(chat_id, method, failure, times))

    def is_blocked(self, chat_id: object) -> bool:
        """Whether `chat_id` blocked the bot (listed, or drawn by `blocked_share`)."""
        if chat_id in self.blocked:
            return True
        if self.blocked_share <= 0 or type(chat_id) is not int:
            return False
        mixed = ((chat_id ^ self.seed) * 0x9E3779B97F4A7C15) & _MASK64
        return (mixed >> 11) / float(1 << 53) < self.blocked_share

    @property
    def files(self) -> FileStore:
        """Files users sent (for getFile and downloads)."""
        return self.answers.files

    @property
    def channels(self) -> Channels:
        """Channels and the bot's rights in them."""
        return self.answers.channels

    @property
    def groups(self) -> Groups:
        """Groups, supergroups and forums, their admins and topics."""
        return self.answers.groups

    @property
    def inline(self) -> InlineMode:
        """The bot's inline mode at BotFather (`getMe`'s `supports_inline_queries`)."""
        return self.answers.inline

    def migrate_group(self, old_id: int, new_id: int) -> None:
        """The group `old_id` became the supergroup `new_id`: sends to the old id are answered
        with 400 and `migrate_to_chat_id`."""
        self.groups.migrate(old_id, new_id)
        self.migrated[old_id] = new_id

    def reset(self) -> None:
        """Forget records, scripts, updates and flood state (chat fates stay)."""
        self.records.reset()
        self.scripts.clear()
        self.updates.clear()
        self.answers.reset()
        if self.flood is not None:
            self.flood.reset()

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a copy of `update` for getUpdates under a fresh update_id; return that id."""
        update_id = self.updates.push(update)
        if self.chats is not None:
            self.chats.incoming(update)
        self._notify()
        return update_id

    async def wait_until(self, condition: Callable[[], bool], timeout: float) -> None:
        """Wait until `condition()` holds, checked whenever a call is counted or answered and
        after `push_update`; raise `TimeoutError` after `timeout` seconds."""
        async with asyncio.timeout(timeout):
            while not condition():
                if self._changed is None:
                    self._changed = asyncio.Event()
                await self._changed.wait()

    def _notify(self) -> None:
        event, self._changed = self._changed, None
        if event is not None:
            event.set()

    async def call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Answer one call: `(http_status, body)`. Raises `ScriptedTimeout` for a scripted
        timeout."""
        now = self.clock()
        self.records.call(method, params, now)
        self._notify()  # waiters run once this call awaits something or is answered
        try:
            return await self._call(method, params, now)
        finally:
            self._notify()

    async def _call(
        self, method: str, params: dict[str, Any], now: float
    ) -> tuple[int, dict[str, Any]]:
        if self.scripts.waiting and (failure := self.scripts.take(method, params)) is not None:
            if isinstance(failure, Timeout):
                answer = self._answer(method, params, now) if failure.delivered else None
                raise ScriptedTimeout(answer, failure.seconds)
            return self._error(failure)
        if method == "getUpdates":
            if self.webhook.active:
                return self._error(WEBHOOK_ACTIVE)
            try:
                return 200, {"ok": True, "result": await self.updates.get(params)}
            except PollConflict as conflict:
                ended = TERMINATED_BY_WEBHOOK if conflict.by == "setWebhook" else CONFLICT
                return self._error(ended)
        answer = self._answer(method, params, now)
        if method == "setWebhook" and self.webhook.active:
            self.updates.end_polls("setWebhook")
        return answer

    def _answer(self, method: str, params: dict[str, Any], now: float) -> tuple[int, dict]:
        chat_id = params.get("chat_id")
        if method in CHECKED_METHODS:
            error, silent = self._check(method, params)
            for description in silent:
                self.records.violation(Violation(method, chat_id, description, now))
            if error is not None:
                self.records.violation(Violation(method, chat_id, error.description, now))
                return self._error(error)
        if method in FLOOD_METHODS and self.flood is not None:
            wait = self.flood.take(chat_id)
            if wait:
                return self._error(retry_after(wait))
        if chat_id is not None:
            if chat_id in self.migrated:
                return self._error(migrated(self.migrated[chat_id]))
            if chat_id in self.not_found:
                return self._error(CHAT_NOT_FOUND)
            if self.is_blocked(chat_id):
                return self._error(BLOCKED)
            if method in FLOOD_METHODS and (refusal := self.answers.channels.refusal(chat_id)):
                return self._error(refusal)
            if refusal := self.answers.groups.refusal(method, params):
                return self._error(refusal)
        result = self.answers.answer(method, params, now)
        if isinstance(result, ApiError):
            return self._error(result)
        if method in MEDIA_METHODS:
            keep_media(self.files, self.web_files, method, params, result)
        if self.chats is not None:
            self.chats.observe(method, params, result)
        return 200, {"ok": True, "result": result}

    def _check(self, method: str, params: dict[str, Any]) -> Verdict:
        """`check_outgoing`, remembered for identical calls to other chats: a broadcast sends one
        text and one (decoder-cached, hence identical) entity list to thousands of chats."""
        key: list[Any] = [method]
        keep: list[Any] = []  # keeps the objects alive whose id() is part of the key
        for name, value in params.items():
            if name == "chat_id":
                key.append(name)
            elif isinstance(value, _SCALARS):
                key.append((name, value))
            else:
                key.append((name, id(value)))
                keep.append(value)
        frozen = tuple(key)
        known = self._verdicts.get(frozen)
        if known is not None:
            return known[1]
        if method == "answerInlineQuery":
            verdict = check_inline_answer(params)
        else:
            verdict = check_outgoing(method, params)
        if len(self._verdicts) >= _VERDICTS_LIMIT:
            self._verdicts.clear()
        self._verdicts[frozen] = (keep, verdict)
        return verdict

    def _error(self, error: ApiError) -> tuple[int, dict[str, Any]]:
        self.records.error(error.status)
        return error.status, error.body()
