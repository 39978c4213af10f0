"""Broadcast test infrastructure: a saved segment of contacts with phones, SMS and email templates, users in
each role with API clients, and broadcasts brought to any status through the real workflow.

The runtime fixtures (`runner`, `clock`, `stub_broker`) come from tests/integration/conftest.py.
"""
from datetime import timedelta

import pytest

from audiences.services.segments import segment_create
from audiences.services.static_members import members_add
from broadcasts.services import broadcasts as services
from tests.factories import ContactFactory, UserFactory, template_for_channel, with_roles
from tests.integration.conftest import api_client_for

MEMBERS = ("ada", "bob", "cyd")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def marketer(db):
    return with_roles(UserFactory(username="mia"), "marketer")


@pytest.fixture
def second_approver(db):
    return with_roles(UserFactory(username="ava"), "approver")


@pytest.fixture
def marketer_api(marketer):
    return api_client_for(marketer)


def members_segment(user_ids=MEMBERS, key: str = "vips"):
    """A static segment of contacts (with phone numbers) `user_ids`, plus one contact outside it."""
    for n, user_id in enumerate([*user_ids, f"outside-{key}"]):
        ContactFactory(user_id=user_id, phone=f"+1555{len(key):03d}{n:04d}")
    segment = segment_create(key=key, name="VIPs", kind="static")
    members_add(segment, list(user_ids))
    return segment


@pytest.fixture
def world(db):
    """The segment `vips` (ada, bob, cyd) and the templates `promo-sms` and `promo-email`."""
    template_for_channel("promo-sms", "sms")
    template_for_channel("promo-email", "email")
    return members_segment()


def fields(**changes) -> dict:
    return {"name": "Spring sale", "segment": "vips", "channel": "sms", "template": "promo-sms", **changes}


def broadcast_in(status: str, *, author, approver, clock=None, **changes):
    """A broadcast taken to `status` (draft, pending_review, approved, published) by `author` and `approver`."""
    broadcast = services.broadcast_create(user=author, **fields(**changes))
    if status == "draft":
        return broadcast
    services.broadcast_submit(broadcast, user=author)
    if status == "pending_review":
        return broadcast
    services.broadcast_approve(broadcast, user=approver)
    if status == "approved":
        return broadcast
    return services.broadcast_publish(broadcast, user=approver)


def later(clock, **delta):
    return clock.now + timedelta(**delta)
