"""Storing an issue in a database at an older schema revision, for migration tests.

`store_issue` writes the tables as the models have them now (with the search index since
0010), which an older schema does not have. `store_as_of_old` writes the same issue into
whatever issue tables the database has (reflected), filling only the columns that exist:
`search_text` as the old search read it, no index.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, MetaData, Table, insert
from sqlmodel import Session

from newsletter.model import Issue
from storage.folding import fold
from storage.issues import issue_key, section_plain_text
from storage.tables.timestamps import utcnow


def _insert(connection: Connection, name: str, rows: list[dict[str, Any]]) -> list[int]:
    table = Table(name, MetaData(), autoload_with=connection)
    ids = []
    for row in rows:
        values = {k: v for k, v in row.items() if k in table.c}
        ids.append(connection.execute(insert(table).values(values)).inserted_primary_key[0])
    return ids


def store_as_of_old(session: Session, issue: Issue) -> int:
    """Store `issue` with the columns the database's issue tables have; return its id."""
    connection = session.connection()
    meta = issue.meta
    now = utcnow()
    (issue_id,) = _insert(
        connection,
        "issue",
        [
            {
                **{name: getattr(meta, name) for name in meta.__dataclass_fields__},
                "key": issue_key(meta),
                "warnings": list(issue.warnings),
                "content_hash": "0" * 64,
                "ingested_at": now,
                "updated_at": now,
                "blocking": [],
            }
        ],
    )
    _insert(
        connection,
        "issue_section",
        [
            {
                "issue_id": issue_id,
                "position": position,
                "kind": section.kind,
                "title": section.title,
                "markdown": section.markdown,
                "messages": [m.to_dict() for m in section.messages],
                "search_text": fold(section.title + "\n" + section_plain_text(section)),
            }
            for position, section in enumerate(issue.sections)
        ],
    )
    _insert(
        connection,
        "earnings_entry",
        [
            {
                "issue_id": issue_id,
                "position": position,
                "date": row.date,
                "weekday": row.weekday,
                "company": row.company,
                "company_folded": fold(row.company),
                "timing": row.timing,
            }
            for position, row in enumerate(issue.earnings)
        ],
    )
    return issue_id
