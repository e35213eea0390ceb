"""Keeping the search index: the words and postings of stored sections.

`store_issue` calls `index_sections` with the sections it has just written, so every way an
issue is stored or replaced (ingest, upload, backfill) indexes it in the same transaction;
replacing an issue deletes its sections and with them their postings. Issues stored before
the index existed were indexed by migration 0010.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from sqlalchemy import insert, select
from sqlmodel import Session, col

from newsletter.search.document import document
from newsletter.search.match import filed
from storage.db import insert_ignoring_conflicts
from storage.tables import IssueSection, SearchPosting, SearchWord

CHUNK = 500  # words or rows per statement

T = TypeVar("T")


def index_sections(*, session: Session, sections: Sequence[tuple[IssueSection, str]]) -> None:
    """Index freshly stored (flushed) sections, each with the text a reader sees: their
    postings and their `search_length`."""
    documents = []
    for section, text in sections:
        assert section.id is not None
        doc = document(section.title, text)
        section.search_length = doc.length
        documents.append((section.id, doc))
    ids = word_ids(session=session, words=sorted({w for _, d in documents for w in d.counts}))
    rows = [
        {"word_id": ids[word], "section_id": section_id, "title": title, "body": body}
        for section_id, doc in documents
        for word, (title, body) in doc.counts.items()
    ]
    for chunk in _chunks(rows):
        session.execute(insert(SearchPosting.__table__), chunk)  # type: ignore[attr-defined]


def word_ids(*, session: Session, words: Sequence[str]) -> dict[str, int]:
    """Return the ids of `words`, adding those the index does not know yet."""
    ids: dict[str, int] = {}
    table = SearchWord.__table__  # type: ignore[attr-defined]
    for chunk in _chunks(words):
        ids.update(_known(session, chunk))
        new = [w for w in chunk if w not in ids]
        if new:
            rows = [filed(w)._asdict() for w in new]
            session.execute(insert_ignoring_conflicts(session, table), rows)
            ids.update(_known(session, new))
    return ids


def _known(session: Session, words: Sequence[str]) -> dict[str, int]:
    query = select(col(SearchWord.word), col(SearchWord.id)).where(col(SearchWord.word).in_(words))
    return {word: id_ for word, id_ in session.execute(query)}


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
