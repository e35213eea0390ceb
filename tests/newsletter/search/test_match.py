"""Which indexed words a query word finds, and whether the database buckets hold them."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from newsletter.search.match import (
    HEAD,
    SAME,
    TAIL,
    TYPO,
    filed,
    fuzzy_weight,
    has_phrase,
    matches,
    query_buckets,
    weight,
)
from newsletter.search.words import words


@pytest.mark.parametrize(
    ("query", "word", "expected"),
    [
        ("zinsen", "zins", SAME),  # the examples, folded
        ("zins", "zinsen", SAME),
        ("boerse", "borse", SAME),
        ("erdogan", "erdogan", SAME),
        ("spamfilter", "spamfiltern", SAME),
        ("bildbearbeitung", "bildbearbeitungsfunktion", HEAD),
        ("chip", "chips", SAME),  # a plural "s" the stemmer keeps
        ("mexikos", "mexiko", SAME),
        ("sparen", "spart", HEAD),  # a form the stemmer leaves alone
        ("filter", "spamfiltern", TAIL),
        ("zins", "leitzinsen", TAIL),
        ("ki", "kino", 0.0),  # too short to start a compound
        ("zins", "benzin", 0.0),  # nor to end one (the stem "zin")
        ("rat", "apparat", 0.0),
        ("palantir", "palantier", 0.0),  # a typo is not a match ...
    ],
)
def test_weight(query: str, word: str, expected: float) -> None:
    assert weight(query, word) == expected


def test_a_small_typo_is_found_only_when_nothing_else_is() -> None:
    assert fuzzy_weight("palantier", "palantir") == TYPO  # ... but a fuzzy one
    assert fuzzy_weight("nvidai", "nvidia") == TYPO  # two letters swapped
    assert fuzzy_weight("zins", "sins") == 0.0  # short words need to be right
    assert fuzzy_weight("angermeier", "angermayer") == TYPO  # long ones may have two
    vocabulary = {1: filed("nvidia"), 2: filed("nvidias"), 3: filed("video")}
    assert matches("nvidai", vocabulary) == {1: TYPO}
    assert matches("nvidia", vocabulary) == {1: SAME, 2: SAME}
    assert matches("nvid", vocabulary) == {1: HEAD, 2: HEAD}


def test_phrases_need_their_words_in_order_in_any_form() -> None:
    text = words("OpenAI „auf der falschen Seite der Geschichte“ und SPAM-Filtern heute")
    assert has_phrase(text, ("falsche", "seite"))
    assert not has_phrase(text, ("seite", "falsche"))
    assert has_phrase(text, ("spam", "filter", "heute"))
    assert has_phrase(text, ("spamfilter", "heute"))
    assert not has_phrase(text, ("geschichte", "heute"))


def _found_in_buckets(query: str, word: str) -> bool:
    return query_buckets(query).hold(filed(word))


german = st.text(alphabet="abcdefghiklmnoprstuwzaeou", min_size=2, max_size=14)
affixes = st.text(alphabet="abeginrstu", max_size=6)


@given(german, affixes, affixes)
def test_the_buckets_hold_every_word_a_query_word_matches(
    query: str, before: str, after: str
) -> None:
    for word in (query + after, before + query, before + query + after):
        if weight(query, word):
            assert _found_in_buckets(query, word)


no_spelled_umlauts = st.text(alphabet="abcdfghiklmnoprstuwz", min_size=7, max_size=14)


@given(no_spelled_umlauts, st.data())
def test_the_buckets_hold_a_word_one_typo_away_in_the_middle(query: str, data) -> None:
    at = data.draw(st.integers(3, len(query) - 4))
    letter = data.draw(st.sampled_from("aiklmnrst"))
    word = data.draw(
        st.sampled_from(
            [
                query[:at] + letter + query[at + 1 :],  # replaced
                query[:at] + query[at + 1 :],  # dropped
                query[:at] + letter + query[at:],  # added
                query[:at] + query[at + 1] + query[at] + query[at + 2 :],  # swapped
            ]
        )
    )
    assume(word != query)
    assert fuzzy_weight(query, word) == TYPO
    assert _found_in_buckets(query, word)
