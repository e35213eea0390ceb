"""What a reader chose to get, and which of an issue's messages that is (no I/O).

A reader gets the issue in the `full` format (its messages) or the `compact` one (one message
with a button per section, see `newsletter.compact`), and in the full format only the sections
they switched on among `SECTION_CHOICES`; the header, the closing and any other section always
come. A broadcast numbers an issue's messages 0…n-1 and the compact message n
(`compact_index`), so one ledger row per (reader, message) says what each reader has.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FULL = "full"
COMPACT = "compact"
FORMATS = (FULL, COMPACT)
SECTION_CHOICES = ("lead", "news", "chart", "podcast", "earnings")
ALL_SECTIONS = frozenset(SECTION_CHOICES)


@dataclass(frozen=True, slots=True)
class Choice:
    """A reader's format and sections (every section by default)."""

    format: str = FULL
    sections: frozenset[str] = ALL_SECTIONS

    @property
    def compact(self) -> bool:
        """Whether the reader gets the compact message."""
        return self.format == COMPACT


def parse_sections(value: str | None) -> frozenset[str]:
    """The stored form ("lead,chart") as a set; None (or nothing known) is every section."""
    if not value:
        return ALL_SECTIONS
    chosen = frozenset(part.strip() for part in value.split(",")) & ALL_SECTIONS
    return chosen or ALL_SECTIONS


def store_sections(chosen: Iterable[str]) -> str | None:
    """The stored form of a set of sections: in `SECTION_CHOICES` order; None for all."""
    chosen = frozenset(chosen) & ALL_SECTIONS
    if not chosen or chosen == ALL_SECTIONS:
        return None
    return ",".join(kind for kind in SECTION_CHOICES if kind in chosen)


def choice_of(delivery_format: str | None, sections: str | None, default_format: str) -> Choice:
    """A reader's choice from their stored columns (None: the defaults)."""
    fmt = delivery_format if delivery_format in FORMATS else default_format
    return Choice(fmt, parse_sections(sections))


def compact_index(message_count: int) -> int:
    """The message index of an issue's compact message: right after its last message."""
    return message_count


def message_plan(kinds: Sequence[str], choice: Choice) -> tuple[int, ...]:
    """The indices of the messages a reader gets, in sending order; `kinds` is the section
    kind of each message of the issue (in order)."""
    if choice.compact:
        return (compact_index(len(kinds)),)
    return tuple(
        index
        for index, kind in enumerate(kinds)
        if kind not in ALL_SECTIONS or kind in choice.sections
    )


# How a format is written in DEFAULT_FORMAT and after `/settings format` (German or English).
FORMAT_WORDS = {"voll": FULL, "full": FULL, "kompakt": COMPACT, "compact": COMPACT}


def parse_format(word: str) -> str | None:
    """`FULL` or `COMPACT` for "voll"/"full" or "kompakt"/"compact" (any case); else None."""
    return FORMAT_WORDS.get(word.strip().casefold())
