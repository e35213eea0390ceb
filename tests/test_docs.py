"""The documentation holds together: links resolve, tables are whole, the README stays short and
its settings table names every setting.

Checked: README.md, docs/*.md and bench/README.md. A relative link must name an existing file
(and its `#anchor` a heading there, by GitHub's rule for heading ids); a markdown table must be
one block (header, separator, rows with the header's number of cells, a blank line before and
after), so no paragraph cuts it; the README has at most 300 lines, and its settings table lists
exactly the fields of `bot.config.Settings` by their environment names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = [README, ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MAX_README_LINES = 300

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
PIPE = re.compile(r"(?<!\\)\|")


def shown(path: Path) -> str:
    """`path` as a message names it: relative to the repository when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """The lines of `path` outside fenced code blocks, with their line numbers (1-based)."""
    lines, fence = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        opened = FENCE.match(line)
        if fence is None and opened:
            fence = opened[1]
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None:
            lines.append((number, line))
    return lines


def slug(heading: str) -> str:
    """GitHub's id of a heading: link text kept, markup and punctuation dropped, spaces → -."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading id of `path` (a repeated heading gets -1, -2, … as on GitHub)."""
    seen: dict[str, int] = {}
    ids = set()
    for _, line in prose_lines(path):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match[2])
        count = seen.get(base, 0)
        seen[base] = count + 1
        ids.add(base if count == 0 else f"{base}-{count}")
    return ids


def relative_links(path: Path) -> list[tuple[int, str]]:
    """Every link target of `path` that is not a URL (code spans and blocks left out)."""
    found = []
    for number, line in prose_lines(path):
        for target in LINK.findall(CODE_SPAN.sub("", line)):
            if not SCHEME.match(target):
                found.append((number, target))
    return found


def broken_link(path: Path, target: str) -> str | None:
    """Why `target` (a link in `path`) does not resolve, or None."""
    file_part, _, anchor = target.partition("#")
    linked = (path.parent / file_part).resolve() if file_part else path
    if not linked.exists():
        return f"no file {file_part}"
    if anchor and linked.suffix == ".md" and anchor not in anchors(linked):
        return f"no heading #{anchor} in {shown(linked)}"
    return None


def cells(row: str) -> list[str]:
    """The cells of a table row (escaped pipes stay inside their cell)."""
    inner = row.strip().removeprefix("|")
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return PIPE.split(inner)


def table_blocks(path: Path) -> list[list[tuple[int, str]]]:
    """Runs of consecutive table lines (lines starting with `|`) outside code blocks."""
    blocks: list[list[tuple[int, str]]] = []
    for number, line in prose_lines(path):
        if not line.lstrip().startswith("|"):
            continue
        if blocks and blocks[-1][-1][0] == number - 1:
            blocks[-1].append((number, line))
        else:
            blocks.append([(number, line)])
    return blocks


def table_problems(path: Path) -> list[str]:
    """What is wrong with each table of `path`: no header and separator, a row whose cells do not
    match the header, or a non-blank line right before or after it (prose that cuts it)."""
    text = path.read_text(encoding="utf-8").splitlines()
    problems = []
    for block in table_blocks(path):
        first, last = block[0][0], block[-1][0]
        where = f"{shown(path)}:{first}"
        if len(block) < 2 or not all(SEPARATOR_CELL.match(c) for c in cells(block[1][1])):
            problems.append(f"{where}: table without a header and separator line")
            continue
        width = len(cells(block[0][1]))
        problems += [
            f"{shown(path)}:{n}: {len(cells(row))} cells, the header has {width}"
            for n, row in block
            if len(cells(row)) != width
        ]
        if first > 1 and text[first - 2].strip():
            problems.append(f"{where}: a line right before the table")
        if last < len(text) and text[last].strip():
            problems.append(f"{shown(path)}:{last + 1}: a line right after the table")
    return problems


def section_table(path: Path, heading: str) -> list[list[str]]:
    """The rows (cells) of the first table under the `## heading` of `path`, header excluded."""
    lines = [line for _, line in prose_lines(path)]
    start = lines.index(f"## {heading}")
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append([cell.strip() for cell in cells(line)])
        elif rows:
            break
    return rows[2:]


@pytest.mark.parametrize("path", DOCS, ids=shown)
def test_every_relative_link_resolves(path: Path) -> None:
    broken = [
        f"{shown(path)}:{number}: {target}: {why}"
        for number, target in relative_links(path)
        if (why := broken_link(path, target))
    ]
    assert broken == []


@pytest.mark.parametrize("path", DOCS, ids=shown)
def test_no_table_is_cut(path: Path) -> None:
    assert table_problems(path) == []


def test_the_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_README_LINES


def test_the_settings_table_lists_every_setting_with_a_default_and_a_meaning() -> None:
    rows = section_table(README, "Settings")
    names = [row[0].strip("`") for row in rows]
    assert sorted(names) == sorted(name.upper() for name in Settings.model_fields)
    assert all(len(row) == 3 and row[1] and row[2] for row in rows)


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    """A broken link, a missing heading and a table cut by a paragraph are all reported."""
    doc = tmp_path / "doc.md"
    doc.write_text(
        "# Title\n\n[gone](nope.md) [here](#title) [there](#missing) [web](https://x.org)\n"
        "`[code](nope.md)`\n\n| a | b |\n|---|---|\n| 1 | 2 |\ncut by prose\n| 3 | 4 |\n",
        encoding="utf-8",
    )
    targets = [target for _, target in relative_links(doc)]
    assert targets == ["nope.md", "#title", "#missing"]
    assert [broken_link(doc, target) for target in targets] == [
        "no file nope.md",
        None,
        "no heading #missing in doc.md",
    ]
    assert table_problems(doc) == [
        "doc.md:9: a line right after the table",
        "doc.md:10: table without a header and separator line",
    ]
