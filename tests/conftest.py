"""Shared test infrastructure: users with API tokens, API clients, the repository's example journeys."""
import json
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = REPO_ROOT / "examples"

# Templates that make examples/ valid (examples/README.md lists them).
EXAMPLE_TEMPLATES = {
    "welcome-email": "email", "book-a-class-sms": "sms", "trial-reminder-sms": "sms",
    "trial-reminder-email": "email", "last-call-sms": "sms", "winback-coupon": "email",
    "vip-winback-sms": "sms", "crm-lapsed-hook": "webhook",
}


def load_example(name: str) -> dict:
    return json.loads((EXAMPLES_DIR / name).read_text())


@pytest.fixture(autouse=True)
def fresh_runtime_catalog():
    """Each test starts with an empty per-process catalog of running journeys (ids are reused across tests)."""
    from journeys.runtime import catalog

    catalog.invalidate()
    yield
    catalog.invalidate()
