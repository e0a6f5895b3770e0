"""The house stays the way issue 15 left it: no import circle, no reach up a floor, no side door.

Floors, lowest first: the core (`firmops`), then the phases in the order a firm meets them (audit,
providers, onboarding, performance), then the bench, which drives them all. A module may import its
own app, the core and earlier phases; another phase only through its `services` or `selectors` face
(relations between models name each other by string, "audit.TaskEntry", and need no import).
Every `import` counts, the ones inside functions too: a deferred import is still a dependency, only
one that fails later. Where a later phase must hand something down it registers it
(`autodiscover_modules`), which no import shows.

The checker is tested on small made-up trees first, so a green run means "none found", not "not looked".
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ("firmops", "audit", "providers", "onboarding", "performance", "bench")
PHASES = FLOORS[1:-1]
FACES = ("services", "selectors")


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}"


def modules(root: Path, apps=FLOORS) -> dict[str, Path]:
    """Dotted name → file for every module of the apps, migrations aside (they only name models)."""
    found = {}
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _resolve(known: dict[str, Path], dotted: str) -> str | None:
    """The longest known module a dotted name falls in (an imported function → its module)."""
    while dotted:
        if dotted in known:
            return dotted
        dotted = dotted.rpartition(".")[0]
    return None


def edges(known: dict[str, Path]) -> list[Edge]:
    found = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = _package_of(name, path).split(".")
                    package = package[: len(package) - node.level + 1]
                    base = ".".join(package + ([base] if base else []))
                # `from pkg import sub` depends on pkg.sub when sub is a module, else on pkg.
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for dotted in targets:
                target = _resolve(known, dotted)
                if target and target != name:
                    found.append(Edge(name, target, node.lineno))
    return found


def circles(known: dict[str, Path], found: list[Edge]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {name: set() for name in known}
    for edge in found:
        graph[edge.source].add(edge.target)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return sorted(groups)


def _app(name: str) -> str:
    return name.split(".")[0]


def back_references(found: list[Edge]) -> list[Edge]:
    """Imports from a lower floor to a higher one (the core into a phase, audit into performance…)."""
    return [e for e in found if FLOORS.index(_app(e.target)) > FLOORS.index(_app(e.source))]


def side_doors(found: list[Edge]) -> list[Edge]:
    """A phase reaching past another phase's faces (`providers.roles.fit`, not `providers.services`)."""
    doors = []
    for e in found:
        source, target = _app(e.source), _app(e.target)
        if source in PHASES and target in PHASES and source != target:
            if e.target.split(".")[1:2] not in ([face] for face in FACES):
                doors.append(e)
    return doors


# --- the checker on made-up trees ------------------------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for app in FLOORS:
        (tmp_path / app).mkdir(exist_ok=True)
        (tmp_path / app / "__init__.py").touch()
    return modules(tmp_path)


def test_the_checker_finds_a_circle_through_a_deferred_import(tmp_path):
    known = _tree(
        tmp_path,
        {
            "audit/a.py": "from . import b\n",
            "audit/b.py": "def f():\n    from audit.a import thing\n",
            "audit/c.py": "from audit import b\n",
        },
    )
    assert circles(known, edges(known)) == [["audit.a", "audit.b"]]


def test_the_checker_finds_the_core_reaching_up_and_a_phase_reaching_forward(tmp_path):
    known = _tree(
        tmp_path,
        {
            "firmops/loaddata.py": "from performance.models import WorkItem\n",
            "audit/services.py": "import providers.services\n",
            "providers/services.py": "from audit.services import log\n",
        },
    )
    found = back_references(edges(known))
    assert [str(e) for e in found] == [
        "firmops.loaddata:1 imports performance",
        "audit.services:1 imports providers.services",
    ]


def test_the_checker_finds_a_side_door_but_lets_faces_and_the_bench_through(tmp_path):
    known = _tree(
        tmp_path,
        {
            "audit/services.py": "",
            "audit/selectors.py": "",
            "audit/classifier/engine.py": "",
            "providers/roles/fit.py": "from audit.classifier.engine import classify\n",
            "providers/services.py": "from audit.services import log\nfrom audit import selectors\n",
            "bench/load.py": "from audit.classifier.engine import classify\n",
        },
    )
    assert [str(e) for e in side_doors(edges(known))] == [
        "providers.roles.fit:1 imports audit.classifier.engine"
    ]


# --- the house itself -------------------------------------------------------------------------------

KNOWN = modules(ROOT)
EDGES = edges(KNOWN)


def test_the_house_has_every_app_and_its_imports_are_read():
    assert {_app(name) for name in KNOWN} == set(FLOORS)
    assert len(EDGES) > 500  # a parse that silently read nothing would pass everything below


def test_no_import_circle():
    assert circles(KNOWN, EDGES) == []


def test_no_import_from_a_lower_floor_to_a_higher_one():
    assert [str(e) for e in back_references(EDGES)] == []


def test_phases_meet_only_through_services_and_selectors():
    assert [str(e) for e in side_doors(EDGES)] == []
