"""/api/v1/suppressions: list, add, lift, CSV export and all-or-nothing CSV import."""
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from channels_app.models import Suppression
from tests.factories import ContactFactory, SuppressionFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/suppressions"


def test_the_api_needs_a_key(anonymous_api):
    assert anonymous_api.get(URL).status_code in (401, 403)


def test_add_by_address_and_by_contact(api):
    ContactFactory(user_id="ada")
    by_address = api.post(URL, {"channel": "sms", "address": " +15550001111 ", "reason": "asked by phone"}, format="json")
    assert by_address.status_code == 201
    assert by_address.json() | {"id": 0, "created_at": ""} == {
        "id": 0, "channel": "sms", "userId": None, "address": "+15550001111", "reason": "asked by phone",
        "created_at": ""}
    by_contact = api.post(URL, {"userId": "ada"}, format="json")
    assert by_contact.status_code == 201
    assert (by_contact.json()["channel"], by_contact.json()["userId"], by_contact.json()["address"]) == ("all", "ada", "")


@pytest.mark.parametrize("payload, field", [
    ({}, "userId"),
    ({"userId": "ada", "address": "a@example.com"}, "address"),
    ({"address": "a@example.com", "channel": "fax"}, "channel"),
    ({"userId": "nobody"}, "userId"),
])
def test_bad_input_names_the_field_and_writes_nothing(api, payload, field):
    ContactFactory(user_id="ada")
    response = api.post(URL, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body.get("field") == field or field in body
    assert not Suppression.objects.exists()


def test_adding_the_same_entry_twice_is_a_conflict(api):
    api.post(URL, {"channel": "email", "address": "a@example.com"}, format="json")
    response = api.post(URL, {"channel": "email", "address": "a@example.com"}, format="json")
    assert response.status_code == 409 and response.json()["field"] == "address"
    # the same address on another channel is another entry
    assert api.post(URL, {"channel": "all", "address": "a@example.com"}, format="json").status_code == 201


def test_list_filters_and_pages(api):
    for n in range(5):
        SuppressionFactory(channel="sms", address=f"+1555000000{n}", reason="stop")
    SuppressionFactory(channel="email", address="x@example.com", reason="bounce")
    assert len(api.get(URL, {"channel": "sms"}).json()["results"]) == 5
    assert [r["address"] for r in api.get(URL, {"address": "x@example.com"}).json()["results"]] == ["x@example.com"]
    assert len(api.get(URL, {"q": "bounce"}).json()["results"]) == 1
    first = api.get(URL, {"limit": 4}).json()
    assert len(first["results"]) == 4 and first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 2 and second["next"] is None
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert ids == sorted(ids, reverse=True)


def test_lift_one_entry_or_everything_for_an_address(admin_api):
    api = admin_api  # lifting a blacklist entry is the admin's (design section 8)
    one = SuppressionFactory(channel="sms", address="+15550001111")
    SuppressionFactory(channel="all", address="+15550001111")
    other = SuppressionFactory(channel="sms", address="+15559999999")
    assert api.get(f"{URL}/{one.pk}").json()["address"] == "+15550001111"
    assert api.delete(f"{URL}/{one.pk}").status_code == 204
    assert api.delete(f"{URL}/{one.pk}").status_code == 404
    response = api.delete(f"{URL}?address=%2B15550001111")
    assert response.json() == {"deleted": 1}
    assert list(Suppression.objects.values_list("pk", flat=True)) == [other.pk]
    assert api.delete(URL).status_code == 400


def test_lift_by_contact_on_one_channel(admin_api):
    api = admin_api  # lifting a blacklist entry is the admin's (design section 8)
    ada = ContactFactory(user_id="ada")
    Suppression.objects.create(channel="sms", contact=ada)
    Suppression.objects.create(channel="email", contact=ada)
    assert api.delete(URL, {"userId": "ada", "channel": "sms"}, format="json").json() == {"deleted": 1}
    assert list(Suppression.objects.values_list("channel", flat=True)) == ["email"]


def test_export_is_the_whole_filtered_list_as_csv(api):
    ada = ContactFactory(user_id="ada")
    Suppression.objects.create(channel="all", contact=ada, reason="legal hold")
    SuppressionFactory(channel="sms", address="+15550001111", reason="STOP, by SMS")
    response = api.get(URL, {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="suppressions.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["id", "channel", "userId", "address", "reason", "created_at"]
    # a cell starting with "+" is neutralised (design §8); the import takes the "'" off again
    assert [r[1:5] for r in rows[1:]] == [["all", "ada", "", "legal hold"],
                                          ["sms", "", "'+15550001111", "STOP, by SMS"]]
    only_sms = api.get(URL, {"format": "csv", "channel": "sms"})
    assert len(list(csv.reader(io.StringIO(b"".join(only_sms.streaming_content).decode())))) == 2


IMPORT = "channel,userId,address,reason\nsms,,+15550001111,STOP\nemail,,a@example.com,\n,ada,,gdpr request\n\n"


def test_import_adds_every_row_and_skips_what_is_already_there(api):
    ContactFactory(user_id="ada")
    SuppressionFactory(channel="sms", address="+15550001111")
    response = api.generic("POST", URL, IMPORT, content_type="text/csv")
    assert response.status_code == 200
    assert response.json() == {"rows": 3, "created": 2, "skipped": 1}
    assert set(Suppression.objects.values_list("channel", "address", "reason")) == {
        ("sms", "+15550001111", "test"), ("email", "a@example.com", "imported from CSV"), ("all", "", "gdpr request")}
    # importing the same file again adds nothing
    assert api.generic("POST", URL, IMPORT, content_type="text/csv").json() == {"rows": 3, "created": 0, "skipped": 3}


def test_import_as_a_multipart_file_and_with_format_csv(api):
    upload = SimpleUploadedFile("list.csv", b"address,channel\nz@example.com,email\n", content_type="text/csv")
    response = api.post(f"{URL}?format=csv", {"file": upload}, format="multipart")
    assert response.status_code == 200 and response.json()["created"] == 1


def test_an_export_imports_back(api):
    SuppressionFactory(channel="sms", address="+15550001111", reason="STOP")
    exported = b"".join(api.get(URL, {"format": "csv"}).streaming_content).decode()
    Suppression.objects.all().delete()
    assert api.generic("POST", URL, exported, content_type="text/csv").json()["created"] == 1
    assert Suppression.objects.get().reason == "STOP"


@pytest.mark.parametrize("text, field, line", [
    ("channel,address\nsms,+1555\nfax,+1666\n", "channel", 3),
    ("channel,address,userId\nsms,+1555,\nsms,+1666,ada\n", "address", 3),
    ("channel,userId\nsms,ghost\n", "userId", 2),
    ("name,phone\nada,+1555\n", "file", None),
])
def test_a_bad_row_rejects_the_whole_file(api, text, field, line):
    ContactFactory(user_id="ada")
    response = api.generic("POST", URL, text, content_type="text/csv")
    assert response.status_code == 400
    assert response.json()["field"] == field
    if line:
        assert response.json()["detail"].startswith(f"line {line}:")
    assert not Suppression.objects.exists()
