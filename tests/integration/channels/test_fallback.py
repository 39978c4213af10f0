"""Ordered channel fallback in a send step: each reason to move on, the fallback timer, and its race with a late
delivery report (design section 12)."""
import pytest

from channels_app.models import DeliveryEvent, FrequencyCapRule, Message, SandboxDelivery, Suppression
from channels_app.services.callbacks import twilio_status
from channels_app.services.fallback import supersede_overdue
from journeys.models import Contact, Enrollment
from tests.integration.channels.fallback_support import (Providers, delivered, failing, fallback_journey,
                                                         make_templates)
from tests.integration.channels.wechat_aliyun_support import (OPENID, error_json, token_json,
                                                              wechat_settings)  # noqa: F401  (fixture)
from tests.integration.runtime.conftest import clock, runner, stub_broker  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(db):
    make_templates()
    installed = Providers()
    yield installed
    installed.clear()


def step_rows():
    return list(Message.objects.order_by("step_attempt").values_list("step_attempt", "channel", "status"))


def deliver_callback(message):
    """The SMS provider reports delivery (the service a signed Twilio status callback calls)."""
    message.refresh_from_db()
    return twilio_status({"MessageSid": message.provider_id, "MessageStatus": "delivered"}, str(message.pk))


def test_no_wechat_openid_moves_on_to_sms_in_the_same_step(runner, providers):
    fallback_journey()
    runner.identify("ada", phone="+15550001", email="ada@example.com")  # no wechat_openid
    runner.track("ada", "go")
    assert step_rows() == [(0, "wechat", "suppressed"), (1, "sms", "sent")]
    wechat, sms = Message.objects.order_by("step_attempt")
    assert wechat.reason == "no WeChat openid"
    assert sms.reason.startswith("fell back from wechat: no WeChat openid")  # kept when the provider took it
    assert {(m.node, m.visit, m.enrollment_id) for m in (wechat, sms)} == {("s", 1, Enrollment.objects.get().pk)}
    assert list(SandboxDelivery.objects.values_list("channel", flat=True)) == ["sms"]


def test_a_contact_with_an_openid_gets_wechat_only(runner, providers):
    fallback_journey()
    runner.identify("ada", phone="+15550001", wechat_openid="o-ada")
    runner.track("ada", "go")
    assert step_rows() == [(0, "wechat", "sent")]
    assert Message.objects.get().address == "o-ada"


def test_a_blacklisted_channel_is_skipped(runner, providers):
    fallback_journey(("sms", "email"))
    runner.identify("ada", phone="+15550001", email="ada@example.com")
    Suppression.objects.create(contact=Contact.objects.get(user_id="ada"), channel="sms", reason="STOP")
    runner.track("ada", "go")
    assert step_rows() == [(0, "sms", "suppressed"), (1, "email", "sent")]


def test_a_capped_channel_is_skipped(runner, providers):
    FrequencyCapRule.objects.create(channel="sms", limit=1, window_seconds=86400)
    fallback_journey(("sms", "email"))
    runner.identify("ada", phone="+15550001", email="ada@example.com")
    runner.track("ada", "go")
    runner.wait(seconds=1)
    runner.track("ada", "go")  # re-enters: the second SMS is over the cap
    second = Message.objects.filter(enrollment=Enrollment.objects.order_by("id").last())
    assert sorted(second.values_list("step_attempt", "channel", "status")) == [(0, "sms", "capped"),
                                                                             (1, "email", "sent")]


def test_every_channel_blocked_logs_each_attempt_and_on_capped_exit_leaves(runner, providers):
    fallback_journey(("wechat", "sms"), on_capped="exit")
    runner.identify("ada", email="ada@example.com")
    runner.track("ada", "go")
    assert step_rows() == [(0, "wechat", "suppressed"), (1, "sms", "suppressed")]
    enrollment = Enrollment.objects.get()
    assert enrollment.state == "exited" and enrollment.exit_reason == "suppressed: no phone number"


def test_a_permanent_provider_failure_falls_back_to_the_next_channel(runner, providers):
    wechat = providers.use("wechat", failing("40003"))
    fallback_journey()
    runner.identify("ada", phone="+15550001", wechat_openid="o-ada")
    runner.track("ada", "go")
    assert step_rows() == [(0, "wechat", "failed"), (1, "sms", "sent")]
    assert len(wechat.calls) == 1
    sms = Message.objects.get(channel="sms")
    assert sms.reason.startswith("fell back from wechat: error 40003")
    assert DeliveryEvent.objects.get(kind="fallback").detail["next"] == ["sms: queued"]


def test_the_real_wechat_provider_refusing_the_openid_falls_back_and_suppresses_it(runner, providers,
                                                                                    wechat_settings, fake_http):
    fake_http.respond(200, token_json())
    fake_http.respond(200, error_json(43004, "require subscribe"))
    fallback_journey()
    runner.identify("ada", phone="+15550001", wechat_openid=OPENID)
    runner.track("ada", "go")
    assert step_rows() == [(0, "wechat", "failed"), (1, "sms", "sent")]
    assert [r.path for r in fake_http.requests] == ["/cgi-bin/token", "/cgi-bin/message/template/send"]
    assert Suppression.objects.filter(channel="wechat", address=OPENID).exists()
    runner.track("ada", "go")  # next time the openid is blacklisted: straight to SMS, WeChat not called
    assert Message.objects.filter(channel="wechat", status="suppressed").count() == 1
    assert len(fake_http.requests) == 2


def test_retries_exhausted_fall_back_and_a_retry_in_between_does_not(runner, providers):
    wechat = providers.use("wechat", failing("45009", retryable=True))
    fallback_journey()
    runner.identify("ada", phone="+15550001", wechat_openid="o-ada")
    runner.track("ada", "go")
    assert step_rows() == [(0, "wechat", "queued")]  # retrying later: not a failure yet
    for _ in range(12):
        runner.wait(seconds=700)
    assert step_rows() == [(0, "wechat", "failed"), (1, "sms", "sent")]
    assert Message.objects.get(channel="wechat").reason.startswith("gave up after 8 attempts")
    assert len(wechat.calls) == 8


def test_a_failure_callback_after_acceptance_falls_back_once(runner, providers):
    fallback_journey(("sms", "email"))
    runner.identify("ada", phone="+15550001", email="ada@example.com")
    runner.track("ada", "go")
    sms = Message.objects.get(channel="sms")
    for _ in range(2):  # Twilio retries its callbacks
        twilio_status({"MessageSid": sms.provider_id, "MessageStatus": "undelivered", "ErrorCode": "30006"},
                      str(sms.pk))
    runner.drain()
    assert step_rows() == [(0, "sms", "undelivered"), (1, "email", "sent")]


def test_quiet_hours_defer_the_step_and_never_fall_back(runner, providers):
    fallback_journey(("sms", "email"), settings={"reentry": "after_exit", "quiet_hours": {"start": "11:00",
                                                                                        "end": "13:00"}})
    runner.identify("ada", phone="+15550001", email="ada@example.com")
    runner.track("ada", "go")  # noon UTC: inside the quiet hours
    assert step_rows() == [(0, "sms", "deferred")]
    runner.wait(hours=1, minutes=1)
    assert step_rows() == [(0, "sms", "sent")]


def test_a_send_over_the_rate_budget_waits_and_never_falls_back(runner, providers):
    from channels_app.models import ChannelLimit

    wechat = providers.use("wechat", delivered("wechat"))
    ChannelLimit.objects.create(channel="wechat", per_second=1)
    fallback_journey()
    for n in range(3):
        runner.identify(f"c{n}", phone=f"+1555000{n}", wechat_openid=f"o-{n}")
    for n in range(3):
        runner.track(f"c{n}", "go")
    assert not Message.objects.filter(step_attempt__gt=0).exists()
    for _ in range(5):
        runner.wait(seconds=2)
    assert sorted(Message.objects.values_list("channel", "status")) == [("wechat", "delivered")] * 3
    assert len(wechat.calls) == 3


# -- fallback_after_seconds ------------------------------------------------------------------


def test_not_delivered_in_time_supersedes_the_attempt_and_moves_on(runner, providers):
    fallback_journey(("sms", "email"), after=600)
    runner.identify("ada", phone="+15550001", email="ada@example.com")
    runner.track("ada", "go")
    assert step_rows() == [(0, "sms", "sent")]
    runner.wait(seconds=599)
    assert step_rows() == [(0, "sms", "sent")]
    runner.wait(seconds=2)
    assert step_rows() == [(0, "sms", "superseded"), (1, "email", "sent")]
    assert Message.objects.get(channel="email").reason.startswith("fell back from sms: not delivered within 600s")


def test_delivered_in_time_never_falls_back(runner, providers):
    fallback_journey(("sms", "email"), after=600)
    runner.identify("ada", phone="+15550001", email="ada@example.com")
    runner.track("ada", "go")
    runner.wait(seconds=300)
    assert deliver_callback(Message.objects.get()) == "applied"
    runner.wait(seconds=600)
    assert step_rows() == [(0, "sms", "delivered")]
    assert Message.objects.get().fallback_at is None


def test_a_late_delivery_report_after_the_fallback_is_recorded_but_counts_no_second_delivery(runner, providers):
    providers.use("email", delivered("email"))
    fallback_journey(("sms", "email"), after=600)
    runner.identify("ada", phone="+15550001", email="ada@example.com")
    runner.track("ada", "go")
    runner.wait(seconds=601)
    assert step_rows() == [(0, "sms", "superseded"), (1, "email", "delivered")]
    assert deliver_callback(Message.objects.get(channel="sms")) == "applied"
    assert step_rows() == [(0, "sms", "superseded"), (1, "email", "delivered")]
    assert DeliveryEvent.objects.filter(message__channel="sms", kind="delivered").count() == 1  # on its timeline
    assert Message.objects.filter(status="delivered").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_fallback_timer_and_a_late_delivery_report_never_both_win(clock, stub_broker):
    """Race the timer sweep against the delivery callback for the same due attempt, many times over: each step
    ends with exactly one of them having won, never a delivered attempt and a fallback both."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks race only on PostgreSQL (SQLite has one writer at a time)")
    from channels_app.models import MessageTemplate
    from tests.factories import ContactFactory

    MessageTemplate.objects.create(slug="hi-sms", channel="sms", body="Hi")
    MessageTemplate.objects.create(slug="hi-email", channel="email", subject="Hi", body="Hi", html="<p>Hi</p>")
    journey = fallback_journey(("sms", "email"), after=60)
    version = journey.versions.order_by("-id").first()
    winners = []
    for round_ in range(20):
        contact = ContactFactory(phone=f"+1555100{round_:02d}", email=f"c{round_}@example.com")
        enrollment = Enrollment.objects.create(journey=journey, version=version, contact=contact,
                                               current_node="s", state="completed", entered_at=clock.now)
        sms = Message.objects.create(
            enrollment=enrollment, journey=journey, version=version, node="s", visit=1, contact=contact,
            channel="sms", template="hi-sms", address=contact.phone, status="sent", provider="sandbox",
            provider_id=f"SM{round_}", created_at=clock.now, fallback_at=clock.now,
            fallback={"next": ["email"], "templates": {"sms": "hi-sms", "email": "hi-email"}, "after_seconds": 60})
        barrier = threading.Barrier(2)

        def callback():
            barrier.wait()
            twilio_status({"MessageSid": sms.provider_id, "MessageStatus": "delivered"}, str(sms.pk))
            connection.close()

        def timer():
            barrier.wait()
            supersede_overdue(clock.now)
            connection.close()

        threads = [threading.Thread(target=callback), threading.Thread(target=timer)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        supersede_overdue(clock.now)  # a tick after: a timer that skipped the locked row looks again
        rows = dict(Message.objects.filter(enrollment=enrollment).values_list("step_attempt", "status"))
        assert rows in ({0: "delivered"}, {0: "superseded", 1: "queued"}), rows
        assert list(rows.values()).count("delivered") <= 1
        winners.append("callback" if rows[0] == "delivered" else "timer")
    assert DeliveryEvent.objects.filter(kind="delivered").count() == 20  # every report recorded, win or lose
