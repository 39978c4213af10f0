"""Who may do what (design section 5): roles are the Django groups `marketer`, `approver`, `viewer`.

- marketer: create journeys, edit drafts, submit, withdraw;
- approver: approve, reject (with a comment), publish, pause, resume, archive;
- viewer: read only; contact addresses (phone, email) are masked in every list.

Superusers count as every role, but four eyes still applies to them (see
`journeys.services.approvals`). API tokens resolve to their user, so a token is
checked exactly like a browser session. A user in no role group may read, and
(for backwards compatibility of ingest keys) call the non-journey endpoints.
"""
from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

MARKETER, APPROVER, VIEWER = "marketer", "approver", "viewer"
ROLES = (MARKETER, APPROVER, VIEWER)


def user_roles(user) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(ROLES)
    cached = getattr(user, "_journey_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._journey_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in user_roles(user)


def is_viewer_only(user) -> bool:
    """A read-only user: in `viewer` and in no role that writes."""
    roles = user_roles(user)
    return VIEWER in roles and not roles & {MARKETER, APPROVER}


class ViewersReadOnly(BasePermission):
    """Global API rule: viewers only read. A view may set `viewer_safe = True` for POSTs that write nothing."""

    message = "viewers have read-only access"

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or getattr(view, "viewer_safe", False):
            return True
        return not is_viewer_only(request.user)


def role_required(*roles: str):
    """A DRF permission class: the user holds one of `roles`."""

    class HasRole(BasePermission):
        message = f"this needs the {' or '.join(roles)} role"

        def has_permission(self, request, view) -> bool:
            return bool(user_roles(request.user) & set(roles))

    HasRole.__name__ = f"HasRole_{'_'.join(roles)}"
    return HasRole


def grant(user, *names: str) -> None:
    """Put `user` in the role groups `names` (created when missing, e.g. after a test flush)."""
    from django.contrib.auth.models import Group

    for name in names:
        if name not in ROLES:
            raise ValueError(f"unknown role {name!r}")
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    if hasattr(user, "_journey_roles"):
        del user._journey_roles
