"""German word forms: Snowball stems (PyStemmer) and the words too common to search for.

Two folded words are the same for search when their *keys* meet: the word itself and its stem
(`base`).
So "Zinsen" (stem "zins") finds "Zins" (the word "zins"), and "Boerse" finds "Börse": the
stemmer reads "oe" as "ö" and drops umlauts, so both stem to "bors".
"""

from __future__ import annotations

import threading
from functools import lru_cache

import Stemmer  # type: ignore[import-not-found]  # PyStemmer: a C module without type hints

_local = threading.local()  # a Stemmer object is not to be shared between threads

_STOPWORDS = """
    aber als am an auch auf aus bei bin bis bist da damit dann das dass dein deine dem den der
    des dich die dir doch du durch ein eine einem einen einer eines er es euch euer fur hat
    hatte hier ich ihm ihn ihr im in ins ist ja jetzt kann mich mir mit nach nicht noch nun nur
    ob oder ohne sehr sei sein seine sich sie sind so um und uns unser vom von vor war waren
    was weil wenn wer wie wir wird wo zu zum zur uber unter
    a an and are as at be by for from has have in is it of on or that the this to was were
    will with you
"""
STOPWORDS = frozenset(_STOPWORDS.split())


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("german")
    return stemmer


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the Snowball German stem of a folded word."""
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=65536)
def base(word: str) -> str:
    """The stem, also of words whose final "s" the stemmer keeps ("Mexikos", "Chips",
    "Teslas": after a vowel or "p" it is a plural or genitive as well)."""
    if len(word) > 4 and word[-1] == "s" and word[-2] in "aeiouyp":
        return stem(word[:-1])
    return stem(word)


def keys(word: str) -> frozenset[str]:
    """The forms under which a folded word is found: itself and its `base`."""
    return frozenset((word, base(word)))


def same_word(a: str, b: str) -> bool:
    """Whether two folded words are forms of one word (their keys meet)."""
    return not keys(a).isdisjoint(keys(b))
