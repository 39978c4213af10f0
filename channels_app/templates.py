"""Message templates: render per channel with Django template syntax, seeing only what we pass in."""
from __future__ import annotations

from django.template import Context, Engine

from channels_app.models import Channel, MessageTemplate

# A private engine: no loaders, no app template tags, so a template can only read the context.
_engine = Engine(debug=False, libraries={}, builtins=["django.template.defaultfilters"], autoescape=False)
_html_engine = Engine(debug=False, libraries={}, builtins=["django.template.defaultfilters"], autoescape=True)

FIELDS_BY_CHANNEL = {
    Channel.SMS: ("body",),
    Channel.EMAIL: ("subject", "body", "html"),
    Channel.WEBHOOK: ("url", "body"),
    Channel.INAPP: ("title", "body", "link"),
}


def template_context(*, traits: dict, user_id: str, event: dict | None = None, journey: dict | None = None) -> dict:
    return {**traits, "traits": traits, "user_id": user_id, "event": event or {}, "journey": journey or {}}


def render_template(template: MessageTemplate, context: dict) -> dict:
    rendered = {}
    for name in FIELDS_BY_CHANNEL[template.channel]:
        source = getattr(template, name) or ""
        engine = _html_engine if name == "html" else _engine
        rendered["text" if (template.channel == Channel.EMAIL and name == "body") else name] = (
            engine.from_string(source).render(Context(context)) if source else "")
    return rendered
