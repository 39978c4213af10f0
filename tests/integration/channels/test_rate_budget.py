"""Send-rate budgets: token buckets (burst = one second) shared by every worker; over budget a send waits, in order."""
import threading
import uuid
from datetime import timedelta

import pytest

from channels_app.models import ChannelLimit, Message, SandboxDelivery
from channels_app.services import rate_budget
from channels_app.services.delivery import deliver_messages
from channels_app.services.rate_budget import Budget, DatabaseBuckets, RedisBuckets
from tests.factories import MessageFactory
from tests.integration.runtime.conftest import T0

REDIS_URL = "redis://127.0.0.1:6379/13"


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")


@pytest.fixture
def redis_buckets():
    """A Redis bucket store under a key prefix of this test's own, flushed (only those keys) afterwards."""
    _redis_or_skip()
    store = RedisBuckets(REDIS_URL, prefix=f"test-chlimits:{uuid.uuid4().hex}:")
    yield store
    keys = list(store.client.scan_iter(match=store.prefix + "*"))
    if keys:
        store.client.delete(*keys)
    store.client.close()


@pytest.fixture(params=["database", "redis"])
def buckets(request, db):
    store = DatabaseBuckets() if request.param == "database" else request.getfixturevalue("redis_buckets")
    rate_budget.use_buckets(store)
    yield store
    rate_budget.use_buckets(None)


def _take(store, count, at, per_second=5, channel="sms"):
    ChannelLimit.objects.get_or_create(channel=channel, defaults={"per_second": per_second})
    return store.take(channel, Budget(per_second), count, at)


def test_a_full_bucket_lets_one_seconds_budget_through_then_one_send_per_interval(buckets):
    # given a budget of 5 a second, unused so far
    # when 8 sends ask at once
    waits = _take(buckets, 8, T0)
    # then 5 go now (the burst), the others wait 0.2 s apart
    assert waits == [0, 0, 0, 0, 0, 0.2, 0.4, 0.6]


def test_the_bucket_refills_at_the_budget_rate_and_never_beyond_one_second(buckets):
    _take(buckets, 5, T0)  # the burst is spent
    assert _take(buckets, 3, T0 + timedelta(seconds=0.4)) == [0, 0, 0.2]  # 2 tokens came back in 0.4 s
    # a long quiet spell refills it to one second's budget, no more
    assert _take(buckets, 6, T0 + timedelta(seconds=60)) == [0, 0, 0, 0, 0, 0.2]


def test_waiting_sends_keep_their_slots_so_later_askers_queue_behind_them(buckets):
    assert _take(buckets, 7, T0)[-2:] == [0.2, 0.4]
    # a send asking a little later comes after the two waiting ones, whichever worker asks
    assert _take(buckets, 1, T0 + timedelta(seconds=0.1)) == [pytest.approx(0.5)]


def test_two_concurrent_callers_never_exceed_the_bucket(redis_buckets, db):
    # given two workers asking for sends at the same instants of a controlled clock
    budget, rounds, per_call = Budget(50), 40, 5
    slots: list[float] = []
    lock, together = threading.Lock(), threading.Barrier(2)

    def worker():
        for i in range(rounds):
            at = T0 + timedelta(seconds=i * 0.05)
            together.wait()  # both ask at the same instant of the shared clock
            waits = redis_buckets.take("sms", budget, per_call, at)
            with lock:
                slots.extend((at - T0).total_seconds() + w for w in waits)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every send has a time; no one-second window holds more than the burst plus one second's refill,
    # and none is sent before it was asked for
    slots.sort()
    assert len(slots) == 2 * rounds * per_call
    for i, start in enumerate(slots):
        assert sum(1 for s in slots[i:] if s < start + 1 - 1e-9) <= 2 * budget.per_second
    # the 400 sends, asked for at 200/s, take the budget's time: one burst of 50, then 50 a second
    assert slots[-1] == pytest.approx((len(slots) - budget.per_second) / budget.per_second, abs=0.021)


def test_two_concurrent_callers_share_the_database_bucket(transactional_db):
    # given the database bucket, asked from two threads with their own connections
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's test database is one in-memory connection per thread; PostgreSQL covers this")
    ChannelLimit.objects.create(channel="sms", per_second=20)
    store, waits, lock = DatabaseBuckets(), [], threading.Lock()

    def worker():
        from django.db import connection as own

        try:
            for _ in range(10):
                got = store.take("sms", Budget(20), 3, T0)
                with lock:
                    waits.extend(got)
        finally:
            own.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then the 60 sends hold 60 distinct slots, 0.05 s apart after the burst of 20
    assert sorted(waits) == [0] * 20 + [pytest.approx(0.05 * i) for i in range(1, 41)]


def test_over_budget_messages_are_deferred_with_the_reason_and_go_out_in_order(buckets, runner):
    # given an SMS budget of 2 a second and 5 queued messages
    ChannelLimit.objects.create(channel="sms", per_second=2)
    ids = [MessageFactory().pk for _ in range(5)]
    # when the outbox hands them over
    runner.drain()
    # then 2 are sent, 3 wait, deferred with the reason and the time of their slot
    rows = {m.pk: m for m in Message.objects.filter(pk__in=ids)}
    assert [rows[pk].status for pk in ids] == ["sent", "sent", "deferred", "deferred", "deferred"]
    assert all(rows[pk].reason.startswith("rate limit: sms at 2/s") for pk in ids[2:])
    assert [rows[pk].not_before - T0 for pk in ids[2:]] == [timedelta(seconds=s) for s in (0.5, 1.0, 1.5)]
    # when time passes, each goes out as its slot comes, and none is lost
    sent_at = {}
    for step in range(4):
        runner.wait(seconds=0.5)
        for m in Message.objects.filter(pk__in=ids, status="sent"):
            sent_at.setdefault(m.pk, m.sent_at)
    assert Message.objects.filter(pk__in=ids, status="sent").count() == 5
    assert [sent_at[pk] - T0 for pk in ids[2:]] == [timedelta(seconds=s) for s in (0.5, 1.0, 1.5)]
    assert sorted(ids, key=lambda pk: (sent_at[pk], pk)) == ids


def test_a_released_message_uses_its_reserved_slot_instead_of_asking_again(buckets, runner):
    ChannelLimit.objects.create(channel="sms", per_second=1)
    first, second = MessageFactory(), MessageFactory()
    runner.drain()
    assert Message.objects.get(pk=second.pk).status == "deferred"
    # when its slot comes, it is sent even though the bucket has no token beyond that slot
    runner.wait(seconds=1)
    assert Message.objects.get(pk=second.pk).status == "sent"
    third = MessageFactory()
    runner.drain()
    assert Message.objects.get(pk=third.pk).status == "deferred"  # it queues behind, after `second`'s slot
    assert Message.objects.get(pk=first.pk).status == "sent"


def test_a_channel_without_a_budget_is_not_held(buckets, runner):
    ChannelLimit.objects.create(channel="email", per_second=1)
    ids = [MessageFactory().pk for _ in range(4)]  # SMS
    runner.drain()
    assert set(Message.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"sent"}


def test_a_batch_delivered_directly_defers_without_calling_the_provider(buckets, db):
    ChannelLimit.objects.create(channel="sms", per_second=1)
    messages = [MessageFactory() for _ in range(3)]
    report = deliver_messages([m.pk for m in messages], now=T0)
    assert report.sent == [messages[0].pk]
    assert list(Message.objects.filter(status="deferred").order_by("id").values_list("id", flat=True)) == \
        [m.pk for m in messages[1:]]


def test_a_later_step_of_the_same_enrollment_waits_behind_a_rate_limited_one(buckets, runner):
    # given an SMS budget of 1 a second, spent, and an enrollment whose SMS step then waits for its slot
    from journeys.models import Enrollment
    from tests.factories import ContactFactory, JourneyVersionFactory

    ChannelLimit.objects.create(channel="sms", per_second=1)
    MessageFactory()  # takes the one token
    version = JourneyVersionFactory()
    journey = version.journey
    contact = ContactFactory(phone="+15550009999", email="later@example.com")
    enrollment = Enrollment.objects.create(journey=journey, version=version, contact=contact, current_node="b",
                                           state="active", entered_at=T0)
    sms = MessageFactory(enrollment=enrollment, journey=journey, node="a", contact=contact)
    email = MessageFactory(enrollment=enrollment, journey=journey, node="b", contact=contact, channel="email")
    runner.drain()
    # then the email (no budget) is held until the SMS before it has gone
    assert Message.objects.get(pk=sms.pk).status == "deferred"
    assert Message.objects.get(pk=email.pk).status == "queued"
    # when the SMS's slot comes, it goes, and the email right after it
    runner.wait(seconds=1)
    assert Message.objects.get(pk=sms.pk).status == Message.objects.get(pk=email.pk).status == "sent"
    assert list(SandboxDelivery.objects.filter(message__enrollment=enrollment).order_by("id")
                .values_list("message_id", flat=True)) == [sms.pk, email.pk]
