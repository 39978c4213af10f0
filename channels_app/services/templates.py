"""Template writes. What a template needs depends on its channel.

Every create, change and delete writes a `TemplateRevision` in the same transaction (who, when, before,
after): the template's history. A change reaches journeys only through versions approved afterwards
(they pin the content they send), so a template a running journey still sends cannot be deleted.
"""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from channels_app.models import Channel, MessageTemplate, TemplateRevision, new_webhook_secret
from channels_app.templating.links import link_problem
from channels_app.templating.locales import locales_problem, without_empty
from channels_app.templating.preview import template_problem
from channels_app.templating.structured import structure_problem
from core import clock
from core.errors import Conflict, InvalidInput
from journeys.interface import journeys_using_template

EDITABLE_FIELDS = ("name", "subject", "body", "html", "url", "title", "link", "template_id", "data",
                   "aliyun_template_code", "locales")

# At least one field of each group must be non-empty for the template to be sendable.
REQUIRED_BY_CHANNEL: dict[str, list[tuple[str, ...]]] = {
    Channel.SMS: [("body", "aliyun_template_code")],
    Channel.EMAIL: [("subject",), ("body", "html")],
    Channel.WEBHOOK: [("url",)],
    Channel.INAPP: [("title", "body")],
    Channel.WECHAT: [("template_id",)],
}


def _check_required(channel: str, values: dict) -> None:
    """Sendable (the fields its channel needs), compilable and within the render limits for the sample contact
    (a syntax error, a raising filter or a runaway loop is caught at save, not send)."""
    values["data"] = values.get("data") or {}  # JSON: an object, never ""
    values["locales"] = values.get("locales") or {}
    if (problem := locales_problem(channel, values["locales"])) is not None:  # language variants (section 10)
        raise InvalidInput(f"{problem[0]}: {problem[1]}", field=problem[0])
    values["locales"] = without_empty(values["locales"])
    if (problem := structure_problem(channel, values)) is not None:
        raise InvalidInput(f"{problem[0]}: {problem[1]}", field=problem[0])
    for group in REQUIRED_BY_CHANNEL[channel]:
        if not any((values.get(name) or "").strip() for name in group):
            names = " or ".join(group)
            raise InvalidInput(f"a {channel} template needs {names}", field=group[0])
    problem = template_problem(channel, values)
    if problem is not None:
        field, message = problem
        raise InvalidInput(f"{field} {message}", field=field)
    if channel == Channel.INAPP and (unsafe := link_problem(values.get("link") or "")):
        raise InvalidInput(unsafe, field="link")


def _recorded(template: MessageTemplate) -> dict:
    return {**template.content(), "name": template.name}


def _revise(slug: str, action: str, user, *, before: dict | None, after: dict | None) -> TemplateRevision:
    """The next revision of `slug`. Callers hold the template row (or its unique slug), so numbers do not race."""
    last = TemplateRevision.objects.filter(slug=slug).aggregate(n=Max("number"))["n"] or 0
    author = user if user is not None and user.is_authenticated else None
    return TemplateRevision.objects.create(slug=slug, number=last + 1, action=action, before=before, content=after,
                                           author=author, created_at=clock.now())


def template_create(*, slug: str, channel: str, user=None, **fields) -> MessageTemplate:
    if channel not in Channel.values:
        raise InvalidInput(f"channel must be one of {', '.join(Channel.values)}", field="channel")
    values = {name: fields.get(name) or "" for name in EDITABLE_FIELDS}
    _check_required(channel, values)
    try:
        with transaction.atomic():
            template = MessageTemplate.objects.create(slug=slug, channel=channel, **values)
            _revise(slug, TemplateRevision.Action.CREATE, user, before=None, after=_recorded(template))
            return template
    except IntegrityError:
        raise Conflict(f"a template with slug {slug!r} already exists", field="slug") from None


def template_update(template: MessageTemplate, *, user=None, **fields) -> MessageTemplate:
    if "channel" in fields and fields["channel"] != template.channel:
        raise InvalidInput("channel cannot change; create a new template", field="channel")
    with transaction.atomic():
        template = MessageTemplate.objects.select_for_update().get(pk=template.pk)
        before = _recorded(template)
        values = {name: getattr(template, name) for name in EDITABLE_FIELDS}
        values.update({name: fields[name] or "" for name in EDITABLE_FIELDS if name in fields})
        _check_required(template.channel, values)
        for name, value in values.items():
            setattr(template, name, value)
        template.save()
        after = _recorded(template)
        if after != before:  # a save that changes nothing is no edit
            _revise(template.slug, TemplateRevision.Action.UPDATE, user, before=before, after=after)
    return template


def template_delete(template: MessageTemplate, *, user=None) -> None:
    """Refused (409, naming them) while a live, paused or finishing journey version still sends it."""
    with transaction.atomic():
        template = MessageTemplate.objects.select_for_update().get(pk=template.pk)
        users = journeys_using_template(template.slug)
        if users:
            named = ", ".join(f"{j['name']} (#{j['id']})" for j in users)
            raise Conflict(f"template {template.slug!r} is sent by running journeys: {named}; "
                           "publish versions without it or archive them first", field="slug")
        _revise(template.slug, TemplateRevision.Action.DELETE, user, before=_recorded(template), after=None)
        template.delete()


def webhook_secret_rotate(template: MessageTemplate) -> MessageTemplate:
    if template.channel != Channel.WEBHOOK:
        raise InvalidInput("only webhook templates have a signing secret", field="channel")
    with transaction.atomic():
        template.webhook_secret = new_webhook_secret()
        template.save(update_fields=["webhook_secret", "updated_at"])
    return template
