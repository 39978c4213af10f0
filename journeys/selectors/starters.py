"""The journey templates (starters) shipped in journeys/starters/*.json: read, in the asked language.

Files in the repository, not rows: a clone stands alone, and a starter is reviewed like code. Each file holds
`key`, `name` and `description` per language ({"en", "zh-hans"}), the schema-1 `graph`, and the message
`templates` its send nodes use (created on use when missing, journeys/services/starters.py).
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

STARTERS_DIR = Path(__file__).resolve().parent.parent / "starters"
LANGUAGES = ("en", "zh-hans")


@lru_cache(maxsize=1)
def _load() -> tuple[dict, ...]:
    starters = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(STARTERS_DIR.glob("*.json"))]
    return tuple(sorted(starters, key=lambda s: (s.get("order", 99), s["key"])))


def _text(value, language: str) -> str:
    return value.get(language) or value.get("en", "") if isinstance(value, dict) else str(value)


def starter_list(language: str = "en") -> list[dict]:
    """[{"key", "name", "description", "graph"}], names and descriptions in `language` (English when missing)."""
    return [{"key": s["key"], "name": _text(s["name"], language), "description": _text(s["description"], language),
             "graph": copy.deepcopy(s["graph"])} for s in _load()]


def starter_get(key: str) -> dict | None:
    """The whole starter file (graph and templates), a copy; None for an unknown key."""
    found = next((s for s in _load() if s["key"] == key), None)
    return copy.deepcopy(found) if found else None


def starter_keys() -> list[str]:
    return [s["key"] for s in _load()]
