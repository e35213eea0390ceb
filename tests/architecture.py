"""The import rules of docs/architecture.md, checked by walking every import with `ast`.

A *folder* is a directory of modules (`bot/runtime`, `storage/tables`); the composition root
(`bot/app.py`, `bot/__main__.py` and `bot/cli/`) is a folder of its own, `root`. Every import of
one of our packages counts, at module level or inside a function, except those under
`if TYPE_CHECKING:` (they are read by the type checker only). `violations(tree)` returns one line
per broken rule, naming the file, the line and the import.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

OURS = ("bot", "handlers", "storage", "newsletter")
ROOT_MODULES = ("bot/app.py", "bot/__main__.py")
ROOT_FOLDERS = ("bot/cli",)
EXCLUDED = ("storage/migrations",)  # Alembic's scripts: run by Alembic, not imported


@dataclass(frozen=True, slots=True)
class Import:
    """One import in one file: where it is, what it names, and the folders at both ends."""

    file: str  # relative path, e.g. "bot/runtime/leader.py"
    line: int
    module: str  # the imported module, e.g. "bot.broadcast.lease"
    source: str  # the importing file's folder
    target: str  # the imported module's folder

    def __str__(self) -> str:
        return f"{self.file}:{self.line} imports {self.module}"


def folder_of(path: str) -> str:
    """The folder a module file belongs to (`root` for the composition root)."""
    if path in ROOT_MODULES or any(path.startswith(f + "/") for f in ROOT_FOLDERS):
        return "root"
    return path.rsplit("/", 1)[0]


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def _imported(node: ast.AST, package: str) -> Iterator[tuple[str, list[str]]]:
    """(module, names) of an import statement; relative imports resolved against `package`."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name, []
    elif isinstance(node, ast.ImportFrom):
        module = node.module or ""
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = ".".join([*base, module] if module else base)
        yield module, [alias.name for alias in node.names]


def _resolve(files: dict[str, str], module: str, names: list[str]) -> list[str]:
    """The module files an import reaches: `from pkg import mod` reaches `pkg/mod.py`."""
    found = []
    for name in names or [""]:
        dotted = f"{module}.{name}" if name else module
        for candidate in (dotted, module):
            path = candidate.replace(".", "/")
            hit = next((p for p in (f"{path}.py", f"{path}/__init__.py") if p in files), None)
            if hit:
                found.append(hit)
                break
    return found


def imports(files: dict[str, str]) -> list[Import]:
    """Every import of our packages in `files` (relative path → source)."""
    found = []
    for path, source in sorted(files.items()):
        tree = ast.parse(source, filename=path)
        skipped = _type_checking_nodes(tree)
        parts = path.removesuffix(".py").split("/")
        package = ".".join(parts[:-1])
        for node in ast.walk(tree):
            if id(node) in skipped or not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for module, names in _imported(node, package):
                if module.split(".")[0] not in OURS:
                    continue
                for target in _resolve(files, module, names):
                    dotted = target.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
                    found.append(
                        Import(path, node.lineno, dotted, folder_of(path), folder_of(target))
                    )
    return sorted(set(found), key=lambda i: (i.file, i.line, i.module))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one folder (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


def _top(folder: str) -> str:
    return folder.split("/")[0]


def violations(files: dict[str, str]) -> list[str]:
    """Every broken rule, one line each, naming the file, the line and the import."""
    found = [i for i in imports(files) if i.source != i.target]
    problems = []
    for i in found:
        if _top(i.source) == "newsletter" and _top(i.target) != "newsletter":
            problems.append(f"{i}: newsletter/ imports nothing of ours")
        if i.source == "bot/simulator" and i.target != "bot/simulator":
            problems.append(f"{i}: bot/simulator/ imports nothing of ours (it stands for Telegram)")
        if i.source == "bot/demo" and i.target not in ("bot/demo", "bot/simulator"):
            problems.append(f"{i}: bot/demo/ imports only bot/simulator/ (the web chat)")
        if _top(i.source) == "storage" and _top(i.target) not in ("storage", "newsletter"):
            problems.append(f"{i}: storage/ imports only newsletter/")
        if _top(i.source) == "handlers" and _top(i.target) == "storage":
            problems.append(f"{i}: handlers/ never import storage/ (a service hands it over)")
        if _top(i.target) == "handlers" and _top(i.source) != "handlers" and i.source != "root":
            problems.append(f"{i}: only the composition root imports handlers/")
        if i.target == "root" and i.source != "root":
            problems.append(f"{i}: nothing imports the composition root")
    edges: dict[str, set[str]] = defaultdict(set)
    for i in found:
        edges[i.source].add(i.target)
    for component in _cycles(edges):
        members = set(component)
        inside = [str(i) for i in found if i.source in members and i.target in members]
        problems.append(
            f"folders import each other ({' ↔ '.join(component)}): " + "; ".join(inside)
        )
    return problems


def read_tree(root: Path) -> dict[str, str]:
    """The product's module files under `root` (bot/, handlers/, storage/, newsletter/)."""
    files = {}
    for package in OURS:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if not relative.startswith(EXCLUDED):
                files[relative] = path.read_text(encoding="utf-8")
    return files
