"""The import graph of the product: no circles, no upward imports, SQL only in the store.

Every product module is parsed with :mod:`ast` (nothing is imported), and every ``import`` in
it, at module level or inside a function, is an edge of the graph. The layers, lowest first
(``docs/architecture.md`` draws them):

    domain  <  indicators  <  store, loaders, exports  <  services  <  demo
            <  server, layouts  <  cli, app

A module may import its own layer or a lower one, never a higher one. ``settings`` (the
configuration) is imported by every layer and imports none. ``demo`` builds the demonstration
data from the use cases, so it may import services and everything below them. Only ``store/``
(its migrations included) imports ``sqlalchemy``; other layers name the store's types through
``store.engine``.

A few facts must be written in one place only; :func:`test_each_fact_has_one_owner` finds
their literal spellings anywhere else.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Top-level package or module -> layer (higher numbers sit higher).
LAYERS: dict[str, int] = {
    "settings": 0, "domain": 0,
    "indicators": 1,
    "store": 2, "loaders": 2, "exports": 2,
    "services": 3,
    "demo": 4,
    "server": 5, "layouts": 5,
    "cli": 6, "app": 6,
}
#: Layer names for messages.
LAYER_NAMES = {0: "domain", 1: "indicators", 2: "store/loaders/exports", 3: "services",
               4: "demo", 5: "server/layouts", 6: "cli/app"}
#: Modules whose place is not their folder's. ``server.wsgi`` is the WSGI servers' entry
#: point (``gunicorn server.wsgi:app``): it builds the app, so it sits with ``app``.
PLACED: dict[str, str] = {"server.wsgi": "app"}
#: The only package that may import these libraries.
STORE_ONLY = ("sqlalchemy",)


@dataclass(frozen=True)
class Edge:
    """One import: the importing module, the imported one, and where the import is written."""

    source: str
    target: str
    line: int

    def where(self) -> str:
        """``path:line`` of the import."""
        return f"{module_path(self.source)}:{self.line}"


def module_path(name: str) -> str:
    """The file of a product module, relative to the repository."""
    path = ROOT / Path(*name.split("."))
    if path.is_dir():
        return str((path / "__init__.py").relative_to(ROOT))
    return str(path.with_suffix(".py").relative_to(ROOT))


def product_modules() -> dict[str, Path]:
    """Every product module by dotted name (tests, benchmarks and tooling excluded)."""
    found: dict[str, Path] = {}
    for top in LAYERS:
        single = ROOT / f"{top}.py"
        if single.is_file():
            found[top] = single
        folder = ROOT / top
        if folder.is_dir():
            for path in sorted(folder.rglob("*.py")):
                parts = list(path.relative_to(ROOT).with_suffix("").parts)
                if parts[-1] == "__init__":
                    parts.pop()
                found[".".join(parts)] = path
    return found


MODULES = product_modules()


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every name ``module`` imports (``a.b`` for ``from a import b`` when ``a.b`` is a
    module), with its line, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path.name == "__init__.py", node)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield (full if full in MODULES else base), node.lineno


def _owner(name: str) -> str | None:
    """The product module ``name`` is, or lies in (None for a library)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def edges() -> list[Edge]:
    """Every import between two product modules."""
    found = []
    for module, path in MODULES.items():
        for name, line in imports_of(module, path):
            target = _owner(name)
            if target is not None and target != module:
                found.append(Edge(module, target, line))
    return found


EDGES = edges()


def layer_of(module: str) -> int:
    """The layer of a product module (by its top-level package, or :data:`PLACED`)."""
    return LAYERS[PLACED.get(module, module).split(".")[0]]


def cycles(graph_edges: list[Edge]) -> list[list[str]]:
    """Groups of modules that import each other in a circle (Tarjan's strongly connected
    components of more than one module), each sorted, in sorted order."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for edge in graph_edges:
        graph[edge.source].add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:  # iterative, so deep chains cannot hit the recursion limit
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


def upward_imports(graph_edges: list[Edge]) -> list[str]:
    """Each import of a higher layer, as ``path:line: a (layer) imports b (layer)``."""
    return sorted({
        f"{e.where()}: {e.source} ({LAYER_NAMES[layer_of(e.source)]}) imports {e.target} "
        f"({LAYER_NAMES[layer_of(e.target)]})"
        for e in graph_edges if layer_of(e.target) > layer_of(e.source)})


def store_only_imports() -> list[str]:
    """Each import of a store-only library outside ``store/``."""
    found = set()
    for module, path in MODULES.items():
        if module.split(".")[0] == "store":
            continue
        for name, line in imports_of(module, path):
            if name.split(".")[0] in STORE_ONLY:
                found.add(f"{module_path(module)}:{line}: {module} imports {name}")
    return sorted(found)


# ----------------------------------------------------------------------------------- the rules

def test_the_walk_sees_the_whole_product() -> None:
    assert {"domain.url_state", "indicators.interval_methods", "store.engine", "layouts.home",
            "services.scorecard", "app"} <= set(MODULES)
    assert Edge("layouts.home", "layouts._data", 0) in [
        Edge(e.source, e.target, 0) for e in EDGES]  # the walk resolves ``from x import y``
    assert all(m.split(".")[0] in LAYERS for m in MODULES)


def test_no_module_imports_itself_back_through_others() -> None:
    found = cycles(EDGES)
    assert not found, "import circles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_no_layer_imports_a_higher_one() -> None:
    found = upward_imports(EDGES)
    assert not found, "upward imports:\n" + "\n".join(found)


def test_only_the_store_imports_sqlalchemy() -> None:
    found = store_only_imports()
    assert not found, "sqlalchemy outside store/:\n" + "\n".join(found)


# ------------------------------------------------------------------- the checks, on known graphs

def test_a_circle_is_found_however_long() -> None:
    names = ["domain.areas", "domain.periods", "domain.catalogue"]
    ring = [Edge(a, b, 1) for a, b in zip(names, [*names[1:], names[0]], strict=True)]
    assert cycles(ring) == [sorted(names)]
    assert cycles(ring[:-1]) == []


@pytest.mark.parametrize(("source", "target", "upward"), [
    ("services.scorecard", "server.context", True),
    ("domain.periods", "indicators.display", True),
    ("store.engine", "exports.csv", False),  # one layer
    ("layouts.home", "services.scorecard", False),
    ("demo.load", "services.scorecard", False),
    ("services.scorecard", "demo.load", True),
    ("server.wsgi", "app", False),
    ("domain.periods", "settings", False),
])
def test_upward_means_a_higher_layer(source: str, target: str, upward: bool) -> None:
    assert bool(upward_imports([Edge(source, target, 1)])) is upward


# --------------------------------------------------------------------------- one owner per fact

#: Literal spellings of facts that belong to one module -> that module's path.
FACTS: dict[str, tuple[str, ...]] = {
    # The demo council's code lives in the demo's partnership profile (a TOML file), never
    # in a product module: pages, exports and commands take it from the stored profile.
    "E10000017": (),
    # The outcome themes, in their order, and their headings.
    "feel_safe": ("domain/vocabulary.py",),
    "be_healthy": ("domain/vocabulary.py",),
    "Outcome one - to feel safe": ("domain/vocabulary.py",),
    # How a comparison with the county is worded.
    "better than Lancashire": (),
    "Better than Lancashire": (),
}


def _string_constants(path: Path) -> Iterator[tuple[str, int]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value, node.lineno


def test_each_fact_has_one_owner() -> None:
    misplaced = sorted(
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in MODULES.values()
        for text, line in _string_constants(path)
        if text in FACTS and str(path.relative_to(ROOT)) not in FACTS[text])
    assert not misplaced, "facts written outside their owner:\n" + "\n".join(misplaced)


def test_no_council_is_named_in_product_code() -> None:
    """Outside the demo, the tests and data files, no module names the demo's council, its
    code or its districts' codes: every council is a partnership profile."""
    council = re.compile(r"E10000017|Lancashire|E070001(1[7-9]|2[0-8])")
    named = sorted(
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("*.py")
        if not {"demo", "tests", "node_modules", ".venv"} & set(path.relative_to(ROOT).parts)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if council.search(line))
    assert not named, "a council named in product code:\n" + "\n".join(named)
