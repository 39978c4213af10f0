"""The audit log, the diff against the live version, review comments and notifications (stored and live)."""
import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.test import Client

from journeys.graph.diff import graph_diff
from journeys.models import Notification
from journeys.services import approvals
from tests.integration.runtime.conftest import chain

from .conftest import SIMPLE, client_for, journey_in

pytestmark = pytest.mark.django_db(transaction=True)

CHANGED = chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 60}), ("s", "update", {"set": {"vip": True}}),
                ("x", "exit", {}))


def test_every_transition_and_save_is_in_the_history_with_who_what_and_a_content_hash(people):
    marketer, approver = client_for(people["marketer"]), client_for(people["approver"])
    journey_id = marketer.post("/api/v1/journeys/", {"name": "J", "draft": SIMPLE}, format="json").json()["id"]
    marketer.put(f"/api/v1/journeys/{journey_id}/draft", CHANGED, format="json")
    marketer.post(f"/api/v1/journeys/{journey_id}/submit")
    approver.post(f"/api/v1/journeys/{journey_id}/reject", {"comment": "wait longer"}, format="json")
    marketer.post(f"/api/v1/journeys/{journey_id}/submit", {"comment": "done"}, format="json")
    approver.post(f"/api/v1/journeys/{journey_id}/approve")
    approver.post(f"/api/v1/journeys/{journey_id}/publish")

    history = client_for(people["viewer"]).get(f"/api/v1/journeys/{journey_id}/history").json()["results"]
    rows = [(h["actor"], h["action"], h["from_status"], h["to_status"], h["comment"]) for h in reversed(history)]
    assert rows == [
        ("mia", "create", None, "draft", ""),
        ("mia", "save", None, None, ""),
        ("mia", "submit", "draft", "in_review", ""),
        ("arne", "reject", "in_review", "draft", "wait longer"),
        ("mia", "submit", "draft", "in_review", "done"),
        ("arne", "approve", "in_review", "approved", ""),
        ("arne", "publish", "approved", "live", ""),
    ]
    assert {h["version"] for h in history} == {1}
    assert all(h["at"] for h in history)
    # the hash is of the graph: it changed with the save, and not after it
    hashes = [h["content_hash"] for h in reversed(history)]
    assert hashes[0] != hashes[1] and len(set(hashes[1:])) == 1 and len(hashes[1]) == 64


def test_the_diff_lists_added_removed_and_changed_nodes_and_edges_against_the_live_version(people):
    journey = journey_in("live")
    client_for(people["marketer"]).put(f"/api/v1/journeys/{journey.pk}/draft", CHANGED, format="json")
    diff = client_for(people["viewer"]).get(f"/api/v1/journeys/{journey.pk}/diff").json()
    assert diff["version"] == 2 and diff["base_version"] == 1
    assert diff["nodes"]["added"] == [{"id": "s", "type": "update"}]
    assert diff["nodes"]["removed"] == []
    assert [(c["id"], c["fields"], c["old"], c["new"]) for c in diff["nodes"]["changed"]] == [
        ("w", ["seconds"], {"seconds": 3600}, {"seconds": 60})]
    assert diff["edges"]["added"] == [{"source": "s", "port": "next", "target": "x"},
                                      {"source": "w", "port": "next", "target": "s"}]
    assert diff["edges"]["removed"] == [{"source": "w", "port": "next", "target": "x"}]
    assert diff["settings_changed"] is False


def test_moving_a_node_is_not_a_change():
    moved = {**SIMPLE, "nodes": [{**n, "position": {"x": 999, "y": 999}} for n in SIMPLE["nodes"]]}
    diff = graph_diff(SIMPLE, moved)
    assert diff["nodes"] == {"added": [], "removed": [], "changed": []} and diff["edges"] == {"added": [], "removed": []}


def test_without_a_live_version_everything_is_added(people):
    journey = journey_in("draft")
    diff = client_for(people["viewer"]).get(f"/api/v1/journeys/{journey.pk}/diff").json()
    assert diff["base_version"] is None and {n["id"] for n in diff["nodes"]["added"]} == {"t", "w", "x"}


def test_review_comments_per_version_and_per_node(people):
    journey = journey_in("in_review")
    approver = client_for(people["approver"])
    assert approver.post(f"/api/v1/journeys/{journey.pk}/comments", {"body": "why an hour?", "node": "w"},
                         format="json").status_code == 201
    bad = approver.post(f"/api/v1/journeys/{journey.pk}/comments", {"body": "x", "node": "nope"}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "node"
    empty = approver.post(f"/api/v1/journeys/{journey.pk}/comments", {"body": " "}, format="json")
    assert empty.status_code == 400 and empty.json()["field"] == "body"
    approver.post(f"/api/v1/journeys/{journey.pk}/reject", {"comment": "shorter please"}, format="json")
    comments = client_for(people["marketer"]).get(f"/api/v1/journeys/{journey.pk}/comments").json()["results"]
    assert [(c["author"], c["node"], c["body"], c["version"]) for c in comments] == [
        ("arne", "w", "why an hour?", 1), ("arne", None, "shorter please", 1)]


def test_approvers_are_notified_of_submissions_and_authors_of_decisions(people):
    journey = journey_in("draft", author=people["marketer"])
    approvals.version_submit(journey, user=people["marketer"])
    assert list(Notification.objects.filter(kind="submitted").values_list("user__username", flat=True).order_by(
        "user__username")) == ["arne", "root"]  # approvers and superusers, not the submitter
    approvals.version_reject(journey, user=people["approver"], comment="no")
    rejected = Notification.objects.get(kind="rejected")
    assert rejected.user == people["marketer"] and "no" in rejected.text
    inbox = client_for(people["marketer"]).get("/api/v1/notifications").json()
    assert inbox["unread"] == 1 and inbox["results"][0]["kind"] == "rejected"
    client_for(people["marketer"]).post("/api/v1/notifications", {}, format="json")
    assert client_for(people["marketer"]).get("/api/v1/notifications").json()["unread"] == 0


def _socket_for(user) -> WebsocketCommunicator:
    from journeys.asgi import application

    client = Client()
    client.force_login(user)
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver"),
               (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())]
    return WebsocketCommunicator(application, "/ws/approvals/", headers=headers)


def test_approvers_get_a_live_notice_on_submit_and_the_author_on_rejection(people):
    from channels.db import database_sync_to_async

    journey = journey_in("draft", author=people["marketer"])
    approver_ws, author_ws = _socket_for(people["approver"]), _socket_for(people["marketer"])

    async def scenario():
        assert (await approver_ws.connect())[0] and (await author_ws.connect())[0]
        # when the marketer submits: approvers hear of it, the marketer does not
        await database_sync_to_async(approvals.version_submit)(journey, user=people["marketer"])
        submitted = await approver_ws.receive_json_from(timeout=3)
        quiet = await author_ws.receive_nothing(timeout=0.3)
        # when an approver rejects: the author hears of it, with the comment
        await database_sync_to_async(approvals.version_reject)(journey, user=people["approver"], comment="too long")
        rejected = await author_ws.receive_json_from(timeout=3)
        await approver_ws.disconnect()
        await author_ws.disconnect()
        return submitted, quiet, rejected

    submitted, quiet, rejected = async_to_sync(scenario)()
    assert submitted["type"] == "notice" and submitted["kind"] == "submitted" and submitted["journey"] == journey.pk
    assert "mia submitted Onboarding v1" in submitted["text"]
    assert quiet is True
    assert rejected["kind"] == "rejected" and "too long" in rejected["text"]


def test_the_history_page_shows_versions_audit_log_diff_and_comments(people):
    journey = journey_in("live")
    client_for(people["marketer"]).put(f"/api/v1/journeys/{journey.pk}/draft", CHANGED, format="json")
    client_for(people["marketer"]).post(f"/api/v1/journeys/{journey.pk}/comments", {"body": "shorter wait"},
                                        format="json")
    client = Client()
    client.force_login(people["viewer"])
    html = client.get(f"/journeys/{journey.pk}/history/").content.decode()
    assert 'data-testid="versions"' in html and 'data-version="2"' in html and 'data-version="1"' in html
    assert "step s (update) added" in html and "step w (wait): seconds changed" in html
    assert 'data-action="publish"' in html and "system" in html and "shorter wait" in html


def test_the_inbox_page_lists_versions_awaiting_review(people):
    journey_in("in_review", name="Needs review")
    client = Client()
    client.force_login(people["approver"])
    html = client.get("/approvals/").content.decode()
    assert "Needs review" in html and 'data-testid="review-queue"' in html
