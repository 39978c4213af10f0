"""Computed values follow ingested events through the runtime's event handler: folded in the transaction
that marks the events handled, so each event counts exactly once, whichever of the hand-off and the
outbox brings it, and a trait defined (backfilled) while events wait or are being handled counts them once."""
import threading
import time

import pytest
from django.db import connection, transaction

from audiences.models import ComputedValue
from audiences.services import computed, computed_reeval
from core import clock
from journeys.models import Event
from journeys.services import events as event_handling
from journeys.services.events import handle_events
from journeys.services.ingest import TrackCall, ingest_calls

ORDERS = {"key": "orders", "name": "Orders", "kind": "count", "event": "order_completed"}


def _orders(user_id: str, n: int) -> list[int]:
    ingest_calls([TrackCall(user_id=user_id, anonymous_id=None, event="order_completed", properties={"amount": 5})
                  for _ in range(n)])
    return sorted(Event.objects.filter(contact__user_id=user_id).values_list("id", flat=True))


def _orders_value(user_id: str = "ada"):
    row = ComputedValue.objects.filter(key="orders", contact__user_id=user_id).first()
    return row.value if row else None


@pytest.mark.django_db
def test_values_follow_when_the_runtime_handles_the_events_not_before(runner):
    computed.trait_create(**ORDERS)
    ids = _orders("ada", 3)
    assert _orders_value() is None  # ingested, not yet handled
    handle_events(ids)
    assert _orders_value() == 3


@pytest.mark.django_db
def test_an_event_brought_twice_is_folded_once(runner):
    computed.trait_create(**ORDERS)
    ids = _orders("ada", 2)
    handle_events(ids)
    handle_events(ids)  # the outbox brings what the hand-off already brought
    runner.drain()
    assert _orders_value() == 2


@pytest.mark.django_db
def test_a_trait_defined_while_events_wait_counts_them_once_when_they_are_handled(runner):
    handled = _orders("ada", 2)
    handle_events(handled)
    waiting = _orders("bob", 3)
    computed.trait_create(**ORDERS)  # the backfill counts handled events only
    assert _orders_value("ada") == 2 and _orders_value("bob") is None
    handle_events(waiting)
    assert _orders_value("bob") == 3


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return cursor.fetchone()[0] > 0


def _in_thread(work):
    def run():
        try:
            work()
        finally:
            connection.close()
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _wait_until_waiting(what: str) -> None:
    deadline = time.monotonic() + 10
    while not _waiting_on_a_lock():  # a state to reach, not a result: the second writer queues behind the first
        assert time.monotonic() < deadline, f"{what} did not wait for the handler folding"
        time.sleep(0.01)


@pytest.fixture
def paused_handler(monkeypatch):
    """handle_events in another thread stops right after its fold (locks held, events not yet marked handled)
    until released."""
    folded, release = threading.Event(), threading.Event()
    refresh = event_handling.segment_membership.refresh_contacts

    def paused_after_the_fold(contact_ids, now=None):
        if threading.current_thread() is not threading.main_thread():  # the test's own calls run on
            folded.set()
            assert release.wait(10)
        return refresh(contact_ids, now)

    monkeypatch.setattr(event_handling.segment_membership, "refresh_contacts", paused_after_the_fold)
    yield folded, release
    release.set()


@pytest.mark.django_db(transaction=True)
def test_a_trait_defined_while_a_handler_folds_waits_for_it_and_counts_its_events(runner, paused_handler):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (CI runs it); SQLite has one writer at a time")
    ids = _orders("ada", 3)
    folded, release = paused_handler
    handler = _in_thread(lambda: handle_events(ids))
    assert folded.wait(10)  # the handler holds the definitions lock, its events not yet marked handled
    definer = _in_thread(lambda: computed.trait_create(**ORDERS))
    _wait_until_waiting("defining a trait")
    release.set()
    handler.join(10)
    definer.join(10)
    # Without the lock the backfill would have run while the events were unhandled and counted none.
    assert _orders_value() == 3
    assert Event.objects.filter(handled_at__isnull=True).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_window_recomputed_while_a_handler_folds_it_waits_and_other_traits_do_not(runner, paused_handler):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (CI runs it); SQLite has one writer at a time")
    computed.trait_create(**{**ORDERS, "key": "orders_7d", "within_days": 7})
    computed.trait_create(key="views", name="Views", kind="count", event="page_viewed")
    ids = _orders("ada", 2)
    folded, release = paused_handler
    handler = _in_thread(lambda: handle_events(ids))
    assert folded.wait(10)
    recompute = _in_thread(lambda: computed_reeval.refresh_traits(clock.now()))
    _wait_until_waiting("re-computing the window")
    # A handler folding only another trait goes ahead meanwhile (a lock_timeout turns a wait into an error).
    ingest_calls([TrackCall(user_id="bob", anonymous_id=None, event="page_viewed", properties={})])
    view_ids = list(Event.objects.filter(name="page_viewed").values_list("id", flat=True))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        handle_events(view_ids)
    assert ComputedValue.objects.get(key="views").value == 1
    release.set()
    handler.join(10)
    recompute.join(10)
    assert ComputedValue.objects.get(key="orders_7d").value == 2
