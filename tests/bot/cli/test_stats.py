"""`doppelbot stats [--png FILE]`: the figures on stdout, the chart as a file, bad paths refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from storage.db import make_engine, migrate, session_scope
from storage.subscribers import mark_blocked, subscribe
from tests.bot.stats_history import assert_valid_png


def _readers(url: str) -> None:
    engine = make_engine(url)
    migrate(engine)
    with session_scope(engine) as session:
        for chat_id in (1, 2, 3):
            subscribe(session=session, chat_id=chat_id)
        mark_blocked(session=session, chat_id=3)
    engine.dispose()


def test_stats_prints_the_figures_and_writes_a_png(database: str, tmp_path: Path, capsys) -> None:
    _readers(database)
    chart = tmp_path / "statistik.png"
    assert main(["stats", "--png", str(chart)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("📊 Statistik · ") and out.err == ""
    assert "👥 Leser:innen: 2 aktiv" in out.out
    assert "3 neu · 0 zurück · 0 abbestellt · 1 blockiert" in out.out
    assert assert_valid_png(chart.read_bytes()) == (1200, 900)


def test_stats_without_png_only_prints(database: str, tmp_path: Path, capsys) -> None:
    assert main(["stats"]) == 0
    assert "👥 Noch keine Leser:innen" in capsys.readouterr().out
    assert not list(tmp_path.glob("*.png"))


@pytest.mark.parametrize(
    ("target", "reason"),
    [("missing/chart.png", "den Ordner gibt es nicht"), (".", "das ist ein Ordner")],
)
def test_an_unwritable_png_path_is_one_german_line_and_exit_2(
    database: str, tmp_path: Path, capsys, target: str, reason: str
) -> None:
    assert main(["stats", "--png", str(tmp_path / target)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    [line] = out.err.splitlines()
    assert line.startswith("doppelbot: Fehler: Kann die Grafik nicht schreiben: ")
    assert line.endswith(reason)
