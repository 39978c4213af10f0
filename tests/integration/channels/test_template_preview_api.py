"""Template preview (sandboxed rendering, missing variables, SMS segments) and test sends."""
import pytest

from channels_app.models import Message, Suppression
from tests.factories import ContactFactory, MessageTemplateFactory
from tests.integration.channels.conftest import twilio_message_json

pytestmark = pytest.mark.django_db


def preview(api, slug, **body):
    return api.post(f"/api/v1/templates/{slug}/preview", body, format="json")


@pytest.fixture
def ada(db):
    return ContactFactory(user_id="ada", phone="+15550001111", traits={"first_name": "Ada", "plan": {"name": "pro"}})


def test_preview_renders_for_a_contact_and_reports_what_is_missing(api, ada):
    MessageTemplateFactory(slug="promo", channel="sms",
                           body="Hi {{ first_name }}, your {{ plan.name }} plan: {{ coupon }} {{ event.sku }}")
    response = preview(api, "promo", userId="ada", event={"sku": "A-1"})
    assert response.status_code == 200
    assert response.json() == {
        "slug": "promo", "channel": "sms", "userId": "ada", "locale": None,
        "rendered": {"body": "Hi Ada, your pro plan:  A-1"},
        "missing": ["coupon"], "defaulted": [],
        "sms": {"encoding": "GSM-7", "characters": 27, "units": 27, "segments": 1, "per_segment": 160},
        "warnings": ["missing, rendered empty: coupon"],
    }


def test_preview_reports_nested_missing_values_and_separates_defaults(api, ada):
    MessageTemplateFactory(slug="mail", channel="email", subject="{{ first_name|default:'friend' }}",
                           body="{{ traits.plan.tier }}", html="<p>{{ last_name|default:'' }}</p>")
    body = preview(api, "mail", userId="ada").json()
    assert body["missing"] == ["traits.plan.tier"] and body["defaulted"] == ["last_name"]
    assert body["rendered"] == {"subject": "Ada", "text": "", "html": "<p></p>"} and body["sms"] is None


def test_html_escapes_trait_values_but_text_does_not(api, db):
    ContactFactory(user_id="eve", traits={"first_name": "<script>x</script> & co"})
    MessageTemplateFactory(slug="mail", channel="email", subject="Hi {{ first_name }}", body="Hi {{ first_name }}",
                           html="<p>Hi {{ first_name }}</p>")
    rendered = preview(api, "mail", userId="eve").json()["rendered"]
    assert rendered["subject"] == "Hi <script>x</script> & co" == rendered["text"]
    assert rendered["html"] == "<p>Hi &lt;script&gt;x&lt;/script&gt; &amp; co</p>"


def test_sms_length_switches_to_ucs2_and_counts_segments(api, db):
    MessageTemplateFactory(slug="long", channel="sms", body="{{ text }}")
    gsm = preview(api, "long", traits={"text": "a" * 161}).json()
    assert gsm["sms"] == {"encoding": "GSM-7", "characters": 161, "units": 161, "segments": 2, "per_segment": 153}
    assert "2 segments" in gsm["warnings"][0]
    ucs = preview(api, "long", traits={"text": "Привет, " + "ы" * 62}).json()
    assert ucs["sms"] | {"per_segment": 0} == {"encoding": "UCS-2", "characters": 70, "units": 70, "segments": 1,
                                                "per_segment": 0}


@pytest.mark.parametrize("body", [
    "{{ contact.__class__ }}", "{{ traits.__class__.__mro__ }}", "{% debug %}", "{% load static %}",
    "{% include 'base.html' %}", "{% url 'api:schema' %}", "{% csrf_token %}", "{{ x|pprint }}",
])
def test_the_sandbox_refuses_python_internals_and_unsafe_tags(api, ada, body):
    MessageTemplateFactory(slug="evil", channel="sms", body=body)
    response = preview(api, "evil", userId="ada")
    assert response.status_code == 400 and response.json()["field"] == "body"


@pytest.mark.parametrize("body", [
    "{{ settings.SECRET_KEY }}", "{{ request.user }}", "{{ contact.phone }}", "{{ traits.keys.__len__ }}",
    "{{ traits.clear }}{{ traits.pop }}{{ first_name.format }}", "{{ journey.objects }}", "{{ message.delete }}",
])
def test_the_sandbox_sees_nothing_beyond_the_given_context(api, ada, settings, body):
    MessageTemplateFactory(slug="nosy", channel="sms", body=body + "|{{ first_name }}")
    response = preview(api, "nosy", userId="ada")
    rendered = response.json()["rendered"]["body"] if response.status_code == 200 else ""
    assert response.status_code in (200, 400)
    assert settings.SECRET_KEY not in rendered and "+15550001111" not in rendered
    if response.status_code == 200:
        # dict and str methods are not callable from a template, so traits survive
        assert rendered.endswith("|Ada")


def test_loops_over_traits_work(api, db):
    ContactFactory(user_id="bo", traits={"items": [{"name": "mat"}, {"name": "block"}]})
    MessageTemplateFactory(slug="cart", channel="sms", body="{% for i in items %}{{ i.name }};{% endfor %}")
    body = preview(api, "cart", userId="bo").json()
    assert body["rendered"]["body"] == "mat;block;" and body["missing"] == []


def test_preview_of_an_unknown_contact_or_template(api, db):
    MessageTemplateFactory(slug="promo", channel="sms", body="x")
    response = preview(api, "promo", userId="ghost")
    assert response.status_code == 400 and response.json()["field"] == "userId"
    assert preview(api, "nope", userId="ghost").status_code == 404


def test_preview_warns_about_a_webhook_body_that_is_not_json(api, db):
    MessageTemplateFactory(slug="hook", channel="webhook", url="https://h.example.com", body='{"a": {{ a }}}')
    assert "valid JSON" in preview(api, "hook").json()["warnings"][0]


# --- test sends ---------------------------------------------------------------------------------------

def test_test_send_goes_through_twilio_and_is_logged(api, ada, twilio_settings, fake_http):
    MessageTemplateFactory(slug="promo", channel="sms", body="Hi {{ first_name }}")
    fake_http.respond(201, twilio_message_json(sid="SM" + "7" * 32))
    response = api.post("/api/v1/templates/promo/test-send", {"to": "+15557654321", "userId": "ada"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["provider"], body["provider_id"], body["sandbox"]) == ("sent", "twilio", "SM" + "7" * 32,
                                                                                       False)
    assert body["content"] == {"body": "Hi Ada"} and body["address"] == "+15557654321"
    assert fake_http.requests[0].form["To"] == "+15557654321"
    message = Message.objects.get()
    assert message.journey_id is None and message.reason.startswith("accepted by Twilio")


def test_test_send_without_credentials_is_marked_sandbox(api, settings, db):
    settings.SENDGRID_API_KEY = ""
    MessageTemplateFactory(slug="mail", channel="email", subject="Hi {{ first_name|default:'you' }}", body="x")
    body = api.post("/api/v1/templates/mail/test-send", {"to": "me@example.com"}, format="json").json()
    assert (body["status"], body["provider"], body["sandbox"]) == ("sent", "sandbox", True)
    assert body["userId"].startswith("test:") and body["content"]["subject"] == "Hi you"


def test_test_send_inapp_goes_to_the_contact_inbox(api, ada):
    MessageTemplateFactory(slug="banner", channel="inapp", title="Hi {{ first_name }}", body="b")
    body = api.post("/api/v1/templates/banner/test-send", {"userId": "ada"}, format="json").json()
    assert (body["address"], body["status"], body["content"]["title"]) == ("ada", "sent", "Hi Ada")
    assert api.get("/api/v1/contacts/ada/inapp").json()["results"][0]["title"] == "Hi Ada"


@pytest.mark.parametrize("slug, channel, to", [
    ("promo", "sms", "555-1234"), ("promo", "sms", ""), ("mail", "email", "not-an-email"), ("hook", "webhook", "ftp://x"),
])
def test_test_send_checks_the_address(api, db, slug, channel, to):
    MessageTemplateFactory(slug=slug, channel=channel, body="x", subject="s", url="https://h.example.com")
    response = api.post(f"/api/v1/templates/{slug}/test-send", {"to": to}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "to"
    assert not Message.objects.exists()


def test_test_send_never_goes_to_a_blacklisted_address(api, db):
    MessageTemplateFactory(slug="promo", channel="sms", body="x")
    Suppression.objects.create(channel="sms", address="+15557654321", reason="STOP")
    response = api.post("/api/v1/templates/promo/test-send", {"to": "+15557654321"}, format="json")
    assert response.status_code == 409 and response.json()["field"] == "to"
    assert not Message.objects.exists()
