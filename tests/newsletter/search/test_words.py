"""Folding and cutting text into words for search."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from newsletter.search.fold import fold_word
from newsletter.search.words import nfc, words


def test_folding_drops_case_accents_and_umlauts() -> None:
    assert fold_word("Börse") == fold_word("BÖRSE") == fold_word("Borse") == "borse"
    assert fold_word("Erdoğan") == fold_word("ERDOGAN") == "erdogan"
    assert fold_word("İzmir") == fold_word("Izmir") == "izmir"
    assert fold_word("Straße") == fold_word("STRASSE") == "strasse"
    assert fold_word("Café") == "cafe"
    assert fold_word("Bağımsız") == "bagimsiz"
    assert fold_word("Øresund") == "oresund"


def test_folding_treats_decomposed_and_composed_letters_alike() -> None:
    assert fold_word("Bo\u0308rse") == fold_word("Börse")


def test_typographic_apostrophes_join_a_word_and_quotes_separate_words() -> None:
    assert [w.text for w in words("McDonald’s „Zölle“ «Trump's» ‚de minimis‘")] == [
        "mcdonalds",
        "zolle",
        "trumps",
        "de",
        "minimis",
    ]


def test_hyphen_compounds_give_their_parts_and_the_joined_word() -> None:
    found = words("Der SPAM-Filtern-Test läuft")
    assert [(w.text, w.position, w.width) for w in found] == [
        ("der", 0, 1),
        ("spam", 1, 1),
        ("filtern", 2, 1),
        ("test", 3, 1),
        ("spamfilterntest", 1, 3),
        ("lauft", 4, 1),
    ]


def test_underscores_and_punctuation_separate_words() -> None:
    assert [w.text for w in words("snake_case, KW6/2025: 3,5 %")] == [
        "snake",
        "case",
        "kw6",
        "2025",
        "3",
        "5",
    ]


@given(st.text())
def test_every_word_is_the_folded_text_of_its_span(text: str) -> None:
    source = nfc(text)
    for word in words(text):
        span = source[word.start : word.end]
        assert fold_word(span.replace("-", "").replace("‐", "").replace("‑", "")) == word.text
        assert word.text == unicodedata.normalize("NFC", word.text)
