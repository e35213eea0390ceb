"""beehiiv's editor blocks, each read the way a Telegram reader expects it.

| block | becomes |
|---|---|
| quote (`div.blockquote > blockquote`, a `figcaption` byline) | a quote block, "— byline" last |
| embedded post (`blockquote.twitter-tweet`, …) | a quote with its links, and a warning |
| image (`div.image`, `figure`, a web block of an image and `<small>`) | an image block with its link and caption |
| button (`div.button > a.button__link`, a web block of one link with a background) | a line "👉 text" linking to the target |
| file download (`div.recommendation`) | a line "📎 title", the description, a download link |
| embed (`iframe`, `video`, `audio`, …) | a line linking to what it shows, and a warning |
| poll or survey | nothing, and a warning naming the question |
| paywall (a class containing `paywall`) | the end of the post: a line linking to the web post |
| layout table (`table[role=none]`) | its cells read as blocks, in order |
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from bs4 import Tag
from bs4.element import NavigableString, PageElement

from newsletter.blocks import Block, BlockKind
from newsletter.census import Census
from newsletter.embeds import (
    EMBEDS,
    POLL_CLASS,
    describe_embed,
    embed_source,
    poll_question,
    poll_warning,
)
from newsletter.inline import Span, has_text, squash, trim

WARN_EMBED = "Eingebetteter Inhalt (iframe, Video o. Ä.) ohne Link im Beitrag entfernt."
WARN_PAYWALL = (
    "Bezahlschranke: Der Beitrag endet hier für Premium-Leser:innen; in Telegram steht am Ende "
    "ein Link zur Web-Version."
)
PAYWALL_TEXT = "🔒 Der Rest dieser Ausgabe ist Premium-Abonnent:innen vorbehalten"
DOWNLOAD_LABEL = "Herunterladen"
_EMBEDDED_POSTS = {"twitter-tweet": "X/Twitter", "instagram-media": "Instagram",
                   "tiktok-embed": "TikTok", "threads-post": "Threads"}  # fmt: skip
_CAPTIONS = ("figcaption", "small")
_LAYOUT_ROLES = frozenset({"none", "presentation"})
_CANDIDATES = EMBEDS | {"div", "table", "section", "figure", "blockquote", "article", "aside"}
_FIGURE_CHILDREN = 4  # a web image block: the image's wrapper and its caption, maybe a spacer
_NOT_IN_FIGURES = [*EMBEDS, "table", "ul", "ol", "blockquote", "pre", "hr", "form",
                   "h1", "h2", "h3", "h4", "h5", "h6"]  # fmt: skip


class Reader(Protocol):
    """What the editor blocks need of the body reader (`newsletter.body`)."""

    blocks: list[Block]
    paywalled: bool
    census: Census

    def warn(self, text: str) -> None: ...
    def emit(self, kind: BlockKind, nodes: list[Span | str]) -> None: ...
    def inline(self, children: Iterable[PageElement]) -> list[Span | str]: ...
    def container(self, children: Iterable[PageElement]) -> None: ...
    def href(self, tag: Tag) -> str | None: ...
    def resolve(self, url: str) -> str | None: ...
    def image(
        self, tag: Tag, *, href: str | None = None, caption: list[Span | str] | None = None
    ) -> None: ...


def read_editor_block(reader: Reader, tag: Tag) -> bool:
    """Read `tag` if it is one of beehiiv's editor blocks; return False for anything else."""
    if tag.name not in _CANDIDATES:
        return False
    classes = _classes(tag)
    if any("paywall" in c for c in classes) or "paywall" in str(tag.get("id") or ""):
        reader.paywalled = True
        reader.warn(WARN_PAYWALL)
        return True
    if _may_be_poll(reader.census, tag, classes):
        question = poll_question(tag)
        if question is not None:
            reader.warn(poll_warning(question))
            return True
    if tag.name in EMBEDS:
        _embed(reader, tag)
    elif tag.name == "blockquote":
        _quote(reader, tag, classes)
    elif "button" in classes or (reader.census.one_link(tag) and _is_styled_button(tag)):
        reader.emit("paragraph", ["👉 ", *reader.inline(tag.children)])
    elif "recommendation" in classes:
        _download(reader, tag)
    elif tag.name == "table" and str(tag.get("role") or "").lower() in _LAYOUT_ROLES:
        reader.container(tag.children)
    elif reader.census.one_image(tag):
        return _figure(reader, tag, classes)
    else:
        return False
    return True


def paywall_line(url: str | None) -> Block:
    """The post's last line behind a paywall: a link to read on in the browser."""
    if url is None:
        return Block.of("paragraph", [f"{PAYWALL_TEXT} und nur im Web zu lesen."])
    return Block.of("paragraph", [f"{PAYWALL_TEXT}: ", Span("a", ["Im Browser weiterlesen"], url)])


def _may_be_poll(census: Census, tag: Tag, classes: list[str]) -> bool:
    if tag.name in EMBEDS:
        return True
    if tag.name not in ("div", "table", "section", "figure"):
        return False
    return census.only_poll_links(tag) or any(POLL_CLASS.search(c) for c in classes)


def _classes(tag: Tag) -> list[str]:
    value: str | list[str] = tag.get("class") or []
    return value.split() if isinstance(value, str) else list(value)


def _embed(reader: Reader, tag: Tag) -> None:
    source = embed_source(tag)
    url = reader.resolve(source) if source else None
    if not url or not url.startswith(("http://", "https://")):
        reader.warn(WARN_EMBED)
        return
    embed = describe_embed(tag, url)
    reader.emit("paragraph", [f"{embed.mark} ", Span("a", [embed.label], embed.url)])
    reader.warn(f"{embed.what} durch einen Link ersetzt: {embed.url}")


def _quote(reader: Reader, tag: Tag, classes: list[str]) -> None:
    """A quote; its byline (`figcaption`) becomes its last line, "— Name"."""
    bylines = [c.extract() for c in tag.find_all("figcaption")]
    nodes = trim(reader.inline(tag.children))
    for byline in bylines:
        name = trim(reader.inline(byline.children))
        if has_text(name):
            dash = [] if squash(byline.get_text()).startswith(("—", "–", "-")) else ["— "]
            nodes += [Span("br"), *dash, *name]
    reader.emit("quote", nodes)
    network = next((_EMBEDDED_POSTS[c] for c in classes if c in _EMBEDDED_POSTS), None)
    if network is not None:
        links = [href for a in tag.find_all("a") if (href := reader.href(a))]
        where = f": {links[-1]}" if links else ""
        reader.warn(f"Eingebetteter Beitrag ({network}) als Zitat mit Link übernommen{where}")


def _is_styled_button(tag: Tag) -> bool:
    """A web page's button: a block holding nothing but one link drawn with a background (no
    image, embed or other kind of block besides it)."""
    links = tag.find_all("a") if tag.name == "div" else []
    if len(links) != 1 or "background" not in str(links[0].get("style") or ""):
        return False
    if tag.find([*_NOT_IN_FIGURES, "img"]) is not None:
        return False
    text = squash(tag.get_text())
    return bool(text) and text == squash(links[0].get_text())


def _download(reader: Reader, tag: Tag) -> None:
    """A file download card: its title, description and link on one block."""
    for link in tag.find_all("a", href=True):
        if not squash(link.get_text()) and link.find("img") is None:
            link.string = DOWNLOAD_LABEL
    reader.emit("paragraph", ["📎 ", *reader.inline(tag.children)])


def _figure(reader: Reader, tag: Tag, classes: list[str]) -> bool:
    """An image block with a caption: `div.image` or `figure` (all their text is the caption),
    or a web block holding one image and text only in `<small>`/`figcaption` under it. The
    caller has made sure that `tag` holds exactly one image.
    """
    if tag.name not in ("div", "figure"):
        return False
    if "image" not in classes and tag.name != "figure" and not _only_caption_text(tag):
        return False
    image = tag.find("img")
    if not isinstance(image, Tag):
        return False
    link = next((a for a in image.parents if a is tag or a.name == "a"), None)
    link = link if link is not None and link is not tag and link.name == "a" else None
    href = reader.href(link) if link is not None else None
    (link if link is not None and not squash(link.get_text()) else image).extract()
    reader.image(image, href=href, caption=reader.inline(tag.children))
    return True


def _only_caption_text(tag: Tag) -> bool:
    """True if `tag` is a small block (a few children) with text only in caption elements, some
    of it, and no other kind of block."""
    if len(tag.find_all(True, recursive=False)) > _FIGURE_CHILDREN:
        return False
    if tag.find(_NOT_IN_FIGURES) is not None:
        return False
    found = False
    for node in tag.descendants:
        if type(node) is NavigableString and node.strip():
            if not _in_caption(node, tag):
                return False
            found = True
    return found


def _in_caption(text: NavigableString, within: Tag) -> bool:
    for parent in text.parents:
        if parent is within:
            return False
        if _is_caption(parent):
            return True
    return False


def _is_caption(tag: Tag) -> bool:
    classes = " ".join(_classes(tag))
    return tag.name in _CAPTIONS or "image__source" in classes or "caption" in classes
