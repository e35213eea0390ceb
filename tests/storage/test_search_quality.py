"""The known-item query set on the fixture archive: recall@3 and MRR, on SQLite and
PostgreSQL, and the same ranking on both."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from newsletter.search.query import parse
from newsletter.search.words import words
from storage.db import make_engine
from storage.issues import section_plain_text
from storage.search import search_sections
from tests.storage.search_archive import (
    archive_issues,
    evaluate,
    known_items,
    searcher,
    store_archive,
)


def test_the_query_set_names_real_sections_in_other_word_forms() -> None:
    items = known_items()
    assert len(items) >= 50
    for item in items:
        section = archive_issues()[item.issue].sections[item.section]
        text = {w.text for w in words(section.title + "\n" + section_plain_text(section))}
        differ = [t for t in parse(item.query).terms if t not in text]
        assert differ, f"{item.query!r}: every word as in the text"


def test_known_items_are_found_first(session: Session) -> None:
    ids = store_archive(session)
    figures = evaluate(searcher(session), ids, known_items())
    assert figures.recall_at_3 >= 0.95, figures.misses
    assert figures.mrr >= 0.85, figures.misses


def _rankings(engine: Engine) -> list[list[tuple[str, int, float]]]:
    """Every known item's results (never committed: the database stays empty)."""
    with Session(engine) as session:
        ids = store_archive(session)
        keys = {id_: name for name, id_ in ids.items()}
        return [
            [
                (keys[h.issue_id], h.section_position, h.score)
                for h in search_sections(session=session, query=item.query, limit=10)
            ]
            for item in known_items()
        ]


def test_sqlite_and_postgresql_rank_alike(
    request: pytest.FixtureRequest, sqlite_template: Engine
) -> None:
    postgres = make_engine(request.getfixturevalue("postgres_url"))
    sqlite = make_engine("sqlite://")
    with sqlite_template.connect() as source, sqlite.connect() as target:
        source.connection.driver_connection.backup(target.connection.driver_connection)
    try:
        assert _rankings(sqlite) == _rankings(postgres)
    finally:
        sqlite.dispose()
        postgres.dispose()
