"""How well and how fast /search finds sections: recall@3, MRR and latency at 500 issues.

Run by hand: `python -m bench.search [--issues 500] [--repeat 5] [--postgres URL]`
(PostgreSQL from `--postgres` or `TEST_DATABASE_URL`, e.g.
postgresql://postgres@127.0.0.1:5432/test, in a throw-away schema dropped afterwards; skipped
without either). Each database starts empty and migrated, gets the real test archive
(tests/fixtures, 5 issues) and generated issues up to `--issues`: sections of words drawn from
a made-up lexicon (Zipf-distributed) mixed with the archive's common words (those it uses at
least `COMMON` times: "KI", "Nvidia", "Zölle"), so these compete with the known items while
its rare words stay rare, as in a real archive. Then every known-item query
(tests/fixtures/search) is asked as /search asks it (`bot.readers.search.find`, one
transaction each): recall@3 and MRR over the query set, p50 and p95 latency over `--repeat`
rounds of all queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import statistics
import time
from collections import Counter

from sqlalchemy import Engine, text

from bench.bench_storage import each_database
from bot.readers.search import find
from newsletter.model import Issue
from newsletter.search.words import words
from storage.db import session_scope
from storage.issues import section_plain_text, store_issue
from tests.storage.factories import issue, section
from tests.storage.search_archive import (
    archive_issues,
    evaluate,
    known_items,
    searcher,
    store_archive,
)

_SYLLABLES = """ba be bi bo bu da de di do ka ke ko la le li lo ma me mi mo na ne ni no ra re
ri ro sa se si so ta te ti to ver ge an ung keit lich isch en er st"""
SYLLABLES = _SYLLABLES.split()
LEXICON = 40_000  # made-up words
REAL_SHARE = 0.25  # share of a generated text's words taken from the real archive
COMMON = 3  # uses in the archive that make a word common
SECTIONS = (4, 10)  # sections per generated issue
SECTION_WORDS = (40, 400)


def lexicon(rng: random.Random) -> list[str]:
    """Made-up words of two to five syllables, capitalised like German nouns half the time."""
    made = set()
    while len(made) < LEXICON:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5)))
        made.add(word.capitalize() if rng.random() < 0.5 else word)
    return sorted(made)


def generated_issues(count: int, seed: int = 6) -> list[Issue]:
    """`count` issues of made-up and real words, one per week going back from 2024."""
    rng = random.Random(seed)
    made = lexicon(rng)
    made_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(made))))
    real = Counter(
        w.text
        for i in archive_issues().values()
        for s in i.sections
        for w in words(section_plain_text(s))
        if w.width == 1
    )
    common = {word: count for word, count in real.items() if count >= COMMON}
    real_words, real_weights = list(common), list(itertools.accumulate(common.values()))

    def sentence(length: int) -> str:
        picked = []
        for _ in range(length):
            if rng.random() < REAL_SHARE:
                picked.append(rng.choices(real_words, cum_weights=real_weights)[0])
            else:
                picked.append(rng.choices(made, cum_weights=made_weights)[0])
        return " ".join(picked) + "."

    issues = []
    monday = dt.date(2024, 12, 30)
    for number in range(count):
        day = monday - dt.timedelta(weeks=number)
        year, week, _ = day.isocalendar()
        sections = [
            section(sentence(rng.randint(2, 5)).rstrip("."), sentence(rng.randint(*SECTION_WORDS)))
            for _ in range(rng.randint(*SECTIONS))
        ]
        issues.append(issue(week, year, date=day, sections=sections, earnings=[]))
    return issues


def fill(engine: Engine, total: int) -> dict[str, int]:
    """Store the real archive and generated issues up to `total`; return the archive's ids."""
    with session_scope(engine) as session:
        ids = store_archive(session)
    for generated in generated_issues(total - len(ids)):
        with session_scope(engine) as session:
            store_issue(session=session, issue=generated)
    return ids


def latencies(engine: Engine, queries: list[str], repeat: int) -> list[float]:
    """Seconds per /search lookup (one transaction each), `repeat` rounds of all queries."""
    timings = []
    for _ in range(repeat):
        for query in queries:
            started = time.perf_counter()
            with session_scope(engine) as session:
                find(session=session, query=query)
            timings.append(time.perf_counter() - started)
    return timings


def report(name: str, engine: Engine, total: int, repeat: int) -> None:
    """Fill one database and print the four figures."""
    started = time.perf_counter()
    ids = fill(engine, total)
    with session_scope(engine) as session:
        sections = session.execute(text("SELECT count(*) FROM issue_section")).scalar()
        postings = session.execute(text("SELECT count(*) FROM search_posting")).scalar()
        vocabulary = session.execute(text("SELECT count(*) FROM search_word")).scalar()
    print(
        f"\n{name}: {total} issues ({sections} sections, {vocabulary} words, "
        f"{postings} postings) stored in {time.perf_counter() - started:.0f} s"
    )
    items = known_items()
    with session_scope(engine) as session:
        figures = evaluate(searcher(session), ids, items)
    timings = latencies(engine, [item.query for item in items], repeat)
    p50 = statistics.median(timings) * 1000
    p95 = statistics.quantiles(timings, n=20)[-1] * 1000
    print(
        f"  {len(items)} known-item queries: recall@3 {figures.recall_at_3:.3f}, "
        f"MRR {figures.mrr:.3f}; latency p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"({len(timings)} lookups)"
    )
    for query, rank in figures.misses:
        print(f"    not in the first three: {query!r} (rank {rank})")


def main() -> None:
    """Run the benchmark on SQLite (a temporary file) and PostgreSQL (if given)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    for name, engine in each_database(args.postgres):
        report(name, engine, args.issues, args.repeat)


if __name__ == "__main__":
    main()
