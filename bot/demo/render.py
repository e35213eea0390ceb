"""Telegram's message entities as HTML, as a Telegram chat shows them: the one renderer of the
demo's web chat and of `doppelbot preview --html`.

`entities_html(text, entities)` takes a text and its entities exactly as the Bot API has them
(offsets and lengths in UTF-16 code units) and returns escaped HTML: bold `<b>`, italic `<i>`,
underline `<u>`, strikethrough `<s>`, spoiler `<span class="tg-spoiler">`, code `<code>`, pre
`<pre><code>`, links `<a href>` (text links, URLs, e-mail addresses, phone numbers, mentions),
blockquote `<blockquote>` and expandable blockquote `<blockquote class="tg-expandable">`,
commands, hashtags and cashtags as `<span>`s the page can act on. Entities may nest and even
overlap: a tag that ends inside another closes and reopens around it, so the HTML is always
well formed. Line breaks stay `\n` (the page shows text with `white-space: pre-wrap`). A link
whose address is not http(s), tg, mailto or tel is shown as plain text. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

_SIMPLE = {
    "bold": ("<b>", "</b>"),
    "italic": ("<i>", "</i>"),
    "underline": ("<u>", "</u>"),
    "strikethrough": ("<s>", "</s>"),
    "spoiler": ('<span class="tg-spoiler">', "</span>"),
    "code": ("<code>", "</code>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "expandable_blockquote": ('<blockquote class="tg-expandable">', "</blockquote>"),
    "hashtag": ('<span class="tg-hashtag">', "</span>"),
    "cashtag": ('<span class="tg-hashtag">', "</span>"),
    "custom_emoji": ('<span class="tg-emoji">', "</span>"),
}
_OUTER_FIRST = {"blockquote": 0, "expandable_blockquote": 0, "pre": 1}  # the rest: 2
_SAFE_SCHEMES = ("http://", "https://", "tg://", "mailto:", "tel:")
Entity = Mapping[str, Any]


def entities_html(text: str, entities: Sequence[Entity] | None = None) -> str:
    """Return `text` with its Telegram `entities` as well-formed, escaped HTML."""
    units = _unit_index(text)
    spans: list[_Span] = []
    for order, entity in enumerate(entities or ()):
        start = units.get(int(entity.get("offset", -1)))
        end = units.get(int(entity.get("offset", 0)) + int(entity.get("length", 0)))
        if start is not None and end is not None and end > start:
            rank = _OUTER_FIRST.get(entity.get("type", ""), 2)
            spans.append((start, end, rank, order, *_tags(entity, text[start:end])))
    spans.sort(key=lambda s: (s[0], s[0] - s[1], s[2], s[3]))
    out: list[str] = []
    stack: list[_Span] = []
    cuts = sorted({0, len(text)} | {s[0] for s in spans} | {s[1] for s in spans})
    waiting = iter(spans)
    upcoming = next(waiting, None)
    for here, following in zip(cuts, [*cuts[1:], None], strict=True):
        reopen: list[_Span] = []
        while any(span[1] == here for span in stack):  # close what ends here, and what is in it
            span = stack.pop()
            out.append(span[5])
            if span[1] != here:
                reopen.append(span)
        for span in reversed(reopen):
            out.append(span[4])
            stack.append(span)
        while upcoming is not None and upcoming[0] == here:
            out.append(upcoming[4])
            stack.append(upcoming)
            upcoming = next(waiting, None)
        if following is not None:
            out.append(escape(text[here:following], quote=False))
    out.extend(span[5] for span in reversed(stack))
    return "".join(out)


_Span = tuple[int, int, int, int, str, str]  # start, end, rank, order, opening tag, closing tag


def _unit_index(text: str) -> dict[int, int]:
    """UTF-16 offset → index in `text`, for every offset that does not split a character."""
    index: dict[int, int] = {}
    unit = 0
    for position, char in enumerate(text):
        index[unit] = position
        unit += 2 if ord(char) > 0xFFFF else 1
    index[unit] = len(text)
    return index


def _tags(entity: Entity, covered: str) -> tuple[str, str]:
    """The opening and closing tag of one entity over the text `covered`."""
    kind = entity.get("type", "")
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind == "pre":
        language = entity.get("language")
        attribute = f' class="language-{escape(str(language))}"' if language else ""
        return f"<pre><code{attribute}>", "</code></pre>"
    if kind == "bot_command":
        return f'<span class="tg-command" data-command="{escape(covered)}">', "</span>"
    href = _href(kind, entity, covered)
    if href is None:
        return "<span>", "</span>"
    return f'<a href="{escape(href)}" target="_blank" rel="noopener noreferrer">', "</a>"


def _href(kind: str, entity: Entity, covered: str) -> str | None:
    """The address a link entity opens, or None (not a link, or not a safe address)."""
    if kind == "text_link":
        url = str(entity.get("url") or "")
    elif kind == "url":
        url = covered if "://" in covered else f"http://{covered}"
    elif kind == "email":
        url = f"mailto:{covered}"
    elif kind == "phone_number":
        url = "tel:" + "".join(c for c in covered if c.isdigit() or c == "+")
    elif kind == "mention":
        url = f"https://t.me/{covered.lstrip('@')}"
    elif kind == "text_mention":
        url = f"tg://user?id={int((entity.get('user') or {}).get('id', 0))}"
    else:
        return None
    return url if url.lower().startswith(_SAFE_SCHEMES) else None
