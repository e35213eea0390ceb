"""The issue's metadata, settled from what the container says and what the intro says.

Precedence (disagreements become German warnings for the publisher):
- week: the title ("KW6 - …", "KW 16") > the intro ("… und die KW6 startet") > the ISO week of
  the date; never the web slug (KW16 was published at /p/kw15-…-1).
- date: the publication time (feed pubDate / ld+json datePublished, as a Europe/Berlin date) >
  the intro ("Heute ist …") > the byline ("Von … · 3. Februar 2025", which can be stale).
- year: the date's year. title: the container's, else "Doppelgänger Update KW6/2025".
- subtitle: the container's (the feed item's `<description>`, the page's subtitle), unless it
  only repeats the start of the body (`repeats_start`).

A post of another newsletter (`issue=False`) has no week (so it never takes a Doppelgänger
issue's place in storage, and gets no warning about one), and a fallback title that does not
pretend to be a Doppelgänger issue. Merge tags in title and subtitle are cut out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsletter.chrome import clean_url
from newsletter.dates import berlin_date, find_date
from newsletter.german_dates import german_date
from newsletter.inline import squash
from newsletter.intro import Length, Today, week_in
from newsletter.merge_tags import without_merge_tags
from newsletter.model import IssueMeta

NEWSLETTER_NAME = "Doppelgänger Update"
_BYLINE_PREFIX = re.compile(r"^(?:Von|By)\s+", re.IGNORECASE)
_BYLINE_SEPARATOR = re.compile(r"\s*[·•|]\s*")
_WORD = re.compile(r"\w+")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
POST_TITLE = "Beitrag"


@dataclass(slots=True)
class SourceMeta:
    """What the container (feed item, web page) states about the issue; all optional."""

    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    byline: str | None = None
    published: dt.datetime | None = None
    url: str | None = None
    post: bool = False
    """True when the container is a feed item or a beehiiv page or fragment (not any HTML)."""


def build_meta(
    source: SourceMeta, length: Length | None, today: Today | None, *, issue: bool = True
) -> tuple[IssueMeta, list[str]]:
    """Settle the issue's metadata; return it and the warnings about gaps and disagreements.

    `issue` is False for a post that has not the shape of a Doppelgänger issue.
    """
    warnings: list[str] = []
    title = squash(without_merge_tags(source.title or "")) or None
    date = _settle_date(source, today, warnings)
    week = _settle_week(title, today, date, warnings) if issue else None
    year = date.year if date else None
    if title is None:
        title = _fallback_title(week, year, date) if issue else _post_title(date)
        warnings.append(f"Kein Titel gefunden; verwendet wird „{title}“.")
    subtitle = squash(without_merge_tags(source.subtitle or "")) or None
    return (
        IssueMeta(
            title=title,
            subtitle=subtitle if subtitle != title else None,
            author=author_of(source),
            date=date,
            week=week,
            year=year,
            url=clean_url(source.url) if source.url else None,
            words=length.words if length else None,
            reading_minutes=length.minutes if length else None,
        ),
        warnings,
    )


def repeats_start(subtitle: str, texts: list[str]) -> bool:
    """True if `subtitle` only repeats the start of the body: the same words in the same order
    as the text from one of the first blocks (`texts`) on, maybe cut short ("…") in the last word.
    """
    words = _WORD.findall(_ELLIPSIS.sub("", subtitle).lower())
    if not words:
        return False
    cut_short = _ELLIPSIS.search(subtitle) is not None
    blocks = [_WORD.findall(text[: 40 * len(words)].lower()) for text in texts]
    for first in range(len(blocks)):
        body = [word for block in blocks[first:] for word in block][: len(words)]
        if _starts_with(body, words, cut_short):
            return True
    return False


def _starts_with(body: list[str], words: list[str], cut_short: bool) -> bool:
    if len(body) < len(words) or body[:-1] != words[:-1]:
        return False
    return body[-1].startswith(words[-1]) if cut_short else body[-1] == words[-1]


def author_of(source: SourceMeta) -> str | None:
    """The author's name: "Philipp Klöckner" from "Von Philipp Klöckner · 3. Februar 2025"."""
    for candidate in (source.author, source.byline):
        if candidate:
            name = _BYLINE_SEPARATOR.split(squash(candidate), maxsplit=1)[0]
            name = _BYLINE_PREFIX.sub("", name).strip()
            if name and find_date(name) is None:
                return name
    return None


def _settle_date(source: SourceMeta, today: Today | None, warnings: list[str]) -> dt.date | None:
    candidates: list[tuple[str, dt.date]] = []
    if source.published is not None:
        candidates.append(("Veröffentlichungsdatum", berlin_date(source.published)))
    if today is not None:
        candidates.append(("Datum im Intro („Heute ist …“)", today.date))
    byline = find_date(source.byline) if source.byline else None
    if byline is not None:
        candidates.append(("Datum in der Autorenzeile", byline[0]))
    if not candidates:
        warnings.append("Kein Erscheinungsdatum gefunden (weder Metadaten noch Intro).")
        return None
    chosen_name, chosen = candidates[0]
    for name, date in candidates[1:]:
        if date != chosen:
            warnings.append(
                f"{name} ({german_date(date)}) weicht vom {chosen_name} ({german_date(chosen)}) "
                f"ab; verwendet wird {german_date(chosen)}."
            )
    return chosen


def _settle_week(
    title: str | None, today: Today | None, date: dt.date | None, warnings: list[str]
) -> int | None:
    title_week = week_in(title) if title else None
    intro_week = today.week if today else None
    if title_week is not None:
        if intro_week is not None and intro_week != title_week:
            warnings.append(
                f"Die KW im Intro (KW{intro_week}) weicht von der KW im Titel (KW{title_week}) "
                f"ab; verwendet wird KW{title_week}."
            )
        return title_week
    if intro_week is not None:
        return intro_week
    if date is not None:
        week = date.isocalendar().week
        warnings.append(f"Keine KW in Titel oder Intro; aus dem Datum berechnet: KW{week}.")
        return week
    warnings.append("Keine Kalenderwoche gefunden (weder im Titel noch im Intro).")
    return None


def _post_title(date: dt.date | None) -> str:
    return f"{POST_TITLE} vom {german_date(date)}" if date else f"{POST_TITLE} ohne Titel"


def _fallback_title(week: int | None, year: int | None, date: dt.date | None) -> str:
    if week is not None and year is not None:
        return f"{NEWSLETTER_NAME} KW{week}/{year}"
    if date is not None:
        return f"{NEWSLETTER_NAME} vom {german_date(date)}"
    return NEWSLETTER_NAME
