"""Scripted failures: calls a test wants answered with an error (`TelegramBackend.fail_for`), and
the exception a scripted timeout raises through the transport."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.simulator.rules import Failure


class ScriptedTimeout(Exception):
    """A scripted `Timeout`: `answer` is what Telegram would have answered if it was delivered."""

    def __init__(self, answer: tuple[int, dict[str, Any]] | None, seconds: float) -> None:
        super().__init__(f"scripted timeout after {seconds} s")
        self.answer = answer
        self.seconds = seconds


@dataclass(slots=True)
class Script:
    """Answer calls for `chat_id` (None: any) of `method` (None: any) with `failure`, `times`
    times (None: always)."""

    chat_id: int | str | None
    method: str | None
    failure: Failure
    times: int | None


class Scripts:
    """The scripted failures of one backend, tried in the order given."""

    def __init__(self) -> None:
        self.waiting: list[Script] = []

    def add(self, script: Script) -> None:
        """Add a script after the others."""
        self.waiting.append(script)

    def clear(self) -> None:
        """Forget every script."""
        self.waiting.clear()

    def take(self, method: str, params: dict[str, Any]) -> Failure | None:
        """The failure of the first script that matches this call (counting it down), or None."""
        chat_id = params.get("chat_id")
        for script in self.waiting:
            if script.method is not None and script.method != method:
                continue
            if script.chat_id is not None and script.chat_id != chat_id:
                continue
            if script.times is not None:
                script.times -= 1
                if script.times <= 0:
                    self.waiting.remove(script)
            return script.failure
        return None
