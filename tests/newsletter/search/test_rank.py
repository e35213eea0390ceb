"""BM25 ranking of sections."""

import random

from hypothesis import given
from hypothesis import strategies as st

from newsletter.search.rank import TITLE, Posting, bm25, frequencies


def _scores(postings: list[Posting], terms: list[dict[int, float]], lengths: dict[int, int]):
    average = sum(lengths.values()) / len(lengths)
    return bm25([frequencies(postings, t) for t in terms], lengths, len(lengths), average)


LENGTHS = {1: 100, 2: 100, 3: 100, 4: 100}


def test_more_occurrences_score_higher_and_a_title_counts_more() -> None:
    postings = [Posting(1, 7, 0, 1), Posting(2, 7, 0, 3), Posting(3, 7, 1, 1), Posting(4, 7, 1, 0)]
    scores = _scores(postings, [{7: 1.0}], LENGTHS)
    assert scores[3] > scores[2] > scores[1]
    assert scores[4] == scores[2]  # a title occurrence counts `TITLE` times
    assert TITLE == 3


def test_only_sections_with_every_term_are_scored_and_rarer_terms_weigh_more() -> None:
    postings = [Posting(s, 7, 0, 1) for s in (1, 2, 3)] + [Posting(1, 8, 0, 1), Posting(2, 9, 0, 1)]
    scores = _scores(postings, [{7: 1.0}, {8: 1.0, 9: 1.0}], LENGTHS)
    assert set(scores) == {1, 2}  # section 3 lacks the second term (word 8 or 9)
    common = _scores(postings, [{7: 1.0}], LENGTHS)[1]
    rare = _scores(postings, [{8: 1.0}], LENGTHS)[1]
    assert rare > common


def test_weaker_matches_count_less_and_longer_sections_score_lower() -> None:
    postings = [Posting(1, 7, 0, 2), Posting(2, 8, 0, 2)]
    scores = _scores(postings, [{7: 1.0, 8: 0.5}], LENGTHS)
    assert scores[1] > scores[2]
    longer = _scores([Posting(1, 7, 0, 2), Posting(2, 7, 0, 2)], [{7: 1.0}], {1: 50, 2: 500})
    assert longer[1] > longer[2]


postings = st.lists(
    st.builds(Posting, st.integers(1, 4), st.integers(1, 5), st.integers(0, 3), st.integers(0, 9)),
    unique_by=lambda p: (p.section, p.word),
)
weights = st.dictionaries(st.integers(1, 5), st.sampled_from([1.0, 0.75, 0.5]), min_size=1)


@given(postings, st.lists(weights, min_size=1, max_size=3), st.randoms())
def test_scores_do_not_depend_on_the_order_rows_arrive_in(
    rows: list[Posting], terms: list[dict[int, float]], rng: random.Random
) -> None:
    shuffled = rows[:]
    rng.shuffle(shuffled)
    assert _scores(rows, terms, LENGTHS) == _scores(shuffled, terms, LENGTHS)
