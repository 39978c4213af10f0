"""A template's test send: one message, now, to an address the caller gives."""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import Q

from channels_app.models import Channel, Message, MessageStatus, MessageTemplate, Suppression
from channels_app.selectors import contact_by_user_id
from channels_app.services.delivery import deliver_messages
from channels_app.services.outbound import message_context
from channels_app.services.unsubscribe import unsubscribe_url
from channels_app.templating.rendering import TemplateRenderError, render_with_report
from core import clock
from core.errors import Conflict, InvalidInput
from journeys.interface import Contact

PHONE = re.compile(r"^\+[1-9]\d{6,14}$")  # E.164, what Twilio takes


def _checked_address(channel: str, to: str) -> str:
    to = (to or "").strip()
    if not to and channel in (Channel.SMS, Channel.EMAIL):
        raise InvalidInput("where to send it is needed", field="to")
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
            contact = contact_by_user_id(user_id)
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
    unsubscribe = unsubscribe_url(message) if message.channel == Channel.EMAIL else ""
    try:
        return render_with_report(template, message_context(message, unsubscribe)).content
    except TemplateRenderError as exc:
        raise InvalidInput(f"the template {exc.describe()}", field=exc.field) from None
