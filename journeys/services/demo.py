"""The demo workspace `make run` starts with: a user, templates, journeys, a contact and (demo_audiences.py)
shoppers with segments, RFM and lifecycle stages. Idempotent.

The quick-tour journey is published and the demo contact sent into it on every
start, so the embedded runtime visibly moves someone along within two minutes.
The demo users hold roles, not superuser rights: `demo` is staff (the admin's read-only
view of the runtime), marketer, approver and admin; a write key for SDKs is created once.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from rest_framework.authtoken.models import Token

from channels_app.models import MessageTemplate
from core import roles
from journeys.models import Journey
from journeys.models.journey import JourneyStatus
from core import clock
from journeys.services import journeys as journey_services
from journeys.services.demo_audiences import demo_audiences_load
from journeys.services.ingest import IdentifyCall, TrackCall, ingest_calls
from workspace.selectors import write_key_active_named
from workspace.services.keys import write_key_create

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
# (file, publish it?)
DEMO_JOURNEYS = (("quick_tour.json", True), ("welcome_series.json", True), ("winback.json", False),
                 ("silent_winback.json", True))
DEMO_CONTACT = "demo-contact"
DEMO_USER = "demo"
DEMO_APPROVER = "demo-approver"
DEMO_WRITE_KEY_NAME = "Demo SDK"
# Printed in the README: journeys_run refuses to serve beyond loopback while a demo user still has it.
DEFAULT_DEMO_PASSWORD = "demo"
# What the admin shows the demo user, read-only: the runtime's rows.
ADMIN_VIEW_APPS = ("journeys", "channels_app")


@dataclass
class DemoWorkspace:
    username: str
    created_user: bool
    token: str  # the demo user's API token: for the API, as that user
    journey_ids: list[int]
    write_key: str | None = None  # for SDKs (ingest only); None when an earlier run created it (shown once)
    write_key_prefix: str = ""


def _demo_write_key(user) -> tuple[str | None, str]:
    """The demo's SDK write key: created on the first run only, since its secret is never stored."""
    existing = write_key_active_named(DEMO_WRITE_KEY_NAME)
    if existing is not None:
        return None, existing.prefix
    issued = write_key_create(name=DEMO_WRITE_KEY_NAME, user=user)
    return issued.key, issued.write_key.prefix


def _demo_user(username: str, password: str | None, *, staff: bool):
    """The user, created with `password` (or the default one); an explicit password also replaces an old one."""
    user, created = get_user_model().objects.get_or_create(username=username)
    # Earlier demos made `demo` a superuser: roles say what it may do now.
    user.is_superuser, user.is_staff = False, staff
    if created or password:
        user.set_password(password or DEFAULT_DEMO_PASSWORD)
    user.save()
    return user, created


def demo_load(*, username: str = DEMO_USER, password: str | None = None, start_tour: bool = True,
              audiences: bool = True) -> DemoWorkspace:
    """`password`: for both demo users; None keeps the passwords of users that exist already.
    `audiences`: the shoppers, segments, RFM and lifecycle of demo_audiences.py (tests of other parts skip them)."""
    with transaction.atomic():
        user, created = _demo_user(username, password, staff=True)
        token, _ = Token.objects.get_or_create(user=user)
        # Four eyes needs two people: `demo` (marketer + approver, and admin for the workspace settings) edits
        # and submits, `demo-approver` (approver, same password) approves what `demo` edited, and vice versa.
        roles.grant(user, roles.MARKETER, roles.APPROVER, roles.ADMIN)
        write_key, write_key_prefix = _demo_write_key(user)
        user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_",
                                                             content_type__app_label__in=ADMIN_VIEW_APPS))
        second, _ = _demo_user(DEMO_APPROVER, password, staff=False)
        roles.grant(second, roles.APPROVER)
        for spec in json.loads((DEMO_DIR / "templates.json").read_text()):
            MessageTemplate.objects.get_or_create(slug=spec["slug"], defaults=spec)
        journey_ids = []
        for filename, publish in DEMO_JOURNEYS:
            data = json.loads((DEMO_DIR / filename).read_text())
            journey = Journey.objects.filter(name=data["name"]).first()
            if journey is None:
                journey = journey_services.journey_import(data, user=user)
                if publish:
                    # The demo's starting state, set up by the system (audit log: "system"), not a sign-off.
                    journey_services.journey_publish(journey, user=None)
            journey_ids.append(journey.pk)
        ingest_calls([IdentifyCall(
            user_id=DEMO_CONTACT, anonymous_id=None,
            traits={"first_name": "Ada", "email": "ada@example.com", "phone": "+15555550100",
                    "timezone": "Europe/London", "plan": "trial"},
        )])
        if audiences:
            demo_audiences_load(user)
        tour = Journey.objects.get(pk=journey_ids[0])
        if start_tour and tour.status == JourneyStatus.LIVE:
            # Picked up by the scheduler's event scan once the server runs: the contact then moves along.
            ingest_calls([TrackCall(user_id=DEMO_CONTACT, anonymous_id=None, event="demo_started",
                                    properties={"source": "make run"}, timestamp=clock.now())])
    return DemoWorkspace(username=username, created_user=created, token=token.key, journey_ids=journey_ids,
                         write_key=write_key, write_key_prefix=write_key_prefix)
