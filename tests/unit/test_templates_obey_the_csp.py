"""The CSP allows no inline script: every page template loads its scripts from files (templates/**)."""
import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_there_are_templates_to_check():
    assert len(template_files()) > 5


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_an_inline_script_or_event_handler(path):
    source = path.read_text()
    for attributes in SCRIPT_TAG.findall(source):
        is_file = "src=" in attributes
        is_data = 'type="application/json"' in attributes
        assert is_file or is_data, f"inline <script{attributes}> in {path.name}: move it to static/js/"
    assert not INLINE_HANDLER.search(source), f"inline event handler in {path.name}: the CSP blocks it"
    assert "javascript:" not in source
