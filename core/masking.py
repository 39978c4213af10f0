"""Masking contact addresses for read-only users (the `viewer` role, design §5). The one place for it.

Viewers see that a message went to *an* address, not which one: `a***@example.com`,
`+1******0100`. Who is masked: a viewer with no role that writes (core.roles),
and never staff.
"""
from __future__ import annotations

MASKED_KEYS = ("to", "address", "email", "phone", "from")


def must_mask(user) -> bool:
    from core.roles import is_viewer_only

    if user is None or not getattr(user, "is_authenticated", False) or user.is_staff:
        return False
    return is_viewer_only(user)


def mask_address(value: str) -> str:
    """Keep enough to recognise the kind of address, hide what identifies the person."""
    if not value:
        return value
    value = str(value)
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if value.startswith(("http://", "https://")):
        scheme, _, rest = value.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}/***"
    digits = sum(ch.isdigit() for ch in value)
    if digits >= 6:
        return f"{value[:2]}{'*' * max(len(value) - 6, 3)}{value[-4:]}"
    return "***"


def mask_mapping(data: dict) -> dict:
    """A copy of a dict (traits, rendered content) with address-like keys masked, one level deep."""
    if not isinstance(data, dict):
        return data
    return {k: (mask_address(v) if k in MASKED_KEYS and isinstance(v, str) else v) for k, v in data.items()}
