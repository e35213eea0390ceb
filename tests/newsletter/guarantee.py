"""The guarantee every rendered post keeps, checked on its messages (`check_guarantee`).

- Every visible word of the post body appears in the messages exactly once and in order; between
  them stand only the renderer's decorations (list markers, "🖼️ Bild", "▶️ Video auf YouTube
  ansehen", a linked image's host, …), never a word of the post twice.
- Every link of the body is a `text_link` of the messages, in order.
- No merge tag (`{{`) and no dropped text (email chrome, polls) reaches a message.
- Every message is within Telegram's limits, with valid entities.

The header message starts with the metadata (title, subtitle, date, "Im Browser lesen"); what
follows it there (a Doppelgänger issue's short intro) is body text like any other.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from newsletter.inline import squash
from newsletter.limits import MAX_CAPTION, MAX_ENTITIES, MAX_TEXT
from newsletter.model import Issue
from newsletter.render import render_header
from newsletter.utf16 import utf16_len

# Lines (or their start) the renderer adds; the rest of such a line is body text.
DECORATIONS = re.compile(
    r"^(?:🖼️ Bild"
    r"|(?:▶️|🎧|🧩) (?:Video auf \w+ ansehen|Auf Spotify anhören|Video ansehen|Audio anhören"
    r"|Eingebetteten Inhalt öffnen \([^)\n]*\))"
    r"|📎|Herunterladen"
    r"|🔒 Der Rest dieser Ausgabe ist Premium-Abonnent:innen vorbehalten"
    r"(?:: Im Browser weiterlesen| und nur im Web zu lesen\.))",
    re.MULTILINE,
)
_HOST = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,}$")
_BLOCK_TAGS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "th", "tr",
               "blockquote", "figcaption", "ul", "ol", "table", "pre"]  # fmt: skip


def visible_words(body_html: str, dropped: tuple[str, ...] = ()) -> list[str]:
    """The words a reader sees in `body_html`, without the `dropped` pieces (exact, squashed)."""
    soup = BeautifulSoup(body_html, "lxml")
    for tag in soup.find_all(["style", "script"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.append("\n")
    text = squash(soup.get_text(""))
    for piece in dropped:
        assert piece in text, f"dropped piece not in the body: {piece!r}"
        text = text.replace(piece, "", 1)
    return text.split()


def message_words(issue: Issue) -> list[str]:
    """The words of all messages after the header's metadata, decorations taken out."""
    prefix = render_header(issue.meta, None).messages[0].text
    texts = []
    for section in issue.sections:
        text = "\n".join(message.text for message in section.messages).strip()
        if section.kind == "header":
            assert text.startswith(prefix), (text, prefix)
            text = text[len(prefix) :]
        texts.append(DECORATIONS.sub(" ", text))
    return "\n".join(texts).split()


def assert_words_once_in_order(got: list[str], expected: list[str]) -> None:
    """`got` is `expected` with only decorations (no letters, or a host name) in between."""
    position = 0
    for index, word in enumerate(got):
        if position < len(expected) and word == expected[position]:
            position += 1
        elif any(ch.isalpha() for ch in word) and not _HOST.match(word):
            context = " ".join(got[max(0, index - 8) : index + 1])
            wanted = expected[position] if position < len(expected) else "(end)"
            raise AssertionError(f"unexpected {word!r} (wanted {wanted!r}) in: …{context}")
    assert position == len(expected), f"missing from the messages: {expected[position:][:12]}"


def message_links(issue: Issue) -> list[str]:
    """Every text_link URL of the messages, in order."""
    return [e.url or "" for m in issue.messages for e in m.entities if e.type == "text_link"]


def assert_links_in_order(got: list[str], expected: list[str]) -> None:
    """Every expected link is in `got`, in order (other links may stand between them)."""
    position = 0
    for url in got:
        if position < len(expected) and url == expected[position]:
            position += 1
    assert position == len(expected), f"links missing: {expected[position:]} (got {got})"


def assert_sendable(issue: Issue) -> None:
    """Every message within Telegram's limits, trimmed, with valid entities; no merge tag."""
    for message in issue.messages:
        size = utf16_len(message.text)
        assert size <= (MAX_CAPTION if message.photo else MAX_TEXT)
        assert message.text or message.photo
        assert message.text == message.text.strip()
        assert len(message.entities) <= MAX_ENTITIES
        for entity in message.entities:
            assert entity.length > 0 and entity.offset >= 0
            assert entity.offset + entity.length <= size
        assert "{{" not in message.text
        assert all("{{" not in (e.url or "") and "%7B%7B" not in (e.url or "")
                   for e in message.entities)  # fmt: skip


def check_guarantee(
    issue: Issue,
    words: list[str],
    links: list[str],
    never: tuple[str, ...] = (),
) -> None:
    """The whole guarantee: words once and in order, links kept, nothing of `never`, limits."""
    assert_sendable(issue)
    assert_words_once_in_order(message_words(issue), words)
    assert_links_in_order(message_links(issue), links)
    everything = squash("\n".join(m.text for m in issue.messages))
    for piece in never:
        assert squash(piece) not in everything, f"dropped text reached a message: {piece!r}"
