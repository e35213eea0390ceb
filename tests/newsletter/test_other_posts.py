"""Metadata from the right places, and posts of other newsletters (fixtures build-log, indie-saas).

The subtitle is the item's `<description>` (or the page's subtitle) only when it is one; title,
author, date and URL come from the feed item or the page, also on a custom domain. A post that
has not the shape of a Doppelgänger issue gets a header from its metadata only and sections by
its own headings.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from newsletter.issue import build_issue
from newsletter.meta import repeats_start
from newsletter.model import Issue
from tests.newsletter.issue_samples import fragment, h2, intro, p, rss, rss_item, sections
from tests.newsletter.test_beehiiv_posts import BUILD_LOG, INDIE_SAAS, KW8, rendered

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOT_AN_ISSUE = "Der Beitrag hat nicht die Form einer Doppelgänger-Ausgabe"


def kw6_feed_without_description() -> str:
    """The KW6 feed whose item has no `<description>` (a post published without a subtitle)."""
    feed = (FIXTURES / "kw06-2025.rss.xml").read_text(encoding="utf-8")
    without = re.sub(r"<description><!\[CDATA\[Doppelgänger Update \(BETA\)\]\]></description>\n",
                     "", feed)  # fmt: skip
    assert without != feed
    return without


def header_text(issue: Issue) -> str:
    [message] = issue.sections[0].messages
    return message.text


def test_a_feed_item_without_description_has_no_subtitle_and_a_short_header() -> None:
    issue = build_issue(kw6_feed_without_description())
    assert issue.meta.subtitle is None
    assert header_text(issue) == (
        "KW6 - Der Drache erwacht (Oder schlafen wir nur?)\n\n"
        "KW 6 · 3. Februar 2025\n1.066 Wörter · ca. 5 Min. Lesezeit\nIm Browser lesen"
    )
    assert issue.warnings == []
    with_description = build_issue((FIXTURES / "kw06-2025.rss.xml").read_bytes())
    assert [s.to_dict() for s in issue.sections[1:]] == [
        s.to_dict() for s in with_description.sections[1:]
    ]


def test_an_empty_description_gives_no_subtitle() -> None:
    assert rendered(KW8, "rss").meta.subtitle is None
    item = rss_item().replace("<![CDATA[Doppelgänger Update (BETA)]]>", "")
    assert build_issue(rss(item)).meta.subtitle is None


@pytest.mark.parametrize(
    "description",
    [
        "Der KI-Drache erwacht – Waren wir blind? Was ist passiert? Ein Modell aus China.",
        "Was ist passiert? Ein Modell aus Ch…",
        "Was ist passiert? Ein Modell aus China.",
    ],
)
def test_a_description_that_repeats_the_start_of_the_body_is_not_shown_twice(
    description: str,
) -> None:
    body = fragment(h2("Der KI-Drache erwacht – Waren wir blind?"), *sections()[2:])
    item = rss_item(body=body).replace("Doppelgänger Update (BETA)", description)
    assert build_issue(rss(item)).meta.subtitle is None


def test_a_description_of_its_own_is_the_subtitle() -> None:
    item = rss_item().replace("Doppelgänger Update (BETA)", "Ein Modell stellt alles infrage")
    assert build_issue(rss(item)).meta.subtitle == "Ein Modell stellt alles infrage"


@pytest.mark.parametrize(
    ("subtitle", "repeats"),
    [
        ("Last week I shipped four…", True),
        ("Last week I shipped four", True),
        ("Last week I ship…", True),
        ("Last week I shipped five…", False),
        ("Last week", True),
        ("Photo by Jane Doe on Unsplash", True),
        ("Notes on shipping", False),
        ("…", False),
    ],
)
def test_repeats_start_compares_words_from_the_start_of_a_block(
    subtitle: str, repeats: bool
) -> None:
    texts = ["Photo by Jane Doe on Unsplash", "Last week I shipped four releases of Tally."]
    assert repeats_start(subtitle, texts) is repeats


@pytest.mark.parametrize("form", ["rss", "web"])
def test_metadata_of_a_post_on_a_custom_domain(form: str) -> None:
    meta = rendered(BUILD_LOG, form).meta
    assert (meta.title, meta.subtitle, meta.author) == (
        "Shipping small, shipping often",
        None,  # no description; the page's og:description only repeats the body's start
        "Maya Chen",
    )
    assert (meta.date, meta.week, meta.year) == (dt.date(2025, 3, 13), None, 2025)
    assert meta.url == "https://www.thebuildlog.com/p/shipping-small-shipping-often"
    kw8 = rendered(KW8, form).meta
    assert (kw8.author, kw8.date, kw8.week) == ("Philipp Klöckner", dt.date(2025, 2, 17), 8)
    assert kw8.url == "https://update.doppelgaenger.io/p/kw8-der-mittelstand-und-die-ki"


@pytest.mark.parametrize("form", ["rss", "web"])
def test_a_post_without_headings_is_a_short_header_and_one_section(form: str) -> None:
    issue = rendered(BUILD_LOG, form)
    assert header_text(issue) == "Shipping small, shipping often\n\n13. März 2025\nIm Browser lesen"
    assert [(s.kind, s.title) for s in issue.sections] == [
        ("header", "Shipping small, shipping often"),
        ("other", "Shipping small, shipping often"),
    ]
    [post] = issue.sections[1].messages
    assert post.photo is not None and post.photo.endswith("/desk.jpg")
    assert post.text.startswith("Photo by Jane Doe on Unsplash\n\nLast week I shipped")
    assert post.text.endswith("Until next week,\nMaya")
    assert any(w.startswith(NOT_AN_ISSUE) for w in issue.warnings)
    assert not any(w.startswith("Kein Titel") for w in issue.warnings)


@pytest.mark.parametrize("form", ["rss", "web", "fragment"])
def test_a_post_with_its_own_headings_gets_its_own_sections(form: str) -> None:
    issue = rendered(INDIE_SAAS, form)
    assert [(s.kind, s.title) for s in issue.sections[1:]] == [
        ("other", "Einleitung"),
        ("other", "Pricing"),
        ("other", "Churn"),
        ("other", "One more thing"),
    ]
    [intro_message] = issue.sections[1].messages
    assert intro_message.text.startswith("Hey there 👋\n\nEvery March")
    assert intro_message.text.endswith("Median MRR: 4,200 dollars\n\nMedian age: 3 years")
    assert any(w.startswith(NOT_AN_ISSUE) for w in issue.warnings)
    assert "Hey there" not in header_text(issue)


def test_the_header_of_another_newsletter_is_its_metadata_only() -> None:
    assert header_text(rendered(INDIE_SAAS, "rss")) == (
        "The State of Indie SaaS, March 2025\n"
        "What 312 founders told us about pricing, churn and AI\n\n"
        "18. März 2025\nIm Browser lesen"
    )
    assert header_text(rendered(INDIE_SAAS, "fragment")) == "Beitrag ohne Titel"


def test_a_long_intro_of_a_doppelgaenger_issue_is_a_section_of_its_own() -> None:
    long_intro = p("Vorweg ein paar Gedanken. " * 30)
    issue = build_issue(fragment(*intro(), long_intro, *sections()))
    assert [(s.kind, s.title) for s in issue.sections[:3]] == [
        ("header", "Doppelgänger Update KW6/2025"),
        ("other", "Einleitung"),
        ("lead", "🛗 Der KI Drache erwacht"),
    ]
    assert header_text(issue) == "Doppelgänger Update KW6/2025\n\nKW 6 · 3. Februar 2025\n" + (
        "1.066 Wörter · ca. 5 Min. Lesezeit"
    )
