"""Section readership: a section opened from the compact issue, or shared from an inline answer,
counted per issue and section without who did it (`storage.readership`).

An inline answer's result ids say what a result is, so a chosen result (Telegram's
`chosen_inline_result`, with inline feedback on) can be counted: `s:<issue id>:<position>` a
section, `e:<earnings row id>` a company's earnings date (counted for the earnings section that
lists it). Each function is one transaction: call it through `Database.run`.
"""

from __future__ import annotations

import re

from sqlmodel import Session

from storage.readership import earnings_section, note_reading
from storage.tables import ReadershipKind

_SECTION = re.compile(r"^s:(\d{1,12}):(\d{1,4})$")
_EARNINGS = re.compile(r"^e:(\d{1,12})$")


def section_result_id(issue_id: int, position: int) -> str:
    """The inline result id of a section (at most 20 bytes; stable across answers)."""
    return f"s:{issue_id}:{position}"


def earnings_result_id(entry_id: int) -> str:
    """The inline result id of a company's earnings date (its newest earnings row)."""
    return f"e:{entry_id}"


def note_opened(*, session: Session, issue_id: int, position: int) -> bool:
    """Count one opening of a section from the compact issue; False if the issue is gone."""
    return note_reading(
        session=session, issue_id=issue_id, position=position, kind=ReadershipKind.OPENED
    )


def note_shared(*, session: Session, result_id: str) -> bool:
    """Count the share of the inline result `result_id`; False for an id of nothing (gone, or
    not ours)."""
    if match := _SECTION.match(result_id):
        issue_id, position = int(match[1]), int(match[2])
    elif (match := _EARNINGS.match(result_id)) and (
        found := earnings_section(session=session, entry_id=int(match[1]))
    ):
        issue_id, position = found
    else:
        return False
    return note_reading(
        session=session, issue_id=issue_id, position=position, kind=ReadershipKind.SHARED
    )
