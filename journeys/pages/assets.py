"""The static bundles the pages load (built by the editor's Vite build into static/editor/dist/)."""
from __future__ import annotations

import os

from django.contrib.staticfiles import finders

EDITOR_BUNDLE = "editor/dist/editor.js"
EDITOR_STYLES = "editor/dist/editor.css"
CHARTS_BUNDLE = "editor/dist/charts.js"


def bundle_version() -> str:
    """A cache buster for the fixed bundle file names: the bundle's mtime."""
    path = finders.find(EDITOR_BUNDLE)
    if not path:
        return ""
    return str(int(os.path.getmtime(path)))


def charts_context() -> dict:
    """Template context of the pages that draw charts (Chart.js, fed by a JSON boot block)."""
    return {"charts_js": CHARTS_BUNDLE, "charts_missing": finders.find(CHARTS_BUNDLE) is None,
            "bundle_version": bundle_version()}
