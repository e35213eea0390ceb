"""Reading a reader's query: words, phrases, exclusions."""

from hypothesis import given
from hypothesis import strategies as st

from newsletter.search.query import Query, parse


def test_words_are_folded_and_common_words_dropped() -> None:
    assert parse("Die Zinsen der EZB") == Query(("ezb", "zinsen"))
    assert parse("der die das").terms == ()


def test_quoted_phrases_keep_their_words_in_order_straight_or_typographic() -> None:
    for quoted in ('"{}"', "„{}“", "«{}»"):
        parsed = parse(quoted.format("auf der falschen Seite"))
        assert parsed.phrases == (("auf", "der", "falschen", "seite"),)
        assert parsed.terms == ("falschen", "seite")


def test_an_unclosed_quote_runs_to_the_end() -> None:
    assert parse('Zoll "de minimis').phrases == (("de", "minimis"),)


def test_minus_excludes_a_word_and_a_hyphen_inside_a_word_does_not() -> None:
    parsed = parse("Börse -Trump –Musk SPAM-Filter")
    assert parsed.terms == ("borse", "filter", "spam")
    assert parsed.excluded == ("musk", "trump")


def test_a_minus_before_a_phrase_drops_the_phrase() -> None:
    assert parse('Zoll -"de minimis"') == Query(("zoll",))


words = st.sampled_from(["Börse", "der", "Zins", "KI-Chip", "McDonald’s", "a", "Erdoğan"])
pieces = st.one_of(
    words,
    words.map(lambda w: "-" + w),
    st.lists(words, min_size=1, max_size=3).map(lambda ws: "„" + " ".join(ws) + "“"),
)


@given(st.lists(pieces, max_size=6))
def test_a_query_written_out_reads_back_the_same(parts: list[str]) -> None:
    parsed = parse(" ".join(parts))
    assert parse(parsed.text()) == parsed


@given(st.text(max_size=100))
def test_any_text_parses(text: str) -> None:
    parsed = parse(text)
    assert all(2 <= len(w) <= 64 for w in parsed.terms + parsed.excluded)
