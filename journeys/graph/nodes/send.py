"""`send`: one message over one channel, through the policy (caps, blacklists,
quiet hours).

``{"channel": "sms" | "email" | "webhook" | "inapp", "template": slug,
"on_capped": "skip" | "exit"}``; ``on_capped`` (default ``skip``) says whether a
capped contact moves on without the message or leaves the journey.
"""

from __future__ import annotations

from typing import Any

from ..decisions import Decision
from ..fields import describe, is_non_empty_str
from .base import ConfigErrors, NodeType

CHANNELS = ("sms", "email", "webhook", "inapp")
ON_CAPPED = ("skip", "exit")
DEFAULT_ON_CAPPED = "skip"


class SendNode(NodeType):
    type_name = "send"
    fixed_ports = ("next",)
    config_keys = ("channel", "template", "on_capped")

    def check_config(self, config: dict[str, Any]) -> ConfigErrors:
        errors = []
        if "channel" not in config:
            errors.append(self.bad(f"channel is required ({', '.join(CHANNELS)})"))
        elif config["channel"] not in CHANNELS:
            errors.append(self.bad(f"channel must be one of {', '.join(CHANNELS)}, not {describe(config['channel'])}"))
        if "template" not in config:
            errors.append(self.bad("template is required"))
        elif not is_non_empty_str(config["template"]):
            errors.append(self.bad(f"template must be a non-empty template slug, not {describe(config['template'])}"))
        if "on_capped" in config and config["on_capped"] not in ON_CAPPED:
            errors.append(self.bad(f"on_capped must be one of {', '.join(ON_CAPPED)}, not {describe(config['on_capped'])}"))
        return errors

    def decide(self, config, visit, ctx, now) -> Decision:
        send = {"channel": config["channel"], "template": config["template"], "on_capped": config.get("on_capped", "skip")}
        return Decision(send=send, port="next")
