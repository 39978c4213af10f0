"""The demo workspace `make run` starts with: a user, templates, journeys and a contact. Idempotent.

The quick-tour journey is published and the demo contact sent into it on every
start, so the embedded runtime visibly moves someone along within two minutes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.authtoken.models import Token

from channels_app.models import MessageTemplate
from core import roles
from journeys.models import Journey
from journeys.models.journey import JourneyStatus
from core import clock
from journeys.services import journeys as journey_services
from journeys.services.ingest import IdentifyCall, TrackCall, ingest_calls

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
# (file, publish it?)
DEMO_JOURNEYS = (("quick_tour.json", True), ("welcome_series.json", True), ("winback.json", False))
DEMO_CONTACT = "demo-contact"
DEMO_APPROVER = "demo-approver"


@dataclass
class DemoWorkspace:
    username: str
    created_user: bool
    token: str
    journey_ids: list[int]


def demo_load(*, username: str = "demo", password: str = "demo", start_tour: bool = True) -> DemoWorkspace:
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True, "is_superuser": True})
        if created:
            user.set_password(password)
            user.save()
        token, _ = Token.objects.get_or_create(user=user)
        # Four eyes needs two people: `demo` (marketer + approver) edits and submits, `demo-approver`
        # (approver, same password) approves what `demo` edited, and vice versa.
        roles.grant(user, roles.MARKETER, roles.APPROVER)
        second, second_created = User.objects.get_or_create(username=DEMO_APPROVER)
        if second_created:
            second.set_password(password)
            second.save()
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
        tour = Journey.objects.get(pk=journey_ids[0])
        if start_tour and tour.status == JourneyStatus.LIVE:
            # Picked up by the scheduler's event scan once the server runs: the contact then moves along.
            ingest_calls([TrackCall(user_id=DEMO_CONTACT, anonymous_id=None, event="demo_started",
                                    properties={"source": "make run"}, timestamp=clock.now())])
    return DemoWorkspace(username=username, created_user=created, token=token.key, journey_ids=journey_ids)
