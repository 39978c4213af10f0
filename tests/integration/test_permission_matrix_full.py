"""Every URL pattern × every method it serves × every kind of caller (design section 8).

The table below restates the contract (who may call what) without reading core.permissions, and the
first tests fail when a URL pattern, or a method of an API view, has no row: a new endpoint cannot be
added without deciding who may call it. Each row runs against a fresh workspace holding one of
everything (a journey in review, a template, a contact, a suppression, a cap, a write key).

Verdicts: `ok` is any answer but 401/403/5xx (a 404 or 409 still means the permission let it through);
refused callers get 403; anonymous ones 401 from the API and the login page from pages. A write key
is no session, so a page treats it as anonymous.
"""
from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from channels_app.models import Suppression
from journeys.models import Launch
from tests.factories import (ContactFactory, FrequencyCapRuleFactory, SuppressionFactory, UserFactory,
                             template_for_channel, with_roles)
from tests.integration.approvals.conftest import journey_in
from tests.integration.conftest import api_client_for
from workspace.services.keys import write_key_create

pytestmark = pytest.mark.django_db

ANON, KEY, NOBODY = "anonymous", "write_key", "nobody"
VIEWER, MARKETER, APPROVER, ADMIN = "viewer", "marketer", "approver", "admin"
CALLERS = (ANON, KEY, NOBODY, VIEWER, MARKETER, APPROVER, ADMIN)
EVERY_ROLE = frozenset({VIEWER, MARKETER, APPROVER, ADMIN})
R, M, A, AD = EVERY_ROLE, frozenset({MARKETER}), frozenset({APPROVER}), frozenset({ADMIN})
CAPS = frozenset({APPROVER, ADMIN})
J = "api/v1/journeys/<journey_id>/"
B = "api/v1/broadcasts/<broadcast_id>/"

# route -> {method: (callers allowed, body)}
API = {
    "api/v1/identify/": {"POST": ({KEY, MARKETER, ADMIN}, {"userId": "m-1", "traits": {"plan": "pro"}})},
    "api/v1/track/": {"POST": ({KEY, MARKETER, ADMIN}, {"userId": "m-1", "event": "signed_up"})},
    "api/v1/batch/": {"POST": ({KEY, MARKETER, ADMIN}, {"batch": [{"type": "track", "userId": "m-1", "event": "e"}]})},
    "api/v1/journeys/": {"GET": (R, None), "POST": (M, {"name": "New"})},
    J: {"GET": (R, None), "PATCH": (M, {"name": "Renamed"}), "DELETE": (M, None)},
    J + "draft/": {"GET": (R, None), "PUT": (M, {"schema": 1, "nodes": [], "edges": []})},
    J + "validate/": {"POST": (R, None)},
    J + "submit/": {"POST": (M, {})}, J + "withdraw/": {"POST": (M, {})},
    J + "approve/": {"POST": (A, {})}, J + "reject/": {"POST": (A, {"comment": "no"})},
    J + "publish/": {"POST": (A, {})}, J + "pause/": {"POST": (A, {})},
    J + "resume/": {"POST": (A, {})}, J + "archive/": {"POST": (A, {})},
    J + "history/": {"GET": (R, None)}, J + "diff/": {"GET": (R, None)},
    J + "comments/": {"GET": (R, None), "POST": ({MARKETER, APPROVER}, {"body": "ok"})},
    "api/v1/approvals/": {"GET": (R, None)},
    "api/v1/notifications/": {"GET": (R, None), "POST": (R, {})},
    J + "enroll/": {"POST": ({MARKETER, APPROVER}, {"userId": "matrix-ada"})},
    J + "launch/": {"POST": ({MARKETER, APPROVER}, {})},
    J + "launches/<launch_id>/": {"GET": (R, None)},
    J + "simulate/": {"POST": (R, {"traits": {}})},
    J + "test/": {"POST": ({MARKETER, APPROVER}, {"userId": "matrix-ada", "to": "qa@example.com"})},
    J + "test/<run_id>/": {"GET": (R, None)},
    "api/v1/journeys/next-occurrences/": {"POST": (R, {"trigger": {"schedule": {"every": "day"}, "at": "10:00",
                                                                   "timezone": "UTC", "segment": "vip"}})},
    "api/v1/journey-templates/": {"GET": (R, None)},
    J + "stats/": {"GET": (R, None)}, J + "enrollments/": {"GET": (R, None)},
    "api/v1/templates/": {"GET": (R, None), "POST": (M, {"slug": "new-sms", "channel": "sms", "body": "Hi"})},
    "api/v1/templates/<slug>/": {"GET": (R, None), "PUT": (M, {"channel": "sms", "body": "Hey"}),
                                 "PATCH": (M, {"body": "Hey"}), "DELETE": (M, None)},
    "api/v1/templates/<slug>/versions/": {"GET": (R, None)},
    "api/v1/templates/<slug>/preview/": {"POST": (R, {})},
    "api/v1/templates/<slug>/test-send/": {"POST": (M, {"to": "+15550002222"})},
    "api/v1/templates/<slug>/test/": {"POST": (M, {"userId": "matrix-ada", "to": "+15550002222"})},
    "api/v1/templates/<slug>/webhook-secret/": {"GET": ({MARKETER, ADMIN}, None), "POST": (M, None)},
    "api/v1/messages/": {"GET": (R, None)}, "api/v1/conversions/": {"GET": (R, None)},
    "api/v1/overview/": {"GET": (R, None)}, "api/v1/contacts/<user_id>/": {"GET": (R, None)},
    "api/v1/suppressions/": {"GET": (R, None),
                             "POST": ({MARKETER, APPROVER, ADMIN}, {"channel": "email", "address": "b@example.com"}),
                             "DELETE": (AD, {"channel": "sms", "address": "+15550001111"})},
    "api/v1/suppressions/<suppression_id>/": {"GET": (R, None), "DELETE": (AD, None)},
    "api/v1/frequency-caps/": {"GET": (R, None), "POST": (CAPS, {"limit": 2, "window_seconds": 60})},
    "api/v1/frequency-caps/<rule_id>/": {"GET": (R, None), "PUT": (CAPS, {"limit": 4, "window_seconds": 60}),
                                         "PATCH": (CAPS, {"limit": 4}), "DELETE": (CAPS, None)},
    "api/v1/contacts/<user_id>/inapp-token/": {"POST": ({MARKETER, ADMIN}, None)},
    "api/v1/contacts/<user_id>/inapp/": {"GET": (R, None)},
    "api/v1/contacts/<user_id>/inapp/read/": {"POST": ({MARKETER, ADMIN}, {"ids": []})},
    "api/v1/keys/": {"GET": (AD, None), "POST": (AD, {"name": "iOS app"})},
    "api/v1/keys/<key_id>/": {"DELETE": (AD, None)},
    "api/v1/channel-limits/": {"GET": (R, None), "PUT": (AD, {"sms": {"per_second": 50}})},
    "api/v1/segments/": {"GET": (R, None),
                         "POST": (M, {"key": "matrix-seg", "condition": {"attr": "plan", "op": "exists"}})},
    "api/v1/segments/preview/": {"POST": (R, {"condition": {"attr": "plan", "op": "exists"}})},
    "api/v1/segments/<key>/": {"GET": (R, None), "PATCH": (M, {"name": "Renamed"}), "DELETE": (M, None)},
    "api/v1/segments/<key>/members/": {"GET": (R, None), "POST": (M, {"userIds": ["matrix-ada"]}),
                                       "DELETE": (M, {"userIds": ["matrix-ada"]})},
    "api/v1/segments/<key>/history/": {"GET": (R, None)},
    "api/v1/computed-traits/": {"GET": (R, None), "POST": (M, {"key": "matrix-orders", "name": "Orders",
                                                               "kind": "count", "event": "order_completed"})},
    "api/v1/computed-traits/<key>/": {"GET": (R, None), "PATCH": (M, {"within_days": 30}), "DELETE": (M, None)},
    "api/v1/rfm/": {"GET": (R, None), "PUT": (M, {"event": "order_completed", "amount_property": "amount",
                                                  "within_days": 365, "thresholds": None})},
    "api/v1/rfm/grid/": {"GET": (R, None)}, "api/v1/rfm/segments/": {"GET": (R, None)},
    "api/v1/lifecycle/": {"GET": (R, None), "PUT": (M, {"active_events": ["app_opened"], "new_days": 7,
                                                        "active_days": 30, "churn_days": 90})},
    "api/v1/lifecycle/summary/": {"GET": (R, None)},
    "api/v1/alert-rules/": {"GET": (R, None), "POST": (CAPS, {"name": "Bounces", "metric": "bounce_rate",
                                                             "comparison": "above", "thresholds": {"yellow": 0.1}})},
    "api/v1/alert-rules/<alert_rule_id>/": {"GET": (R, None), "PATCH": (CAPS, {"name": "Renamed"}),
                                            "DELETE": (CAPS, None)},
    "api/v1/alerts/": {"GET": (R, None)},
    "api/v1/alerts/<alert_id>/ack/": {"POST": ({MARKETER, APPROVER, ADMIN}, None)},
    "api/v1/alerts/<alert_id>/resume/": {"POST": ({MARKETER, APPROVER, ADMIN}, None)},
    "api/v1/metrics/activity/": {"GET": (R, None)}, "api/v1/metrics/retention/": {"GET": (R, None)},
    "api/v1/metrics/ltv/": {"GET": (R, None)}, "api/v1/metrics/channels/": {"GET": (R, None)},
    "api/v1/metrics/lift/": {"GET": (R, None)},
    "api/v1/channel-costs/": {"GET": (R, None), "PUT": (AD, {"currency": "CNY", "sms": 0.05})},
    "api/v1/calendar/": {"GET": (R, None)},
    "api/v1/broadcasts/": {"GET": (R, None), "POST": (M, {"name": "New", "segment": "matrix-vips", "channel": "sms",
                                                           "template": "matrix-sms"})},
    B: {"GET": (R, None), "PATCH": (M, {"name": "Renamed"}), "DELETE": (M, None),
        "PUT": (M, {"name": "New", "segment": "matrix-vips", "channel": "sms", "template": "matrix-sms"})},
    B + "submit/": {"POST": (M, {})}, B + "approve/": {"POST": (A, {})},
    B + "reject/": {"POST": (A, {"comment": "no"})},
    B + "publish/": {"POST": (A, {})}, B + "cancel/": {"POST": ({MARKETER, APPROVER}, {})},
    B + "stats/": {"GET": (R, None)},
}
PAGES = {
    "journeys/": {"GET": (R, None), "POST": (M, {"action": "create", "name": "From the page"})},
    "journeys/<journey_id>/": {"GET": (R, None)},
    "journeys/<journey_id>/analytics": {"GET": (R, None)},
    "journeys/<journey_id>/history/": {"GET": (R, None)},
    "approvals/": {"GET": (R, None)},
    "messages/": {"GET": (R, None)}, "conversions/": {"GET": (R, None)}, "overview/": {"GET": (R, None)},
    "contacts/<user_id>/": {"GET": (R, None)},
    "contacts/": {"GET": (R, None)},
    "audiences/": {"GET": (R, None)}, "audiences/new/": {"GET": (R, None)},
    "audiences/rfm/": {"GET": (R, None)}, "audiences/lifecycle/": {"GET": (R, None)},
    "audiences/<key>/": {"GET": (R, None)},
    "settings/keys/": {"GET": (AD, None), "POST": (AD, {"action": "create", "name": "Website"})},
    "settings/channels/": {"GET": (R, None), "POST": (AD, {"per_second_sms": "50"})},
    "templates/": {"GET": (R, None)}, "templates/new/": {"GET": (M, None)}, "templates/<slug>/": {"GET": (R, None)},
    # Removing an entry (admins only) is a POST too: tests/integration/channels/test_settings_pages.py.
    "settings/suppressions/": {"GET": (R, None), "POST": ({MARKETER, APPROVER, ADMIN}, {
        "action": "add", "channel": "email", "address": "page@example.com"})},
    "settings/frequency-caps/": {"GET": (R, None), "POST": (CAPS, {
        "action": "add", "channel": "sms", "limit": "2", "window": "24", "unit": "hours"})},
    "alerts/": {"GET": (R, None), "POST": ({MARKETER, APPROVER, ADMIN}, {"action": "ack", "alert_id": "0"})},
    "health/": {"GET": (R, None)},
    "calendar/": {"GET": (R, None)},
    "broadcasts/": {"GET": (R, None)}, "broadcasts/new/": {"GET": (R, None)},
    "broadcasts/<broadcast_id>/": {"GET": (R, None)},
    "settings/channel-costs/": {"GET": (R, None), "POST": (AD, {"currency": "CNY", "cost_sms": "0.05"})},
}
STAFF_PAGES = {  # tools on top of a role: the caller is made staff first
    "inapp/demo/": {"GET": ({MARKETER, ADMIN}, None)},
}
# Not role-checked, each with its own expectation: (method, path, status every caller gets).
PUBLIC = {
    "": [("GET", "/", 302)],  # to /journeys/
    "accounts/login/": [("GET", "/accounts/login/", 200)],
    "accounts/logout/": [("POST", "/accounts/logout/", 302)],
    # Django's own pages about the caller's own password: no workspace data behind them.
    "accounts/password_change/": [("GET", "/accounts/password_change/", None)],
    "accounts/password_change/done/": [("GET", "/accounts/password_change/done/", None)],
    "accounts/password_reset/": [("GET", "/accounts/password_reset/", 200)],
    "accounts/password_reset/done/": [("GET", "/accounts/password_reset/done/", 200)],
    "accounts/reset/<uidb64>/<token>/": [("GET", "/accounts/reset/x/y/", 200)],
    "accounts/reset/done/": [("GET", "/accounts/reset/done/", 200)],
    # Signature-checked provider callbacks: unsigned, refused whoever sends them.
    "webhooks/twilio/status/": [("POST", "/webhooks/twilio/status", 403)],
    "webhooks/twilio/inbound/": [("POST", "/webhooks/twilio/inbound", 403)],
    "webhooks/sendgrid/events/": [("POST", "/webhooks/sendgrid/events", 403)],
    "webhooks/wechat/": [("GET", "/webhooks/wechat", 403), ("POST", "/webhooks/wechat", 403)],
    "webhooks/aliyun/sms-report/": [("POST", "/webhooks/aliyun/sms-report", 403)],
    "unsubscribe/<token>": [("GET", "/unsubscribe/not-a-token", 404), ("POST", "/unsubscribe/not-a-token", 404)],
    # The header's language switch: anyone may pick a language (a signed-in user's choice is kept on them).
    "i18n/setlang/": [("POST", "/i18n/setlang/", 302)],
    # The OpenAPI description of the API holds no workspace data; Schemathesis and SDK authors read it.
    "api/v1/schema": [("GET", "/api/v1/schema", 200)],
    "api/v1/docs": [("GET", "/api/v1/docs", 200)],
    "api/v1/redoc": [("GET", "/api/v1/redoc", 200)],
}
DJANGO_ADMIN = "admin/"  # the Django admin: staff only, by its own rules (test below)


def _route(pattern: str) -> str:
    """`^journeys/(?P<journey_id>\\d+)/?$` and `journeys/<int:journey_id>/` both read `journeys/<journey_id>/`."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", pattern)
    route = re.sub(r"<\w+:(\w+)>", r"<\1>", route)
    return route.replace("^", "").replace("$", "").replace("/?", "/")


def _patterns(resolver=None, prefix: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield _route(prefix + str(entry.pattern)), entry.callback


def _api_methods(callback) -> set[str]:
    view = callback.view_class
    return {m.upper() for m in view.http_method_names if hasattr(view, m) and m not in ("head", "options")}


def test_every_url_pattern_has_a_row_in_the_table():
    routes = {route for route, _ in _patterns() if not route.startswith(DJANGO_ADMIN)}
    tabled = set(API) | set(PAGES) | set(STAFF_PAGES) | set(PUBLIC)
    assert sorted(routes - tabled) == [], "add these endpoints to the permission matrix"
    assert sorted(tabled - routes) == [], "these rows match no URL pattern any more"


def test_every_method_an_api_view_serves_has_a_row_and_every_view_names_its_resource():
    for route, callback in _patterns():
        if route in API:
            assert _api_methods(callback) == set(API[route]), route
            assert getattr(callback.view_class, "resource", None), route
        elif route in PAGES or route in STAFF_PAGES:
            assert getattr(callback, "resource", None), route


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # five users per row


@pytest.fixture
def world(db):
    users = {NOBODY: UserFactory(username="matrix-nobody")}
    for role in (VIEWER, MARKETER, APPROVER, ADMIN):
        users[role] = with_roles(UserFactory(username=f"matrix-{role}"), role)
    journey = journey_in("in_review", author=users[MARKETER])  # the marketer may withdraw; the approver approve
    ContactFactory(user_id="matrix-ada", phone="+15550001111")
    template_for_channel("matrix-sms", "sms")
    template_for_channel("matrix-hook", "webhook")
    ids = {"journey_id": journey.pk, "user_id": "matrix-ada",
           "launch_id": Launch.objects.create(journey=journey, version=journey.versions.get()).pk,
           "suppression_id": SuppressionFactory(channel="sms", address="+15550001111").pk,
           "rule_id": FrequencyCapRuleFactory().pk,
           "run_id": 0,  # no such test run: a 404 once the permission let the caller through
           "key_id": write_key_create(name="to revoke", user=None).write_key.pk,
           "alert_rule_id": 0, "alert_id": 0,  # no such rule or alert: a 404 once the permission let the caller in
           "broadcast_id": _broadcast_in_review(users[MARKETER])}
    return users, ids, write_key_create(name="matrix SDK", user=None).key


def _broadcast_in_review(author) -> int:
    """A broadcast the marketer submitted: the approver may approve or reject it, nobody may edit it."""
    from audiences.services.segments import segment_create
    from broadcasts.services import broadcasts

    segment_create(key="matrix-vips", name="VIPs", kind="static")
    broadcast = broadcasts.broadcast_create(user=author, name="Matrix", segment="matrix-vips", channel="sms",
                                            template="matrix-sms")
    return broadcasts.broadcast_submit(broadcast, user=author).pk


def _url(route: str, ids: dict) -> str:
    slug = "matrix-hook" if "webhook-secret" in route else "matrix-sms"
    return "/" + re.sub(r"<(\w+)>", lambda m: str(ids.get(m.group(1), slug)), route)


def _api_client(caller, users, key):
    client = APIClient()
    if caller == KEY:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    elif caller != ANON:
        client = api_client_for(users[caller])
    return client


def _page_client(caller, users, key):
    if caller == KEY:
        return Client(HTTP_AUTHORIZATION=f"Token {key}")
    client = Client()
    if caller != ANON:
        client.force_login(users[caller])
    return client


def _ordered(allowed) -> list[str]:
    """Refused callers first: a 403 writes nothing, so the allowed ones still find the world intact."""
    return sorted(CALLERS, key=lambda caller: caller in allowed)


def _cases(table):
    return [(route, method, allowed, body) for route, methods in table.items()
            for method, (allowed, body) in methods.items()]


@pytest.mark.parametrize("route,method,allowed,body", _cases(API), ids=[f"{m} {r}" for r, m, *_ in _cases(API)])
def test_api_endpoint_by_caller(world, route, method, allowed, body):
    users, ids, key = world
    url = _url(route, ids)
    for caller in _ordered(allowed):
        # when each kind of caller calls it
        response = getattr(_api_client(caller, users, key), method.lower())(url, body, format="json")
        # then the contract's verdict
        status = response.status_code
        if caller in allowed:
            assert status not in (401, 403) and status < 500, (caller, method, url, status, response.content[:300])
        elif caller == ANON:
            assert status == 401, (caller, method, url, status)
        else:
            assert status == 403, (caller, method, url, status, response.content[:300])


PAGE_CASES = _cases(PAGES) + [(*case, "staff") for case in _cases(STAFF_PAGES)]


@pytest.mark.parametrize("case", PAGE_CASES, ids=[f"{c[1]} {c[0]}" for c in PAGE_CASES])
def test_page_by_caller(world, case):
    route, method, allowed, body, *staff = case
    users, ids, key = world
    if staff:
        for user in users.values():
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    url = _url(route, ids)
    for caller in _ordered(allowed):
        client = _page_client(caller, users, key)
        response = client.get(url) if method == "GET" else client.post(url, body or {})
        status = response.status_code
        if caller in allowed:
            assert status not in (401, 403) and status < 500, (caller, method, url, status)
            assert "/accounts/login/" not in response.get("Location", ""), (caller, url)
        elif caller in (ANON, KEY):
            assert status == 302 and response["Location"].startswith("/accounts/login/"), (caller, url, status)
        else:
            assert status == 403, (caller, method, url, status)


@pytest.mark.parametrize("route", sorted(PUBLIC))
def test_public_endpoint_answers_every_caller_alike(world, route):
    users, _, key = world
    for method, path, expected in PUBLIC[route]:
        for caller in CALLERS:
            client = _page_client(caller, users, key)
            response = client.get(path) if method == "GET" else client.post(path)
            if expected is None:  # the caller's own password pages: a login for anonymous callers, never a 5xx
                assert response.status_code < 500, (caller, path)
            else:
                assert response.status_code == expected, (caller, method, path, response.status_code)


def test_the_django_admin_is_for_staff_only_whatever_the_role(world):
    users, _, key = world
    for caller in CALLERS:
        response = _page_client(caller, users, key).get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], caller


def test_a_refusal_changes_nothing(world):
    # given the blacklist entry of the world
    users, ids, key = world
    # when everyone but the admin tries to lift it
    for caller in (KEY, NOBODY, VIEWER, MARKETER, APPROVER):
        client = _api_client(caller, users, key)
        assert client.delete(f"/api/v1/suppressions/{ids['suppression_id']}").status_code == 403
    # then it is still there
    assert Suppression.objects.filter(pk=ids["suppression_id"]).exists()
