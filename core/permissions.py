"""Who may call what (design section 8): ONE table, from a resource and an HTTP method to the roles allowed.

Views only say which resource they are: `resource = "suppressions"` on a DRF view (checked by
`RolePermission`, the API's default permission class), `@role_page("journeys")` on a page, `resource`
on a websocket consumer (`may_connect`). The table decides. GET, HEAD and OPTIONS are `read`, other
methods `write`, unless the resource names the method itself (suppressions: only admins `DELETE`).

Fails closed: a view that declares no resource, or a resource missing here, is refused to everyone, so a
new endpoint is unreachable until someone decides who may call it. Superusers hold every role; a write
key holds only the `write_key` credential, which nothing but ingest accepts; a user in no role group
holds nothing and is refused everywhere (logging out is Django's own view, outside this table).
"""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, gettext_lazy, pgettext, pgettext_lazy
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.roles import ADMIN, APPROVER, MARKETER, ROLES, user_roles

READ, WRITE = "read", "write"
WRITE_KEY = "write_key"  # the credential of an SDK's write key, held by no user
EVERY_ROLE = frozenset(ROLES)

PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    # Journeys and their workflow; journeys.services.approvals then checks which role each transition needs.
    "journeys": {READ: EVERY_ROLE, WRITE: frozenset({MARKETER, APPROVER})},
    # validate and simulate: POSTs that compute an answer and write nothing.
    "journey_checks": {READ: EVERY_ROLE, WRITE: EVERY_ROLE},
    "approvals": {READ: EVERY_ROLE},
    # Each user's own notices: marking them read changes nothing of the workspace.
    "notifications": {READ: EVERY_ROLE, WRITE: EVERY_ROLE},
    "analytics": {READ: EVERY_ROLE},
    "logs": {READ: EVERY_ROLE},
    "contacts": {READ: EVERY_ROLE},
    "ingest": {WRITE: frozenset({MARKETER, ADMIN, WRITE_KEY})},
    "templates": {READ: EVERY_ROLE, WRITE: frozenset({MARKETER})},
    "template_previews": {READ: EVERY_ROLE, WRITE: EVERY_ROLE},  # renders, writes nothing
    # A webhook template's signing secret lets its holder forge our webhooks: not for viewers.
    "template_secrets": {READ: frozenset({MARKETER, ADMIN}), WRITE: frozenset({MARKETER})},
    "suppressions": {READ: EVERY_ROLE, "POST": frozenset({MARKETER, APPROVER, ADMIN}), "DELETE": frozenset({ADMIN})},
    "frequency_caps": {READ: EVERY_ROLE, WRITE: frozenset({APPROVER, ADMIN})},
    # A contact's in-app token reads and acts on their inbox; the demo page issues one on GET.
    "inapp_tokens": {READ: frozenset({MARKETER, ADMIN}), WRITE: frozenset({MARKETER, ADMIN})},
    # With a user credential (viewers read it masked); the contact's own in-app token is checked by the view
    # (channels_app/api/inapp.py).
    "inapp_inbox": {READ: EVERY_ROLE, WRITE: frozenset({MARKETER, ADMIN})},
    "write_keys": {READ: frozenset({ADMIN}), WRITE: frozenset({ADMIN})},
    # Audiences (design section 9): segments, computed traits, the RFM and lifecycle configuration.
    "segments": {READ: EVERY_ROLE, WRITE: frozenset({MARKETER})},
    "segment_previews": {READ: EVERY_ROLE, WRITE: EVERY_ROLE},  # counts a condition, writes nothing
    "computed_traits": {READ: EVERY_ROLE, WRITE: frozenset({MARKETER})},
    "audience_models": {READ: EVERY_ROLE, WRITE: frozenset({MARKETER})},  # RFM and lifecycle configuration
    # Channels (design section 12): send-rate budgets are workspace settings.
    "channel_limits": {READ: EVERY_ROLE, WRITE: frozenset({ADMIN})},
    # Health (design section 11): rules are workspace settings (approvers too); acknowledging a fired alert
    # is how anyone on duty says "I have it".
    "alert_rules": {READ: EVERY_ROLE, WRITE: frozenset({APPROVER, ADMIN})},
    "alerts": {READ: EVERY_ROLE, WRITE: frozenset({MARKETER, APPROVER, ADMIN})},
    "metrics": {READ: EVERY_ROLE},
    "channel_costs": {READ: EVERY_ROLE, WRITE: frozenset({ADMIN})},
    # The starter journeys of the gallery (read-only files in the repository).
    "journey_templates": {READ: EVERY_ROLE},
    # Broadcasts (design section 10) follow the journeys' workflow: approvers approve, marketers draft;
    # journeys.services.approvals decides which role each transition needs.
    "broadcasts": {READ: EVERY_ROLE, WRITE: frozenset({MARKETER, APPROVER})},
    "calendar": {READ: EVERY_ROLE},
    # A test send of a template to one chosen contact: a real message, so marketers only.
    "template_test_sends": {WRITE: frozenset({MARKETER})},
}


def allowed_roles(resource: str, method: str) -> frozenset[str]:
    rules = PERMISSIONS.get(resource, {})
    method = method.upper()
    if method in rules:
        return rules[method]
    return rules.get(READ if method in SAFE_METHODS else WRITE, frozenset())


def credential_roles(user) -> set[str]:
    """What the caller holds: a write key holds only `write_key`; a user their roles."""
    if getattr(user, "is_write_key", False):
        return {WRITE_KEY}
    return user_roles(user)


def is_allowed(user, resource: str | None, method: str) -> bool:
    return resource is not None and bool(credential_roles(user) & allowed_roles(resource, method))


# The roles as a refusal names them: the codes in English, the operators' words in Chinese.
ROLE_NAMES = {"marketer": pgettext_lazy("role", "marketer"), "approver": pgettext_lazy("role", "approver"),
              "viewer": pgettext_lazy("role", "viewer"), "admin": pgettext_lazy("role", "admin")}


def refusal(user, resource: str | None, method: str) -> str:
    """Why `user` may not: the message of the 403, in the request's language."""
    if resource is None or resource not in PERMISSIONS:
        return gettext("this endpoint declares no resource in core.permissions, so nobody may call it")
    held = credential_roles(user)
    if WRITE_KEY in held:
        return gettext("a write key may only call identify, track and batch; use a user token for the rest of the API")
    if not held:
        return gettext("you have no role in this workspace; ask an admin for one")
    needed = sorted(allowed_roles(resource, method) - {WRITE_KEY})
    if not needed:
        return gettext("nobody may do this")
    roles = pgettext("between roles", " or ").join(str(ROLE_NAMES.get(role, role)) for role in needed)
    return gettext("this needs the %(roles)s role") % {"roles": roles}


class RolePermission(BasePermission):
    """The API's one permission class: the caller's roles against the view's `resource` in the table."""

    message = gettext_lazy("permission denied")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user is None or not user.is_authenticated:
            return False  # DRF answers 401 when no credential was given
        resource = getattr(view, "resource", None)
        if is_allowed(user, resource, request.method):
            return True
        self.message = refusal(user, resource, request.method)
        return False


def role_page(resource: str):
    """The pages' one decorator: login required (else the login page), then the table (else 403)."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_allowed(request.user, resource, request.method):
                raise PermissionDenied(refusal(request.user, resource, request.method))
            return view(request, *args, **kwargs)

        guarded.resource = resource
        return guarded

    return decorate


def may_connect(user, resource: str) -> bool:
    """A websocket consumer's check at connect: reading `resource`. Sync (roles come from the database)."""
    return user is not None and user.is_authenticated and is_allowed(user, resource, "GET")
