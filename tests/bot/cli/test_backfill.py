"""`doppelbot backfill` as a person runs it: a real process against a beehiiv-like site on
127.0.0.1 is killed with SIGKILL in the middle; the second run downloads only what the first
did not store (the rest answers 304), the third gets only 304s. Mistakes are one German line."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli.main import main
from storage.db import make_engine
from storage.tables import BackfillPage, IssueRecord
from tests.bot.instances import launch
from tests.bot.publishing.beehiiv_site import BeehiivSite, fixture_posts, synthetic_post
from tests.bot.served_files import closed_port

KILL_AT = 5  # post pages answered before the next one is held and the process killed


def backfill(env: dict[str, str], out: Path, *args: str) -> subprocess.Popen:
    """`python -m bot backfill ARGS`, stdout and stderr in `out`."""
    return launch(env, out, "backfill", *args)


def counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            issues = connection.execute(select(func.count()).select_from(IssueRecord))
            posts = connection.execute(
                select(func.count()).select_from(BackfillPage).where(BackfillPage.kind == "post")
            )
            return issues.scalar_one(), posts.scalar_one()
    finally:
        engine.dispose()


def test_a_killed_backfill_resumes_without_downloading_again_what_it_stored(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "TELEGRAM_"))}
    env.update(DATABASE_URL=url, LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1")
    posts = {f"kw{week}-2024": synthetic_post(week, 2024) for week in range(1, 11)}
    posts.update(fixture_posts())
    site = BeehiivSite(posts, crawl_delay="0.001", gone={"alt-und-weg"}, hold_after=KILL_AT)
    with site:
        args = (site.url, "--rate", "100")
        first = backfill(env, tmp_path / "first.log", *args)
        try:
            assert site.holding.wait(60), (tmp_path / "first.log").read_text()
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        assert first.returncode == -signal.SIGKILL
        stored_first = {r.path for r in site.post_requests(200)}
        assert len(stored_first) == KILL_AT
        issues, rows = counts(url)
        assert (issues, rows) == (KILL_AT, KILL_AT)  # each post stored with its state at once

        site.hold_after = None
        site.release()
        site.requests.clear()
        second = backfill(env, tmp_path / "second.log", *args)
        assert second.wait(120) == 0, (tmp_path / "second.log").read_text()
        second_posts = {r.path: r.status for r in site.post_requests()}
        assert {p for p, s in second_posts.items() if s == 304} == stored_first
        assert {p for p, s in second_posts.items() if s == 200} == {
            f"/p/{slug}" for slug in posts
        } - stored_first
        assert second_posts["/p/alt-und-weg"] == 404

        site.requests.clear()
        third = backfill(env, tmp_path / "third.log", *args)
        assert third.wait(120) == 0, (tmp_path / "third.log").read_text()
        third_statuses = {(r.path, r.status) for r in site.requests}
    assert {status for path, status in third_statuses if path != "/p/alt-und-weg"} == {304}
    assert counts(url)[0] == 13  # KW1–10 2024, KW6–8 2025; the other newsletter's post is none
    summary = (tmp_path / "third.log").read_text().splitlines()
    assert summary[0] == (
        f"Backfill {site.url}: 15 Beiträge gefunden (Sitemap), 0 gespeichert, 13 unverändert, "
        "2 übersprungen (1 keine Ausgabe, 1 nicht mehr da), 0 fehlgeschlagen"
    )


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["https://x.example", "--rate", "0"],
            "--rate: erwartet eine Zahl über 0 bis 100, nicht '0'",
        ),
        (["https://x.example", "--rate", "schnell"], "--rate: erwartet eine Zahl, nicht 'schnell'"),
        (
            ["https://x.example", "--since", "31.01.2024"],
            "--since: erwartet ein Datum wie 2024-01-31",
        ),
        (["ftp://x.example"], "Keine Adresse einer Publikation: 'ftp://x.example'"),
    ],
)
def test_a_mistake_is_one_german_line_and_exit_code_2(
    database: str, capsys, args: list[str], error: str
) -> None:
    try:
        code = main(["backfill", *args])
    except SystemExit as exc:  # argparse's errors end the process, in German
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and error in err and len(err.strip().splitlines()) == 1


def test_a_site_that_does_not_answer_is_one_german_line(database: str, capsys) -> None:
    assert main(["backfill", f"http://127.0.0.1:{closed_port()}", "--rate", "100"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("doppelbot: Fehler: Abruf fehlgeschlagen: keine Verbindung zu http://")
    assert len(err.splitlines()) == 1
