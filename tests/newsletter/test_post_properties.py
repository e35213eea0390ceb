"""Random posts built from beehiiv's editor blocks keep the guarantee in every form.

A post is a random sequence of blocks (paragraphs with bold and links, headings h1–h6, bold
lines, lists with a nested level, quotes with bylines, captioned and linked images, buttons,
downloads, YouTube embeds, tables, polls, merge tags, referral sentences, dividers), maybe
opened by a Doppelgänger intro (email chrome and the length and date sentences) and maybe ended
by a paywall; it is read as a bare fragment, a feed item or a web page. Whatever the draw:
every visible word once and in order, every link, no dropped text, no `{{`, valid messages.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter.issue import build_issue
from tests.newsletter import beehiiv_markup as markup
from tests.newsletter.beehiiv_markup import Piece
from tests.newsletter.guarantee import check_guarantee

HOST = "https://news.example.org"
VOCABULARY = [
    "Markt", "Zinsen", "growth", "Chip", "Börse", "Größe", "KI-Modell", "300.000", "Q3",
    "AT&T", "Straße", "naïve", "Öl", "über", "ship", "faster", "Kapital", "<Daten>", "Fed",
    "🇨🇳", "🚀", "e\u0301", "Äpfel", "Bank", "Cloud", "Umsatz", "margin", "Tesla", "x",
]  # fmt: skip
WORD = st.sampled_from(VOCABULARY)


def phrase(low: int, high: int) -> st.SearchStrategy[str]:
    return st.lists(WORD, min_size=low, max_size=high).map(" ".join)


SENTENCE = st.builds(lambda words, end: words + end, phrase(1, 30), st.sampled_from([".", "!", ""]))
LINK = st.integers(0, 99).map(lambda n: f"{HOST}/p/{n}")
INTRO_TEXTS = (
    "👋 Hallo! Du empfängst diesen Newsletter als eine(r) von 17,659 Abonnent:innen.",
    "Der heutige Newsletter hat 1.066 Wörter und das vollständige Lesen dauert etwa 5 Minuten."
    " Heute ist Montag, der 3. Februar 2025 und die KW6 startet.",
)
INTRO = Piece(
    "".join(f'<p class="paragraph">{text}</p>' for text in INTRO_TEXTS),
    "".join(f"<p>{text}</p>" for text in INTRO_TEXTS),
    never=("Du empfängst diesen Newsletter", "Heute ist Montag"),
)

BLOCKS = st.one_of(
    st.builds(markup.paragraph, SENTENCE, bold=phrase(0, 3), url=st.none() | LINK),
    st.builds(markup.heading, st.integers(1, 6), phrase(1, 6)),
    st.builds(markup.bold_line, phrase(1, 8)),
    st.builds(
        markup.listing, st.booleans(), st.lists(SENTENCE, min_size=1, max_size=4),
        st.lists(SENTENCE, max_size=3),
    ),
    st.builds(markup.quote, SENTENCE, phrase(0, 3)),
    st.builds(markup.image, st.integers(0, 9), phrase(0, 6), st.none() | LINK),
    st.builds(markup.button, phrase(1, 4), LINK),
    st.builds(markup.download, phrase(1, 5), SENTENCE, LINK.map(lambda u: u + ".pdf")),
    st.builds(markup.youtube, st.sampled_from(["dQw4w9WgXcQ", "9bZkp7q19f0"])),
    st.builds(markup.table, st.lists(st.lists(phrase(1, 3), min_size=1, max_size=3),
                                     min_size=1, max_size=4)),
    st.builds(markup.poll, st.lists(phrase(1, 2), min_size=2, max_size=3), st.just(HOST)),
    st.builds(markup.name_tag, SENTENCE),
    st.builds(markup.referral),
    st.builds(markup.divider),
)  # fmt: skip


@st.composite
def posts(draw: st.DrawFn) -> tuple[str, list[Piece]]:
    """A post as one of the three forms, and the pieces it is made of."""
    pieces = draw(st.lists(BLOCKS, min_size=1, max_size=12))
    if draw(st.booleans()):
        pieces.insert(0, INTRO)
    if not any(ch.isalpha() for piece in pieces for word in piece.words for ch in word):
        pieces.append(markup.paragraph("Markt Zinsen"))  # a post without words is an error
    if draw(st.booleans()):
        pieces.append(markup.paywall())
    form = draw(st.sampled_from(["fragment", "feed", "page"]))
    title, url = "Weekly notes", f"{HOST}/p/weekly-notes"
    if form == "fragment":
        return markup.fragment(pieces, footer=draw(st.booleans())), pieces
    build = markup.feed if form == "feed" else markup.page
    return build(pieces, title=title, url=url), pieces


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posts())
def test_every_generated_post_keeps_the_guarantee(post: tuple[str, list[Piece]]) -> None:
    data, pieces = post
    issue = build_issue(data)
    words = [word for piece in pieces for word in piece.words]
    links = [link for piece in pieces for link in piece.links]
    never = tuple(text for piece in pieces for text in piece.never)
    check_guarantee(issue, words, links, (*never, "Powered by beehiiv", "bh__table"))
