"""Circuit breakers per provider: open on failures in a row or a high error rate, defer, probe once, close."""
import logging
from datetime import timedelta

import pytest

from channels_app.models import BreakerState, Message
from channels_app.providers.base import Provider, SendResult
from channels_app.providers.registry import override_provider
from channels_app.services import breakers
from journeys.models import Notification
from tests.factories import JourneyFactory, MessageFactory, UserFactory, with_roles
from tests.integration.runtime.conftest import T0

pytestmark = pytest.mark.django_db

DOWN = SendResult(status="failed", retryable=True, error_code="http_503", detail="503 Service Unavailable")
REFUSED = SendResult(status="failed", error_code="21211", detail="invalid number")  # the address, not the provider


class FlakyProvider(Provider):
    """Answers from a script; when the script is empty it keeps answering `then`."""
    name = "flaky"

    def __init__(self, *script, then=DOWN):
        self.script, self.then, self.calls = list(script), then, 0

    def send(self, message):
        self.calls += 1
        result = self.script.pop(0) if self.script else self.then
        return SendResult(**{**result.__dict__, "provider_id": f"p{self.calls}"}) if result.status == "sent" else result


@pytest.fixture
def flaky():
    installed = []

    def install(*script, then=DOWN):
        provider = FlakyProvider(*script, then=then)
        override_provider("sms", provider)
        installed.append(provider)
        return provider

    yield install
    override_provider("sms", None)


def _messages(count, **kwargs):
    return [MessageFactory(**kwargs) for _ in range(count)]


def _statuses(messages):
    rows = {m.pk: m for m in Message.objects.filter(pk__in=[m.pk for m in messages])}
    return [rows[m.pk].status for m in messages]


def test_five_failures_in_a_row_open_the_breaker_and_defer_the_rest(flaky, runner):
    # given a provider that answers 503 to everything
    provider = flaky()
    messages = _messages(8)
    # when the outbox hands 8 messages over
    runner.drain()
    # then the breaker opens after the 5th failure and the other 3 wait, deferred, with the reason
    assert provider.calls == 5
    state = BreakerState.objects.get(provider="flaky")
    assert (state.state, state.reason) == ("open", "5 consecutive failures")
    assert state.retry_at == T0 + timedelta(seconds=30)
    deferred = Message.objects.filter(pk__in=[m.pk for m in messages[5:]])
    assert {(m.status, m.not_before) for m in deferred} == {("deferred", state.retry_at)}
    assert all(m.reason.startswith("circuit open: flaky is failing") for m in deferred)


def test_half_the_attempts_failing_in_the_window_opens_it(db):
    outcomes = [True, False] * 10  # 10 of 20 fail, never more than 1 in a row
    reasons = [breakers.record("flaky", failed, T0 + timedelta(seconds=i)) for i, failed in enumerate(outcomes)]
    assert reasons[:-1] == [""] * 19
    assert reasons[-1] == "10 of 20 sends failed within 60 s"
    assert BreakerState.objects.get(provider="flaky").state == "open"


def test_failures_spread_over_more_than_the_window_do_not_add_up(db):
    for i, failed in enumerate([True, False] * 15):
        assert breakers.record("flaky", failed, T0 + timedelta(seconds=i * 4)) == ""  # 120 s in all
    assert BreakerState.objects.get(provider="flaky").state == "closed"


def test_a_refused_address_is_not_a_provider_failure(flaky, runner):
    provider = flaky(then=REFUSED)
    _messages(7)
    runner.drain()
    assert provider.calls == 7
    assert not BreakerState.objects.filter(state="open").exists()


def test_after_the_cool_down_a_single_probe_goes_and_its_success_closes_the_breaker(flaky, runner):
    provider = flaky()
    messages = _messages(8)
    runner.drain()
    assert provider.calls == 5
    # when the cool-down has not passed yet, nothing goes
    runner.wait(seconds=29)
    assert provider.calls == 5
    # when it has: a single probe goes first, the others wait for its answer
    provider.then = SendResult(status="sent")
    provider.script = []
    probes = []
    original = breakers._admit

    def spy(row, now):
        admission = original(row, now)
        probes.append(admission.go)
        return admission

    breakers._admit, restore = spy, original
    try:
        runner.wait(seconds=1)
    finally:
        breakers._admit = restore
    assert probes[0] == 1 and provider.calls == 6
    assert BreakerState.objects.get(provider="flaky").state == "closed"
    # and once closed, the rest go out: none lost
    runner.wait(seconds=5)
    assert _statuses(messages[5:]) == ["sent", "sent", "sent"]


def test_a_failed_probe_opens_it_for_another_cool_down(flaky, runner):
    provider = flaky()
    _messages(7)
    runner.drain()
    runner.wait(seconds=30)
    assert provider.calls == 6  # one probe, and it failed
    state = BreakerState.objects.get(provider="flaky")
    assert (state.state, state.reason) == ("open", "the probe after the cool-down failed too")
    assert state.retry_at == T0 + timedelta(seconds=60)


def test_only_one_worker_wins_the_probe(db):
    BreakerState.objects.create(provider="flaky", state="open", retry_at=T0)
    first = breakers.admissions({"flaky"}, T0 + timedelta(seconds=1))["flaky"]
    second = breakers.admissions({"flaky"}, T0 + timedelta(seconds=1))["flaky"]
    assert (first.go, second.go) == (1, 0)
    # a probe that never reports (its worker was lost) is replaced after a cool-down
    assert breakers.admissions({"flaky"}, T0 + timedelta(seconds=32))["flaky"].go == 1


def test_settings_change_the_thresholds(settings, db):
    settings.JOURNEYS_BREAKER_CONSECUTIVE_FAILURES = 2
    settings.JOURNEYS_BREAKER_COOLDOWN_SECONDS = 5
    assert breakers.record("flaky", True, T0) == ""
    assert breakers.record("flaky", True, T0) == "2 consecutive failures"
    assert BreakerState.objects.get(provider="flaky").retry_at == T0 + timedelta(seconds=5)


def test_opening_warns_in_the_log_and_notifies_the_admins(flaky, runner, caplog):
    admin = with_roles(UserFactory(username="ops"), "admin")
    marketer = with_roles(UserFactory(username="mk"), "marketer")
    journey = JourneyFactory()
    provider = flaky()
    _messages(5, journey=journey)
    with caplog.at_level(logging.WARNING, logger="journeys.alerts"):
        runner.drain()
    assert provider.calls == 5
    assert any("flaky circuit open: 5 consecutive failures" in r.getMessage() for r in caplog.records)
    notices = list(Notification.objects.filter(kind="circuit_open"))
    assert [(n.user_id, n.journey_id) for n in notices] == [(admin.pk, journey.pk)]
    assert marketer.pk not in {n.user_id for n in notices}
