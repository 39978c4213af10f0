"""Best channel first: `"channels": "auto"` orders a step's channels by the contact's engagement over 90 days."""
from datetime import timedelta

import pytest

from channels_app.models import DeliveryEvent, Message
from channels_app.services.channel_ranking import engagement, rank
from journeys.models import Contact, Conversion, Enrollment
from tests.integration.channels.fallback_support import Providers, fallback_journey, make_templates
from tests.integration.runtime.conftest import T0, clock, runner, stub_broker  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(db):
    make_templates()
    installed = Providers()
    yield installed
    installed.clear()


def history(contact, channel, *, status="sent", events=(), days_ago=1):
    at = T0 - timedelta(days=days_ago)
    message = Message.objects.create(contact=contact, channel=channel, template=f"hi-{channel}", status=status,
                                     created_at=at)
    for kind in events:
        DeliveryEvent.objects.create(message=message, kind=kind, occurred_at=at)
    return message


def auto_journey():
    # Key order means nothing (jsonb drops it): ties go WeChat, SMS, email.
    return fallback_journey("auto", templates={"sms": "hi-sms", "email": "hi-email", "wechat": "hi-wechat"})


def test_the_most_opened_channel_goes_first_and_the_log_says_why(runner, providers):
    auto_journey()
    runner.identify("ada", phone="+15550001", email="ada@example.com", wechat_openid="o-ada")
    ada = Contact.objects.get(user_id="ada")
    for _ in range(3):
        history(ada, "sms", events=["open"])
    history(ada, "wechat")
    runner.track("ada", "go")
    sent = Message.objects.get(enrollment__isnull=False)
    assert (sent.channel, sent.step_attempt, sent.status) == ("sms", 0, "sent")
    assert sent.reason.startswith("ranked sms > wechat (opens 3 vs 0)")  # kept once the provider took it
    assert sent.fallback["next"] == ["wechat", "email"]


def test_without_history_the_default_order_holds(runner, providers):
    auto_journey()
    runner.identify("ada", phone="+15550001", wechat_openid="o-ada")
    runner.track("ada", "go")
    sent = Message.objects.get()
    assert sent.channel == "wechat"
    assert sent.reason.startswith("ranked wechat > sms (no engagement difference; default order)")


def test_the_reason_names_the_first_measure_that_differs():
    stats = {"wechat": {"converted": 0, "clicked": 0, "opened": 3, "delivered": 3},
             "sms": {"converted": 0, "clicked": 0, "opened": 0, "delivered": 5}}
    assert rank(["sms", "wechat"], stats).reason == "ranked wechat > sms (opens 3 vs 0)"


def test_ranked_channels_still_fall_back_in_rank_order(runner, providers):
    auto_journey()
    runner.identify("ada", phone="+15550001")  # neither an email address nor an openid
    ada = Contact.objects.get(user_id="ada")
    history(ada, "email", status="delivered")
    history(ada, "email", status="delivered")
    history(ada, "wechat", status="delivered")
    runner.track("ada", "go")
    rows = list(Message.objects.filter(enrollment__isnull=False).order_by("step_attempt")
                .values_list("channel", "status"))
    assert rows == [("email", "suppressed"), ("wechat", "suppressed"), ("sms", "sent")]


def test_conversions_outrank_clicks_which_outrank_opens_and_deliveries():
    stats = {"sms": {"converted": 0, "clicked": 0, "opened": 9, "delivered": 9},
             "email": {"converted": 0, "clicked": 1, "opened": 0, "delivered": 0},
             "wechat": {"converted": 1, "clicked": 0, "opened": 0, "delivered": 0}}
    ranking = rank(["sms", "email", "wechat"], stats)
    assert ranking.order == ["wechat", "email", "sms"]
    assert ranking.reason == "ranked wechat > email (conversions 1 vs 0)"


def test_engagement_counts_the_last_90_days_only_and_credits_conversions_to_their_channel(providers):
    ada = Contact.objects.create(user_id="ada")
    history(ada, "sms", status="delivered", events=["open", "open", "click"])  # two opens of one message: one
    history(ada, "sms", status="delivered", days_ago=91)  # too old
    converted = history(ada, "wechat")
    journey = fallback_journey()
    version = journey.versions.order_by("-id").first()
    enrollment = Enrollment.objects.create(journey=journey, version=version, contact=ada, current_node="x",
                                           state="completed", entered_at=T0)
    Conversion.objects.create(enrollment=enrollment, journey=journey, version=version, contact=ada,
                              event_name="order", message=converted, seconds_to_convert=5,
                              converted_at=T0 - timedelta(days=2))
    stats = engagement([ada.pk], T0)[ada.pk]
    assert stats["sms"] == {"converted": 0, "clicked": 1, "opened": 1, "delivered": 1}
    assert stats["wechat"] == {"converted": 1, "clicked": 0, "opened": 0, "delivered": 0}
