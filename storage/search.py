"""Searching past issues: sections by words, earnings dates by company.

Sections: the query is parsed and matched against the index's words in Python
(`newsletter.search`); the database is asked only exact questions (words in given buckets,
postings of given words), so SQLite and PostgreSQL return the same rows and the ranking
(BM25, `newsletter.search.rank`) gives the same order. Equal scores: the newer issue first.
Quoted phrases are checked in the text of the best candidates, as far as a page needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from newsletter.search.match import SAME, Filed, has_phrase, matches, query_buckets
from newsletter.search.query import Query, parse
from newsletter.search.rank import Posting, bm25, frequencies
from newsletter.search.snippet import snippet
from newsletter.search.words import words
from storage.folding import fold
from storage.issues import NEWEST_FIRST, section_plain_text
from storage.tables import EarningsEntry, IssueRecord, IssueSection, SearchPosting, SearchWord

PHRASE_BATCH = 20  # candidates read at a time to check phrases


class SearchHit(NamedTuple):
    """A section that matches a search, with a plain-text snippet around its best match."""

    issue_id: int
    week: int | None
    year: int | None
    date: dt.date | None
    issue_title: str
    section_position: int
    section_title: str
    section_kind: str
    snippet: str
    score: float


class EarningsHit(NamedTuple):
    """One earnings date of a company, with the issue that listed it."""

    issue_id: int
    week: int | None
    year: int | None
    issue_date: dt.date | None
    date: dt.date
    weekday: str
    company: str
    timing: str | None
    entry_id: int | None = None
    company_folded: str = ""


Place = tuple[bool, int, int, int]  # among equal scores: newest issue first, then position


class _Ranked(NamedTuple):
    sections: list[int]  # best first
    scores: dict[int, float]
    term_of: dict[str, int]  # indexed word → the query term it answers


def search_sections(
    *, session: Session, query: str, limit: int = 5, offset: int = 0
) -> list[SearchHit]:
    """Return the sections ranked `offset` to `offset + limit` for `query` (every word must be
    found, phrases in order, `-words` not at all), best and newest first."""
    parsed = parse(query)
    if not parsed.terms or limit <= 0:
        return []
    ranked = _rank(session, parsed)
    if not parsed.phrases:
        return _hits(session, ranked, ranked.sections[offset : offset + limit])
    found: list[int] = []
    for start in range(0, len(ranked.sections), PHRASE_BATCH):
        batch = ranked.sections[start : start + PHRASE_BATCH]
        rows = _rows(session, batch)
        for id_ in batch:
            section = rows[id_][0]
            text = words(section.title + "\n" + section_plain_text(section))
            if all(has_phrase(text, phrase) for phrase in parsed.phrases):
                found.append(id_)
        if len(found) >= offset + limit:
            break
    return _hits(session, ranked, found[offset : offset + limit])


def _rank(session: Session, query: Query) -> _Ranked:
    vocabulary = _vocabulary(session, query.terms + query.excluded)
    terms = [matches(term, vocabulary) for term in query.terms]
    if not all(terms):
        return _Ranked([], {}, {})
    ids = sorted({id_ for term in terms for id_ in term})
    postings, lengths, order = _postings(session, ids)
    count, total = session.execute(
        select(func.count(), func.coalesce(func.sum(col(IssueSection.search_length)), 0))
    ).one()
    scores = bm25([frequencies(postings, t) for t in terms], lengths, count, total / (count or 1))
    unwanted = _holding(session, query.excluded, vocabulary)
    ranked = sorted((s for s in scores if s not in unwanted), key=lambda s: (-scores[s], order[s]))
    term_of: dict[str, int] = {}
    for number, term in enumerate(terms):
        for id_ in term:
            term_of.setdefault(vocabulary[id_].word, number)
    return _Ranked(ranked, scores, term_of)


def _vocabulary(session: Session, query_words: Iterable[str]) -> dict[int, Filed]:
    """The indexed words (id → where filed) in the buckets of the query's words."""
    heads: set[str] = set()
    tails: set[str] = set()
    stem_tails: set[str] = set()
    for word in query_words:
        buckets = query_buckets(word)
        heads |= buckets.heads
        tails |= buckets.tails
        stem_tails |= buckets.stem_tails
    query = select(
        col(SearchWord.id),
        col(SearchWord.word),
        col(SearchWord.head),
        col(SearchWord.tail),
        col(SearchWord.stem_tail),
    ).where(
        or_(
            col(SearchWord.head).in_(sorted(heads)),
            col(SearchWord.tail).in_(sorted(tails)),
            col(SearchWord.stem_tail).in_(sorted(stem_tails)),
        )
    )
    return {id_: Filed(*where) for id_, *where in session.execute(query)}


def _postings(
    session: Session, word_ids: list[int]
) -> tuple[list[Posting], dict[int, int], dict[int, Place]]:
    """The postings of the words, each section's length, and its place among equal scores."""
    query = (
        select(
            col(SearchPosting.section_id),
            col(SearchPosting.word_id),
            col(SearchPosting.title),
            col(SearchPosting.body),
            col(IssueSection.search_length),
            col(IssueSection.position),
            col(IssueRecord.id),
            col(IssueRecord.date),
        )
        .join(IssueSection, col(IssueSection.id) == col(SearchPosting.section_id))
        .join(IssueRecord, col(IssueRecord.id) == col(IssueSection.issue_id))
        .where(col(SearchPosting.word_id).in_(word_ids))
    )
    postings: list[Posting] = []
    lengths: dict[int, int] = {}
    order: dict[int, Place] = {}
    for section, word, title, body, length, position, issue, date in session.execute(query):
        postings.append(Posting(section, word, title, body))
        lengths[section] = length
        newest = -date.toordinal() if date is not None else 0
        order[section] = (date is None, newest, -issue, position)
    return postings, lengths, order


def _holding(session: Session, excluded: Iterable[str], vocabulary: dict[int, Filed]) -> set[int]:
    """The sections that hold one of the excluded words (in any of its forms)."""
    ids = [id_ for word in excluded for id_, w in matches(word, vocabulary).items() if w == SAME]
    if not ids:
        return set()
    query = select(col(SearchPosting.section_id)).where(col(SearchPosting.word_id).in_(ids))
    return set(session.scalars(query))


def _rows(session: Session, ids: list[int]) -> dict[int, tuple[IssueSection, IssueRecord]]:
    query = (
        select(IssueSection, IssueRecord)
        .join(IssueRecord, col(IssueRecord.id) == col(IssueSection.issue_id))
        .where(col(IssueSection.id).in_(ids))
    )
    return {section.id: (section, issue) for section, issue in session.execute(query).all()}


def _hits(session: Session, ranked: _Ranked, ids: list[int]) -> list[SearchHit]:
    rows = _rows(session, ids)
    hits = []
    for id_ in ids:
        section, issue = rows[id_]
        hits.append(
            SearchHit(
                issue_id=issue.id,  # type: ignore[arg-type]
                week=issue.week,
                year=issue.year,
                date=issue.date,
                issue_title=issue.title,
                section_position=section.position,
                section_title=section.title,
                section_kind=section.kind,
                snippet=snippet(section_plain_text(section), ranked.term_of.get),
                score=ranked.scores[id_],
            )
        )
    return hits


def earnings_for_company(
    *, session: Session, name: str, limit: int | None = None
) -> list[EarningsHit]:
    """Return the earnings dates of companies named `name` or starting with it, newest first
    (at most `limit`, if given).

    Case-, accent- and umlaut-insensitive; rows of one issue keep their listed order.
    """
    folded = " ".join(fold(name).split())
    if not folded:
        return []
    query = (
        select(EarningsEntry, IssueRecord)
        .join(IssueRecord, col(IssueRecord.id) == col(EarningsEntry.issue_id))
        .where(col(EarningsEntry.company_folded).startswith(folded, autoescape=True))
        .order_by(*NEWEST_FIRST, col(EarningsEntry.position))
        .limit(limit)
    )
    return [
        EarningsHit(
            issue_id=issue.id,
            week=issue.week,
            year=issue.year,
            issue_date=issue.date,
            date=entry.date,
            weekday=entry.weekday,
            company=entry.company,
            timing=entry.timing,
            entry_id=entry.id,
            company_folded=entry.company_folded,
        )
        for entry, issue in session.execute(query).all()
    ]
