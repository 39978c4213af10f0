"""A real production-mode web process (`manage.py journeys_run`, ASGI) on this test's PostgreSQL database.

For tests that need what only a separate process shows: its own connection pool, its own
connection count in `pg_stat_activity` (tagged by `application_name`), its answers under load.
Skipped locally without PostgreSQL + Redis; CI always has them (.ci/run), so there it must run.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Self

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import REPO_ROOT


def postgres_and_redis_or_skip() -> None:
    if connection.vendor != "postgresql" or not settings.BROKER_URL.startswith("redis"):
        if os.environ.get("CI"):
            pytest.fail("CI must run this test on PostgreSQL + Redis (check .ci/run)")
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL, BROKER_URL); CI runs it")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ProductionServer:
    """`with ProductionServer(tmp_path, DB_POOL_MAX="4") as server: server.url`."""

    def __init__(self, log_dir: Path, application_name: str = "journeys-test-web", **env: str):
        db = connection.settings_dict
        self.application_name = application_name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"{application_name}.log"
        self.env = dict(os.environ)
        self.env.update(
            DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            BROKER_URL=settings.BROKER_URL, CHANNEL_LAYER_URL=settings.CHANNEL_LAYER_URL or settings.BROKER_URL,
            SECRET_KEY="production-server-test", DEBUG="0", ALLOWED_HOSTS="127.0.0.1",
            PGAPPNAME=application_name,  # libpq tags every connection the server opens
            PYTHONUNBUFFERED="1", **env,
        )
        if db.get("PASSWORD"):
            self.env["PGPASSWORD"] = db["PASSWORD"]
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Self:
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "journeys_run", f"127.0.0.1:{self.port}"], cwd=REPO_ROOT, env=self.env,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_until_serving(timeout=60)
        return self

    def __exit__(self, *exc) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def _wait_until_serving(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode}\n{self.log_tail()}")
            try:
                urllib.request.urlopen(f"{self.url}/api/v1/schema", timeout=2)
                return
            except urllib.error.HTTPError:  # any HTTP answer (401 included) means it serves
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the server did not come up in {timeout} s\n{self.log_tail()}")

    def connection_count(self) -> int:
        """This server's connections to the database right now (its pool, nothing of the test's)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                           [self.application_name])
            return cursor.fetchone()[0]
