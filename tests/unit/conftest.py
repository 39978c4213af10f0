"""Fixtures for unit tests: pure Python, no database, no Django settings needed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPO_ROOT / "examples"

# The templates that make the example journeys valid (examples/README.md).
EXAMPLE_TEMPLATES = {
    "welcome-email": "email",
    "book-a-class-sms": "sms",
    "trial-reminder-sms": "sms",
    "trial-reminder-email": "email",
    "last-call-sms": "sms",
    "winback-coupon": "email",
    "vip-winback-sms": "sms",
    "crm-lapsed-hook": "webhook",
}

@pytest.fixture
def examples_dir() -> Path:
    if not EXAMPLES_DIR.is_dir():
        pytest.fail(f"example journeys not found at {EXAMPLES_DIR}")
    return EXAMPLES_DIR


@pytest.fixture
def load_example(examples_dir: Path) -> Callable[[str], dict[str, Any]]:
    def load(name: str) -> dict[str, Any]:
        return json.loads((examples_dir / name).read_text())

    return load


@pytest.fixture
def example_templates() -> dict[str, str]:
    return dict(EXAMPLE_TEMPLATES)
