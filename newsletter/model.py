"""The data an issue is made of: plain dataclasses shared by parse, render, split and earnings.

Nothing here imports telegram: `Entity` mirrors Telegram's `MessageEntity` (offsets and lengths in
UTF-16 code units) and converts to and from plain dicts, which is what storage keeps and what the
Bot API accepts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

SectionKind = Literal["header", "lead", "news", "chart", "podcast", "earnings", "closing", "other"]

Timing = Literal["BMO", "AMC"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One formatting span of a message; `offset` and `length` count UTF-16 code units."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the Bot API form: only the fields that are set."""
        data: dict[str, Any] = {"type": self.type, "offset": self.offset, "length": self.length}
        if self.url is not None:
            data["url"] = self.url
        if self.language is not None:
            data["language"] = self.language
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        """Build an entity from its Bot API dict form."""
        return cls(
            type=data["type"],
            offset=int(data["offset"]),
            length=int(data["length"]),
            url=data.get("url"),
            language=data.get("language"),
        )


@dataclass(frozen=True, slots=True)
class Message:
    """One Telegram message: a text, or a photo whose caption is `text`."""

    text: str
    entities: tuple[Entity, ...] = ()
    photo: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form used by `preview --json` and by storage."""
        return {
            "text": self.text,
            "photo": self.photo,
            "entities": [e.to_dict() for e in self.entities],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        """Build a message from its JSON form."""
        return cls(
            text=data["text"],
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", ())),
            photo=data.get("photo"),
        )


@dataclass(frozen=True, slots=True)
class EarningsRow:
    """One company reporting on one day; `timing` is BMO, AMC or None when not given."""

    date: dt.date
    weekday: str
    company: str
    timing: Timing | None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (ISO date)."""
        return {
            "date": self.date.isoformat(),
            "weekday": self.weekday,
            "company": self.company,
            "timing": self.timing,
        }


@dataclass(slots=True)
class RawSection:
    """A section as cut from the HTML, before rendering.

    `html` is the cleaned HTML of the section's blocks (heading included, chrome removed, links
    without tracking parameters). `image` is the first image's URL, if the section has one.
    """

    kind: SectionKind
    title: str
    html: str
    image: str | None = None


@dataclass(slots=True)
class IssueMeta:
    """What is known about an issue besides its sections."""

    title: str
    subtitle: str | None = None
    author: str | None = None
    date: dt.date | None = None
    week: int | None = None
    year: int | None = None
    url: str | None = None
    words: int | None = None
    reading_minutes: int | None = None


@dataclass(slots=True)
class ParsedIssue:
    """The parser's result: metadata, raw sections in order, and warnings for the admin."""

    meta: IssueMeta
    sections: list[RawSection]
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    """A rendered section: its Markdown (for archive and search) and its Telegram messages."""

    kind: SectionKind
    title: str
    markdown: str
    messages: list[Message]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form used by `preview --json`."""
        return {
            "kind": self.kind,
            "title": self.title,
            "markdown": self.markdown,
            "messages": [m.to_dict() for m in self.messages],
        }


@dataclass(slots=True)
class Issue:
    """A fully rendered issue, ready to be stored, previewed and sent."""

    meta: IssueMeta
    sections: list[Section]
    earnings: list[EarningsRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def messages(self) -> list[Message]:
        """All messages of the issue in sending order."""
        return [m for s in self.sections for m in s.messages]

    def to_dict(self) -> dict[str, Any]:
        """Return the `preview --json` shape."""
        meta = self.meta
        return {
            "title": meta.title,
            "subtitle": meta.subtitle,
            "author": meta.author,
            "date": meta.date.isoformat() if meta.date else None,
            "week": meta.week,
            "year": meta.year,
            "url": meta.url,
            "words": meta.words,
            "reading_minutes": meta.reading_minutes,
            "sections": [s.to_dict() for s in self.sections],
            "earnings": [r.to_dict() for r in self.earnings],
            "warnings": list(self.warnings),
        }
