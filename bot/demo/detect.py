"""What a Telegram app makes clickable by itself in a message: `/commands` and bare web
addresses that no entity of the message covers. The web chat and `preview --html` show them as
Telegram does (a command sends itself when clicked, an address opens). Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_COMMAND = re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")
_URL = re.compile(r"(?<![\w@])https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)»“\"'"


def with_detected(text: str, entities: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """`entities` and, after them, a `bot_command` or `url` entity for each command or address
    in `text` outside every given entity (offsets in UTF-16 units)."""
    found: list[Mapping[str, Any]] = list(entities)
    covered = [
        (int(e.get("offset", 0)), int(e.get("offset", 0)) + int(e.get("length", 0)))
        for e in entities
    ]
    for kind, pattern in (("bot_command", _COMMAND), ("url", _URL)):
        for match in pattern.finditer(text):
            value = match.group().rstrip(_TRAILING) if kind == "url" else match.group()
            start = _units(text[: match.start()])
            end = start + _units(value)
            if not any(start < stop and begin < end for begin, stop in covered):
                found.append({"type": kind, "offset": start, "length": end - start})
                covered.append((start, end))
    return found


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
