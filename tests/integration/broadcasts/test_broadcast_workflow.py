"""Broadcasts through approval and the runtime: four eyes, roles, publish now or at send_at, the send policy,
cancel, stats."""
from datetime import timedelta

import pytest

from broadcasts.models import Broadcast
from broadcasts.services import broadcasts as services
from broadcasts.services.sending import broadcasts_tick
from channels_app.models import FrequencyCapRule, Message, Suppression
from core import periodic
from journeys.models import AuditEntry, Contact, Enrollment
from tests.integration.broadcasts.conftest import broadcast_in, fields
from tests.integration.conftest import api_client_for

pytestmark = pytest.mark.django_db


def sent_to() -> list[str]:
    return sorted(Message.objects.filter(status="sent").values_list("contact__user_id", flat=True))


def test_the_approver_who_edited_it_cannot_approve_it(world, approver, second_approver):
    # given a broadcast created and submitted by a user who is both marketer and approver
    from tests.factories import with_roles

    both = with_roles(approver, "marketer")
    api = api_client_for(both)
    broadcast_id = api.post("/api/v1/broadcasts", fields(), format="json").json()["id"]
    assert api.post(f"/api/v1/broadcasts/{broadcast_id}/submit", {}, format="json").status_code == 200
    # when they approve it themselves: refused (four eyes), as for journeys
    response = api.post(f"/api/v1/broadcasts/{broadcast_id}/approve", {}, format="json")
    assert response.status_code == 403 and response.json()["field"] == "approver"
    assert Broadcast.objects.get().status == "pending_review"
    # then another approver may, and the audit log has both steps
    other = api_client_for(second_approver)
    assert other.post(f"/api/v1/broadcasts/{broadcast_id}/approve", {"comment": "ok"}, format="json").json()[
        "status"] == "approved"
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True))[-2:] == ["submit", "approve"]


def test_roles_marketer_submits_approver_approves_rejects_and_publishes(world, marketer_api, approver_api):
    broadcast_id = marketer_api.post("/api/v1/broadcasts", fields(), format="json").json()["id"]
    url = f"/api/v1/broadcasts/{broadcast_id}"
    assert approver_api.post(url + "/submit", {}, format="json").status_code == 403
    assert marketer_api.post(url + "/submit", {}, format="json").status_code == 200
    assert marketer_api.post(url + "/approve", {}, format="json").status_code == 403
    rejected = approver_api.post(url + "/reject", {}, format="json")
    assert rejected.status_code == 400 and rejected.json()["field"] == "comment"  # a rejection says why
    rejected = approver_api.post(url + "/reject", {"comment": "wrong segment"}, format="json")
    assert rejected.json()["status"] == "rejected"
    # a rejected broadcast is edited, then submitted again
    assert marketer_api.patch(url, {"name": "Spring sale v2"}, format="json").json()["status"] == "draft"
    marketer_api.post(url + "/submit", {}, format="json")
    approver_api.post(url + "/approve", {}, format="json")
    assert marketer_api.post(url + "/publish", {}, format="json").status_code == 403
    assert approver_api.post(url + "/publish", {}, format="json").status_code == 200


def test_publish_before_approval_is_a_409(world, marketer, approver):
    broadcast = broadcast_in("pending_review", author=marketer, approver=approver)
    response = api_client_for(approver).post(f"/api/v1/broadcasts/{broadcast.pk}/publish", {}, format="json")
    assert response.status_code == 409


def test_publish_now_sends_to_every_segment_member_through_the_runtime(world, marketer, approver, runner):
    # when an approved broadcast with no send_at is published
    broadcast = broadcast_in("approved", author=marketer, approver=approver)
    runner.call(services.broadcast_publish, broadcast, user=approver)
    # then each member got the template once, the contact outside the segment nothing
    assert sent_to() == ["ada", "bob", "cyd"]
    assert set(Message.objects.values_list("template", flat=True)) == {"promo-sms"}
    # and the next scheduler pass marks it sent
    runner.call(broadcasts_tick, runner.clock.now)
    broadcast.refresh_from_db()
    assert (broadcast.status, broadcast.audience_size) == ("sent", 3)
    assert broadcast.started_at == broadcast.finished_at == runner.clock.now


def test_a_scheduled_broadcast_starts_only_when_the_clock_passes_send_at(world, marketer, approver, runner):
    send_at = runner.clock.now + timedelta(hours=2)
    broadcast = broadcast_in("approved", author=marketer, approver=approver, send_at=send_at)
    runner.call(services.broadcast_publish, broadcast, user=approver)
    broadcast.refresh_from_db()
    assert broadcast.status == "scheduled"
    runner.clock.advance(hours=1, minutes=59)
    runner.call(broadcasts_tick, runner.clock.now)
    assert not Message.objects.exists() and Broadcast.objects.get().status == "scheduled"
    runner.clock.advance(minutes=1)
    runner.call(broadcasts_tick, runner.clock.now)
    assert sent_to() == ["ada", "bob", "cyd"]
    # a second scheduler pass (or a second scheduler) never starts it again
    runner.call(broadcasts_tick, runner.clock.now)
    assert Message.objects.count() == 3 and Broadcast.objects.get().status == "sent"


def test_the_scheduler_runs_the_broadcast_duty():
    assert periodic.job("broadcasts.tick").run is broadcasts_tick


def test_blacklisted_contacts_and_frequency_caps_are_respected(world, marketer, approver, runner):
    # given bob blacklisted, and a cap of one SMS a day that cyd already used
    Suppression.objects.create(contact=Contact.objects.get(user_id="bob"), channel="sms", reason="STOP")
    FrequencyCapRule.objects.create(channel="sms", limit=1, window_seconds=86400)
    Message.objects.create(contact=Contact.objects.get(user_id="cyd"), channel="sms", template="promo-sms",
                           status="sent", address="+15550000002", created_at=runner.clock.now - timedelta(hours=1))
    # when the broadcast goes out
    broadcast = broadcast_in("approved", author=marketer, approver=approver)
    runner.call(services.broadcast_publish, broadcast, user=approver)
    # then only ada gets it; bob is suppressed and cyd capped, as in any journey
    statuses = dict(Message.objects.filter(journey=broadcast.journey).values_list("contact__user_id", "status"))
    assert statuses == {"ada": "sent", "bob": "suppressed", "cyd": "capped"}
    stats = api_client_for(marketer).get(f"/api/v1/broadcasts/{broadcast.pk}/stats").json()
    assert {k: stats[k] for k in ("audience_size", "sent", "suppressed", "capped", "failed", "total")} == {
        "audience_size": 3, "sent": 1, "suppressed": 1, "capped": 1, "failed": 0, "total": 3}


def test_cancel_while_sending_stops_every_send_not_yet_made(world, marketer, approver, runner):
    # given a broadcast spread over 30 minutes: the first contact is sent at once, the others wait their turn
    broadcast = broadcast_in("approved", author=marketer, approver=approver, send_over_minutes=30)
    runner.call(services.broadcast_publish, broadcast, user=approver)
    assert sent_to() == ["ada"]
    assert Enrollment.objects.filter(state="waiting").count() == 2
    # when it is cancelled, and time passes
    runner.call(services.broadcast_cancel, broadcast, user=approver)
    runner.wait(minutes=31)
    runner.call(broadcasts_tick, runner.clock.now)
    # then nobody else got it
    assert sent_to() == ["ada"]
    assert Broadcast.objects.get().status == "cancelled"
    assert set(Enrollment.objects.exclude(current_node="done").values_list("exit_reason", flat=True)) == {"archived"}


def test_a_spread_broadcast_sends_the_rest_as_the_clock_moves_then_is_sent(world, marketer, approver, runner):
    broadcast = broadcast_in("approved", author=marketer, approver=approver, send_over_minutes=30)
    runner.call(services.broadcast_publish, broadcast, user=approver)
    runner.wait(minutes=10)
    assert sent_to() == ["ada", "bob"]
    runner.wait(minutes=10)
    runner.call(broadcasts_tick, runner.clock.now)
    assert sent_to() == ["ada", "bob", "cyd"] and Broadcast.objects.get().status == "sent"


def test_cancel_before_publish_ends_it_and_takes_it_out_of_review(world, marketer, approver):
    broadcast = broadcast_in("pending_review", author=marketer, approver=approver)
    response = api_client_for(marketer).post(f"/api/v1/broadcasts/{broadcast.pk}/cancel", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert broadcast.journey.versions.get().status == "draft"
    again = api_client_for(marketer).post(f"/api/v1/broadcasts/{broadcast.pk}/cancel", {}, format="json")
    assert again.status_code == 409


def test_stats_count_the_messages_by_what_happened(world, marketer, approver, runner):
    broadcast = broadcast_in("approved", author=marketer, approver=approver)
    before = api_client_for(marketer).get(f"/api/v1/broadcasts/{broadcast.pk}/stats").json()
    assert (before["audience_size"], before["sent"], before["total"]) == (3, 0, 0)
    runner.call(services.broadcast_publish, broadcast, user=approver)
    stats = api_client_for(marketer).get(f"/api/v1/broadcasts/{broadcast.pk}/stats").json()
    assert {k: stats[k] for k in ("enrolled", "sent", "delivered", "opened", "clicked", "converted", "failed")} == {
        "enrolled": 3, "sent": 3, "delivered": 0, "opened": 0, "clicked": 0, "converted": 0, "failed": 0}
    assert stats["by_status"] == {"sent": 3}


def test_a_scheduled_broadcast_whose_segment_is_gone_fails_with_the_reason_and_others_still_start(
        world, marketer, approver, runner):
    # given two broadcasts scheduled for the same time, one on a segment deleted after publishing
    from audiences.models import Segment
    from tests.integration.broadcasts.conftest import members_segment

    members_segment(("dan",), key="doomed")
    send_at = runner.clock.now + timedelta(hours=1)
    doomed = broadcast_in("published", author=marketer, approver=approver, send_at=send_at, segment="doomed")
    healthy = broadcast_in("published", author=marketer, approver=approver, send_at=send_at, name="Healthy")
    Segment.objects.filter(key="doomed").delete()
    # when the time comes
    runner.clock.advance(hours=1)
    runner.call(broadcasts_tick, runner.clock.now)
    runner.call(broadcasts_tick, runner.clock.now)  # the pass after the sends marks it sent
    # then the healthy one went out and the other failed, saying why, its journey archived
    doomed.refresh_from_db()
    assert doomed.status == "failed" and "doomed" in doomed.error
    assert doomed.journey.status == "archived"
    assert Broadcast.objects.get(pk=healthy.pk).status == "sent" and sent_to() == ["ada", "bob", "cyd"]


def test_publishing_a_broadcast_whose_segment_is_gone_is_a_400_naming_it(world, marketer, approver):
    from audiences.models import Segment

    broadcast = broadcast_in("approved", author=marketer, approver=approver)
    Segment.objects.filter(key="vips").delete()
    response = api_client_for(approver).post(f"/api/v1/broadcasts/{broadcast.pk}/publish", {}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "segment"
    assert Broadcast.objects.get().status == "approved"


def test_a_cancelled_scheduled_broadcast_never_starts_and_only_an_approver_may_cancel_it(
        world, marketer, approver, runner):
    broadcast = broadcast_in("published", author=marketer, approver=approver,
                             send_at=runner.clock.now + timedelta(hours=1))
    url = f"/api/v1/broadcasts/{broadcast.pk}/cancel"
    assert api_client_for(marketer).post(url, {}, format="json").status_code == 403  # published: an approver's call
    assert api_client_for(approver).post(url, {}, format="json").json()["status"] == "cancelled"
    runner.clock.advance(hours=2)
    runner.call(broadcasts_tick, runner.clock.now)
    assert not Message.objects.exists() and Broadcast.objects.get().status == "cancelled"


def test_a_review_made_through_the_journeys_door_is_followed(world, marketer, approver, runner):
    # given a submitted broadcast, approved from the approvals inbox (the journey's own endpoint)
    broadcast = broadcast_in("pending_review", author=marketer, approver=approver)
    api = api_client_for(approver)
    assert api.post(f"/api/v1/journeys/{broadcast.journey_id}/approve", {}, format="json").status_code == 200
    # when the approver publishes the broadcast, then it goes out as if approved here
    response = runner.call(api.post, f"/api/v1/broadcasts/{broadcast.pk}/publish", {}, format="json")
    assert response.status_code == 200, response.content
    assert sent_to() == ["ada", "bob", "cyd"]
