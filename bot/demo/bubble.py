"""One chat message as HTML, the way a Telegram chat draws it: a bubble from the bot or from
you, with its picture, its file, its text (entities through `bot.demo.render`, with the commands and
addresses Telegram makes clickable by itself: `bot.demo.detect`), the time and
"bearbeitet" after an edit, and the inline keyboard under it.

The markup is what the page's script, its stylesheet (`static/chat.css`) and the tests rely on:
every message is a `<div class="msg" data-from="bot|you" data-id=…>`; inline buttons are
`<button>` elements inside it, with `data-callback` (a callback button) or `data-url` (a link
button). Used by the web chat (`bot.demo.view`) and by `doppelbot preview --html`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from bot.demo.detect import with_detected
from bot.demo.render import entities_html

BOT, YOU = "bot", "you"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document under its download address: its file name and size in bytes (if known)."""

    href: str
    name: str
    size: int | None = None


@dataclass(frozen=True, slots=True)
class Bubble:
    """What one message shows. `photo` is the picture's address (None: no picture);
    `photo_missing` marks a picture whose bytes are unknown; `keyboard` is the
    `inline_keyboard` of its reply markup."""

    sender: str
    text: str | None
    entities: Sequence[dict[str, Any]] = ()
    message_id: int | None = None
    photo: str | None = None
    photo_missing: bool = False
    document: Attachment | None = None
    keyboard: Sequence[Sequence[dict[str, Any]]] = field(default_factory=tuple)
    time: str | None = None
    edited: bool = False


def bubble_html(bubble: Bubble) -> str:
    """The message as one `<div class="msg">`."""
    parts: list[str] = []
    if bubble.photo is not None:
        parts.append(f'<img class="photo" src="{escape(bubble.photo)}" alt="Foto" loading="lazy">')
    elif bubble.photo_missing:
        parts.append('<div class="photo missing" role="img" aria-label="Foto">📷</div>')
    if bubble.document is not None:
        parts.append(_document(bubble.document))
    if bubble.text:
        shown = entities_html(bubble.text, with_detected(bubble.text, bubble.entities))
        parts.append(f'<div class="text">{shown}</div>')
    meta = '<span class="edited">bearbeitet</span> ' if bubble.edited else ""
    if bubble.time:
        meta += f"<time>{escape(bubble.time)}</time>"
    if meta:
        parts.append(f'<div class="meta">{meta}</div>')
    kind = " has-photo" if bubble.photo is not None or bubble.photo_missing else ""
    body = f'<div class="bubble{kind}">{"".join(parts)}</div>'
    identity = f' data-id="{bubble.message_id}"' if bubble.message_id is not None else ""
    keyboard = _keyboard(bubble.keyboard)
    return f'<div class="msg" data-from="{escape(bubble.sender)}"{identity}>{body}{keyboard}</div>'


def _document(document: Attachment) -> str:
    size = f'<span class="size">{_size(document.size)}</span>' if document.size else ""
    return (
        f'<a class="document" href="{escape(document.href)}" download="{escape(document.name)}">'
        f'<span class="icon" aria-hidden="true">📄</span><span class="name">'
        f"{escape(document.name)}</span>{size}</a>"
    )


def _keyboard(rows: Sequence[Sequence[dict[str, Any]]]) -> str:
    if not rows:
        return ""
    html_rows = []
    for row in rows:
        buttons = "".join(_button(button) for button in row)
        html_rows.append(f'<div class="row">{buttons}</div>')
    return f'<div class="keyboard">{"".join(html_rows)}</div>'


def _button(button: dict[str, Any]) -> str:
    label = escape(str(button.get("text", "")))
    if "callback_data" in button:
        action = f'data-callback="{escape(str(button["callback_data"]))}"'
    elif "url" in button:
        action = f'data-url="{escape(str(button["url"]))}" class="link"'
    else:
        action = "disabled"
    return f'<button type="button" {action}>{label}</button>'


def _size(size: int) -> str:
    """ "812 B", "1,2 KB", "3,4 MB" (German decimal comma)."""
    if size < 1024:
        return f"{size} B"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    return f"{value:.1f} {unit}".replace(".", ",")
