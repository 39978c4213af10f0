"""Templates are pinned (design section 8): approval freezes template content into the version, template edits
are recorded with who and what, a template a running journey sends cannot be deleted, and the review diff shows
template changes against the live version."""
from datetime import timedelta

import pytest

from channels_app.models import Message, MessageTemplate, TemplateRevision
from journeys.models import AuditEntry, Enrollment
from journeys.services import approvals
from journeys.services import journeys as journey_services
from tests.integration.runtime.conftest import chain

from .conftest import client_for, journey_in

pytestmark = pytest.mark.django_db

SENDS = chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 3600}),
              ("s", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}), ("x", "exit", {}))
SENDS_NOTHING = chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 60}), ("x", "exit", {}))


def _sms_template(slug="hello-sms", body="Hi {{ first_name }}"):
    return MessageTemplate.objects.create(slug=slug, channel="sms", body=body)


# -- approval freezes --------------------------------------------------------------------------


def test_approval_freezes_the_content_of_every_template_the_version_sends(people):
    # given a journey in review that sends an SMS and an email
    _sms_template()
    MessageTemplate.objects.create(slug="hello-email", channel="email", subject="Hi", body="Hello", html="<p>Hi</p>")
    graph = chain(("t", "trigger", {"event": "go"}),
                  ("s", "send", {"channel": "sms", "template": "hello-sms"}),
                  ("e", "send", {"channel": "email", "template": "hello-email"}),
                  ("x", "exit", {}))
    journey = journey_in("in_review", graph=graph)
    # when it is approved, and a template changes afterwards
    approvals.version_approve(journey, user=people["approver"])
    MessageTemplate.objects.filter(slug="hello-sms").update(body="Changed")
    # then the version holds the content as it was at approval, and the audit entry names what was pinned
    version = journey.versions.get()
    assert version.templates == {
        "hello-email": {"channel": "email", "subject": "Hi", "body": "Hello", "html": "<p>Hi</p>", "url": "",
                        "title": "", "link": ""},
        "hello-sms": {"channel": "sms", "subject": "", "body": "Hi {{ first_name }}", "html": "", "url": "",
                      "title": "", "link": ""},
    }
    assert AuditEntry.objects.get(version=version, action="approve").details == {"templates": ["hello-email",
                                                                                               "hello-sms"]}


def test_a_draft_does_not_pin_until_approved_and_a_system_publish_pins_on_the_way():
    # given a draft that sends a template
    _sms_template()
    journey = journey_in("draft", graph=SENDS)
    assert journey.versions.get().templates is None
    # when the system publishes it straight from draft
    journey_services.journey_publish(journey)
    # then the live version pinned the template
    assert journey.versions.get().templates["hello-sms"]["body"] == "Hi {{ first_name }}"


def test_approving_a_version_whose_template_was_deleted_meanwhile_is_a_conflict(people):
    # given a version in review whose template is then deleted (nothing running uses it)
    template = _sms_template()
    journey = journey_in("in_review", graph=SENDS)
    template.delete()
    # when an approver approves it
    response = client_for(people["approver"]).post(f"/api/v1/journeys/{journey.pk}/approve")
    # then it is refused, naming the template, and the version stays in review
    assert response.status_code == 409 and "hello-sms" in response.json()["detail"]
    assert journey.versions.get().status == "in_review"


# -- delete of a template in use ---------------------------------------------------------------


def test_deleting_a_template_a_live_journey_sends_is_409_naming_it_and_deletes_nothing(people):
    # given a live journey sending the template
    _sms_template()
    journey = journey_in("live", graph=SENDS, name="Welcome series")
    # when a marketer deletes the template
    response = client_for(people["marketer"]).delete("/api/v1/templates/hello-sms")
    # then it is refused, naming the journey by name and id, and nothing is deleted or recorded
    assert response.status_code == 409
    assert "Welcome series" in response.json()["detail"] and f"#{journey.pk}" in response.json()["detail"]
    assert MessageTemplate.objects.filter(slug="hello-sms").exists()
    assert not TemplateRevision.objects.filter(action="delete").exists()


def test_deleting_a_template_a_paused_journey_sends_is_409(people):
    _sms_template()
    journey_in("paused", graph=SENDS, name="Paused one")
    response = client_for(people["marketer"]).delete("/api/v1/templates/hello-sms")
    assert response.status_code == 409 and "Paused one" in response.json()["detail"]


def test_deleting_a_template_a_finishing_version_still_sends_is_409_until_its_contacts_are_out(people, runner):
    # given a version sending the template, replaced by one that does not, with a contact still inside the old one
    _sms_template()
    journey = journey_in("live", graph=SENDS, name="Finishing one")
    runner.identify("ada", phone="+15550001")
    runner.track("ada", "go")
    journey_services.journey_draft_save(journey, graph=journey_services.parse_graph(SENDS_NOTHING))
    journey_services.journey_publish(journey)
    marketer = client_for(people["marketer"])
    # when the template is deleted, then it is refused: the finishing version still sends it
    response = marketer.delete("/api/v1/templates/hello-sms")
    assert response.status_code == 409 and "Finishing one" in response.json()["detail"]
    # when the contact has gone through the send and left
    runner.wait(seconds=3600)
    assert Enrollment.objects.get().state == "completed"
    # then the template may go
    assert marketer.delete("/api/v1/templates/hello-sms").status_code == 204
    assert not MessageTemplate.objects.filter(slug="hello-sms").exists()


def test_deleting_a_template_a_finishing_version_still_has_to_deliver_is_409_until_it_is_sent(people, runner, clock):
    # given a version whose contact has completed while its message waits to be retried after a provider error
    _sms_template()
    sends_at_once = chain(("t", "trigger", {"event": "go"}),
                          ("s", "send", {"channel": "sms", "template": "hello-sms", "on_capped": "skip"}),
                          ("x", "exit", {}))
    journey = journey_in("live", graph=sends_at_once, name="Retrying one")
    runner.identify("ada", phone="+15550001")
    runner.track("ada", "go")
    assert Enrollment.objects.get().state == "completed"
    Message.objects.update(status="queued", content={}, not_before=clock.now + timedelta(seconds=30))
    # and a newer version without the template has replaced it
    journey_services.journey_draft_save(journey, graph=journey_services.parse_graph(SENDS_NOTHING))
    journey_services.journey_publish(journey)
    marketer = client_for(people["marketer"])
    # when the template is deleted, then it is refused while the message waits
    response = marketer.delete("/api/v1/templates/hello-sms")
    assert response.status_code == 409 and "Retrying one" in response.json()["detail"]
    # when the retry goes out, then the template may go
    runner.wait(seconds=60)
    assert Message.objects.get().status == "sent"
    assert marketer.delete("/api/v1/templates/hello-sms").status_code == 204


def test_deleting_a_template_only_drafts_or_archived_journeys_use_is_204(people):
    _sms_template()
    journey_in("draft", graph=SENDS)
    archived = journey_in("live", graph=SENDS, name="Old")
    approvals.journey_archive(archived, user=None)
    response = client_for(people["marketer"]).delete("/api/v1/templates/hello-sms")
    assert response.status_code == 204
    assert not MessageTemplate.objects.exists()


# -- the template's history --------------------------------------------------------------------


def test_create_update_and_delete_are_recorded_with_author_before_and_after(people, clock):
    marketer = client_for(people["marketer"])
    # when a template is created, changed twice (once to the same content) and deleted
    marketer.post("/api/v1/templates", {"slug": "promo", "channel": "sms", "body": "One"}, format="json")
    clock.advance(minutes=1)
    marketer.patch("/api/v1/templates/promo", {"body": "Two"}, format="json")
    marketer.patch("/api/v1/templates/promo", {"body": "Two"}, format="json")
    clock.advance(minutes=1)
    assert marketer.delete("/api/v1/templates/promo").status_code == 204
    # then the history lists each real edit, newest first, with who, when, before and after, after the delete too
    response = client_for(people["viewer"]).get("/api/v1/templates/promo/versions")
    assert response.status_code == 200
    history = response.json()["results"]
    assert [(h["number"], h["action"], h["author"]) for h in history] == [
        (3, "delete", "mia"), (2, "update", "mia"), (1, "create", "mia")]
    assert history[2]["before"] is None and history[2]["content"]["body"] == "One"
    assert (history[1]["before"]["body"], history[1]["content"]["body"]) == ("One", "Two")
    assert history[0]["before"]["body"] == "Two" and history[0]["content"] is None
    assert history[0]["created_at"] > history[1]["created_at"] > history[2]["created_at"]
    assert set(history[1]["content"]) == {"channel", "name", "subject", "body", "html", "url", "title", "link"}


def test_a_template_with_no_history_and_no_existence_is_404(people):
    assert client_for(people["viewer"]).get("/api/v1/templates/never-was/versions").status_code == 404


def test_a_refused_edit_records_nothing(people):
    marketer = client_for(people["marketer"])
    marketer.post("/api/v1/templates", {"slug": "promo", "channel": "sms", "body": "One"}, format="json")
    assert marketer.patch("/api/v1/templates/promo", {"body": ""}, format="json").status_code == 400
    assert list(TemplateRevision.objects.values_list("action", flat=True)) == ["create"]


# -- the review diff ---------------------------------------------------------------------------


def test_the_diff_lists_a_template_changed_since_the_live_version_was_approved(people):
    # given a live journey, a template edited since, and a new draft
    _sms_template()
    journey = journey_in("live", graph=SENDS)
    marketer = client_for(people["marketer"])
    marketer.patch("/api/v1/templates/hello-sms", {"body": "Hello {{ first_name }}!"}, format="json")
    marketer.put(f"/api/v1/journeys/{journey.pk}/draft", SENDS, format="json")
    # when a reviewer reads the diff
    diff = client_for(people["viewer"]).get(f"/api/v1/journeys/{journey.pk}/diff").json()
    # then the edited template is listed with the changed field, what live sends and what approval would pin
    assert diff["base_version"] == 1 and diff["nodes"]["changed"] == []
    assert diff["templates"] == {"added": [], "removed": [], "changed": [{
        "slug": "hello-sms", "channel": "sms", "fields": ["body"],
        "before": {"body": "Hi {{ first_name }}"}, "after": {"body": "Hello {{ first_name }}!"}}]}
    # and the history page shows it too
    page = _page_as(people["viewer"], f"/journeys/{journey.pk}/history/")
    assert "template hello-sms (sms): body changed since live" in page


def test_the_diff_of_an_unchanged_template_lists_no_template_changes(people):
    _sms_template()
    journey = journey_in("live", graph=SENDS)
    client_for(people["marketer"]).put(f"/api/v1/journeys/{journey.pk}/draft", SENDS_NOTHING, format="json")
    diff = client_for(people["viewer"]).get(f"/api/v1/journeys/{journey.pk}/diff").json()
    assert diff["templates"] == {"added": [], "removed": [{"slug": "hello-sms", "channel": "sms"}], "changed": []}


def _page_as(user, path: str) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()
