"""The secret key: generated once per var/ directory, and judged weak when guessable (journeys/secret_key.py)."""
import stat
import threading

import pytest

from journeys.secret_key import embedded_secret_key, weakness


def test_the_key_file_is_created_once_private_and_reused(tmp_path):
    # given an empty var/ directory
    # when the key is asked for twice
    first = embedded_secret_key(tmp_path / "var")
    second = embedded_secret_key(tmp_path / "var")
    # then one random key was written, owner-readable only, and read back
    path = tmp_path / "var" / "secret_key"
    assert first == second == path.read_text().strip()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert weakness(first) is None
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_processes_starting_together_agree_on_one_key(tmp_path):
    # given many starts racing on an empty var/
    keys: list[str] = []
    threads = [threading.Thread(target=lambda: keys.append(embedded_secret_key(tmp_path))) for _ in range(8)]
    # when they all ask at once
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then they all use the same key
    assert len(set(keys)) == 1 and len(keys) == 8


@pytest.mark.parametrize("key", [
    "ci-only-secret-key",
    "insecure-embedded-development-key-do-not-use-in-production",
    "django-insecure-" + "x" * 60,
    "short-but-random-7f3a",
    "ab" * 40,
])
def test_guessable_keys_are_weak(key):
    assert weakness(key) is not None


def test_a_long_random_key_is_not_weak():
    assert weakness("t9Gq2vXkP0sLr7ZcW4yNbH8mJ1dFa6eUiO3pQ5hRgT-wYxCzVnMlKjB_oIuE") is None
