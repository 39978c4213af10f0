"""`make prod`: honcho starts web, two workers and a scheduler from the Procfile against the database and
broker in the environment (migrations and static files first); a journey then runs end to end through HTTP.

Runs in CI on PostgreSQL with Redis (`make test`) and with RabbitMQ (`make test-brokers`).
"""
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import REPO_ROOT
from tests.integration import real_services
from tests.integration.production_server import free_port
from tests.integration.runtime.conftest import chain, live_journey, templates  # noqa: F401 (a fixture)


def _call(url: str, key: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Token {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}


def _wait_for(condition, timeout: float, what: str, log_path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}\n{log_path.read_text()[-4000:]}")


def _serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/accounts/login/", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.mark.django_db(transaction=True)
def test_make_prod_runs_web_two_workers_and_a_scheduler_and_a_journey_end_to_end_over_http(
        tmp_path, templates, write_key, token):
    real_services.real_services_or_skip()
    real_services.purge_broker()
    journey = live_journey(chain(
        ("t", "trigger", {"event": "signed_up"}),
        ("hello", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
        ("x", "exit", {}),
    ), name="Prod welcome")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "make-prod.log"
    env = real_services.service_env(SECRET_KEY="make-prod-test", DEBUG="0", ALLOWED_HOSTS="127.0.0.1",
                                    ADDR=f"127.0.0.1:{port}", WORKER_THREADS="2", JOURNEYS_SWEEP_SECONDS="1")
    env.pop("MAKEFLAGS", None)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(["make", "--no-print-directory", "prod"], cwd=REPO_ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(lambda: _serving(url), 180, "make prod to serve", log_path)
        # an SDK identifies a contact and tracks the trigger event, as a client would
        assert _call(f"{url}/api/v1/identify", write_key,
                     {"userId": "prod-1", "traits": {"phone": "+15550100001", "first_name": "Ada"}})[0] == 200
        assert _call(f"{url}/api/v1/track", write_key, {"userId": "prod-1", "event": "signed_up"})[0] == 200

        def sent() -> bool:
            status, page = _call(f"{url}/api/v1/messages?journey={journey.pk}", token.key)
            return status == 200 and any(row["status"] == "sent" for row in page.get("results", []))

        _wait_for(sent, 90, "the journey's SMS to be sent by a worker", log_path)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    output = log_path.read_text()
    # honcho names each process it started: one web, two workers, one scheduler
    for name in ("web.1", "worker.1", "worker.2", "scheduler.1"):
        assert f"{name} " in output or f"{name}|" in output or f"{name} |" in output, name
    assert (REPO_ROOT / "staticfiles").is_dir(), "collectstatic ran first"
