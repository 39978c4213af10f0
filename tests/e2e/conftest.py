"""Browser tests: Python Playwright driving Debian's /usr/bin/chromium (never a downloaded browser).

- Most tests use pytest-django's `live_server` (WSGI, in a thread, static files from
  the finders, so `static/editor/dist/` is served) with `transactional_db`, so the
  server thread sees what the test writes.
- The live-counts test needs websockets, which only the ASGI server has: it starts
  `manage.py journeys_run` as a subprocess against the *same* test database. On
  PostgreSQL that is the test database by name; on SQLite the test database is made
  a file (below) instead of Django's in-memory default, so another process can open it.
- Playwright's sync API keeps an event loop running in the main thread, so Django's
  async-safety check would refuse the ORM calls the tests make between browser
  steps: DJANGO_ALLOW_ASYNC_UNSAFE is set while the browser runs (e2e tests only).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"
BUNDLE = REPO_ROOT / "static" / "editor" / "dist" / "editor.js"
VIEWPORT = {"width": 1440, "height": 900}
PASSWORD = "secret-pass"  # tests.factories.UserFactory's

# -- a test database another process can open (SQLite) ---------------------------------------
# Done at import, before any test database exists, whatever order the suite runs in.
_db = settings.DATABASES["default"]
if _db["ENGINE"].endswith("sqlite3") and not _db.get("TEST", {}).get("NAME"):
    _db.setdefault("TEST", {})["NAME"] = str(Path(tempfile.gettempdir()) / f"journeys-e2e-{os.getpid()}.sqlite3")


def _require(condition: bool, what: str) -> None:
    """Missing browser or bundle: skip on a developer's machine, fail in CI (`make setup` provides both)."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI must run the browser tests; `make setup` installs and builds it)")
    pytest.skip(f"{what}; run `make setup`")


@pytest.fixture(scope="module")
def browser():
    _require(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    _require(BUNDLE.exists(), f"the editor bundle {BUNDLE.relative_to(REPO_ROOT)} is not built")
    from playwright.sync_api import sync_playwright

    # While Playwright's loop runs in this thread (this fixture's lifetime, which
    # encloses every test and database flush of the module), let the ORM run too.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(15_000)
    yield context
    context.close()


def is_csp_violation(message) -> bool:
    return message.type == "error" and "Content Security Policy" in message.text


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Every page works under the CSP: anything it blocks (an inline script, a foreign host) fails the test.
    page.on("console", lambda message: is_csp_violation(message) and errors.append(message.text))
    yield page
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return take


@pytest.fixture
def marketer(transactional_db):
    from tests.factories import UserFactory, with_roles

    return with_roles(UserFactory(username="marketer"), "marketer")


@pytest.fixture
def approver(transactional_db):
    from tests.factories import UserFactory, with_roles

    return with_roles(UserFactory(username="approver"), "approver")


def log_in(page, base_url: str, user, next_path: str = "/journeys/") -> None:
    page.goto(f"{base_url}{next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def wait_for_editor(page) -> None:
    page.wait_for_selector("html[data-editor-ready]")


# -- the ASGI server (websockets) on the test database ------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _test_database_env() -> dict[str, str]:
    from django.db import connection

    env = dict(os.environ)
    test_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(test_name)
    else:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{test_name}"))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # With DEBUG off (production mode in CI) the allowed hosts come only from the environment.
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    return env


@pytest.fixture(scope="module")
def asgi_server(django_db_setup, django_db_blocker):
    """`manage.py journeys_run` on a free port, serving the test database; its base URL.

    In embedded mode that one process also runs the runtime. With a production setup
    (DATABASE_URL / BROKER_URL) it only serves, so, as in production, Dramatiq workers and a
    scheduler run beside it on the same database and broker.
    """
    from django.conf import settings

    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    commands = {"journeys_run": ["journeys_run", f"127.0.0.1:{port}"]}
    if not settings.EMBEDDED:
        import redis

        redis.Redis.from_url(settings.BROKER_URL).flushdb()  # no stale messages from other tests
        commands["rundramatiq"] = ["rundramatiq", "--processes", "1", "--threads", "2"]
        commands["journeys_scheduler"] = ["journeys_scheduler", "--interval", "0.1"]
    processes = []
    for name, args in commands.items():
        with open(ARTIFACTS / f"{name}.log", "wb") as out:
            processes.append(subprocess.Popen([sys.executable, "manage.py", *args], cwd=REPO_ROOT,
                                              env=_test_database_env(), stdout=out, stderr=subprocess.STDOUT,
                                              start_new_session=True))
    base = f"http://127.0.0.1:{port}"
    log = ARTIFACTS / "journeys_run.log"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=2).read()
            break
        except OSError:
            if processes[0].poll() is not None or time.monotonic() > deadline:
                _stop(processes)
                pytest.fail(f"journeys_run did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
    yield base
    _stop(processes)


def _stop(processes) -> None:
    import signal

    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
