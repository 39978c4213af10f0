"""The demo workspace `make run` starts with: a user, templates, journeys and a contact. Idempotent."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.authtoken.models import Token

from channels_app.models import MessageTemplate
from journeys.models import Journey
from journeys.services import journeys as journey_services
from journeys.services.ingest import IdentifyCall, ingest_calls

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
DEMO_JOURNEYS = ("welcome_series.json", "winback.json")


@dataclass
class DemoWorkspace:
    username: str
    password: str
    token: str
    journey_ids: list[int]


def demo_load(*, username: str = "demo", password: str = "demo") -> DemoWorkspace:
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True, "is_superuser": True})
        if created:
            user.set_password(password)
            user.save()
        token, _ = Token.objects.get_or_create(user=user)
        for spec in json.loads((DEMO_DIR / "templates.json").read_text()):
            MessageTemplate.objects.get_or_create(slug=spec["slug"], defaults=spec)
        journey_ids = []
        for filename in DEMO_JOURNEYS:
            data = json.loads((DEMO_DIR / filename).read_text())
            journey = Journey.objects.filter(name=data["name"]).first()
            if journey is None:
                journey = journey_services.journey_import(data, user=user)
            journey_ids.append(journey.pk)
        ingest_calls([IdentifyCall(
            user_id="demo-contact", anonymous_id=None,
            traits={"first_name": "Ada", "email": "ada@example.com", "phone": "+15555550100",
                    "timezone": "Europe/London", "plan": "trial"},
        )])
    return DemoWorkspace(username=username, password=password if created else "(unchanged)", token=token.key,
                         journey_ids=journey_ids)
