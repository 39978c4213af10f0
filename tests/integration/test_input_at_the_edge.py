"""Input at the edge (design §8): every bad input is a 4xx naming the field, and the database is unchanged.

Each case once gave a 500 on PostgreSQL (NUL, lone surrogates, integer and date overflow, recursion)
or was silently accepted (bad addresses, time zones, oversized graphs). CI runs these on PostgreSQL.
"""
import gzip

import pytest

from journeys.graph.validation import MAX_NODES
from tests.integration.edge_helpers import deep_text, js, named_field, row_counts, superuser_client

pytestmark = pytest.mark.django_db

TEN_YEARS = 10 * 366 * 86400


def nested(depth: int, leaf=1, key: str | None = "a"):
    """`depth` levels of {"a": …} (or of […] when key is None), built without recursion."""
    value = leaf
    for _ in range(depth):
        value = [value] if key is None else {key: value}
    return value


def node(node_id: str, node_type: str = "exit", config: dict | None = None) -> dict:
    return {"id": node_id, "type": node_type, "config": config or {}, "position": {"x": 0, "y": 0}}


def graph(*nodes, settings: dict | None = None) -> dict:
    return {"schema": 1, "nodes": list(nodes), "edges": [], "settings": settings or {}}


@pytest.fixture
def client(db, settings):
    return superuser_client(settings)


@pytest.fixture
def journey_id(client):
    response = client.post("/api/v1/journeys/", {"name": "Edge", "draft": graph(node("t", "trigger", {"event": "go"}))},
                           format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def batch_with(bad_item: dict) -> dict:
    good = [{"type": "identify", "userId": f"u{i}", "traits": {"plan": "pro"}} for i in range(3)]
    return {"batch": [*good, bad_item]}


BAD_BODIES = [
    # ingest: strings at any depth
    ("track-event-nul", "/api/v1/track", js({"userId": "u1", "event": "a\x00b"}), 400, "event"),
    ("track-event-surrogate", "/api/v1/track", js({"userId": "u1", "event": "a\ud800"}), 400, "event"),
    ("track-property-key-nul", "/api/v1/track", js({"userId": "u1", "event": "e", "properties": {"a\x00b": 1}}),
     400, "properties.a\\u0000b"),
    ("track-property-value-nul", "/api/v1/track", js({"userId": "u1", "event": "e", "properties": {"name": "x\x00"}}),
     400, "properties.name"),
    ("track-deep-property-surrogate", "/api/v1/track",
     js({"userId": "u1", "event": "e", "properties": {"cart": [{"sku": "ok"}, {"sku": "\udfff"}]}}),
     400, "properties.cart[1].sku"),
    ("track-message-id-nul", "/api/v1/track", js({"userId": "u1", "event": "e", "messageId": "m\x00"}),
     400, "messageId"),
    ("track-user-id-nul", "/api/v1/track", js({"userId": "u\x00", "event": "e"}), 400, "userId"),
    ("identify-anonymous-id-surrogate", "/api/v1/identify", js({"anonymousId": "\ud800"}), 400, "anonymousId"),
    ("identify-trait-nul", "/api/v1/identify", js({"userId": "u1", "traits": {"name": "A\x00"}}), 400, "traits.name"),
    ("identify-trait-key-surrogate", "/api/v1/identify", js({"userId": "u1", "traits": {"\ud800": 1}}),
     400, "traits.\\ud800"),
    ("batch-item-property-nul", "/api/v1/batch",
     js(batch_with({"type": "track", "userId": "u9", "event": "e", "properties": {"name": "\x00"}})),
     400, "batch[3].properties.name"),
    # ingest: numbers, timestamps, nesting
    ("track-property-beyond-64-bit", "/api/v1/track", js({"userId": "u1", "event": "e", "properties": {"n": 2**64}}),
     400, "properties.n"),
    ("track-property-infinite", "/api/v1/track", '{"userId": "u1", "event": "e", "properties": {"x": 1e400}}',
     400, "properties.x"),
    ("track-timestamp-year-9999", "/api/v1/track",
     js({"userId": "u1", "event": "e", "timestamp": "9999-12-31T23:59:59-14:00"}),
     400, "timestamp"),
    ("track-timestamp-before-1970", "/api/v1/track",
     js({"userId": "u1", "event": "e", "timestamp": "1969-12-31T23:59:59Z"}),
     400, "timestamp"),
    ("track-properties-33-deep", "/api/v1/track", js({"userId": "u1", "event": "e", "properties": nested(33)}),
     400, "properties"),
    ("track-properties-10000-deep", "/api/v1/track",
     '{"userId": "u1", "event": "e", "properties": ' + '{"a": ' * 10_000 + "1" + "}" * 10_001, 400, "body"),
    ("identify-traits-33-deep", "/api/v1/identify", js({"userId": "u1", "traits": nested(33)}), 400, "traits"),
    # ingest: addresses and time zones
    ("identify-email-not-an-email", "/api/v1/identify", js({"userId": "u1", "traits": {"email": "not-an-email"}}),
     400, "traits.email"),
    ("identify-email-an-object", "/api/v1/identify", js({"userId": "u1", "traits": {"email": {"a": 1}}}),
     400, "traits.email"),
    ("identify-phone-call-me", "/api/v1/identify", js({"userId": "u1", "traits": {"phone": "call me"}}),
     400, "traits.phone"),
    ("identify-phone-without-country", "/api/v1/identify", js({"userId": "u1", "traits": {"phone": "555 0100"}}),
     400, "traits.phone"),
    ("identify-timezone-mars", "/api/v1/identify", js({"userId": "u1", "traits": {"timezone": "Mars/Olympus"}}),
     400, "traits.timezone"),
    ("batch-item-timezone", "/api/v1/batch",
     js(batch_with({"type": "identify", "userId": "u9", "traits": {"timezone": "Mars/Olympus"}})),
     400, "batch[3].traits.timezone"),
    ("batch-over-the-body-limit", "/api/v1/batch", js({"batch": [], "pad": "x" * 3_000_000}), 413, "body"),
    # journeys: graphs
    ("create-draft-node-id-nul", "/api/v1/journeys/",
     js({"name": "J", "draft": graph(node("a"), node("b"), node("c\x00"))}), 400, "draft.nodes[2].id"),
    ("create-draft-too-many-nodes", "/api/v1/journeys/",
     js({"name": "J", "draft": graph(*[node(f"n{i}") for i in range(MAX_NODES + 1)])}), 400, "draft.nodes"),
    ("validate-graph-node-type-surrogate", "/api/v1/journeys/{journey}/validate", js(graph(node("a", "\ud800"))),
     400, "nodes[0].type"),
    ("launch-condition-33-deep", "/api/v1/journeys/{journey}/launch", js({"condition": nested(33, key="not")}),
     400, "condition"),
    ("launch-condition-950-deep", "/api/v1/journeys/{journey}/launch", '{"condition": ' + deep_text(950) + "}",
     400, "body"),
    ("launch-condition-window-beyond-ten-years", "/api/v1/journeys/{journey}/launch",
     js({"condition": {"event": "bought", "within_days": 1e300}}), 400, "condition.within_days"),
    # simulate
    ("simulate-after-seconds-1e300", "/api/v1/journeys/{journey}/simulate",
     js({"traits": {}, "events": [{"event": "go"}, {"event": "go", "after_seconds": 1e300}]}),
     400, "events[1].after_seconds"),
    ("simulate-event-property-nul", "/api/v1/journeys/{journey}/simulate",
     js({"traits": {}, "events": [{"event": "go", "properties": {"name": "\x00"}}]}), 400, "events[0].properties.name"),
    ("simulate-timezone-mars", "/api/v1/journeys/{journey}/simulate", js({"traits": {"timezone": "Mars/Olympus"}}),
     400, "traits.timezone"),
    # frequency caps
    ("cap-limit-2-pow-75", "/api/v1/frequency-caps", js({"limit": 2**75, "window_seconds": 60}), 400, "limit"),
    ("cap-limit-over-a-million", "/api/v1/frequency-caps", js({"limit": 1_000_001, "window_seconds": 60}),
     400, "limit"),
    ("cap-window-over-ten-years", "/api/v1/frequency-caps", js({"limit": 1, "window_seconds": TEN_YEARS + 1}),
     400, "window_seconds"),
    ("cap-journey-beyond-64-bit", "/api/v1/frequency-caps", js({"limit": 1, "window_seconds": 60, "journey": 2**63}),
     400, "journey"),
    # suppressions
    ("suppression-address-nul", "/api/v1/suppressions", js({"channel": "email", "address": "a\x00@example.com"}),
     400, "address"),
]


@pytest.mark.parametrize("path, body, status, field", [case[1:] for case in BAD_BODIES], ids=[c[0] for c in BAD_BODIES])
def test_a_bad_body_gets_a_4xx_naming_the_field_and_writes_nothing(client, journey_id, path, body, status, field):
    # given the database as it is
    before = row_counts()
    # when the bad body is posted
    response = client.generic("POST", path.format(journey=journey_id), body, content_type="application/json")
    # then a JSON 4xx names the field, and nothing was written
    assert response.status_code == status, response.content[:300]
    assert named_field(response) == field
    assert row_counts() == before


def draft_body(*nodes, settings=None) -> str:
    return js(graph(node("t", "trigger", {"event": "go"}), *nodes, settings=settings))


BAD_DRAFTS = [
    ("node-id-nul", draft_body(node("a"), node("b\x00")), 400, "nodes[2].id"),
    ("too-many-nodes", js(graph(*[node(f"n{i}") for i in range(MAX_NODES + 1)])), 400, "nodes"),
    ("100000-nodes", js(graph(*[node(f"n{i}") for i in range(100_000)])), 413, "body"),
    ("wait-seconds-1e300", draft_body(node("w", "wait", {"seconds": 1e300})), 400, "nodes[1].config.seconds"),
    ("timeout-beyond-ten-years", draft_body(node("w", "wait_event", {"event": "e", "timeout_seconds": TEN_YEARS + 1})),
     400, "nodes[1].config.timeout_seconds"),
    ("goal-window-beyond-ten-years",
     draft_body(settings={"goal": {"event": "e", "within_seconds": 2**62, "exit": True}}),
     400, "settings.goal.within_seconds"),
    ("condition-window-beyond-ten-years",
     draft_body(node("b", "branch", {"condition": {"all": [{"event": "e", "within_days": 10**9}]}})),
     400, "nodes[1].config.condition.all[0].within_days"),
    ("condition-950-deep", draft_body(node("b", "branch", {"condition": "DEEP"})).replace('"DEEP"', deep_text(950)),
     400, "body"),
    ("position-infinite", draft_body().replace('"x": 0', '"x": 1e999'), 400, "nodes[0].position.x"),
]


@pytest.mark.parametrize("body, status, field", [case[1:] for case in BAD_DRAFTS], ids=[c[0] for c in BAD_DRAFTS])
def test_a_bad_draft_gets_a_4xx_naming_the_field_and_keeps_the_saved_one(client, journey_id, body, status, field):
    # given a saved draft
    saved = client.get(f"/api/v1/journeys/{journey_id}/draft").json()
    before = row_counts()
    # when a bad one is put
    response = client.generic("PUT", f"/api/v1/journeys/{journey_id}/draft", body, content_type="application/json")
    # then it is refused naming the field, and the saved draft stands
    assert response.status_code == status, response.content[:300]
    assert named_field(response) == field
    assert row_counts() == before
    assert client.get(f"/api/v1/journeys/{journey_id}/draft").json() == saved


BAD_QUERIES = [
    ("/api/v1/messages?journey=99999999999999999999", 400, "journey"),
    ("/api/v1/conversions?journey=99999999999999999999", 400, "journey"),
    ("/api/v1/frequency-caps?journey=99999999999999999999", 400, "journey"),
    ("/api/v1/frequency-caps?journey=abc", 400, "journey"),
    ("/api/v1/messages?until=9999-12-31", 400, "until"),
    ("/api/v1/conversions?since=0001-01-01T00:00:00%2B14:00", 400, "since"),
    ("/api/v1/messages?userId=a%00b", 400, "userId"),
    ("/api/v1/journeys/?search=%00", 400, "search"),
    ("/api/v1/suppressions?q=%00", 400, "q"),
    ("/api/v1/journeys/{journey}/enrollments?userId=%00", 400, "userId"),
    ("/api/v1/contacts/a%00b", 400, "path"),
]


@pytest.mark.parametrize("url, status, field", BAD_QUERIES, ids=[q[0] for q in BAD_QUERIES])
def test_a_bad_query_parameter_gets_a_4xx_naming_it(client, journey_id, url, status, field):
    # when a list is asked for with a bad parameter
    response = client.get(url.format(journey=journey_id))
    # then the parameter is named
    assert response.status_code == status, response.content[:300]
    assert named_field(response) == field


@pytest.mark.parametrize("url", ["/api/v1/journeys/99999999999999999999/",
                                 "/api/v1/journeys/99999999999999999999/launches/1",
                                 "/api/v1/messages?cursor=cD1hYmM%3D",  # a forged cursor: position "abc"
                                 "/api/v1/suppressions?cursor=cD0lMDA%3D"])
def test_an_id_that_cannot_exist_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_gzipped_body_is_checked_like_any_other(client):
    # given a gzip body that inflates to 5,000 "[" (small on the wire)
    body = gzip.compress(b"[" * 5000 + b"]" * 5000)
    # when posted as a Segment SDK would
    response = client.generic("POST", "/api/v1/batch", body, content_type="application/json",
                              HTTP_CONTENT_ENCODING="gzip")
    # then it is refused naming the body
    assert response.status_code == 400 and named_field(response) == "body"
