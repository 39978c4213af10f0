"""What a provider gets for a message: its content rendered, the unsubscribe link, where status callbacks go.

A journey's message renders the template content its version pinned when approved (design section 8), not the
template as it is now; a message without a pinned version (a template's test send, a version approved before
pinning) renders the current template.
"""
from __future__ import annotations

import json
from datetime import datetime

from django.conf import settings

from channels_app.models import TEMPLATE_CONTENT_FIELDS, Channel, Message, MessageTemplate
from channels_app.providers.base import OutboundMessage
from channels_app.services.unsubscribe import unsubscribe_url
from channels_app.templating.rendering import TemplateRenderError, render_template, template_context
from journeys.interface import contact_computed


def status_callback_url(message_id: int) -> str:
    # Our id rides along: a callback may arrive before we stored Twilio's sid.
    return f"{settings.PUBLIC_BASE_URL}/webhooks/twilio/status?message_id={message_id}"


def pin_contents(messages: list[Message]) -> None:
    """Set each message's `pinned_template`: the content its version pinned for its template, as an unsaved
    template to render (one per version and slug), or None. One query for the batch's distinct versions, never
    one per message; `build_outbound` runs it for a message it is given without."""
    version_ids = {m.version_id for m in messages if m.version_id}
    # The journey version is reached through the FK by name: channels_app does not import the journeys models.
    versions = Message._meta.get_field("version").related_model
    pinned = dict(versions.objects.filter(pk__in=version_ids, templates__isnull=False)
                  .values_list("pk", "templates")) if version_ids else {}
    built: dict[tuple[int, str], MessageTemplate | None] = {}
    for message in messages:
        key = (message.version_id, message.template)
        if key not in built:
            content = (pinned.get(message.version_id) or {}).get(message.template)
            built[key] = _as_template(message, content) if content else None
        message.pinned_template = built[key]


def _as_template(message: Message, content: dict) -> MessageTemplate:
    fields = {name: content.get(name) or "" for name in TEMPLATE_CONTENT_FIELDS}
    return MessageTemplate(slug=message.template, channel=content.get("channel") or message.channel, **fields)


def _pinned_template(message: Message) -> MessageTemplate | None:
    if not hasattr(message, "pinned_template"):
        pin_contents([message])
    return message.pinned_template


def build_outbound(message: Message, previous_attempt_at: datetime | None = None,
                   template: MessageTemplate | None = None) -> OutboundMessage:
    """What the provider gets: the rendered content (rendered now when the runtime left it empty), from the
    content its version pinned, else from the current template.

    `template` (the current one) saves the lookup when the caller already loaded it. A webhook's signing
    secret is always the current template's: rotating it is not a content change.
    """
    content = message.content
    pinned = _pinned_template(message) if not content else None
    if template is None and ((not content and pinned is None) or message.channel == Channel.WEBHOOK):
        template = MessageTemplate.objects.filter(slug=message.template).first()
        if template is None and message.channel == Channel.WEBHOOK:
            # Its signing secret lives on the template: never post unsigned.
            raise TemplateRenderError("template", f"template {message.template!r} does not exist")
    unsubscribe = unsubscribe_url(message) if message.channel == Channel.EMAIL else ""
    if not content:
        source = pinned if pinned is not None else template
        if source is None:
            raise TemplateRenderError("template", f"template {message.template!r} does not exist")
        content = render_template(source, message_context(message, unsubscribe, with_computed=_uses_computed(source)))
    return OutboundMessage(
        message_id=message.pk, channel=message.channel, to=message.address, content=content,
        user_id=message.contact.user_id or "", idempotency_key=f"msg-{message.pk}",
        status_callback_url=status_callback_url(message.pk),
        webhook_secret=template.webhook_secret if template is not None else "",
        unsubscribe_url=unsubscribe, attempt=message.attempts or 1, previous_attempt_at=previous_attempt_at,
    )


def _uses_computed(template: MessageTemplate) -> bool:
    """Whether the template can read `computed` at all: a variable is named in its source. Saves the per-message
    lookup of computed values for the templates (most) that never name one; remembered on the instance."""
    known = getattr(template, "_uses_computed", None)
    if known is None:
        known = any("computed" in (value if isinstance(value, str) else json.dumps(value, default=str))
                    for value in (getattr(template, name, "") for name in TEMPLATE_CONTENT_FIELDS) if value)
        template._uses_computed = known
    return known


def message_context(message: Message, unsubscribe: str = "", with_computed: bool = True) -> dict:
    contact = message.contact
    event = message.enrollment.context if message.enrollment_id else {}
    journey = {"id": message.journey_id, "name": message.journey.name} if message.journey_id else {}
    extra = {"unsubscribe_url": unsubscribe} if unsubscribe else {}
    return template_context(traits=contact.traits, user_id=contact.user_id or "", event=event, journey=journey,
                            computed=contact_computed(contact.pk) if with_computed else {},
                            message={"id": message.pk, "channel": message.channel, "template": message.template,
                                     "node": message.node},
                            extra=extra)
