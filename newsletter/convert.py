"""One HTML fragment → Telegram text + entities (`Styled`), converted by sulguk.

sulguk does the conversion (text, entities with UTF-16 offsets). Its `transform_html` parses with
html5lib, which took most of the renderer's time; here sulguk's own walker and renderer run on a
tree from lxml's HTML parser instead (libxml2, about three times faster for a whole issue's
blocks). For the well-formed HTML the parser hands over both trees are the same, and so is the
result (`tests/newsletter/test_convert.py` compares the two). libxml2 silently drops everything
nested more than about 255 elements deep, so a fragment with that many tags goes to html5lib.
This module also hands sulguk text it can take and tidies what comes back:
- characters an XML tree cannot hold (C0 control characters other than tab and line breaks,
  U+FFFE/U+FFFF, lone surrogates) are removed first: sulguk builds an lxml tree and would raise
  on them. Vertical tab and form feed become a space, the rest disappears;
- entities of length 0 are dropped, and so is an entity lying inside another of the same kind
  (`<b><b>x</b></b>`): Telegram shows it once, and hundreds of nested tags would otherwise pile
  more than the 100 entities a message may carry onto a single character;
- the whitespace around the text is stripped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sulguk
from lxml import html as lxml_html
from sulguk.data import MessageEntity
from sulguk.render.state import State
from sulguk.walker import Walker

from newsletter.entities import Styled
from newsletter.model import Entity

LXML_MAX_TAGS = 200
"""Fragments with more tags than this are parsed by html5lib: they might nest too deep for lxml."""

_SPACE_LIKE = re.compile(r"[\x0b\x0c]")
_NOT_XML = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def html_to_styled(fragment: str) -> Styled:
    """Convert an HTML fragment (inline content or blocks) to text and entities, stripped."""
    text, found = sulguk_transform(xml_safe(fragment))
    entities = [
        Entity(
            type=e["type"],
            offset=e["offset"],
            length=e["length"],
            url=e.get("url"),
            language=e.get("language"),
        )
        for e in found
        if e["length"] > 0
    ]
    return Styled(text, without_nested_repeats(entities)).strip()


def sulguk_transform(fragment: str) -> tuple[str, list[MessageEntity]]:
    """`sulguk.transform_html(fragment)` with lxml's parser: (text, entities as Bot API dicts).

    `fragment` must be XML-safe (see `xml_safe`).
    """
    if not fragment.strip():
        return "", []
    if fragment.count("<") > LXML_MAX_TAGS:  # could be nested deeper than libxml2 reads
        result = sulguk.transform_html(fragment)
        return result.text, list(result.entities)
    document = lxml_html.document_fromstring(f"<html><body>{fragment}</body></html>")
    state = State()
    Walker().walk(document.getroottree()).render(state)
    return state.canvas.text, list(state.entities)


def xml_safe(text: str) -> str:
    """Return `text` without the characters XML cannot hold (vertical tab, form feed → space)."""
    return _NOT_XML.sub("", _SPACE_LIKE.sub(" ", text))


def without_nested_repeats(entities: Sequence[Entity]) -> tuple[Entity, ...]:
    """Drop every entity that lies within another entity of the same type, URL and language.

    Of two identical entities the first stays. The order of the kept entities is unchanged.
    """
    groups: dict[tuple[str, str | None, str | None], list[int]] = {}
    for index, entity in enumerate(entities):
        groups.setdefault((entity.type, entity.url, entity.language), []).append(index)
    dropped: set[int] = set()
    for indices in groups.values():
        if len(indices) < 2:
            continue
        reach = -1  # the furthest end of the kept entities so far, which all start earlier
        for index in sorted(indices, key=lambda i: (entities[i].offset, -entities[i].length, i)):
            end = entities[index].offset + entities[index].length
            if end <= reach:
                dropped.add(index)
            else:
                reach = end
    return tuple(e for i, e in enumerate(entities) if i not in dropped)
