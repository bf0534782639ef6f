"""Use cases leave SQL to the store and never reach up into the web app or the command line,
and the modules of ``services/`` import one another without a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: Command modules parse arguments and print; they are not use cases.
USE_CASES = sorted(p for p in (REPO / "services").glob("*.py")
                   if not p.name.endswith("_commands.py")
                   and p.name not in ("commands.py", "arguments.py"))
HIGHER = ("server", "layouts", "cli", "app")


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", [*USE_CASES, REPO / "demo" / "load.py"],
                         ids=lambda p: p.name)
def test_use_cases_leave_sql_to_the_store(path: Path) -> None:
    upward = {n for n in imported(path) if n.split(".")[0] in (*HIGHER, "sqlalchemy")}
    assert not upward, f"{path.relative_to(REPO)} imports {sorted(upward)}"


def test_use_cases_import_one_another_without_a_circle() -> None:
    graph = {p.stem: {n.split(".")[1] for n in imported(p)
                      if n.startswith("services.") and n.count(".") == 1}
             for p in USE_CASES}

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, " -> ".join((*trail, module))
        for child in sorted(graph.get(module, ())):
            visit(child, (*trail, module))

    for module in graph:
        visit(module, ())
