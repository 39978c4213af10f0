"""Template limits at the edges: refused at save and preview with a 400 that says why, and at send time a
template that raises or breaks a limit fails only its own message."""
import pytest

from channels_app.models import Message, MessageTemplate, SandboxDelivery
from channels_app.services.delivery import deliver_messages
from tests.factories import ContactFactory, MessageFactory, MessageTemplateFactory

pytestmark = pytest.mark.django_db



@pytest.fixture
def standing_clock(monkeypatch):
    """Time does not pass inside a render: the iteration bound, not a busy machine's 100 ms, stops the loops."""
    from channels_app.templating import limits

    monkeypatch.setattr(limits, "monotonic", lambda: 0.0)


NESTED_LOOPS = "{% for a in s %}{% for b in s %}{% for c in s %}{{ c }}{% endfor %}{% endfor %}{% endfor %}"


@pytest.mark.parametrize("body, says", [
    ('{{ first_name|center:"20000000" }}', "exceeds a limit: the argument of |center is above 1,000"),
    ("{% lorem 20000 p %}", "exceeds a limit: {% lorem %} is limited to 100"),
    ("{{ plan|divisibleby:0 }}", "fails to render: ValueError"),
    ("{{ first_name|wordwrap:0 }}", "exceeds a limit: the argument of |wordwrap must be at least 1"),
    ("{% for a in name %}{% for b in name %}{% for c in name %}{% for d in name %}{% endfor %}{% endfor %}"
     "{% endfor %}{% endfor %}", "exceeds a limit: loops ran more than 10,000 iterations"),
])
def test_a_template_that_breaks_a_limit_or_raises_is_refused_at_save(api, body, says, standing_clock):
    # When a template is created that fails, or breaks a limit, for the sample contact
    response = api.post("/api/v1/templates", {"slug": "bad", "channel": "sms", "body": body}, format="json")
    # Then it is refused with a 400 naming the field and saying why, and nothing is written
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "body" and says in response.json()["detail"]
    assert not MessageTemplate.objects.exists()


def test_a_change_that_breaks_a_limit_is_refused_and_the_template_stays_as_it_was(api):
    MessageTemplateFactory(slug="promo", channel="sms", body="Hi {{ first_name }}")
    response = api.patch("/api/v1/templates/promo", {"body": "{% lorem 5000 w %}"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "body"
    assert MessageTemplate.objects.get(slug="promo").body == "Hi {{ first_name }}"


def test_preview_answers_400_not_500_for_a_template_that_raises_or_runs_away(api, standing_clock):
    # Given templates stored before the limits (so never checked at save)
    MessageTemplateFactory(slug="since", channel="sms", body="{{ created_at|timesince }}")
    MessageTemplateFactory(slug="loops", channel="sms", body=NESTED_LOOPS)
    # When previewed with data that makes them fail
    since = api.post("/api/v1/templates/since/preview", {"traits": {"created_at": "2026-01-01"}}, format="json")
    loops = api.post("/api/v1/templates/loops/preview", {"traits": {"s": "x" * 100}}, format="json")
    # Then each is a 400 that says why
    assert since.status_code == 400 and since.json()["field"] == "body"
    assert since.json()["detail"].startswith("the template fails to render: AttributeError")
    assert loops.status_code == 400 and "10,000 iterations" in loops.json()["detail"]


@pytest.mark.parametrize("channel_settings", ["sandbox", "scripted"])
def test_at_send_time_a_raising_template_fails_only_its_own_message(channel_settings, settings):
    # Given three queued SMS in one delivery batch, the middle one for a contact whose created_at is a string
    from channels_app.providers.base import Provider, SendResult
    from channels_app.providers.registry import override_provider

    class Accepting(Provider):
        name = "accepting"
        sent = []

        def send(self, message):
            self.sent.append(message.message_id)
            return SendResult(provider_id=f"p{message.message_id}")

    if channel_settings == "scripted":
        override_provider("sms", Accepting())
    try:
        MessageTemplateFactory(slug="since", channel="sms", body="Hi {{ first_name }}, {{ created_at|timesince }}")
        messages = [MessageFactory(template="since", contact=ContactFactory(
            phone=f"+1555000000{i}", traits={"first_name": "Ada", **({"created_at": "2026-01-01"} if i == 1 else {})}))
            for i in range(3)]
        # When the batch is delivered
        report = deliver_messages([m.pk for m in messages])
    finally:
        override_provider("sms", None)
    # Then the two others are sent, and the bad one failed with the render error as its reason
    good, bad = [messages[0].pk, messages[2].pk], messages[1].pk
    assert sorted(report.sent) == good and report.failed == [bad]
    assert set(Message.objects.filter(pk__in=good).values_list("status", flat=True)) == {"sent"}
    failed = Message.objects.get(pk=bad)
    assert (failed.status, failed.error_code) == ("failed", "template_error")
    assert failed.reason.startswith("render_error: AttributeError: 'str' object has no attribute 'year'")
    assert not SandboxDelivery.objects.filter(message_id=bad).exists()
