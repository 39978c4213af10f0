"""WeChat templates (template_id, data, url) and Aliyun SMS templates (aliyun_template_code, data) through the
templates API: saved and versioned with their fields, refused with a 400 naming the field, previewed rendered."""
import pytest

from channels_app.models import MessageTemplate, TemplateRevision
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

WECHAT = {"slug": "shipped", "channel": "wechat", "template_id": "TPL-1", "url": "https://shop.example.com/o",
          "data": {"first": "Hi {{ first_name }}", "keyword1": "{{ event.order_id|default:'-' }}"}}


def test_a_wechat_template_is_saved_with_its_fields_and_revision(api):
    response = api.post("/api/v1/templates", WECHAT, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["channel"], body["template_id"], body["data"]) == ("wechat", "TPL-1", WECHAT["data"])
    revision = TemplateRevision.objects.get(slug="shipped")
    assert revision.content["template_id"] == "TPL-1" and revision.content["data"] == WECHAT["data"]


@pytest.mark.parametrize("change, field", [
    ({"template_id": ""}, "template_id"),
    ({"url": "ftp://shop.example.com/o"}, "url"),
    ({"data": {"first": "{% if %}"}}, "data.first"),
    ({"data": {"bad name!": "x"}}, "data.bad name!"),
    ({"data": ["not", "an", "object"]}, "data"),
])
def test_a_wechat_template_that_cannot_send_is_refused_naming_the_field(api, change, field):
    response = api.post("/api/v1/templates", {**WECHAT, **change}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body.get("field") == field or field in body, body  # a service check, or a serializer's per-field one
    assert not MessageTemplate.objects.exists()


def test_the_preview_renders_every_data_field_and_the_url(api):
    api.post("/api/v1/templates", {**WECHAT, "url": "https://shop.example.com/o/{{ user_id }}"}, format="json")
    ContactFactory(user_id="ada", traits={"first_name": "Ada", "wechat_openid": "oAda"})
    response = api.post("/api/v1/templates/shipped/preview", {"userId": "ada", "event": {"order_id": "A-7"}},
                        format="json")
    assert response.status_code == 200, response.content
    assert response.json()["rendered"] == {"url": "https://shop.example.com/o/ada", "template_id": "TPL-1",
                                           "data": {"first": "Hi Ada", "keyword1": "A-7"}}


def test_a_url_that_renders_to_no_web_address_is_dropped_and_warned_about(api):
    api.post("/api/v1/templates", {**WECHAT, "url": "{{ link }}"}, format="json")
    response = api.post("/api/v1/templates/shipped/preview", {"traits": {"link": "javascript:alert(1)"}},
                        format="json")
    assert response.json()["rendered"]["url"] == ""
    assert any("http(s)" in w for w in response.json()["warnings"])


def test_an_aliyun_sms_template_needs_no_body_and_previews_its_parameters(api):
    response = api.post("/api/v1/templates", {"slug": "code", "channel": "sms", "aliyun_template_code": "SMS_1",
                                              "data": {"code": "{{ code }}"}}, format="json")
    assert response.status_code == 201, response.content
    preview = api.post("/api/v1/templates/code/preview", {"traits": {"code": "4321"}}, format="json").json()
    assert preview["rendered"] == {"body": "", "aliyun_template_code": "SMS_1", "template_param": {"code": "4321"}}


def test_an_sms_template_needs_a_body_or_an_aliyun_template_code(api):
    response = api.post("/api/v1/templates", {"slug": "empty", "channel": "sms"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "body"
