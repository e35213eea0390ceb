"""Embedded content (videos, players, widgets) and polls: what Telegram cannot show inline.

An embed (`iframe`, `video`, `audio`, `object`, `embed`) becomes a line with a link to what it
shows: a YouTube player links to the video's watch page, Vimeo and Spotify players to their
page, anything else to its own address. Polls and surveys cannot be answered in Telegram: they
are recognised by their class (`poll`, `survey`), by an iframe showing one, or by a block whose
every link goes to beehiiv's `/polls/…` (or `/surveys/…`, `/forms/…`) pages with little text
besides, in one element (the question); that text is the question the publisher's warning
names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from bs4 import Tag
from bs4.element import NavigableString

from newsletter.census import POLL_PATH
from newsletter.inline import squash

EMBEDS = frozenset({"iframe", "object", "embed", "video", "audio", "canvas", "frame", "frameset"})
POLL_CLASS = re.compile(r"poll|survey", re.IGNORECASE)
_POLL_TEXT_MAX = 200  # more text than this around the poll links: a container, not the poll
# A poll's text outside its answers is its question: in one element. Text in two elements (a
# paragraph before the poll) makes the block a container that holds a poll, not the poll.
_TEXT_HOLDERS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div", "span"]
_QUESTION_MAX = 60
_YOUTUBE = re.compile(r"(?:^|\.)(?:youtube(?:-nocookie)?\.com|youtu\.be)$")
_YOUTUBE_ID = re.compile(r"^/(?:embed|shorts|v|live)/([\w-]{6,})")
_VIMEO = re.compile(r"^/video/(\d+)")
_SPOTIFY = re.compile(r"^/embed(?:-podcast)?(/[\w/-]+)")


@dataclass(frozen=True, slots=True)
class Embed:
    """An embed's link: where it points, the line's emoji and link text, and what it is (for the
    publisher's warning: "Eingebettetes Video (YouTube)")."""

    url: str
    mark: str
    label: str
    what: str


def embed_source(tag: Tag) -> str | None:
    """The address an embed element shows (`src`, `data-src`, `data`, or a `<source>`)."""
    for attribute in ("src", "data-src", "data"):
        value = tag.get(attribute)
        if isinstance(value, str) and value.strip():
            return value.strip()
    source = tag.find("source", src=True)
    value = source.get("src") if isinstance(source, Tag) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def describe_embed(tag: Tag, url: str) -> Embed:
    """The link line for an embed of `url`: a player links to the page of what it plays."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    if _YOUTUBE.search(host):
        video = _YOUTUBE_ID.match(parts.path)
        watch = video.group(1) if video else parse_qs(parts.query).get("v", [""])[0]
        if host == "youtu.be":
            watch = parts.path.strip("/")
        target = f"https://www.youtube.com/watch?v={watch}" if watch else url
        return Embed(target, "▶️", "Video auf YouTube ansehen", "Eingebettetes Video (YouTube)")
    if host == "player.vimeo.com" and (video := _VIMEO.match(parts.path)):
        return Embed(f"https://vimeo.com/{video.group(1)}", "▶️", "Video auf Vimeo ansehen",
                     "Eingebettetes Video (Vimeo)")  # fmt: skip
    if host == "open.spotify.com" and (item := _SPOTIFY.match(parts.path)):
        return Embed(f"https://open.spotify.com{item.group(1)}", "🎧", "Auf Spotify anhören",
                     "Eingebetteter Player (Spotify)")  # fmt: skip
    if tag.name == "video":
        return Embed(url, "▶️", "Video ansehen", "Eingebettetes Video")
    if tag.name == "audio":
        return Embed(url, "🎧", "Audio anhören", "Eingebettetes Audio")
    label = f"Eingebetteten Inhalt öffnen ({host or url})"
    return Embed(url, "🧩", label, f"Eingebetteter Inhalt ({host or url})")


def poll_question(tag: Tag) -> str | None:
    """If `tag` is a poll or survey, its question (for an iframe: its address); else None."""
    classes = tag.get("class")
    if isinstance(classes, str) and POLL_CLASS.search(classes):
        return _question(tag)
    if tag.name in EMBEDS:
        source = embed_source(tag)
        return source if source and POLL_PATH.search(urlsplit(source).path) else None
    links = tag.find_all("a", href=True)
    if not links or not all(POLL_PATH.search(urlsplit(str(a["href"])).path) for a in links):
        return None
    texts = _texts_outside_links(tag)
    holders = {id(text.find_parent(_TEXT_HOLDERS)) for text in texts if text.strip()}
    question = squash(" ".join(texts))
    return question if len(holders) <= 1 and len(question) <= _POLL_TEXT_MAX else None


def poll_warning(question: str) -> str:
    """The publisher's warning for a dropped poll, naming its question (or its address)."""
    if not question:
        return "Umfrage entfernt (in Telegram nicht beantwortbar)."
    if "://" in question:
        return f"Umfrage entfernt (in Telegram nicht beantwortbar): {question}"
    if len(question) > _QUESTION_MAX:
        question = question[: _QUESTION_MAX - 1].rstrip() + "…"
    return f"Umfrage entfernt (in Telegram nicht beantwortbar): „{question}“"


def _question(tag: Tag) -> str:
    """The poll's text outside its answer links (the question)."""
    return squash(" ".join(_texts_outside_links(tag)))


def _texts_outside_links(tag: Tag) -> list[NavigableString]:
    return [
        text
        for text in tag.find_all(string=True)
        if type(text) is NavigableString and text.find_parent("a") is None
        and text.find_parent(["style", "script"]) is None
    ]  # fmt: skip
