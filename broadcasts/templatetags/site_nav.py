"""`{{ request.path|nav_section }}`: which group of the header's navigation a page belongs to, so the header
can mark it (templates/base.html). One table of path prefixes, longest first wins."""
from django import template

register = template.Library()

SECTIONS = (
    ("/journeys/", "journeys"), ("/approvals/", "journeys"), ("/overview/", "journeys"),
    ("/audiences/", "audiences"), ("/contacts/", "audiences"),
    ("/broadcasts/", "broadcasts"),
    ("/templates/", "templates"),
    ("/calendar/", "calendar"),
    ("/messages/", "logs"), ("/conversions/", "logs"),
    ("/health/", "health"), ("/alerts/", "health"),
    ("/settings/", "settings"),
)


@register.filter
def nav_section(path) -> str:
    path = str(path or "")
    if not path.endswith("/"):
        path += "/"  # /settings/keys and /settings/keys/ are one page
    matches = [(prefix, section) for prefix, section in SECTIONS if path.startswith(prefix)]
    return max(matches, key=lambda m: len(m[0]))[1] if matches else ""
