"""beehiiv's editor blocks as markup, for generated posts: each `Piece` in both of beehiiv's forms
(the feed's `content:encoded` and the web page's classless, inline-styled blocks) together with
what a reader must get from it: its visible words, in order, and its links (cleaned).

A piece whose text is email chrome or cannot be shown (a referral sentence, a poll, the paywall's
upsell) has no words, and its text goes to `never`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

PAD = "padding-bottom:12px;padding-left:15px;padding-right:15px;padding-top:12px;"
STYLE = "<style>.bh__table, .bh__table_cell { border: 1px solid #C0C0C0; }</style>"
FOOTER = (
    "<div class='beehiiv__footer'><hr class='beehiiv__footer__line'>"
    '<a class="beehiiv__footer_link" href="https://www.beehiiv.com/?utm_source=x">'
    "Powered by beehiiv</a></div>"
)


@dataclass(frozen=True)
class Piece:
    """One block of a post: its feed and web markup, and what a reader must see of it."""

    rss: str
    web: str
    words: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    never: tuple[str, ...] = field(default=())


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def anchor(url: str, text: str) -> str:
    return f'<a class="link" href="{html.escape(url)}" target="_blank">{esc(text)}</a>'


def paragraph(text: str, *, bold: str = "", url: str | None = None) -> Piece:
    """A paragraph: bold lead-in, text, and a link over its last word."""
    inner, words, links = "", [], []
    if bold:
        inner += f"<b>{esc(bold)}</b> "
        words += bold.split()
    head, _, last = text.rpartition(" ")
    if url and head:
        inner += f"{esc(head)} {anchor(url + '?utm_source=feed', last)}"
        links.append(url)
    else:
        inner += esc(text)
    words += text.split()
    return Piece(
        f'<p class="paragraph" style="text-align:left;">{inner}</p>',
        f'<p style="text-align:left;">{inner}</p>',
        tuple(words),
        tuple(links),
    )


def heading(level: int, text: str) -> Piece:
    inner = f"<b>{esc(text)}</b>" if level % 2 else esc(text)
    return Piece(
        f'<h{level} class="heading" style="text-align:left;" id="h">{inner}</h{level}>',
        f'<h{level} style="text-align:left;" id="h">{inner}</h{level}>',
        tuple(text.split()),
    )


def bold_line(text: str) -> Piece:
    return Piece(
        f'<p class="paragraph" style="text-align:left;"><b>{esc(text)}</b></p>',
        f'<p style="text-align:left;"><strong>{esc(text)}</strong></p>',
        tuple(text.split()),
    )


def listing(ordered: bool, items: list[str], nested: list[str]) -> Piece:
    """A list whose items are paragraphs; `nested` items hang under the first item."""
    tag = "ol" if ordered else "ul"
    start = ' start="1"' if ordered else ""

    def item(text: str, web: bool) -> str:
        p = "<p>" if web else '<p class="paragraph" style="text-align:left;">'
        return f"{p}{esc(text)}</p>"

    def build(web: bool) -> str:
        sub = "".join(f"<li>{item(t, web)}</li>" for t in nested)
        lis = [f"<li>{item(t, web)}{f'<ul>{sub}</ul>' if i == 0 and sub else ''}</li>"
               for i, t in enumerate(items)]  # fmt: skip
        return f"<{tag}{start}>{''.join(lis)}</{tag}>"

    words = [*items[0].split(), *(w for t in nested for w in t.split())]
    words += [w for t in items[1:] for w in t.split()]
    return Piece(build(False), build(True), tuple(words))


def quote(text: str, byline: str) -> Piece:
    rss = (
        '<div class="blockquote"><blockquote class="blockquote__quote"><p class="paragraph">'
        f'{esc(text)}</p><figcaption class="blockquote__byline">{esc(byline)}</figcaption>'
        "</blockquote></div>"
    )
    web = (
        f'<blockquote style="border-left:4px solid #000;"><p>{esc(text)}</p>'
        f"<figcaption>{esc(byline)}</figcaption></blockquote>"
    )
    return Piece(rss, web, tuple(text.split() + byline.split()))


def image(number: int, caption: str, url: str | None) -> Piece:
    src = f"https://media.beehiiv.com/uploads/asset/file/{number}/bild.png"
    img = f'<img class="image__image" alt="" src="{src}"/>'
    if url:
        img = f'<a class="image__link" href="{html.escape(url)}?utm_medium=x">{img}</a>'
    cap = f'<div class="image__source"><p>{esc(caption)}</p></div>' if caption else ""
    small = f"<small><p>{esc(caption)}</p></small>" if caption else ""
    plain = img.replace(' class="image__image"', "")
    return Piece(
        f'<div class="image">{img}{cap}</div>',
        f'<div style="text-align:center;">{plain}</div>{small}',
        tuple(caption.split()),
        (url,) if url else (),
    )


def button(text: str, url: str) -> Piece:
    target = html.escape(url + "?utm_campaign=x")
    return Piece(
        f'<div class="button"><a class="button__link" href="{target}"><span class="button__text">'
        f"{esc(text)}</span></a></div>",
        f'<div style="text-align:center;"><a href="{target}" style="background-color:#365f82;'
        f'color:#fff;">{esc(text)}</a></div>',
        tuple(text.split()),
        (url,),
    )


def download(title: str, description: str, url: str) -> Piece:
    card = (
        f'<div class="recommendation"><h3 class="recommendation__title">{esc(title)}</h3>'
        f'<p class="recommendation__description">{esc(description)}</p>'
        f'<a class="recommendation__link" data-skip-utms href="{html.escape(url)}"></a></div>'
    )
    return Piece(card, card, tuple(title.split() + description.split()), (url,))


def youtube(video: str) -> Piece:
    frame = f'<iframe src="https://www.youtube.com/embed/{video}?rel=0" allowfullscreen></iframe>'
    return Piece(frame, frame, (), (f"https://www.youtube.com/watch?v={video}",))


def table(rows: list[list[str]]) -> Piece:
    cells = "".join(
        '<tr class="bh__table_row">'
        + "".join(f'<td class="bh__table_cell"><p class="paragraph">{esc(c)}</p></td>' for c in row)
        + "</tr>"
        for row in rows
    )
    markup = f'<table class="bh__table" width="100%">{cells}</table>'
    return Piece(markup, markup, tuple(w for row in rows for c in row for w in c.split()))


def poll(answers: list[str], host: str) -> Piece:
    links = "".join(
        f'<tr><td><a href="{host}/polls/p1/response?choice={i}">{esc(a)}</a></td></tr>'
        for i, a in enumerate(answers)
    )
    markup = f"<table><tr><td><p>{POLL_QUESTION}</p></td></tr>{links}</table>"
    return Piece(
        f'<div class="custom_html">{markup}</div>', f"<div>{markup}</div>", never=(POLL_QUESTION,)
    )


def name_tag(text: str) -> Piece:
    """ "Hallo {{ subscriber.first_name }}, <text>": the tag leaves no gap."""
    inner = f"Hallo {{{{ subscriber.first_name }}}}, {esc(text)}"
    return Piece(f'<p class="paragraph">{inner}</p>', f"<p>{inner}</p>", ("Hallo,", *text.split()))


REFERRAL = "Empfiehl uns weiter und sichere dir Prämien"
POLL_QUESTION = "Wie fandest du diese Ausgabe?"
PAYWALL = "Nur für zahlende Leser:innen"


def referral() -> Piece:
    sentence = f"{REFERRAL}: {{{{rp_refer_url}}}}"
    return Piece(
        f'<p class="paragraph">{esc(sentence)}</p>', f"<p>{esc(sentence)}</p>", never=(REFERRAL,)
    )


def divider() -> Piece:
    return Piece(
        '<hr class="content_break">',
        '<div style="padding:30px 0px;"><div style="border-top:3px solid #365f82"></div></div>',
    )


def paywall() -> Piece:
    markup = f'<div class="paywall"><p>{PAYWALL}</p><a href="/upgrade">Upgrade</a></div>'
    return Piece(markup, markup, never=(PAYWALL,))


def fragment(pieces: list[Piece], *, footer: bool) -> str:
    """The feed's `div.beehiiv` (its `<style>` before the body, the footer if `footer`)."""
    body = "".join(piece.rss for piece in pieces)
    return (
        f"<div class='beehiiv'>{STYLE}<div class='beehiiv__body'>{body}</div>"
        f"{FOOTER if footer else ''}</div>"
    )


def feed(pieces: list[Piece], *, title: str, url: str) -> str:
    """An RSS feed with one item (no description) around the pieces."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel>'
        f"<title>Posts</title><item><title><![CDATA[{title}]]></title><link>{url}</link>"
        "<pubDate>Mon, 03 Feb 2025 05:00:00 +0000</pubDate><dc:creator>Sam</dc:creator>"
        f"<content:encoded><![CDATA[{fragment(pieces, footer=True)}]]></content:encoded>"
        "</item></channel></rss>"
    )


def page(pieces: list[Piece], *, title: str, url: str) -> str:
    """A web post page: `div.rendered-post`, `#web-header`, classless `#content-blocks`."""
    blocks = "".join(f'<div style="{PAD}">{piece.web}</div>' for piece in pieces)
    return (
        f"<!DOCTYPE html><html><head><title>{esc(title)}</title>"
        f'<meta property="og:url" content="{url}"></head><body>'
        f"<div class='rendered-post'><div id='web-header'><h1>{esc(title)}</h1>"
        "<div class='bh__byline_wrapper'><span>By Sam · February 3, 2025</span></div></div>"
        f"<div id='content-blocks'>{blocks}</div></div></body></html>"
    )
