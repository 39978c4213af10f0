"""What a provider gets for a message: its content rendered, the unsubscribe link, where status callbacks go."""
from __future__ import annotations

from datetime import datetime

from django.conf import settings

from channels_app.models import Channel, Message, MessageTemplate
from channels_app.providers.base import OutboundMessage
from channels_app.services.unsubscribe import unsubscribe_url
from channels_app.templating.rendering import TemplateRenderError, render_template, template_context


def status_callback_url(message_id: int) -> str:
    # Our id rides along: a callback may arrive before we stored Twilio's sid.
    return f"{settings.PUBLIC_BASE_URL}/webhooks/twilio/status?message_id={message_id}"


def build_outbound(message: Message, previous_attempt_at: datetime | None = None,
                   template: MessageTemplate | None = None) -> OutboundMessage:
    """What the provider gets: the rendered content (rendered now when the runtime left it empty).

    `template` saves the lookup when the caller already loaded it.
    """
    content = message.content
    if template is None and (not content or message.channel == Channel.WEBHOOK):
        template = MessageTemplate.objects.filter(slug=message.template).first()
        if template is None and message.channel == Channel.WEBHOOK:
            # Its signing secret lives on the template: never post unsigned.
            raise TemplateRenderError("template", f"template {message.template!r} does not exist")
    unsubscribe = unsubscribe_url(message) if message.channel == Channel.EMAIL else ""
    if not content:
        if template is None:
            raise TemplateRenderError("template", f"template {message.template!r} does not exist")
        content = render_template(template, message_context(message, unsubscribe))
    return OutboundMessage(
        message_id=message.pk, channel=message.channel, to=message.address, content=content,
        user_id=message.contact.user_id or "", idempotency_key=f"msg-{message.pk}",
        status_callback_url=status_callback_url(message.pk),
        webhook_secret=template.webhook_secret if template is not None else "",
        unsubscribe_url=unsubscribe, attempt=message.attempts or 1, previous_attempt_at=previous_attempt_at,
    )


def message_context(message: Message, unsubscribe: str = "") -> dict:
    contact = message.contact
    event = message.enrollment.context if message.enrollment_id else {}
    journey = {"id": message.journey_id, "name": message.journey.name} if message.journey_id else {}
    extra = {"unsubscribe_url": unsubscribe} if unsubscribe else {}
    return template_context(traits=contact.traits, user_id=contact.user_id or "", event=event, journey=journey,
                            message={"id": message.pk, "channel": message.channel, "template": message.template,
                                     "node": message.node},
                            extra=extra)
