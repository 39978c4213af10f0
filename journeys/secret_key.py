"""The SECRET_KEY: signs sessions, unsubscribe links and in-app tokens, so it must never be guessable.

Without SECRET_KEY in the environment, a development or embedded setup generates a
random key once into VAR_DIR/secret_key (mode 0600) and reuses it, so sessions and
tokens survive restarts and nobody can forge them by reading the source. Production
sets SECRET_KEY; `check --deploy` refuses a weak one (journeys/checks.py).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE_NAME = "secret_key"
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
# Values published in this repository (CI's, the old embedded default): known to everyone who reads it.
KNOWN_KEYS = frozenset({
    "ci-only-secret-key",
    "insecure-embedded-development-key-do-not-use-in-production",
})


def embedded_secret_key(var_dir: Path) -> str:
    """The key in var_dir/secret_key, created (random, 0600) by the first process that needs it."""
    path = Path(var_dir) / KEY_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{KEY_FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
        try:
            # link() fails if another process got there first: then everybody reads its key.
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it and a new key is generated")
    return key


def weakness(key: str) -> str | None:
    """Why `key` is too weak to sign anything in production, or None if it is fine."""
    if key in KNOWN_KEYS or key.startswith("django-insecure-"):
        return "it is published (in this repository or Django's template)"
    if len(key) < MIN_LENGTH:
        return f"it has {len(key)} characters, fewer than {MIN_LENGTH}"
    if len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return f"it has fewer than {MIN_UNIQUE_CHARACTERS} different characters"
    return None
