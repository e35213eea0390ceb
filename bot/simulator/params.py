"""Bot API parameters as they travel, decoded to the values Telegram sees.

PTB sends every parameter as a form field: strings as they are, everything else JSON-encoded
(`"123"`, `"true"`, `'[{"type": "bold", ...}]'`). `ParamDecoder.decode` turns such fields back into
Python values. Free-text fields stay strings (a text `"42"` is not a number). Decoded JSON is cached
by its raw string, so a broadcast's identical entity lists are parsed once and shared.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

TEXT_FIELDS = frozenset(
    {
        "text",
        "caption",
        "photo",
        "callback_query_id",
        "inline_message_id",
        "parse_mode",
        "action",
        "url",
        "description",
        "short_description",
        "language_code",
        "business_connection_id",
        "secret_token",
        "name",
        "title",
        "emoji",
        "document",
    }
)
_CACHE_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class Upload:
    """A file uploaded with the request (multipart): its file name and size in bytes, and (not
    compared, not shown) its bytes and MIME type as sent."""

    filename: str
    size: int
    content: bytes = field(default=b"", repr=False, compare=False)
    mime_type: str | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form used in `/_messages`."""
        return {"upload": self.filename, "size": self.size}


class ParamDecoder:
    """Decodes form fields into Python values, caching parsed JSON by its raw text."""

    def __init__(self) -> None:
        self._cache: dict[str, Any] = {}

    def value(self, name: str, raw: str) -> Any:
        """Decode one form field."""
        if name in TEXT_FIELDS or not raw:
            return raw
        first = raw[0]
        if first in "[{":
            cached = self._cache.get(raw)
            if cached is None:
                try:
                    cached = json.loads(raw)
                except ValueError:
                    return raw
                if len(self._cache) >= _CACHE_LIMIT:
                    self._cache.clear()
                self._cache[raw] = cached
            return cached
        if first == "-" or first.isdigit():
            try:
                return int(raw)
            except ValueError:
                try:
                    return float(raw)
                except ValueError:
                    return raw
        if raw in ("true", "false"):
            return raw == "true"
        if raw == "null":
            return None
        return raw

    def decode(self, fields: Mapping[str, str]) -> dict[str, Any]:
        """Decode all form fields of one request."""
        value = self.value
        return {name: value(name, raw) for name, raw in fields.items()}
