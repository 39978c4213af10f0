"""Figures that apps built on journeys add to its stats without journeys importing them.

health (which nothing may import) adds revenue, cost and ROI to journey stats: it registers an extension
in `AppConfig.ready()`, and journeys' analytics selector hands its result through `extend`.
"""
from __future__ import annotations

from collections.abc import Callable

_EXTENSIONS: dict[str, dict[str, Callable]] = {}


def register(kind: str, name: str, extension: Callable[..., None]) -> None:
    """`extension(result, **context)` changes `result` in place; registering a name again replaces it."""
    _EXTENSIONS.setdefault(kind, {})[name] = extension


def extend(kind: str, result: dict, **context) -> dict:
    for extension in _EXTENSIONS.get(kind, {}).values():
        extension(result, **context)
    return result
