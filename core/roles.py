"""Who is who (design sections 5 and 8): roles are the Django groups `marketer`, `approver`, `viewer`, `admin`.

- marketer: journeys (create, edit drafts, submit, withdraw), templates, in-app tokens, ingest;
- approver: approve, reject, publish, pause, resume, archive; frequency caps;
- viewer: read only; contact addresses (phone, email) are masked in every list;
- admin: workspace settings: write keys, lifting suppressions, caps, ingest.

What each role may do per resource and method is one table, core/permissions.py. Superusers count as
every role, but four eyes still applies to them (see `journeys.services.approvals`). API tokens resolve
to their user, so a token is checked exactly like a browser session. A user in no role group may do
nothing but log out.
"""
from __future__ import annotations

MARKETER, APPROVER, VIEWER, ADMIN = "marketer", "approver", "viewer", "admin"
ROLES = (MARKETER, APPROVER, VIEWER, ADMIN)
WRITING_ROLES = frozenset({MARKETER, APPROVER, ADMIN})


def user_roles(user) -> set[str]:
    if user is None or not user.is_authenticated or getattr(user, "is_write_key", False):
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
    return VIEWER in roles and not roles & WRITING_ROLES


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
