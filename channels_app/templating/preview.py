"""Template preview: render for one contact (or given traits), say what was missing. Writes nothing."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from channels_app.models import Channel, MessageTemplate
from channels_app.selectors import contact_by_user_id
from channels_app.templating.locales import locale_codes
from channels_app.templating.rendering import (FIELDS_BY_CHANNEL, RenderReport, TemplateRenderError,
                                               render_with_report, template_context)
from channels_app.templating.sms import sms_stats
from core.errors import InvalidInput
from journeys.interface import contact_computed


# The contact the editor previews for (static/editor/src/hooks/useTemplatePreview.ts, SAMPLE_PREVIEW); a template
# is also rendered for it when saved, so that one which fails or breaks a limit is refused then, not at send time.
SAMPLE_TRAITS = {"first_name": "Ada", "last_name": "Lovelace", "name": "Ada Lovelace", "email": "ada@example.com",
                 "phone": "+15555550100", "plan": "pro"}
SAMPLE_JOURNEY = {"name": "this journey"}


@dataclass
class Preview:
    template: MessageTemplate
    user_id: str | None
    report: RenderReport
    sms: dict | None = None
    warnings: list[str] = field(default_factory=list)


def template_preview(template: MessageTemplate, *, user_id: str | None = None, traits: dict | None = None,
                     event: dict | None = None, journey: dict | None = None, locale: str | None = None) -> Preview:
    """Render for one contact (or for given traits), and say what was missing. Writes nothing.

    The contact's `locale` trait picks the language variant, as at send time; `locale` (a language code, or ""
    for the default content) shows a given one instead, so the editor can show each variant."""
    if locale and locale.lower() not in locale_codes():
        raise InvalidInput(_("unknown language; one of %(codes)s") % {"codes": ", ".join(locale_codes())},
                           field="locale")
    contact_traits, computed = {}, {}
    if user_id:
        contact = contact_by_user_id(user_id)
        if contact is None:
            raise InvalidInput(f"no contact with userId {user_id!r}", field="userId")
        contact_traits = contact.traits or {}
        computed = contact_computed(contact.pk)
    extra = {}
    if template.channel == Channel.EMAIL:
        extra["unsubscribe_url"] = f"{settings.PUBLIC_BASE_URL}/unsubscribe/preview"
    context = template_context(traits={**contact_traits, **(traits or {})}, user_id=user_id or "",
                               event=event or {}, journey=journey or {},
                               message={"id": None, "channel": template.channel, "template": template.slug},
                               extra=extra, computed=computed)
    try:
        report = render_with_report(template, context, locale=locale.lower() if locale else locale)
    except TemplateRenderError as exc:
        raise InvalidInput(f"the template {exc.describe()}", field=exc.field) from None
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
    if template.channel == Channel.WECHAT and (template.url or "").strip() and not report.content.get("url"):
        preview.warnings.append("the url does not render to an http(s) URL; the message is sent without a link")
    if report.missing:
        preview.warnings.append("missing, rendered empty: " + ", ".join(report.missing))
    return preview


def template_problem(channel: str, values: dict) -> tuple[str, str] | None:
    """(field, what is wrong) when the fields do not compile, or fail or break a limit for the sample contact."""
    locales = values.get("locales") if isinstance(values.get("locales"), dict) else {}
    template = MessageTemplate(slug="sample", channel=channel, data=values.get("data") or {},
                               template_id=values.get("template_id") or "",
                               aliyun_template_code=values.get("aliyun_template_code") or "", locales=locales,
                               **{name: values.get(name) or "" for name in FIELDS_BY_CHANNEL.get(channel, ())})
    extra = {"unsubscribe_url": f"{settings.PUBLIC_BASE_URL}/unsubscribe/preview"} if channel == Channel.EMAIL else {}
    context = template_context(traits=SAMPLE_TRAITS, user_id="sample", journey=SAMPLE_JOURNEY,
                               message={"id": None, "channel": channel, "template": "sample"}, extra=extra)
    for code in ["", *locales]:  # the default content, then each language variant
        try:
            render_with_report(template, context, locale=code)
        except TemplateRenderError as exc:
            return (f"locales.{code}.{exc.field}" if code else exc.field), exc.describe()
    return None
