"""A whole issue as one HTML file that looks like the chat: what `doppelbot preview --html`
writes for publishers. Each section gets its marker, each message its bubble (`bot.demo.bubble`,
the web chat's renderer), and the file carries the chat's stylesheet and bubble script inline,
so it opens anywhere (pictures load from their addresses)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from importlib.resources import files

from bot.demo.bubble import Bubble, bubble_html


def issue_page(
    title: str,
    summary: str,
    sections: Sequence[tuple[str, Sequence[Bubble]]],
    notes: Sequence[str] = (),
) -> str:
    """The HTML document: `sections` are (marker, bubbles); `notes` the warnings under them."""
    static = files("bot.demo") / "static"
    style = static.joinpath("chat.css").read_text("utf-8")
    script = static.joinpath("bubbles.js").read_text("utf-8")
    body = [f"<h1>{escape(title)}</h1>", f'<div class="summary">{escape(summary)}</div>']
    for marker, bubbles in sections:
        body.append(f'<div class="section">{escape(marker)}</div>')
        body.extend(bubble_html(bubble) for bubble in bubbles)
    if notes:
        items = "".join(f"<li>{escape(note)}</li>" for note in notes)
        body.append(f'<div class="warnings"><ul>{items}</ul></div>')
    main = "\n".join(body)
    return (
        '<!doctype html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · Vorschau</title>\n<style>\n{style}</style>\n</head>\n<body>\n"
        '<div class="app">\n<header class="chat-header"><div class="avatar" aria-hidden="true">'
        'D</div><div class="title"><div class="name">Doppelbot</div><div class="status">'
        f"Vorschau · {escape(summary)}</div></div></header>\n"
        f'<main class="messages preview">\n{main}\n</main>\n</div>\n'
        f"<script>\n{script}</script>\n</body>\n</html>\n"
    )
