"""The broadcast pages' world: a saved segment, SMS and email templates, a user per role, and broadcasts
taken to a status through the real workflow (broadcasts.services)."""
from __future__ import annotations

import pytest
from django.test import Client

from audiences.services.segments import segment_create
from audiences.services.static_members import members_add
from broadcasts.services import broadcasts as services
from tests.factories import ContactFactory, UserFactory, template_for_channel, with_roles

ROLES = ("viewer", "marketer", "approver", "admin")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db) -> dict:
    return {role: with_roles(UserFactory(username=f"page-{role}"), role) for role in ROLES}


@pytest.fixture
def workspace(db):
    """The static segment `vips` (two contacts) and the templates `promo-sms` and `promo-email`."""
    for n, user_id in enumerate(("ada", "bob", "outsider")):
        ContactFactory(user_id=user_id, phone=f"+1555000{n:04d}")
    segment = segment_create(key="vips", name="VIPs", kind="static")
    members_add(segment, ["ada", "bob"])
    template_for_channel("promo-sms", "sms")
    template_for_channel("promo-email", "email")
    return segment


def page_client(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def broadcast_in(status: str, *, author, approver, name: str = "Spring sale"):
    """A broadcast of `promo-sms` to `vips`, taken to draft, pending_review or approved."""
    broadcast = services.broadcast_create(user=author, name=name, segment="vips", channel="sms",
                                          template="promo-sms")
    if status in ("pending_review", "approved"):
        services.broadcast_submit(broadcast, user=author)
    if status == "approved":
        services.broadcast_approve(broadcast, user=approver)
    broadcast.refresh_from_db()
    return broadcast
