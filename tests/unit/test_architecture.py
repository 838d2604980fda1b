"""The one road through the code (docs/architecture.md): entry points → services → storage |
analytics → domain. Read from the code itself: each module's imports and string constants."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = sorted(
    [*(ROOT / "graph_service").rglob("*.py"), *(ROOT / "loaders").rglob("*.py")],
)


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> Iterator[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = _module(path).rsplit(".", 1)[0]
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                yield f"{base}.{node.module}" if node.module else base
            elif node.module:
                yield node.module


def _under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


ENTRY_POINTS = ("graph_service.api", "graph_service.cli", "graph_service.reports", "loaders")


def test_entry_points_reach_nothing_below_the_services() -> None:
    problems = []
    for path in PRODUCT:
        module = _module(path)
        if not _under(module, *ENTRY_POINTS):
            continue
        for imported in _imports(path):
            if _under(imported, "graph_service.storage", "graph_service.analytics", "neo4j"):
                problems.append(f"{module} imports {imported}")
    assert problems == []


def test_only_services_import_storage_and_analytics() -> None:
    problems = []
    for path in PRODUCT:
        module = _module(path)
        for imported in _imports(path):
            for layer in ("graph_service.storage", "graph_service.analytics"):
                inside = _under(module, layer) or _under(module, "graph_service.services")
                if _under(imported, layer) and not inside:
                    problems.append(f"{module} imports {imported}")
    assert problems == []


def test_only_storage_imports_the_neo4j_driver() -> None:
    problems = [
        f"{_module(path)} imports {imported}"
        for path in PRODUCT
        if not _under(_module(path), "graph_service.storage")
        for imported in _imports(path)
        if _under(imported, "neo4j")
    ]
    assert problems == []


def test_storage_and_analytics_never_import_each_other_and_domain_imports_nothing_of_ours() -> None:
    problems = []
    for path in PRODUCT:
        module = _module(path)
        for imported in _imports(path):
            if _under(module, "graph_service.storage") and _under(
                imported, "graph_service.analytics"
            ):
                problems.append(f"{module} imports {imported}")
            if _under(module, "graph_service.analytics") and _under(
                imported, "graph_service.storage"
            ):
                problems.append(f"{module} imports {imported}")
            ours = _under(imported, "graph_service", "loaders")
            outside = not _under(imported, "graph_service.domain")
            if _under(module, "graph_service.domain") and ours and outside:
                problems.append(f"{module} imports {imported}")
    assert problems == []


_CYPHER = re.compile(
    r"\b(MATCH|MERGE|UNWIND|OPTIONAL MATCH|DETACH DELETE|CREATE)\b[^\n]*\b(RETURN|SET|DELETE|WITH)\b"
)


def _strings(path: Path) -> Iterator[tuple[int, str]]:
    """String constants that are not docstrings, with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        if isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_cypher_outside_storage() -> None:
    problems = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in PRODUCT
        if not _under(_module(path), "graph_service.storage")
        for line, text in _strings(path)
        if _CYPHER.search(text)
    ]
    assert problems == []


@pytest.mark.parametrize(
    "source",
    [
        'q = "MATCH (n:Firm) RETURN n"',
        "from neo4j import GraphDatabase",
    ],
)
def test_the_checks_see_what_they_look_for(source: str, tmp_path: Path) -> None:
    """The rules above would catch a violation (they are not vacuous)."""
    path = tmp_path / "probe.py"
    path.write_text(source + "\n", encoding="utf-8")
    caught = any(_CYPHER.search(text) for _, text in _strings(path)) or any(
        _under(i, "neo4j") for i in _imports(path)
    )
    assert caught
