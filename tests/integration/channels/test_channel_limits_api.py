"""/api/v1/channel-limits and /settings/channels: each channel's send-rate budget, admins write, everyone reads."""
import re

import pytest
from django.test import Client

from channels_app.models import BreakerState, ChannelLimit
from tests.factories import UserFactory, with_roles
from tests.integration.conftest import api_client_for
from workspace.models import AuditRecord

pytestmark = pytest.mark.django_db
URL = "/api/v1/channel-limits"


def test_an_admin_sets_budgets_and_everyone_reads_them(admin_api):
    assert admin_api.get(URL).json() == {}
    put = admin_api.put(URL, {"sms": {"per_second": 50}, "email": {"per_second": 200}}, format="json")
    assert put.status_code == 200
    assert put.json() == {"email": {"per_second": 200}, "sms": {"per_second": 50}}
    viewer = api_client_for(with_roles(UserFactory(username="viewer"), "viewer"))
    assert viewer.get(URL).json() == {"email": {"per_second": 200}, "sms": {"per_second": 50}}


def test_put_replaces_the_whole_set_and_keeps_a_changed_buckets_state(admin_api):
    admin_api.put(URL, {"sms": {"per_second": 50}, "email": {"per_second": 200}}, format="json")
    ChannelLimit.objects.filter(channel="sms").update(tat_us=123)
    assert admin_api.put(URL, {"sms": {"per_second": 10}}, format="json").json() == {"sms": {"per_second": 10}}
    assert list(ChannelLimit.objects.values_list("channel", "per_second", "tat_us")) == [("sms", 10, 123)]
    assert admin_api.put(URL, {"sms": None}, format="json").json() == {}


def test_a_change_is_audited_with_before_and_after(admin_api):
    admin_api.put(URL, {"sms": {"per_second": 50}}, format="json")
    record = AuditRecord.objects.get(action="channel_limits.changed")
    assert (record.before, record.after) == ({}, {"sms": {"per_second": 50}})


@pytest.mark.parametrize("payload, field", [
    ({"sms": {"per_second": 0}}, "sms"),
    ({"sms": {"per_second": "fast"}}, "sms"),
    ({"sms": {"per_second": 1.5}}, "sms"),
    ({"sms": {}}, "sms"),
    ({"sms": 50}, "sms"),
    ({"fax": {"per_second": 5}}, "fax"),
    ({"email": {"per_second": 10}, "sms": {"per_second": -1}}, "sms"),
])
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(admin_api, payload, field):
    response = admin_api.put(URL, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body.get("field") == field or field in body or field in str(body.get("fields", body))
    assert not ChannelLimit.objects.exists()


def test_a_list_body_is_a_400(admin_api):
    assert admin_api.put(URL, [1, 2], format="json").status_code == 400


def test_only_admins_write(api):  # a marketer
    assert api.get(URL).status_code == 200
    assert api.put(URL, {"sms": {"per_second": 5}}, format="json").status_code == 403
    assert not ChannelLimit.objects.exists()


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_settings_page_lets_an_admin_edit_and_shows_others_read_only(admin):
    page = _browser(admin)
    assert page.post("/settings/channels", {"per_second_sms": "50", "per_second_email": ""}).status_code == 302
    assert dict(ChannelLimit.objects.values_list("channel", "per_second")) == {"sms": 50}
    html = page.get("/settings/channels").content.decode()
    assert 'name="per_second_sms"' in html and 'value="50"' in html
    assert 'data-testid="channel-costs"' in html and 'name="cost_sms"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # CSP: no inline script
    viewer_html = _browser(with_roles(UserFactory(username="v"), "viewer")).get("/settings/channels").content.decode()
    assert 'name="per_second_sms"' not in viewer_html and "Only admins change budgets" in viewer_html


def test_the_page_refuses_a_bad_number_and_names_the_channel(admin):
    page = _browser(admin)
    response = page.post("/settings/channels", {"per_second_sms": "lots"}, follow=True)
    assert "sms: a whole number" in response.content.decode()
    assert not ChannelLimit.objects.exists()


def test_the_page_shows_an_open_breaker(admin):
    BreakerState.objects.create(provider="twilio", state="open", reason="5 consecutive failures")
    html = _browser(admin).get("/settings/channels").content.decode()
    assert "twilio" in html and "5 consecutive failures" in html
