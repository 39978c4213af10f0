"""A template's test to a chosen contact (`POST /api/v1/templates/{slug}/test`): a real message, flagged test.

Rendered for the contact, so the editor sees its language variant and its traits, but sent like a journey's test
send (journeys/services/test_runs.py): only to a test address (the `to` given, else the first of
JOURNEYS_TEST_RECIPIENTS that can take the channel; when that list is set, a `to` must be on it), never the
contact's own phone or email; an in-app message goes to the contact's inbox, a webhook to the template's URL.
Past caps and quiet hours, never to a blacklisted address, and out of stats, caps and conversions (`is_test`).
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from channels_app.models import Channel, Message, MessageStatus, MessageTemplate, Suppression
from channels_app.selectors import contact_by_user_id
from channels_app.services.delivery import deliver_messages
from channels_app.services.outbound import message_context
from channels_app.services.template_sends import PHONE
from channels_app.services.unsubscribe import unsubscribe_url
from channels_app.templating.rendering import TemplateRenderError, render_with_report
from core import clock
from core.errors import Conflict, InvalidInput


def _test_recipients() -> list[str]:
    raw = getattr(settings, "JOURNEYS_TEST_RECIPIENTS", "") or ""
    items = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
    return [item.strip() for item in items if item.strip()]


def _fits(channel: str, address: str) -> bool:
    if channel == Channel.SMS:
        return bool(PHONE.match(address))
    if channel == Channel.EMAIL:
        try:
            EmailValidator()(address)
        except ValidationError:
            return False
        return True
    return True


def _test_address(template: MessageTemplate, contact, to: str) -> str:
    """Where the test goes: a test address, never the contact's own (an in-app inbox is the contact's)."""
    if template.channel == Channel.INAPP:
        return contact.user_id
    allowed = _test_recipients()
    if to and allowed and to not in allowed:
        raise InvalidInput(_("to must be one of the test recipients (JOURNEYS_TEST_RECIPIENTS)"), field="to")
    if template.channel == Channel.WEBHOOK:
        return to or template.url
    if to:
        if not _fits(template.channel, to):
            raise InvalidInput(_("not an address a %(channel)s message can go to") % {"channel": template.channel},
                               field="to")
        return to
    found = next((item for item in allowed if template.channel != Channel.WECHAT and _fits(template.channel, item)),
                 "")
    if not found:
        raise InvalidInput(_("no test address for %(channel)s: give to, or set JOURNEYS_TEST_RECIPIENTS")
                           % {"channel": template.channel}, field="to")
    return found


def template_test_to_contact(template: MessageTemplate, *, user_id: str, to: str = "",
                             requested_by: str) -> Message:
    """Render `template` for contact `user_id` and send it once, now, to a test address; the logged message."""
    user_id, to = (user_id or "").strip(), (to or "").strip()
    contact = contact_by_user_id(user_id) if user_id else None
    if contact is None:
        raise InvalidInput(_("no contact with userId %(user_id)r; identify it first") % {"user_id": user_id},
                           field="userId")
    address = _test_address(template, contact, to)
    with transaction.atomic():
        blocked = (Suppression.objects.filter(channel__in=[template.channel, "all"])
                   .filter(Q(address=address) | Q(contact=contact)).first())
        if blocked is not None:
            who = address if blocked.address else _("contact %(user_id)s") % {"user_id": contact.user_id}
            raise Conflict(_("%(who)s is blacklisted on %(channel)s: %(reason)s")
                           % {"who": who, "channel": blocked.channel, "reason": blocked.reason}, field="userId")
        message = Message.objects.create(contact=contact, channel=template.channel, template=template.slug,
                                         address=address, status=MessageStatus.QUEUED, created_at=clock.now(),
                                         is_test=True, reason=f"test send by {requested_by}")
        unsubscribe = unsubscribe_url(message) if message.channel == Channel.EMAIL else ""
        try:
            message.content = render_with_report(template, message_context(message, unsubscribe)).content
        except TemplateRenderError as exc:
            raise InvalidInput(f"the template {exc.describe()}", field=exc.field) from None
        if template.channel == Channel.WEBHOOK and to:
            message.content["url"] = to
        message.save(update_fields=["content"])
    # Outside the transaction: the provider call must not hold one open (and the row must be visible to it).
    deliver_messages([message.pk])
    message.refresh_from_db()
    return message
