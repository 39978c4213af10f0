"""The three default alert rules the data migration seeds show in the reader's language on `/alerts/` while
they keep the seeded English name; the stored names stay as they are, and a renamed rule shows its own name."""
from __future__ import annotations

import importlib

import pytest
from django.test import Client

from health import labels
from health.models import Alert, AlertRule
from tests.factories import UserFactory, with_roles
from tests.integration.health.alert_helpers import T0

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("health.migrations.0001_alerts").DEFAULT_RULES
CHINESE = ("投诉率日环比上升 30%", "活跃用户占比低于 40%", "核心用户流失率高于 5%")


def _page(language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(with_roles(UserFactory(username="rules-admin"), "admin"))
    return client.get("/alerts/").content.decode()


def test_every_seeded_name_has_a_translation_keyed_by_exactly_that_name():
    assert sorted(labels.SEEDED_RULE_NAMES) == sorted(rule["name"] for rule in SEED)


def test_the_seeded_rules_read_in_chinese_and_their_data_stays_english():
    html = _page("zh-hans")
    assert all(name in html for name in CHINESE), html
    assert sorted(AlertRule.objects.values_list("name", flat=True)) == sorted(rule["name"] for rule in SEED)


def test_english_readers_see_the_seeded_names_as_stored():
    html = _page("en")
    assert all(rule["name"] in html for rule in SEED) and not any(name in html for name in CHINESE)


def test_a_renamed_default_rule_shows_its_own_name():
    AlertRule.objects.filter(name=SEED[1]["name"]).update(name="Active share below 40 % (ours)")
    html = _page("zh-hans")
    assert "Active share below 40 % (ours)" in html and CHINESE[1] not in html


def test_an_alert_of_a_seeded_rule_and_the_rule_editor_name_it_in_chinese():
    seeded = AlertRule.objects.get(name=SEED[0]["name"])
    Alert.objects.create(rule=seeded, level="yellow", value=45.0, threshold=30.0, started_at=T0)
    html = _page("zh-hans")
    assert html.count(CHINESE[0]) == 2  # the open alert and the rule list
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(with_roles(UserFactory(username="rules-editor"), "admin"))
    page = client.get(f"/alerts/?edit={seeded.pk}").content.decode()
    assert f"“{CHINESE[0]}”" in page and f'value="{SEED[0]["name"]}"' in page
