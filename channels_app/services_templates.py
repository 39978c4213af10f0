"""Template preview and test sends."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import Q

from channels_app.delivery import deliver_messages, message_context
from channels_app.models import Channel, Message, MessageStatus, MessageTemplate, Suppression, new_webhook_secret
from channels_app.templates import (RenderReport, TemplateRenderError, render_with_report, sms_stats,
                                    template_context)
from journeys.models import Contact
from core import clock
from core.errors import Conflict, InvalidInput

PHONE = re.compile(r"^\+[1-9]\d{6,14}$")  # E.164, what Twilio takes


@dataclass
class Preview:
    template: MessageTemplate
    user_id: str | None
    report: RenderReport
    sms: dict | None = None
    warnings: list[str] = field(default_factory=list)


def template_preview(template: MessageTemplate, *, user_id: str | None = None, traits: dict | None = None,
                     event: dict | None = None, journey: dict | None = None) -> Preview:
    """Render for one contact (or for given traits), and say what was missing. Writes nothing."""
    contact_traits = {}
    if user_id:
        contact = Contact.objects.filter(user_id=user_id).first()
        if contact is None:
            raise InvalidInput(f"no contact with userId {user_id!r}", field="userId")
        contact_traits = contact.traits or {}
    extra = {}
    if template.channel == Channel.EMAIL:
        extra["unsubscribe_url"] = f"{settings.PUBLIC_BASE_URL}/unsubscribe/preview"
    context = template_context(traits={**contact_traits, **(traits or {})}, user_id=user_id or "",
                               event=event or {}, journey=journey or {},
                               message={"id": None, "channel": template.channel, "template": template.slug},
                               extra=extra)
    try:
        report = render_with_report(template, context)
    except TemplateRenderError as exc:
        raise InvalidInput(f"the template does not compile: {exc.message}", field=exc.field) from None
    preview = Preview(template=template, user_id=user_id, report=report)
    if template.channel == Channel.SMS:
        preview.sms = sms_stats(report.content.get("body", "")).as_dict()
        if preview.sms["segments"] > 1:
            preview.warnings.append(f"the SMS is {preview.sms['segments']} segments ({preview.sms['encoding']}), "
                                    "each billed as one message")
    if template.channel == Channel.WEBHOOK and report.content.get("body", "").strip():
        try:
            json.loads(report.content["body"])
        except ValueError:
            preview.warnings.append("the webhook body does not render to valid JSON; sends will fail")
    if report.missing:
        preview.warnings.append("missing, rendered empty: " + ", ".join(report.missing))
    return preview


def _checked_address(channel: str, to: str) -> str:
    to = (to or "").strip()
    if channel == Channel.SMS and not PHONE.match(to):
        raise InvalidInput("an E.164 phone number such as +14155550100 is needed", field="to")
    if channel == Channel.EMAIL:
        try:
            EmailValidator()(to)
        except ValidationError:
            raise InvalidInput("a valid email address is needed", field="to") from None
    if channel == Channel.WEBHOOK and to:
        try:
            URLValidator(schemes=["http", "https"])(to)
        except ValidationError:
            raise InvalidInput("an http(s) URL is needed", field="to") from None
    return to


def template_test_send(template: MessageTemplate, *, to: str, user_id: str | None, requested_by: str) -> Message:
    """Send the template once to `to`, now, past caps and quiet hours but never to a blacklisted address.

    The message is rendered for `userId` (or for a per-user "test:<name>" contact with no
    traits) and logged like any other, without a journey.
    """
    to = _checked_address(template.channel, to)
    url_override = to if template.channel == Channel.WEBHOOK else ""
    if template.channel == Channel.WEBHOOK:
        to = to or template.url
    with transaction.atomic():
        if user_id:
            contact = Contact.objects.filter(user_id=user_id).first()
            if contact is None:
                raise InvalidInput(f"no contact with userId {user_id!r}", field="userId")
        else:
            contact, _ = Contact.objects.get_or_create(user_id=f"test:{requested_by}")
        if template.channel == Channel.INAPP:
            to = contact.user_id  # an in-app message goes to the contact's own inbox
        if not to:
            raise InvalidInput("where to send it is needed", field="to")
        blocked = (Suppression.objects.filter(channel__in=[template.channel, "all"])
                   .filter(Q(address=to) | Q(contact=contact)).first())
        if blocked is not None:
            who = to if blocked.address else f"contact {contact.user_id}"
            raise Conflict(f"{who} is blacklisted on {blocked.channel}: {blocked.reason}", field="to")
        message = Message.objects.create(contact=contact, channel=template.channel, template=template.slug,
                                         address=to, status=MessageStatus.QUEUED, created_at=clock.now(),
                                         reason=f"test send by {requested_by}")
        message.content = _render_for(message, template)
        if url_override:
            message.content["url"] = url_override
        message.save(update_fields=["content"])
    # Outside the transaction: the provider call must not hold one open (and the row must be visible).
    deliver_messages([message.pk])
    message.refresh_from_db()
    return message


def _render_for(message: Message, template: MessageTemplate) -> dict:
    from channels_app.suppressions import unsubscribe_url

    unsubscribe = unsubscribe_url(message) if message.channel == Channel.EMAIL else ""
    try:
        return render_with_report(template, message_context(message, unsubscribe)).content
    except TemplateRenderError as exc:
        raise InvalidInput(f"the template does not compile: {exc.message}", field=exc.field) from None


def webhook_secret_rotate(template: MessageTemplate) -> MessageTemplate:
    if template.channel != Channel.WEBHOOK:
        raise InvalidInput("only webhook templates have a signing secret", field="channel")
    with transaction.atomic():
        template.webhook_secret = new_webhook_secret()
        template.save(update_fields=["webhook_secret", "updated_at"])
    return template
