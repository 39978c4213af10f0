"""`/settings/keys`: the admin's page for write keys: list, create (the key is shown once), revoke."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from core.permissions import role_page
from workspace import selectors
from workspace.services import keys

RECENT_AUDIT = 20


@role_page("write_keys")
@require_http_methods(["GET", "POST"])
def write_keys(request: HttpRequest) -> HttpResponse:
    issued = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                # Rendered at once, not redirected: the key must not wait in a session or a cookie.
                issued = keys.write_key_create(name=request.POST.get("name", ""), user=request.user)
            elif action == "revoke":
                key_id = request.POST.get("key", "")
                if not key_id.isdigit():
                    raise ServiceError(gettext("which key?"), field="key")
                revoked = keys.write_key_revoke(selectors.write_key_get(int(key_id)), user=request.user)
                messages.success(request, gettext("Revoked “%(name)s”: it no longer works.") % {"name": revoked.name})
                return redirect("write-keys")
            else:
                raise ServiceError(gettext("unknown action"), field="action")
        except ServiceError as exc:
            messages.error(request, f"{exc.field + ': ' if exc.field else ''}{exc.message}")
            return redirect("write-keys")
    return render(request, "workspace/keys.html", {
        "keys": selectors.write_key_list(), "issued": issued, "audit": selectors.audit_recent(limit=RECENT_AUDIT),
    })
