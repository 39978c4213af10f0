"""The audiences bundle (Vite entry `audiences`, static/editor/src/audiences/main.tsx) and the editor's
stylesheet it borrows for the condition builder's look."""
from __future__ import annotations

import os

from django.contrib.staticfiles import finders

AUDIENCES_BUNDLE = "editor/dist/audiences.js"
EDITOR_STYLES = "editor/dist/editor.css"


def audiences_bundle_context() -> dict:
    path = finders.find(AUDIENCES_BUNDLE)
    return {"audiences_js": AUDIENCES_BUNDLE, "editor_css": EDITOR_STYLES, "bundle_missing": path is None,
            "bundle_version": str(int(os.path.getmtime(path))) if path else ""}
