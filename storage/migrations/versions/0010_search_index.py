"""Search index: German full-text search over sections (`storage.tables.search`).

- `search_word`: every indexed (folded) word once, with the buckets candidates are looked up
  by (`newsletter.search.match.filed`): exact lookups, the same on every database.
- `search_posting`: how often a word occurs in a section's title and text; goes with its
  section (`ON DELETE CASCADE`).
- `issue_section.search_length` (the section's indexed words) replaces `search_text` (the
  folded text the old `LIKE` search read).
- Sections stored before this revision are indexed here, with the same analysis as ingest
  (`newsletter.search.document`).

Revision ID: 0010
Revises: 0009
Create Date: 2025-03-17
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsletter.search.document import document
from newsletter.search.match import filed

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 200  # sections indexed per round
CHUNK = 500  # words looked up per statement
_META = sa.MetaData()
SECTION = sa.Table(
    "issue_section", _META, sa.Column("id", sa.Integer), sa.Column("title"),
    sa.Column("markdown"), sa.Column("messages", sa.JSON), sa.Column("search_length"),
    sa.Column("search_text"),
)  # fmt: skip
WORD = sa.Table(
    "search_word", _META, sa.Column("id", sa.Integer), sa.Column("word"), sa.Column("head"),
    sa.Column("tail"), sa.Column("stem_tail"),
)  # fmt: skip
POSTING = sa.Table(
    "search_posting", _META, sa.Column("word_id"), sa.Column("section_id"), sa.Column("title"),
    sa.Column("body"),
)  # fmt: skip


def upgrade() -> None:
    """Create the index tables, swap the section's column, index the stored sections."""
    op.create_table(
        "search_word",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(64), nullable=False),
        sa.Column("head", sa.String(3), nullable=False),
        sa.Column("tail", sa.String(4), nullable=False),
        sa.Column("stem_tail", sa.String(4), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_word"),
        sa.UniqueConstraint("word", name="uq_search_word_word"),
    )
    for column in ("head", "tail", "stem_tail"):
        op.create_index(f"ix_search_word_{column}", "search_word", [column])
    with op.batch_alter_table("issue_section") as batch:
        batch.add_column(
            sa.Column("search_length", sa.Integer(), server_default="0", nullable=False)
        )
        batch.drop_column("search_text")
    op.create_table(
        "search_posting",
        sa.Column("word_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.SmallInteger(), nullable=False),
        sa.Column("body", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["word_id"], ["search_word.id"], name="fk_search_posting_word_id_search_word"
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["issue_section.id"],
            name="fk_search_posting_section_id_issue_section",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("word_id", "section_id", name="pk_search_posting"),
    )
    op.create_index("ix_search_posting_section_id", "search_posting", ["section_id"])
    _index_stored_sections()


def downgrade() -> None:
    """Drop the index; sections get their folded `search_text` back."""
    op.drop_index("ix_search_posting_section_id", table_name="search_posting")
    op.drop_table("search_posting")
    for column in ("stem_tail", "tail", "head"):
        op.drop_index(f"ix_search_word_{column}", table_name="search_word")
    op.drop_table("search_word")
    with op.batch_alter_table("issue_section") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), server_default="", nullable=False))
    _fill_search_text()
    with op.batch_alter_table("issue_section") as batch:
        batch.alter_column("search_text", server_default=None)
        batch.drop_column("search_length")


def _plain_text(row: sa.Row) -> str:  # type: ignore[type-arg]
    """What a reader sees of a section (`storage.issues.section_plain_text`)."""
    texts = [m.get("text") for m in row.messages or []]
    return "\n".join(t for t in texts if t) or row.markdown


def _index_stored_sections() -> None:
    bind = op.get_bind()
    ids: dict[str, int] = {}
    last = 0
    while True:
        rows = bind.execute(
            sa.select(SECTION.c.id, SECTION.c.title, SECTION.c.markdown, SECTION.c.messages)
            .where(SECTION.c.id > last)
            .order_by(SECTION.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        last = rows[-1].id
        documents = [(row.id, document(row.title, _plain_text(row))) for row in rows]
        new = sorted({w for _, doc in documents for w in doc.counts} - ids.keys())
        for start in range(0, len(new), CHUNK):
            chunk = new[start : start + CHUNK]
            bind.execute(sa.insert(WORD), [filed(w)._asdict() for w in chunk])
            found = bind.execute(sa.select(WORD.c.word, WORD.c.id).where(WORD.c.word.in_(chunk)))
            ids.update({word: id_ for word, id_ in found})
        postings = [
            {"word_id": ids[word], "section_id": id_, "title": title, "body": body}
            for id_, doc in documents
            for word, (title, body) in doc.counts.items()
        ]
        if postings:
            bind.execute(sa.insert(POSTING), postings)
        for id_, doc in documents:
            bind.execute(
                sa.update(SECTION).where(SECTION.c.id == id_).values(search_length=doc.length)
            )


def _fill_search_text() -> None:
    from storage.folding import fold  # the folding the old search read

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(SECTION.c.id, SECTION.c.title, SECTION.c.markdown, SECTION.c.messages)
    ).all()
    for row in rows:
        text = fold(row.title + "\n" + _plain_text(row))
        bind.execute(sa.update(SECTION).where(SECTION.c.id == row.id).values(search_text=text))
