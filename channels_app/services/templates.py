"""Template writes. What a template needs depends on its channel."""
from __future__ import annotations

from django.db import IntegrityError, transaction

from channels_app.models import Channel, MessageTemplate, new_webhook_secret
from channels_app.templating.rendering import check_syntax
from core.errors import Conflict, InvalidInput

EDITABLE_FIELDS = ("name", "subject", "body", "html", "url", "title", "link")

# At least one field of each group must be non-empty for the template to be sendable.
REQUIRED_BY_CHANNEL: dict[str, list[tuple[str, ...]]] = {
    Channel.SMS: [("body",)],
    Channel.EMAIL: [("subject",), ("body", "html")],
    Channel.WEBHOOK: [("url",)],
    Channel.INAPP: [("title", "body")],
}


def _check_required(channel: str, values: dict) -> None:
    """Sendable (the fields its channel needs) and compilable (a syntax error is caught at save, not send)."""
    for group in REQUIRED_BY_CHANNEL[channel]:
        if not any((values.get(name) or "").strip() for name in group):
            names = " or ".join(group)
            raise InvalidInput(f"a {channel} template needs {names}", field=group[0])
    problem = check_syntax(channel, values)
    if problem is not None:
        field, message = problem
        raise InvalidInput(f"{field} does not compile: {message}", field=field)


def template_create(*, slug: str, channel: str, **fields) -> MessageTemplate:
    if channel not in Channel.values:
        raise InvalidInput(f"channel must be one of {', '.join(Channel.values)}", field="channel")
    values = {name: fields.get(name) or "" for name in EDITABLE_FIELDS}
    _check_required(channel, values)
    try:
        with transaction.atomic():
            return MessageTemplate.objects.create(slug=slug, channel=channel, **values)
    except IntegrityError:
        raise Conflict(f"a template with slug {slug!r} already exists", field="slug") from None


def template_update(template: MessageTemplate, **fields) -> MessageTemplate:
    if "channel" in fields and fields["channel"] != template.channel:
        raise InvalidInput("channel cannot change; create a new template", field="channel")
    values = {name: getattr(template, name) for name in EDITABLE_FIELDS}
    values.update({name: fields[name] or "" for name in EDITABLE_FIELDS if name in fields})
    _check_required(template.channel, values)
    for name, value in values.items():
        setattr(template, name, value)
    template.save()
    return template


def template_delete(template: MessageTemplate) -> None:
    template.delete()


def webhook_secret_rotate(template: MessageTemplate) -> MessageTemplate:
    if template.channel != Channel.WEBHOOK:
        raise InvalidInput("only webhook templates have a signing secret", field="channel")
    with transaction.atomic():
        template.webhook_secret = new_webhook_secret()
        template.save(update_fields=["webhook_secret", "updated_at"])
    return template
