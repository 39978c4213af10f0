"""Caps hold when many journeys send to the same contacts at the same moment, in parallel workers."""
import random
import threading

import pytest
from django.db import connection
from django.db.models import Count

from channels_app.models import FrequencyCapRule, Message
from journeys.models import Contact
from journeys.runtime import dispatch
from journeys.services.advancing import enrollment_advance
from journeys.services.enrollments import enrollment_enter
from tests.integration.runtime.conftest import chain, live_journey


@pytest.mark.django_db(transaction=True)
def test_20_journeys_sending_to_the_same_100_contacts_never_exceed_a_cap_of_3(clock, templates, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL (CI runs it); SQLite serialises every writer anyway")
    monkeypatch.setattr(dispatch, "_send", lambda *args, **kwargs: None)  # this test drives the workers itself
    # given a cap of 3 SMS per day, 20 live journeys and 100 contacts, all enrolled
    FrequencyCapRule.objects.create(channel="sms", limit=3, window_seconds=86400)
    contacts = [Contact.objects.create(user_id=f"c{i}", phone=f"+1555{i:04d}").pk for i in range(100)]
    batches = []
    for j in range(20):
        journey = live_journey(chain(
            ("t", "trigger", {"event": "go"}),
            ("s", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
            ("x", "exit", {})), name=f"J{j}")
        enrolled = enrollment_enter(journey.versions.get(), contacts).enrolled
        random.Random(j).shuffle(enrolled)
        batches.append(enrolled)  # each batch touches all 100 contacts: every pair of batches competes
    # when ten workers advance them at the same instant, two batches each
    errors = []
    start = threading.Barrier(10)

    def worker(chunks):
        try:
            start.wait()
            for chunk in chunks:
                enrollment_advance(chunk, now=clock.now)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(batches[i::10],)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then nobody got more than 3, and every send was decided and logged
    assert errors == []
    counted = Message.objects.filter(status="queued").values("contact").annotate(n=Count("id"))
    assert max(row["n"] for row in counted) == 3
    assert Message.objects.filter(status="queued").count() == 300
    assert Message.objects.filter(status="capped").count() == 1700
