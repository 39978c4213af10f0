"""Template preview: render for one contact (or given traits), say what was missing. Writes nothing."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings

from channels_app.models import Channel, MessageTemplate
from channels_app.selectors import contact_by_user_id
from channels_app.templating.rendering import RenderReport, TemplateRenderError, render_with_report, template_context
from channels_app.templating.sms import sms_stats
from core.errors import InvalidInput


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
        contact = contact_by_user_id(user_id)
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
