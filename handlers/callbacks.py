"""The callback data of the reader's inline buttons: short prefixes, well under 64 bytes.

`sub` subscribe · `arc:<page>` archive page · `iss:<issue id>` open an issue ·
`sec:<issue id>:<section>[:<check>]` open one section (`bot.readers.compact_issue`, which the
broadcast's compact issue uses too) · `del:yes` / `del:no` confirm /deletedata ·
`wl:f:<earnings row id>` / `wl:u:<earnings row id>` follow / unfollow that row's company (an id,
not the name: names can be longer than 64 bytes) · `sm:<offset>:<query>` more search hits.
Each `*_PATTERN` is the regex its `CallbackQueryHandler` listens to; data matching none of them
(an old button, a forged one) is answered by the fallback.
"""

from __future__ import annotations

from bot.readers.compact_issue import (
    SECTION_PATTERN as SECTION_PATTERN,  # one format for every section button
)
from bot.readers.compact_issue import section_data

SUBSCRIBE = "sub"
SUBSCRIBE_PATTERN = r"^sub$"
ARCHIVE_PATTERN = r"^arc:(\d{1,6})$"
ISSUE_PATTERN = r"^iss:(\d{1,12})$"
DELETE_YES = "del:yes"
DELETE_NO = "del:no"
DELETE_PATTERN = r"^del:(yes|no)$"


def archive_page(page: int) -> str:
    """Data of a button that shows archive page `page` (0-based)."""
    return f"arc:{page}"


def open_issue(issue_id: int) -> str:
    """Data of a button that sends a whole issue."""
    return f"iss:{issue_id}"


def open_section(issue_id: int, position: int) -> str:
    """Data of a button that sends one section of an issue."""
    return section_data(issue_id, position)


FOLLOW_PATTERN = r"^wl:(f|u):(\d{1,12})$"


def follow(entry_id: int) -> str:
    """Data of a button that follows the company of earnings row `entry_id`."""
    return f"wl:f:{entry_id}"


def unfollow(entry_id: int) -> str:
    """Data of a button that unfollows the company of earnings row `entry_id`."""
    return f"wl:u:{entry_id}"


SEARCH_MORE_PATTERN = r"^sm:(\d{1,4}):(.+)$"
MAX_DATA = 64  # bytes of callback data Telegram accepts


def search_more(offset: int, query: str) -> str | None:
    """Data of the "Mehr" button: the hits from `offset` on for `query` (as
    `bot.readers.search.Findings.more` writes it); None when it does not fit."""
    data = f"sm:{offset}:{query}"
    return data if len(data.encode()) <= MAX_DATA else None


# /settings: `set:<what>[:<value>]`, written and read by `bot.readers.preference_input`.
SETTINGS_PATTERN = r"^set:"
