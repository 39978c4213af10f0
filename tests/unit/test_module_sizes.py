"""Small files, one concern each: a module or component that outgrows 300 lines wants splitting."""
from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LIMIT = 300


def _too_long(paths) -> list[str]:
    return sorted(f"{path.relative_to(REPO_ROOT)}: {count}" for path in paths
                  if (count := len(path.read_text().splitlines())) > LIMIT)


def test_no_python_module_of_the_apps_is_over_300_lines():
    modules = [path for package in ("core", "journeys", "channels_app", "workspace", "audiences", "health", "broadcasts") for path in (REPO_ROOT / package).rglob("*.py")
               if "migrations" not in path.parts]
    assert len(modules) > 50
    assert _too_long(modules) == []


def test_no_react_component_is_over_300_lines():
    components = list((REPO_ROOT / "static" / "editor" / "src").rglob("*.tsx"))
    assert len(components) > 10
    assert _too_long(components) == []
