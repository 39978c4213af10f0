"""The house's import rules, checked by reading every module's imports (function-level ones included).

- no circles between modules of core, journeys and channels_app;
- core imports neither app (nor workspace); workspace imports neither app; journeys.graph imports neither Django nor anything of the project outside it;
- channels_app sees the journey domain only through journeys.interface; providers not even that;
- audiences sees the journey domain only through journeys.interface and the pure journeys.graph, and not channels_app;
- broadcasts sees the journey domain only through journeys.interface and the pure graph; nothing but health imports it;
- health sits on top: it may import the other apps, and none of them imports health (it is run through core.periodic);
- services and the dispatch module never import the actors, and services never import websocket consumers.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "journeys", "channels_app", "workspace", "audiences", "health", "broadcasts")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (REPO_ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[_module_name(path)] = path
    return modules


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules that `name` imports, resolved to the deepest module that exists."""
    tree = ast.parse(path.read_text(), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != name:
                found.add(target)
    return found


def _graph() -> nx.DiGraph:
    modules = _project_modules()
    graph = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        for target in _imports(name, path, set(modules)):
            graph.add_edge(name, target)
    return graph


def _stdlib_or_third_party_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


GRAPH = _graph()


def _edges(source_prefix: str):
    return [(a, b) for a, b in GRAPH.edges if a == source_prefix or a.startswith(source_prefix + ".")]


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_walk_sees_the_whole_project():
    assert {"core.clock", "journeys.runtime.scheduler", "channels_app.providers.base"} <= set(GRAPH.nodes)
    assert GRAPH.number_of_edges() > 100


def test_no_module_imports_itself_back_through_others():
    circles = [sorted(component) for component in nx.strongly_connected_components(GRAPH) if len(component) > 1]
    assert circles == []


def test_core_imports_neither_app():
    assert [(a, b) for a, b in _edges("core") if not _within(b, "core")] == []


def test_workspace_imports_neither_app():
    assert [(a, b) for a, b in _edges("workspace") if _within(b, "journeys") or _within(b, "channels_app")] == []


def test_graph_package_imports_nothing_of_the_project_outside_it_and_no_django():
    assert [(a, b) for a, b in _edges("journeys.graph") if not _within(b, "journeys.graph")] == []
    for path in (REPO_ROOT / "journeys" / "graph").rglob("*.py"):
        assert "django" not in _stdlib_or_third_party_imports(path), path


def test_channels_app_sees_the_journey_domain_only_through_its_interface():
    reaching_in = [(a, b) for a, b in _edges("channels_app")
                   if _within(b, "journeys") and b != "journeys.interface"]
    assert reaching_in == []


def test_audiences_see_the_journey_domain_only_through_its_interface_and_the_pure_graph():
    reaching_in = [(a, b) for a, b in _edges("audiences")
                   if (_within(b, "journeys") and b != "journeys.interface" and not _within(b, "journeys.graph"))
                   or _within(b, "channels_app")]
    assert reaching_in == []


def test_broadcasts_see_the_journey_domain_only_through_its_interface():
    reaching_in = [(a, b) for a, b in _edges("broadcasts")
                   if _within(b, "journeys") and b != "journeys.interface" and not _within(b, "journeys.graph")]
    assert reaching_in == []


def test_nothing_but_health_imports_broadcasts():
    assert [(a, b) for a, b in GRAPH.edges if _within(b, "broadcasts")
            and not (_within(a, "broadcasts") or _within(a, "health"))] == []


def test_nothing_imports_health_back():
    assert [(a, b) for a, b in GRAPH.edges if _within(b, "health") and not _within(a, "health")] == []


def test_providers_know_nothing_of_journeys():
    assert [(a, b) for a, b in _edges("channels_app.providers") if _within(b, "journeys")] == []


@pytest.mark.parametrize("source", ["journeys.services", "journeys.runtime.dispatch", "channels_app.services"])
def test_writers_never_import_the_actors(source):
    assert [(a, b) for a, b in _edges(source) if _within(b, "journeys.runtime.actors")] == []


def test_services_never_import_websocket_consumers():
    consumers = [(a, b) for a, b in _edges("journeys.services") + _edges("channels_app.services")
                 if ".consumers" in f".{b}"]
    assert consumers == []
