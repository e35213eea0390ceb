"""The parser's entry point: beehiiv input in any form → `ParsedIssue` (metadata + raw sections).

Forms: an RSS/Atom feed (the newest item, or the one whose link is `link`), a beehiiv web post
page, or a bare HTML fragment (the `div.beehiiv` of `content:encoded`, or just `<p>`/`<h2>`
blocks). Steps: decode → find the body and the container's metadata → read blocks → drop a
subtitle that only repeats the body's start → drop chrome and merge tags → cut sections →
settle metadata (title, feed/page data, intro) → for a Doppelgänger issue, drop the intro's
length and "Heute ist …" sentences when their data agrees with the metadata (the renderer builds
the header from `IssueMeta`) and keep a short intro in the header; for a post of any other
newsletter, make the text before its first heading a section of its own → write each section's
clean HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup

from newsletter.blocks import Block
from newsletter.body import read_blocks
from newsletter.chrome import strip_chrome
from newsletter.decoding import decode_input
from newsletter.errors import ParseError
from newsletter.feed import is_feed, read_feed, xml_root
from newsletter.inline import squash
from newsletter.intro import Length, Today, find_length, find_today, week_in
from newsletter.merge_tags import strip_merge_tags
from newsletter.meta import SourceMeta, build_meta, repeats_start
from newsletter.model import IssueMeta, ParsedIssue
from newsletter.sections import INTRO_TITLE, ISSUE_KINDS, Cut, as_post, cut_sections
from newsletter.webpage import read_page

_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|</[A-Za-z][A-Za-z0-9:-]*\s*>")
INTRO_MAX = 600
"""The longest intro (characters) a Doppelgänger header keeps; a longer one is a section."""
WARN_NOT_AN_ISSUE = (
    "Der Beitrag hat nicht die Form einer Doppelgänger-Ausgabe (keine KW, kein „Heute ist …“, "
    "keine Rubriken wie News, Chart oder Earnings): Kopf nur aus den Metadaten, Abschnitte nach "
    "seinen eigenen Überschriften."
)


def parse_issue(data: str | bytes, *, link: str | None = None) -> ParsedIssue:
    """Parse one newsletter issue from a feed, a web page or an HTML fragment.

    `link` picks the feed item with that link; for a page or fragment without its own URL it
    becomes the issue's URL. Raises `ParseError` (German, one line) for input that is not an
    issue: empty, binary, plain text, a feed without items, HTML without recognisable content.
    """
    text = decode_input(data)
    if is_feed(text):
        body_html, source = read_feed(text, link=link)
        body, _ = read_page(_soup(body_html))
    else:
        root = xml_root(text)
        if root is not None and root.lower() != "html":
            raise ParseError(
                f"XML-Dokument, aber kein RSS- oder Atom-Feed (Wurzelelement <{root}>)."
            )
        if _TAG.search(text) is None:
            raise ParseError(
                f"Die Eingabe ist weder Feed noch HTML: Text ohne Tags („{squash(text)[:40]}…“)."
            )
        body, source = read_page(_soup(text))
        source.url = source.url or link
    blocks, warnings = read_blocks(body, base_url=source.url)
    if source.subtitle and repeats_start(source.subtitle, [b.text for b in blocks[:8]]):
        source.subtitle = None
    blocks, tag_warnings = strip_merge_tags(strip_chrome(blocks))
    if not any(block.has_words for block in blocks):
        raise ParseError("Kein Newsletter-Inhalt gefunden: keine Absätze, Überschriften, Listen.")
    cuts = cut_sections(blocks)
    intro = _read_intro(cuts[0])
    issue = intro.today is not None or intro.length is not None or week_in(source.title or "")
    issue = bool(issue) or any(cut.kind in ISSUE_KINDS for cut in cuts)
    meta, meta_warnings = build_meta(source, intro.length, intro.today, issue=issue)
    _recognisable(cuts, source, meta)
    if issue:
        cuts[0].title = meta.title
        _drop_intro_sentences(cuts[0], intro, meta)
        cuts = _intro_apart(cuts)
    else:
        cuts = as_post(cuts, meta.title)
        meta_warnings.append(WARN_NOT_AN_ISSUE)
    return ParsedIssue(
        meta=meta,
        sections=[cut.to_raw() for cut in cuts],
        warnings=list(dict.fromkeys(warnings + tag_warnings + meta_warnings)),
    )


@dataclass(slots=True)
class _Intro:
    """The intro's facts and the index of the header block each was found in."""

    length: Length | None = None
    length_at: int = -1
    today: Today | None = None
    today_at: int = -1


def _soup(markup: str) -> BeautifulSoup:
    # lxml for speed and forgiving recovery; classes stay plain strings (splitting them into
    # lists costs a fifth of the parse time on a large issue and nothing here needs it).
    return BeautifulSoup(markup, "lxml", multi_valued_attributes=None)


def _read_intro(header: Cut) -> _Intro:
    intro = _Intro()
    for index, block in enumerate(header.blocks):
        if block.kind != "paragraph":
            continue
        if intro.length is None and (length := find_length(block.text)) is not None:
            intro.length, intro.length_at = length, index
        if intro.today is None and (today := find_today(block.text)) is not None:
            intro.today, intro.today_at = today, index
    return intro


def _drop_intro_sentences(header: Cut, intro: _Intro, meta: IssueMeta) -> None:
    """Drop the length and "Heute ist …" sentences from the header when meta holds their data.

    The length sentence goes when both numbers were read; "Heute ist …" when its date is the
    issue's date.
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    length, today = intro.length, intro.today
    if length is not None and length.minutes is not None:
        spans.setdefault(intro.length_at, []).append(length.span)
    # A typo in the intro's week is not worth showing (the title's week wins, with a warning);
    # a date that differs from the metadata's is information, so that sentence stays.
    if today is not None and today.date == meta.date:
        spans.setdefault(intro.today_at, []).append(today.span)
    kept: list[Block] = []
    for index, block in enumerate(header.blocks):
        if index in spans:
            block = block.without(spans[index])
            if not block.has_words:
                continue
        kept.append(block)
    header.blocks = kept


def _intro_apart(cuts: list[Cut]) -> list[Cut]:
    """Keep a short intro in the header; a long one becomes a section of its own, "Einleitung",
    right after the header.
    """
    header = cuts[0]
    if sum(len(block.text) for block in header.blocks) <= INTRO_MAX:
        return cuts
    return [Cut("header", header.title), Cut("other", INTRO_TITLE, header.blocks), *cuts[1:]]


def _recognisable(cuts: list[Cut], source: SourceMeta, meta: IssueMeta) -> None:
    """Refuse HTML that is no post: no sections, no beehiiv markup, nothing that dates or names
    an issue.
    """
    if len(cuts) > 1 or source.title or source.post or meta.week or meta.date:
        return
    raise ParseError(
        "Kein Newsletter erkannt: keine Abschnitte (Überschriften), kein Titel, Datum oder KW."
    )
