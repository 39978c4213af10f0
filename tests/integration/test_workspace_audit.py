"""Role-protected workspace writes leave an audit record (who, what, before, after) in their own
transaction: suppressions added and lifted, frequency caps created, changed and deleted."""
import pytest

from tests.factories import SuppressionFactory, UserFactory, with_roles
from tests.integration.conftest import api_client_for
from workspace.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def records():
    return list(AuditRecord.objects.order_by("id").values("actor_name", "action", "object_type", "object_id",
                                                          "before", "after"))


def test_lifting_a_suppression_records_who_and_what_was_lifted(admin_api, admin):
    # given two blacklist entries for one number
    one = SuppressionFactory(channel="sms", address="+15550001111", reason="STOP")
    SuppressionFactory(channel="all", address="+15550001111", reason="legal")
    # when the admin lifts one by id, then the rest in bulk
    assert admin_api.delete(f"/api/v1/suppressions/{one.pk}").status_code == 204
    assert admin_api.delete("/api/v1/suppressions", {"address": "+15550001111"}, format="json").json() == {"deleted": 1}
    # then each lift is recorded with the entry as it was
    lifted = records()
    assert [(r["actor_name"], r["action"], r["after"]) for r in lifted] == [
        (admin.username, "suppression.removed", None)] * 2
    assert [(r["before"]["channel"], r["before"]["address"], r["before"]["reason"]) for r in lifted] == [
        ("sms", "+15550001111", "STOP"), ("all", "+15550001111", "legal")]
    assert lifted[0]["object_id"] == str(one.pk)


def test_adding_a_suppression_is_recorded_and_a_refused_one_is_not(api, user):
    # when a marketer adds an entry, then the same one again
    created = api.post("/api/v1/suppressions", {"channel": "email", "address": "ada@example.com", "reason": "asked"},
                       format="json")
    duplicate = api.post("/api/v1/suppressions", {"channel": "email", "address": "ada@example.com"}, format="json")
    # then one record: the duplicate was refused and its transaction left nothing
    assert (created.status_code, duplicate.status_code) == (201, 409)
    assert [(r["actor_name"], r["action"], r["object_id"], r["before"], r["after"]["address"]) for r in records()] == [
        (user.username, "suppression.added", str(created.json()["id"]), None, "ada@example.com")]


def test_a_csv_import_is_one_record_with_its_counts(api):
    csv = "channel,address,reason\nsms,+15550001111,STOP\nemail,a@example.com,\n"
    assert api.post("/api/v1/suppressions", csv, content_type="text/csv").status_code == 200
    assert [(r["action"], r["after"]) for r in records()] == [
        ("suppressions.imported", {"rows": 2, "created": 2, "skipped": 0})]


def test_caps_created_changed_and_deleted_are_recorded_with_before_and_after(db):
    # given an approver (caps are theirs and the admin's)
    approver = with_roles(UserFactory(username="arne"), "approver")
    client = api_client_for(approver)
    # when they create, change and delete a cap
    rule = client.post("/api/v1/frequency-caps", {"channel": "sms", "limit": 2, "window_seconds": 60},
                       format="json").json()
    client.patch(f"/api/v1/frequency-caps/{rule['id']}", {"limit": 5}, format="json")
    client.delete(f"/api/v1/frequency-caps/{rule['id']}")
    # then three records, each with the rule before and after
    assert [(r["actor_name"], r["action"], r["object_id"]) for r in records()] == [
        ("arne", "frequency_cap.created", str(rule["id"])), ("arne", "frequency_cap.changed", str(rule["id"])),
        ("arne", "frequency_cap.deleted", str(rule["id"]))]
    created, changed, deleted = records()
    assert (created["before"], created["after"]["limit"]) == (None, 2)
    assert (changed["before"]["limit"], changed["after"]["limit"]) == (2, 5)
    assert (deleted["before"]["limit"], deleted["after"]) == (5, None)


def test_a_refused_write_leaves_no_record(db):
    client = api_client_for(with_roles(UserFactory(username="vic"), "viewer"))
    assert client.post("/api/v1/frequency-caps", {"limit": 2, "window_seconds": 60}, format="json").status_code == 403
    assert records() == []
