"""Logging set-up: one format, quiet HTTP libraries, and the bot token never in a log line."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

# Bot API URLs look like https://api.telegram.org/bot<id>:<secret>/method.
_TOKEN = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{20,}")
_QUIET = ("httpx", "httpcore", "apscheduler", "hpack", "alembic")


def redact(text: str) -> str:
    """Replace anything shaped like a bot token in `text` with `<token>`."""
    return _TOKEN.sub("<token>", text)


class SafeFormatter(logging.Formatter):
    """One line per record, tokens redacted from the whole line (message and exception).

    Exceptions are shown as `Type: message`, not as a traceback, unless `tracebacks` is set
    (LOG_LEVEL=DEBUG): an operator reading the log gets the cause, not a wall of frames.
    """

    def __init__(self, *, tracebacks: bool = False) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        """Format the record and redact anything shaped like a bot token."""
        return redact(super().format(record))

    def formatException(self, ei) -> str:
        """Return the exception as one line, or the full traceback when debugging."""
        if self.tracebacks:
            return super().formatException(ei)
        _, value, _ = ei
        return f"  ({type(value).__name__}: {str(value).splitlines()[0] if str(value) else ''})"


class JsonFormatter(SafeFormatter):
    """One JSON object per line (LOG_FORMAT=json, for log platforms): `time` (ISO 8601, UTC),
    `level`, `logger`, `message`, and `error` when an exception is attached. The token is
    redacted from the whole line, as in the text format."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one JSON object."""
        when = dt.datetime.fromtimestamp(record.created, dt.UTC)
        entry = {
            "time": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info).strip().strip("()")
        return redact(json.dumps(entry, ensure_ascii=False))


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Configure the root logger once: one safe line per record (`fmt` "json": one JSON object
    per line); httpx and friends only log warnings (their URLs hold the token)."""
    level = level.upper()
    handler = logging.StreamHandler()
    formatter = JsonFormatter if fmt == "json" else SafeFormatter
    handler.setFormatter(formatter(tracebacks=level == "DEBUG"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
