"""An issue as plain JSON and back: what a broadcast keeps of what it sends (its snapshot).

`Issue.to_dict()` is the JSON form (the `preview --json` shape); `issue_from_dict` rebuilds the
`Issue` from it, equal to the one that was dumped. A broadcast stores this form when it is
created, so what readers got stays known after the stored issue is replaced by a newer version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsletter.model import EarningsRow, Issue, IssueMeta, Message, Section

_META_FIELDS = (
    "title", "subtitle", "author", "week", "year", "url", "words", "reading_minutes",
)  # fmt: skip


def issue_from_dict(data: dict[str, Any]) -> Issue:
    """Rebuild an `Issue` from its `to_dict()` form (raises `KeyError` on a malformed dict)."""
    date = data.get("date")
    meta = IssueMeta(
        **{name: data.get(name) for name in _META_FIELDS},  # type: ignore[arg-type]
        date=dt.date.fromisoformat(date) if date else None,
    )
    sections = [
        Section(
            kind=section["kind"],
            title=section["title"],
            markdown=section.get("markdown", ""),
            messages=[Message.from_dict(m) for m in section.get("messages", ())],
        )
        for section in data.get("sections", ())
    ]
    earnings = [
        EarningsRow(
            date=dt.date.fromisoformat(row["date"]),
            weekday=row["weekday"],
            company=row["company"],
            timing=row.get("timing"),
        )
        for row in data.get("earnings", ())
    ]
    warnings = list(data.get("warnings", ()))
    return Issue(meta=meta, sections=sections, earnings=earnings, warnings=warnings)


def snapshot_messages(data: dict[str, Any]) -> list[Message]:
    """The messages of a snapshot in sending order (the broadcast's message indexes)."""
    return [
        Message.from_dict(message)
        for section in data.get("sections", ())
        for message in section.get("messages", ())
    ]
