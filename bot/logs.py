"""Logging set-up: one format, quiet HTTP libraries, and the bot token never in a log line."""

from __future__ import annotations

import logging
import re

# Bot API URLs look like https://api.telegram.org/bot<id>:<secret>/method.
_TOKEN = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}\b")
_QUIET = ("httpx", "httpcore", "apscheduler", "hpack", "alembic")


class RedactTokens(logging.Filter):
    """Replace anything shaped like a bot token in a record's final message with `<token>`."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place; never drops a record."""
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = _TOKEN.sub("<token>", message)
            record.args = None
        return True


def setup_logging(level: str = "INFO") -> None:
    """Configure the root logger once; httpx and friends only log warnings (their URLs hold the
    token)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper() if isinstance(level, str) else level)
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
