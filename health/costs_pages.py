"""`POST /settings/channel-costs`: the costs form of /settings/channels (admins); a GET goes back to that page."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from channels_app.models import Channel
from core.permissions import role_page
from health.api.costs import ChannelCostsSerializer
from health.services.costs import costs_update


@role_page("channel_costs")
@require_http_methods(["GET", "POST"])
def channel_costs_save(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        body: dict = {"currency": request.POST.get("currency", "").strip() or "CNY"}
        errors = {}
        for channel in Channel.values:
            raw = request.POST.get(f"cost_{channel}", "").strip()
            if not raw:
                continue
            try:
                body[channel] = float(raw)
            except ValueError:
                errors[channel] = gettext("must be a number")
        data = ChannelCostsSerializer(data=body)
        if errors or not data.is_valid():
            problems = errors or {field: " ".join(map(str, msgs)) for field, msgs in data.errors.items()}
            messages.error(request, "; ".join(f"{field}: {message}" for field, message in problems.items()))
        else:
            costs_update(actor=request.user, **data.validated_data)
            messages.success(request, gettext("Per-message costs saved."))
    return redirect("channel-settings")
