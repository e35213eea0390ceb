"""Email-only chrome: the ONE list of rules deciding what of a post a Telegram reader never sees.

Two kinds of rule:
- `ElementRule`: an element of the post body that is dropped whole, with everything inside it.
- `TextRule`: every sentence containing the rule's anchor words is cut out of a block (whole
  sentences, see `newsletter.sentences`); the rest of the block stays, and a block left with no
  letters or digits (just "👋" or "❤️") is dropped.

Merge tags (`{{ subscriber.first_name }}`) are not chrome: `newsletter.merge_tags` takes them
out of what is left, leaving no gap.

Kept on purpose (a Telegram reader needs them): the feedback paragraph ("📮 Schick mir gern Dein
Feedback an …") and "Danke für Deine Zeit und Aufmerksamkeit! ❤️". The intro's length sentence
and "Heute ist … startet." are not chrome: they are dropped only once their data is in the
metadata (see `newsletter.parse`).

Every link target goes through `clean_url`, which drops tracking parameters (`utm_*`, `_bhlid`,
and `ref_src` of embedded tweets).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from bs4 import Tag

from newsletter.blocks import TEXT_KINDS, Block
from newsletter.inline import merge_spans
from newsletter.merge_tags import REFERRAL_TAG
from newsletter.sentences import sentences_around


@dataclass(frozen=True, slots=True)
class ElementRule:
    """Drop an element of the post body whole."""

    name: str
    why: str
    matches: Callable[[Tag], bool]


@dataclass(frozen=True, slots=True)
class TextRule:
    """Cut the whole sentence(s) around every match of `anchor` out of a block's text.

    `needle` is a lowercase word the text must contain before the regex runs (a cheap filter).
    """

    name: str
    why: str
    anchor: re.Pattern[str]
    needle: str


def _words(name: str, why: str, words: str, *, prefix: str = "") -> TextRule:
    """A rule anchored on `words` (any whitespace between them), after an optional `prefix`."""
    pattern = prefix + r"\s+".join(re.escape(word) for word in words.split())
    needle = max(words.split(), key=len).lower()
    return TextRule(name, why, re.compile(pattern, re.IGNORECASE), needle)


def _classes(tag: Tag) -> list[str]:
    value: str | list[str] = tag.get("class") or []
    return value.split() if isinstance(value, str) else list(value)


def _is_beehiiv_footer(tag: Tag) -> bool:
    return any(c.startswith("beehiiv__footer") for c in _classes(tag))


def _is_web_header(tag: Tag) -> bool:
    return tag.get("id") == "web-header"


def _is_breadcrumb(tag: Tag) -> bool:
    if tag.name == "nav" or any("breadcrumb" in c for c in _classes(tag)):
        return True
    if tag.name not in ("ul", "ol"):
        return False
    items = [li.get_text(" ", strip=True) for li in tag.find_all("li", recursive=False)]
    return "Posts" in items and len(items) <= 4


CHROME_RULES: tuple[ElementRule | TextRule, ...] = (
    ElementRule(
        "beehiiv_footer",
        "beehiiv's footer under the RSS body: a line and 'Powered by beehiiv' with utm links.",
        _is_beehiiv_footer,
    ),
    ElementRule(
        "web_header",
        "The web page's #web-header: title, subtitle and byline, read as metadata instead.",
        _is_web_header,
    ),
    ElementRule(
        "breadcrumb",
        "The web page's breadcrumb list ('Doppelgänger Update > Posts > <title>').",
        _is_breadcrumb,
    ),
    _words(
        "subscriber_greeting",
        "'👋 Hallo! Du empfängst diesen Newsletter als eine(r) von 17,659 Abonnent:innen (+81).'"
        " – a per-recipient email greeting with the subscriber count.",
        "Du empfängst diesen Newsletter",
        prefix=r"(?:Hallo\s*[!,.]?\s*)?",
    ),
    _words(
        "share_thanks",
        "'❤️ Danke an alle, die letzte Woche neue Leser:innen … aufmerksam gemacht haben!' – the"
        " weekly referral race; Telegram has no share button.",
        "Danke an alle, die letzte Woche",
    ),
    _words(
        "share_race",
        "'Die “Share the Newsletter” Funktion findet ihr am Ende … von neuem.' – points at the"
        " email's share widget.",
        "Share the Newsletter",
    ),
    _words(
        "delivery_promise",
        "'Dieser Newsletter wird auch weiterhin jeden Montagmorgen … in Deiner Inbox erscheinen.'",
        "Dieser Newsletter wird auch weiterhin",
    ),
    _words(
        "fax",
        "'Einen Faxabruf gibt es leider nicht.' – part of the inbox/whitelisting paragraph.",
        "Faxabruf",
    ),
    _words(
        "whitelisting",
        "'Vielleicht solltest Du die Absender-eMail … whitelisten … verpassen.' – email only.",
        "whitelisten",
    ),
    _words(
        "referral_link",
        "'Oder nutze diesen Link um ihn … zu teilen: https://…/subscribe?ref=PLACEHOLDER' – the"
        " personal referral link of the web/email version.",
        "Oder nutze diesen Link",
    ),
    _words(
        "referral_winners",
        "'Die erfolgreichsten Helfer:innen, erwähnen wir im nächsten Newsletter.' – the referral"
        " race's follow-up.",
        "Die erfolgreichsten Helfer",
    ),
    _words(
        "powered_by",
        "'Powered by beehiiv' wherever it stands outside the footer element.",
        "Powered by beehiiv",
    ),
    TextRule(
        "referral_merge_tag",
        "'Empfiehl uns weiter: {{rp_refer_url}}' – a sentence built around a merge tag of the"
        " referral program (rp_…, …refer…); in Telegram the tag has no value and /referral exists."
        " A link whose target is such a tag reads as its text followed by the tag (see body).",
        REFERRAL_TAG,
        "{{",
    ),
)

ELEMENT_RULES: tuple[ElementRule, ...] = tuple(
    r for r in CHROME_RULES if isinstance(r, ElementRule)
)
TEXT_RULES: tuple[TextRule, ...] = tuple(r for r in CHROME_RULES if isinstance(r, TextRule))

TRACKING_PARAMS = frozenset({"_bhlid", "ref_src"})  # and every utm_* parameter


def is_chrome_element(tag: Tag) -> bool:
    """Return True if an element rule drops `tag`."""
    return any(rule.matches(tag) for rule in ELEMENT_RULES)


def strip_chrome(blocks: list[Block]) -> list[Block]:
    """Apply the text rules to every block; drop blocks that are left without words."""
    kept: list[Block] = []
    for block in blocks:
        if block.kind in TEXT_KINDS and (spans := chrome_spans(block.text)):
            block = block.without(spans)
            if not block.has_words and block.kind != "image":
                continue
        kept.append(block)
    return kept


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """Return the ranges of `text` that text rules cut (whole sentences), sorted and merged."""
    lower = text.lower()
    return merge_spans(
        [
            sentences_around(text, *match.span())
            for rule in TEXT_RULES
            if rule.needle in lower
            for match in rule.anchor.finditer(text)
        ]
    )


def clean_url(url: str) -> str:
    """Return `url` without tracking parameters (`utm_*`, `_bhlid`, `ref_src`); the rest is kept.

    The remaining parameters keep their order and their exact encoding; an emptied query loses
    its "?".
    """
    url = url.strip()
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [p for p in parts.query.split("&") if p and not _is_tracking(p.split("=", 1)[0])]
    return urlunsplit(parts._replace(query="&".join(kept)))


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key.startswith("utm_") or key in TRACKING_PARAMS
