"""`/settings/suppressions` and `/settings/frequency-caps` (design §10 pages, §8 roles): each role sees the
controls it may use, the server refuses the rest, a CSV import adds the good rows and lists the bad lines."""
from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from channels_app.models import FrequencyCapRule, Suppression
from tests.factories import (
    ContactFactory,
    FrequencyCapRuleFactory,
    JourneyFactory,
    SuppressionFactory,
    UserFactory,
    with_roles,
)
from workspace.models import AuditRecord

pytestmark = pytest.mark.django_db
SUPPRESSIONS, CAPS = "/settings/suppressions", "/settings/frequency-caps"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def client_as(role: str) -> Client:
    client = Client()
    client.force_login(with_roles(UserFactory(username=f"page-{role}"), role))
    return client


# --- suppressions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role,adds,removes", [
    ("viewer", False, False), ("marketer", True, False), ("approver", True, False), ("admin", True, True)])
def test_the_suppression_page_shows_each_role_only_its_controls(role, adds, removes):
    SuppressionFactory(channel="sms", address="+15550001111", reason="replied STOP by SMS")
    html = client_as(role).get(SUPPRESSIONS).content.decode()
    assert ('data-testid="add-suppression"' in html) is adds
    assert ('data-testid="import-suppressions"' in html) is adds
    assert ('data-testid="remove-suppression"' in html) is removes
    assert 'data-testid="export-suppressions"' in html  # everyone reads, so everyone exports


def test_viewers_see_addresses_masked_on_the_page_and_in_the_export():
    SuppressionFactory(channel="email", address="ada@example.com", reason="sendgrid bounce: ada@example.com full")
    viewer = client_as("viewer")
    html = viewer.get(SUPPRESSIONS).content.decode()
    exported = b"".join(viewer.get(SUPPRESSIONS, {"format": "csv"}).streaming_content).decode()
    assert "ada@example.com" not in html and "ada@example.com" not in exported
    assert "ada@example.com" in client_as("admin").get(SUPPRESSIONS).content.decode()


def test_search_finds_an_entry_by_address_or_user_id_and_filters_by_channel_and_reason():
    ada = ContactFactory(user_id="ada-42")
    Suppression.objects.create(channel="all", contact=ada, reason="asked by phone")
    SuppressionFactory(channel="sms", address="+15550002222", reason="replied STOP by SMS")
    SuppressionFactory(channel="email", address="bob@example.com", reason="sendgrid spam report")
    admin = client_as("admin")

    def shown(**params) -> set[str]:
        return {row.split('"')[0] for row in admin.get(SUPPRESSIONS, params).content.decode()
                .split('data-suppression-id="')[1:]}

    by_id = {s.reason: str(s.pk) for s in Suppression.objects.all()}
    assert shown(q="ada-4") == {by_id["asked by phone"]}
    assert shown(q="5550002222") == {by_id["replied STOP by SMS"]}
    assert shown(channel="email") == {by_id["sendgrid spam report"]}
    assert shown(reason="replied STOP by SMS") == {by_id["replied STOP by SMS"]}
    assert shown(channel="nonsense") == set()


def test_the_list_is_paged_fifty_at_a_time():
    for n in range(55):
        SuppressionFactory(channel="sms", address=f"+1555123{n:04d}")
    admin = client_as("admin")
    first, second = admin.get(SUPPRESSIONS).content.decode(), admin.get(SUPPRESSIONS, {"page": 2}).content.decode()
    assert first.count("data-suppression-id=") == 50 and 'rel="next"' in first
    assert second.count("data-suppression-id=") == 5 and 'rel="prev"' in second


@pytest.mark.parametrize("role", ["marketer", "approver", "admin"])
def test_an_entry_added_on_the_page_is_on_the_blacklist_and_audited(role):
    response = client_as(role).post(SUPPRESSIONS, {"action": "add", "channel": "email",
                                                   "address": "Eve@Example.com", "reason": "asked"})
    assert response.status_code == 302
    entry = Suppression.objects.get()
    assert (entry.channel, entry.address, entry.reason) == ("email", "eve@example.com", "asked")
    assert AuditRecord.objects.filter(action="suppression.added", object_id=str(entry.pk)).exists()


def test_adding_without_a_target_or_twice_says_why_and_writes_nothing_more():
    marketer = client_as("marketer")
    refused = marketer.post(SUPPRESSIONS, {"action": "add", "channel": "sms"}, follow=True)
    assert "userId" in refused.content.decode() and not Suppression.objects.exists()
    marketer.post(SUPPRESSIONS, {"action": "add", "channel": "sms", "address": "+15550003333"})
    again = marketer.post(SUPPRESSIONS, {"action": "add", "channel": "sms", "address": "+15550003333"}, follow=True)
    assert "already on the blacklist" in again.content.decode() and Suppression.objects.count() == 1


def test_an_address_too_long_is_refused_naming_the_field():
    response = client_as("admin").post(SUPPRESSIONS, {"action": "add", "address": "a" * 321 + "@example.com"},
                                       follow=True)
    assert "address: " in response.content.decode() and not Suppression.objects.exists()


def test_a_viewer_may_not_add():
    response = client_as("viewer").post(SUPPRESSIONS, {"action": "add", "channel": "sms", "address": "+15550004444"})
    assert response.status_code == 403 and not Suppression.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "marketer", "approver"])
def test_only_an_admin_removes_an_entry(role):
    entry = SuppressionFactory(channel="sms", address="+15550005555")
    response = client_as(role).post(SUPPRESSIONS, {"action": "remove", "suppression": str(entry.pk)})
    assert response.status_code == 403 and Suppression.objects.filter(pk=entry.pk).exists()


def test_an_admin_removes_an_entry_and_the_removal_is_audited():
    entry = SuppressionFactory(channel="sms", address="+15550006666")
    response = client_as("admin").post(SUPPRESSIONS, {"action": "remove", "suppression": str(entry.pk)})
    assert response.status_code == 302 and not Suppression.objects.filter(pk=entry.pk).exists()
    assert AuditRecord.objects.filter(action="suppression.removed", object_id=str(entry.pk)).exists()


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("list.csv", text.encode(), content_type="text/csv")


def test_a_csv_import_adds_the_good_rows_and_lists_each_bad_line_by_number():
    ContactFactory(user_id="known-1")
    SuppressionFactory(channel="sms", address="+15550007777")
    text = ("channel,userId,address,reason\n"
            "sms,,+15550008888,imported\n"          # line 2: added
            "fax,,+15550009999,\n"                   # line 3: no such channel
            "email,,,\n"                             # line 4: neither a userId nor an address
            "email,ghost,,\n"                        # line 5: no such contact
            "all,known-1,,asked\n"                   # line 6: added
            "sms,,+15550007777,\n"                   # line 7: already there, skipped
            "sms,known-1,+15550001234,\n")           # line 8: both a userId and an address
    response = client_as("marketer").post(SUPPRESSIONS, {"action": "import", "file": _upload(text)})
    assert response.status_code == 200
    html = response.content.decode()
    failed = {int(row.split('"')[0]) for row in html.split('data-line="')[1:]}
    assert failed == {3, 4, 5, 8}
    assert set(Suppression.objects.values_list("channel", "address")) == {
        ("sms", "+15550007777"), ("sms", "+15550008888"), ("all", "")}
    assert AuditRecord.objects.get(action="suppressions.imported").after == {
        "rows": 7, "created": 2, "skipped": 1, "failed": 4}


def test_a_file_without_the_columns_is_refused_whole():
    response = client_as("admin").post(SUPPRESSIONS, {"action": "import", "file": _upload("phone\n+15550001111\n")},
                                       follow=True)
    assert "header row" in response.content.decode() and not Suppression.objects.exists()


def test_a_viewer_may_not_import():
    response = client_as("viewer").post(SUPPRESSIONS, {"action": "import",
                                                       "file": _upload("address\n+15550001111\n")})
    assert response.status_code == 403 and not Suppression.objects.exists()


def test_the_export_is_the_filtered_list_as_csv_and_imports_back():
    SuppressionFactory(channel="sms", address="+15550001212", reason="=HYPERLINK(x)")
    SuppressionFactory(channel="email", address="c@example.com")
    response = client_as("marketer").get(SUPPRESSIONS, {"channel": "sms", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["channel"], r["address"]) for r in rows] == [("sms", "'+15550001212")]
    assert rows[0]["reason"].startswith("'=")  # a formula is neutralised (core.csv_safe)


# --- frequency caps -------------------------------------------------------------------------------


@pytest.mark.parametrize("role,edits", [("viewer", False), ("marketer", False), ("approver", True), ("admin", True)])
def test_the_caps_page_explains_each_rule_and_shows_controls_to_approvers_and_admins(role, edits):
    FrequencyCapRuleFactory(channel="sms", limit=2, window_seconds=86400)
    html = client_as(role).get(CAPS).content.decode()
    assert "At most 2 SMS per contact per 24 h, across all journeys." in html
    assert ('data-testid="add-cap"' in html) is edits
    assert ('data-testid="delete-cap"' in html) is edits
    assert ('data-testid="read-only"' in html) is not edits


def test_the_caps_page_in_chinese_explains_the_rule_in_chinese():
    FrequencyCapRuleFactory(channel="sms", limit=2, window_seconds=86400)
    client = client_as("viewer")
    html = client.get(CAPS, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "每位联系人每 24 小时最多 2 条短信" in html


def test_with_no_rule_the_page_says_so():
    assert 'data-testid="caps-empty"' in client_as("viewer").get(CAPS).content.decode()


def test_an_approver_adds_edits_and_deletes_a_cap():
    journey = JourneyFactory(name="Welcome")
    approver = client_as("approver")
    approver.post(CAPS, {"action": "add", "channel": "email", "limit": "3", "window": "7", "unit": "days",
                         "journey": str(journey.pk)})
    rule = FrequencyCapRule.objects.get()
    assert (rule.channel, rule.limit, rule.window_seconds, rule.journey_id) == ("email", 3, 7 * 86400, journey.pk)
    words = "At most 3 emails per contact per 7 days, within the journey “Welcome”."
    assert words in approver.get(CAPS).content.decode()
    edit_form = approver.get(CAPS, {"edit": rule.pk}).content.decode()
    assert 'data-testid="edit-cap"' in edit_form
    approver.post(CAPS, {"action": "edit", "rule": str(rule.pk), "channel": "all", "limit": "5", "window": "30",
                         "unit": "minutes", "journey": ""})
    rule.refresh_from_db()
    assert (rule.channel, rule.limit, rule.window_seconds, rule.journey_id) == ("all", 5, 1800, None)
    approver.post(CAPS, {"action": "delete", "rule": str(rule.pk)})
    assert not FrequencyCapRule.objects.exists()
    assert set(AuditRecord.objects.values_list("action", flat=True)) >= {
        "frequency_cap.created", "frequency_cap.changed", "frequency_cap.deleted"}


@pytest.mark.parametrize("posted,field", [
    ({"limit": "0", "window": "1", "unit": "hours"}, "limit"),
    ({"limit": "２", "window": "1", "unit": "hours"}, "limit"),
    ({"limit": "2", "window": "400", "unit": "days"}, "window"),
    ({"limit": "2", "window": "1", "unit": "weeks"}, "unit"),
    ({"limit": "2", "window": "1", "unit": "hours", "channel": "fax"}, "channel"),
    ({"limit": "2", "window": "1", "unit": "hours", "journey": "999999"}, "journey"),
])
def test_a_bad_cap_is_refused_naming_the_field_and_nothing_is_written(posted, field):
    response = client_as("admin").post(CAPS, {"action": "add", "channel": "sms", **posted}, follow=True)
    assert f"{field}: " in response.content.decode() and not FrequencyCapRule.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "marketer"])
def test_viewers_and_marketers_may_not_change_caps(role):
    rule = FrequencyCapRuleFactory()
    client = client_as(role)
    assert client.post(CAPS, {"action": "delete", "rule": str(rule.pk)}).status_code == 403
    assert client.post(CAPS, {"action": "add", "channel": "sms", "limit": "1", "window": "1",
                              "unit": "hours"}).status_code == 403
    assert list(FrequencyCapRule.objects.values_list("pk", flat=True)) == [rule.pk]
