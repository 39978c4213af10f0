"""The dry run shows which channel a fallback send would use and why."""
import pytest

from channels_app.models import Message
from journeys.services.simulate import simulate
from tests.integration.channels.fallback_support import make_templates
from tests.integration.runtime.conftest import T0, chain

pytestmark = pytest.mark.django_db


def graph(channels):
    return chain(("t", "trigger", {"event": "go"}),
                 ("s", "send", {"channels": channels,
                                "templates": {"wechat": "hi-wechat", "sms": "hi-sms", "email": "hi-email"}}),
                 ("x", "exit", {}))


def send_step(result):
    return next(step for step in result["path"] if step["node"] == "s")


def test_the_simulated_send_names_the_chosen_channel_and_each_channel_tried():
    make_templates()
    result = simulate(graph(["wechat", "sms", "email"]), 1, traits={"phone": "+15550001"}, start=T0)
    step = send_step(result)
    assert (step["channel"], step["template"], step["would"]) == ("sms", "hi-sms", "queued")
    assert step["why"] == "fell back from wechat: no WeChat openid"
    assert step["attempts"] == [
        {"channel": "wechat", "template": "hi-wechat", "would": "suppressed", "reason": "no WeChat openid"},
        {"channel": "sms", "template": "hi-sms", "would": "queued",
         "reason": "fell back from wechat: no WeChat openid"},
    ]
    assert not Message.objects.exists()  # a dry run writes nothing


def test_the_simulated_auto_send_explains_its_ranking():
    make_templates()
    result = simulate(graph("auto"), 1, traits={"wechat_openid": "o-1", "phone": "+15550001"}, start=T0)
    step = send_step(result)
    assert step["channel"] == "wechat"
    assert step["why"] == "ranked wechat > sms (no engagement difference; default order)"
