"""Folding text for search, and snippets cut from the original text."""

import re

from hypothesis import given
from hypothesis import strategies as st

from storage.folding import fold, fold_with_offsets, search_terms
from storage.search import snippet


def test_fold_spells_out_umlauts_and_drops_case_and_accents() -> None:
    assert fold("Börse BÖRSE boerse") == "boerse boerse boerse"
    assert fold("Straße Café Ärger ﬁnal") == "strasse cafe aerger final"


def test_fold_treats_decomposed_and_composed_umlauts_alike() -> None:
    assert fold("Bo\u0308rse") == fold("Börse") == "boerse"


def test_search_terms_are_distinct_folded_words_in_order() -> None:
    assert search_terms("  Börse, boerse KI-Rally!  ") == ["boerse", "ki", "rally"]
    assert search_terms("?!") == []


@given(st.text())
def test_folding_with_offsets_agrees_with_fold(text: str) -> None:
    original, folded, origin = fold_with_offsets(text)
    assert folded == fold(text)
    assert len(origin) == len(folded) + 1
    assert origin == sorted(origin)
    assert all(0 <= i <= len(original) for i in origin)


words = st.text(alphabet="abcäöüßABCÄÖÜ", min_size=1, max_size=12)


@given(st.lists(words, min_size=1, max_size=80), st.data())
def test_snippet_contains_the_searched_word_as_written(text_words: list[str], data) -> None:
    target = data.draw(st.sampled_from(text_words))
    text = " ".join(text_words)
    pattern = re.compile(r"(?<!\w)" + re.escape(fold(target)))
    cut = snippet(text, [pattern])
    body = cut.removeprefix("…").removesuffix("…")
    assert body in text
    assert pattern.search(fold(body)) is not None
    assert len(body) <= 160
