"""The journey templates (starters) in journeys/starters/: each valid with the real validator, in both languages."""
import pytest

from journeys.graph.spec import Graph
from journeys.graph.validation import validate
from journeys.selectors.starters import starter_get, starter_keys, starter_list

EXPECTED = {"welcome_7_day", "browse_abandon", "repurchase_nudge", "silent_winback", "birthday_offer"}


def test_the_five_starters_are_offered():
    assert EXPECTED <= set(starter_keys())


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_starter_is_valid_with_its_own_templates(key):
    starter = starter_get(key)
    templates = {t["slug"]: t["channel"] for t in starter["templates"]}
    issues = validate(Graph.from_dict(starter["graph"]), templates=templates)
    assert [i for i in issues if i.severity == "error"] == []
    sent = {n["config"]["template"] for n in starter["graph"]["nodes"] if n["type"] == "send"}
    assert sent == set(templates)  # every template it sends is shipped with it, and nothing more


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_starter_is_named_and_described_in_english_and_chinese(key):
    starter = starter_get(key)
    for field in ("name", "description"):
        assert starter[field]["en"] and starter[field]["zh-hans"]
        assert starter[field]["en"] != starter[field]["zh-hans"]


def test_the_list_speaks_the_language_asked_for():
    english = {s["key"]: s["name"] for s in starter_list("en")}
    chinese = {s["key"]: s["name"] for s in starter_list("zh-hans")}
    assert english["birthday_offer"] == "Birthday offer" and chinese["birthday_offer"] == "生日优惠"


def test_the_repurchase_starter_means_two_orders_in_30_days_and_no_new_product():
    trigger = starter_get("repurchase_nudge")["graph"]["nodes"][0]["config"]["segment"]
    assert trigger["all"][0]["count"] == {"op": "gte", "value": 2} and trigger["all"][0]["within_days"] == 30
    assert trigger["all"][1]["not"]["where"] == {"prop": "is_new_product", "op": "eq", "value": True}
