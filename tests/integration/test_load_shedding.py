"""Load (design §8): a bounded connection pool, 503 with Retry-After (never 500) when it runs out,
and ingest rate-limited per API key (429 with Retry-After)."""
from __future__ import annotations

import base64
import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import requests
from django.db import OperationalError, connection
from django.test import override_settings
from psycopg_pool import PoolTimeout
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.overload import is_overload
from journeys.api.throttling import IngestRateThrottle
from tests.factories import UserFactory, with_roles
from tests.integration.conftest import api_client_for
from tests.integration.production_server import ProductionServer, postgres_and_redis_or_skip


def pool_timeout() -> OperationalError:
    """What Django raises when the pool has no connection to give within DB_POOL_TIMEOUT."""
    try:
        raise OperationalError("couldn't get a connection after 5.00 sec") from PoolTimeout("timed out")
    except OperationalError as exc:
        return exc


def track(api, user_id: str = "u1"):
    body = json.dumps({"userId": user_id, "event": "e"})
    return api.post("/api/v1/track", data=body, content_type="application/json")


# --- what counts as overload ----------------------------------------------------------------------

def test_a_pool_timeout_and_a_server_out_of_connections_are_overload_and_other_database_errors_are_not():
    # Given the errors a busy database gives, and one it gives for other reasons
    too_many_clients = OperationalError('connection failed: FATAL:  sorry, too many clients already')
    reserved = OperationalError("FATAL: remaining connection slots are reserved for roles with the SUPERUSER attribute")
    lost = OperationalError("server closed the connection unexpectedly")
    # Then only the first ones are overload
    assert is_overload(pool_timeout()) and is_overload(too_many_clients) and is_overload(reserved)
    assert not is_overload(lost) and not is_overload(ValueError("too many clients"))


# --- 503, never 500 -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_an_api_call_that_finds_the_pool_exhausted_gets_503_with_retry_after(api, monkeypatch):
    # Given a database whose pool has no connection left
    def exhausted(calls):
        raise pool_timeout()

    monkeypatch.setattr("journeys.api.views.ingest.ingest_calls", exhausted)
    # When a client tracks an event
    response = track(api)
    # Then it is told to come back shortly, in JSON, not given a 500
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert "busy" in response.json()["detail"]


@pytest.mark.django_db
def test_a_page_that_finds_the_server_out_of_connections_gets_503_with_retry_after(client, monkeypatch):
    # Given a logged-in marketer and a database server that refuses new connections
    client.force_login(with_roles(UserFactory(), "marketer"))

    def refused(*args, **kwargs):
        raise OperationalError("connection failed: FATAL:  sorry, too many clients already")

    monkeypatch.setattr("journeys.pages.journeys.journey_selectors.journey_list", refused)
    # When the journeys page is opened
    response = client.get("/journeys/")
    # Then the answer is a 503 to retry, not a server error
    assert response.status_code == 503
    assert response["Retry-After"] == "1"


# --- ingest rate limit per key --------------------------------------------------------------------

@pytest.fixture
def frozen_window(monkeypatch):
    """The throttle's clock, held inside one one-second window until a test moves it."""
    now = {"t": 1_000_000.25}
    monkeypatch.setattr(IngestRateThrottle, "timer", staticmethod(lambda: now["t"]))
    return now


@pytest.mark.django_db
@override_settings(JOURNEYS_INGEST_RATE=3)
def test_the_call_past_the_per_second_rate_gets_429_with_retry_after_and_other_keys_go_on(frozen_window):
    # Given two marketers' keys and a rate of 3 calls a second
    first = api_client_for(with_roles(UserFactory(), "marketer"))
    second = api_client_for(with_roles(UserFactory(), "marketer"))
    # When the first key makes 4 calls in the same second
    answers = [track(first).status_code for _ in range(4)]
    refused = track(first)
    # Then the 4th and later are refused with a time to retry, and the other key is unaffected
    assert answers == [200, 200, 200, 429]
    assert refused.status_code == 429 and refused["Retry-After"] == "1"
    assert track(second).status_code == 200
    # And in the next second the first key may call again
    frozen_window["t"] += 1
    assert track(first).status_code == 200


@pytest.mark.django_db
@override_settings(JOURNEYS_INGEST_RATE=2)
def test_the_rate_counts_the_key_whatever_the_auth_scheme(frozen_window):
    # Given a key used both as a Token header and Segment-style Basic auth
    key = Token.objects.create(user=with_roles(UserFactory(), "marketer")).key
    basic = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    token = {"HTTP_AUTHORIZATION": f"Token {key}"}
    client = APIClient()
    body = json.dumps({"userId": "u1", "event": "e"})
    # When it makes three calls in one second, mixing the two
    codes = [client.post("/api/v1/track", data=body, content_type="application/json", **headers).status_code
             for headers in (token, basic, token)]
    # Then the third is over the budget of the one key
    assert codes == [200, 200, 429]


# --- a real burst against a real server -----------------------------------------------------------

POOL = 4
MARGIN = 1  # a connection being replaced while another is still closing


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_track_calls_is_served_within_the_pool_and_never_answers_500(tmp_path):
    postgres_and_redis_or_skip()
    # Given a production web process with a pool of 4 connections, and a marketer's key
    key = Token.objects.create(user=with_roles(UserFactory(), "marketer")).key
    with ProductionServer(tmp_path, "journeys-burst-web", DB_POOL_MIN="1", DB_POOL_MAX=str(POOL),
                          DB_POOL_TIMEOUT="5", JOURNEYS_INGEST_RATE="100000") as server:
        peak, stop = [0], threading.Event()

        def sample_connections():
            while not stop.is_set():
                peak[0] = max(peak[0], server.connection_count())
                stop.wait(0.02)
            connection.close()

        sampler = threading.Thread(target=sample_connections)
        sampler.start()
        # When 20 clients send 400 track calls as fast as they can
        started = time.monotonic()
        try:
            statuses = burst(server.url, key, clients=20, calls=400)
        finally:
            stop.set()
            sampler.join()
        # Then nothing is a server error, and the server never held more connections than its pool
        counts, seconds = Counter(statuses), time.monotonic() - started
        print(f"burst: {dict(counts)} in {seconds:.1f} s ({len(statuses) / seconds:.0f}/s); "
              f"peak connections {peak[0]} (pool {POOL})")
        assert 500 not in counts, server.log_tail()
        assert set(counts) <= {200, 429, 503}, counts
        assert counts[200] > 0
        assert 0 < peak[0] <= POOL + MARGIN


@pytest.mark.django_db(transaction=True)
def test_calls_that_cannot_get_a_connection_in_time_get_503_with_retry_after(tmp_path):
    postgres_and_redis_or_skip()
    # Given a server with one pooled connection that waits at most 0.2 s for it
    key = Token.objects.create(user=with_roles(UserFactory(), "marketer")).key
    with ProductionServer(tmp_path, "journeys-overload-web", DB_POOL_MIN="1", DB_POOL_MAX="1",
                          DB_POOL_TIMEOUT="0.2") as server:
        # and a first call holding that connection, stuck behind a lock on the contacts table
        with psycopg.connect(**dsn(), autocommit=False) as locker:
            locker.execute("LOCK TABLE journeys_contact IN ACCESS EXCLUSIVE MODE")
            with ThreadPoolExecutor(max_workers=1) as stuck:
                first = stuck.submit(post_track, server.url, key, "stuck")
                wait_for_a_lock_wait(server.application_name)
                # When ten more calls arrive
                others = burst(server.url, key, clients=10, calls=10, with_headers=True)
                locker.rollback()  # the lock goes; the first call completes
                first_status = first.result(timeout=30).status_code
    # Then each got a 503 telling it when to retry, and the first one was served
    assert [status for status, _ in others] == [503] * 10, server.log_tail()
    assert all(headers.get("Retry-After") == "1" for _, headers in others)
    assert first_status == 200


def dsn() -> dict:
    db = connection.settings_dict
    return {key: value for key, value in {"dbname": db["NAME"], "user": db["USER"], "password": db["PASSWORD"],
                                          "host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432}.items()
            if value}


def wait_for_a_lock_wait(application_name: str) -> None:
    """Until the server's connection waits on the lock: the first call now holds the whole pool."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
                           "AND wait_event_type = 'Lock'", [application_name])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)  # polling a condition, with a deadline
    raise AssertionError("the first call never reached the lock")


def post_track(url: str, key: str, user_id: str, session: requests.Session | None = None) -> requests.Response:
    return (session or requests).post(f"{url}/api/v1/track", json={"userId": user_id, "event": "burst"},
                                      headers={"Authorization": f"Token {key}"}, timeout=60)


def burst(url: str, key: str, *, clients: int, calls: int, with_headers: bool = False) -> list:
    def client(index: int) -> list:
        with requests.Session() as session:
            answers = []
            for n in range(index, calls, clients):
                response = post_track(url, key, f"burst-{n % 50}", session)
                answers.append((response.status_code, dict(response.headers)) if with_headers else response.status_code)
            return answers

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return [answer for answers in pool.map(client, range(clients)) for answer in answers]
