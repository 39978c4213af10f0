"""`send`: one message over one channel, or over the first of several that can deliver it, through the
policy (caps, blacklists, quiet hours).

``{"channel": "sms" | "email" | "webhook" | "inapp" | "wechat", "template": slug, "on_capped": "skip" | "exit"}``;
or, with channel fallback (design section 12), ``{"channels": ["wechat", "sms", "email"] | "auto",
"templates": {channel: slug, …}, "fallback_after_seconds": n?, "on_capped": …}``: the next channel is tried
when the contact has no address, is blacklisted or capped there, or the provider fails (and, with
``fallback_after_seconds``, when the message is not delivered in time). ``"auto"`` ranks the channels by the
contact's engagement; ties go in the default order DEFAULT_ORDER (not the ``templates`` key order: a graph
stored as PostgreSQL jsonb does not keep an object's key order).
``on_capped`` (default ``skip``) says whether a contact no channel may reach moves on or leaves the journey.
"""

from __future__ import annotations

from typing import Any

from ..decisions import Decision
from ..fields import describe, is_non_empty_str, is_positive_int
from .base import ConfigErrors, NodeType

CHANNELS = ("sms", "email", "webhook", "inapp", "wechat")
ON_CAPPED = ("skip", "exit")
DEFAULT_ON_CAPPED = "skip"
AUTO = "auto"
# "auto" ties: WeChat first (free to send, rich, read in the app people live in), then SMS, then email.
DEFAULT_ORDER = ("wechat", "sms", "email", "inapp", "webhook")


def default_order(config: dict[str, Any]) -> list[str]:
    """The channels in the order they are tried before any ranking: the list, else (auto) DEFAULT_ORDER."""
    if "channels" not in config:
        return [config["channel"]] if isinstance(config.get("channel"), str) else []
    channels = config["channels"]
    if channels == AUTO:
        templates = config.get("templates")
        return [c for c in DEFAULT_ORDER if c in templates] if isinstance(templates, dict) else []
    return [c for c in channels if isinstance(c, str)] if isinstance(channels, list) else []


def send_templates(config: Any) -> list[tuple[str, str]]:
    """(channel, template slug) for every channel the node may send on; validation looks each one up."""
    if not isinstance(config, dict):
        return []
    if "channels" not in config:
        channel, slug = config.get("channel"), config.get("template")
        return [(channel, slug)] if is_non_empty_str(slug) else []
    templates = config.get("templates") if isinstance(config.get("templates"), dict) else {}
    return [(channel, templates[channel]) for channel in default_order(config)
            if is_non_empty_str(templates.get(channel))]


class SendNode(NodeType):
    type_name = "send"
    fixed_ports = ("next",)
    config_keys = ("channel", "template", "channels", "templates", "fallback_after_seconds", "on_capped")

    def check_config(self, config: dict[str, Any]) -> ConfigErrors:
        errors = self._fallback_errors(config) if "channels" in config else self._single_errors(config)
        if "on_capped" in config and config["on_capped"] not in ON_CAPPED:
            errors.append(self.bad(f"on_capped must be one of {', '.join(ON_CAPPED)}, "
                                   f"not {describe(config['on_capped'])}"))
        return errors

    def _single_errors(self, config: dict[str, Any]) -> ConfigErrors:
        errors = []
        if "channel" not in config:
            errors.append(self.bad(f"channel is required ({', '.join(CHANNELS)}), or channels to fall back"))
        elif config["channel"] not in CHANNELS:
            errors.append(self.bad(f"channel must be one of {', '.join(CHANNELS)}, not {describe(config['channel'])}"))
        if "template" not in config:
            errors.append(self.bad("template is required"))
        elif not is_non_empty_str(config["template"]):
            errors.append(self.bad(f"template must be a non-empty template slug, not {describe(config['template'])}"))
        for key in ("templates", "fallback_after_seconds"):
            if key in config:
                errors.append(self.bad(f"{key} goes with channels (a list or \"auto\"), not a single channel"))
        return errors

    def _fallback_errors(self, config: dict[str, Any]) -> ConfigErrors:
        errors = [self.bad(f"{key} goes with a single channel; with channels use templates")
                  for key in ("channel", "template") if key in config]
        channels, templates = config["channels"], config.get("templates")
        if channels != AUTO:
            if not isinstance(channels, list) or not channels:
                errors.append(self.bad(f'channels must be a non-empty list of channels or "auto", '
                                       f"not {describe(channels)}"))
                return errors  # nothing to match the templates against
            for channel in channels:
                if channel not in CHANNELS:
                    errors.append(self.bad(f"channels: {describe(channel)} is not one of {', '.join(CHANNELS)}"))
            if len(set(map(str, channels))) != len(channels):
                errors.append(self.bad("channels: each channel may be listed once"))
        if not isinstance(templates, dict) or not templates:
            errors.append(self.bad("templates is required: an object naming one template per channel"))
            return errors
        for channel, slug in templates.items():
            if channel not in CHANNELS:
                errors.append(self.bad(f"templates: {channel!r} is not one of {', '.join(CHANNELS)}"))
            elif channels != AUTO and channel not in channels:
                errors.append(self.bad(f"templates: {channel!r} is not in channels"))
            if not is_non_empty_str(slug):
                errors.append(self.bad(f"templates.{channel} must be a non-empty template slug, not {describe(slug)}"))
        if channels != AUTO:
            errors.extend(self.bad(f"templates: no template for {channel!r}")
                          for channel in channels if channel in CHANNELS and channel not in templates)
        after = config.get("fallback_after_seconds")
        if "fallback_after_seconds" in config and not is_positive_int(after):
            errors.append(self.bad(f"fallback_after_seconds must be a positive integer, not {describe(after)}"))
        return errors

    def decide(self, config, visit, ctx, now) -> Decision:
        on_capped = config.get("on_capped", DEFAULT_ON_CAPPED)
        if "channels" not in config:
            return Decision(send={"channel": config["channel"], "template": config["template"], "on_capped": on_capped},
                            port="next")
        order = default_order(config)
        send = {
            # The first choice before ranking; the runtime tries the others (in order, or ranked for "auto").
            "channel": order[0], "template": config["templates"][order[0]],
            "channels": config["channels"], "templates": {c: config["templates"][c] for c in order},
            "on_capped": on_capped,
        }
        if config.get("fallback_after_seconds"):
            send["fallback_after_seconds"] = config["fallback_after_seconds"]
        return Decision(send=send, port="next")
