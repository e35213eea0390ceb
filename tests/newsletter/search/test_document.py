"""What the index counts of a section."""

from newsletter.search.document import document


def test_searchable_words_are_counted_in_title_and_text_apart() -> None:
    doc = document("Zölle", "Zölle: Der Zoll steigt, die Zölle auch. E-Mail x")
    assert doc.counts == {
        "email": (0, 1),
        "mail": (0, 1),
        "steigt": (0, 1),
        "zoll": (0, 1),
        "zolle": (1, 2),
    }
    assert doc.length == 7  # stopwords ("der", "auch") and single letters ("e", "x") left out
