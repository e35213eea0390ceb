"""Every fixture post, in every form (feed, web page, bare fragment), keeps the guarantee.

Fixtures (`tests/fixtures/beehiiv/`, written from beehiiv's markup; each post as an RSS item and
as a web post page, the fragment being the item's `content:encoded`):
- `kw07-2025`: a Doppelgänger issue with the editor's text blocks: `h1`/`h3`/`h4` headings with
  `<b>` inside, a linked heading, an `h6` kicker, a bold paragraph as heading, lists with
  paragraphs and a nested list, quotes with and without byline, captioned and linked images, a
  `bh__table`, `<style>` elements, merge tags, a referral button;
- `kw08-2025`: a Doppelgänger issue on a custom domain without a subtitle: YouTube, datawrapper
  and video embeds, an embedded tweet, a file download, buttons, a sponsored section, a poll and
  a survey, and a paywall;
- `build-log`: another newsletter (English, custom domain, no description, no headings);
- `indie-saas`: another newsletter with its own `h3` sections, a subtitle, no footer, a
  two-column layout table and a callout box.
KW6 (`tests/fixtures/kw06-2025.*`) is checked the same way. The fake Bot API's rules
(`bot/simulator/rules.py`) accept every message, quotes (`blockquote` entities) included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from bot.simulator.rules import check_outgoing
from newsletter.chrome import clean_url
from newsletter.issue import build_issue
from newsletter.model import Issue, Section
from tests.newsletter.guarantee import check_guarantee, visible_words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
POSTS = FIXTURES / "beehiiv"
FORMS = ("rss", "web", "fragment")
GREETING_KW6 = (
    "👋 Hallo! Du empfängst diesen Newsletter als eine(r) von 17,659 Abonnent:innen (+81)."
)
INBOX = (
    "Dieser Newsletter wird auch weiterhin jeden Montagmorgen auf wundersame Weise in Deiner Inbox"
    " erscheinen. Einen Faxabruf gibt es leider nicht. Vielleicht solltest Du die Absender-eMail"
    " in Deinem eMail-Programm whitelisten oder den Newsletter in Deine Primary Inbox verschieben,"
    " um keine Ausgabe zu verpassen."
)
SHARE = (
    "❤️ Danke an alle, die letzte Woche neue Leser:innen auf unseren Newsletter aufmerksam gemacht"
    " haben! Die “Share the Newsletter” Funktion findet ihr am Ende der aktuellen Ausgabe und das"
    " Rennen startet jeden Montag von neuem."
)
HELPERS = "Die erfolgreichsten Helfer:innen, erwähnen wir im nächsten Newsletter."


@dataclass(frozen=True)
class Post:
    """A fixture post: its files, what the reader never sees, and the links embeds become."""

    name: str
    dropped: tuple[str, ...] = ()
    skipped_links: tuple[str, ...] = ()
    embeds: dict[str, str] = field(default_factory=dict)

    def data(self, form: str) -> str:
        """The post in `form` (the fragment is the feed item's `content:encoded`)."""
        if self.name == "kw06-2025":
            path = FIXTURES / f"kw06-2025.{'web.html' if form == 'web' else 'rss.xml'}"
        else:
            path = POSTS / f"{self.name}.{'web.html' if form == 'web' else 'rss.xml'}"
        text = path.read_text(encoding="utf-8")
        return content_encoded(text) if form == "fragment" else text

    def body(self, form: str) -> str:
        """The HTML of the post body alone (no web header, no footer)."""
        soup = BeautifulSoup(self.data("web" if form == "web" else "fragment"), "lxml")
        body = soup.select_one("#content-blocks") or soup.select_one(".beehiiv__body")
        assert body is not None
        return str(body)

    def links(self, form: str) -> list[str]:
        """The body's links in order: every `a href` (cleaned), embeds as the link they become."""
        soup = BeautifulSoup(self.body(form), "lxml")
        links = []
        for tag in soup.find_all(["a", "iframe", "video"]):
            target = str(tag.get("href") or tag.get("src") or "")
            if tag.name == "video":
                target = str(tag.find("source")["src"])  # type: ignore[index]
            if any(skip in target for skip in self.skipped_links):
                continue
            if tag.name == "a":
                links.append(clean_url(target))
            else:
                links.append(next(url for src, url in self.embeds.items() if src in target))
        return links


def content_encoded(feed: str) -> str:
    """The first item's `content:encoded` of a feed."""
    match = re.search(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", feed, re.S)
    assert match is not None
    return match.group(1)


KW6 = Post(
    "kw06-2025",
    dropped=(
        GREETING_KW6,
        SHARE + " Der heutige Newsletter hat 1.066 Wörter und das vollständige Lesen dauert etwa"
        " 5 Minuten. Heute ist Montag, der 3. Februar 2025 und die KW6 startet.",
        INBOX,
        "Oder nutze diesen Link um ihn in sozialen Netzwerken und mit Freunden zu teilen:"
        " https://doppelgaenger.beehiiv.com/subscribe?ref=PLACEHOLDER",
        HELPERS,
    ),
    skipped_links=("subscribe?ref=",),
)
KW7 = Post(
    "kw07-2025",
    dropped=(
        "👋 Hallo! Du empfängst diesen Newsletter als eine(r) von 17,802 Abonnent:innen (+143).",
        SHARE + " Der heutige Newsletter hat 1.240 Wörter und das vollständige Lesen dauert etwa"
        " 6 Minuten. Heute ist Montag, der 10. Februar 2025 und die KW7 startet.",
        ', {{ subscriber.first_name | default: "Leser:in" }}',
        INBOX,
        ", {{ subscriber.first_name }}",
        "Empfiehl das Doppelgänger Update weiter und sichere dir Prämien: {{rp_refer_url}}",
        "Jetzt empfehlen",
        HELPERS,
    ),
    skipped_links=("{{",),
)
KW8_HOST = "https://update.doppelgaenger.io"
KW8 = Post(
    "kw08-2025",
    dropped=(
        "👋 Hallo! Du empfängst diesen Newsletter als eine(r) von 17,950 Abonnent:innen (+148).",
        "Der heutige Newsletter hat 1.310 Wörter und das vollständige Lesen dauert etwa 6 Minuten."
        " Heute ist Montag, der 17. Februar 2025 und die KW8 startet.",
        "Wie fandest du die heutige Ausgabe? 🤩 Großartig 🙂 Ganz gut 😐 Geht so",
        "Nur für Premium-Abonnent:innen Upgrade jetzt, um den Chart der Woche und die Earnings zu"
        " lesen. Jetzt upgraden",
    ),
    skipped_links=("/polls/", "/surveys/", "/upgrade"),
    embeds={
        "youtube.com/embed/dQw4w9WgXcQ": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "datawrapper.dwcdn.net": "https://datawrapper.dwcdn.net/Ab3Xy/2/",
        "figure-helix.mp4": "https://media.beehiiv.com/cdn-cgi/image/fit=scale-down,format=auto,"
        "onerror=redirect,quality=80/uploads/asset/file/8b2e/figure-helix.mp4",
    },
)
BUILD_LOG = Post("build-log")
INDIE_SAAS = Post("indie-saas")
ALL = [KW6, KW7, KW8, BUILD_LOG, INDIE_SAAS]


def rendered(post: Post, form: str) -> Issue:
    return build_issue(post.data(form))


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("post", ALL, ids=lambda post: post.name)
def test_every_word_once_in_order_every_link_and_nothing_dropped(post: Post, form: str) -> None:
    issue = rendered(post, form)
    words = visible_words(post.body(form), post.dropped)
    never = (*post.dropped, "Powered by beehiiv", "bh__table", "utm_")
    check_guarantee(issue, words, post.links(form), never)


@pytest.mark.parametrize("post", ALL[1:], ids=lambda post: post.name)
def test_the_web_page_renders_like_its_feed_item(post: Post) -> None:
    assert rendered(post, "web").to_dict() == rendered(post, "rss").to_dict()


@pytest.mark.parametrize("post", [KW7, BUILD_LOG, INDIE_SAAS], ids=lambda post: post.name)
def test_the_fragment_gives_the_feed_items_messages(post: Post) -> None:
    feed, fragment = rendered(post, "rss"), rendered(post, "fragment")
    assert texts(fragment.sections[1:]) == texts(feed.sections[1:])


def texts(sections: list[Section]) -> list[tuple[str, list[dict[str, Any]]]]:
    return [(s.kind, [m.to_dict() for m in s.messages]) for s in sections]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("post", ALL, ids=lambda post: post.name)
def test_the_fake_bot_api_accepts_every_message(post: Post, form: str) -> None:
    for message in rendered(post, form).messages:
        entities = [entity.to_dict() for entity in message.entities]
        if message.photo:
            params = {"chat_id": 1, "photo": message.photo, "caption": message.text,
                      "caption_entities": entities}  # fmt: skip
        else:
            params = {"chat_id": 1, "text": message.text, "entities": entities}
        error, ignored = check_outgoing("sendPhoto" if message.photo else "sendMessage", params)
        assert (error, ignored) == (None, []), message
