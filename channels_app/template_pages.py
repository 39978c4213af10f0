"""`/templates/` pages: the list (channel, where each template is used) and the editor (content per channel,
language variants, the server's preview, a test send, version history with diffs).

The editor saves, previews and sends through the v1 API (static/js/template_editor.js); these views only read.
Roles: everyone reads; marketers edit (`templates`) and send tests (`template_test_sends`).
"""
from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from channels_app.models import Channel, MessageTemplate
from channels_app.template_usage import template_history, template_usage, templates_listed
from channels_app.templating.locales import LOCALE_FIELDS_BY_CHANNEL, locale_codes
from core.permissions import is_allowed, role_page

FIELD_LABELS = {
    "subject": gettext_lazy("Subject"), "body": gettext_lazy("Text"), "html": gettext_lazy("HTML"),
    "url": gettext_lazy("URL"), "title": gettext_lazy("Title"), "link": gettext_lazy("Link"),
    "template_id": gettext_lazy("WeChat template id"), "data": gettext_lazy("Template fields (JSON)"),
    "aliyun_template_code": gettext_lazy("Aliyun template code"),
}
LONG_FIELDS = {"body", "html", "data"}
LANGUAGE_NAMES = {"en": "English", "zh-hans": "简体中文"}


@role_page("templates")
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    channel = request.GET.get("channel", "")
    channel = channel if channel in Channel.values else ""
    query = request.GET.get("q", "")[:100]
    templates = list(templates_listed(channel=channel, query=query)[:500])
    usage = template_usage(t.slug for t in templates)
    return render(request, "channels_app/templates_list.html", {
        "rows": [{"template": t, "usage": usage[t.slug], "languages": sorted(t.locales or {})} for t in templates],
        "channels": Channel.choices, "filters": {"channel": channel, "q": query},
        "filtered": bool(channel or query), "may_edit": is_allowed(request.user, "templates", "POST"),
    })


def _messages() -> dict:
    """What the editor's script says, in the page's language."""
    return {
        "saved": _("Saved."), "created": _("Template created."), "saveFailed": _("Not saved:"),
        "previewFailed": _("The preview failed:"), "missing": _("Missing variables, rendered empty:"),
        "segments": _("SMS: %(segments)s segment(s), %(units)s %(encoding)s units, %(per)s per segment"),
        "testSent": _("Test message %(id)s: %(status)s to %(address)s"), "testFailed": _("Not sent:"),
        "badJson": _("must be a JSON object"), "defaultContent": _("Default content"),
        "noContact": _("Sample contact"), "nothing": _("(empty)"),
    }


def _shown(name: str, value):
    if name == "data":  # an object of field -> text, edited as JSON
        return json.dumps(value, ensure_ascii=False, indent=2) if value else ""
    return value or ""


def _field_rows(channel: str, values: dict) -> list[dict]:
    return [{"name": name, "label": FIELD_LABELS[name], "long": name in LONG_FIELDS,
             "value": _shown(name, values.get(name))} for name in LOCALE_FIELDS_BY_CHANNEL.get(channel, ())]


def _editor(request: HttpRequest, template: MessageTemplate | None) -> HttpResponse:
    may_edit = is_allowed(request.user, "templates", "POST")
    channels = [template.channel] if template is not None else Channel.values
    saved = {name: getattr(template, name) for name in FIELD_LABELS} if template is not None else {}
    variants = (template.locales or {}) if template is not None else {}
    codes = locale_codes()
    panels = [{"channel": channel, "fields": _field_rows(channel, saved),
               "locales": [{"code": code, "name": LANGUAGE_NAMES.get(code, code), "present": code in variants,
                            "fields": _field_rows(channel, variants.get(code) or {})} for code in codes]}
              for channel in channels]
    history = template_history(template.slug) if template is not None else []
    usage = template_usage([template.slug])[template.slug] if template is not None else None
    boot = {"slug": template.slug if template else "", "channel": template.channel if template else "",
            "isNew": template is None, "mayEdit": may_edit,
            "mayTest": is_allowed(request.user, "template_test_sends", "POST"),
            "fields": {channel: list(LOCALE_FIELDS_BY_CHANNEL[channel]) for channel in channels},
            "localeCodes": codes, "messages": _messages()}
    return render(request, "channels_app/templates_editor.html", {
        "template": template, "panels": panels, "history": history, "usage": usage, "boot": boot,
        "may_edit": may_edit, "may_test": boot["mayTest"], "channels": Channel.choices,
    })


@role_page("templates")
@require_GET
@ensure_csrf_cookie
def template_editor(request: HttpRequest, slug: str) -> HttpResponse:
    template = MessageTemplate.objects.filter(slug=slug).first()
    if template is None:
        raise Http404(_("No template %(slug)s.") % {"slug": slug})
    return _editor(request, template)


@role_page("templates")
@require_GET
@ensure_csrf_cookie
def template_new(request: HttpRequest) -> HttpResponse:
    if not is_allowed(request.user, "templates", "POST"):  # reading is every role's; creating is not
        raise PermissionDenied(_("Only marketers create templates."))
    return _editor(request, None)
