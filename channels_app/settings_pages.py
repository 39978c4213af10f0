"""`/settings/suppressions` and `/settings/frequency-caps` (design §10 pages, §8 roles).

Server-rendered like `/settings/keys`: forms post back with an `action`. `role_page` checks the method against
core.permissions; the suppression page also serves removal through POST, so it asks the table about `DELETE`
itself before removing (admins only). The page shows only the controls the caller's roles allow.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from channels_app import selectors, settings_selectors
from channels_app.cap_wording import WINDOW_UNITS, rule_in_words, window_split
from channels_app.models import Channel
from channels_app.services import caps
from channels_app.services import suppressions as suppression_services
from channels_app.services.suppression_imports import suppressions_import_tolerant
from channels_app.services.suppressions import MAX_ADDRESS_LENGTH
from core.csv_io import MAX_CSV_BYTES, csv_response
from core.errors import Conflict, ServiceError
from core.masking import mask_address, mask_text, must_mask
from core.permissions import is_allowed, refusal, role_page

PAGE_SIZE = 50
MAX_CAP_LIMIT = 1_000_000  # FrequencyCapRule.limit; beyond it a cap caps nothing
MAX_ERRORS_SHOWN = 200  # a file with thousands of bad lines is reported by its first ones (and their count)


def channel_labels() -> dict[str, str]:
    return {"all": pgettext("channel", "All channels"), Channel.SMS: pgettext("channel", "SMS"),
            Channel.EMAIL: pgettext("channel", "Email"), Channel.WECHAT: pgettext("channel", "WeChat"),
            Channel.INAPP: pgettext("channel", "In-app"), Channel.WEBHOOK: pgettext("channel", "Webhook")}


def _error(request: HttpRequest, exc: ServiceError) -> None:
    messages.error(request, f"{exc.field}: {exc.message}" if exc.field else exc.message)


def _clean(value: str) -> str:
    return (value or "").replace("\x00", "").strip()  # a NUL reaches no query (PostgreSQL refuses it)


def _whole(value: str) -> int | None:
    """A positive whole number typed in a form (ASCII digits, within 64 bits), else None."""
    value = _clean(value)
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


# --- /settings/suppressions ---------------------------------------------------------------------------


@role_page("suppressions")
@require_http_methods(["GET", "POST"])
def suppression_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _suppression_action(request)
    filters = {name: _clean(request.GET.get(name, "")) for name in ("q", "channel", "reason")}
    rows = settings_selectors.suppression_search(**filters)
    if request.GET.get("format") == "csv":
        return csv_response(_masked_csv(request.user, selectors.suppressions_csv_rows(rows)), "suppressions.csv")
    return _suppressions_page(request, filters, rows)


def _suppressions_page(request, filters: dict, rows, import_report=None) -> HttpResponse:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    masked = must_mask(request.user)
    labels = channel_labels()
    entries = [{
        "id": row.pk, "channel": labels.get(row.channel, row.channel),
        "user_id": row.contact.user_id if row.contact_id else "",
        "address": mask_address(row.address) if masked else row.address,
        "reason": mask_text(row.reason, [row.address]) if masked else row.reason,
        "created_at": row.created_at,
    } for row in page.object_list]
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "channels_app/settings_suppressions.html", {
        "entries": entries, "page": page, "filters": filters, "query": query, "filtered": bool(query),
        "channels": list(labels.items()), "reasons": _reasons(masked),
        "may_add": is_allowed(request.user, "suppressions", "POST"),
        "may_remove": is_allowed(request.user, "suppressions", "DELETE"),
        "masked": masked, "import_report": import_report,
        "errors_shown": import_report.errors[:MAX_ERRORS_SHOWN] if import_report else [],
    })


def _reasons(masked: bool) -> list[str]:
    """The reason filter's choices; a viewer is offered only reasons that quote no address (a bounce may)."""
    reasons = settings_selectors.suppression_reasons()
    return [reason for reason in reasons if mask_text(reason) == reason] if masked else reasons


def _masked_csv(user, rows):
    """Viewers get the file as they see the page: addresses masked, in the reason too."""
    if not must_mask(user):
        yield from rows
        return
    header = next(rows)
    at, why = header.index("address"), header.index("reason")
    yield header
    for row in rows:
        row = list(row)
        row[why] = mask_text(row[why] or "", [row[at] or ""])
        row[at] = mask_address(row[at])
        yield row


def _suppression_action(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    try:
        if action == "add":
            _suppression_add(request)
        elif action == "import":
            report = _suppression_import(request)
            filters = {"q": "", "channel": "", "reason": ""}
            return _suppressions_page(request, filters, settings_selectors.suppression_search(), import_report=report)
        elif action == "remove":
            _suppression_remove(request)
        else:
            raise ServiceError(_("unknown action"), field="action")
    except ServiceError as exc:
        _error(request, exc)
    return redirect("suppression-settings")


def _suppression_add(request: HttpRequest) -> None:
    channel = _clean(request.POST.get("channel", "")) or "all"
    if channel not in channel_labels():
        raise ServiceError(_("choose a channel"), field="channel")
    user_id, address = _clean(request.POST.get("user_id", "")), _clean(request.POST.get("address", ""))
    if bool(user_id) == bool(address):
        raise ServiceError(_("give either a userId or an address, not both"), field="address")
    if len(address) > MAX_ADDRESS_LENGTH:
        raise ServiceError(_("the address is longer than %(limit)s characters") % {"limit": MAX_ADDRESS_LENGTH},
                           field="address")
    if user_id and selectors.contact_by_user_id(user_id) is None:
        raise ServiceError(_("no contact with userId “%(user_id)s”") % {"user_id": user_id}, field="user_id")
    try:
        suppression_services.suppression_create(channel=channel, user_id=user_id, address=address,
                                                reason=_clean(request.POST.get("reason", "")), actor=request.user)
    except Conflict:
        raise ServiceError(_("“%(target)s” is already on the blacklist for %(channel)s.") % {
            "target": user_id or address, "channel": channel_labels()[channel]}) from None
    messages.success(request, _("Added “%(target)s” to the blacklist on %(channel)s.") % {
        "target": user_id or address, "channel": channel_labels()[channel]})


def _suppression_import(request: HttpRequest):
    upload = request.FILES.get("file")
    if upload is None:
        raise ServiceError(_("choose a CSV file to import"), field="file")
    # One byte past the limit is enough to refuse it: a huge upload is never read whole into memory.
    return suppressions_import_tolerant(upload.read(MAX_CSV_BYTES + 1), actor=request.user)


def _suppression_remove(request: HttpRequest) -> None:
    # role_page let a POST through (adding is open to more roles): removing needs DELETE's roles.
    if not is_allowed(request.user, "suppressions", "DELETE"):
        raise PermissionDenied(refusal(request.user, "suppressions", "DELETE"))
    entry_id = _whole(request.POST.get("suppression", ""))
    if entry_id is None:
        raise ServiceError(_("which entry?"), field="suppression")
    entry = selectors.suppression_get(entry_id)
    target = entry.address or (entry.contact.user_id if entry.contact_id else "")
    suppression_services.suppression_delete(entry, actor=request.user)
    messages.success(request, _("Removed “%(target)s” from the blacklist: it may be sent to again.") % {
        "target": target})


# --- /settings/frequency-caps -------------------------------------------------------------------------


@role_page("frequency_caps")
@require_http_methods(["GET", "POST"])
def frequency_cap_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            _cap_action(request)
        except ServiceError as exc:
            _error(request, exc)
        return redirect("frequency-cap-settings")
    labels = channel_labels()
    editing = request.GET.get("edit", "")
    rules = [{
        "id": rule.pk, "channel": labels.get(rule.channel, rule.channel), "channel_value": rule.channel,
        "limit": rule.limit, "window_seconds": rule.window_seconds, "window": window_split(rule.window_seconds),
        "journey_id": rule.journey_id, "journey_name": rule.journey.name if rule.journey_id else None,
        "words": rule_in_words(rule.channel, rule.limit, rule.window_seconds,
                               rule.journey.name if rule.journey_id else None),
        "editing": editing == str(rule.pk),
    } for rule in settings_selectors.cap_rules()]
    may_edit = is_allowed(request.user, "frequency_caps", "POST")
    return render(request, "channels_app/settings_frequency_caps.html", {
        "rules": rules, "may_edit": may_edit, "channels": list(labels.items()),
        "units": _unit_labels(), "journeys": settings_selectors.journey_choices() if may_edit else [],
    })


def _unit_labels() -> list[tuple[str, str]]:
    names = {"days": _("days"), "hours": _("hours"), "minutes": _("minutes"), "seconds": _("seconds")}
    return [(unit, names[unit]) for unit, _size in WINDOW_UNITS]


def _cap_action(request: HttpRequest) -> None:
    action = request.POST.get("action", "")
    if action == "add":
        caps.frequency_cap_create(**_posted_rule(request.POST), actor=request.user)
        messages.success(request, _("Frequency cap added; it holds from the next send."))
    elif action == "edit":
        caps.frequency_cap_update(_rule(request.POST), actor=request.user, **_posted_rule(request.POST))
        messages.success(request, _("Frequency cap saved; it holds from the next send."))
    elif action == "delete":
        caps.frequency_cap_delete(_rule(request.POST), actor=request.user)
        messages.success(request, _("Frequency cap deleted."))
    else:
        raise ServiceError(_("unknown action"), field="action")


def _rule(post):
    rule_id = _whole(post.get("rule", ""))
    if rule_id is None:
        raise ServiceError(_("which rule?"), field="rule")
    return selectors.frequency_cap_get(rule_id)


def _posted_rule(post) -> dict:
    channel = _clean(post.get("channel", "")) or "all"
    if channel not in channel_labels():
        raise ServiceError(_("choose a channel"), field="channel")
    limit, amount = _whole(post.get("limit", "")), _whole(post.get("window", ""))
    if limit is None or not 1 <= limit <= MAX_CAP_LIMIT:
        raise ServiceError(_("a whole number of messages, at least 1"), field="limit")
    sizes = dict(WINDOW_UNITS)
    unit = post.get("unit", "")
    if unit not in sizes:
        raise ServiceError(_("choose days, hours, minutes or seconds"), field="unit")
    if amount is None or amount < 1 or amount * sizes[unit] > caps.MAX_WINDOW_SECONDS:
        raise ServiceError(_("a window from 1 second to 366 days"), field="window")
    journey = _whole(post.get("journey", "")) if _clean(post.get("journey", "")) else None
    if _clean(post.get("journey", "")) and journey is None:
        raise ServiceError(_("choose a journey, or none for every journey"), field="journey")
    return {"channel": channel, "limit": limit, "window_seconds": amount * sizes[unit], "journey": journey}
