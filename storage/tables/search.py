"""The search index: every indexed word once, and where each word occurs.

Written at ingest (`storage.search_index`), read by `storage.search`. A section's postings go
with it (`ON DELETE CASCADE`), so replacing an issue replaces its index rows; words stay (a
word no section holds any more is never found). `issue_section.search_length` is a section's
number of indexed words.
"""

from __future__ import annotations

from sqlalchemy import SmallInteger
from sqlmodel import Field, SQLModel

from newsletter.search.match import HEAD_LETTERS, TAIL_LETTERS
from newsletter.search.query import MAX_WORD


class SearchWord(SQLModel, table=True):
    """An indexed (folded) word with its buckets (`newsletter.search.match.filed`)."""

    __tablename__ = "search_word"

    id: int | None = Field(default=None, primary_key=True)
    word: str = Field(unique=True, max_length=MAX_WORD)
    head: str = Field(max_length=HEAD_LETTERS, index=True)
    tail: str = Field(max_length=TAIL_LETTERS, index=True)
    stem_tail: str = Field(max_length=TAIL_LETTERS, index=True)


class SearchPosting(SQLModel, table=True):
    """How often a word occurs in a section's title and in its text."""

    __tablename__ = "search_posting"

    word_id: int = Field(foreign_key="search_word.id", primary_key=True)
    section_id: int = Field(
        foreign_key="issue_section.id", ondelete="CASCADE", primary_key=True, index=True
    )
    title: int = Field(sa_type=SmallInteger)
    body: int = Field(sa_type=SmallInteger)
