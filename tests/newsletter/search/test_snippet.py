"""Snippets around the best match."""

from hypothesis import given
from hypothesis import strategies as st

from newsletter.search.fold import fold_word
from newsletter.search.snippet import WIDTH, snippet


def _terms(*wanted: str):
    folded = [fold_word(w) for w in wanted]
    return lambda word: folded.index(word) if word in folded else None


def test_the_snippet_shows_the_place_where_most_terms_meet() -> None:
    text = "Zölle am Anfang. " + "Füllwort " * 60 + "Hier Zölle und Stahl zusammen. " + "Ende " * 40
    cut = snippet(text, _terms("Zölle", "Stahl"))
    assert "Zölle und Stahl" in cut
    assert cut.startswith("…") and cut.endswith("…")


def test_a_short_text_is_shown_whole_and_no_match_shows_the_start() -> None:
    assert snippet("Eine  Mail\nan die Redaktion.", _terms("Redaktion")) == (
        "Eine Mail an die Redaktion."
    )
    assert snippet("Wort " * 100, _terms("Fehlt")).startswith("Wort Wort")


words = st.text(alphabet="abcäöüßABCÄÖÜ", min_size=1, max_size=12)


@given(st.lists(words, min_size=1, max_size=80), st.data())
def test_the_snippet_holds_the_searched_word_as_written(text_words: list[str], data) -> None:
    target = data.draw(st.sampled_from(text_words))
    text = " ".join(text_words)
    cut = snippet(text, _terms(target))
    body = cut.removeprefix("…").removesuffix("…")
    assert body in text
    assert fold_word(target) in {fold_word(w) for w in body.split()}
    assert len(body) <= WIDTH
