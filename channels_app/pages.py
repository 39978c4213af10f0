"""`/settings/channels`: each channel's send-rate budget (admins edit, everyone reads) and each provider's breaker."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from channels_app.models import BreakerState, Channel
from channels_app.services import breakers
from channels_app.services.channel_limits import channel_limits_set, channel_limits_snapshot
from core.errors import ServiceError
from core.permissions import is_allowed, role_page


def _posted_limits(post) -> dict[str, int | None]:
    limits = {}
    for channel in Channel.values:
        raw = post.get(f"per_second_{channel}", "").strip()
        if raw and not raw.isdigit():
            raise ServiceError(gettext("a whole number of sends a second, or empty for no budget"), field=channel)
        limits[channel] = int(raw) if raw else None
    return limits


@role_page("channel_limits")
@require_http_methods(["GET", "POST"])
def channel_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            channel_limits_set(_posted_limits(request.POST), replace=True, actor=request.user)
            messages.success(request, gettext("Send-rate budgets saved; every worker uses them from its next batch."))
        except ServiceError as exc:
            messages.error(request, f"{exc.field + ': ' if exc.field else ''}{exc.message}")
        return redirect("channel-settings")
    limits = channel_limits_snapshot()
    return render(request, "workspace/channels.html", {
        "channels": [{"name": channel, "label": label, "per_second": limits.get(channel, {}).get("per_second")}
                     for channel, label in Channel.choices],
        "breakers": BreakerState.objects.all(),
        "may_edit": is_allowed(request.user, "channel_limits", "POST"),
        "breaker_settings": {name.lower(): breakers.setting(name) for name in breakers.DEFAULTS},
    })
