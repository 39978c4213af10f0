"""Template language variants (design section 10): stored and checked, picked by the contact's locale trait at
preview and at send, and frozen with the rest of the content when a journey version is approved."""
import pytest

from channels_app.models import MessageTemplate, SandboxDelivery, TemplateRevision
from channels_app.services.templates import template_update
from journeys.models import JourneyVersion
from tests.factories import ContactFactory, MessageTemplateFactory
from tests.integration.runtime.conftest import chain, live_journey, templates  # noqa: F401

pytestmark = pytest.mark.django_db

ZH = {"zh-hans": {"subject": "{{ first_name }}，您好", "body": "欢迎回来"}}


def create(api, **body):
    return api.post("/api/v1/templates/", {"slug": "welcome", "channel": "email", "subject": "Hi {{ first_name }}",
                                           "body": "Welcome back", **body}, format="json")


def preview(api, slug, **body):
    return api.post(f"/api/v1/templates/{slug}/preview", body, format="json")


def test_a_template_keeps_its_language_variants_and_records_them_in_its_history(api):
    response = create(api, locales=ZH)
    assert response.status_code == 201, response.json()
    assert response.json()["locales"] == ZH
    assert api.get("/api/v1/templates/welcome/").json()["locales"] == ZH
    changed = api.patch("/api/v1/templates/welcome/", {"locales": {"zh-hans": {"body": "再次欢迎"}}}, format="json")
    assert changed.status_code == 200 and changed.json()["locales"] == {"zh-hans": {"body": "再次欢迎"}}
    revision = TemplateRevision.objects.get(slug="welcome", number=2)
    assert revision.before["locales"] == ZH and revision.content["locales"] == {"zh-hans": {"body": "再次欢迎"}}


@pytest.mark.parametrize("locales, field", [
    ({"zh-hans": {"subjct": "x"}}, "locales.zh-hans.subjct"),
    ({"fr": {"subject": "x"}}, "locales.fr"),
    ({"zh-hans": {"title": "x"}}, "locales.zh-hans.title"),  # an in-app field on an email template
    ({"zh-hans": {"subject": 3}}, "locales.zh-hans.subject"),
    ({"zh-hans": "text"}, "locales.zh-hans"),
    ({"zh-hans": {"subject": "{% if %}"}}, "locales.zh-hans.subject"),  # does not compile
])
def test_a_bad_variant_is_refused_naming_it_and_nothing_is_written(api, locales, field):
    response = create(api, locales=locales)
    assert response.status_code == 400 and response.json()["field"] == field, response.json()
    assert not MessageTemplate.objects.exists() and not TemplateRevision.objects.exists()


def test_a_bad_variant_is_explained_in_the_callers_language(api):
    response = api.post("/api/v1/templates/", {"slug": "w", "channel": "email", "subject": "Hi", "body": "x",
                                               "locales": {"zh-hans": {"subjct": "x"}}},
                        format="json", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert response.json()["field"] == "locales.zh-hans.subjct"
    assert "不是 email 模板的内容字段" in response.json()["detail"]


def test_locales_that_are_not_an_object_are_refused(api):
    response = create(api, locales=["zh-hans"])
    assert response.status_code == 400 and "locales" in response.json()


def test_empty_variant_fields_are_dropped_and_keep_the_default(api):
    assert create(api, locales={"zh-hans": {"subject": "", "body": "欢迎"}}).json()["locales"] == {
        "zh-hans": {"body": "欢迎"}}
    ContactFactory(user_id="li", traits={"first_name": "Li", "locale": "zh-CN"})
    rendered = preview(api, "welcome", userId="li").json()["rendered"]
    assert rendered["subject"] == "Hi Li" and rendered["text"] == "欢迎"


@pytest.mark.parametrize("trait, expected", [
    ("zh-hans", "zh-hans"), ("zh-Hans", "zh-hans"), ("zh-CN", "zh-hans"), ("zh", "zh-hans"), ("ZH_cn", "zh-hans"),
    ("zh-TW", None), ("en-GB", None), ("", None), (7, None),
])
def test_the_contact_locale_trait_picks_the_variant_at_preview(api, trait, expected):
    create(api, locales=ZH)
    ContactFactory(user_id="li", traits={"first_name": "Li", "locale": trait})
    body = preview(api, "welcome", userId="li").json()
    assert body["locale"] == expected
    assert body["rendered"]["subject"] == ("Li，您好" if expected else "Hi Li")


def test_preview_renders_a_chosen_variant_or_the_default_for_the_editor(api):
    create(api, locales=ZH)
    ContactFactory(user_id="li", traits={"first_name": "Li", "locale": "zh-CN"})
    assert preview(api, "welcome", userId="li", locale="").json()["rendered"]["subject"] == "Hi Li"
    chosen = preview(api, "welcome", traits={"first_name": "Ada"}, locale="zh-hans").json()
    assert chosen["locale"] == "zh-hans" and chosen["rendered"]["subject"] == "Ada，您好"
    assert preview(api, "welcome", locale="fr").json()["field"] == "locale"


def test_preview_reports_the_variant_missing_variables_and_chinese_sms_segments(api):
    MessageTemplateFactory(slug="sms-cn", channel="sms", body="Hi",
                           locales={"zh-hans": {"body": "{{ first_name }}您好，" + "优" * 66 + "{{ coupon }}"}})
    ContactFactory(user_id="li", traits={"first_name": "李", "locale": "zh"})
    body = preview(api, "sms-cn", userId="li").json()
    # 李 + 您好， (3) + 66 = 70 UTF-16 units: one UCS-2 part; the coupon is missing
    assert body["missing"] == ["coupon"] and body["sms"]["encoding"] == "UCS-2"
    assert (body["sms"]["units"], body["sms"]["segments"]) == (70, 1)
    longer = preview(api, "sms-cn", userId="li", traits={"coupon": "券"}).json()
    assert (longer["sms"]["units"], longer["sms"]["segments"], longer["sms"]["per_segment"]) == (71, 2, 67)


def test_a_send_uses_the_variant_frozen_at_approval(runner, templates):  # noqa: F811
    # given a live journey approved while the sms template had a zh-hans variant
    template_update(templates["hello-sms"], locales={"zh-hans": {"body": "{{ first_name }}，您好"}})
    journey = live_journey(chain(("t", "trigger", {"event": "signed_up"}),
                                 ("day", "wait", {"seconds": 3600}),
                                 ("hello", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
                                 ("x", "exit", {})))
    pinned = JourneyVersion.objects.get(journey=journey).templates["hello-sms"]
    assert pinned["locales"] == {"zh-hans": {"body": "{{ first_name }}，您好"}}
    runner.identify("li", phone="+15550001", first_name="李", locale="zh-CN")
    runner.identify("ada", phone="+15550002", first_name="Ada")
    runner.track("li", "signed_up")
    runner.track("ada", "signed_up")
    # when the variant is edited after approval and both reach the send
    template_update(templates["hello-sms"], locales={"zh-hans": {"body": "改过了"}})
    runner.wait(seconds=3600)
    # then each gets their language as approved
    sent = {d.message.contact.user_id: d.request["content"]["body"] for d in SandboxDelivery.objects.all()}
    assert sent == {"li": "李，您好", "ada": "Hi Ada"}
