"""Cutting the post's blocks into sections and naming their kinds.

Cuts happen at every heading, at the news intro paragraph ("Das sind die weiteren News der
Woche:", "Weitere News der Woche:"; no heading in the issue) and where the closing starts (a
paragraph opening with "Danke für Deine Zeit", "📮" or "Schick mir gern Dein Feedback", which
in both forms follows the earnings list with no heading in between). Breaks (`hr`, dividers)
never become content.

Kinds: `header` (before the first cut), `lead` (the first heading section when it matches no
other kind), `news`, `chart`, `podcast`, `earnings`, `closing`, and `other` for any other
heading section. A heading-less news section is titled "News der Woche", the closing
"Zum Schluss". A kicker (`h5`/`h6`) right above a heading opens the heading's section; a bold
paragraph standing in the earnings list is a day label, not a heading.

A post of another newsletter (`as_post`) has none of these kinds: every section is `other`, and
the text before its first heading is a section of its own, never part of the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsletter.blocks import Block
from newsletter.model import RawSection, SectionKind

NEWS_TITLE = "News der Woche"
CLOSING_TITLE = "Zum Schluss"
INTRO_TITLE = "Einleitung"
ISSUE_KINDS = frozenset({"news", "chart", "podcast", "earnings"})
"""Section kinds only a Doppelgänger issue has."""
_PHOTO_BEFORE = frozenset({"heading", "kicker", "break"})

# Heading markers, matched at the start of the heading after emoji and punctuation.
_HEADING_KINDS: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    ("earnings", re.compile(r"^\W*(?:Earnings|Quartalszahlen|Quartalsergebnisse)", re.I)),
    ("chart", re.compile(r"^\W*Charts?\b", re.I)),
    ("podcast", re.compile(r"^\W*(?:Hörenswert|Podcast)|^\s*🎧", re.I)),
    ("news", re.compile(r"^\W*(?:(?:Die\s+)?weitere[n]?\s+)?News der Woche", re.I)),
)
_NEWS_INTRO = re.compile(
    r"^\W*(?:Das sind\s+)?(?:die\s+|unsere\s+)?(?:weitere[n]?\s+|übrige[n]?\s+|restliche[n]?\s+)?"
    r"News\s+der\s+Woche\s*:?\s*$",
    re.I,
)
_CLOSING_START = re.compile(
    r"\s*📮|\W*(?:Danke\s+für\s+(?:Deine|Ihre|Eure)\s+(?:Zeit|Aufmerksamkeit)|Danke\s+fürs\s+Lesen"
    r"|Schick mir gerne?\s+(?:Dein|Euer)?\s*Feedback)",
    re.I,
)


@dataclass(slots=True)
class Cut:
    """A section being assembled: its kind, title and blocks (images included)."""

    kind: SectionKind
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def has_words(self) -> bool:
        """True if any block of the section has a letter or digit."""
        return any(block.has_words for block in self.blocks)

    @property
    def photo_at(self) -> int | None:
        """The index of the section's photo: its first image when only a heading (or a kicker)
        stands before it; in the chart section its first image anywhere.
        """
        for index, block in enumerate(self.blocks):
            if block.kind == "image":
                return index
            if block.kind not in _PHOTO_BEFORE and self.kind != "chart":
                return None
        return None

    def to_raw(self) -> RawSection:
        """Write the section: its blocks as HTML, its photo's URL as `image`."""
        photo = self.photo_at
        html = "\n".join(
            written
            for index, block in enumerate(self.blocks)
            if (written := block.to_html(photo=index == photo))
        )
        image = self.blocks[photo].src if photo is not None else None
        return RawSection(kind=self.kind, title=self.title, html=html, image=image)


def cut_sections(blocks: list[Block]) -> list[Cut]:
    """Cut `blocks` into sections in order; the first is always the (maybe empty) header."""
    cuts = [Cut("header", "")]
    seen_news = False
    kickers: list[Block] = []
    for block in blocks:
        current = cuts[-1]
        if block.kind == "break":
            continue
        if block.kind == "kicker":
            kickers.append(block)
            continue
        if block.kind == "heading" and block.bold and current.kind == "earnings":
            block = block.as_paragraph()
        if block.kind == "heading":
            kind = heading_kind(block.plain, first=len(cuts) == 1)
            seen_news = seen_news or kind == "news"
            cuts.append(Cut(kind, block.plain, [*kickers, block]))
            kickers = []
            continue
        current.blocks.extend(kickers)
        kickers = []
        if block.kind == "paragraph" and not seen_news and is_news_intro(block.text):
            seen_news = True
            cuts.append(Cut("news", NEWS_TITLE, [block]))
        elif (
            block.kind == "paragraph"
            and current.kind not in ("header", "closing")
            and _CLOSING_START.match(block.text)
        ):
            cuts.append(Cut("closing", CLOSING_TITLE, [block]))
        else:
            current.blocks.append(block)
    cuts[-1].blocks.extend(kickers)
    return cuts


def as_post(cuts: list[Cut], title: str) -> list[Cut]:
    """The sections of a post that is no Doppelgänger issue: an empty header (built from the
    metadata), the text before the first heading as a section of its own (titled `title` when
    the post has no headings, else "Einleitung"), then every section as kind `other`.
    """
    header, rest = cuts[0], cuts[1:]
    for cut in rest:
        cut.kind = "other"
    intro = []
    if any(block.kind == "image" or block.text.strip() for block in header.blocks):
        intro = [Cut("other", INTRO_TITLE if rest else title, header.blocks)]
    return [Cut("header", title), *intro, *rest]


def heading_kind(title: str, *, first: bool) -> SectionKind:
    """The kind of a heading section: by its marker, else `lead` if it is the first, else other."""
    for kind, pattern in _HEADING_KINDS:
        if pattern.search(title):
            return kind
    return "lead" if first else "other"


def is_news_intro(text: str) -> bool:
    """True for the paragraph that opens the news: "Das sind die weiteren News der Woche:"."""
    return len(text) <= 120 and _NEWS_INTRO.match(text.strip()) is not None
