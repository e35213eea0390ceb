"""The import rules of docs/architecture.md hold, and the checker fails on a forbidden import,
naming the file, the line and the import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.architecture import folder_of, read_tree, violations

ROOT = Path(__file__).resolve().parents[1]
SHELL_LIMIT = 10


def test_the_code_keeps_every_import_rule() -> None:
    files = read_tree(ROOT)
    assert len(files) > 150
    assert violations(files) == []


def test_bot_opens_on_its_shell() -> None:
    top = sorted(p.name for p in (ROOT / "bot").glob("*.py"))
    assert len(top) <= SHELL_LIMIT, top
    assert {"__main__.py", "app.py", "config.py", "database.py", "schedule.py"} <= set(top)


def test_tests_mirror_the_rooms_of_bot() -> None:
    rooms = {p.name for p in (ROOT / "bot").iterdir() if (p / "__init__.py").exists()}
    mirrored = {p.name for p in (ROOT / "tests" / "bot").iterdir() if p.is_dir()}
    assert rooms - {"__pycache__"} <= mirrored


def test_the_composition_root_is_a_folder_of_its_own() -> None:
    assert folder_of("bot/app.py") == folder_of("bot/cli/run.py") == "root"
    assert folder_of("bot/config.py") == "bot"
    assert folder_of("bot/runtime/leader.py") == "bot/runtime"


CLEAN = {
    "newsletter/__init__.py": "",
    "newsletter/model.py": "import re\n",
    "storage/__init__.py": "",
    "storage/issues.py": "from newsletter.model import re\n",
    "bot/__init__.py": "",
    "bot/config.py": "",
    "bot/simulator/__init__.py": "",
    "bot/simulator/bot_api.py": "from bot.simulator import rules\n",
    "bot/simulator/rules.py": "",
    "bot/demo/__init__.py": "",
    "bot/demo/server.py": "from bot.simulator.bot_api import FakeBotAPI\n",
    "bot/app.py": "from handlers import start\nfrom bot.readers import library\n",
    "bot/readers/__init__.py": "",
    "bot/readers/library.py": "from storage.issues import re\nfrom bot import config\n",
    "handlers/__init__.py": "",
    "handlers/start.py": (
        "from typing import TYPE_CHECKING\n"
        "from bot.readers.library import x\n"
        "if TYPE_CHECKING:\n    from storage.issues import Issue\n"
    ),
}


def with_file(path: str, source: str) -> dict[str, str]:
    return {**CLEAN, path: source}


def test_a_clean_tree_has_no_violation() -> None:
    assert violations(CLEAN) == []


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        (
            "newsletter/model.py",
            "from storage.issues import x\n",
            "newsletter/model.py:1 imports storage.issues: newsletter/ imports nothing of ours",
        ),
        (
            "storage/issues.py",
            "def f():\n    from bot.config import Settings\n",
            "storage/issues.py:2 imports bot.config: storage/ imports only newsletter/",
        ),
        (
            "bot/simulator/bot_api.py",
            "from bot.config import Settings\n",
            "bot/simulator/bot_api.py:1 imports bot.config: bot/simulator/ imports nothing of ours",
        ),
        (
            "bot/demo/server.py",
            "from storage.issues import x\n",
            "bot/demo/server.py:1 imports storage.issues: bot/demo/ imports only bot/simulator/",
        ),
        (
            "handlers/start.py",
            "import storage.issues\n",
            "handlers/start.py:1 imports storage.issues: handlers/ never import storage/",
        ),
        (
            "bot/readers/library.py",
            "from handlers.start import start\n",
            "bot/readers/library.py:1 imports handlers.start: only the composition root",
        ),
        (
            "bot/readers/library.py",
            "from bot import app\n",
            "bot/readers/library.py:1 imports bot.app: nothing imports the composition root",
        ),
        (
            "bot/config.py",
            "def load():\n    from bot.readers import library\n",
            "folders import each other (bot ↔ bot/readers): bot/config.py:2 imports "
            "bot.readers.library",
        ),
    ],
)
def test_a_forbidden_import_is_named_with_file_line_and_rule(path, source, expected) -> None:
    problems = violations(with_file(path, source))
    assert any(p.startswith(expected) for p in problems), problems


def test_a_circle_of_three_folders_is_found() -> None:
    files = {
        **CLEAN,
        "bot/a/__init__.py": "",
        "bot/a/x.py": "from bot.b.y import f\n",
        "bot/b/__init__.py": "",
        "bot/b/y.py": "from bot.c.z import g\n",
        "bot/c/__init__.py": "",
        "bot/c/z.py": "import bot.a.x\n",
    }
    [problem] = violations(files)
    assert problem.startswith("folders import each other (bot/a ↔ bot/b ↔ bot/c)")
    assert "bot/c/z.py:1 imports bot.a.x" in problem


def packages() -> list[Path]:
    """Every package of bot/, handlers/ and storage/ (Alembic's folder aside)."""
    found = []
    for top in ("bot", "handlers", "storage"):
        for init in sorted((ROOT / top).rglob("__init__.py")):
            if "migrations" not in init.parts:
                found.append(init.parent)
    return found


@pytest.mark.parametrize("package", packages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_package_docstring_maps_every_module(package: Path) -> None:
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8"))) or ""
    modules = sorted(p.stem for p in package.glob("*.py") if p.stem != "__init__")
    modules += sorted(p.name for p in package.iterdir() if (p / "__init__.py").exists())
    missing = [m for m in modules if f"`{m}`" not in docstring]
    assert missing == [], f"{package.relative_to(ROOT)}/__init__.py does not name {missing}"
