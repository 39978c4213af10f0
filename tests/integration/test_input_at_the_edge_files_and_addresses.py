"""Input at the edge (design §8), files and addresses: suppression CSVs, SendGrid's event webhook, and
addresses stored and matched in one form (emails lower-cased, phones E.164). The database is unchanged
by every refused input; CI runs these on PostgreSQL.
"""
import pytest
from django.apps import apps

from tests.integration.channels.conftest import sendgrid_signer  # noqa: F401 (a fixture)
from tests.integration.edge_helpers import js, named_field, row_counts, superuser_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(db, settings):
    return superuser_client(settings)


BAD_CSV = [
    ("nul-in-a-cell", "channel,address\nsms,+15550001111\x00\n", "line 2:"),
    ("carriage-return-splitting-a-row", "channel,address\nsms,ada@example.com\rbob@example.com\n", "line 3:"),
    ("a-cell-past-the-csv-field-limit", "channel,address\nsms,+15550001111\nsms," + "1" * 200_000 + "\n", "line 3:"),
]


@pytest.mark.parametrize("text, line", [c[1:] for c in BAD_CSV], ids=[c[0] for c in BAD_CSV])
def test_a_bad_suppression_csv_names_the_line_and_adds_nothing(client, text, line):
    before = row_counts()
    # when the file is imported
    response = client.generic("POST", "/api/v1/suppressions", text, content_type="text/csv")
    # then the line is named and nothing was added
    assert response.status_code == 400, response.content[:300]
    assert response.json()["detail"].startswith(line)
    assert row_counts() == before


def test_a_suppression_csv_with_old_mac_line_endings_imports(client):
    # given a file whose lines end in a lone \r
    text = "channel,address\rsms,+1 555 555 0100\remail,Ada@Example.com\r"
    # when imported
    response = client.generic("POST", "/api/v1/suppressions", text, content_type="text/csv")
    # then both rows are added, in their matching form
    assert response.status_code == 200, response.content
    suppressions = apps.get_model("channels_app.Suppression").objects
    assert set(suppressions.values_list("channel", "address")) == {("sms", "+15555550100"),
                                                                   ("email", "ada@example.com")}


def test_a_suppression_csv_larger_than_the_limit_is_refused(client, monkeypatch):
    monkeypatch.setattr("core.csv_io.MAX_CSV_BYTES", 100)
    response = client.generic("POST", "/api/v1/suppressions", "channel,address\n" + "sms,+15550001111\n" * 10,
                              content_type="text/csv")
    assert response.status_code == 413 and named_field(response) == "file"
    assert not apps.get_model("channels_app.Suppression").objects.exists()


@pytest.mark.parametrize("body, field", [
    ("[" * 5000 + "]" * 5000, "body"),
    (js([{"event": "open\x00", "sg_message_id": "x"}]), "body[0].event"),
])
def test_a_signed_sendgrid_body_that_is_too_deep_or_has_nul_gets_400(sendgrid_signer, body, field):  # noqa: F811
    from django.test import Client

    before = row_counts()
    # when SendGrid (signature valid) posts it
    response = Client().post("/webhooks/sendgrid/events", data=body, content_type="application/json",
                             **sendgrid_signer.headers(body))
    # then it is a 400 naming the body, not a 500
    assert response.status_code == 400 and named_field(response) == field
    assert row_counts() == before


def test_identify_stores_email_lower_cased_and_phone_in_e164_in_trait_and_column(client):
    # when a contact is identified with addresses as people type them
    response = client.post("/api/v1/identify", {"userId": "ada", "traits": {
        "email": " Ada@Example.COM", "phone": "+1 (555) 555-0100", "timezone": "Europe/Paris"}}, format="json")
    # then trait and column hold the one matching form
    assert response.status_code == 200, response.content
    contact = apps.get_model("journeys.Contact").objects.get(user_id="ada")
    assert (contact.email, contact.phone, contact.timezone) == ("ada@example.com", "+15555550100", "Europe/Paris")
    assert (contact.traits["email"], contact.traits["phone"]) == ("ada@example.com", "+15555550100")


def test_a_local_phone_is_read_in_the_default_region(client, monkeypatch):
    # given JOURNEYS_DEFAULT_PHONE_REGION=DE
    monkeypatch.setenv("JOURNEYS_DEFAULT_PHONE_REGION", "DE")
    # when a German number without its country code arrives
    response = client.post("/api/v1/identify", {"userId": "bo", "traits": {"phone": "030 1234567"}}, format="json")
    # then it is stored in E.164
    assert response.status_code == 200, response.content
    assert apps.get_model("journeys.Contact").objects.get(user_id="bo").phone == "+49301234567"


def _verdict(contact, channel: str):
    from channels_app.policy import SendRequest, check_sends
    from core import clock

    request = SendRequest(contact=contact, channel=channel, template="none", journey_id=None)
    return check_sends([request], clock.now())[0]


@pytest.mark.parametrize("channel, suppressed, identified", [
    ("email", "ADA@example.com", {"email": "Ada@Example.com"}),
    ("sms", "+1 555 555 0100", {"phone": "+15555550100"}),
])
def test_a_suppression_matches_the_address_however_it_was_typed(client, channel, suppressed, identified):
    # given a suppression added with one spelling and a contact identified with another
    assert client.post("/api/v1/suppressions", {"channel": channel, "address": suppressed},
                       format="json").status_code == 201
    client.post("/api/v1/identify", {"userId": "ada", "traits": identified}, format="json")
    # when the send policy decides
    verdict = _verdict(apps.get_model("journeys.Contact").objects.get(user_id="ada"), channel)
    # then the send is blocked
    assert verdict.status == "suppressed", verdict


def test_the_send_policy_normalises_an_address_stored_before_normalisation(client):
    # given a contact whose email column predates normalisation, and a suppression of the same mailbox
    contact = apps.get_model("journeys.Contact").objects.create(user_id="old", email="Old@Example.com")
    client.post("/api/v1/suppressions", {"channel": "email", "address": "old@example.com"}, format="json")
    # then the policy still matches them
    assert _verdict(contact, "email").status == "suppressed"


def test_an_automatic_opt_out_is_stored_in_the_matching_form():
    from channels_app.services.suppressions import suppress_address

    # when a provider reports an opt-out for an address as we sent it
    suppression, created = suppress_address("email", " Ada@Example.com ", "sendgrid unsubscribe")
    # then it is stored lower-cased, and a second report finds it
    assert created and suppression.address == "ada@example.com"
    assert suppress_address("email", "ADA@EXAMPLE.COM", "again") == (suppression, False)


def test_the_migration_puts_stored_suppressions_in_the_matching_form():
    import importlib

    migration = importlib.import_module("channels_app.migrations.0010_normalise_suppression_addresses")
    suppressions = apps.get_model("channels_app.Suppression").objects
    # given entries stored as once typed, two of them the same mailbox
    suppressions.create(channel="email", address="Ada@Example.com", reason="older")
    suppressions.create(channel="email", address="ADA@example.com", reason="newer")
    suppressions.create(channel="sms", address="+1 555 555 0100", reason="stop")
    suppressions.create(channel="sms", address="+1555", reason="not a number")
    # when the migration runs
    migration.normalise(apps, None)
    # then each is in its matching form, the same mailbox once (the older entry)
    assert set(suppressions.values_list("channel", "address", "reason")) == {
        ("email", "ada@example.com", "older"), ("sms", "+15555550100", "stop"), ("sms", "+1555", "not a number")}


@pytest.mark.parametrize("path", ["/webhooks/twilio/inbound", "/api/v1/suppressions"])
def test_a_form_field_with_nul_gets_400_naming_it(client, path):
    before = row_counts()
    # when a form-encoded POST (a Twilio callback, an API form) carries NUL
    response = client.post(path, "From=%2B15555550100&Body=STOP%00", content_type="application/x-www-form-urlencoded")
    # then the field is named before any view runs
    assert response.status_code == 400 and named_field(response) == "Body"
    assert row_counts() == before
