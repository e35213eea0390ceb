"""Loading an issue from a SOURCE (file or URL) and storing it."""

from __future__ import annotations

from bot.source import read_source
from newsletter.issue import build_issue
from newsletter.model import Issue


def load_issue(source: str, *, link: str | None = None) -> Issue:
    """Read SOURCE and render it; raises `SourceError` or `ParseError` with a one-line message."""
    return build_issue(read_source(source), link=link)
