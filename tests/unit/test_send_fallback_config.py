"""The send node with channel fallback: its config checks, its decision, and the template checks per channel."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from journeys.graph.decisions import Visit
from journeys.graph.nodes import NODE_TYPES
from journeys.graph.nodes.send import default_order, send_templates
from journeys.graph.spec import Graph
from journeys.graph.validation import validate

SEND = NODE_TYPES["send"]
TEMPLATES = {"wechat": "hi-wechat", "sms": "hi-sms", "email": "hi-email"}


def messages(config):
    return [message for _, message in SEND.config_errors(config)]


def test_an_ordered_list_with_a_template_per_channel_is_valid():
    assert messages({"channels": ["wechat", "sms", "email"], "templates": TEMPLATES,
                     "fallback_after_seconds": 3600, "on_capped": "exit"}) == []


def test_auto_is_valid_and_its_default_order_is_wechat_sms_email_whatever_the_key_order():
    config = {"channels": "auto", "templates": {"email": "hi-email", "sms": "hi-sms", "wechat": "hi-wechat"}}
    assert messages(config) == []
    assert default_order(config) == ["wechat", "sms", "email"]


@pytest.mark.parametrize("config, fragment", [
    ({"channels": [], "templates": TEMPLATES}, "channels must be a non-empty list"),
    ({"channels": "best", "templates": TEMPLATES}, "channels must be a non-empty list"),
    ({"channels": ["wechat", "fax"], "templates": {"wechat": "hi-wechat"}}, '"fax" is not one of'),
    ({"channels": ["sms", "sms"], "templates": {"sms": "hi-sms"}}, "each channel may be listed once"),
    ({"channels": ["wechat", "sms"], "templates": {"wechat": "hi-wechat"}}, "no template for 'sms'"),
    ({"channels": ["sms"], "templates": {"sms": "hi-sms", "email": "hi-email"}}, "'email' is not in channels"),
    ({"channels": ["sms"], "templates": {"sms": ""}}, "templates.sms must be a non-empty template slug"),
    ({"channels": ["sms"]}, "templates is required"),
    ({"channels": "auto", "templates": {"pigeon": "x"}}, "'pigeon' is not one of"),
    ({"channels": ["sms"], "templates": {"sms": "hi-sms"}, "fallback_after_seconds": 0},
     "fallback_after_seconds must be a positive integer"),
    ({"channels": ["sms"], "templates": {"sms": "hi-sms"}, "template": "hi-sms"}, "template goes with a single"),
    ({"channel": "sms", "template": "hi-sms", "templates": {"sms": "hi-sms"}}, "templates goes with channels"),
    ({"channel": "sms", "template": "hi-sms", "fallback_after_seconds": 60}, "fallback_after_seconds goes with"),
])
def test_each_bad_fallback_config_is_named(config, fragment):
    found = messages(config)
    assert len(found) == 1 and fragment in found[0], found


def test_a_single_channel_keeps_its_single_template_and_its_old_decision():
    decision = SEND.decide({"channel": "wechat", "template": "hi-wechat"}, None, None, None)
    assert decision.send == {"channel": "wechat", "template": "hi-wechat", "on_capped": "skip"}


def test_the_decision_carries_the_channels_templates_and_timer():
    visit = Visit(contact_key="1", journey_key="j", node_id="s")
    config = {"channels": ["wechat", "sms"], "templates": {"sms": "hi-sms", "wechat": "hi-wechat"},
              "fallback_after_seconds": 600}
    decision = SEND.decide(config, visit, None, datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert decision.send == {"channel": "wechat", "template": "hi-wechat", "channels": ["wechat", "sms"],
                             "templates": {"wechat": "hi-wechat", "sms": "hi-sms"}, "on_capped": "skip",
                             "fallback_after_seconds": 600}
    assert decision.port == "next"


def test_send_templates_lists_one_template_per_channel_in_order():
    assert send_templates({"channels": ["email", "sms"], "templates": TEMPLATES}) == [("email", "hi-email"),
                                                                                  ("sms", "hi-sms")]
    assert send_templates({"channel": "sms", "template": "hi-sms"}) == [("sms", "hi-sms")]


def graph_with(config) -> Graph:
    return Graph.from_dict({"schema": 1, "nodes": [
        {"id": "t", "type": "trigger", "config": {"event": "go"}, "position": {"x": 0, "y": 0}},
        {"id": "s", "type": "send", "config": config, "position": {"x": 0, "y": 100}},
        {"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 200}},
    ], "edges": [{"source": "t", "target": "s", "port": "next"}, {"source": "s", "target": "x", "port": "next"}]})


def test_validation_looks_up_every_listed_channels_template():
    known = {"hi-wechat": "wechat", "hi-sms": "email"}  # hi-sms is of the wrong channel, hi-email is missing
    issues = validate(graph_with({"channels": ["wechat", "sms", "email"], "templates": TEMPLATES}), templates=known)
    found = sorted((i.node, i.code, i.message) for i in issues)
    assert found == [
        ("s", "template_channel_mismatch", "template 'hi-sms' is a email template, but this node sends sms"),
        ("s", "template_missing", "template 'hi-email' does not exist"),
    ]


def test_validation_passes_when_every_template_exists_on_its_channel():
    known = {slug: channel for channel, slug in TEMPLATES.items()}
    assert validate(graph_with({"channels": "auto", "templates": TEMPLATES}), templates=known) == []
